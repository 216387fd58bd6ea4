package pipeline

import (
	"maps"
	"slices"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/blockerr"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/markdown/ext/quotes"
	"reportgen/generator/internal/markdown/ext/shortcode"

	"github.com/yuin/goldmark/ast"
)

// FigureIndex numbers figures and tables in reading order.
type FigureIndex struct {
	byKey map[string]*FigureRef // "fig:age-hist"
	count map[string]int        // figures so far, by kind and series
	// List holds every figure in order.
	List []*FigureRef
}

// FigureRef is one numbered figure or table.
type FigureRef struct {
	Kind, ID string // "fig", "age-hist"
	// Added is true for the edition's figures, numbered in their own
	// series.
	Added  bool
	Number int
	Page   *content.Page
	// Label is "Figure 3", in the site's language, "Edition figure 3" for
	// an addition, or the name a figure goes by.
	Label string
}

// HTMLID is the element id on the figure's own page.
func (f *FigureRef) HTMLID() string { return figure.HTMLID(f.Kind, f.ID) }

// Get finds a figure by its cross-reference key ("fig:age-hist").
func (fi *FigureIndex) Get(key string) (*FigureRef, bool) {
	f, ok := fi.byKey[key]
	return f, ok
}

// FullPrefix is the id prefix of a page's part of the full-report page;
// features that link into the full report use it too.
func FullPrefix(p *content.Page) string {
	return strings.Trim(strings.ReplaceAll(p.URL, "/", "-"), "-") + "--"
}

// indexer numbers figures and checks cross-references and shortcodes,
// one page at a time in reading order (see PageIndexer). Problems are
// kept in the order the pages show them; cross-references are checked at
// the end, once every figure is known.
type indexer struct {
	s        *site
	handlers map[string]bool
	// figErrs are duplicate figure ids; checks the other problems, and
	// the cross-references to check, in order.
	figErrs diag.List
	checks  []check
}

// check is one problem found on a page (err), or a cross-reference to a
// figure (xref) to look up when every page has been seen.
type check struct {
	err       *diag.Error
	xref      string
	path      string
	line, col int
}

func (s *site) newIndexer(handlers map[string]bool) *indexer {
	s.Figures = &FigureIndex{byKey: map[string]*FigureRef{}, count: map[string]int{}}
	s.known = handlers
	return &indexer{s: s, handlers: handlers}
}

// page indexes one parsed page; pages come in reading order.
func (ix *indexer) page(p *content.Page, d *markdown.Doc) {
	checks, about := ix.s.scanPage(p, d, ix.handlers, func(n figure.Numbered) { ix.figure(p, d, n) })
	ix.checks = append(ix.checks, checks...)
	if about && ix.s.About == nil {
		// The page listing the edition's additions is linked from every
		// page.
		ix.s.About = p
	}
}

// figure numbers one figure of page p.
func (ix *indexer) figure(p *content.Page, d *markdown.Doc, n figure.Numbered) {
	s := ix.s
	key := figure.Key(n.FigureKind(), n.FigureID())
	if prev, dup := s.Figures.byKey[key]; dup {
		ix.figErrs.Add(diag.At(p.Path, p.BodyLine, d.Source, n.SourceOffset(), "figure id %q is already used on %s", n.FigureID(), prev.Page.Path).
			WithHint("give each figure a unique id"))
		return
	}
	added := figure.IsAdded(n)
	series := n.FigureKind()
	if added {
		series += "+edition"
	}
	s.Figures.count[series]++
	f := &FigureRef{Kind: n.FigureKind(), ID: n.FigureID(), Added: added, Page: p, Number: s.Figures.count[series]}
	f.Label = s.Words.Label(f.Kind, f.Number)
	if added {
		f.Label = s.Engine.Edition().Number(f.Kind, f.Number)
	}
	if nm, ok := n.(figure.Named); ok && nm.FigureLabel() != "" {
		f.Label = nm.FigureLabel()
	}
	s.Figures.byKey[key] = f
	s.Figures.List = append(s.Figures.List, f)
	n.SetNumber(f.Number)
}

// pageChecks are the problems page p shows on its own, and its
// cross-references to figures, to look up once every figure is known.
func (s *site) pageChecks(p *content.Page, d *markdown.Doc, handlers map[string]bool) []check {
	checks, _ := s.scanPage(p, d, handlers, nil)
	return checks
}

// scanPage is pageChecks, and whether the page lists the edition's
// additions, in one walk of the page's tree, which also hands every
// numbered figure to figures (when not nil): a walk for each took five
// passes over the tree. Each kind's problems are kept apart and returned
// in the order the separate walks gave them.
func (s *site) scanPage(p *content.Page, d *markdown.Doc, handlers map[string]bool, figures func(figure.Numbered)) ([]check, bool) {
	var xrefs, broken, unknown []check
	about := false
	inBroken := 0 // a broken block's own problems cover its children's
	omitted := markdown.NewOmissionScanner(d.Source)
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*blockerr.Node); ok {
			if !entering {
				inBroken--
				return ast.WalkContinue, nil
			}
			if inBroken == 0 {
				for _, e := range b.Diagnostics(p.Path, p.BodyLine, d.Source) {
					broken = append(broken, check{err: e})
				}
			}
			inBroken++
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		omitted.Visit(n)
		if f, ok := n.(figure.Numbered); ok && figures != nil {
			figures(f)
		}
		if c, ok := n.(*cite.Citation); ok {
			for _, k := range c.Keys {
				if !figure.IsKey(k) {
					// Bibliography keys are the citations feature's.
					continue
				}
				line, col := diag.BodyLineCol(p.BodyLine, d.Source, c.Offset)
				xrefs = append(xrefs, check{xref: k, path: p.Path, line: line, col: col})
			}
		}
		if sc, ok := n.(*shortcode.Node); ok {
			if sc.Broken != "" {
				unknown = append(unknown, check{err: diag.At(p.Path, p.BodyLine, d.Source, sc.Offset, "%s", sc.Broken).WithHint("%s", sc.Hint)})
			} else if !handlers[sc.Name] {
				unknown = append(unknown, check{err: diag.At(p.Path, p.BodyLine, d.Source, sc.Offset, "unknown shortcode %q", sc.Name).
					WithHint("known shortcodes: %s", strings.Join(slices.Sorted(maps.Keys(handlers)), ", "))})
			}
			about = about || sc.Name == provenance.Shortcode
		}
		return ast.WalkContinue, nil
	})
	checks := xrefs
	// Quotations opened and not closed: the typography cannot tell a
	// closing quote from an apostrophe without the opening one.
	for _, q := range quotes.Problems(d.AST) {
		checks = append(checks, check{err: diag.At(p.Path, p.BodyLine, d.Source, q.Offset, "%s", q.Msg).WithHint("%s", q.Hint)})
	}
	for _, pr := range d.Problems {
		checks = append(checks, check{err: diag.At(p.Path, p.BodyLine, d.Source, pr.Offset, "%s", pr.Msg).WithHint("%s", pr.Hint)})
	}
	// Raw HTML, links a browser would not follow and footnote marks
	// never defined were left out or shown as typed, without a word.
	for _, o := range omitted.Omissions() {
		w := diag.At(p.Path, p.BodyLine, d.Source, o.Offset, "%s", o.Msg).WithHint("%s", o.Hint)
		w.Warning = !o.Error
		checks = append(checks, check{err: w})
	}
	// Blocks an extension could not build (a chart spec naming an
	// unknown column, ...) carry their problems in the tree.
	checks = append(checks, broken...)
	checks = append(checks, unknown...)
	return checks, about
}

// hasAbout reports whether a page lists the edition's additions.
func hasAbout(d *markdown.Doc) bool {
	found := false
	shortcode.Walk(d.AST, func(n *shortcode.Node) {
		found = found || n.Name == provenance.Shortcode
	})
	return found
}

// finish reports what the pages showed: duplicate figures first, then
// each page's problems and unknown cross-references in reading order.
func (ix *indexer) finish() *diag.List {
	var errs diag.List
	errs.Merge(&ix.figErrs)
	for _, c := range ix.checks {
		if c.err != nil {
			errs.Add(c.err)
			continue
		}
		if _, ok := ix.s.Figures.Get(c.xref); !ok {
			errs.Add(diag.Errorf(c.path, c.line, c.col, "cross-reference to unknown %s", c.xref).
				WithHint("known figures: %s", ix.s.figureKeys()))
		}
	}
	return &errs
}

// prepare gives a page's document, parsed again to be rendered (or its
// copy in the full report), the figure numbers the index gave it, and
// lets the features mark it as they marked it while indexing.
func (s *site) prepare(p *content.Page, d *markdown.Doc) {
	figure.Walk(d.AST, func(n figure.Numbered) {
		if f, ok := s.Figures.Get(figure.Key(n.FigureKind(), n.FigureID())); ok {
			n.SetNumber(f.Number)
		}
	})
	for _, f := range s.features {
		if fp, ok := f.(FullPreparer); ok {
			fp.PrepareFull(p, d)
		}
	}
}

func (s *site) figureKeys() string {
	var keys []string
	for _, f := range s.Figures.List {
		keys = append(keys, f.Kind+":"+f.ID)
	}
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ", ")
}

// figureResolver resolves cross-references to figures and tables at
// render time; features wrap it to resolve keys of their own.
type figureResolver struct{ s *site }

func (r figureResolver) Resolve(doc *ast.Document, key string) (cite.Target, bool) {
	if !figure.IsKey(key) {
		return cite.Target{}, false
	}
	f, ok := r.s.Figures.Get(key)
	if !ok {
		return cite.Target{}, false
	}
	href := r.s.Rel(f.Page.URL) + "#" + f.HTMLID()
	if markdown.Info(doc).IDPrefix != "" {
		href = "#" + FullPrefix(f.Page) + f.HTMLID()
	}
	return cite.Target{Label: f.Label, Href: href}, true
}
