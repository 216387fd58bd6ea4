package pipeline_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/feature/citeexport"
	"reportgen/generator/internal/feature/search"
	"reportgen/generator/internal/pipeline"
)

// How the fuzzed page is made (FuzzSourceTree's kind, modulo their count).
const (
	plainPage  = iota // a markdown file
	linkOut           // a link to a file outside the site
	linkAbs           // the same by absolute path
	linkIn            // a link to another page of the site
	fifo              // a named pipe
	linkLoop          // a link to itself
	linkDirOut        // a folder that is a link out of the site
	sameSlug          // two pages with the same slug
	kinds
)

// FuzzSourceTree builds a small site from disk with one page of a fuzzed
// file name and slug, made in one of several ways (a file, links in and
// out of the tree, a FIFO, a link loop, two pages with one slug), and
// checks what the build promises whatever the names: no panic; nothing
// outside the source folders read (a file beside the site holds a token
// that must never reach the output, and a link to it is an error at the
// link); nothing written outside the output folder; every page published
// at a URL of its own, or the build failing with an error at a page.
// The seeds run with every go test; go test -fuzz=FuzzSourceTree explores.
func FuzzSourceTree(f *testing.F) {
	for _, name := range []string{"plain", "日本語", "études", "a.b.c", "...", "-", "!!!", "sitemap.xml", "css", "search",
		"all", "a\x01b", "tab\tname", "new\nline", "emoji 😀", "RTL שלום", strings.Repeat("long", 70), "01-a", "x/y", "\xff\xfe"} {
		for kind := range kinds {
			f.Add(name, "", uint8(kind))
		}
	}
	for _, slug := range []string{"a", "../../etc", "a/b", "/", "sitemap.xml", "cite", "search", "a\tb", "日本", "..", "%2e%2e", "\\x", "all"} {
		f.Add("page", slug, uint8(plainPage))
		f.Add("page", slug, uint8(sameSlug))
	}
	f.Fuzz(func(t *testing.T, name, slug string, kind uint8) {
		fuzzBuild(t, name, slug, int(kind)%kinds)
	})
}

func fuzzBuild(t *testing.T, name, slug string, kind int) {
	// The file name as the file system can hold it: one path element,
	// no NUL, not hidden (content/ skips names starting with a dot), at
	// most 255 bytes.
	name = strings.NewReplacer("/", "-", "\x00", "0").Replace(name)
	if name == "" || name[0] == '.' || name[0] == '_' {
		name = "x" + name
	}
	file := name + ".md"
	if len(file) > 255 || file == "01-a.md" {
		return
	}
	top := t.TempDir()
	token := "SECRET-" + filepath.Base(top)
	secret := filepath.Join(top, "secret.md")
	src := filepath.Join(top, "site")
	out := filepath.Join(top, "public")
	mustWrite(t, secret, "---\ntitle: Secret\n---\n"+token+"\n")
	mustMkdir(t, filepath.Join(top, "outside"))
	mustWrite(t, filepath.Join(top, "outside", "leak.md"), "---\ntitle: Leak\n---\n"+token+"\n")
	for p, m := range robustSite(t) {
		mustWrite(t, filepath.Join(src, filepath.FromSlash(p)), string(m.Data))
	}
	mustWrite(t, filepath.Join(src, "content", "01-a.md"), "---\ntitle: A\ndescription: D\n---\n\nText.\n")
	at := filepath.Join(src, "content", file)
	front := "---\ntitle: Fuzzed\ndescription: D\n"
	if slug != "" {
		s, _ := json.Marshal(slug) // a JSON string is a YAML one
		front += "slug: " + string(s) + "\n"
	}
	front += "---\n\nFuzzed text.\n"
	// expectErr is true for a page the build must refuse.
	expectErr := false
	var err error
	switch kind {
	case plainPage:
		err = os.WriteFile(at, []byte(front), 0o644)
	case linkOut:
		err, expectErr = os.Symlink("../../secret.md", at), true
	case linkAbs:
		err, expectErr = os.Symlink(secret, at), true
	case linkIn:
		err = os.Symlink("01-a.md", at)
	case fifo:
		err, expectErr = syscall.Mkfifo(at, 0o644), true
	case linkLoop:
		err, expectErr = os.Symlink(file, at), true
	case linkDirOut:
		at = filepath.Join(src, "content", name)
		err, expectErr = os.Symlink("../../outside", at), true
	case sameSlug:
		if slug == "" {
			slug = "same"
			s, _ := json.Marshal(slug)
			front = strings.Replace(front, "description: D\n", "description: D\nslug: "+string(s)+"\n", 1)
		}
		if err = os.WriteFile(at, []byte(front), 0o644); err == nil {
			// A second page, in its own file, with the same slug.
			err = os.WriteFile(filepath.Join(src, "content", "zz-"+file), []byte(front), 0o644)
			if len("zz-"+file) > 255 {
				return
			}
		}
		expectErr = true
	}
	if err != nil {
		return // a name the file system refuses
	}
	topBefore, srcBefore := tree(t, top, out), tree(t, src, "")

	features := []pipeline.Feature{citations.New(), citeexport.New(), search.New()}
	res, berr := buildNoPanic(t, pipeline.Options{Src: src, Out: out, Features: features})

	// Nothing written outside the output folder, nothing changed in the
	// sources.
	if after := tree(t, top, out); !equalTrees(topBefore, after) {
		t.Fatalf("the build changed files outside its output:\nbefore %v\nafter  %v", topBefore, after)
	}
	if after := tree(t, src, ""); !equalTrees(srcBefore, after) {
		t.Fatal("the build changed the sources")
	}
	if berr != nil && strings.Contains(berr.Error(), token) {
		t.Fatalf("an error shows a file from outside the site: %v", berr)
	}
	rel := "content/" + strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(at, src)), "/content/")
	if berr != nil {
		var usage bool = errors.Is(berr, pipeline.ErrUsage)
		if usage || !strings.Contains(berr.Error(), "content/") {
			t.Fatalf("the build failed with no error at a page: %v", berr)
		}
		if expectErr && kind != sameSlug && !strings.Contains(berr.Error(), rel) {
			t.Fatalf("no error at %q: %v", rel, berr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatal("a failed build published an output")
		}
		return
	}
	if expectErr {
		t.Fatalf("kind %d built without an error: %d pages", kind, res.Pages)
	}
	// Published: every page at a URL of its own, nothing from outside.
	pages := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(token)) {
			t.Errorf("%s holds text from outside the site", p)
		}
		if d.Name() == "index.html" && !strings.HasPrefix(filepath.ToSlash(p), filepath.ToSlash(out)+"/all/") {
			pages++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 6 // the home page, four pages of the site and the fuzzed one
	if res.Pages != want || pages != want {
		t.Fatalf("%d pages built and %d published, want %d each (file %q, slug %q)", res.Pages, pages, want, file, slug)
	}
}

// entry is what tree records of a file: its kind and, for a regular
// file, a hash of its content.
type entry struct {
	mode fs.FileMode
	sum  [32]byte
}

// tree records every path below dir, skipping the folder skip.
func tree(t *testing.T, dir, skip string) map[string]entry {
	t.Helper()
	m := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == skip {
			return fs.SkipDir
		}
		e := entry{mode: d.Type()}
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.sum = sha256.Sum256(data)
		}
		m[p] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equalTrees(a, b map[string]entry) bool {
	if len(a) != len(b) {
		return false
	}
	for p, e := range a {
		if b[p] != e {
			return false
		}
	}
	return true
}

func mustWrite(t *testing.T, p, data string) {
	t.Helper()
	mustMkdir(t, filepath.Dir(p))
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustMkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}
