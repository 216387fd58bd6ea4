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

// index checks cross-references and shortcodes and numbers figures, after
// every page is parsed and before any is rendered.
func (s *site) index(handlers map[string]bool) *diag.List {
	var errs diag.List
	s.Figures = &FigureIndex{byKey: map[string]*FigureRef{}}
	pages := s.pages()
	// Figures first: citations may point at them.
	for _, p := range pages {
		d := s.Docs[p]
		if d == nil {
			continue
		}
		figure.Walk(d.AST, func(n figure.Numbered) {
			key := figure.Key(n.FigureKind(), n.FigureID())
			if prev, dup := s.Figures.byKey[key]; dup {
				errs.Add(diag.At(p.Path, p.BodyLine, d.Source, n.SourceOffset(), "figure id %q is already used on %s", n.FigureID(), prev.Page.Path).
					WithHint("give each figure a unique id"))
				return
			}
			f := &FigureRef{Kind: n.FigureKind(), ID: n.FigureID(), Added: figure.IsAdded(n), Page: p}
			for _, g := range s.Figures.List {
				if g.Kind == f.Kind && g.Added == f.Added {
					f.Number++
				}
			}
			f.Number++
			f.Label = s.Words.Label(f.Kind, f.Number)
			if f.Added {
				f.Label = s.Engine.Edition().Number(f.Kind, f.Number)
			}
			if nm, ok := n.(figure.Named); ok && nm.FigureLabel() != "" {
				f.Label = nm.FigureLabel()
			}
			s.Figures.byKey[key] = f
			s.Figures.List = append(s.Figures.List, f)
			n.SetNumber(f.Number)
		})
	}
	for _, p := range pages {
		d := s.Docs[p]
		if d == nil {
			continue
		}
		cite.Walk(d.AST, func(c *cite.Citation) {
			for _, k := range c.Keys {
				if !figure.IsKey(k) {
					// Bibliography keys are the citations feature's.
					continue
				}
				if _, ok := s.Figures.Get(k); !ok {
					errs.Add(diag.At(p.Path, p.BodyLine, d.Source, c.Offset, "cross-reference to unknown %s", k).
						WithHint("known figures: %s", s.figureKeys()))
				}
			}
		})
		// Quotations opened and not closed: the typography cannot tell a
		// closing quote from an apostrophe without the opening one.
		for _, q := range quotes.Problems(d.AST) {
			errs.Add(diag.At(p.Path, p.BodyLine, d.Source, q.Offset, "%s", q.Msg).WithHint("%s", q.Hint))
		}
		// Blocks an extension could not build (a chart spec naming an
		// unknown column, ...) carry their problems in the tree.
		blockerr.Walk(d.AST, func(n *blockerr.Node) {
			for _, e := range n.Diagnostics(p.Path, p.BodyLine, d.Source) {
				errs.Add(e)
			}
		})
		shortcode.Walk(d.AST, func(n *shortcode.Node) {
			if !handlers[n.Name] {
				errs.Add(diag.At(p.Path, p.BodyLine, d.Source, n.Offset, "unknown shortcode %q", n.Name).
					WithHint("known shortcodes: %s", strings.Join(slices.Sorted(maps.Keys(handlers)), ", ")))
			}
			// The page listing the edition's additions is linked from
			// every page.
			if n.Name == provenance.Shortcode && s.About == nil {
				s.About = p
			}
		})
	}
	return &errs
}

// prepareFull gives a full-report copy of a page's document the same
// figure numbers as the page itself, and lets the features mark it as
// they marked the page.
func (s *site) prepareFull(p *content.Page, d *markdown.Doc) {
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
