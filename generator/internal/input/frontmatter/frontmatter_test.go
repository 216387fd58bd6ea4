package frontmatter

import (
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	src := "---\ntitle: \"Methods\"\ndescription: How it was done.\nweight: 4\ndraft: false\n---\n\nBody line.\n"
	doc, errs := Parse("content/methods.md", []byte(src))
	if doc == nil || errs.HasErrors(false) {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if doc.Meta.Title != "Methods" || doc.Meta.Description != "How it was done." || doc.Meta.Weight != 4 {
		t.Errorf("meta = %+v", doc.Meta)
	}
	if string(doc.Body) != "\nBody line.\n" {
		t.Errorf("body = %q", doc.Body)
	}
	if doc.BodyLine != 7 {
		t.Errorf("body starts on line %d, want 7", doc.BodyLine)
	}
}

func TestNoFrontMatter(t *testing.T) {
	doc, errs := Parse("a.md", []byte("# Just text\n"))
	if doc == nil || errs.HasErrors(false) {
		t.Fatalf("unexpected errors: %v", errs)
	}
	// Legal, but the page has no description: a warning.
	if items := errs.Items(); len(items) != 1 || !items[0].Warning || !strings.HasPrefix(items[0].Error(), "a.md:1:1: warning: page has no front matter") {
		t.Errorf("diagnostics %v", items)
	}
	if doc.BodyLine != 1 || string(doc.Body) != "# Just text\n" {
		t.Errorf("doc = %+v", doc)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"not closed", "---\ntitle: x\n\nbody\n", "a.md:1:1: front matter opened with --- is never closed"},
		{"invalid yaml", "---\ntitle: [unclosed\n---\n", "a.md:2:8: front matter is not valid YAML"},
		{"tab indent", "---\ntitle: x\n\tweight: 2\n---\n", "a.md:3:1: front matter is indented with a tab"},
		{"unknown key", "---\ntitle: x\ntitel: y\n---\n", `a.md:3:1: unknown front matter key "titel"`},
		{"duplicate key", "---\ntitle: x\ntitle: y\n---\n", `a.md:3:1`},
		{"bad weight", "---\nweight: first\n---\n", `a.md:2:9: weight must be a whole number, not "first"`},
		{"bad draft", "---\ndraft: maybe\n---\n", `a.md:2:8: draft must be true or false`},
		{"not a mapping", "---\n- a\n- b\n---\n", "a.md:2:1: front matter must be a set of key: value pairs"},
		{"slug with slash", "---\nslug: a/b\n---\n", `a.md:2:7: slug "a/b" is not a single URL segment`},
		{"invalid utf-8", "---\ntitle: caf\xe9\n---\n", "a.md:2:11: file is not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, errs := Parse("a.md", []byte(c.src))
			if doc != nil {
				t.Fatalf("accepted bad input: %+v", doc.Meta)
			}
			if errs == nil || errs.Len() == 0 {
				t.Fatal("no error reported")
			}
			got := errs.Items()[0].Error()
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %q\nwant prefix %q", got, c.want)
			}
			if errs.Items()[0].Hint == "" {
				t.Errorf("%q has no hint of what would be right", got)
			}
		})
	}
}

func TestKeyPositions(t *testing.T) {
	doc, errs := Parse("a.md", []byte("---\ntitle: Methods\ndescription: How.\nslug:   methods-2\n---\n"))
	if doc == nil || errs.Len() != 0 {
		t.Fatalf("unexpected diagnostics: %v", errs)
	}
	if p, _ := doc.Meta.Pos.Of("slug"); p != (Position{Line: 4, Col: 9}) {
		t.Errorf("slug value at %+v, want line 4 column 9", p)
	}
	if p, _ := doc.Meta.Pos.Of("title"); p != (Position{Line: 2, Col: 8}) {
		t.Errorf("title value at %+v, want line 2 column 8", p)
	}
	for _, key := range []string{"layout", "titel"} {
		if p, ok := doc.Meta.Pos.Of(key); ok {
			t.Errorf("%s, not given, is at %+v", key, p)
		}
	}
}

// A missing description is legal but a warning, at the line where it
// belongs.
func TestMissingDescriptionWarning(t *testing.T) {
	for src, want := range map[string]string{
		"---\ntitle: Methods\ndescription: \"\"\n---\n": "a.md:3:1: warning: description is empty",
		"---\ntitle: Methods\n---\nBody\n":              "a.md:3:1: warning: description is empty",
		"Just a body\n":                                 "a.md:1:1: warning: page has no front matter",
	} {
		doc, errs := Parse("a.md", []byte(src))
		if doc == nil || errs.HasErrors(false) {
			t.Fatalf("%q: %v", src, errs)
		}
		if items := errs.Items(); len(items) != 1 || !strings.HasPrefix(items[0].Error(), want) || items[0].Hint == "" {
			t.Errorf("%q: got %v, want %q", src, errs, want)
		}
	}
}
