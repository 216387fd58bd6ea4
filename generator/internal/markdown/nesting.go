package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxNesting is how deep lists and block quotes may be nested inside one
// another. Every line of a page is matched against each block still open
// above it, so a page nested n deep costs n steps a line: 3.6 MB of
// "- - - …" lines took 19 s and 1.5 GB, and deeper nesting grows with the
// square of the page. No text reads past a few levels; past 100 the
// markers are left as text, the page is an error at the first of them, and
// every line costs at most 100 steps.
const MaxNesting = 100

// Problem is something wrong with a page found while parsing it, at a byte
// offset of the body.
type Problem struct {
	Offset    int
	Msg, Hint string
}

var tooDeepKey, depthsKey = parser.NewContextKey(), parser.NewContextKey()

// blockParsers are goldmark's block parsers, with the list and block
// quote parsers refusing to open a block nested deeper than MaxNesting.
func blockParsers() []util.PrioritizedValue {
	ps := parser.DefaultBlockParsers()
	for i, p := range ps {
		switch bp := p.Value.(type) {
		case parser.BlockParser:
			if bp == parser.NewListParser() || bp == parser.NewBlockquoteParser() {
				ps[i].Value = nestLimit{bp}
			}
		}
	}
	return ps
}

// nestLimit opens its parser's blocks only up to MaxNesting deep.
type nestLimit struct{ parser.BlockParser }

func (n nestLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	// Each list and quote opened here is recorded with its depth, so
	// that finding the depth of a new one is a step or two up to the
	// nearest, not a walk up every level.
	depths, _ := pc.Get(depthsKey).(map[ast.Node]int)
	if depths == nil {
		depths = map[ast.Node]int{}
		pc.Set(depthsKey, depths)
	}
	depth := 0
	for p := parent; p != nil; p = p.Parent() {
		if d, ok := depths[p]; ok {
			depth = d
			break
		}
	}
	if depth < MaxNesting {
		node, state := n.BlockParser.Open(parent, reader, pc)
		if node != nil {
			depths[node] = depth + 1
		}
		return node, state
	}
	// The list parser only peeks at the line: asking it is free, and
	// it declines a line that adds an item to an open list, which is not
	// a deeper block. The block quote parser consumes the marker, and
	// any ">" it would see here opens a deeper quote.
	if n.BlockParser == parser.NewListParser() {
		if node, _ := n.BlockParser.Open(parent, reader, pc); node == nil {
			return nil, parser.NoChildren
		}
	}
	if pc.Get(tooDeepKey) == nil {
		_, seg := reader.Position()
		pc.Set(tooDeepKey, seg.Start)
	}
	return nil, parser.NoChildren
}

// problems are what the parse of a page recorded in its context.
func problems(pc parser.Context) []Problem {
	off, ok := pc.Get(tooDeepKey).(int)
	if !ok {
		return nil
	}
	return []Problem{{Offset: off,
		Msg:  "lists and block quotes are nested more than " + strconv.Itoa(MaxNesting) + " deep here",
		Hint: "nest fewer levels (at most " + strconv.Itoa(MaxNesting) + "); a marker past that depth would be read as text"}}
}
