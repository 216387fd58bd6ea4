package chart

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportgen/generator/internal/input/dataset"
)

// updating reports whether the test runs with -update, the flag the spec
// tests of this binary (package spectest) define, to rewrite goldens.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// testData is a frozen copy of the appendix dataset, so the goldens change
// only when the code does.
func testData(t testing.TB) *dataset.Set {
	t.Helper()
	set, errs := dataset.Load(os.DirFS("../../../input/dataset"), "testdata")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	return set
}

func build(t *testing.T, spec string) *Chart {
	t.Helper()
	s, errs := ParseSpec([]byte(spec))
	if len(errs) > 0 {
		t.Fatalf("spec: %v", errs[0])
	}
	c, errs := Build(s, testData(t))
	if len(errs) > 0 {
		t.Fatalf("build: %v", errs[0])
	}
	return c
}

// golden compares got with testdata/options/name, or rewrites it with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "options", name)
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", path, got)
	}
}

// Each chart type's ECharts option, as the page carries it, with the
// summary and data table beside it.
func TestOptionGoldens(t *testing.T) {
	cases := map[string]string{
		"bar-group":  "id: background\ntype: bar\ncolumn: background\ntitle: Training background\n",
		"bar-posts":  "id: posts\ntype: bar\ncolumn: ce_posts\ntitle: Posts held\n",
		"histogram":  "id: age\ntype: histogram\ncolumn: age_at_first_ce\nbin: 5\nmean: true\ntitle: Age\n",
		"scatter":    "id: age-by-year\ntype: scatter\nx: first_ce_year\ny: age_at_first_ce\ncolour: background\nseveral: More than one\ntitle: Age by year\n",
		"cumulative": "id: first\ntype: cumulative\ncolumn: first_ce_year\ntitle: First appointments\n",
		"sankey":     "id: flow\ntype: sankey\nstages: [background, ce_posts]\ntitle: Flow\n",
		"sankey-3":   "id: flow3\ntype: sankey\nstages: [background, ce_posts, decade(first_ce_year)]\nseveral: More than one\ntitle: Three stages\n",
	}
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			c := build(t, spec)
			var opt any
			if err := json.Unmarshal(c.Option, &opt); err != nil {
				t.Fatalf("the option is not JSON: %v", err)
			}
			pretty, _ := json.MarshalIndent(struct {
				Summary string
				Table   Table
				Option  any
			}{c.Summary, c.Table, opt}, "", "  ")
			golden(t, name+".json", append(pretty, '\n'))
		})
	}
}

// The same spec builds the same bytes: no random chart ids, no map order.
func TestReproducible(t *testing.T) {
	spec := "id: flow\ntype: sankey\nstages: [background, ce_posts]\ntitle: Flow\n"
	a, b := build(t, spec), build(t, spec)
	if !bytes.Equal(a.Option, b.Option) {
		t.Error("two builds of one spec differ")
	}
	if bytes.Contains(a.Option, []byte("go-echarts")) || bytes.Contains(a.Option, []byte("http")) {
		t.Errorf("the option refers to go-echarts' assets: %s", a.Option)
	}
}

// The facts the report states come out of the charts built from its data.
func TestChartFacts(t *testing.T) {
	bg := build(t, "id: b\ntype: bar\ncolumn: background\ntitle: T\n")
	if !strings.Contains(bg.Summary, "five have more than one, so the bars add up to 28") {
		t.Errorf("training background summary: %s", bg.Summary)
	}
	h := build(t, "id: h\ntype: histogram\ncolumn: age_at_first_ce\nbin: 5\nmean: true\nround: 0\ntitle: T\n")
	if !strings.Contains(h.Summary, "21 chief executives") || !strings.Contains(h.Summary, "from 36 to 64, with a mean of 48") ||
		!strings.Contains(h.Summary, "CE 22 is left out") {
		t.Errorf("histogram summary: %s", h.Summary)
	}
	total := 0
	for _, r := range h.Table.Rows {
		n := 0
		for _, c := range r[1] {
			n = n*10 + int(c-'0')
		}
		total += n
	}
	if total != 21 {
		t.Errorf("the histogram's bins hold %d ages, want 21", total)
	}
	p := build(t, "id: p\ntype: bar\ncolumn: ce_posts\ntitle: T\n")
	if p.Table.Rows[0][0] != "1 post" || p.Table.Rows[0][1] != "13" || p.Table.Rows[5][0] != "6 posts" || p.Table.Rows[5][1] != "1" {
		t.Errorf("posts table: %v", p.Table.Rows)
	}
	s := build(t, "id: s\ntype: scatter\nx: first_ce_year\ny: age_at_first_ce\ntitle: T\n")
	if len(s.Table.Rows) != 22 || s.Table.Rows[21][2] != "n/a" {
		t.Errorf("the scatter's table lists every row, CE 22's age as n/a: %v", s.Table.Rows[21])
	}
	if !bytes.Contains(s.Option, []byte(`"name":"CE 3: year of first appointment 1989, age at first appointment 42","value":[1989,42]`)) {
		t.Errorf("the scatter's points are named for the tooltip: %s", s.Option)
	}
}
