// Package chart is a goldmark extension that turns a fenced code block with
// the info string "chart" — a small YAML spec naming a chart type and the
// dataset columns to draw — into a numbered figure: an ECharts option built
// with go-echarts, a caption, a one-sentence summary and the chart's data as
// a table that reads without JavaScript.
package chart

import (
	"strconv"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/mdext/figure"

	"github.com/yuin/goldmark/ast"
)

// KindFigure is the node kind of Figure; KindInvalid of Invalid.
var (
	KindFigure  = ast.NewNodeKind("ChartFigure")
	KindInvalid = ast.NewNodeKind("ChartInvalid")
)

// Figure is a chart block whose spec was read and whose chart was built.
type Figure struct {
	ast.BaseBlock
	Chart *Chart
	// Offset is the byte offset of the opening fence in the page body.
	Offset int
	Number int
}

var _ figure.Numbered = (*Figure)(nil)

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"ID": n.Chart.Spec.ID, "Type": n.Chart.Spec.Type, "Number": strconv.Itoa(n.Number),
	}, nil)
}

// FigureID implements figure.Numbered.
func (n *Figure) FigureID() string { return n.Chart.Spec.ID }

// FigureKind implements figure.Numbered.
func (n *Figure) FigureKind() string { return "fig" }

// SetNumber implements figure.Numbered.
func (n *Figure) SetNumber(num int) { n.Number = num }

// SourceOffset implements figure.Numbered.
func (n *Figure) SourceOffset() int { return n.Offset }

// Invalid is a chart block that cannot be drawn. It is not numbered, so a
// broken spec does not shift the numbers of the figures after it.
type Invalid struct {
	ast.BaseBlock
	// Problems are in the order found, each with its offset in the page
	// body.
	Problems []Problem
}

// Problem is one thing wrong with a chart block.
type Problem struct {
	Offset    int
	Msg, Hint string
}

// Kind implements ast.Node.
func (n *Invalid) Kind() ast.NodeKind { return KindInvalid }

// Dump implements ast.Node.
func (n *Invalid) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Problems": strconv.Itoa(len(n.Problems))}, nil)
}

// Diagnostics positions the problems in the page's file: src is the page
// body, which starts on line bodyLine of path.
func (n *Invalid) Diagnostics(path string, bodyLine int, src []byte) []*diag.Error {
	out := make([]*diag.Error, len(n.Problems))
	for i, p := range n.Problems {
		line, col := diag.LineCol(src, p.Offset)
		out[i] = &diag.Error{Path: path, Line: line + bodyLine - 1, Col: col, Msg: "chart: " + p.Msg, Hint: p.Hint}
	}
	return out
}

// Walk calls fn for every chart block of doc, drawn or not, in document
// order.
func Walk(doc ast.Node, fn func(ast.Node)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == KindFigure || n.Kind() == KindInvalid) {
			fn(n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
