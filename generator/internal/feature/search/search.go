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
	"maps"
	"slices"
	"sort"
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

	// What Update needs, kept when the build is (pipeline.Parsed.Kept):
	// the index written, each page's number in it, and its words when
	// it is sharded (nil for a one-file index).
	ix *Index
	at map[*content.Page]int
	sh *shards

	// stream builds the index of a build that is not kept as the pages
	// come (StartWrite); nil otherwise.
	stream *stream

	// maxSingle is the largest index written as one file.
	maxSingle int
}

// New returns the search feature.
func New() *Feature { return &Feature{maxSingle: MaxSingle} }

// NewSharded returns the search feature with a smaller limit than
// MaxSingle past which the index is sharded, so that a small site can
// have its index sharded (in tests).
func NewSharded(maxSingle int) *Feature { return &Feature{maxSingle: maxSingle} }

var (
	_ pipeline.PageWriter   = (*Feature)(nil)
	_ pipeline.WriteStarter = (*Feature)(nil)
	_ pipeline.Updater      = (*Feature)(nil)
)

// Load has nothing to read: the index is made from the parsed pages.
func (f *Feature) Load(pipeline.Inputs) *diag.List {
	f.mu.Lock()
	f.pages = map[*content.Page][]Section{}
	f.ix, f.at, f.sh, f.stream = nil, nil, nil, nil
	f.mu.Unlock()
	return &diag.List{}
}

// Markdown adds nothing to the markdown engine.
func (*Feature) Markdown(*markdown.Options) {}

// WritePage keeps the text of page p, cut into sections.
func (f *Feature) WritePage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) {
	secs := Sections(d.AST, d.Source, s.Resolver())
	// The stream is set before the first page is rendered and cleared
	// after the last: read without the lock, which guards what it holds.
	if st := f.stream; st != nil {
		in := st.in(p, secs)
		f.mu.Lock()
		ready := st.take(s, p, in, f.maxSingle)
		f.mu.Unlock()
		st.flush(ready)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pages == nil {
		f.pages = map[*content.Page][]Section{}
	}
	f.pages[p] = secs
}

// Reserve names the index and the folder of its shards.
func (f *Feature) Reserve(pipeline.Inputs) []string { return []string{IndexPath, ShardDir + "/"} }

// writer writes to out, keeping the errors in errs.
func writer(out *pipeline.Output, errs *diag.List) func(string, []byte) error {
	return func(path string, data []byte) error {
		if err := out.WriteFile(path, data); err != nil {
			errs.AddErr("write", path, err)
		}
		return nil
	}
}

// Write writes the index.
func (f *Feature) Write(s pipeline.Parsed, out *pipeline.Output) *diag.List {
	var errs diag.List
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stream != nil {
		return f.finish(s)
	}
	ix, at := build(s, f.pages)
	write := writer(out, &errs)
	data, single, err := f.oneFile(ix)
	if err != nil {
		errs.AddErr("write", IndexPath, err)
		return &errs
	}
	if single {
		_ = write(IndexPath, data)
		if s.Kept() {
			f.ix, f.at = ix, at
		}
		return &errs
	}
	sh := newShards(ix, s.Kept())
	if err := sh.writeAll(ix, write); err != nil {
		errs.AddErr("write", IndexPath, err)
	}
	if s.Kept() {
		f.ix, f.at, f.sh = ix, at, sh
	}
	return &errs
}

// oneFile is the index as one file, when it is small enough to be one.
func (f *Feature) oneFile(ix *Index) ([]byte, bool, error) {
	if !smallerThan(ix, f.maxSingle) {
		return nil, false, nil
	}
	data, err := json.Marshal(ix)
	if err != nil {
		return nil, false, err
	}
	return data, len(data) <= f.maxSingle, nil
}

// Update brings the index up to date after pages were rendered again: a
// one-file index is written again whole; of a sharded one, only the text
// chunks holding the pages' sections and the shards of the words they
// gained or lost. A page that gained or lost a section renumbers every
// section after it: the sharded index is then written again whole. An
// index that changes from one file to shards, or back, asks for a full
// build, which clears the old files.
func (f *Feature) Update(s pipeline.Parsed, out *pipeline.Output, pages []*content.Page) (bool, *diag.List) {
	var errs diag.List
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ix == nil {
		return false, &errs
	}
	write := writer(out, &errs)
	if f.sh == nil {
		ix, at := build(s, f.pages)
		data, single, err := f.oneFile(ix)
		if err != nil || !single {
			return false, &errs
		}
		_ = write(IndexPath, data)
		f.ix, f.at = ix, at
		return true, &errs
	}
	ix, sh := f.ix, f.sh
	keysBefore := sh.keys()
	keys, chunks := map[string]bool{}, map[int]bool{}
	seen := map[string]bool{}
	for _, p := range pages {
		pi, ok := f.at[p]
		if !ok {
			return false, &errs
		}
		secs := pageSections(f.pages[p], pi)
		from := sort.Search(len(ix.Sections), func(i int) bool { return ix.Sections[i].Page >= pi })
		to := sort.Search(len(ix.Sections), func(i int) bool { return ix.Sections[i].Page > pi })
		if to-from != len(secs) {
			return f.rewrite(s, out)
		}
		before := make([][]string, len(secs))
		for j := range secs {
			before[j] = sectionWords(ix, ix.Sections[from+j], seen)
		}
		page := Page{Title: p.Meta.Title, URL: s.Rel(p.URL)}
		retitled := ix.Pages[pi] != page
		ix.Pages[pi] = page
		for j, sec := range secs {
			i := from + j
			after := sectionWords(ix, sec, seen)
			for _, w := range before[j] {
				if !slices.Contains(after, w) {
					sh.remove(w, int32(i))
					keys[shardKey(w)] = true
				}
			}
			for _, w := range after {
				if !slices.Contains(before[j], w) {
					sh.add(w, int32(i))
					keys[shardKey(w)] = true
				}
			}
			if retitled || ix.Sections[i] != sec {
				ix.Sections[i] = sec
				chunks[i/chunkSections] = true
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if _, ok := sh.words[k]; ok {
			_ = writeJSON(write, shardPath(k), sh.shard(k))
		} else if err := out.Remove(shardPath(k)); err != nil {
			errs.AddErr("write", shardPath(k), err)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(chunks)) {
		_ = writeJSON(write, chunkPath(c), chunk(ix, c))
	}
	if !slices.Equal(keysBefore, sh.keys()) {
		_ = writeJSON(write, IndexPath, sh.manifest(len(ix.Sections)))
	}
	return true, &errs
}

// rewrite writes the sharded index again whole, and removes the files
// of the one before that it no longer has.
func (f *Feature) rewrite(s pipeline.Parsed, out *pipeline.Output) (bool, *diag.List) {
	var errs diag.List
	old, oldSh := f.ix, f.sh
	ix, at := build(s, f.pages)
	if _, single, err := f.oneFile(ix); err != nil || single {
		return false, &errs
	}
	sh := newShards(ix, true)
	if err := sh.writeAll(ix, writer(out, &errs)); err != nil {
		errs.AddErr("write", IndexPath, err)
	}
	for _, k := range oldSh.keys() {
		if _, ok := sh.words[k]; !ok {
			_ = out.Remove(shardPath(k))
		}
	}
	for c := (len(ix.Sections) + chunkSections - 1) / chunkSections; c*chunkSections < len(old.Sections); c++ {
		_ = out.Remove(chunkPath(c))
	}
	f.ix, f.at, f.sh = ix, at, sh
	return true, &errs
}

// build makes the index of every page of s, in reading order, from each
// page's sections, and gives each page's number in it.
func build(s pipeline.Parsed, sections map[*content.Page][]Section) (*Index, map[*content.Page]int) {
	ix := &Index{Version: 1}
	at := map[*content.Page]int{}
	for _, p := range s.Pages() {
		secs, ok := sections[p]
		if !ok {
			continue
		}
		at[p] = len(ix.Pages)
		ix.Pages = append(ix.Pages, Page{Title: p.Meta.Title, URL: s.Rel(p.URL)})
		ix.Sections = append(ix.Sections, pageSections(secs, len(ix.Pages)-1)...)
	}
	return ix, at
}

// pageSections are the sections a page has in the index, as page number
// pi.
func pageSections(secs []Section, pi int) []Section {
	if len(secs) == 0 {
		// A page with no text of its own (a part's index page) can
		// still be found by its title.
		secs = []Section{{}}
	}
	out := make([]Section, len(secs))
	for i, sec := range secs {
		sec.Page = pi
		out[i] = sec
	}
	return out
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
