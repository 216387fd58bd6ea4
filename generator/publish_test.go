package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/check"
)

// publishBuild builds the real report, with every registered feature, into
// a new temporary directory.
func publishBuild(t *testing.T, baseURL string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, BaseURL: baseURL, Features: siteFeatures()}); err != nil {
		t.Fatalf("building the report: %v", err)
	}
	return out
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The same input gives the same output, byte for byte, whatever the
// scheduling of the build's parallel work.
func TestBuildIsReproducible(t *testing.T) {
	const base = "https://example.org/reports/medical-ce/"
	a := readTree(t, publishBuild(t, base))
	prev := runtime.GOMAXPROCS(1) // a different interleaving of the workers
	bOut := publishBuild(t, base)
	runtime.GOMAXPROCS(prev)
	b := readTree(t, bOut)

	if len(a) == 0 {
		t.Fatal("the build wrote nothing")
	}
	for name, data := range a {
		other, ok := b[name]
		if !ok {
			t.Errorf("%s is only in the first build", name)
			continue
		}
		if !bytes.Equal(data, other) {
			i := 0
			for i < len(data) && i < len(other) && data[i] == other[i] {
				i++
			}
			t.Errorf("%s differs from byte %d: %q vs %q", name, i, excerpt(data, i), excerpt(other, i))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s is only in the second build", name)
		}
	}
}

func excerpt(b []byte, i int) string {
	return string(b[max(0, i-30):min(len(b), i+30)])
}

// The built report passes the check at the root of a host and under a
// sub-path: every link, anchor, asset, sitemap entry and search index
// entry resolves.
func TestPublishedReportPassesCheck(t *testing.T) {
	for _, base := range []string{"", "https://example.org/reports/medical-ce/"} {
		out := publishBuild(t, base)
		rep, err := check.Site(os.DirFS(out), check.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rep.Problems {
			t.Errorf("base %q: %s", base, p)
		}
		if rep.Pages < 20 || rep.Links < 500 {
			t.Errorf("base %q: checked only %d pages and %d links", base, rep.Pages, rep.Links)
		}
	}
}

// Under a sub-path, no attribute of any page points at the host's root:
// every root-relative URL carries the sub-path, whatever attribute or
// script reads it.
func TestSubPathReachesEveryURL(t *testing.T) {
	const sub = "/reports/medical-ce/"
	out := publishBuild(t, "https://example.org"+sub)
	files := readTree(t, out)
	pages := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		z := html.NewTokenizer(bytes.NewReader(data))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "aria-") { // aria-keyshortcuts="/"
					continue
				}
				v := a.Val
				if strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") && !strings.HasPrefix(v, sub) {
					t.Errorf("%s: <%s %s=%q> is outside %s", name, tok.Data, a.Key, v, sub)
				}
				if strings.HasPrefix(v, "https://example.org/") && !strings.HasPrefix(v, "https://example.org"+sub) {
					t.Errorf("%s: <%s %s=%q> is outside %s", name, tok.Data, a.Key, v, sub)
				}
			}
		}
	}
	if pages == 0 {
		t.Fatal("no pages built")
	}
	if robots := string(files["robots.txt"]); !strings.Contains(robots, "Sitemap: https://example.org"+sub+"sitemap.xml") {
		t.Errorf("robots.txt: %q", robots)
	}
	home := string(files["index.html"])
	if !strings.Contains(home, `<link rel="canonical" href="https://example.org`+sub+`">`) {
		t.Error("the home page's canonical URL is not the sub-path")
	}
}

// The command line: 0 for a good build, 1 for content errors (each as
// path:line:col on stderr, the previous output untouched), 2 for usage.
func TestBuildExitCodes(t *testing.T) {
	src := copySources(t, t.TempDir())
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("good build: exit %d\n%s", code, stderr.String())
	}
	before := readTree(t, out)

	chapter := filepath.Join(src, "content", "04-methods.md")
	good, err := os.ReadFile(chapter)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(good), "title:", "titel:", 1)
	if err := os.WriteFile(chapter, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("bad front matter: exit %d, want 1", code)
	}
	if want := `content/04-methods.md:2:1: unknown front matter key "titel"`; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Errorf("the failed build changed the output: %d files, had %d", len(after), len(before))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("the failed build changed %s", name)
		}
	}

	// A legal page without a description is a warning, and an error with
	// -strict.
	noDesc := strings.Replace(string(good), "\ndescription:", "\n# description:", 1)
	if err := os.WriteFile(chapter, []byte(noDesc), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "content/04-methods.md:") {
		t.Errorf("missing description: exit %d, want 0 and a warning\n%s", code, stderr.String())
	}
	if code := run([]string{"build", "-strict", "-src", src, "-out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("missing description with -strict: exit %d, want 1", code)
	}

	for _, args := range [][]string{
		{"build", "-nope"},
		{"build", "extra"},
		{"build", "-src", src, "-out", "/"},
		{"build", "-src", src, "-out", src},
		{"build", "-src", src, "-out", filepath.Dir(src)},
		{"build", "-src", src, "-out", filepath.Join(src, "content")},
		{"build", "-src", src, "-out", out, "-base-url", "reports"},
		{"nosuchcommand"},
		{},
	} {
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", args, code, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(src, "content", "04-methods.md")); err != nil {
		t.Error("a refused output directory cost the sources a file")
	}
}

// check's exit codes: 0 for a good site, 1 with a list naming page and
// target for a broken one, 2 when there is nothing to check.
func TestCheckExitCodes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", copySources(t, t.TempDir()), "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"check", "-out", out}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "no problems") {
		t.Fatalf("check of a good build: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if err := os.RemoveAll(filepath.Join(out, "methods")); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"check", "-out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("check with a page removed: exit %d, want 1", code)
	}
	if want := "/index.html:"; !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "/methods/: no such page") {
		t.Errorf("the list does not name page and target:\n%s", stderr.String())
	}
	if code := run([]string{"check", "-out", filepath.Join(out, "nothing")}, &stdout, &stderr); code != 2 {
		t.Errorf("check of a missing directory: exit %d, want 2", code)
	}
}
