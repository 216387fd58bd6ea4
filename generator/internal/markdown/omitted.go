package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// Omission is something a page's markdown holds that the page does not
// show as written, at a byte offset of the body.
type Omission struct {
	Offset    int
	Msg, Hint string
}

// safeSchemes are the addresses a link may lead to as written: web pages,
// mail and telephone numbers; an address with no scheme is relative.
var safeSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// Omissions lists what the renderer leaves out of d, or keeps although a
// reader's browser would not follow it: raw HTML (the engine never passes
// markup from content through, so the page shows nothing in its place) and
// links to addresses other than the web, mail and telephone (a
// javascript: link loses its address and reads as plain text). Each was
// dropped without a word. HTML comments are left out as meant to be.
func Omissions(d *Doc) []Omission {
	var out []Omission
	src := d.Source
	// One warning for the raw HTML of a paragraph: <b>x</b> is two tags.
	var lastRaw ast.Node
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 && n.Lines().Len() > 0 {
				out = append(out, rawHTML(n.Lines().At(0).Start))
			}
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				seg := n.Segments.At(0)
				if !bytes.HasPrefix(src[seg.Start:seg.Stop], []byte("<!--")) && n.Parent() != lastRaw {
					out = append(out, rawHTML(seg.Start))
					lastRaw = n.Parent()
				}
			}
		case *ast.Link:
			out = appendLink(out, n, n.Destination, src, "link to")
		case *ast.Image:
			out = appendLink(out, n, n.Destination, src, "image from")
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				out = appendLink(out, n, n.URL(src), src, "link to")
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

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
	if len(dest) > 0 {
		if i := bytes.Index(src[start:], dest); i >= 0 {
			return start + i
		}
		if i := bytes.Index(src, dest); i >= 0 {
			return i
		}
	}
	return start
}
