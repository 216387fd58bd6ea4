package chart

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzSpec feeds the spec reader and the chart builder arbitrary chart
// blocks: they must never panic, every problem has a line and column inside
// the spec, and a chart that builds carries a JSON option.
func FuzzSpec(f *testing.F) {
	data := testData(f)
	for _, s := range []string{
		"id: age\ntype: histogram\ncolumn: age_at_first_ce\nbin: 5\nmean: true\ntitle: Age\n",
		"id: b\ntype: bar\ncolumn: background\ntitle: B\n",
		"id: s\ntype: scatter\nx: first_ce_year\ny: age_at_first_ce\ncolour: background\nseveral: More\ntitle: S\n",
		"id: c\ntype: cumulative\ncolumn: first_ce_year\ntitle: C\n",
		"id: k\ntype: sankey\nstages: [background, ce_posts, decade(first_ce_year)]\ntitle: K\n",
		"id: h\ntype: histogram\ncolumn: ce_posts\nbin: 0.001\nstart: -5\ntitle: H\n",
		"type: [bar\n",
		"- a\n- b\n",
		"id: x\ntype: bar\ncolumn: decade(gp)\ntitle: X\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// YAML, like CommonMark, ends a line at \n, \r\n or a lone \r.
		lines := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(src, "\r\n", ""), "\r") + 1
		check := func(errs []*SpecError) {
			for _, e := range errs {
				if e.Line < 1 || e.Line > lines+1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("bad position %d:%d (of %d lines): %s", e.Line, e.Col, lines, e.Msg)
				}
			}
		}
		s, errs := ParseSpec([]byte(src))
		check(errs)
		if len(errs) > 0 {
			return
		}
		c, errs := Build(s, data)
		check(errs)
		if len(errs) > 0 {
			return
		}
		if !json.Valid(c.Option) {
			t.Fatalf("invalid option JSON: %s", c.Option)
		}
		if c.Summary == "" {
			t.Fatal("no summary")
		}
	})
}
