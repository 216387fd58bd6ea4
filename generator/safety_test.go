package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"reportgen/generator/internal/output/publish"
	"reportgen/generator/internal/pipeline"
)

// An empty -out or -src is a usage error: it once meant "the working
// directory", which a build then replaced.
func TestEmptyPathOptionsAreUsageErrors(t *testing.T) {
	work := copySources(t, t.TempDir())
	keep := filepath.Join(work, "notes.txt")
	if err := os.WriteFile(keep, []byte("an editor's notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	for _, args := range [][]string{
		{"build", "-out", ""},
		{"build", "-out", "", "-src", "."},
		{"build", "-src", ""},
		{"build", "-src", "", "-out", filepath.Join(t.TempDir(), "site")},
		{"serve", "-out", ""},
		{"serve", "-src", ""},
		{"check", "-out", ""},
		{"new", "-src", "", "section", "X"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", args, code, stderr.String())
		} else if !strings.Contains(stderr.String(), "empty") {
			t.Errorf("%q: the message does not say the value is empty:\n%s", args, stderr.String())
		}
		if _, err := os.Stat(keep); err != nil {
			t.Fatalf("%q cost the working directory a file: %v", args, err)
		}
	}
}

// The build replaces only a directory it made itself: one holding its
// marker file, or an empty or missing one.
func TestOutputMustBeTheGeneratorsOwn(t *testing.T) {
	src := copySources(t, t.TempDir())
	notes := filepath.Join(t.TempDir(), "notes")
	if err := os.MkdirAll(filepath.Join(notes, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notes, "todo.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"build", "serve"} {
		var stdout, stderr bytes.Buffer
		args := []string{cmd, "-src", src, "-out", notes}
		if cmd == "serve" {
			args = append(args, "-addr", "127.0.0.1:0")
		}
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%s into a directory of notes: exit %d, want 2\n%s", cmd, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), notes) || !strings.Contains(stderr.String(), publish.Marker) {
			t.Errorf("%s: the refusal does not name the directory and the marker:\n%s", cmd, stderr.String())
		}
		if data, err := os.ReadFile(filepath.Join(notes, "todo.txt")); err != nil || string(data) != "keep me" {
			t.Fatalf("%s -out on a directory of notes changed it: %v", cmd, err)
		}
	}

	// Empty and missing directories are fine, and the output they get
	// carries the marker, so the next build may replace it.
	for _, out := range []string{t.TempDir(), filepath.Join(t.TempDir(), "new", "public")} {
		var stdout, stderr bytes.Buffer
		for i := 0; i < 2; i++ {
			if code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr); code != 0 {
				t.Fatalf("build %d into %s: exit %d\n%s", i+1, out, code, stderr.String())
			}
			if fi, err := os.Lstat(filepath.Join(out, publish.Marker)); err != nil || !fi.Mode().IsRegular() {
				t.Fatalf("build %d: no marker file in the output: %v", i+1, err)
			}
		}
	}
}

// Two builds in one process share nothing: run at once (under the race
// detector in make test), each publishes the same site as a build alone.
func TestTwoBuildsAtOnce(t *testing.T) {
	alone := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Src: "..", Out: alone, Features: siteFeatures()}); err != nil {
		t.Fatal(err)
	}
	outs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	errs := make([]error, len(outs))
	var wg sync.WaitGroup
	for i, out := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = pipeline.Build(pipeline.Options{Src: "..", Out: out, Features: siteFeatures()})
		}()
	}
	wg.Wait()
	want := readTree(t, alone)
	for i, out := range outs {
		if errs[i] != nil {
			t.Fatalf("build %d: %v", i, errs[i])
		}
		got := readTree(t, out)
		if len(got) != len(want) {
			t.Errorf("build %d wrote %d files, a build alone %d", i, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("build %d: %s differs from a build alone", i, name)
			}
		}
	}
}

// buildSite runs build on src into a fresh output and returns the exit
// status, stderr and the output directory. A build that hangs fails the
// test instead of stalling it.
func buildSite(t *testing.T, src string) (int, string, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr) }()
	select {
	case code := <-done:
		return code, stderr.String(), out
	case <-time.After(60 * time.Second):
		t.Fatalf("the build hangs")
	}
	return 0, "", ""
}

// Links that leave the source folders are errors at the link; links
// inside are followed; special files are refused, never read.
func TestInputsStayInside(t *testing.T) {
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "secret.md")
	if err := os.WriteFile(secret, []byte("---\ntitle: Secret\n---\nSECRET-WORDS\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, link, target, want string
	}{
		{"asset to /etc/passwd", "assets/passwd.txt", "/etc/passwd", "assets/passwd.txt:"},
		{"page outside the tree", "content/99-secret.md", secret, "content/99-secret.md:"},
		{"page into another source folder", "content/99-tmpl.md", "../templates/page.html", "content/99-tmpl.md:"},
		{"folder outside the tree", "content/99-notes", secretDir, "content/99-notes:"},
		{"dataset to a device", "content/data/zero.csv", "/dev/zero", "content/data/zero.csv:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := copySources(t, t.TempDir())
			target := c.target
			if strings.HasSuffix(c.link, ".csv") {
				schema, err := os.ReadFile(filepath.Join(src, "content", "data", "appendix.schema.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(src, strings.TrimSuffix(c.link, ".csv")+".schema.yaml"), schema, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(target, filepath.Join(src, filepath.FromSlash(c.link))); err != nil {
				t.Fatal(err)
			}
			code, stderr, out := buildSite(t, src)
			if code != 1 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "outside") {
				t.Fatalf("exit %d, want 1 and an error at %s saying the link leads outside:\n%s", code, c.want, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the build published a site")
			}
		})
	}

	t.Run("link inside a folder", func(t *testing.T) {
		src := copySources(t, t.TempDir())
		if err := os.Symlink("site.css", filepath.Join(src, "assets", "css", "alias.css")); err != nil {
			t.Fatal(err)
		}
		if code, stderr, _ := buildSite(t, src); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
	})

	t.Run("named pipe", func(t *testing.T) {
		src := copySources(t, t.TempDir())
		if err := syscall.Mkfifo(filepath.Join(src, "content", "99-pipe.md"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stderr, _ := buildSite(t, src)
		if code != 1 || !strings.Contains(stderr, "content/99-pipe.md:") || !strings.Contains(stderr, "not a regular file") {
			t.Fatalf("exit %d, want 1 and an error at the pipe:\n%s", code, stderr)
		}
	})
}

// Every page gets a URL of its own: names without ASCII letters keep
// their letters, names with none are errors, and a page never takes a
// file the build makes, each clash reported at the page.
func TestPageURLsNeverCollide(t *testing.T) {
	page := func(front string) string { return "---\ntitle: T\ndescription: D\n" + front + "---\n\nText.\n" }
	cases := []struct {
		name, file, data, want string
	}{
		{"no letters", "content/!!!.md", page(""), "content/!!!.md: "},
		{"full report", "content/99-x.md", page("slug: full-report\n"), "content/99-x.md:4:7: "},
		{"sitemap", "content/99-x.md", page("slug: sitemap.xml\n"), "content/99-x.md:4:7: "},
		{"404 page", "content/99-x.md", page("slug: 404.html\n"), "content/99-x.md:4:7: "},
		{"asset folder", "content/99-css.md", page(""), "content/99-css.md: "},
		{"downloads", "content/99-x.md", page("slug: data\n"), "content/99-x.md:4:7: "},
		{"control character", "content/99-x.md", page("slug: \"a\\tb\"\n"), "content/99-x.md:4:7: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := copySources(t, t.TempDir())
			if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(c.file)), []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stderr, _ := buildSite(t, src)
			if code != 1 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want 1 and an error starting %q:\n%s", code, c.want, stderr)
			}
		})
	}
	t.Run("letters of any script", func(t *testing.T) {
		src := copySources(t, t.TempDir())
		for _, name := range []string{"46-日本語.md", "47-études.md", "48-élan.md"} {
			if err := os.WriteFile(filepath.Join(src, "content", name), []byte(page("")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, stderr, out := buildSite(t, src)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		for _, dir := range []string{"日本語", "études", "élan"} {
			if _, err := os.Stat(filepath.Join(out, dir, "index.html")); err != nil {
				t.Errorf("no page at /%s/: %v", dir, err)
			}
		}
	})
}

// A base_url in site.yaml that is not http(s) is an error at site.yaml.
func TestBaseURLMustBeHTTP(t *testing.T) {
	for _, bad := range []string{"javascript:alert(1)", "ftp://host/x/"} {
		src := copySources(t, t.TempDir())
		cfg := filepath.Join(src, "content", "site.yaml")
		data, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cfg, append(data, []byte("\nbase_url: \""+bad+"\"\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stderr, _ := buildSite(t, src)
		if code != 1 || !strings.Contains(stderr, "content/site.yaml") || !strings.Contains(stderr, "base_url") {
			t.Errorf("base_url %q: exit %d, want 1 and an error at site.yaml\n%s", bad, code, stderr)
		}
	}
}
