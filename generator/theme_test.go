package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"reportgen"
	"reportgen/generator/internal/pipeline"
)

// copyTree copies the folder from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The report's content/ alone, with the theme built into the program,
// makes the same site as the repository with its templates/ and assets/:
// those folders are the default theme.
func TestContentAloneMakesTheSameSite(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../content", filepath.Join(src, "content"))
	alone := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Src: src, Out: alone, Theme: reportgen.Theme(), Features: siteFeatures()}); err != nil {
		t.Fatalf("content/ alone: %v", err)
	}
	want := readTree(t, buildReport(t, ""))
	got := readTree(t, alone)
	for name, data := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: missing from the content-only build", name)
		} else if !bytes.Equal(g, data) {
			t.Errorf("%s: differs from the repository's build", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: only in the content-only build", name)
		}
	}
}

// A site's own template or asset replaces the default theme's file of the
// same name, and only that file.
func TestSiteFilesOverrideTheTheme(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../content", filepath.Join(src, "content"))
	footer, err := os.ReadFile("../templates/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(src, "templates", "partials"), 0o755))
	must(os.WriteFile(filepath.Join(src, "templates", "partials", "footer.html"),
		append([]byte(`<p class="own-footer">Our footer</p>`), footer...), 0o644))
	must(os.MkdirAll(filepath.Join(src, "assets"), 0o755))
	must(os.WriteFile(filepath.Join(src, "assets", "robots-extra.txt"), []byte("extra"), 0o644))
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Src: src, Out: out, Theme: reportgen.Theme(), Features: siteFeatures()}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	if !bytes.Contains(files["methods/index.html"], []byte(`<p class="own-footer">Our footer</p>`)) {
		t.Error("the site's own footer partial was not used")
	}
	if string(files["robots-extra.txt"]) != "extra" {
		t.Error("the site's own asset was not copied")
	}
	if _, ok := files["_headers"]; !ok {
		t.Error("the default theme's _headers is missing")
	}
	if !bytes.Contains(files["methods/index.html"], []byte(`class="site-header"`)) {
		t.Error("the default theme's header is missing beside the site's footer")
	}
}

// The search index holds the text as the page shows it, a statistic's
// value included; _headers rules follow the base path; og:locale is in
// Open Graph form.
func TestIndexHeadersAndLocaleFollowTheSite(t *testing.T) {
	out := buildReport(t, "https://example.org/reports/medical-ce/")
	index, err := os.ReadFile(filepath.Join(out, "search-index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(index, []byte("ranged from 36 to 64, the average age being 48.")) {
		t.Error("the search index lacks the statistics of the text")
	}
	headers, err := os.ReadFile(filepath.Join(out, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(headers, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("/")) && !bytes.HasPrefix(line, []byte("/reports/medical-ce/")) {
			t.Errorf("_headers rule %q is not under the base path", line)
		}
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(home, []byte(`<meta property="og:locale" content="en_GB">`)) {
		t.Error("og:locale is not en_GB")
	}
}
