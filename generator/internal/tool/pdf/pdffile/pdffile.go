// Package pdffile reads the little of a PDF that the PDF edition needs to
// know (its pages, outline and named destinations) and sets its document
// information by an incremental update. It reads files with classic
// cross-reference tables, as Chromium writes them; anything else is
// reported as not supported rather than guessed at.
package pdffile

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf16"
)

// File is a parsed PDF.
type File struct {
	data    []byte
	offsets map[int]int // object number -> byte offset
	trailer dict
	xrefAt  int // offset of the last cross-reference section
	pages   map[int]int
	npages  int
}

// OutlineItem is one bookmark.
type OutlineItem struct {
	Title string
	Level int // 1 for top-level bookmarks
	Page  int // 1-based; 0 when it does not point at a page
}

type (
	name  string
	ref   struct{ num, gen int }
	dict  map[name]any
	array []any
	str   []byte
)

// Read parses data.
func Read(data []byte) (*File, error) {
	f := &File{data: data, offsets: map[int]int{}}
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("no startxref: not a PDF, or a truncated one")
	}
	p := &parser{b: data, i: i + len("startxref")}
	off, ok := p.value().(int)
	if !ok || off <= 0 || off >= len(data) {
		return nil, errors.New("startxref does not point into the file")
	}
	f.xrefAt = off
	seen := map[int]bool{}
	for off > 0 {
		if seen[off] {
			return nil, errors.New("cross-reference sections loop")
		}
		seen[off] = true
		tr, err := f.readXref(off)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer = tr
		}
		prev, _ := tr["Prev"].(int)
		off = prev
	}
	if err := f.indexPages(); err != nil {
		return nil, err
	}
	return f, nil
}

// readXref reads the table at off; entries already known (from a later
// update) win.
func (f *File) readXref(off int) (dict, error) {
	p := &parser{b: f.data, i: off}
	p.space()
	if !bytes.HasPrefix(f.data[p.i:], []byte("xref")) {
		return nil, errors.New("cross-reference streams are not supported")
	}
	p.i += 4
	for {
		p.space()
		if bytes.HasPrefix(f.data[p.i:], []byte("trailer")) {
			p.i += len("trailer")
			tr, ok := p.value().(dict)
			if !ok {
				return nil, errors.New("trailer is not a dictionary")
			}
			return tr, nil
		}
		start, ok1 := p.value().(int)
		count, ok2 := p.value().(int)
		if !ok1 || !ok2 || count < 0 {
			return nil, fmt.Errorf("bad cross-reference subsection at byte %d", p.i)
		}
		p.space()
		for n := 0; n < count; n++ {
			if p.i+20 > len(f.data) {
				return nil, errors.New("cross-reference table runs past the end")
			}
			e := f.data[p.i : p.i+20]
			p.i += 20
			if e[17] != 'n' {
				continue
			}
			o, err := strconv.Atoi(string(e[:10]))
			if err != nil {
				return nil, fmt.Errorf("bad cross-reference entry %q", e)
			}
			if _, known := f.offsets[start+n]; !known {
				f.offsets[start+n] = o
			}
		}
	}
}

// object returns the value of object num.
func (f *File) object(num int) any {
	off, ok := f.offsets[num]
	if !ok || off >= len(f.data) {
		return nil
	}
	p := &parser{b: f.data, i: off}
	p.value() // number
	p.value() // generation
	p.space()
	if !bytes.HasPrefix(f.data[p.i:], []byte("obj")) {
		return nil
	}
	p.i += 3
	return p.value()
}

// get follows a reference.
func (f *File) get(v any) any {
	for i := 0; i < 32; i++ {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		v = f.object(r.num)
	}
	return nil
}

func (f *File) dictOf(v any) dict {
	d, _ := f.get(v).(dict)
	return d
}

func (f *File) catalog() dict { return f.dictOf(f.trailer["Root"]) }

func (f *File) indexPages() error {
	f.pages = map[int]int{}
	root := f.catalog()
	if root == nil {
		return errors.New("no document catalog")
	}
	var walk func(v any, depth int) error
	walk = func(v any, depth int) error {
		if depth > 64 {
			return errors.New("page tree too deep")
		}
		d := f.dictOf(v)
		if d == nil {
			return errors.New("page tree node is not a dictionary")
		}
		if d["Type"] == name("Page") {
			f.npages++
			if r, ok := v.(ref); ok {
				f.pages[r.num] = f.npages
			}
			return nil
		}
		kids, _ := f.get(d["Kids"]).(array)
		for _, k := range kids {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root["Pages"], 0)
}

// Pages is the number of pages.
func (f *File) Pages() int { return f.npages }

// Outline returns the bookmarks in reading order.
func (f *File) Outline() []OutlineItem {
	var out []OutlineItem
	for _, n := range f.outlineNodes() {
		dest := n.d["Dest"]
		if a := f.dictOf(n.d["A"]); dest == nil && a != nil {
			dest = a["D"]
		}
		out = append(out, OutlineItem{Title: text(f.get(n.d["Title"])), Level: n.level, Page: f.destPage(dest)})
	}
	return out
}

// Dests returns the page (1-based) of every named destination.
func (f *File) Dests() map[string]int {
	out := map[string]int{}
	cat := f.catalog()
	if d := f.dictOf(cat["Dests"]); d != nil {
		for k, v := range d {
			out[string(k)] = f.destPage(v)
		}
	}
	if names := f.dictOf(cat["Names"]); names != nil {
		f.nameTree(f.dictOf(names["Dests"]), out, 0)
	}
	return out
}

func (f *File) nameTree(node dict, out map[string]int, depth int) {
	if node == nil || depth > 32 {
		return
	}
	if kv, ok := f.get(node["Names"]).(array); ok {
		for i := 0; i+1 < len(kv); i += 2 {
			out[text(f.get(kv[i]))] = f.destPage(kv[i+1])
		}
	}
	if kids, ok := f.get(node["Kids"]).(array); ok {
		for _, k := range kids {
			f.nameTree(f.dictOf(k), out, depth+1)
		}
	}
}

// destPage is the page a destination points at: an explicit array whose
// first element is the page, a dictionary holding one under D, or a name
// looked up among the named destinations.
func (f *File) destPage(v any) int {
	v = f.get(v)
	if d, ok := v.(dict); ok {
		v = f.get(d["D"])
	}
	switch v := v.(type) {
	case array:
		if len(v) > 0 {
			if r, ok := v[0].(ref); ok {
				return f.pages[r.num]
			}
		}
	case name:
		return f.Dests()[string(v)]
	case str:
		return f.Dests()[string(v)]
	}
	return 0
}

// Info is the document information a reader's "Properties" shows.
type Info struct {
	Title, Author, Subject, Keywords, Creator string
}

// Update returns data with an incremental update appended: the document
// information dictionary carries info's non-empty fields (the other
// entries, producer and dates, are kept), and each bookmark whose title
// retitle changes is rewritten with the new title (retitle may be nil).
// The original bytes are unchanged, so nothing already in the file can be
// damaged.
func (f *File) Update(info Info, retitle func(string) string) []byte {
	size, _ := f.trailer["Size"].(int)
	var b bytes.Buffer
	b.Write(f.data)
	if !bytes.HasSuffix(f.data, []byte("\n")) {
		b.WriteByte('\n')
	}
	offsets := map[int]int{}

	if retitle != nil {
		for _, it := range f.outlineNodes() {
			old := text(f.get(it.d["Title"]))
			t := retitle(old)
			if t == old {
				continue
			}
			d := dict{}
			for k, v := range it.d {
				d[k] = v
			}
			d["Title"] = str(encodeUTF16(t))
			offsets[it.num] = b.Len()
			fmt.Fprintf(&b, "%d %d obj\n", it.num, it.gen)
			writeValue(&b, d)
			b.WriteString("\nendobj\n")
		}
	}

	infoNum := size
	old := f.dictOf(f.trailer["Info"])
	entries := dict{}
	for k, v := range old {
		entries[k] = v
	}
	for k, v := range map[name]string{"Title": info.Title, "Author": info.Author, "Subject": info.Subject,
		"Keywords": info.Keywords, "Creator": info.Creator} {
		if v != "" {
			entries[k] = str(encodeUTF16(v))
		}
	}
	offsets[infoNum] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n", infoNum)
	writeValue(&b, entries)
	b.WriteString("\nendobj\n")

	xrefAt := b.Len()
	b.WriteString("xref\n")
	nums := make([]int, 0, len(offsets))
	for n := range offsets {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		gen := 0
		for _, it := range f.outlineNodes() {
			if it.num == n {
				gen = it.gen
			}
		}
		fmt.Fprintf(&b, "%d 1\n%010d %05d n \n", n, offsets[n], gen)
	}
	tr := dict{"Size": size + 1, "Root": f.trailer["Root"], "Info": ref{infoNum, 0}, "Prev": f.xrefAt}
	if id, ok := f.trailer["ID"]; ok {
		tr["ID"] = id
	}
	b.WriteString("trailer\n")
	writeValue(&b, tr)
	fmt.Fprintf(&b, "\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return b.Bytes()
}

type outlineNode struct {
	num, gen int
	d        dict
	level    int // 1 for a top-level bookmark
}

// outlineNodes lists the bookmark dictionaries in reading order, with
// their depth; a loop or a chain deeper than 64 ends the walk.
func (f *File) outlineNodes() []outlineNode {
	var out []outlineNode
	root := f.dictOf(f.catalog()["Outlines"])
	if root == nil {
		return nil
	}
	seen := map[int]bool{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		for v != nil && depth < 64 {
			r, ok := v.(ref)
			if !ok || seen[r.num] {
				return
			}
			seen[r.num] = true
			d := f.dictOf(r)
			if d == nil {
				return
			}
			out = append(out, outlineNode{r.num, r.gen, d, depth})
			walk(d["First"], depth+1)
			v = d["Next"]
		}
	}
	walk(root["First"], 1)
	return out
}

// writeValue writes v in PDF syntax; dictionary keys in sorted order, so
// the same input gives the same bytes.
func writeValue(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		fmt.Fprint(b, v)
	case int:
		fmt.Fprint(b, v)
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	case name:
		b.WriteByte('/')
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c < 0x21 || c > 0x7e || c == '#' || isDelim(c) {
				fmt.Fprintf(b, "#%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	case str:
		fmt.Fprintf(b, "<%X>", []byte(v))
	case ref:
		fmt.Fprintf(b, "%d %d R", v.num, v.gen)
	case array:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeValue(b, e)
		}
		b.WriteByte(']')
	case dict:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		b.WriteString("<<")
		for _, k := range keys {
			writeValue(b, name(k))
			b.WriteByte(' ')
			writeValue(b, v[name(k)])
			b.WriteByte('\n')
		}
		b.WriteString(">>")
	}
}

// encodeUTF16 encodes a text string as UTF-16BE with a byte order mark,
// which the PDF reference allows for any text and requires for
// characters outside PDFDocEncoding.
func encodeUTF16(s string) []byte {
	out := []byte{0xFE, 0xFF}
	for _, c := range utf16.Encode([]rune(s)) {
		out = append(out, byte(c>>8), byte(c))
	}
	return out
}

// text decodes a PDF text string.
func text(v any) string {
	s, ok := v.(str)
	if !ok {
		return ""
	}
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(s))
	for i, c := range s {
		r[i] = rune(c)
	}
	return string(r)
}
