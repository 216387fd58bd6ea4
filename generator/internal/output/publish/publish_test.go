package publish

import (
	"errors"
	"fmt"
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
		_, err := CheckOut(src, out)
		if err == nil {
			t.Errorf("%s accepted; want refused (%s)", out, why)
			continue
		}
		if !strings.Contains(err.Error(), "refusing") {
			t.Errorf("%s: unclear message %q", out, err)
		}
	}
	for _, out := range []string{filepath.Join(src, "public"), filepath.Join(t.TempDir(), "site")} {
		if _, err := CheckOut(src, out); err != nil {
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

// A reader polling the output's home page while it is replaced again and
// again never finds it missing: the swap is one atomic step.
func TestCommitIsAtomic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	commit := func(i int) {
		st, err := Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(st.Dir, "index.html"), fmt.Sprint("build ", i))
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	commit(0)
	stop := make(chan struct{})
	done := make(chan [2]int)
	go func() {
		polls, missed := 0, 0
		for {
			select {
			case <-stop:
				done <- [2]int{polls, missed}
				return
			default:
			}
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				missed++
			}
			polls++
		}
	}()
	for i := 1; i <= 100; i++ {
		commit(i)
	}
	close(stop)
	r := <-done
	if r[1] > 0 {
		t.Errorf("index.html was missing %d times in %d polls during 100 swaps", r[1], r[0])
	} else {
		t.Logf("%d polls during 100 swaps, none missed", r[0])
	}
}

// Staging trees that killed builds left behind are removed by the next
// build; the tree of a build still running is not.
func TestStageRemovesStaleTrees(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	stale := []string{filepath.Join(parent, ".public.new-123"), filepath.Join(parent, ".public.new-456.old")}
	for _, d := range stale {
		write(t, filepath.Join(d, "sub", "index.html"), "left by a killed build")
	}
	other := filepath.Join(parent, ".other.new-1") // another output's
	write(t, filepath.Join(other, "x"), "x")
	running, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range stale {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s survived the next build's staging", filepath.Base(d))
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("a staging tree of another output was removed")
	}
	next, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(running.Dir); err != nil {
		t.Error("the staging tree of a build still running was removed")
	}
	write(t, filepath.Join(next.Dir, "index.html"), "next")
	if err := next.Commit(); err != nil {
		t.Fatal(err)
	}
	running.Abort()
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 {
		t.Errorf("beside the output: %v, want public and the other output's tree", entries)
	}
}

// Every staged output holds the marker, so the next build may replace it.
func TestStageWritesMarker(t *testing.T) {
	st, err := Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if fi, err := os.Lstat(filepath.Join(st.Dir, Marker)); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("no marker in the staging tree: %v", err)
	}
}

// A failure after the swap (removing the old site) does not undo the
// publication and is told apart from a failed build.
func TestErrorAfterSwapStillPublished(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(out, "index.html"), "old")
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(st.Dir, "index.html"), "new")
	st.remove = func(string) error { return errors.New("device busy") }
	err = st.Commit()
	if !errors.Is(err, ErrAfterSwap) {
		t.Fatalf("got %v, want an error after the swap", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "new" {
		t.Error("the new site is not in place")
	}
	if n := RemoveStale(out); n != 1 {
		t.Errorf("the next build removed %d stale trees, want the old site's 1", n)
	}
}
