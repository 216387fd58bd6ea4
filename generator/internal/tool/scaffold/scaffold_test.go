package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/input/frontmatter"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func site() fstest.MapFS {
	return fstest.MapFS{
		"content/_index.md":                  file("---\ntitle: Home\n---\n"),
		"content/site.yaml":                  file("title: x\n"),
		"content/01-foreword.md":             file("---\ntitle: Foreword\n---\n"),
		"content/02-methods.md":              file("---\ntitle: Methods\n---\n"),
		"content/08-findings/_index.md":      file("---\ntitle: The findings\n---\n"),
		"content/08-findings/01-choosing.md": file("---\ntitle: Choosing\n---\n"),
		"content/08-findings/02-leading.md":  file("---\ntitle: Leading\nslug: lead\n---\n"),
		"content/12-appendix.md":             file("---\ntitle: Appendix\n---\n"),
		"content/data/appendix.csv":          file("a,b\n"),
		"content/99-notes.txt":               file("not a page"),
	}
}

func TestPlan(t *testing.T) {
	cases := []struct {
		req  Request
		want string
	}{
		{Request{Title: "Drawing out the lessons"}, "content/13-drawing-out-the-lessons.md"},
		{Request{Title: "  The Organisation’s Future! "}, "content/13-the-organisations-future.md"},
		{Request{Title: "Part two", Folder: true}, "content/13-part-two/_index.md"},
		{Request{Title: "Making a difference", In: "08-findings"}, "content/08-findings/03-making-a-difference.md"},
		{Request{Title: "Making a difference", In: "content/08-findings/"}, "content/08-findings/03-making-a-difference.md"},
	}
	for _, tc := range cases {
		f, err := Plan(site(), tc.req)
		if err != nil {
			t.Errorf("%+v: %v", tc.req, err)
			continue
		}
		if f.Path != tc.want {
			t.Errorf("%+v: path %s, want %s", tc.req, f.Path, tc.want)
		}
		// What is written is front matter the build accepts, with the
		// title as given and an empty description to fill in.
		doc, errs := frontmatter.Parse(f.Path, f.Data)
		if doc == nil || errs.HasErrors(false) {
			t.Fatalf("written front matter does not parse: %v\n%s", errs, f.Data)
		}
		if doc.Meta.Title != strings.TrimSpace(tc.req.Title) || doc.Meta.Description != "" {
			t.Errorf("meta %+v", doc.Meta)
		}
	}
}

func TestPlanFollowsWeightsAndWidth(t *testing.T) {
	s := fstest.MapFS{
		"content/001-a.md": file("---\ntitle: A\n---\n"),
		"content/b.md":     file("---\ntitle: B\nweight: 40\n---\n"),
	}
	f, err := Plan(s, Request{Title: "C"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != "content/041-c.md" {
		t.Errorf("got %s, want content/041-c.md (after weight 40, three digits as the folder uses)", f.Path)
	}
}

func TestPlanRefuses(t *testing.T) {
	for _, tc := range []struct {
		req  Request
		want string
	}{
		{Request{Title: "Methods"}, `content/02-methods.md already has the URL slug "methods"`},
		{Request{Title: "Lead", In: "08-findings"}, `content/08-findings/02-leading.md already has the URL slug "lead"`},
		{Request{Title: "Findings"}, `content/08-findings already has the URL slug "findings"`},
		{Request{Title: "   "}, "give a title"},
		{Request{Title: "!!!"}, "no letters or digits"},
		{Request{Title: "X", In: "07-nowhere"}, "there is no folder content/07-nowhere/"},
		{Request{Title: "X", In: "../../etc"}, "there is no folder content/etc/"},
	} {
		_, err := Plan(site(), tc.req)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.req, err, tc.want)
		}
	}
}

func TestCreateNeverOverwrites(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := Create(root, Request{Title: "First"})
	if err != nil || f.Path != "content/01-first.md" {
		t.Fatalf("%v %v", f, err)
	}
	if _, err := Create(root, Request{Title: "First"}); err == nil {
		t.Error("a second file with the same slug was created")
	}
	// A page without front matter still blocks its slug, and is left
	// alone.
	existing := filepath.Join(root, "content", "02-second.md")
	if err := os.WriteFile(existing, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(root, Request{Title: "Second"}); err == nil {
		t.Error("created over an existing page")
	}
	if b, _ := os.ReadFile(existing); string(b) != "mine" {
		t.Error("an existing file was changed")
	}
}
