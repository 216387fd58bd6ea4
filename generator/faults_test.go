package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"reportgen/generator/internal/tool/bench/synth"
)

var faults = flag.Int("faults", 0, "kill this many builds of a 1,000-page site at random points and check the output after each (TestKilledBuilds)")

// treeHash sums every file's path and bytes below dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "missing: " + err.Error()
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return "unreadable: " + err.Error()
		}
		rel, _ := filepath.Rel(dir, n)
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(data))
		h.Write(data)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestKilledBuilds kills builds of a 1,000-page site at random points
// (go test -run TestKilledBuilds -faults 30 ./generator/; CI runs 4) and
// checks after each kill that the output is the old or the new complete
// site, and at the end that the next build leaves no staging tree.
func TestKilledBuilds(t *testing.T) {
	n := *faults
	if n == 0 && os.Getenv("CI") == "true" {
		n = 4
	}
	if n == 0 {
		fmt.Println("SKIP TestKilledBuilds: fault injection runs with -faults N (CI runs it with 4)")
		t.Skip("run with -faults N")
	}
	bin := filepath.Join(t.TempDir(), "generator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := copySources(t, t.TempDir())
	if err := os.RemoveAll(filepath.Join(src, "content")); err != nil {
		t.Fatal(err)
	}
	site := synth.Generate(1000)
	if err := site.Write(src); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(src, filepath.FromSlash(site.Files[len(site.Files)-1].Path))
	original, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	version := func(v int) {
		if err := os.WriteFile(page, append(original, fmt.Sprintf("\nVersion %d.\n", v)...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build := func() {
		if o, err := exec.Command(bin, "build", "-src", src, "-out", out).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, o)
		}
	}
	sums := map[string]int{}
	start := time.Now()
	for v := 0; v < 2; v++ {
		version(v)
		build()
		sums[treeHash(t, out)] = v
	}
	took := time.Since(start) / 2
	kills := 0
	for i := 0; i < n; i++ {
		version(i % 2)
		cmd := exec.Command(bin, "build", "-src", src, "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took) * 3 / 2)))
		if cmd.Process.Kill() == nil {
			kills++
		}
		_ = cmd.Wait()
		if _, ok := sums[treeHash(t, out)]; !ok {
			t.Fatalf("after kill %d the output is neither the old nor the new site", i+1)
		}
	}
	version(0)
	build()
	entries, _ := os.ReadDir(parent)
	var left []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		t.Errorf("staging trees left after the next build: %v", left)
	}
	t.Logf("%d builds of %d pages killed at random points within %v: output always complete, no staging left", kills, site.Markdown(), took*3/2)
}
