package markdown

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Omission is something a page's markdown holds that the page does not
// show as written, at a byte offset of the body.
type Omission struct {
	Offset    int
	Msg, Hint string
	// Error is true for what can only be a mistake (a footnote never
	// defined); the rest is legal and a warning.
	Error bool
}

// safeSchemes are the addresses a link may lead to as written: web pages,
// mail and telephone numbers; an address with no scheme is relative.
var safeSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// OmissionScanner finds, node by node, what the renderer leaves out of a
// page or shows other than meant: raw HTML (the engine never passes markup
// from content through, so the page shows nothing in its place), links
// with no address or to addresses other than the web, mail and telephone
// (a javascript: link loses its address and reads as plain text), and
// footnote marks with no note (shown as typed). Each went without a word.
// HTML comments are left out as meant to be. It is fed by the walk that
// checks a page, which visits each node once for every check.
type OmissionScanner struct {
	src []byte
	out []Omission
	// lastRaw is the parent of the last raw HTML reported: one warning
	// for the raw HTML of a paragraph, <b>x</b> being two tags.
	lastRaw ast.Node
	// run is the current run of text as written, for footnote marks
	// (the parser splits "[^2]" at its bracket); each run is looked at
	// when it ends, and notes holds the marks found. Keeping every run
	// to the end was 3 % of what a build of 10,000 pages allocated.
	run   text.Segment
	inRun bool
	notes []Omission
}

// NewOmissionScanner scans a page whose body is src.
func NewOmissionScanner(src []byte) *OmissionScanner { return &OmissionScanner{src: src} }

// Visit looks at n, on entering it; every node of the tree is visited in
// document order.
func (o *OmissionScanner) Visit(n ast.Node) {
	src := o.src
	switch n := n.(type) {
	case *ast.HTMLBlock:
		if n.HTMLBlockType != ast.HTMLBlockType2 && n.Lines().Len() > 0 {
			o.out = append(o.out, rawHTML(n.Lines().At(0).Start))
		}
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			seg := n.Segments.At(0)
			if !bytes.HasPrefix(src[seg.Start:seg.Stop], []byte("<!--")) && n.Parent() != o.lastRaw {
				o.out = append(o.out, rawHTML(seg.Start))
				o.lastRaw = n.Parent()
			}
		}
	case *ast.Text:
		if n.Parent() != nil && n.Parent().Kind() == ast.KindCodeSpan {
			return // code is shown as written
		}
		seg := n.Segment
		if o.inRun && o.run.Stop == seg.Start {
			o.run.Stop = seg.Stop
		} else {
			o.endRun()
			o.run, o.inRun = seg, true
		}
	case *ast.Link:
		if len(bytes.TrimSpace(n.Destination)) == 0 {
			o.out = append(o.out, Omission{Offset: destOffset(n, nil, src), Msg: "link has no address: it leads back to the page itself",
				Hint: "write the address in the brackets, as in [text](/methods/), or remove the link"})
			return
		}
		o.out = appendLink(o.out, n, n.Destination, src, "link to")
	case *ast.Image:
		o.out = appendLink(o.out, n, n.Destination, src, "image from")
	case *ast.AutoLink:
		if n.AutoLinkType == ast.AutoLinkURL {
			o.out = appendLink(o.out, n, n.URL(src), src, "link to")
		}
	}
}

// Omissions is what the scan found, in source order.
func (o *OmissionScanner) Omissions() []Omission {
	o.endRun()
	out := append(slices.Clip(o.out), o.notes...)
	slices.SortStableFunc(out, func(a, b Omission) int { return cmp.Compare(a.Offset, b.Offset) })
	return out
}

// endRun looks for footnote marks in the run of text that ends: a
// footnote reference with no definition is not one, and was published as
// the text "[^2]".
func (o *OmissionScanner) endRun() {
	if !o.inRun {
		return
	}
	o.inRun = false
	seg := o.run
	run := o.src[seg.Start:seg.Stop]
	if !bytes.Contains(run, []byte("[^")) {
		return
	}
	for _, m := range footnoteRefRe.FindAllIndex(run, -1) {
		label := string(o.src[seg.Start+m[0]+2 : seg.Start+m[1]-1])
		o.notes = append(o.notes, Omission{Offset: seg.Start + m[0], Error: true,
			Msg:  "footnote [^" + label + "] is never defined",
			Hint: "add a line \"[^" + label + "]: the note's text\" below the paragraph, or remove the mark"})
	}
}

// footnoteRefRe is a footnote reference as written: "[^label]".
var footnoteRefRe = regexp.MustCompile(`\[\^[^\]\s]+\]`)

func rawHTML(offset int) Omission {
	return Omission{Offset: offset, Msg: "raw HTML is left out of the page",
		Hint: "write it in markdown; markup a page needs belongs in a template"}
}

func appendLink(out []Omission, n ast.Node, dest, src []byte, what string) []Omission {
	scheme := Scheme(string(dest))
	if scheme == "" || safeSchemes[scheme] {
		return out
	}
	o := Omission{Offset: destOffset(n, dest, src),
		Hint: "link to an http(s), mailto: or tel: address, or to a page of the site by its path"}
	if gmhtml.IsDangerousURL(dest) {
		o.Msg = what + " a " + scheme + ": address is removed: the page shows its text without the address"
	} else {
		o.Msg = what + " a " + scheme + ": address, which a reader's browser may not open"
	}
	return append(out, o)
}

// Scheme is the lower-cased scheme of a URL ("javascript"), empty for a
// relative one.
func Scheme(u string) string {
	u = strings.TrimSpace(u)
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(u[:i])
		default:
			return ""
		}
	}
	return ""
}

// destOffset finds where a link's address is written: after the start of
// the block holding the link (a reference definition may stand anywhere,
// so then anywhere), else the block's start.
func destOffset(n ast.Node, dest, src []byte) int {
	start := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			start = p.Lines().At(0).Start
			break
		}
	}
	if len(dest) == 0 {
		dest = []byte("]()") // an empty address, after its text
		if i := bytes.Index(src[start:], dest); i >= 0 {
			return start + i + 1
		}
	} else {
		if i := bytes.Index(src[start:], dest); i >= 0 {
			return start + i
		}
		if i := bytes.Index(src, dest); i >= 0 {
			return i
		}
	}
	return start
}
