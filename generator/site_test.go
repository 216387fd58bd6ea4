package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"reportgen/generator/internal/pipeline"
)

// The report's own chapters, in the report's order, as the contents page
// of the printed report lists them.
var reportChapters = []string{
	"/foreword/", "/executive-summary/", "/background/", "/methods/",
	"/organisation-of-this-paper/", "/limitations-of-this-study/", "/acknowledgements/",
	"/findings/", "/findings/choosing-medicine/", "/findings/experiencing-leadership/",
	"/findings/deciding-to-specialise/", "/findings/becoming-a-leader/",
	"/findings/becoming-a-chief-executive/", "/findings/retaining-clinical-commitments/",
	"/findings/redefining-professional-identities/", "/findings/developing-hybrid-roles/",
	"/findings/receiving-advice-and-guidance/", "/findings/undertaking-training-and-development/",
	"/findings/making-a-difference/", "/findings/rising-to-the-challenge/",
	"/findings/coping-with-the-insecurity/", "/findings/dealing-with-pay-differences/",
	"/drawing-out-the-lessons/", "/references/", "/appendix/",
	"/enhancing-engagement-in-medical-leadership/",
}

var (
	idRe   = regexp.MustCompile(`\sid="([^"]+)"`)
	hrefRe = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
)

// buildReport builds the real content with every feature into a temporary
// directory.
func buildReport(t *testing.T, baseURL string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, BaseURL: baseURL, Features: siteFeatures()})
	if err != nil {
		t.Fatalf("building the report: %v", err)
	}
	return out
}

func TestReportBuilds(t *testing.T) {
	out := buildReport(t, "")
	pages := map[string]string{} // URL path -> HTML
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		rel := "/" + filepath.ToSlash(strings.TrimPrefix(p, out+string(filepath.Separator)))
		pages[strings.TrimSuffix(rel, "index.html")] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("every chapter has its page, in order on the title page", func(t *testing.T) {
		// The contents in the body of the title page, not the sidebar.
		home := pages["/"]
		home = home[strings.Index(home, "<main"):]
		last := -1
		for _, u := range reportChapters {
			if _, ok := pages[u]; !ok {
				t.Errorf("no page at %s", u)
				continue
			}
			i := strings.Index(home, `href="`+u+`"`)
			if i < 0 {
				t.Errorf("title page contents lack %s", u)
			} else if i < last {
				t.Errorf("title page lists %s out of order", u)
			} else {
				last = i
			}
		}
	})

	t.Run("prev and next walk the whole report", func(t *testing.T) {
		nextRe := regexp.MustCompile(`<a class="pager__next" href="([^"]+)"`)
		u, seen := "/", 0
		for steps := 0; steps < 100; steps++ {
			m := nextRe.FindStringSubmatch(pages[u])
			if m == nil {
				break
			}
			u = m[1]
			if idx := indexOf(reportChapters, u); idx >= 0 {
				if idx != seen {
					t.Fatalf("next from page %d leads to %s, chapter %d", seen, u, idx)
				}
				seen++
			}
		}
		if seen != len(reportChapters) {
			t.Errorf("following next reached %d of %d chapters", seen, len(reportChapters))
		}
	})

	t.Run("every internal link and anchor resolves", func(t *testing.T) {
		ids := map[string]map[string]bool{}
		for u, html := range pages {
			ids[u] = map[string]bool{}
			for _, m := range idRe.FindAllStringSubmatch(html, -1) {
				if ids[u][m[1]] {
					t.Errorf("%s: duplicate id %q", u, m[1])
				}
				ids[u][m[1]] = true
			}
		}
		for u, html := range pages {
			for _, m := range hrefRe.FindAllStringSubmatch(html, -1) {
				link := strings.ReplaceAll(m[1], "&amp;", "&")
				if link == "" || strings.Contains(link, ":") && !strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "#") {
					continue // mailto:, https: — not ours to resolve
				}
				target, frag, _ := strings.Cut(link, "#")
				if target == "" {
					target = u
				}
				if !strings.HasPrefix(target, "/") {
					target = path.Join(path.Dir(u+"x"), target)
					if strings.HasSuffix(link, "/") {
						target += "/"
					}
				}
				if _, ok := pages[target]; !ok {
					if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
						t.Errorf("%s links to missing %s", u, link)
						continue
					}
				}
				if frag != "" && !ids[target][frag] {
					t.Errorf("%s links to %s: no id %q on %s", u, link, frag, target)
				}
			}
		}
	})

	t.Run("the full report holds every chapter in order", func(t *testing.T) {
		full := pages["/full-report/"]
		last := -1
		for _, u := range reportChapters {
			id := strings.Trim(strings.ReplaceAll(u, "/", "-"), "-")
			j := strings.Index(full, `id="`+id+`"`)
			if j < 0 {
				t.Errorf("full report lacks chapter %s", u)
				continue
			}
			if j < last {
				t.Errorf("full report has %s out of order", u)
			}
			last = j
		}
		// Spot-check text from the first and the last chapters.
		for _, phrase := range []string{"Professor Sir Bruce Keogh", "Medical Engagement Scale"} {
			if !strings.Contains(full, phrase) {
				t.Errorf("full report lacks %q", phrase)
			}
		}
	})

	t.Run("citations link both ways", func(t *testing.T) {
		bg := pages["/background/"]
		if !strings.Contains(bg, `(<a class="cite" id="cite-ham2008" href="/references/#ref-ham2008">Ham and Dickinson, 2008</a>)`) {
			t.Error("Background's citation of Ham and Dickinson (2008) is not linked")
		}
		refs := pages["/references/"]
		if n := strings.Count(refs, `<li id="ref-`); n != 9 {
			t.Errorf("references page lists %d entries, want the report's nine", n)
		}
		if !strings.Contains(refs, `href="/background/#cite-ham2008"`) {
			t.Error("the Ham and Dickinson entry does not link back to Background")
		}
	})
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
