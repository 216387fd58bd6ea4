package citations_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/pipeline"
)

func site() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"content/site.yaml":       file("title: R\nlanguage: en-GB\nfull_report: all\n"),
		"content/references.yaml": file("- key: a2001\n  short: A\n  year: 2001\n  text: A (2001) Book\n- key: b2002\n  short: B\n  year: 2002\n  text: B (2002) Paper\n"),
		"content/_index.md":       file("---\ntitle: R\n---\nHome.\n"),
		"content/01-one.md":       file("---\ntitle: One\n---\n\nFirst [@a2001], again @a2001, and [@b2002; @a2001].\n"),
		"content/02-two.md":       file("---\ntitle: Two\n---\n\nOnce more [-@a2001].\n"),
		"content/03-refs.md":      file("---\ntitle: References\n---\n\n{{< references >}}\n"),
		"templates/page.html":     file(`<main>{{.Content}}</main>`),
		"templates/home.html":     file(`{{.Content}}`),
		"templates/full.html":     file(`{{range .Chapters}}<section id="{{.ID}}">{{.Content}}</section>{{end}}`),
	}
}

var (
	hrefRe = regexp.MustCompile(`<a href="([^"]*)" aria-label="Back to the citation`)
	idRe   = regexp.MustCompile(` id="([^"]*)"`)
)

func ids(html string) map[string]bool {
	out := map[string]bool{}
	for _, m := range idRe.FindAllStringSubmatch(html, -1) {
		out[m[1]] = true
	}
	return out
}

func read(t *testing.T, out, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every back-link of the references list lands on a citation, on the
// pages and in the full report: the ids of citations are made in one
// place, for a page and for its copy in the full report.
func TestBacklinksLand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{FS: site(), Src: t.TempDir(), Out: out,
		Features: []pipeline.Feature{citations.New()}}); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{"/one/": read(t, out, "one/index.html"), "/two/": read(t, out, "two/index.html")}
	links := hrefRe.FindAllStringSubmatch(read(t, out, "refs/index.html"), -1)
	if len(links) != 5 {
		t.Fatalf("%d back-links on the references page, want 5 (four of a2001, one of b2002)", len(links))
	}
	for _, m := range links {
		page, id, _ := strings.Cut(m[1], "#")
		if !ids(pages[page])[id] {
			t.Errorf("back-link %s lands nowhere", m[1])
		}
	}
	full := read(t, out, "all/index.html")
	fullIDs := ids(full)
	links = hrefRe.FindAllStringSubmatch(full, -1)
	if len(links) != 5 {
		t.Fatalf("%d back-links in the full report, want 5", len(links))
	}
	for _, m := range links {
		if !strings.HasPrefix(m[1], "#") || !fullIDs[m[1][1:]] {
			t.Errorf("full report back-link %s lands nowhere", m[1])
		}
	}
	for _, want := range []string{`id="one--cite-a2001-3"`, `id="two--cite-a2001"`} {
		if !strings.Contains(full, want) {
			t.Errorf("full report lacks %s", want)
		}
	}
}

// An unknown key is reported where it stands, with the keys there are.
func TestUnknownKey(t *testing.T) {
	fsys := site()
	fsys["content/02-two.md"].Data = []byte("---\ntitle: Two\n---\n\nOnce more [@c2003].\n")
	_, err := pipeline.Build(pipeline.Options{FS: fsys, Src: t.TempDir(), Out: filepath.Join(t.TempDir(), "public"),
		Features: []pipeline.Feature{citations.New()}})
	if err == nil || !strings.Contains(err.Error(), `content/02-two.md:5:11: unknown citation key "c2003"; use a key from content/references.yaml (a2001, b2002)`) {
		t.Errorf("error = %v", err)
	}
}
