package search_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/feature/search"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

// manyPages is a site of n pages in sections of 20, each page with a few
// headed sections of words shared by many pages and words of its own.
func manyPages(n int) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/site.yaml":      file("title: Many\nlanguage: en-GB\n"),
		"content/_index.md":      file("---\ntitle: Many\ndescription: D.\n---\nThe home page.\n"),
		"templates/page.html":    file(`{{.Content}}`),
		"templates/home.html":    file(`{{.Content}}`),
		"templates/section.html": file(`{{.Content}}`),
	}
	for i := 1; i <= n; i++ {
		sec := (i-1)/20 + 1
		if (i-1)%20 == 0 {
			fsys[fmt.Sprintf("content/s%02d/_index.md", sec)] = file(fmt.Sprintf("---\ntitle: Section %d\ndescription: D.\n---\n", sec))
		}
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Page %d on theme%d\ndescription: D.\n---\n\nOpening words of page %d, common text.\n", i, i%7, i)
		for h := 0; h < i%4; h++ {
			fmt.Fprintf(&b, "\n## Heading %d of %d\n\nBody word%d shared by some, and unique%d%d here.\n", h, i, i%13, i, h)
		}
		fsys[fmt.Sprintf("content/s%02d/p%03d.md", sec, i)] = file(b.String())
	}
	return fsys
}

// searchFiles are the index files below out.
func searchFiles(t *testing.T, out string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for name, data := range sitetest.Tree(t, out) {
		if name == search.IndexPath || strings.HasPrefix(name, search.ShardDir+"/") {
			files[name] = data
		}
	}
	return files
}

// A build writes the index as its pages come (the text chunks of a
// sharded index as soon as each is full); a build the preview keeps
// makes it from every page at the end. Both write the same files, for
// an index of one file, one sharded from the start, and one found too
// big for one file only at the end.
func TestStreamedIndexIsTheKeptOne(t *testing.T) {
	site := manyPages(230)
	build := func(t *testing.T, maxSingle int, kept bool) map[string]string {
		out := filepath.Join(t.TempDir(), "public")
		opts := pipeline.Options{FS: site, Src: t.TempDir(), Out: out}
		features := func() []pipeline.Feature { return []pipeline.Feature{search.NewSharded(maxSingle)} }
		if kept {
			ss := pipeline.NewSession(opts, features)
			defer ss.Close()
			if _, err := ss.Build(context.Background()); err != nil {
				t.Fatal(err)
			}
		} else {
			opts.Features = features()
			if _, err := pipeline.Build(opts); err != nil {
				t.Fatal(err)
			}
		}
		return searchFiles(t, out)
	}
	whole := build(t, 1<<30, false)[search.IndexPath]
	if !strings.HasPrefix(whole, `{"v":1,`) {
		t.Fatalf("a large limit gave no one-file index: %.80s", whole)
	}
	for _, c := range []struct {
		name      string
		maxSingle int
		files     int // at least
	}{
		{"one file", 1 << 30, 1},
		{"sharded as it comes", 4096, 20},
		{"too big at the end", len(whole) - 1, 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			streamed, kept := build(t, c.maxSingle, false), build(t, c.maxSingle, true)
			if len(streamed) < c.files {
				t.Fatalf("%d index files, want at least %d", len(streamed), c.files)
			}
			for name, data := range kept {
				if streamed[name] != data {
					t.Errorf("%s differs:\nstreamed %.200s\nkept     %.200s", name, streamed[name], data)
				}
			}
			if len(streamed) != len(kept) {
				t.Errorf("%d files streamed, %d kept", len(streamed), len(kept))
			}
		})
	}
}
