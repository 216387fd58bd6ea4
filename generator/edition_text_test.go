package main

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/pipeline"

	"golang.org/x/net/html"
)

// The report's text, as extracted from the printed report, that the
// edition reproduces; the test reads every sentence of it from the built
// pages.
const reportSource = "testdata/report-source.txt"

// Every sentence of the report stands whole, once, on its chapter page and
// once on the full-report page; what the edition adds is marked, and is the
// only thing left out of the comparison. A mark inside a sentence breaks the
// sentence, so nothing may be inserted into the report's words.
//
// REPORT_SITE=DIR checks an already built site instead of building one.
func TestReportTextOnEveryPage(t *testing.T) {
	out := os.Getenv("REPORT_SITE")
	if out == "" {
		out = filepath.Join(t.TempDir(), "public")
		if _, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, Features: siteFeatures()}); err != nil {
			t.Fatalf("building the report: %v", err)
		}
	}
	src, err := os.ReadFile(reportSource)
	if err != nil {
		t.Fatal(err)
	}
	units := reportUnits(string(src))
	if len(units) < 300 {
		t.Fatalf("only %d sentences read from %s", len(units), reportSource)
	}
	pages := map[string]string{}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(p) != "index.html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, filepath.Dir(p))
		pages["/"+strings.TrimSuffix(filepath.ToSlash(rel)+"/", "./")] = pageText(t, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	full := pages["/full-report/"]
	if full == "" {
		t.Fatal("no full-report page")
	}
	var urls []string
	for u := range pages {
		if u != "/full-report/" {
			urls = append(urls, u)
		}
	}
	sort.Strings(urls)
	problems := 0
	report := func(format string, args ...any) {
		problems++
		if problems <= 40 {
			t.Errorf(format, args...)
		}
	}
	for _, u := range units {
		var on []string
		for _, url := range urls {
			if n := strings.Count(pages[url], u); n > 0 {
				on = append(on, url)
				if n > 1 && long(u) {
					report("%s holds %d times: %q", url, n, u)
				}
			}
		}
		switch {
		case len(on) == 0:
			report("not whole on any page: %q", u)
		case len(on) > 1 && long(u):
			report("on %d pages %v: %q", len(on), on, u)
		}
		switch n := strings.Count(full, u); {
		case n == 0:
			report("not whole on the full-report page: %q", u)
		case n > 1 && long(u):
			report("%d times on the full-report page: %q", n, u)
		}
	}
	if problems > 40 {
		t.Errorf("... %d problems in all", problems)
	}
}

// long units are checked for repetition: a short one ("Appendix",
// "Chris Ham") is also a word of other sentences.
func long(u string) bool { return len(strings.Fields(u)) >= 8 }

var (
	sentenceEnd = regexp.MustCompile(`([.?!]['’)]?) +([A-Z'‘(])`)
	markup      = strings.NewReplacer("**", "", "*", "", "^{1,2}", "1,2", "¹ ", "", "² ", "")
)

// reportUnits cuts the report's text into sentences, headings and list
// items, mending paragraphs the printed page broke in two. The cover's
// logos and the two tables (contents, appendix) are left out: the site
// shows them as navigation and as a data table.
func reportUnits(src string) []string {
	if i := strings.Index(src, "© Copyright"); i >= 0 {
		src = src[i:]
	}
	var paras []string
	item := map[int]bool{} // paragraphs that are list items
	for _, block := range regexp.MustCompile(`\n\s*\n`).Split(src, -1) {
		block = strings.TrimSpace(block)
		if block == "" || block == "Contents" || strings.HasPrefix(block, "|") {
			continue
		}
		// List items are units of their own.
		lines := strings.Split(block, "\n")
		var cur []string
		flush := func() {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
				cur = nil
			}
		}
		for _, l := range lines {
			if strings.HasPrefix(l, "- ") {
				flush()
				l = strings.TrimPrefix(l, "- ")
				item[len(paras)] = true
			}
			cur = append(cur, l)
		}
		flush()
	}
	// A paragraph that stops mid-sentence at a page break goes on in the
	// next one, which starts in lower case.
	var mended []string
	for i, p := range paras {
		if n := len(mended); n > 0 && !item[i] && !strings.ContainsAny(mended[n-1][len(mended[n-1])-1:], ".:?!'’)") &&
			p[0] >= 'a' && p[0] <= 'z' {
			mended[n-1] += " " + p
			continue
		}
		mended = append(mended, p)
	}
	var units []string
	for _, p := range mended {
		p = normalize(markup.Replace(p))
		p = sentenceEnd.ReplaceAllString(p, "$1\x00$2")
		for _, s := range strings.Split(p, "\x00") {
			if s = strings.TrimSpace(s); s != "" {
				units = append(units, s)
			}
		}
	}
	return units
}

// normalize makes quotes straight and white space single.
func normalize(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "\u00a0", " ", "↩\uFE0E", "", "↩", "", "…", "...").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// pageText is the text of a page's main element: blocks apart, and every
// element the edition marks as its own replaced by a break no sentence
// can match across.
func pageText(t *testing.T, b []byte) string {
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	var main *html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "main" && main == nil {
			main = n
		}
	})
	if main == nil {
		return ""
	}
	var sb strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
			return
		}
		if n.Type != html.ElementNode {
			return
		}
		switch {
		case attr(n, "data-provenance") == "edition":
			sb.WriteString(" \x01 ")
			return
		case n.Data == "script" || n.Data == "nav" || n.Data == "style" || hasClass(n, "anchor") ||
			hasClass(n, "footnote-backref") || hasClass(n, "pager"):
			return
		}
		block := map[string]bool{"p": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
			"td": true, "th": true, "div": true, "section": true, "header": true, "blockquote": true, "figure": true, "dt": true, "dd": true}[n.Data]
		if n.Data == "br" {
			sb.WriteString(" ")
		}
		if block {
			sb.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if block {
			sb.WriteString("\n")
		}
	}
	visit(main)
	// Blocks stay apart ("\x02"), so a heading never runs into the text
	// after it; white space within a block is one space.
	var out []string
	for _, line := range strings.Split(sb.String(), "\n") {
		if l := normalize(line); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, " \x02 ")
}

// Every figure on the site is the edition's (the report's own flow charts
// did not survive): each carries the mark and a visible label, and the
// About this edition page links to each one; each of its links lands on a
// marked element.
func TestEveryAddedFigureIsMarkedAndListed(t *testing.T) {
	type page struct {
		root *html.Node
		ids  map[string]*html.Node
	}
	pages := map[string]*page{}
	builtReportPages(t, func(rel string, doc *html.Node) {
		if path.Base(rel) != "index.html" {
			return
		}
		pg := &page{root: doc, ids: map[string]*html.Node{}}
		walk(doc, func(n *html.Node) {
			if id := attr(n, "id"); id != "" {
				pg.ids[id] = n
			}
		})
		pages["/"+strings.TrimPrefix(strings.TrimSuffix(rel, "index.html"), "/")] = pg
	})
	about := pages["/about-this-edition/"]
	if about == nil {
		t.Fatal("no About this edition page")
	}
	listed := map[string]bool{}
	walk(about.root, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "a" || attr(n, "data-addition") == "" {
			return
		}
		href := attr(n, "href")
		listed[href] = true
		u, id, _ := strings.Cut(href, "#")
		pg := pages[u]
		if pg == nil || pg.ids[id] == nil {
			t.Errorf("About this edition links to %s, which is not there", href)
			return
		}
		if attr(pg.ids[id], "data-provenance") != "edition" {
			t.Errorf("About this edition links to %s, which is not marked as the edition's", href)
		}
	})
	figures := 0
	for u, pg := range pages {
		if u == "/full-report/" || u == "/about-this-edition/" {
			continue
		}
		walk(pg.root, func(n *html.Node) {
			if n.Type != html.ElementNode || n.Data != "figure" {
				return
			}
			figures++
			id := attr(n, "id")
			if attr(n, "data-provenance") != "edition" {
				t.Errorf("%s#%s: a figure the report did not print carries no provenance mark", u, id)
			}
			label := ""
			walk(n, func(c *html.Node) {
				if hasClass(c, "provenance") && label == "" {
					label = quoteText(c)
				}
			})
			if label == "" {
				t.Errorf("%s#%s: a figure the report did not print shows no label", u, id)
			}
			if !listed[u+"#"+id] {
				t.Errorf("%s#%s: not listed on About this edition", u, id)
			}
		})
	}
	if figures < 10 || len(listed) < figures {
		t.Errorf("%d figures, %d additions listed", figures, len(listed))
	}
}

// Every addition shows that it is one: an element marked as the edition's,
// outside any other marked element, holds a visible label, or names itself
// in the edition's own series ("Edition figure 2" on a link back to a
// figure). A mark in the markup alone would leave a reader taking the
// edition's words for the report's.
func TestEveryMarkedAdditionIsVisiblyLabelled(t *testing.T) {
	series := provenance.Default()
	marked := 0
	builtReportPages(t, func(rel string, doc *html.Node) {
		var visit func(n *html.Node)
		visit = func(n *html.Node) {
			if n.Type == html.ElementNode && attr(n, "data-provenance") == "edition" {
				marked++
				labelled := false
				walk(n, func(c *html.Node) { labelled = labelled || hasClass(c, "provenance") })
				var text strings.Builder
				walk(n, func(c *html.Node) {
					if c.Type == html.TextNode {
						text.WriteString(c.Data)
					}
				})
				if !labelled && !strings.Contains(text.String(), series.Figure+" ") && !strings.Contains(text.String(), series.Table+" ") {
					t.Errorf("%s: <%s id=%q class=%q> is marked as the edition's but shows no label: %.80q", rel, n.Data, attr(n, "id"), attr(n, "class"), text.String())
				}
				return // a label covers everything inside its element
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c)
			}
		}
		visit(doc)
	})
	if marked < 20 {
		t.Errorf("only %d marked additions on the whole site; the report's edition has more", marked)
	}
}

// builtReportPages builds the report and calls fn with each HTML file's
// path below the output, slash-separated, and its parsed document.
func builtReportPages(t *testing.T, fn func(rel string, doc *html.Node)) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, Features: siteFeatures()}); err != nil {
		t.Fatalf("building the report: %v", err)
	}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		fn(filepath.ToSlash(rel), doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
