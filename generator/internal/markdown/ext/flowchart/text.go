package flowchart

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/shortcode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Markers in a block's flat text for inline elements that are not text.
const (
	// wildcard stands for a shortcode: its output is known only when the
	// page is rendered, so a quote may have any one word there (the
	// number the reader sees, "six" in "(six in total)").
	wildcard = '\x00'
	// opaque stands for anything a quote cannot include: an image, raw
	// HTML, a citation.
	opaque = '\x01'
)

// origin says where one byte of a block's flat text comes from: a leaf
// node and, for text nodes, the byte offset and length in its segment.
type origin struct {
	leaf      ast.Node
	off, size int
}

// flat is a paragraph's text as a reader reads it, before the typographer
// curled its quotes, with runs of white space made one space.
type flat struct {
	text []byte
	at   []origin
}

// typographic maps what goldmark's typographer put in the text (as
// entities or as characters) back to what the markdown says.
var typographic = map[string]string{
	"&lsquo;": "'", "&rsquo;": "'", "&ldquo;": `"`, "&rdquo;": `"`,
	"‘": "'", "’": "'", "“": `"`, "”": `"`,
	"&ndash;": "--", "–": "--", "&mdash;": "---", "—": "---",
	"&hellip;": "...", "…": "...", "&laquo;": "<<", "«": "<<", "&raquo;": ">>", "»": ">>",
}

func flatten(block ast.Node, src []byte) *flat { return flattenWith(block, src, false, &flat{}) }

// flattenSized is flatten for a block whose flat text is n bytes long, so
// that the text and its origins are allocated once.
func flattenSized(block ast.Node, src []byte, n int) *flat {
	return flattenWith(block, src, false, &flat{text: make([]byte, 0, n), at: make([]origin, 0, n)})
}

// flattenText is a block's flat text without the origins, which cost a
// 32-byte record per byte of text: most blocks quote nothing. It reuses
// into's memory.
func flattenText(block ast.Node, src []byte, into *flat) *flat {
	into.text, into.at = into.text[:0], nil
	return flattenWith(block, src, true, into)
}

func flattenWith(block ast.Node, src []byte, textOnly bool, f *flat) *flat {
	space := false
	put := func(b byte, o origin) {
		if space {
			if len(f.text) > 0 {
				f.text = append(f.text, ' ')
				if !textOnly {
					f.at = append(f.at, origin{leaf: o.leaf, off: o.off})
				}
			}
			space = false
		}
		f.text = append(f.text, b)
		if !textOnly {
			f.at = append(f.at, o)
		}
	}
	// putText adds s, the text of leaf, mapping each byte to its offset in
	// the leaf when exact is set (a text node), else to the leaf as a whole.
	putText := func(leaf ast.Node, s []byte, exact bool) {
		for i := 0; i < len(s); {
			// Most text is ASCII other than white space: one byte, itself.
			if c := s[i]; c < utf8.RuneSelf && c != ' ' && (c < '\t' || c > '\r') {
				o := origin{leaf: leaf}
				if exact {
					o.off, o.size = i, 1
				}
				put(c, o)
				i++
				continue
			}
			r, size := utf8.DecodeRune(s[i:])
			o := origin{leaf: leaf}
			if exact {
				o.off, o.size = i, size
			}
			switch r {
			case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0':
				space = true
			case '\u2018', '\u2019':
				put('\'', o)
			case '\u201c', '\u201d':
				put('"', o)
			default:
				// Every byte of a character points at the whole character:
				// a quote starts and ends on character boundaries.
				for j := 0; j < size; j++ {
					put(s[i+j], o)
				}
			}
			i += size
		}
	}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				putText(t, t.Segment.Value(src), true)
				if t.SoftLineBreak() || t.HardLineBreak() {
					space = true
				}
			case *ast.String:
				v := string(t.Value)
				if t.IsCode() {
					if m, ok := typographic[v]; ok {
						v = m
					}
				}
				putText(t, []byte(v), false)
			case *ast.CodeSpan:
				var b []byte
				for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
					if tt, ok := cc.(*ast.Text); ok {
						b = append(b, tt.Segment.Value(src)...)
					}
				}
				putText(t, b, false)
			case *ast.AutoLink:
				putText(t, t.Label(src), false)
			case *shortcode.Node:
				put(wildcard, origin{leaf: t})
			case *cite.Citation:
				if t.Mode == cite.Custom {
					walk(t)
				} else {
					put(opaque, origin{leaf: t})
				}
			default:
				if c.HasChildren() {
					walk(c)
				} else {
					put(opaque, origin{leaf: c})
				}
			}
		}
	}
	walk(block)
	return f
}

// find returns the start and end of each place quote occurs in f, not
// overlapping.
func (f *flat) find(quote string) [][2]int {
	var out [][2]int
	if quote == "" {
		return nil
	}
	if bytes.IndexByte(f.text, wildcard) < 0 {
		// Without a wildcard, a match is the quote's bytes exactly.
		q := []byte(quote)
		for i := 0; ; {
			j := bytes.Index(f.text[i:], q)
			if j < 0 {
				return out
			}
			out = append(out, [2]int{i + j, i + j + len(quote)})
			i += j + len(quote)
		}
	}
	for i := 0; i < len(f.text); {
		// A match starts with the quote's first byte or a wildcard; skip
		// the rest without the call.
		if c := f.text[i]; c != quote[0] && c != wildcard {
			i++
			continue
		}
		if end, ok := f.matchAt(i, quote); ok {
			out = append(out, [2]int{i, end})
			i = end
			continue
		}
		i++
	}
	return out
}

// matchAt reports whether quote occurs at i, and where it ends. A wildcard
// in the text matches one word of the quote: the characters up to the
// next space or up to the character that follows the wildcard.
func (f *flat) matchAt(i int, quote string) (int, bool) {
	t := f.text
	j := 0
	for j < len(quote) {
		if i >= len(t) {
			return 0, false
		}
		if t[i] == wildcard {
			var next byte = ' '
			if i+1 < len(t) {
				next = t[i+1]
			}
			start := j
			for j < len(quote) && quote[j] != ' ' && quote[j] != next {
				j++
			}
			if j == start {
				return 0, false
			}
			i++
			continue
		}
		if t[i] != quote[j] {
			return 0, false
		}
		i++
		j++
	}
	return i, true
}

// wrap puts the inline nodes that make up f.text[start:end] of block into
// a new Evidence node, splitting text nodes (and emphasis or links) at the
// ends so the span covers exactly the quote.
func wrap(block ast.Node, f *flat, start, end int, ev *Evidence) {
	so, eo := f.at[start], f.at[end-1]
	first, last := so.leaf, eo.leaf
	endOff := eo.off + eo.size
	if t, ok := first.(*ast.Text); ok && so.off > 0 {
		r := splitText(t, so.off)
		if last == first {
			last = r
			endOff -= so.off
		}
		first = r
	}
	if t, ok := last.(*ast.Text); ok && endOff < t.Segment.Len() {
		splitText(t, endOff)
	}
	parent := commonAncestor(first, last, block)
	a, wa := isolate(first, parent, true)
	b, wb := isolate(last, parent, false)
	ev.Widened = wa || wb
	parent.InsertBefore(parent, a, ev)
	for n := a; n != nil; {
		next := n.NextSibling()
		ev.AppendChild(ev, n)
		if n == b {
			break
		}
		n = next
	}
}

// splitText cuts t at byte off of its segment: t keeps the first part and
// the new node after it takes the rest, with t's line break.
func splitText(t *ast.Text, off int) *ast.Text {
	seg := t.Segment
	r := ast.NewTextSegment(text.NewSegment(seg.Start+off, seg.Stop))
	r.SetSoftLineBreak(t.SoftLineBreak())
	r.SetHardLineBreak(t.HardLineBreak())
	r.SetRaw(t.IsRaw())
	t.Segment = text.NewSegment(seg.Start, seg.Start+off)
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(false)
	t.Parent().InsertAfter(t.Parent(), t, r)
	return r
}

func commonAncestor(a, b, root ast.Node) ast.Node {
	on := map[ast.Node]bool{}
	for n := a.Parent(); n != nil; n = n.Parent() {
		on[n] = true
		if n == root {
			break
		}
	}
	for n := b.Parent(); n != nil; n = n.Parent() {
		if on[n] {
			return n
		}
	}
	return root
}

// isolate climbs from leaf to the child of parent that holds it, splitting
// each container on the way (an emphasis, a link) so that the leaf starts
// (atStart) or ends that child. A container that cannot be split is taken
// whole, and widened reports it.
func isolate(leaf, parent ast.Node, atStart bool) (ast.Node, bool) {
	widened := false
	cur := leaf
	for cur.Parent() != parent {
		up := cur.Parent()
		split := cur.PreviousSibling() != nil
		if !atStart {
			split = cur.NextSibling() != nil
		}
		if split {
			clone := shallowClone(up)
			if clone == nil {
				widened = true
			} else {
				// The clone takes the children from cur on (at the start)
				// or after cur (at the end) and goes after up.
				from := cur
				if !atStart {
					from = cur.NextSibling()
				}
				for c := from; c != nil; {
					next := c.NextSibling()
					clone.AppendChild(clone, c)
					c = next
				}
				up.Parent().InsertAfter(up.Parent(), up, clone)
				if atStart {
					cur = clone
					continue
				}
			}
		}
		cur = up
	}
	return cur, widened
}

// shallowClone copies a container that can be cut in two without changing
// what the reader sees; nil for anything else.
func shallowClone(n ast.Node) ast.Node {
	var c ast.Node
	switch t := n.(type) {
	case *ast.Emphasis:
		c = ast.NewEmphasis(t.Level)
	case *ast.Link:
		l := ast.NewLink()
		l.Destination, l.Title = t.Destination, t.Title
		c = l
	default:
		return nil
	}
	for _, a := range n.Attributes() {
		c.SetAttribute(a.Name, a.Value)
	}
	return c
}

// blockText is the flat text of a paragraph or list item, for messages.
func blockText(block ast.Node, src []byte) string {
	return strings.Map(func(r rune) rune {
		if r == wildcard || r == opaque {
			return '…'
		}
		return r
	}, string(flatten(block, src).text))
}

// Texts returns the text of every paragraph and list item of doc as the
// quotes are matched against it, with "…" where a shortcode or other
// non-text element stands; for messages that show what the text says.
func Texts(doc ast.Node, src []byte) []string {
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			out = append(out, blockText(n, src))
			return ast.WalkSkipChildren, nil
		case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}
