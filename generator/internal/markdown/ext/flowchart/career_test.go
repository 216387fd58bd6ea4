package flowchart_test

import (
	"bytes"
	"reportgen/generator/internal/markdown/ext/blockerr"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/input/flow"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/figure"
	mdcareer "reportgen/generator/internal/markdown/ext/flowchart"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// onePage resolves every link within the one page under test: the
// figures and the quoted sentences are all on it.
type onePage struct{ numbers map[string]int }

func (o onePage) EvidenceHref(doc *ast.Document, ev *flow.Evidence) string {
	return "#" + markdown.Info(doc).IDPrefix + ev.ID
}

func (o onePage) Backlinks(doc *ast.Document, ev *flow.Evidence) []mdcareer.Backlink {
	var out []mdcareer.Backlink
	for _, s := range ev.Steps {
		if o.numbers[s.Path.ID] == 0 {
			continue // not drawn on this page: nothing to go back to
		}
		out = append(out, mdcareer.Backlink{
			Label: "Figure " + strconv.Itoa(o.numbers[s.Path.ID]),
			More:  ", step " + strconv.Itoa(s.Number) + ": back to the career path",
			Href:  "#" + markdown.Info(doc).IDPrefix + "fig-career-" + s.Path.ID + "--" + s.ID,
		})
	}
	return out
}

func (o onePage) DataRow(doc *ast.Document, path string) (mdcareer.DataRow, bool) {
	return mdcareer.DataRow{Table: "Table 1", TableHref: "#tbl-data", Row: "CE 3", Because: "the only one with 6 posts"}, true
}

func (o onePage) Figure(doc *ast.Document, path string) (string, string, bool) {
	n, ok := o.numbers[path]
	if !ok {
		return "", "", false
	}
	return "Figure " + strconv.Itoa(n), "#" + markdown.Info(doc).IDPrefix + "fig-career-" + path, true
}

// files splits a spec input written as "-- name --" sections: career path
// files under careers/, the page as page.md, and optionally an id prefix
// (the page inside the full report) as prefix.
func files(input string) map[string]string {
	out := map[string]string{}
	name := ""
	for _, line := range strings.SplitAfter(input, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") {
			name = strings.TrimSuffix(strings.TrimPrefix(t, "-- "), " --")
			continue
		}
		out[name] += line
	}
	return out
}

// word renders the shortcode {{< six >}}, standing for a number bound to
// data in a quoted sentence.
var word = shortcode.HandlerFunc(func(w util.BufWriter, n *shortcode.Node) error {
	_, err := w.WriteString("six")
	return err
})

func convert(t *testing.T, input string) string {
	t.Helper()
	fsys := fstest.MapFS{}
	f := files(input)
	for name, body := range f {
		if strings.HasPrefix(name, "careers/") {
			fsys[name] = &fstest.MapFile{Data: []byte(body)}
		}
	}
	set, errs := flow.Load(fsys, "careers")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	res := onePage{numbers: map[string]int{}}
	engine := markdown.New(markdown.Options{
		Shortcodes: map[string]shortcode.Handler{"six": word},
		Extra:      []goldmark.Extender{mdcareer.Extension{Paths: set, Resolver: res}},
	})
	doc := engine.Parse([]byte(f["page.md"]), &markdown.PageInfo{
		Path: "content/page.md", BodyLine: 1, URL: "/page/", IDPrefix: strings.TrimSpace(f["prefix"]),
	})
	number := 0
	figure.Walk(doc.AST, func(n figure.Numbered) {
		number++
		n.SetNumber(number)
		if c, ok := n.(*mdcareer.Figure); ok {
			res.numbers[c.Path.ID] = number
		}
	})
	var buf bytes.Buffer
	if err := engine.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if !markdown.Info(doc.AST).Uses[mdcareer.Library] && strings.Contains(buf.String(), "career") {
		t.Errorf("the page draws a career path but does not say it uses the %q styles", mdcareer.Library)
	}
	return buf.String()
}

func TestSpec(t *testing.T) {
	spectest.Run(t, "testdata/career.txt", convert)
}

// A broken career block is reported at its line, with what would be right.
func TestInvalidBlocks(t *testing.T) {
	set, _ := flow.Load(fstest.MapFS{"c/a.yaml": {Data: []byte(
		"id: a\nexample: 1\ntitle: T\nsummary: S\nsteps:\n  - id: s\n    role: R\n    setting: S\n    evidence: E\n")}}, "c")
	engine := markdown.New(markdown.Options{Extra: []goldmark.Extender{mdcareer.Extension{Paths: set, Resolver: onePage{}}}})
	cases := []struct{ src, want string }{
		{"Text.\n\n```career\nid: b\n```\n", `p.md:4:1: career: unknown career path "b"; known paths: a`},
		{"```career\nid: a\nsize: big\n```\n", `p.md:3:1: career: unknown key "size"`},
		{"```career\nids: [a, x]\n```\n", `p.md:2:1: career: unknown career path "x"`},
		{"```career\nids: a\n```\n", `p.md:2:1: career: ids must be a list of career paths or all`},
		{"```career\n```\n", `p.md:1:1: career: the block names no career path`},
		{"```career\nid: [a\n```\n", `p.md:2:1: career: cannot read the block`},
		{"```career\nid: a\nids: all\n```\n", `p.md:3:1: career: the block has both id and ids`},
	}
	for _, c := range cases {
		doc := engine.Parse([]byte(c.src), &markdown.PageInfo{Path: "p.md", BodyLine: 1})
		var got []string
		_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if inv, ok := n.(*blockerr.Node); ok && entering {
				for _, e := range inv.Diagnostics("p.md", 1, doc.Source) {
					got = append(got, e.Error())
				}
			}
			return ast.WalkContinue, nil
		})
		if len(got) != 1 || !strings.HasPrefix(got[0], c.want) {
			t.Errorf("%q:\n got %q\nwant %s...", c.src, got, c.want)
		}
		figures := 0
		figure.Walk(doc.AST, func(figure.Numbered) { figures++ })
		if figures != 0 {
			t.Errorf("%q: a broken block is numbered as a figure", c.src)
		}
	}
}
