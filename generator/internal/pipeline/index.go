package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/blockerr"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/figure"
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
	Number   int
	Page     *content.Page
}

// Label is "Figure 3".
func (f *FigureRef) Label() string { return figure.Label(f.Kind, f.Number) }

// HTMLID is the element id on the figure's own page.
func (f *FigureRef) HTMLID() string { return figure.HTMLID(f.Kind, f.ID) }

// Get finds a figure by its cross-reference key ("fig:age-hist").
func (fi *FigureIndex) Get(key string) (*FigureRef, bool) {
	f, ok := fi.byKey[key]
	return f, ok
}

// CiteIndex records where each reference is cited.
type CiteIndex struct {
	Uses map[string][]CiteUse
	// RefsPage is the page holding the references list, if any.
	RefsPage *content.Page
}

// CiteUse is one place a reference is cited.
type CiteUse struct {
	Page *content.Page
	ID   string // anchor id of the citation link
}

// FullPrefix is the id prefix of a page's part of the full-report page;
// features that link into the full report use it too.
func FullPrefix(p *content.Page) string {
	return strings.Trim(strings.ReplaceAll(p.URL, "/", "-"), "-") + "--"
}

// index checks citations and shortcodes, numbers figures and records
// citations, after every page is parsed and before any is rendered.
func (s *Site) index(handlers map[string]bool) *diag.List {
	var errs diag.List
	s.Figures = &FigureIndex{byKey: map[string]*FigureRef{}}
	s.Cites = &CiteIndex{Uses: map[string][]CiteUse{}}
	pages := append([]*content.Page{s.Tree.Home}, s.Tree.Pages...)
	// Figures first: citations may point at them.
	for _, p := range pages {
		d := s.Docs[p]
		if d == nil {
			continue
		}
		figure.Walk(d.AST, func(n figure.Numbered) {
			key := n.FigureKind() + ":" + n.FigureID()
			if prev, dup := s.Figures.byKey[key]; dup {
				line, col := pos(p, d, n.SourceOffset())
				errs.Add(diag.Errorf(p.Path, line, col, "figure id %q is already used on %s", n.FigureID(), prev.Page.Path).
					WithHint("give each figure a unique id"))
				return
			}
			f := &FigureRef{Kind: n.FigureKind(), ID: n.FigureID(), Page: p}
			for _, g := range s.Figures.List {
				if g.Kind == f.Kind {
					f.Number++
				}
			}
			f.Number++
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
		seen := map[string]int{}
		cite.Walk(d.AST, func(c *cite.Citation) {
			c.IDs = make([]string, len(c.Keys))
			for i, k := range c.Keys {
				if isXref(k) {
					if _, ok := s.Figures.Get(k); !ok {
						line, col := pos(p, d, c.Offset)
						errs.Add(diag.Errorf(p.Path, line, col, "cross-reference to unknown %s", k).
							WithHint("known figures: %s", s.figureKeys()))
					}
					continue
				}
				if _, ok := s.Bib.Get(k); !ok {
					line, col := pos(p, d, c.Offset)
					errs.Add(diag.Errorf(p.Path, line, col, "unknown citation key %q", k).
						WithHint("use a key from content/references.yaml (%s)", s.bibKeys()))
					continue
				}
				seen[k]++
				id := "cite-" + k
				if seen[k] > 1 {
					id += fmt.Sprintf("-%d", seen[k])
				}
				c.IDs[i] = id
				s.Cites.Uses[k] = append(s.Cites.Uses[k], CiteUse{Page: p, ID: id})
			}
		})
		// Blocks an extension could not build (a chart spec naming an
		// unknown column, ...) carry their problems in the tree.
		blockerr.Walk(d.AST, func(n *blockerr.Node) {
			for _, e := range n.Diagnostics(p.Path, p.BodyLine, d.Source) {
				errs.Add(e)
			}
		})
		shortcode.Walk(d.AST, func(n *shortcode.Node) {
			if !handlers[n.Name] {
				line, col := pos(p, d, n.Offset)
				errs.Add(diag.Errorf(p.Path, line, col, "unknown shortcode %q", n.Name).
					WithHint("known shortcodes: %s", strings.Join(sortedKeys(handlers), ", ")))
			}
			if n.Name == "references" {
				s.Cites.RefsPage = p
			}
		})
	}
	return &errs
}

// prepareFull gives a full-report copy of a page's document the same
// figure numbers and citation ids as the page itself, prefixed.
func (s *Site) prepareFull(p *content.Page, d *markdown.Doc) {
	prefix := markdown.Info(d.AST).IDPrefix
	figure.Walk(d.AST, func(n figure.Numbered) {
		if f, ok := s.Figures.Get(n.FigureKind() + ":" + n.FigureID()); ok {
			n.SetNumber(f.Number)
		}
	})
	seen := map[string]int{}
	cite.Walk(d.AST, func(c *cite.Citation) {
		c.IDs = make([]string, len(c.Keys))
		for i, k := range c.Keys {
			if isXref(k) {
				continue
			}
			seen[k]++
			id := "cite-" + k
			if seen[k] > 1 {
				id += fmt.Sprintf("-%d", seen[k])
			}
			c.IDs[i] = prefix + id
		}
	})
}

func isXref(key string) bool {
	return strings.HasPrefix(key, "fig:") || strings.HasPrefix(key, "tbl:")
}

func (s *Site) figureKeys() string {
	var keys []string
	for _, f := range s.Figures.List {
		keys = append(keys, f.Kind+":"+f.ID)
	}
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ", ")
}

func (s *Site) bibKeys() string {
	var keys []string
	for _, e := range s.Bib.Entries {
		keys = append(keys, e.Key)
	}
	return strings.Join(keys, ", ")
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pos converts an offset in a page body to a file line and column.
func pos(p *content.Page, d *markdown.Doc, offset int) (int, int) {
	line, col := diag.LineCol(d.Source, offset)
	return line + p.BodyLine - 1, col
}

// resolver resolves citation and cross-reference keys at render time.
type resolver struct{ s *Site }

func (r resolver) Resolve(doc *ast.Document, key string) (cite.Target, bool) {
	full := markdown.Info(doc).IDPrefix != ""
	if isXref(key) {
		f, ok := r.s.Figures.Get(key)
		if !ok {
			return cite.Target{}, false
		}
		href := r.s.Rel(f.Page.URL) + "#" + f.HTMLID()
		if full {
			href = "#" + FullPrefix(f.Page) + f.HTMLID()
		}
		return cite.Target{Label: f.Label(), Href: href}, true
	}
	e, ok := r.s.Bib.Get(key)
	if !ok {
		return cite.Target{}, false
	}
	href := "#ref-" + key
	if rp := r.s.Cites.RefsPage; rp != nil {
		if full {
			href = "#" + FullPrefix(rp) + "ref-" + key
		} else {
			href = r.s.Rel(rp.URL) + href
		}
	}
	return cite.Target{Author: e.Short, Year: e.YearText(), Href: href}, true
}
