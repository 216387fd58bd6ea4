package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadAndRead(t *testing.T) {
	fsys := Load(t, "testdata/two.txtar")
	if len(fsys) != 2 || string(fsys["content/site.yaml"].Data) != "title: T\n" ||
		string(fsys["content/_index.md"].Data) != "---\ntitle: Home\n---\nWelcome.\n" {
		t.Errorf("site = %v", fsys)
	}
	// Each call is a fresh site: a test's change stays its own.
	fsys["content/site.yaml"].Data = []byte("changed")
	if string(Load(t, "testdata/two.txtar")["content/site.yaml"].Data) != "title: T\n" {
		t.Error("a change to one loaded site reached the next")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := Read(t, dir, "index.html")
	Contains(t, "index.html", page, "<p>x</p>")
	Lacks(t, "index.html", page, "<div>")
}
