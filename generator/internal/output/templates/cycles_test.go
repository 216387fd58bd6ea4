package templates

import (
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
