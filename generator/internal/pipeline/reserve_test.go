package pipeline_test

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/feature/citeexport"
	"reportgen/generator/internal/feature/search"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/pipeline"
)

// Every file the build makes is reserved before any page is placed: a
// page at one of their URLs is an error of the load phase, at the page's
// slug line (or its file when the name gave the URL), even for a folder
// that only a larger site fills (the search index's shards), and nothing
// is parsed or written.
func TestURLsReservedBeforePagesArePlaced(t *testing.T) {
	site := robustSite(t)
	page := func(front string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\ndescription: D\n" + front + "---\n\nText.\n")}
	}
	site["content/10-a.md"] = page("slug: sitemap.xml\n")
	site["content/11-b.md"] = page("slug: search\n")     // the shards' folder
	site["content/12-c.md"] = page("slug: cite\n")       // cite/report.bib
	site["content/13-d.md"] = page("slug: all\n")        // the full report
	site["content/14-e.md"] = page("slug: robots.txt\n") // the robots file
	site["content/css.md"] = page("")                    // the assets' folder
	site["content/15-f.md"] = page("slug: fine\n")
	features := []pipeline.Feature{citations.New(), citeexport.New(), search.New()}
	out := filepath.Join(t.TempDir(), "public")
	_, err := buildNoPanic(t, pipeline.Options{Features: features, FS: site, Src: t.TempDir(), Out: out})
	var list *diag.List
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want the pages' errors", err)
	}
	want := map[string]string{
		"content/10-a.md:4:7": "sitemap.xml",
		"content/11-b.md:4:7": "search/",
		"content/12-c.md:4:7": "cite/report.bib",
		"content/13-d.md:4:7": "all/",
		"content/14-e.md:4:7": "robots.txt",
		"content/css.md":      "css/s.",
	}
	for _, e := range list.Items() {
		at := e.Path
		if e.Line > 0 {
			at += ":" + itoa(e.Line) + ":" + itoa(e.Col)
		}
		path, ok := want[at]
		if !ok {
			t.Errorf("unexpected: %v", e)
			continue
		}
		delete(want, at)
		if e.Phase != "load" || !strings.Contains(e.Msg, "is taken by a file the build makes ("+path) {
			t.Errorf("got %v (phase %q), want an error of the load phase naming %s", e, e.Phase, path)
		}
	}
	for at, path := range want {
		t.Errorf("no error at %s for %s:\n%v", at, path, list)
	}
}

// A feature that writes a file it did not reserve fails the build: the
// reservations are the writers' own list, never a copy that drifts.
func TestUnreservedFileIsAnError(t *testing.T) {
	for _, reserve := range []bool{false, true} {
		f := &extraFile{reserve: reserve}
		_, err := buildNoPanic(t, pipeline.Options{Features: []pipeline.Feature{citations.New(), f}, FS: robustSite(t), Src: t.TempDir(), Out: filepath.Join(t.TempDir(), "public")})
		if reserve && err != nil {
			t.Errorf("reserved: %v", err)
		}
		if !reserve && (err == nil || !strings.Contains(err.Error(), "extra/file.txt") || !strings.Contains(err.Error(), "did not reserve")) {
			t.Errorf("not reserved: got %v", err)
		}
	}
}

type extraFile struct{ reserve bool }

func (*extraFile) Load(pipeline.Inputs) *diag.List { return &diag.List{} }
func (*extraFile) Markdown(*markdown.Options)      {}
func (f *extraFile) Write(_ pipeline.Parsed, out *pipeline.Output) *diag.List {
	var errs diag.List
	if err := out.WriteFile("extra/file.txt", []byte("x")); err != nil {
		errs.AddErr("write", "extra/file.txt", err)
	}
	return &errs
}

func (f *extraFile) Reserve(pipeline.Inputs) []string {
	if f.reserve {
		return []string{"extra/"}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
