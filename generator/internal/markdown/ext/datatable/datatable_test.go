package datatable_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/datatable"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
)

func engine(t testing.TB, base string) *markdown.Engine {
	t.Helper()
	set, errs := dataset.Load(os.DirFS("testdata"), "data")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	return markdown.New(markdown.Options{
		BasePath:   base,
		Extra:      []goldmark.Extender{datatable.Extension{Data: set, BasePath: base}},
		Shortcodes: map[string]shortcode.Handler{datatable.Name: datatable.Handler{Data: set}},
	})
}

func render(t testing.TB, e *markdown.Engine, src, prefix string) (string, *markdown.PageInfo) {
	info := &markdown.PageInfo{Path: "page.md", BodyLine: 1, IDPrefix: prefix}
	d := e.Parse([]byte(src), info)
	n := 0
	figure.Walk(d.AST, func(f figure.Numbered) { n++; f.SetNumber(n) })
	var buf bytes.Buffer
	if err := e.Render(&buf, d); err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			return "error: " + de.Error() + "\n", info
		}
		return "error: " + err.Error() + "\n", info
	}
	return buf.String(), info
}

func TestSpec(t *testing.T) {
	e := engine(t, "/")
	spectest.Run(t, "testdata/datatable.txt", func(t *testing.T, input string) string {
		out, _ := render(t, e, input, "")
		return out
	})
}

// Under a sub-path the downloads still point at the site's own files; on
// the full-report page the ids carry the chapter's prefix; the page asks
// for the table script.
func TestPathsAndIDs(t *testing.T) {
	out, info := render(t, engine(t, "/reports/medical-ce/"), "{{< datatable people id=staff >}}\n", "appendix--")
	for _, want := range []string{
		`id="appendix--tbl-staff"`, `<caption id="appendix--tbl-staff-caption">`,
		`href="/reports/medical-ce/data/people.csv"`, `href="/reports/medical-ce/data/people.json"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	if !info.Uses[datatable.Library] {
		t.Error("the page does not ask for the data table script")
	}
}
