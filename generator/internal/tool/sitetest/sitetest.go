// Package sitetest gives tests whole sites written as txtar archives, the
// way Hugo's integration tests do: one readable file per site,
//
//	-- content/site.yaml --
//	title: A Report
//	-- content/_index.md --
//	...
//
// in place of maps of escaped strings, and one set of helpers to read the
// pages a build of them makes.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// Load reads the site in the txtar archive at path (testdata/NAME.txtar).
// Each call returns a new site, which a test may change.
func Load(t testing.TB, path string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) == 0 {
		t.Fatalf("%s holds no files", path)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		if _, dup := fsys[f.Name]; dup {
			t.Fatalf("%s holds %s twice", path, f.Name)
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// Read is the file rel of a built site in dir; a missing file fails the
// test.
func Read(t testing.TB, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("missing output %s: %v", rel, err)
	}
	return string(b)
}

// Tree is every file below dir, by its slash-separated path under dir.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Contains reports each of wants that the page named name lacks.
func Contains(t testing.TB, name, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %s", name, w)
		}
	}
}

// Lacks reports each of unwanted that the page named name holds.
func Lacks(t testing.TB, name, page string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(page, u) {
			t.Errorf("%s holds %s", name, u)
		}
	}
}
