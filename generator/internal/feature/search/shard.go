package search

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxSingle is the largest index written as one file. A report's index
// is tens of kilobytes and the browser scans all of it (exact phrases
// match). A site of 10,000 pages has an index of about 25 MB, which no
// reader should download to look up one word: past MaxSingle the index
// is sharded (see Sharded), so that one search downloads about a
// megabyte whatever the site's size.
const MaxSingle = 1 << 20

// ShardDir holds the shards of a sharded index, below the output root.
const ShardDir = "search"

const (
	// chunkSections is how many sections one text chunk holds: about
	// 60 KB of JSON for pages of 3 KB of markdown.
	chunkSections = 64
	// maxPostings caps the sections listed for one word. A word in most
	// sections ("the") says little about where to look; the browser
	// picks the query's rarest word to find candidates, and a capped
	// word is only used when every word is capped (results then come
	// from the first maxPostings sections, and the browser says so).
	maxPostings = 2000
)

// Manifest is search-index.json of a sharded index.
type Manifest struct {
	Version int `json:"v"` // 2
	// Sections is the number of sections; Chunk how many each text
	// chunk holds (chunk i is ShardDir/c/i.json).
	Sections int `json:"n"`
	Chunk    int `json:"c"`
	// Keys are the word shards written (ShardDir/t/key.json), each
	// holding the words that start with those two characters.
	Keys []string `json:"k"`
	// MaxPostings is the most sections a word lists.
	MaxPostings int `json:"m"`
}

// Chunk is one text chunk: sections in reading order, from section
// First on, each with its page's title and URL in Pages (keyed by the
// page's number in the whole site).
type Chunk struct {
	First    int             `json:"f"`
	Pages    map[string]Page `json:"pages"`
	Sections []Section       `json:"sections"`
}

// Sharded cuts ix into a manifest, text chunks and word shards, and
// hands each file to write as it is made. A word shard maps each word
// starting with its key to the sections (numbered across the site, in
// reading order) whose text, heading or page title holds it; "~" lists
// the words whose sections were capped.
func Sharded(ix *Index, write func(path string, data []byte) error) error {
	return newShards(ix, false).writeAll(ix, write)
}

// shards are the words of an index, by shard key.
type shards struct {
	// words maps each key's words to their sections, in order.
	words map[string]map[string]*postings
	// all keeps every word's sections, past maxPostings too, so that a
	// section can be taken out of a word and the next one take its place
	// (see Feature.Update).
	all bool
}

type postings struct {
	secs   []int32
	capped bool
}

func newShards(ix *Index, all bool) *shards {
	sh := &shards{words: map[string]map[string]*postings{}, all: all}
	seen := map[string]bool{}
	for i, sec := range ix.Sections {
		for _, w := range sectionWords(ix, sec, seen) {
			sh.add(w, int32(i))
		}
	}
	return sh
}

// sectionWords are the words section sec is found by, each once, seen
// being scratch space.
func sectionWords(ix *Index, sec Section, seen map[string]bool) []string {
	return wordsOf(sec, ix.Pages[sec.Page].Title, seen)
}

// wordsOf is sectionWords of a section of a page titled title.
func wordsOf(sec Section, title string, seen map[string]bool) []string {
	clear(seen)
	// About one word in eight characters is new to the section: room
	// for them at once, where growing the list one doubling at a time
	// was 9 % of what a build of 10,000 pages allocated.
	out := make([]string, 0, (len(sec.Text)+len(sec.Heading)+len(title))/8+4)
	for _, text := range []string{sec.Text, sec.Heading, title} {
		// Words without its list of every word, repeats and all: that
		// list was 7 % of what a build of 10,000 pages allocated.
		for w := range strings.FieldsFuncSeq(Fold(text), notWordRune) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// add lists section i under w; sections come in order unless all is set.
// A word new to the index is copied before it is kept: w is cut from its
// section's whole folded text (Words), and keeping the cut kept that text
// too. At 100,000 pages, whose page numbers make 100,000 words of their
// own, that held 40 MB more at the end of the build than its start.
func (sh *shards) add(w string, i int32) {
	k := shardKey(w)
	byWord := sh.words[k]
	if byWord == nil {
		byWord = map[string]*postings{}
		sh.words[strings.Clone(k)] = byWord
	}
	ps := byWord[w]
	if ps == nil {
		ps = &postings{}
		byWord[strings.Clone(w)] = ps
	}
	if len(ps.secs) >= maxPostings && !sh.all {
		ps.capped = true
		return
	}
	at, _ := slices.BinarySearch(ps.secs, i)
	ps.secs = slices.Insert(ps.secs, at, i)
}

// remove takes section i out of w's list, and w out of its shard when no
// section is left.
func (sh *shards) remove(w string, i int32) {
	k := shardKey(w)
	ps := sh.words[k][w]
	if ps == nil {
		return
	}
	if at, ok := slices.BinarySearch(ps.secs, i); ok {
		ps.secs = slices.Delete(ps.secs, at, at+1)
	}
	if len(ps.secs) == 0 {
		delete(sh.words[k], w)
		if len(sh.words[k]) == 0 {
			delete(sh.words, k)
		}
	}
}

func (sh *shards) keys() []string { return slices.Sorted(maps.Keys(sh.words)) }

// shard is the file of key k: each word's first maxPostings sections.
func (sh *shards) shard(k string) map[string]any {
	shard := map[string]any{}
	var capped []string
	for w, ps := range sh.words[k] {
		secs := ps.secs
		if len(secs) > maxPostings || ps.capped {
			secs = secs[:min(len(secs), maxPostings)]
			capped = append(capped, w)
		}
		shard[w] = secs
	}
	if len(capped) > 0 {
		sort.Strings(capped)
		shard["~"] = capped
	}
	return shard
}

// chunk is text chunk c of ix.
func chunk(ix *Index, c int) Chunk {
	first := c * chunkSections
	return chunkOf(ix.Pages, ix.Sections[first:min(first+chunkSections, len(ix.Sections))], first)
}

// chunkOf is the text chunk of secs, sections first on of the index
// whose pages are pages.
func chunkOf(pages []Page, secs []Section, first int) Chunk {
	ch := Chunk{First: first, Pages: map[string]Page{}, Sections: secs}
	for _, sec := range secs {
		ch.Pages[fmt.Sprint(sec.Page)] = pages[sec.Page]
	}
	return ch
}

func chunkPath(c int) string    { return fmt.Sprintf("%s/c/%d.json", ShardDir, c) }
func shardPath(k string) string { return ShardDir + "/t/" + k + ".json" }

// manifest is the manifest of an index of n sections.
func (sh *shards) manifest(n int) Manifest {
	return Manifest{Version: 2, Sections: n, Chunk: chunkSections, MaxPostings: maxPostings, Keys: sh.keys()}
}

func writeJSON(write func(path string, data []byte) error, path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return write(path, data)
}

// writeAll writes every file of the sharded index; unless all is set, it
// drops each shard once written.
func (sh *shards) writeAll(ix *Index, write func(path string, data []byte) error) error {
	m := sh.manifest(len(ix.Sections))
	for _, k := range m.Keys {
		if err := writeJSON(write, shardPath(k), sh.shard(k)); err != nil {
			return err
		}
		if !sh.all {
			delete(sh.words, k)
		}
	}
	for c := 0; c*chunkSections < len(ix.Sections); c++ {
		if err := writeJSON(write, chunkPath(c), chunk(ix, c)); err != nil {
			return err
		}
	}
	return writeJSON(write, IndexPath, m)
}

// smallerThan reports whether ix is certainly no larger than n bytes of
// JSON; its text alone is a lower bound of its size.
func smallerThan(ix *Index, n int) bool {
	size := 0
	for _, p := range ix.Pages {
		size += len(p.Title) + len(p.URL)
	}
	for _, s := range ix.Sections {
		if size += len(s.Text) + len(s.Heading) + len(s.Anchor); size > n {
			return false
		}
	}
	return size <= n
}

// Words splits text into the folded words the browser looks up: runs of
// letters and digits, cut at apostrophes and hyphens too, since the
// browser matches a query word at any such word start.
func Words(text string) []string {
	return strings.FieldsFunc(Fold(text), notWordRune)
}

func notWordRune(r rune) bool { return !isWordRune(r) }

// isWordRune is the browser's [0-9a-z\u00C0-\uFFFF] on folded text.
func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 0xC0
}

// shardKey is the file name for the shard of w: its first two
// characters, those outside a-z and 0-9 spelt as _ and a hex number.
func shardKey(w string) string {
	// Most words start with two plain characters: their key is their
	// start, without a copy (add copies a key it keeps).
	if len(w) >= 2 && plainKeyByte(w[0]) && plainKeyByte(w[1]) {
		return w[:2]
	}
	if len(w) == 1 && plainKeyByte(w[0]) {
		return w
	}
	var b strings.Builder
	n := 0
	for _, r := range w {
		if n++; n > 2 {
			break
		}
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "_%x", r)
		}
	}
	return b.String()
}

// plainKeyByte is a character a shard key keeps as it is.
func plainKeyByte(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' }

// quotes fold to plain ones, as in search.js.
var quotes = map[rune]rune{'\u2018': '\'', '\u2019': '\'', '\u201C': '"', '\u201D': '"', '\u2013': '-', '\u2014': '-', '\u00A0': ' '}

// Fold lower-cases text and takes accents off, rune for rune, the way
// search.js folds a query: each character becomes the first character of
// its canonical decomposition, lower-cased, when that is one UTF-16 unit.
func Fold(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r < 0x80:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
			continue
		case r > 0xFFFF:
			// JavaScript sees two surrogates, neither of which folds.
			b.WriteRune(r)
			continue
		}
		if q, ok := quotes[r]; ok {
			b.WriteRune(q)
			continue
		}
		d, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
		l := []rune(strings.ToLower(string(d)))
		if len(l) == 1 && len(utf16.Encode(l)) == 1 {
			b.WriteRune(l[0])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
