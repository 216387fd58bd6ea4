package srcfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestOnlyInsideAndRegular(t *testing.T) {
	src := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	must(t, os.WriteFile(outside, []byte("secret"), 0o644))
	must(t, os.MkdirAll(filepath.Join(src, "content", "sub"), 0o755))
	must(t, os.MkdirAll(filepath.Join(src, "generator"), 0o755))
	must(t, os.WriteFile(filepath.Join(src, "content", "a.md"), []byte("a"), 0o644))
	must(t, os.WriteFile(filepath.Join(src, "generator", "main.go"), []byte("code"), 0o644))
	must(t, os.Symlink("../a.md", filepath.Join(src, "content", "sub", "inside.md")))
	must(t, os.Symlink(outside, filepath.Join(src, "content", "out.md")))
	must(t, os.Symlink("../generator/main.go", filepath.Join(src, "content", "code.md")))
	must(t, syscall.Mkfifo(filepath.Join(src, "content", "pipe.md"), 0o644))

	f, err := Open(src, "content", "templates")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if data, err := fs.ReadFile(f, "content/sub/inside.md"); err != nil || string(data) != "a" {
		t.Errorf("a link inside the folder: %q, %v", data, err)
	}
	for _, name := range []string{"content/out.md", "content/code.md"} {
		_, err := fs.ReadFile(f, name)
		if !errors.Is(err, ErrOutside) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v, want a link leading outside, named", name, err)
		}
	}
	var nr NotRegular
	if _, err := fs.ReadFile(f, "content/pipe.md"); !errors.As(err, &nr) || !strings.Contains(err.Error(), "FIFO") {
		t.Errorf("a named pipe: got %v", err)
	}
	for _, name := range []string{"generator/main.go", "templates/x.html", "../x", "content/../generator/main.go"} {
		if _, err := fs.ReadFile(f, name); err == nil {
			t.Errorf("%s was readable", name)
		}
	}
	entries, err := fs.ReadDir(f, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "out.md" && e.Type()&fs.ModeSymlink == 0 {
			t.Error("a link leading outside is listed as if it were a file")
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
