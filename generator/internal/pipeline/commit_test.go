package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// An update of the published folder writes and removes only inside it: a
// link planted there that leads out is refused, and what lies beyond it
// is left as it was.
func TestCommitStaysInsideTheOutput(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "keep.html"), []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "away")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}

	out := &Output{mem: map[string][]byte{"page.html": []byte("new")}, gone: map[string]bool{}}
	if n, err := commit(dir, out); err != nil || n != 1 {
		t.Fatalf("a plain update: %d files, %v", n, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "page.html")); string(b) != "new" {
		t.Errorf("page.html holds %q after the update", b)
	}

	out = &Output{mem: map[string][]byte{"away/keep.html": []byte("ours")}, gone: map[string]bool{}}
	if _, err := commit(dir, out); err == nil {
		t.Error("a write through a link out of the output was not refused")
	}
	out = &Output{mem: map[string][]byte{}, gone: map[string]bool{"away/keep.html": true}}
	if _, err := commit(dir, out); err == nil {
		t.Error("a removal through a link out of the output was not refused")
	}
	if b, err := os.ReadFile(filepath.Join(outside, "keep.html")); err != nil || string(b) != "theirs" {
		t.Errorf("the file outside the output was changed: %q, %v", b, err)
	}
	left, _ := os.ReadDir(outside)
	if len(left) != 1 {
		t.Errorf("files outside the output after the updates: %v", left)
	}
}
