package citations_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

func site(t testing.TB) fstest.MapFS { return sitetest.Load(t, "testdata/site.txtar") }

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

// Every back-link of the references list lands on a citation, on the
// pages and in the full report: the ids of citations are made in one
// place, for a page and for its copy in the full report.
func TestBacklinksLand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{FS: site(t), Src: t.TempDir(), Out: out,
		Features: []pipeline.Feature{citations.New()}}); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{"/one/": sitetest.Read(t, out, "one/index.html"), "/two/": sitetest.Read(t, out, "two/index.html")}
	links := hrefRe.FindAllStringSubmatch(sitetest.Read(t, out, "refs/index.html"), -1)
	if len(links) != 5 {
		t.Fatalf("%d back-links on the references page, want 5 (four of a2001, one of b2002)", len(links))
	}
	for _, m := range links {
		page, id, _ := strings.Cut(m[1], "#")
		if !ids(pages[page])[id] {
			t.Errorf("back-link %s lands nowhere", m[1])
		}
	}
	full := sitetest.Read(t, out, "all/index.html")
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
	sitetest.Contains(t, "full report", full, `id="one--cite-a2001-3"`, `id="two--cite-a2001"`)
}

// An unknown key is reported where it stands, with the keys there are.
func TestUnknownKey(t *testing.T) {
	fsys := site(t)
	fsys["content/02-two.md"].Data = []byte("---\ntitle: Two\n---\n\nOnce more [@c2003].\n")
	_, err := pipeline.Build(pipeline.Options{FS: fsys, Src: t.TempDir(), Out: filepath.Join(t.TempDir(), "public"),
		Features: []pipeline.Feature{citations.New()}})
	if err == nil || !strings.Contains(err.Error(), `content/02-two.md:5:11: unknown citation key "c2003"; use a key from content/references.yaml (a2001, b2002)`) {
		t.Errorf("error = %v", err)
	}
}
