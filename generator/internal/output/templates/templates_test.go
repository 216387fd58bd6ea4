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
