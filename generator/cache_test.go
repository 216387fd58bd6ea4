package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The build command keeps the theme's minified stylesheets and scripts in
// the user's cache directory, one entry each, and a build that finds them
// there publishes the same site as the build that made them.
func TestBuildKeepsMinifiedAssets(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	var minified int
	err := filepath.WalkDir(filepath.Join("..", "assets"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := path.Ext(p)
		if (ext == ".css" || ext == ".js") && !strings.Contains(p, ".min.") && !strings.Contains(filepath.ToSlash(p), "/vendor/") {
			minified++
		}
		return nil
	})
	if err != nil || minified == 0 {
		t.Fatalf("the theme has %d stylesheets and scripts to minify (%v)", minified, err)
	}

	build := func() map[string][]byte {
		out := filepath.Join(t.TempDir(), "public")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"build", "-src", "..", "-out", out}, &stdout, &stderr); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr.String())
		}
		return readTree(t, out)
	}
	first := build()
	entries, _ := filepath.Glob(filepath.Join(cache, "reportgen", "assets", "*", "*"))
	if len(entries) != minified {
		t.Errorf("%d entries in the assets cache, want one for each of the %d stylesheets and scripts", len(entries), minified)
	}
	second := build()
	if !slices.Equal(slices.Sorted(maps.Keys(first)), slices.Sorted(maps.Keys(second))) {
		t.Fatal("a build from the cache published other files")
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs in the build from the cache", name)
		}
	}
	if _, err := os.Stat(filepath.Join(cache, "reportgen", "charts")); err != nil {
		t.Errorf("the charts' drawings are not kept beside the assets: %v", err)
	}
}
