// Package flowchart is a goldmark extension that draws career paths and ties
// each step to the sentence of the report it rests on.
//
// A fenced code block with the info string "career" names a path:
//
//	```career
//	id: secondary-care
//	```
//
// and becomes a numbered figure: the path's steps as an ordered list laid
// out as a flow chart (layered, in the manner of Sugiyama: layout.go) by
// CSS grid, with the lines between steps drawn in
// small inline SVGs, readable without JavaScript and in print. A block
// naming several paths ("ids: [a, b]", or "ids: all") shows them side by
// side in a compact form, unnumbered, each linking to its full figure.
//
// Every sentence (or clause) a step quotes as evidence is wrapped where it
// stands in the text in an anchor, <span class="evidence" id="ev-...">,
// with a link back to the diagram; the steps link to those anchors.
package flowchart

import (
	"strconv"

	"reportgen/generator/internal/input/flow"
	"reportgen/generator/internal/markdown/ext/figure"

	"github.com/yuin/goldmark/ast"
)

// Node kinds of the extension.
var (
	KindFigure    = ast.NewNodeKind("CareerFigure")
	KindOverview  = ast.NewNodeKind("CareerOverview")
	KindEvidence  = ast.NewNodeKind("CareerEvidence")
	KindBacklinks = ast.NewNodeKind("CareerBacklinks")
)

// Figure is a career block naming one path: a numbered figure.
type Figure struct {
	ast.BaseBlock
	Path *flow.Path
	// Offset is the byte offset of the opening fence in the page body.
	Offset int
	Number int
}

var _ figure.Numbered = (*Figure)(nil)

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Path": n.Path.ID, "Number": strconv.Itoa(n.Number)}, nil)
}

// FigureID implements figure.Numbered: "career-secondary-care", so the
// figure's HTML id is "fig-career-secondary-care" and "@fig:career-..."
// cross-references it.
func (n *Figure) FigureID() string { return FigureID(n.Path.ID) }

// FigureID is the figure id of a path's diagram.
func FigureID(path string) string { return "career-" + path }

// OverviewID is the HTML id (before the page prefix) of a path drawn in
// compact form among others.
func OverviewID(path string) string { return "career-" + path }

// FigureKind implements figure.Numbered.
func (n *Figure) FigureKind() string { return "fig" }

// SetNumber implements figure.Numbered.
func (n *Figure) SetNumber(num int) { n.Number = num }

// SourceOffset implements figure.Numbered.
func (n *Figure) SourceOffset() int { return n.Offset }

// Added implements figure.Added: a diagram is the edition's, rebuilt from
// the text, never the publication's own figure.
func (n *Figure) Added() bool { return true }

// Overview is a career block naming several paths, shown side by side in
// compact form. It is not numbered: each path is numbered where it is
// shown in full.
type Overview struct {
	ast.BaseBlock
	Paths  []*flow.Path
	Offset int
}

// Kind implements ast.Node.
func (n *Overview) Kind() ast.NodeKind { return KindOverview }

// Dump implements ast.Node.
func (n *Overview) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Paths": strconv.Itoa(len(n.Paths))}, nil)
}

// Evidence wraps the words of the report a step quotes, where they stand.
type Evidence struct {
	ast.BaseInline
	Ev *flow.Evidence
	// Anchor is false for a second occurrence in the same page, which
	// must not repeat the id (the build reports it).
	Anchor bool
	// Widened is set when the quote began or ended inside an element that
	// cannot be split (another quote, a citation), so the anchor covers
	// a little more than the quote.
	Widened bool
}

// Kind implements ast.Node.
func (n *Evidence) Kind() ast.NodeKind { return KindEvidence }

// Dump implements ast.Node.
func (n *Evidence) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"ID": n.Ev.ID}, nil)
}

// Backlinks closes a paragraph holding quoted sentences with the links back
// to the diagrams resting on them. They stand at the end of the paragraph,
// never inside a sentence of the text, so the report's words read and copy
// without interruption.
type Backlinks struct {
	ast.BaseInline
	// Evs are the anchored quotes of the paragraph, in reading order.
	Evs []*flow.Evidence
}

// Kind implements ast.Node.
func (n *Backlinks) Kind() ast.NodeKind { return KindBacklinks }

// Dump implements ast.Node.
func (n *Backlinks) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Quotes": strconv.Itoa(len(n.Evs))}, nil)
}
