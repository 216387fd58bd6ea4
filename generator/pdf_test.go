package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"reportgen/generator/internal/tool/chromium"
	"reportgen/generator/internal/tool/pdf/pdffile"
)

const pdfHint = "PDF edition tests skipped: Chromium not found; install it (apt-get install chromium) to enable them"

// requireTool returns the path of a command the test needs; without it the
// test skips, saying so, except in CI where it fails.
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing (apt-get install %s)", name, pkg)
	}
	t.Skipf("PDF edition tests skipped: %s not found; install it (apt-get install %s) to enable them", name, pkg)
	return ""
}

// pdfText is the text of pages from..to of the PDF at path, one string per
// page, with white space runs made single spaces.
func pdfText(t *testing.T, path string, from, to int) []string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", strconv.Itoa(from), "-l", strconv.Itoa(to), path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), " ")
	}
	return pages
}

// The PDF edition, printed from the real report with the real command:
// every chapter is a bookmark, the contents page's numbers are the pages
// the chapters start on, the document information is set, and every page
// of the site links to the file, giving its real page count and size.
func TestPDFEdition(t *testing.T) {
	chromium.Require(t, pdfHint)
	requireTool(t, "pdftotext", "poppler-utils")
	requireTool(t, "pdfinfo", "poppler-utils")

	const base = "https://example.org/reports/medical-ce/"
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"pdf", "-src", "..", "-out", out, "-base-url", base}, &stdout, &stderr); code != 0 {
		t.Fatalf("generator pdf exited %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	t.Log(strings.TrimSpace(stdout.String()))
	matches, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(matches) != 1 {
		t.Fatalf("want one PDF in %s, found %v", out, matches)
	}
	path := matches[0]
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := pdffile.Read(data)
	if err != nil {
		t.Fatal(err)
	}

	// The chapters as the full-report page lists them.
	full, err := os.ReadFile(filepath.Join(out, "full-report", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	toc := regexp.MustCompile(`(?s)<nav class="report-toc".*?</nav>`).Find(full)
	var chapters []string
	for _, m := range regexp.MustCompile(`<a href="#[^"]+">([^<]+)</a>`).FindAllSubmatch(toc, -1) {
		chapters = append(chapters, strings.Join(strings.Fields(htmlUnescape(string(m[1]))), " "))
	}
	if len(chapters) < 10 {
		t.Fatalf("the full report lists %d chapters: %q", len(chapters), chapters)
	}

	t.Run("the outline lists every chapter, at the page it starts", func(t *testing.T) {
		pages := pdfText(t, path, 1, f.Pages())
		bookmarks := map[string]int{}
		for _, o := range f.Outline() {
			bookmarks[o.Title] = o.Page
		}
		for _, c := range chapters {
			p, ok := bookmarks[c]
			if !ok {
				t.Errorf("no bookmark %q; bookmarks: %v", c, bookmarks)
				continue
			}
			if p < 1 || p > len(pages) || !strings.Contains(pages[p-1], c) {
				t.Errorf("bookmark %q points at page %d, which does not show it", c, p)
			}
		}
	})

	t.Run("the contents page's numbers are the chapters' pages", func(t *testing.T) {
		// pdftotext -layout keeps each entry and its number on one line.
		raw, err := exec.Command("pdftotext", "-layout", "-f", "1", "-l", "4", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		all := pdfText(t, path, 1, f.Pages())
		entry := regexp.MustCompile(`^\s*(.+?)[\s.]*\s(\d+)\s*$`)
		found := map[string]int{}
		for _, line := range strings.Split(string(raw), "\n") {
			if m := entry.FindStringSubmatch(line); m != nil {
				found[strings.Join(strings.Fields(m[1]), " ")], _ = strconv.Atoi(m[2])
			}
		}
		// Chromium places bookmarks by the headings' positions, which is
		// a second, independent account of where each chapter starts.
		bookmarks := map[string]int{}
		for _, o := range f.Outline() {
			bookmarks[o.Title] = o.Page
		}
		last := 0
		for _, c := range chapters {
			n, ok := found[c]
			if !ok {
				t.Errorf("the contents page gives no number for %q", c)
				continue
			}
			if n != bookmarks[c] {
				t.Errorf("the contents page says %q is on page %d, its bookmark says %d", c, n, bookmarks[c])
			}
			if n < last {
				t.Errorf("%q is on page %d, before the chapter before it (%d)", c, n, last)
			}
			last = n
			if n < 1 || n > len(all) || !strings.Contains(all[n-1], c) {
				t.Errorf("the contents page says %q is on page %d, which does not show it", c, n)
			}
		}
	})

	t.Run("title, author and subject are set", func(t *testing.T) {
		info, err := exec.Command("pdfinfo", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"Title:           Medical Chief Executives in the NHS: Facilitators and Barriers to Their Career Progress\n",
			"Author:          Chris Ham, John Clark, Peter Spurgeon, Helen Dickinson, Kirsten Armit\n",
			"Subject:         A study of the careers",
			"Tagged:          yes",
		} {
			if !bytes.Contains(info, []byte(want)) {
				t.Errorf("pdfinfo does not say %q:\n%s", want, info)
			}
		}
	})

	t.Run("no screen furniture and no loopback address", func(t *testing.T) {
		text := strings.Join(pdfText(t, path, 1, f.Pages()), "\n")
		for _, bad := range []string{"↩", "<https://www.institute.nhs.uk/medicalleadership>", "Print or save as PDF", "Download PDF", "Skip to"} {
			if strings.Contains(text, bad) {
				t.Errorf("the PDF prints %q", bad)
			}
		}
		if bytes.Contains(data, []byte("127.0.0.1")) {
			t.Error("the PDF links to the loopback address it was printed from")
		}
		if !bytes.Contains(data, []byte("(https://example.org/reports/medical-ce/")) {
			t.Error("links to the site's other pages do not point at its published address")
		}
	})

	t.Run("every page links to it with its real page count and size", func(t *testing.T) {
		name := filepath.Base(path)
		want := fmt.Sprintf(`href="/reports/medical-ce/%s" type="application/pdf" download>Download PDF</a><span class="pdf-link__facts">, %d pages, `, name, f.Pages())
		size := fmt.Sprintf("%d kB", (len(data)+500)/1000)
		if len(data) >= 1_000_000 {
			size = strconv.FormatFloat(float64(len(data))/1e6, 'f', 1, 64) + " MB"
		}
		pages := 0
		_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Base(p) != "index.html" {
				return err
			}
			pages++
			b, _ := os.ReadFile(p)
			if !bytes.Contains(b, []byte(want+size+"</span>")) {
				t.Errorf("%s does not link to the PDF as %q", p, want+size)
			}
			return nil
		})
		if pages < 10 {
			t.Errorf("only %d pages checked", pages)
		}
	})
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#39;", "'", "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
}

// With its port taken, by a server that answers every request with a 404
// page, generator pdf fails, says why, and leaves the output alone.
func TestPDFFailsCleanlyWhenItsPortIsTaken(t *testing.T) {
	chromium.Require(t, pdfHint)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.NotFoundHandler()}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(out, "index.html")
	if err := os.WriteFile(keep, []byte("the previous site"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"pdf", "-src", "..", "-out", out, "-addr", ln.Addr().String()}, &stdout, &stderr)
	if code == 0 {
		t.Fatalf("generator pdf succeeded on a taken port:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "cannot serve the site for printing on "+ln.Addr().String()) {
		t.Errorf("the message does not say the port is taken:\n%s", stderr.String())
	}
	if b, _ := os.ReadFile(keep); string(b) != "the previous site" {
		t.Error("the previous output was changed")
	}
	if m, _ := filepath.Glob(filepath.Join(out, "*.pdf")); len(m) > 0 {
		t.Errorf("a PDF was written: %v", m)
	}
}
