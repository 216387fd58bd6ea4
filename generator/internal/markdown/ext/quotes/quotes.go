// Package quotes is a goldmark extension that makes straight quotes curly
// by reading each one in its context, and checks that every quotation
// opened is closed.
//
// goldmark's typographer takes a single quote before t, e, n or l for an
// elision ('twas, 'em, 'net), so the report's 'the odd one out' opened
// with a closing quote. Here a quote after a space, the start of a block or
// an opening bracket or dash, and before a letter or digit, opens a
// quotation unless the word it starts is a known elision; a quote between
// two letters is an apostrophe (King's); any other quote closes. Quotes in
// code are left alone. The decision sees across inline elements, so a
// quotation may open in one emphasis and close in the next.
//
// Every block's quotations are then matched: an opening quote with no
// closing one after it in the same block is a problem, reported with its
// byte offset in the page body (see Problems).
package quotes

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The curly quotes written out.
const (
	OpenSingle  = "‘"
	CloseSingle = "’" // also the apostrophe
	OpenDouble  = "“"
	CloseDouble = "”"
)

// Elisions are words that start with an apostrophe rather than an opening
// quote ('tis, '90s).
var elisions = []string{"tis", "twas", "twere", "em", "n", "til", "cause", "round"}

// Problem is a quotation opened and not closed, at a byte offset of the
// page body.
type Problem struct {
	Offset    int
	Msg, Hint string
}

const problemsKey = "quotes.problems"

// Problems lists the unclosed quotations of a document parsed with the
// extension.
func Problems(doc *ast.Document) []Problem {
	p, _ := doc.Meta()[problemsKey].([]Problem)
	return p
}

// Extension curls quotes and checks them. The typographer must leave
// quotes alone (its quote substitutions set to nil).
type Extension struct{}

// Extend implements goldmark.Extender.
func (Extension) Extend(m goldmark.Markdown) {
	// First of the transformers: later ones (career quotes, data notes)
	// see the final characters.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 10)))
}

type transformer struct{}

// piece is one inline leaf of a block, in reading order.
type piece struct {
	text *ast.Text // nil for a leaf whose text is not ours to change
	// s is what the leaf reads as, for context: its text, or a stand-in
	// letter for an element such as a citation or code.
	s string
}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var problems []Problem
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			blocks = append(blocks, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		if hasQuote(b, src) {
			problems = append(problems, curl(b, src)...)
		}
	}
	if len(problems) > 0 {
		doc.AddMeta(problemsKey, problems)
	}
}

// quoteChars are the characters curl changes or keeps track of.
const quoteChars = `'"‘’“”`

// hasQuote reports whether a text of block b holds a quote, straight or
// curly: curl has nothing to do in any other block. Most blocks have
// none, and curl copied every one's text first (7 % of what a build of
// 10,000 pages allocated).
func hasQuote(b ast.Node, src []byte) bool {
	for c := b.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			if bytes.ContainsAny(t.Segment.Value(src), quoteChars) {
				return true
			}
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink:
		default:
			if hasQuote(c, src) {
				return true
			}
		}
	}
	return false
}

// curl rewrites the quotes of one block and returns its unclosed ones.
func curl(b ast.Node, src []byte) []Problem {
	var pieces []piece
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				s := string(t.Segment.Value(src))
				if t.SoftLineBreak() || t.HardLineBreak() {
					pieces = append(pieces, piece{text: t, s: s}, piece{s: " "})
				} else {
					pieces = append(pieces, piece{text: t, s: s})
				}
			case *ast.String:
				pieces = append(pieces, piece{s: string(t.Value)})
			case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink:
				pieces = append(pieces, piece{s: "x"})
			default:
				if c.FirstChild() != nil {
					walk(c)
				} else {
					// A citation, shortcode or other element: it reads
					// as a word.
					pieces = append(pieces, piece{s: "x"})
				}
			}
		}
	}
	walk(b)
	// The block's text, and where each piece starts in it.
	var all strings.Builder
	starts := make([]int, len(pieces))
	for i, p := range pieces {
		starts[i] = all.Len()
		all.WriteString(p.s)
	}
	flat := all.String()
	var stack []open
	for i, p := range pieces {
		if p.text == nil || !strings.ContainsAny(p.s, `'"`) {
			// Quotes written curly in the markdown count too.
			if p.text != nil {
				stack = track(stack, p.s, p.text.Segment.Start)
			}
			continue
		}
		t := p.text
		seg := t.Segment
		var out []ast.Node
		last := 0
		for j := 0; j < len(p.s); j++ {
			c := p.s[j]
			if c != '\'' && c != '"' {
				continue
			}
			at := starts[i] + j
			before, _ := utf8.DecodeLastRuneInString(flat[:at])
			if at == 0 {
				before = ' '
			}
			after, _ := utf8.DecodeRuneInString(flat[at+1:])
			if at+1 >= len(flat) {
				after = ' '
			}
			q, apostrophe := decide(c, before, after, flat[at+1:])
			if last < j {
				out = append(out, ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Start+j)))
			}
			s := ast.NewString([]byte(q))
			s.SetCode(true)
			out = append(out, s)
			last = j + 1
			if !apostrophe {
				stack = track(stack, q, seg.Start+j)
			}
		}
		if last < len(p.s) {
			out = append(out, ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Stop)))
		}
		// The line break after the text stays at the end.
		if tail, ok := out[len(out)-1].(*ast.Text); ok {
			tail.SetSoftLineBreak(t.SoftLineBreak())
			tail.SetHardLineBreak(t.HardLineBreak())
			tail.SetRaw(t.IsRaw())
		} else if t.SoftLineBreak() || t.HardLineBreak() {
			br := ast.NewTextSegment(text.NewSegment(seg.Stop, seg.Stop))
			br.SetSoftLineBreak(t.SoftLineBreak())
			br.SetHardLineBreak(t.HardLineBreak())
			out = append(out, br)
		}
		parent := t.Parent()
		for _, n := range out {
			parent.InsertBefore(parent, t, n)
		}
		parent.RemoveChild(parent, t)
	}
	var problems []Problem
	for _, o := range stack {
		q, want := OpenSingle, CloseSingle
		if o.double {
			q, want = OpenDouble, CloseDouble
		}
		problems = append(problems, Problem{Offset: o.offset,
			Msg:  "the quotation opened here with " + q + " is not closed in its paragraph",
			Hint: "close it with " + want + " (a straight quote after the last word), or write an apostrophe inside a word"})
	}
	return problems
}

// decide is the curly form of the straight quote c between the runes
// before and after it, and whether it is an apostrophe rather than a
// quotation mark; rest is the text after it.
func decide(c byte, before, after rune, rest string) (string, bool) {
	opening := unicode.IsSpace(before) || strings.ContainsRune("([{—–-/‘“", before)
	word := unicode.IsLetter(after) || unicode.IsDigit(after)
	if c == '"' {
		if opening && !unicode.IsSpace(after) {
			return OpenDouble, false
		}
		return CloseDouble, false
	}
	switch {
	case (unicode.IsLetter(before) || unicode.IsDigit(before)) && unicode.IsLetter(after):
		return CloseSingle, true // King's, don't
	case opening && word && elision(rest):
		return CloseSingle, true // 'tis, '90s
	case opening && (word || unicode.IsPunct(after) && after != '\'' && after != '"'):
		return OpenSingle, false
	}
	return CloseSingle, false
}

// elision reports whether the word after an apostrophe is a known elision
// or a decade ('90s).
func elision(rest string) bool {
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if end < 0 {
		end = len(rest)
	}
	w := strings.ToLower(rest[:end])
	if len(w) == 3 && w[0] >= '0' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9' && w[2] == 's' {
		return true
	}
	for _, e := range elisions {
		if w == e {
			return true
		}
	}
	return false
}

// open is a quotation opened and not yet closed.
type open struct {
	double bool
	offset int
}

// track matches the curly quotes of s, which starts at offset in the page
// body, against the open quotations on the stack. An apostrophe between
// two letters closes nothing.
func track(stack []open, s string, offset int) []open {
	var prev rune
	for j, r := range s {
		switch r {
		case '‘':
			stack = append(stack, open{false, offset + j})
		case '“':
			stack = append(stack, open{true, offset + j})
		case '’', '”':
			next, _ := utf8.DecodeRuneInString(s[j+len(string(r)):])
			if r == '’' && unicode.IsLetter(prev) && unicode.IsLetter(next) {
				break
			}
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].double == (r == '”') {
					stack = append(stack[:k], stack[k+1:]...)
					break
				}
			}
		}
		prev = r
	}
	return stack
}
