package diskcache

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPutGet(t *testing.T) {
	dir := t.TempDir()
	c := New(dir)
	if _, ok := c.Get("abc123"); ok {
		t.Fatal("an empty cache found an entry")
	}
	if err := c.Put("abc123", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	got, ok := New(dir).Get("abc123")
	if !ok || string(got) != "kept" {
		t.Fatalf("got %q, %v; want the bytes put", got, ok)
	}
	// An empty value is a value.
	if err := c.Put("abc124", nil); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get("abc124"); !ok || len(got) != 0 {
		t.Errorf("an empty entry: %q, %v", got, ok)
	}
	// Nothing is left beside the entries.
	files, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*"))
	if len(files) > 0 {
		t.Errorf("temporary files left: %v", files)
	}
}

// A damaged entry is a miss, never bytes that were not put.
func TestDamagedEntry(t *testing.T) {
	dir := t.TempDir()
	c := New(dir)
	if err := c.Put("abc123", []byte("body{color:red}")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "ab", "abc123")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for name, damaged := range map[string][]byte{
		"cut short":  b[:len(b)-3],
		"one byte":   append(append([]byte{}, b[:len(b)-1]...), 'x'),
		"no sum":     []byte("body{color:red}"),
		"empty file": {},
	} {
		if err := os.WriteFile(file, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get("abc123"); ok {
			t.Errorf("%s: got %q, want a miss", name, got)
		}
	}
}

// Without a folder the cache keeps nothing and says so by missing.
func TestNoFolder(t *testing.T) {
	for _, c := range []*Cache{nil, New("")} {
		if err := c.Put("abc123", []byte("x")); err != nil {
			t.Errorf("put without a folder: %v", err)
		}
		if _, ok := c.Get("abc123"); ok {
			t.Error("a cache without a folder found an entry")
		}
	}
}

// Dir is below the user's cache directory, one folder per kind.
func TestDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	if got, want := Dir("assets"), filepath.Join(home, "reportgen", "assets"); got != want {
		t.Errorf("Dir = %q, want %q", got, want)
	}
}
