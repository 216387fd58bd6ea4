package chart_test

import (
	"bytes"
	"os"
	"reportgen/generator/internal/markdown/ext/blockerr"
	"strings"
	"testing"

	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/chart"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
)

func engine(t testing.TB) *markdown.Engine {
	t.Helper()
	set, errs := dataset.Load(os.DirFS("../../../input/dataset"), "testdata")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	return markdown.New(markdown.Options{Extra: []goldmark.Extender{chart.Extension{Data: set}}})
}

// render parses src as the body of page.md (starting on line 5, after its
// front matter), numbers the figures as the build does, and renders it. A
// chart block that cannot be drawn gives its positioned diagnostics.
func render(t testing.TB, e *markdown.Engine, src string, prefix string) string {
	info := &markdown.PageInfo{Path: "page.md", BodyLine: 5, IDPrefix: prefix}
	d := e.Parse([]byte(src), info)
	var problems []string
	blockerr.Walk(d.AST, func(bad *blockerr.Node) {
		for _, e := range bad.Diagnostics(info.Path, info.BodyLine, d.Source) {
			problems = append(problems, "error: "+e.Error())
		}
	})
	if len(problems) > 0 {
		return strings.Join(problems, "\n") + "\n"
	}
	n := 0
	figure.Walk(d.AST, func(f figure.Numbered) { n++; f.SetNumber(n) })
	var buf bytes.Buffer
	if err := e.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	if !info.Uses[chart.Library] && strings.Contains(src, "```chart") {
		t.Errorf("a page with a chart does not ask for %s", chart.Library)
	}
	return buf.String()
}

func TestSpec(t *testing.T) {
	e := engine(t)
	spectest.Run(t, "testdata/chart.txt", func(t *testing.T, input string) string {
		return render(t, e, input, "")
	})
}

// On the full-report page every id carries the chapter's prefix.
func TestIDPrefix(t *testing.T) {
	out := render(t, engine(t), "```chart\nid: posts\ntype: bar\ncolumn: ce_posts\ntitle: Posts\n```\n", "methods--")
	for _, want := range []string{`<figure id="methods--fig-posts"`, `data-chart="methods--fig-posts-option"`, `<script type="application/json" id="methods--fig-posts-option">`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, `"fig-posts`) {
		t.Errorf("an unprefixed id is left:\n%s", out)
	}
}

// The figure is numbered and reports where its fence is, for the build's
// duplicate-id message.
func TestNumbered(t *testing.T) {
	e := engine(t)
	src := "Some text.\n\n```chart\nid: posts\ntype: bar\ncolumn: ce_posts\ntitle: Posts\n```\n"
	d := e.Parse([]byte(src), &markdown.PageInfo{Path: "p.md", BodyLine: 1})
	var got []figure.Numbered
	figure.Walk(d.AST, func(n figure.Numbered) { got = append(got, n) })
	if len(got) != 1 || got[0].FigureID() != "posts" || got[0].FigureKind() != "fig" {
		t.Fatalf("numbered nodes: %v", got)
	}
	if off := got[0].SourceOffset(); !strings.HasPrefix(src[off:], "```chart") {
		t.Errorf("offset %d points at %q", off, src[off:])
	}
}
