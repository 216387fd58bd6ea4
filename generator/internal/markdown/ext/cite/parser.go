package cite

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A key starts with a letter and ends with a letter or digit; it may hold
// letters, digits and - _ : . inside ("fig:age-at-first", "smith2008").
const keyPat = `[A-Za-z](?:[\w:.-]*[A-Za-z0-9])?`

var (
	bracketRe   = regexp.MustCompile(`^\[(-?@` + keyPat + `(?:\s*;\s*-?@` + keyPat + `)*)\]`)
	narrativeRe = regexp.MustCompile(`^@(` + keyPat + `)`)
)

type bracketParser struct{}

func (bracketParser) Trigger() []byte { return []byte{'['} }

func (bracketParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	m := bracketRe.FindSubmatch(line)
	if m == nil {
		return nil
	}
	n := &Citation{Mode: Parenthetical, Offset: seg.Start}
	parts := strings.Split(string(m[1]), ";")
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, "-") {
			n.Mode = YearOnly
			p = p[1:]
		}
		n.Keys = append(n.Keys, strings.TrimPrefix(p, "@"))
	}
	block.Advance(len(m[0]))
	return n
}

type narrativeParser struct{}

func (narrativeParser) Trigger() []byte { return []byte{'@'} }

func (narrativeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	// "name@host" is an address, not a citation: a narrative citation
	// starts a word.
	prev := block.PrecendingCharacter()
	if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '.' || prev == '_' || prev == '-' {
		return nil
	}
	line, seg := block.PeekLine()
	m := narrativeRe.FindSubmatch(line)
	if m == nil {
		return nil
	}
	block.Advance(len(m[0]))
	return &Citation{Mode: Narrative, Keys: []string{string(m[1])}, Offset: seg.Start}
}

// linkTransformer turns [text](cite:key) links into Custom citations.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var links []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering && strings.HasPrefix(string(l.Destination), "cite:") {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		key := strings.TrimPrefix(string(l.Destination), "cite:")
		c := &Citation{Mode: Custom, Keys: []string{key}, Offset: firstOffset(l)}
		for child := l.FirstChild(); child != nil; {
			next := child.NextSibling()
			c.AppendChild(c, child)
			child = next
		}
		l.Parent().ReplaceChild(l.Parent(), l, c)
	}
}

// firstOffset finds a source offset for n from its first text descendant.
func firstOffset(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			// Point at the opening bracket, one byte before the text.
			if t.Segment.Start > 0 {
				return t.Segment.Start - 1
			}
			return t.Segment.Start
		}
	}
	return 0
}
