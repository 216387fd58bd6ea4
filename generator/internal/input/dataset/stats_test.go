package dataset

import (
	"reflect"
	"strings"
	"testing"
)

func TestFields(t *testing.T) {
	d := mustLoad(t, goodCSV)
	for _, c := range []struct {
		ref, label string
		numeric    bool
		cats       []string
	}{
		// Integers list every value between the smallest and largest, so
		// an empty bar shows as a gap.
		{"posts", "Posts held", true, []string{"1 post", "2 posts", "3 posts", "4 posts", "5 posts", "6 posts"}},
		{"decade(year)", "Year (decade)", false, []string{"1980s", "2000s"}},
		// Single flags in schema order, then combinations.
		{"background", "Medical training", false, []string{"GP", "Acute", "GP + Acute"}},
		{"gp", "GP", false, []string{"Yes", "No"}},
	} {
		f, err := d.Field(c.ref)
		if err != nil {
			t.Fatalf("%s: %v", c.ref, err)
		}
		if got := f.Label(false); got != c.label {
			t.Errorf("%s: label %q, want %q", c.ref, got, c.label)
		}
		if f.Numeric() != c.numeric {
			t.Errorf("%s: numeric %v", c.ref, f.Numeric())
		}
		if got := f.Categories(d.Rows, ""); !reflect.DeepEqual(got, c.cats) {
			t.Errorf("%s: categories %q, want %q", c.ref, got, c.cats)
		}
	}
	bg, _ := d.Field("background")
	if got := bg.Categories(d.Rows, "Several"); !reflect.DeepEqual(got, []string{"GP", "Acute", "Several"}) {
		t.Errorf("with several: %q", got)
	}
	if l, _ := bg.Category(d.Rows[2], ""); l != "GP + Acute" {
		t.Errorf("row 3 background %q", l)
	}
	age, _ := d.Field("age")
	if _, ok := age.Category(d.Rows[2], ""); ok {
		t.Error("a missing age has no category")
	}
	if got := d.KeyLabel(d.Rows[1]); got != "ID 2" {
		t.Errorf("key label %q", got)
	}
	for ref, want := range map[string]string{
		"agee":          `unknown column "agee"`,
		"decade(gp)":    "needs an integer column",
		"decade(train)": `unknown column "train"`,
		"median(age)":   `unknown function "median"`,
	} {
		if _, err := d.Field(ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want …%s…", ref, err, want)
		}
	}
}

func TestStats(t *testing.T) {
	d := mustLoad(t, goodCSV)
	age, _ := d.Field("age")
	xs := age.Numbers(d.Rows)
	if len(xs) != 3 {
		t.Fatalf("%d ages, want 3 (one is missing)", len(xs))
	}
	lo, _ := Min(xs)
	hi, _ := Max(xs)
	mean, _ := Mean(xs)
	if lo != 36 || hi != 64 || FormatNumber(mean, 1) != "49.0" || Sum(xs) != 147 {
		t.Errorf("min %v max %v mean %v sum %v", lo, hi, mean, Sum(xs))
	}
	if Count(d.Rows, age) != 3 || Count(d.Rows, nil) != 4 {
		t.Errorf("counts %d %d", Count(d.Rows, age), Count(d.Rows, nil))
	}
	if _, ok := Mean(nil); ok {
		t.Error("the mean of nothing is not a number")
	}
	for cond, want := range map[string]int{
		"posts=1": 2, "posts == 1": 2, "posts>=3": 2, "posts!=1": 2, "age<40": 1, "age>0": 3,
		"gp": 2, "gp=false": 2, "acute!=true": 1, "decade(year)=1980s": 1,
	} {
		c, err := d.ParseCond(cond)
		if err != nil {
			t.Errorf("%s: %v", cond, err)
			continue
		}
		if got := len(d.Where(c)); got != want {
			t.Errorf("%s matches %d rows, want %d", cond, got, want)
		}
	}
	for cond, want := range map[string]string{
		"posts=one":    "is a number",
		"gp=maybe":     "true or false",
		"gp<true":      "true or false",
		"background":   "group of flags",
		"age ~ 3":      "cannot read",
		"sex=f":        "unknown column",
		"posts=1=2":    "is a number",
		"Posts=1":      "cannot read",
		"age >= fifty": "is a number",
	} {
		if _, err := d.ParseCond(cond); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want …%s…", cond, err, want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		n    float64
		dec  int
		want string
	}{
		{47.76190476, 0, "48"}, {47.76190476, 1, "47.8"}, {2.5, 0, "3"}, {-2.5, 0, "-3"},
		{-0.04, 1, "0.0"}, {1989, -1, "1989"}, {48, 2, "48.00"},
	} {
		if got := FormatNumber(c.n, c.dec); got != c.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", c.n, c.dec, got, c.want)
		}
	}
	for n, want := range map[float64]string{0: "zero", 6: "six", 13: "thirteen", 20: "twenty"} {
		if got, ok := Words(n); !ok || got != want {
			t.Errorf("Words(%v) = %q", n, got)
		}
	}
	for _, n := range []float64{-1, 21, 2.5} {
		if _, ok := Words(n); ok {
			t.Errorf("Words(%v) should fail", n)
		}
	}
	for want, items := range map[string][]string{"": nil, "a": {"a"}, "a and b": {"a", "b"}, "a, b and c": {"a", "b", "c"}} {
		if got := JoinAnd(items); got != want {
			t.Errorf("JoinAnd(%q) = %q", items, got)
		}
	}
}
