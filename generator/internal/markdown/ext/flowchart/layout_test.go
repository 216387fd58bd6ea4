package flowchart

import (
	"fmt"
	"strings"
	"testing"

	"reportgen/generator/internal/input/flow"
)

// The layout of small graphs, drawn as rows of "step@col+span" with lanes
// as "|".
func TestLayout(t *testing.T) {
	cases := []struct {
		name, steps, want string
	}{
		{"a line", "a\nb\nc", "a@0+1 / b@0+1 / c@0+1"},
		{"a skipped step gets a lane beside it", "a\nb branch=d\nc\nd", "a@0+2 / b@0+2 / c@0+1 |@1 / d@0+2"},
		{"two starts meet", "a next=c\nb\nc", "a@0+1 b@1+1 / c@0+2"},
		{"two separate lines", "a\nb end\nc\nd", "a@0+1 c@1+1 / b@0+1 d@1+1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := parseSketch(t, c.steps)
			lay := mustLay(t, p)
			var rows []string
			for _, r := range lay.Rows {
				var cells []string
				for _, cell := range r.Cells {
					if cell.Step == nil {
						cells = append(cells, fmt.Sprintf("|@%d", cell.Col))
					} else {
						cells = append(cells, fmt.Sprintf("%s@%d+%d", cell.Step.ID, cell.Col, cell.Span))
					}
				}
				rows = append(rows, strings.Join(cells, " "))
			}
			if got := strings.Join(rows, " / "); got != c.want {
				t.Errorf("layout\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

// Steps are numbered in the diagram's reading order: row by row.
func TestLayoutNumbersInReadingOrder(t *testing.T) {
	p := parseSketch(t, "a\nb end\nc\nd")
	lay := mustLay(t, p)
	got := ""
	for _, s := range p.Steps {
		got += fmt.Sprintf("%s%d ", s.ID, s.Number)
	}
	if got != "a1 b3 c2 d4 " {
		t.Errorf("numbers %q", got)
	}
	seg := lay.Gaps[0]
	if len(seg) != 2 || seg[0].From != 0.25 || seg[0].To != 0.25 || seg[1].From != 0.75 {
		t.Errorf("lines between rows: %+v", seg)
	}
}

func TestLayoutLimits(t *testing.T) {
	var b strings.Builder
	for i := range MaxColumns + 1 {
		fmt.Fprintf(&b, "s%d end\n", i)
	}
	p := parseSketch(t, b.String())
	_, errs := LayAll(&flow.Set{Paths: []*flow.Path{p}})
	if !strings.Contains(errs.Error(), "x.yaml:5:1: the path has 5 steps side by side; a diagram can show at most 4") {
		t.Errorf("too wide: %v", errs)
	}
}

// parseSketch builds a path from lines "id [branch=x] [next=y] [end]".
func parseSketch(t *testing.T, sketch string) *flow.Path {
	t.Helper()
	p, errs := flow.Parse("x.yaml", []byte(sketchYAML(sketch)))
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	return p
}

func sketchYAML(sketch string) string {
	var b strings.Builder
	b.WriteString("id: sketch\nexample: 1\ntitle: t\nsummary: s\nsteps:\n")
	for _, line := range strings.Split(strings.TrimSpace(sketch), "\n") {
		f := strings.Fields(line)
		fmt.Fprintf(&b, "  - id: %s\n    role: r\n    setting: s\n    evidence: e %s\n", f[0], f[0])
		for _, opt := range f[1:] {
			if opt == "end" {
				b.WriteString("    end: true\n")
				continue
			}
			k, v, _ := strings.Cut(opt, "=")
			fmt.Fprintf(&b, "    %s: %s\n", k, v)
		}
	}
	return b.String()
}

func mustLay(t *testing.T, p *flow.Path) *Layout {
	t.Helper()
	lay, err := Lay(p)
	if err != nil {
		t.Fatal(err)
	}
	return lay
}
