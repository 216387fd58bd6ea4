// Package citations puts the report's bibliography into a build: it loads
// content/references.yaml, resolves citation keys to the words and links
// the page shows, checks every key after parsing, gives each citation the
// anchor id its back-link lands on, and renders the {{< references >}}
// list with links back to where each entry is cited.
package citations

import (
	"fmt"
	"html"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/bibliography"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/pipeline"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Path is the bibliography file; ListShortcode the shortcode that places
// the references list.
const (
	Path          = "content/references.yaml"
	ListShortcode = "references"
)

// Feature adds citations to a build. It keeps the state of the build in
// progress, so one Feature serves one build at a time.
type Feature struct {
	bib *bibliography.Bibliography
	rel func(string) string
	// Filled by Index, read while pages render.
	uses     map[string][]use
	refsPage *content.Page
	refsLine int // line of the list's shortcode in refsPage's file
}

// use is one place a reference is cited.
type use struct {
	page *content.Page
	id   string // anchor id of the citation link
}

// New returns the feature.
func New() *Feature { return &Feature{} }

var (
	_ pipeline.Feature        = (*Feature)(nil)
	_ pipeline.PageIndexer    = (*Feature)(nil)
	_ pipeline.PageSummarizer = (*Feature)(nil)
	_ pipeline.FullPreparer   = (*Feature)(nil)
)

// Load reads the bibliography.
func (f *Feature) Load(in pipeline.Inputs) *diag.List {
	bib, errs := bibliography.Load(in.FS(), Path)
	f.bib, f.rel = bib, in.Rel
	f.uses = map[string][]use{}
	f.refsPage, f.refsLine = nil, 0
	return errs
}

// Markdown resolves bibliography keys after the keys the engine already
// knows (figures), and adds the references list.
func (f *Feature) Markdown(o *markdown.Options) {
	o.Resolver = cite.Chain{o.Resolver, f}
	if o.Shortcodes == nil {
		o.Shortcodes = map[string]shortcode.Handler{}
	}
	o.Shortcodes[ListShortcode] = listHandler{f}
}

// IndexPage reports unknown keys, gives each citation its anchor id and
// records where each entry is cited and where the list is.
func (f *Feature) IndexPage(_ pipeline.Parsed, p *content.Page, d *markdown.Doc) *diag.List {
	errs := f.unknown(p, d)
	f.anchor(d, "", func(key, id string) {
		f.uses[key] = append(f.uses[key], use{page: p, id: id})
	})
	f.refsPage, f.refsLine = f.lists(p, d, f.refsPage, f.refsLine, errs)
	return errs
}

// SummarizePage is what IndexPage records of a page: each citation's key
// and id, the page's title where it cites (the list names it there), and
// whether the list is on it.
func (f *Feature) SummarizePage(_ pipeline.Parsed, p *content.Page, d *markdown.Doc) (string, *diag.List) {
	var b strings.Builder
	f.anchor(d, "", func(key, id string) { b.WriteString(key + " " + id + "\n") })
	if b.Len() > 0 {
		b.WriteString("title " + p.Meta.Title + "\n")
	}
	if hasList(d) {
		b.WriteString("list\n")
	}
	errs := f.unknown(p, d)
	f.lists(p, d, nil, 0, errs)
	return b.String(), errs
}

// lists checks the references lists on page p: one in the site, which
// every citation links to; a second copy would repeat its ids (ref-KEY)
// and split its back-links. at is the page already holding it (nil when
// none so far) and line where; it returns the page holding it after p.
func (f *Feature) lists(p *content.Page, d *markdown.Doc, at *content.Page, line int, errs *diag.List) (*content.Page, int) {
	shortcode.Walk(d.AST, func(n *shortcode.Node) {
		if n.Name != ListShortcode {
			return
		}
		l, col := diag.BodyLineCol(p.BodyLine, d.Source, n.Offset)
		if len(n.Args) > 0 {
			// An argument would be ignored: the list is always the
			// whole bibliography.
			errs.Add(diag.Errorf(p.Path, l, col, "the references list takes no arguments").
				WithHint("write {{< %s >}}; it lists every entry of %s", ListShortcode, Path))
		}
		if at == nil {
			at, line = p, l
			return
		}
		where := at.Path
		if at == p {
			where = "this page"
		}
		errs.Add(diag.Errorf(p.Path, l, col, "the references list is already on %s, at line %d", where, line).
			WithHint("keep one {{< %s >}} in the site: every citation links to that one list", ListShortcode))
	})
	return at, line
}

// unknown reports the page's citations of keys the bibliography lacks.
func (f *Feature) unknown(p *content.Page, d *markdown.Doc) *diag.List {
	var errs diag.List
	cite.Walk(d.AST, func(c *cite.Citation) {
		for _, k := range c.Keys {
			if figure.IsKey(k) {
				continue
			}
			if _, ok := f.bib.Get(k); !ok {
				errs.Add(diag.At(p.Path, p.BodyLine, d.Source, c.Offset, "unknown citation key %q", k).
					WithHint("use a key from %s (%s)", Path, f.keys()))
			}
		}
	})
	return &errs
}

// hasList reports whether the page holds the references list.
func hasList(d *markdown.Doc) bool {
	found := false
	shortcode.Walk(d.AST, func(n *shortcode.Node) {
		found = found || n.Name == ListShortcode
	})
	return found
}

// PrepareFull gives the citations of a page's copy in the full report the
// ids of the page's own, prefixed.
func (f *Feature) PrepareFull(_ *content.Page, d *markdown.Doc) {
	f.anchor(d, markdown.Info(d.AST).IDPrefix, nil)
}

// anchor gives every citation of a known key in d its link id: "cite-KEY"
// for the key's first citation on the page, "cite-KEY-2" for the second,
// and so on. It is the one place these ids are made, so that a page and
// its copy in the full report agree and the list's back-links land.
func (f *Feature) anchor(d *markdown.Doc, prefix string, each func(key, id string)) {
	seen := map[string]int{}
	cite.Walk(d.AST, func(c *cite.Citation) {
		c.IDs = make([]string, len(c.Keys))
		for i, k := range c.Keys {
			if _, ok := f.bib.Get(k); !ok || figure.IsKey(k) {
				continue
			}
			seen[k]++
			id := "cite-" + k
			if seen[k] > 1 {
				id += fmt.Sprintf("-%d", seen[k])
			}
			c.IDs[i] = prefix + id
			if each != nil {
				each(k, id)
			}
		}
	})
}

func (f *Feature) keys() string {
	var keys []string
	for _, e := range f.bib.Entries {
		keys = append(keys, e.Key)
	}
	return strings.Join(keys, ", ")
}

// Resolve implements cite.Resolver for bibliography keys: the short
// author and year, linked to the entry in the references list.
func (f *Feature) Resolve(doc *ast.Document, key string) (cite.Target, bool) {
	if f.bib == nil {
		return cite.Target{}, false
	}
	e, ok := f.bib.Get(key)
	if !ok {
		return cite.Target{}, false
	}
	href := "#ref-" + key
	if rp := f.refsPage; rp != nil {
		if markdown.Info(doc).IDPrefix != "" {
			href = "#" + pipeline.FullPrefix(rp) + "ref-" + key
		} else {
			href = f.rel(rp.URL) + href
		}
	}
	return cite.Target{Author: e.Short, Year: e.YearText(), Href: href}, true
}

// listHandler renders {{< references >}}: the bibliography, each entry
// with links back to where it is cited.
type listHandler struct{ f *Feature }

func (h listHandler) Render(w util.BufWriter, n *shortcode.Node) error {
	f := h.f
	prefix := markdown.Info(n.OwnerDocument()).IDPrefix
	_, _ = w.WriteString(`<ol class="references">` + "\n")
	for _, e := range f.bib.Entries {
		fmt.Fprintf(w, `<li id="%sref-%s"><span class="ref-text">%s</span>`, prefix, html.EscapeString(e.Key), e.HTML())
		uses := f.uses[e.Key]
		if len(uses) > 0 {
			_, _ = w.WriteString(` <span class="backlinks">Cited in `)
			count := map[*content.Page]int{}
			for i, u := range uses {
				if i > 0 {
					_, _ = w.WriteString(", ")
				}
				count[u.page]++
				label := u.page.Meta.Title
				if count[u.page] > 1 {
					label += fmt.Sprintf(" (%d)", count[u.page])
				}
				href := f.rel(u.page.URL) + "#" + u.id
				if prefix != "" {
					href = "#" + pipeline.FullPrefix(u.page) + u.id
				}
				fmt.Fprintf(w, `<a href="%s" aria-label="Back to the citation in %s">%s</a>`,
					html.EscapeString(href), html.EscapeString(label), html.EscapeString(label))
			}
			_, _ = w.WriteString(`</span>`)
		}
		_, _ = w.WriteString("</li>\n")
	}
	_, _ = w.WriteString("</ol>\n")
	return nil
}
