package data_test

import (
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"reportgen/generator/internal/input/dataset"
)

var optionRe = regexp.MustCompile(`<script type="application/json" id="([^"]+)-option">(.*?)</script>`)

// TestCategoryColours reads the option of every chart the real site
// publishes and checks that a category has one colour wherever it is
// drawn, that the option names it, that it reads on the light and the dark
// page, and that the categories of one chart are told apart.
func TestCategoryColours(t *testing.T) {
	out, err := site(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	colourOf := map[string]string{} // category → colour
	firstIn := map[string]string{}  // category → chart where first seen
	charts := 0
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := os.ReadFile(p)
		// Every chart is drawn at build time too, narrow and wide, with no
		// style attribute or element for the page's policy to refuse.
		opts := optionRe.FindAllStringSubmatch(string(b), -1)
		for _, size := range []string{"narrow", "wide"} {
			if n := strings.Count(string(b), `<svg class="chart__static chart__static--`+size+`"`); n != len(opts) {
				t.Errorf("%s: %d charts, %d %s drawings", p, len(opts), n, size)
			}
		}
		if strings.Contains(string(b), " style=") || strings.Contains(string(b), "<style") {
			t.Errorf("%s: a style attribute or element", p)
		}
		for _, m := range opts {
			charts++
			chart := strings.TrimPrefix(p, out) + "#" + m[1]
			var o option
			if err := json.Unmarshal([]byte(strings.ReplaceAll(m[2], `\u003c`, "<")), &o); err != nil {
				t.Fatalf("%s: %v", chart, err)
			}
			inChart := map[string]string{} // colour → category, in this chart
			see := func(cat, colour string) {
				if colour == "" {
					t.Errorf("%s: %q has no colour of its own in the option", chart, cat)
					return
				}
				if c, ok := colourOf[cat]; ok && c != colour {
					t.Errorf("%s: %q is %s, but %s in %s", chart, cat, colour, c, firstIn[cat])
				}
				if _, ok := colourOf[cat]; !ok {
					colourOf[cat], firstIn[cat] = colour, chart
				}
				if other, ok := inChart[colour]; ok && other != cat && colour != dataset.Quantity {
					t.Errorf("%s: %q and %q share %s", chart, cat, other, colour)
				}
				inChart[colour] = cat
			}
			var cats []string
			for _, a := range append(o.XAxis, o.YAxis...) {
				if a.Type == "category" {
					cats = a.Data
				}
			}
			for _, s := range o.Series {
				switch s.Type {
				case "bar":
					for i, d := range s.Data {
						if cats != nil && i < len(cats) {
							see(cats[i], d.colour(s))
						} else {
							see("bar of "+s.Name, d.colour(s))
						}
					}
				case "scatter":
					see(s.Name, s.ItemStyle.Color)
					if strings.Contains(s.Symbol, "pin") || strings.Contains(s.Symbol, "arrow") {
						t.Errorf("%s: %q is drawn with %s, which is anchored at its tip, not its centre", chart, s.Name, s.Symbol)
					}
					i := slices.IndexFunc(o.Legend.Data, func(l legendItem) bool { return l.Name == s.Name })
					if i < 0 || o.Legend.Data[i].Icon != s.Symbol || o.Legend.Data[i].ItemStyle.Color != s.ItemStyle.Color {
						t.Errorf("%s: the legend's mark for %q is not the points' own (%s, %s)", chart, s.Name, s.Symbol, s.ItemStyle.Color)
					}
				case "sankey":
					if s.LayoutIterations == nil || *s.LayoutIterations != 0 {
						t.Errorf("%s: the Sankey's nodes may be moved out of the schema's order (layoutIterations is not 0)", chart)
					}
					for _, d := range s.Data {
						see(d.Name, d.ItemStyle.Color)
					}
				case "line":
					see("line of "+s.Name, s.ItemStyle.Color)
				default:
					t.Errorf("%s: no check for series type %q", chart, s.Type)
				}
			}
		}
		return nil
	})
	if charts == 0 {
		t.Fatal("no chart options found in the built site")
	}
	if colourOf["Acute"] == "" || colourOf["More than one"] == "" || colourOf["1 post"] == "" {
		t.Errorf("expected categories missing from the charts: %v", colourOf)
	}

	// Contrast of every colour against both page backgrounds, as the
	// stylesheet sets them: 3:1 for marks (WCAG 1.4.11).
	css, err := os.ReadFile(filepath.Join(root, "assets/css/site.css"))
	if err != nil {
		t.Fatal(err)
	}
	bgs := regexp.MustCompile(`--bg:\s*(#[0-9a-f]{6})`).FindAllStringSubmatch(string(css), -1)
	if len(bgs) < 2 {
		t.Fatal("site.css sets no light and dark --bg")
	}
	for cat, c := range colourOf {
		for _, bg := range bgs {
			if r := contrast(c, bg[1]); r < 3 {
				t.Errorf("%q (%s) has a contrast of %.2f:1 against %s; it needs 3:1", cat, c, r, bg[1])
			}
		}
	}
}

type option struct {
	XAxis  []axis `json:"xAxis"`
	YAxis  []axis `json:"yAxis"`
	Legend struct {
		Data []legendItem `json:"data"`
	} `json:"legend"`
	Series []series `json:"series"`
}

type series struct {
	Type             string `json:"type"`
	Name             string `json:"name"`
	Symbol           string `json:"symbol"`
	LayoutIterations *int   `json:"layoutIterations"`
	ItemStyle        style  `json:"itemStyle"`
	Data             []item `json:"data"`
}

type axis struct {
	Type string   `json:"type"`
	Data []string `json:"data"`
}

type style struct {
	Color string `json:"color"`
}

type legendItem struct {
	Name      string `json:"name"`
	Icon      string `json:"icon"`
	ItemStyle style  `json:"itemStyle"`
}

type item struct {
	Name      string `json:"name"`
	ItemStyle style  `json:"itemStyle"`
}

func (d item) colour(s series) string {
	if d.ItemStyle.Color != "" {
		return d.ItemStyle.Color
	}
	return s.ItemStyle.Color
}

// contrast is the WCAG contrast ratio of two "#rrggbb" colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}
