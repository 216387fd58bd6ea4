package templates

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// A template that calls itself with the same data is an error when the
// templates load, at the call, naming the file; one that calls itself for
// the items of a field of its data (a tree of contents) is not.
func TestRecursiveTemplates(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string // "" for no error
	}{
		{"calls itself", map[string]string{
			"page.html":       `<main>{{template "partials/x.html" .}}</main>`,
			"partials/x.html": "<p>\n  {{template \"partials/x.html\" .}}</p>",
		}, `templates/partials/x.html:2:13: template "partials/x.html" calls itself with the same data, and would never end`},
		{"through another", map[string]string{
			"page.html":       `{{template "partials/a.html" .}}`,
			"partials/a.html": `{{if .}}{{template "partials/b.html" .}}{{end}}`,
			"partials/b.html": `{{with .Title}}{{end}}{{template "partials/a.html" .}}`,
		}, `templates/partials/b.html:1:33: template "partials/b.html" calls itself through "partials/a.html" with the same data`},
		{"a define of a layout", map[string]string{
			"page.html": `{{define "loop"}}{{template "loop" .}}{{end}}{{template "loop" .}}`,
		}, `templates/page.html:1:28: template "loop" calls itself with the same data`},
		{"range over the root", map[string]string{
			"page.html":       `{{template "partials/n.html" .}}`,
			"partials/n.html": `{{range $.Nav}}{{template "partials/n.html" .}}{{end}}`,
		}, `templates/partials/n.html:1:26: template "partials/n.html" calls itself`},
		{"range passing the root", map[string]string{
			"page.html":       `{{template "partials/n.html" .}}`,
			"partials/n.html": `{{range .Children}}{{template "partials/n.html" $}}{{end}}`,
		}, `templates/partials/n.html:1:30: template "partials/n.html" calls itself`},
		{"range over a field of a field", map[string]string{
			"page.html":       `{{template "partials/n.html" .}}`,
			"partials/n.html": `{{range .Parent.Children}}{{template "partials/n.html" .}}{{end}}`,
		}, `templates/partials/n.html:1:37: template "partials/n.html" calls itself`},
		{"a tree of contents", map[string]string{
			"page.html":       `<ol>{{range .Nav}}{{template "partials/n.html" .}}{{end}}</ol>`,
			"partials/n.html": `<li>{{.Title}}{{if .Children}}<ol>{{range .Children}}{{with .}}{{template "partials/n.html" .}}{{end}}{{end}}</ol>{{end}}</li>`,
		}, ""},
		{"the same partial twice", map[string]string{
			"page.html":       `{{template "partials/a.html" .}}{{template "partials/a.html" .}}`,
			"partials/a.html": `<p></p>`,
		}, ""},
	} {
		fsys := fstest.MapFS{}
		for name, src := range c.files {
			fsys["templates/"+name] = &fstest.MapFile{Data: []byte(src)}
		}
		_, errs := Load(fsys, "templates", nil)
		if c.want == "" {
			if errs.Len() > 0 {
				t.Errorf("%s: %v", c.name, errs)
			}
			continue
		}
		if errs.Len() != 1 || !strings.HasPrefix(errs.Items()[0].Error(), c.want) {
			t.Errorf("%s: got %v\nwant %s", c.name, errs, c.want)
		}
	}
}

// Calls that multiply without a cycle (each partial calling the next
// twice) are an error at the template where they first pass MaxCalls;
// calls repeated over a range of the data are not counted.
func TestTemplateCallsMultiplying(t *testing.T) {
	fsys := fstest.MapFS{"templates/page.html": {Data: []byte(`{{template "partials/p0.html" .}}`)}}
	const depth = 20 // 2^20 calls
	for i := range depth {
		next := fmt.Sprintf(`{{template "partials/p%d.html" .}}`, i+1)
		fsys[fmt.Sprintf("templates/partials/p%d.html", i)] = &fstest.MapFile{Data: []byte(next + next)}
	}
	fsys[fmt.Sprintf("templates/partials/p%d.html", depth)] = &fstest.MapFile{Data: []byte(`<p></p>`)}
	_, errs := Load(fsys, "templates", nil)
	// p6 leads to 2+4+...+2^(20-6) = 32,766 calls, p7 to 16,382, p8 to 8,190.
	want := `templates/partials/p7.html:1:11: template "partials/p7.html" leads to more than 10000 template calls for every page`
	if errs.Len() != 1 || !strings.HasPrefix(errs.Items()[0].Error(), want) {
		t.Errorf("got %v\nwant %s", errs, want)
	}
	// Twice over, but down a range of the data: allowed.
	fsys = fstest.MapFS{
		"templates/page.html":       {Data: []byte(`{{template "partials/n.html" .}}`)},
		"templates/partials/n.html": {Data: []byte(`{{range .Children}}{{template "partials/n.html" .}}{{template "partials/n.html" .}}{{end}}`)},
	}
	if _, errs := Load(fsys, "templates", nil); errs.Len() != 0 {
		t.Error(errs)
	}
}
