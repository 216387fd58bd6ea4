package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"reportgen/generator/internal/input/flow"
	"reportgen/generator/internal/pipeline"

	"golang.org/x/net/html"
)

// builtPage is one HTML file of a built site, parsed.
type builtPage struct {
	root *html.Node
	ids  map[string]*html.Node
}

// parseBuilt parses every HTML page of a built site, by URL path, with an
// index of each page's ids.
func parseBuilt(t *testing.T, out string) map[string]*builtPage {
	t.Helper()
	pages := map[string]*builtPage{}
	for rel, root := range builtPages(t, out) {
		bp := &builtPage{root: root, ids: map[string]*html.Node{}}
		walk(root, func(n *html.Node) {
			if id := attr(n, "id"); id != "" {
				if _, dup := bp.ids[id]; dup {
					t.Errorf("%s: duplicate id %q", rel, id)
				}
				bp.ids[id] = n
			}
		})
		pages["/"+strings.TrimSuffix(rel, "index.html")] = bp
	}
	return pages
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

func inClass(n *html.Node, class string) bool {
	for ; n != nil; n = n.Parent {
		if hasClass(n, class) {
			return true
		}
	}
	return false
}

// quoteText is the text of an evidence anchor as a reader reads it,
// without the links back to diagrams inside it.
func quoteText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if hasClass(n, "evidence__back") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return flow.Normalize(b.String())
}

// Every link between a career diagram and the report's text, on every
// page and in the full report, lands on an element that exists: a step's
// evidence link on the anchor of exactly the words it quotes, a sentence's
// link back on the step.
func TestCareerLinksResolve(t *testing.T) {
	for _, base := range []string{"/", "/reports/medical-ce/"} {
		t.Run("under "+base, func(t *testing.T) { careerLinksResolve(t, base) })
	}
}

func careerLinksResolve(t *testing.T, base string) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, BaseURL: base, Features: siteFeatures()}); err != nil {
		t.Fatalf("building the report: %v", err)
	}
	set, errs := flow.Load(os.DirFS(".."), "content/careers")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	quotes := map[string]string{} // anchor id -> quoted text
	steps := 0
	for _, ev := range set.Evidence {
		quotes[ev.ID] = ev.Text
	}
	for _, p := range set.Paths {
		steps += len(p.Steps)
	}
	pages := parseBuilt(t, out)

	resolve := func(from, href string) (*builtPage, *html.Node, string) {
		// Pages are keyed by their path in the output; links carry the
		// base path the site is served under.
		at, _ := url.Parse(strings.TrimSuffix(base, "/") + from)
		u, err := url.Parse(href)
		if err != nil {
			t.Errorf("%s: bad link %q", from, href)
			return nil, nil, ""
		}
		target := at.ResolveReference(u)
		if !strings.HasPrefix(target.Path, base) {
			t.Errorf("%s: link %q leaves the site's base path %s", from, href, base)
			return nil, nil, ""
		}
		tp := pages["/"+strings.TrimPrefix(target.Path, base)]
		if tp == nil {
			t.Errorf("%s: link %q goes to a page that does not exist", from, href)
			return nil, nil, ""
		}
		if target.Fragment == "" {
			t.Errorf("%s: link %q has no anchor", from, href)
			return tp, nil, ""
		}
		n := tp.ids[target.Fragment]
		if n == nil {
			t.Errorf("%s: link %q: no element with id %q on %s", from, href, target.Fragment, target.Path)
		}
		return tp, n, target.Fragment
	}

	evLinks, backLinks := map[string]int{}, map[string]int{}
	anchors := map[string]int{}
	for u, p := range pages {
		walk(p.root, func(n *html.Node) {
			if hasClass(n, "evidence") && attr(n, "id") != "" {
				anchors[u]++
			}
			if n.Type != html.ElementNode || n.Data != "a" {
				return
			}
			href := attr(n, "href")
			switch {
			case inClass(n, "career__ev") || inClass(n, "career__role"):
				evLinks[u]++
				_, target, id := resolve(u, href)
				if target == nil {
					return
				}
				if !hasClass(target, "evidence") {
					t.Errorf("%s: evidence link %q lands on a <%s class=%q>, not on a quoted sentence", u, href, target.Data, attr(target, "class"))
					return
				}
				key := id[strings.Index(id, "ev-"):]
				if want, got := quotes[key], quoteText(target); got != want {
					t.Errorf("%s: anchor %s covers %q, the step quotes %q", u, id, got, want)
				}
			case hasClass(n, "evidence__back"):
				backLinks[u]++
				if _, target, _ := resolve(u, href); target != nil && !hasClass(target, "career__step") {
					t.Errorf("%s: link back %q lands on a <%s class=%q>, not on a diagram step", u, href, target.Data, attr(target, "class"))
				}
			case inClass(n, "career__or") || inClass(n, "career__full") || inClass(n, "career__data"):
				resolve(u, href)
			}
		})
	}

	chapter := "/findings/becoming-a-chief-executive/"
	onChapters := 0
	for u, n := range evLinks {
		if u != "/career-paths/" && u != "/full-report/" {
			onChapters += n
		}
	}
	if onChapters != steps {
		t.Errorf("the chapters have %d evidence links, want one for each of the %d steps", onChapters, steps)
	}
	if evLinks["/career-paths/"] != steps {
		t.Errorf("the career paths page has %d evidence links, want %d", evLinks["/career-paths/"], steps)
	}
	total := 0
	for u, n := range anchors {
		if u != "/full-report/" {
			total += n
		}
	}
	if total != len(set.Evidence) || anchors["/full-report/"] != len(set.Evidence) {
		t.Errorf("%d quoted sentences anchored on the pages and %d in the full report, want %d each",
			total, anchors["/full-report/"], len(set.Evidence))
	}
	if backLinks["/full-report/"] == 0 || backLinks[chapter] == 0 {
		t.Errorf("no links back to the diagrams: %v", backLinks)
	}

	// Each diagram is a figure of the edition's own series, labelled as
	// reconstructed and titled by its content, never by the report's
	// "Career path example" headings.
	for _, p := range set.Paths {
		var fig *html.Node
		for u, pg := range pages {
			if u == "/full-report/" || u == "/career-paths/" {
				continue
			}
			if n := pg.ids["fig-career-"+p.ID]; n != nil {
				fig = n
			}
		}
		if fig == nil || attr(fig, "data-career") != p.ID || attr(fig, "data-provenance") != "edition" {
			t.Errorf("no figure marked as the edition's for career path %s", p.ID)
			continue
		}
		var caption string
		walk(fig, func(n *html.Node) {
			if n.Data == "figcaption" {
				caption = quoteText(n)
			}
		})
		if want := "Edition figure "; !strings.HasPrefix(caption, want) || !strings.Contains(caption, ": Reconstructed from the text ") ||
			!strings.HasSuffix(caption, flow.Normalize(p.Title)) || strings.Contains(caption, "Career path example") {
			t.Errorf("figure %s is captioned %q, want %q, a number and its title", p.ID, caption, want)
		}
	}
	// The report's five headings stay, each followed by a note of the
	// edition (not a quotation) that the chart printed there is lost.
	page := pages[chapter]
	for i := 1; i <= 5; i++ {
		h := page.ids["career-path-example-"+strconv.Itoa(i)]
		if h == nil {
			t.Errorf("no heading Career path example %d", i)
			continue
		}
		n := h.NextSibling
		for n != nil && n.Type != html.ElementNode {
			n = n.NextSibling
		}
		if n == nil || n.Data == "blockquote" || attr(n, "role") != "note" || attr(n, "data-provenance") != "edition" ||
			!strings.Contains(quoteText(n), "is not available") {
			t.Errorf("Career path example %d is not followed by the edition's note that its chart is not available", i)
		}
	}
}
