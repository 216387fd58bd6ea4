package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A new site is a working report at once: it builds with the default
// theme from its content/ alone, under a sub-path too, and the built site
// passes check.
func TestNewSiteBuildsAndPassesCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-report")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "site", dir, "-title", "Rain & shine: a study"}, &stdout, &stderr); code != 0 {
		t.Fatalf("new site: exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"README.md", "content/site.yaml", "content/_index.md", "content/references.yaml",
		"content/01-introduction.md", "content/02-results.md", "content/data/readings.csv", "content/data/readings.schema.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("new site did not write %s", f)
		}
	}
	for _, base := range []string{"", "/reports/rain/"} {
		out := filepath.Join(t.TempDir(), "public")
		args := []string{"build", "-src", dir, "-out", out, "-strict"}
		if base != "" {
			args = append(args, "-base-url", base)
		}
		stdout.Reset()
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("build %s: exit %d: %s", base, code, stderr.String())
		}
		check := []string{"check", "-out", out}
		if base != "" {
			check = append(check, "-base-url", base)
		}
		if code := run(check, &stdout, &stderr); code != 0 {
			t.Fatalf("check %s: exit %d: %s", base, code, stderr.String())
		}
		home, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Rain &amp; shine: a study", `class="site-header"`} {
			if !bytes.Contains(home, []byte(want)) {
				t.Errorf("%s: home page lacks %q", base, want)
			}
		}
		results, err := os.ReadFile(filepath.Join(out, "results", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`<figure`, `class="stat"`, `<table`} {
			if !bytes.Contains(results, []byte(want)) {
				t.Errorf("%s: results page lacks %q (a chart, a stat, a table)", base, want)
			}
		}
	}
}

// new site never writes into a folder that holds anything.
func TestNewSiteRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "site", dir}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "not empty") {
		t.Errorf("message %q does not say why", stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("new site wrote into a folder in use: %d entries", len(entries))
	}
	// An empty folder is fine.
	empty := t.TempDir()
	if code := run([]string{"new", "site", empty}, &stdout, &stderr); code != 0 {
		t.Errorf("an empty folder was refused: %s", stderr.String())
	}
}
