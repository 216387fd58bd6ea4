package pipeline_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

// sourcesSite is a small site with a section and a full report, one page
// starting with a byte-order mark and one without front matter (its body
// is the whole file).
func sourcesSite() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fs := longSection(12)
	fs["content/site.yaml"] = file("title: Long\nlanguage: en-GB\nfull_report: all\n")
	fs["templates/full.html"] = file(`{{range .Chapters}}{{.Content}}{{end}}`)
	fs["templates/page.html"] = file(`<nav>{{range .Nav}}{{template "partials/item.html" .}}{{end}}</nav><main>{{.Content}}</main>`)
	fs["content/sec/p003.md"] = file("\ufeff---\ntitle: P3\nweight: 3\n---\n\nSee [the next page](../p004/).\n\n## A heading\n\nMore text.\n")
	fs["content/sec/p004.md"] = file("No front matter here.\n\nSecond *paragraph*.\n")
	return fs
}

// A build that drops the pages' sources after the index phase and reads
// each file again to render it writes the same site as one that holds
// them.
func TestDroppedSourcesBuildTheSameSite(t *testing.T) {
	src := t.TempDir()
	for name, f := range sourcesSite() {
		path := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	held, dropped := filepath.Join(t.TempDir(), "held"), filepath.Join(t.TempDir(), "dropped")
	if _, err := pipeline.Build(pipeline.Options{Src: src, Out: held}); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Build(pipeline.Options{Src: src, Out: dropped, SourceMemory: -1}); err != nil {
		t.Fatal(err)
	}
	a, b := sitetest.Tree(t, held), sitetest.Tree(t, dropped)
	if len(a) < 14 {
		t.Fatalf("the held build wrote %d files", len(a))
	}
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between a build holding its sources and one reading them again", name)
		}
	}
	if len(a) != len(b) {
		t.Errorf("%d files against %d", len(a), len(b))
	}
	if !strings.Contains(a["sec/p003/index.html"], "A heading") || !strings.Contains(a["sec/p004/index.html"], "<em>paragraph</em>") {
		t.Errorf("the pages lack their text:\n%s\n%s", a["sec/p003/index.html"], a["sec/p004/index.html"])
	}
}

// changingFS serves name with its text changed from the second read on,
// as when an editor saves a file while the site is being built.
type changingFS struct {
	fstest.MapFS
	name, from, to string
	mu             sync.Mutex
	reads          int
}

func (c *changingFS) Open(name string) (fs.File, error) {
	if name == c.name {
		c.mu.Lock()
		c.reads++
		later := c.reads > 1
		c.mu.Unlock()
		if later {
			m := fstest.MapFS{name: &fstest.MapFile{Data: []byte(strings.Replace(string(c.MapFS[name].Data), c.from, c.to, 1))}}
			return m.Open(name)
		}
	}
	return c.MapFS.Open(name)
}

// A page whose file changes between the index phase and its rendering
// fails the build, at that file: its links were checked and its figures
// numbered from the text it had. A change of its front matter alone (the body as it was, on the
// same line) is not one.
func TestDroppedSourceChangedDuringBuild(t *testing.T) {
	for _, c := range []struct {
		name, from, to string
		fails          bool
	}{
		{"body", "See [the next", "See now [the next", true},
		{"same length", "See [the next", "Saw [the next", true},
		{"body moved down", "weight: 3\n", "weight: 3\ndescription: D.\n", true},
		{"front matter only", "title: P3\n", "title: P three\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := &changingFS{MapFS: sourcesSite(), name: "content/sec/p003.md", from: c.from, to: c.to}
			out := filepath.Join(t.TempDir(), "public")
			_, err := pipeline.Build(pipeline.Options{FS: fsys, Src: t.TempDir(), Out: out, SourceMemory: -1})
			if !c.fails {
				if err != nil {
					t.Fatalf("a change of the front matter alone failed the build: %v", err)
				}
				return
			}
			var list *diag.List
			if !errors.As(err, &list) {
				t.Fatalf("build error %v, want a list of problems", err)
			}
			var found bool
			for _, e := range list.Items() {
				found = found || strings.HasPrefix(e.Error(), "content/sec/p003.md: ") && strings.Contains(e.Error(), "changed while the site was being built")
			}
			if !found {
				t.Errorf("no problem at content/sec/p003.md saying it changed:\n%v", err)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the failed build published its output (%v)", err)
			}
		})
	}
}
