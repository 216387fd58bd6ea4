package search

import (
	"slices"
	"sync"
	"sync/atomic"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/pipeline"
)

// stream builds the index of a build that is not kept as its pages are
// rendered, in reading order, and once the index is certain to be
// sharded writes each text chunk as soon as it is full and drops its
// text. Holding every section's text until the end took 75 MB of the
// 291 MB live at the peak of a 30,000-page build (about 250 MB for
// 100,000 pages), and cutting the index into shards after the last page
// left one core idle for seconds. The files are the ones Write would
// make from the whole index at the end.
type stream struct {
	out   *pipeline.Output
	write func(string, []byte) error
	errs  diag.List

	// pages are the site's pages in reading order (made once: the list
	// is a copy), pos each page's place in it; pending holds pages
	// rendered before one that comes earlier; next is the place of the
	// next page to take.
	pages   []*content.Page
	pos     map[*content.Page]int
	pending map[int]pageIn
	next    int

	ix *Index
	// size is a lower bound of the one-file index's size (smallerThan).
	size int
	// sh is nil until size passes the one-file limit. From then on each
	// text chunk is written once full and its sections dropped: base is
	// the number of sections dropped, all before ix.Sections[0]. Holding
	// them emptied, for their page numbers only, still grew the heap by
	// 20 MB over a build of 100,000 pages.
	sh   *shards
	base int
	// sharding is set with sh: from then on each page's words are found
	// before the lock is taken, on the goroutine that rendered it.
	sharding atomic.Bool
	// ready are the text chunks made full by the last page taken, for
	// that page's goroutine to write once it lets go of the lock.
	ready []readyChunk
}

// pageIn is a rendered page's part of the index: its sections and, once
// the index is sharded, the words of each.
type pageIn struct {
	secs  []Section
	words [][]string
}

// readyChunk is text chunk c, whole, to be written.
type readyChunk struct {
	c  int
	ch Chunk
}

// in is what page p, with sections secs, brings to the stream: the
// words are found here, outside the lock, once the index is sharded.
func (st *stream) in(p *content.Page, secs []Section) pageIn {
	pi := pageIn{secs: secs}
	if st.sharding.Load() {
		seen := seenMaps.Get().(map[string]bool)
		for _, sec := range pageSections(secs, 0) {
			pi.words = append(pi.words, wordsOf(sec, p.Meta.Title, seen))
		}
		clear(seen)
		seenMaps.Put(seen)
	}
	return pi
}

// seenMaps are wordsOf's scratch maps, kept at their size from page to
// page: a new map for each page grew its way up to a few hundred words,
// 0.14 GB of what a build of 10,000 pages allocated.
var seenMaps = sync.Pool{New: func() any { return map[string]bool{} }}

// flush writes the chunks made ready, without the lock.
func (st *stream) flush(ready []readyChunk) {
	for _, r := range ready {
		_ = writeJSON(st.write, chunkPath(r.c), r.ch)
	}
}

// StartWrite starts the stream of a build that is not kept; a kept build
// holds every page's sections for Update.
func (f *Feature) StartWrite(s pipeline.Parsed, out *pipeline.Output) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stream = nil
	if s.Kept() {
		return
	}
	st := &stream{out: out, pos: map[*content.Page]int{}, pending: map[int]pageIn{}, ix: &Index{Version: 1}}
	st.write = writer(out, &st.errs)
	st.pages = s.Pages()
	for i, p := range st.pages {
		st.pos[p] = i
	}
	f.stream = st
}

// take adds page p, and every page after it already rendered, to the
// index in reading order; maxSingle is the one-file limit. It returns the
// text chunks this made full, to be written once the lock is let go.
func (st *stream) take(s pipeline.Parsed, p *content.Page, in pageIn, maxSingle int) []readyChunk {
	at, ok := st.pos[p]
	if !ok {
		return nil
	}
	st.pending[at] = in
	for {
		in, ok := st.pending[st.next]
		if !ok {
			break
		}
		delete(st.pending, st.next)
		st.add(s, st.pages[st.next], in, maxSingle)
		st.next++
	}
	ready := st.ready
	st.ready = nil
	return ready
}

// add appends page p to the index.
func (st *stream) add(s pipeline.Parsed, p *content.Page, in pageIn, maxSingle int) {
	secs := in.secs
	ix := st.ix
	page := Page{Title: p.Meta.Title, URL: s.Rel(p.URL)}
	ix.Pages = append(ix.Pages, page)
	st.size += len(page.Title) + len(page.URL)
	from := len(ix.Sections)
	for _, sec := range pageSections(secs, len(ix.Pages)-1) {
		ix.Sections = append(ix.Sections, sec)
		st.size += len(sec.Text) + len(sec.Heading) + len(sec.Anchor)
	}
	if st.sh == nil {
		if st.size <= maxSingle {
			return
		}
		// Certainly sharded from here on: the words of every section so
		// far, then each new one's as it comes.
		st.sh, from = &shards{words: map[string]map[string]*postings{}}, 0
		st.sharding.Store(true)
		in.words = nil
	}
	var seen map[string]bool // made only when words are found here
	for i := from; i < len(ix.Sections); i++ {
		var words []string
		if in.words != nil {
			words = in.words[i-from]
		} else {
			if seen == nil {
				seen = map[string]bool{}
			}
			words = sectionWords(ix, ix.Sections[i], seen)
		}
		for _, w := range words {
			st.sh.add(w, int32(st.base+i))
		}
	}
	for len(ix.Sections) >= chunkSections {
		// The chunk keeps the sections' array; the index goes on in a
		// new one.
		ch := chunkOf(ix.Pages, ix.Sections[:chunkSections], st.base)
		st.ready = append(st.ready, readyChunk{st.base / chunkSections, ch})
		ix.Sections = slices.Clone(ix.Sections[chunkSections:])
		st.base += chunkSections
	}
}

// finish writes what the stream has not: the whole index when it stayed
// small, else the last text chunk, the word shards and the manifest.
// f.mu is held.
func (f *Feature) finish(s pipeline.Parsed) *diag.List {
	st := f.stream
	f.stream = nil
	// Pages that were never rendered (a build that failed) leave gaps:
	// those after them are taken in order.
	for i := st.next; i < len(st.pages); i++ {
		if in, ok := st.pending[i]; ok {
			st.add(s, st.pages[i], in, f.maxSingle)
		}
	}
	st.flush(st.ready)
	st.ready = nil
	if st.sh == nil {
		data, single, err := f.oneFile(st.ix)
		switch {
		case err != nil:
			st.errs.AddErr("write", IndexPath, err)
		case single:
			_ = st.write(IndexPath, data)
		default:
			if err := newShards(st.ix, false).writeAll(st.ix, st.write); err != nil {
				st.errs.AddErr("write", IndexPath, err)
			}
		}
		return &st.errs
	}
	ix := st.ix
	for i := 0; i < len(ix.Sections); i += chunkSections {
		first := st.base + i
		_ = writeJSON(st.write, chunkPath(first/chunkSections), chunkOf(ix.Pages, ix.Sections[i:min(i+chunkSections, len(ix.Sections))], first))
	}
	m := st.sh.manifest(st.base + len(ix.Sections))
	for _, k := range m.Keys {
		if err := writeJSON(st.write, shardPath(k), st.sh.shard(k)); err != nil {
			st.errs.AddErr("write", shardPath(k), err)
		}
		delete(st.sh.words, k)
	}
	_ = writeJSON(st.write, IndexPath, m)
	return &st.errs
}
