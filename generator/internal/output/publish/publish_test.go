package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckOut(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link-to-src")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	refused := map[string]string{
		"/":                                  "file-system root",
		src:                                  "source tree",
		filepath.Dir(src):                    "source tree",
		filepath.Join(src, "content"):        "content/",
		filepath.Join(src, "content", "out"): "content/",
		filepath.Join(src, "templates"):      "templates/",
		filepath.Join(src, "assets", "x"):    "assets/",
		link:                                 "source tree",
	}
	for out, why := range refused {
		err := CheckOut(src, out)
		if err == nil {
			t.Errorf("%s accepted; want refused (%s)", out, why)
			continue
		}
		if !strings.Contains(err.Error(), "refusing") {
			t.Errorf("%s: unclear message %q", out, err)
		}
	}
	for _, out := range []string{filepath.Join(src, "public"), filepath.Join(t.TempDir(), "site")} {
		if err := CheckOut(src, out); err != nil {
			t.Errorf("%s refused: %v", out, err)
		}
	}
}

func TestStageCommitReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(out, "old.html"), "old")

	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(st.Dir, "new.html"), "new")
	if _, err := os.Stat(filepath.Join(out, "old.html")); err != nil {
		t.Fatal("staging touched the output before commit")
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); !os.IsNotExist(err) {
		t.Error("old file survived the swap")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "new.html")); string(b) != "new" {
		t.Error("new file missing after the swap")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

func TestAbortLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(out, "index.html"), "keep")
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(st.Dir, "index.html"), "half-built")
	st.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "keep" {
		t.Error("abort changed the output")
	}
	if _, err := os.Stat(st.Dir); !os.IsNotExist(err) {
		t.Error("staging directory left behind")
	}
}

func TestCommitRefusesFileAsOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, out, "a file")
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err == nil {
		t.Fatal("replaced a file with a directory")
	}
	if b, _ := os.ReadFile(out); string(b) != "a file" {
		t.Error("the file was changed")
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
