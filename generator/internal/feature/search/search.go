// Package search writes the site's full-text search index: every page cut
// into sections at its headings, each section with its anchor, heading and
// plain text, so a result can link straight to the section that matched.
//
// The index is plain JSON read by assets/js/search.js the first time a
// reader uses the search box. A report is small (this one is about 80 KB of
// text), so the browser scans the text itself: exact phrases match, which
// an inverted index of single words cannot promise, and no search library
// has to be shipped or kept up to date. A site too large for that gets a
// sharded index (shard.go): the browser looks up the query's words to
// find the few chunks of text worth scanning.
package search

import (
	"encoding/json"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/pipeline"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// IndexPath is where the index is written, below the output root.
const IndexPath = "search-index.json"

// Index is the JSON document the browser loads.
type Index struct {
	// Version changes when the format does, so an old cached index is
	// recognised.
	Version int    `json:"v"`
	Pages   []Page `json:"pages"`
	// Sections are in reading order.
	Sections []Section `json:"sections"`
}

// Page is one page of the site.
type Page struct {
	Title string `json:"t"`
	// URL is the page's address under the site's base path.
	URL string `json:"u"`
}

// Section is the text from one heading to the next.
type Section struct {
	Page int `json:"p"` // index into Pages
	// Anchor is the heading's id; empty for the text before the first
	// heading.
	Anchor  string `json:"a,omitempty"`
	Heading string `json:"h,omitempty"`
	// Text holds the section's blocks (paragraphs, list items, table rows),
	// one per line.
	Text string `json:"x"`
}

// Feature adds the search index to a build. It takes each page's text
// as the page is rendered (WritePage) and writes the index after.
type Feature struct {
	mu    sync.Mutex
	pages map[*content.Page][]Section
}

// New returns the search feature.
func New() *Feature { return &Feature{} }

// Load has nothing to read: the index is made from the parsed pages.
func (f *Feature) Load(pipeline.Inputs) *diag.List {
	f.mu.Lock()
	f.pages = map[*content.Page][]Section{}
	f.mu.Unlock()
	return &diag.List{}
}

// Markdown adds nothing to the markdown engine.
func (*Feature) Markdown(*markdown.Options) {}

// WritePage keeps the text of page p, cut into sections.
func (f *Feature) WritePage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) {
	secs := Sections(d.AST, d.Source, s.Resolver())
	f.mu.Lock()
	if f.pages == nil {
		f.pages = map[*content.Page][]Section{}
	}
	f.pages[p] = secs
	f.mu.Unlock()
}

// Write writes the index.
func (f *Feature) Write(s pipeline.Parsed, out *pipeline.Output) *diag.List {
	var errs diag.List
	f.mu.Lock()
	ix := build(s, f.pages)
	f.mu.Unlock()
	write := func(path string, data []byte) error {
		if err := out.WriteFile(path, data); err != nil {
			errs.AddErr("write", path, err)
		}
		return nil
	}
	if smallerThan(ix, MaxSingle) {
		data, err := json.Marshal(ix)
		if err != nil {
			errs.AddErr("write", IndexPath, err)
			return &errs
		}
		if len(data) <= MaxSingle {
			_ = write(IndexPath, data)
			return &errs
		}
	}
	if err := Sharded(ix, write); err != nil {
		errs.AddErr("write", IndexPath, err)
	}
	return &errs
}

// build makes the index of every page of s, in reading order, from each
// page's sections.
func build(s pipeline.Parsed, sections map[*content.Page][]Section) *Index {
	ix := &Index{Version: 1}
	for _, p := range s.Pages() {
		secs, ok := sections[p]
		if !ok {
			continue
		}
		ix.Pages = append(ix.Pages, Page{Title: p.Meta.Title, URL: s.Rel(p.URL)})
		if len(secs) == 0 {
			// A page with no text of its own (a part's index page) can
			// still be found by its title.
			secs = []Section{{}}
		}
		for _, sec := range secs {
			sec.Page = len(ix.Pages) - 1
			ix.Sections = append(ix.Sections, sec)
		}
	}
	return ix
}

// Sections cuts a parsed page at its headings. Page is left zero.
func Sections(doc *ast.Document, src []byte, r cite.Resolver) []Section {
	var out []Section
	cur := Section{}
	var text strings.Builder
	flush := func() {
		cur.Text = strings.TrimSpace(text.String())
		if cur.Text != "" || cur.Heading != "" {
			out = append(out, cur)
		}
		text.Reset()
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			cur = Section{Heading: markdown.Text(h, src, r)}
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					cur.Anchor = string(b)
				}
			}
			continue
		}
		blockText(&text, n, src, r)
	}
	flush()
	return out
}

// blockText writes the text of block n, one line per paragraph-like block.
func blockText(b *strings.Builder, n ast.Node, src []byte, r cite.Resolver) {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, east.KindTableRow, east.KindTableHeader:
		if t := markdown.Text(n, src, r); t != "" {
			b.WriteString(t)
			b.WriteByte('\n')
		}
		return
	case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
		// Code, raw HTML and blocks that other features turn into charts
		// or diagrams are not prose a reader would search for.
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		blockText(b, c, src, r)
	}
}
