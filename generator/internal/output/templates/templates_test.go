package templates

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadAndExecute(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/page.html":          {Data: []byte(`<h1>{{.Title}}</h1>{{template "partials/foot.html" .}}`)},
		"templates/partials/foot.html": {Data: []byte(`<footer>{{up .Title}}</footer>`)},
	}
	set, errs := Load(fsys, "templates", map[string]any{"up": strings.ToUpper})
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	var buf bytes.Buffer
	if err := set.Execute(&buf, "page.html", map[string]string{"Title": "Methods & more"}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "<h1>Methods &amp; more</h1><footer>METHODS &amp; MORE</footer>" {
		t.Errorf("got %q", got)
	}
}

// Layouts fill the blocks of base.html, each with its own: one layout's
// definitions never leak into another's page.
func TestLayoutsFillTheBase(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/base.html":          {Data: []byte(`<body{{block "attrs" .}}{{end}}>{{block "main" .}}{{end}}{{template "partials/foot.html" .}}</body>`)},
		"templates/full.html":          {Data: []byte(`{{define "attrs"}} class="full"{{end}}{{define "main"}}<h1>all of {{.}}</h1>{{end}}{{template "base.html" .}}`)},
		"templates/page.html":          {Data: []byte(`{{define "main"}}<p>{{.}}</p>{{end}}{{template "base.html" .}}`)},
		"templates/plain.html":         {Data: []byte(`<p>no base</p>`)},
		"templates/partials/foot.html": {Data: []byte(`<footer></footer>`)},
	}
	set, errs := Load(fsys, "templates", nil)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	for name, want := range map[string]string{
		"full.html":  `<body class="full"><h1>all of x</h1><footer></footer></body>`,
		"page.html":  `<body><p>x</p><footer></footer></body>`,
		"plain.html": `<p>no base</p>`,
	} {
		var buf bytes.Buffer
		if err := set.Execute(&buf, name, "x"); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
		if !set.Has(name) {
			t.Errorf("Has(%q) is false", name)
		}
	}
}

func TestEveryParseErrorIsReported(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/a.html": {Data: []byte("line one\n{{if .X}}unclosed")},
		"templates/b.html": {Data: []byte("{{nosuchfunc 1}}")},
		"templates/c.html": {Data: []byte("fine")},
	}
	_, errs := Load(fsys, "templates", nil)
	if errs.Len() != 2 {
		t.Fatalf("want 2 errors, got %d: %v", errs.Len(), errs)
	}
	items := errs.Items()
	if !strings.HasPrefix(items[0].Error(), "templates/a.html:2:") {
		t.Errorf("first error %q", items[0].Error())
	}
	if !strings.HasPrefix(items[1].Error(), "templates/b.html:1:") || !strings.Contains(items[1].Error(), "nosuchfunc") || items[1].Hint == "" {
		t.Errorf("second error %q (hint %q)", items[1].Error(), items[1].Hint)
	}
}

func TestExecErrorPosition(t *testing.T) {
	fsys := fstest.MapFS{"templates/page.html": {Data: []byte("<p>\n  {{.Missing.Field}}</p>")}}
	set, errs := Load(fsys, "templates", nil)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	e := set.Execute(&bytes.Buffer{}, "page.html", struct{ Title string }{"x"})
	if e == nil {
		t.Fatal("no error")
	}
	if e.Path != "templates/page.html" || e.Line != 2 || e.Col == 0 {
		t.Errorf("error at %s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	}
	if !strings.Contains(e.Msg, "Missing") {
		t.Errorf("message %q does not name the field", e.Msg)
	}
}

func TestMissingTemplate(t *testing.T) {
	set, _ := Load(fstest.MapFS{"templates/page.html": {Data: []byte("x")}}, "templates", nil)
	if set.Has("home.html") {
		t.Error("Has reports a template that does not exist")
	}
	if e := set.Execute(&bytes.Buffer{}, "home.html", nil); e == nil || !strings.Contains(e.Error(), "templates/home.html") {
		t.Errorf("got %v", e)
	}
}

// A partial run by a template function (Partial) gives the same output as
// {{template}} would, and its errors are reported where they are, not at
// the call.
func TestPartial(t *testing.T) {
	var set *Set
	funcs := map[string]any{"item": func(v any) (any, error) { return set.Partial("partials/item.html", v) }}
	fsys := fstest.MapFS{
		"templates/page.html":          {Data: []byte(`<ol>{{range .}}{{item .}}{{end}}</ol>|<ol>{{range .}}{{template "partials/item.html" .}}{{end}}</ol>`)},
		"templates/partials/item.html": {Data: []byte("<li><a href=\"{{.URL}}\">{{.Title}}</a></li>")},
	}
	set, errs := Load(fsys, "templates", funcs)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	var buf bytes.Buffer
	items := []map[string]string{{"URL": "/a b/?x=1&y=<2>", "Title": "A & <b>"}, {"URL": "javascript:alert(1)", "Title": "'q'"}}
	if err := set.Execute(&buf, "page.html", items); err != nil {
		t.Fatal(err)
	}
	got, want, _ := strings.Cut(buf.String(), "|")
	if got != want || !strings.Contains(got, "A &amp; &lt;b&gt;") {
		t.Errorf("through Partial:\n%s\nthrough {{template}}:\n%s", got, want)
	}

	fsys["templates/partials/item.html"] = &fstest.MapFile{Data: []byte("<li>\n{{.Missing.Field}}</li>")}
	set, errs = Load(fsys, "templates", funcs)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	e := set.Execute(&bytes.Buffer{}, "page.html", []struct{ Title string }{{"x"}})
	if e == nil {
		t.Fatal("no error")
	}
	if e.Path != "templates/partials/item.html" || e.Line != 2 || e.Col == 0 {
		t.Errorf("error at %s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	}
}
