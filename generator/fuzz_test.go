package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/pipeline"
)

// FuzzPage builds a small site with every feature (charts, stats, data
// tables, data notes, career paths, citations, search) around one page of
// arbitrary markdown. Whatever the page says, the build must not panic,
// and when it fails it fails with positioned diagnostics.
func FuzzPage(f *testing.F) {
	site := fuzzSite(f)
	for _, seed := range []string{
		"Plain text with a citation [@ham2008] and @montgomery2001.",
		"Ages from {{< stat min age_at_first_ce expect=36 >}} to {{< stat max age_at_first_ce >}}.",
		"```chart\nid: x\ntype: bar\ncolumn: ce_posts\ntitle: Posts\n```\n\nSee @fig:x.",
		"```chart\nid: s\ntype: sankey\nstages: [background, ce_posts, decade(first_ce_year)]\ntitle: Flow\n```",
		"```career\nid: clinical-academic\n```",
		"```career\nids: all\n```",
		"{{< datatable appendix >}}\n\n> [!DATA]\n> A note on {{< stat count dentistry eq=true words=true >}} rows.",
		"## Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]\n\n[^1]: note",
		"```chart\nid: [\n```",
		"{{< stat mean nope >}} [@nobody] @fig:missing {{< unknown >}}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fsys := fstest.MapFS{}
		for k, v := range site {
			fsys[k] = v
		}
		fsys["content/01-page.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Page\ndescription: A page.\n---\n\n" + body + "\n")}
		done := make(chan error, 1)
		src, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
		go func() {
			_, err := pipeline.Build(pipeline.Options{FS: fsys, Src: src, Out: out, Features: siteFeatures()})
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			// A page this small builds in milliseconds: this is a hang.
			t.Fatalf("the build did not finish in 10 s for the page %q", body)
		}
		if err == nil {
			return
		}
		var list *diag.List
		if !errors.As(err, &list) {
			t.Fatalf("failed without diagnostics: %v", err)
		}
		for _, e := range list.Items() {
			if e.Path == "" || e.Line < 1 {
				t.Errorf("diagnostic without a position: %s", e.Error())
			}
		}
	})
}

// fuzzSite is the report's data, references, one career path, the page its
// quotations come from, and the templates and assets, in memory.
func fuzzSite(f testing.TB) fstest.MapFS {
	f.Helper()
	site := fstest.MapFS{}
	add := func(rel string) {
		b, err := os.ReadFile(filepath.Join("..", rel))
		if err != nil {
			f.Fatal(err)
		}
		site[rel] = &fstest.MapFile{Data: b}
	}
	for _, rel := range []string{
		"content/site.yaml", "content/references.yaml", "content/data/appendix.csv",
		"content/data/appendix.schema.yaml", "content/careers/3-clinical-academic.yaml",
	} {
		add(rel)
	}
	site["content/02-career.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Careers\ndescription: Quotes.\n---\n\n" +
		"Another interviewee pursued a career mainly as a clinical academic. " +
		"This included experience as dean of two medical schools before appointment as chief executive.\n")}
	for _, dir := range []string{"templates", "assets"} {
		err := filepath.WalkDir(filepath.Join("..", dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			add(filepath.ToSlash(strings.TrimPrefix(p, ".."+string(filepath.Separator))))
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	return site
}

// The fuzzed site itself builds, with every feature in use, so the fuzzer
// explores rendering and not only the ways a build can fail.
func TestFuzzSiteBuilds(t *testing.T) {
	fsys := fuzzSite(t)
	fsys["content/01-page.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Page\ndescription: A page.\n---\n\n" +
		"As shown [@ham2008], ages ran from {{< stat min age_at_first_ce expect=36 >}}.\n\n" +
		"```chart\nid: posts\ntype: bar\ncolumn: ce_posts\ntitle: Posts\n```\n\nSee @fig:posts.\n\n" +
		"```career\nid: clinical-academic\n```\n\n{{< datatable appendix >}}\n\n{{< references >}}\n")}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := pipeline.Build(pipeline.Options{FS: fsys, Src: t.TempDir(), Out: out, Features: siteFeatures()}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "page", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`data-chart=`, `data-career="clinical-academic"`, `data-datatable`, `class="stat"`, `id="ref-ham2008"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
