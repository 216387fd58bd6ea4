package templates

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// Every template mistake names the template, line and column, in words an
// editor can act on, and says what would be right.
func TestTemplateErrorsSayWhatWouldBeRight(t *testing.T) {
	funcs := map[string]any{"asset": func(name string) (string, error) {
		return "", &missingAsset{name}
	}}
	cases := []struct {
		name, src, want string
	}{
		{"unclosed action", "<p>\n{{.Title</p>", "templates/page.html:2:"},
		{"unclosed block", "{{if .Title}}\n<p>", "templates/page.html:2:"},
		{"extra end", "<p>{{end}}", "templates/page.html:1:"},
		{"unknown function", "{{nofunc 1}}", "templates/page.html:1:"},
		{"escaping contexts differ", "<p>\n{{if .Title}}<a href=\"{{end}}x\">y</a>", "templates/page.html:2:"},
		{"ends inside a tag", "<p>\n<a href=\"x", "templates/page.html:"},
		{"missing partial", "<p>\n{{template \"partials/x.html\" .}}", "templates/page.html:2:"},
		{"missing field", "<p>\n{{.Nope}}", "templates/page.html:2:"},
		{"missing asset", "<p>\n{{asset \"css/x.css\"}}", "templates/page.html:2:"},
		{"if without value", "{{if}}x{{end}}", "templates/page.html:1:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set, errs := Load(fstest.MapFS{"templates/page.html": {Data: []byte(tc.src)}}, "templates", funcs)
			var msg, hint string
			if errs.Len() > 0 {
				e := errs.Items()[0]
				msg, hint = e.Error(), e.Hint
			} else {
				e := set.Execute(&bytes.Buffer{}, "page.html", struct{ Title string }{"x"})
				if e == nil {
					t.Fatal("no error")
				}
				msg, hint = e.Error(), e.Hint
			}
			if !strings.HasPrefix(msg, tc.want) {
				t.Errorf("got %q, want prefix %q", msg, tc.want)
			}
			if hint == "" || strings.Contains(msg, "{state") || strings.Contains(msg, "html/template:") {
				t.Errorf("message not fit for an editor: %q", msg)
			}
		})
	}
}

type missingAsset struct{ name string }

func (m *missingAsset) Error() string { return "asset " + m.name + " not found in assets/" }
