// Package chart is a goldmark extension that turns a fenced code block with
// the info string "chart" — a small YAML spec naming a chart type and the
// dataset columns to draw — into a numbered figure: an ECharts option built
// with go-echarts, a caption, a one-sentence summary and the chart's data as
// a table that reads without JavaScript.
package chart

import (
	"strconv"

	"reportgen/generator/internal/markdown/ext/blockerr"
	"reportgen/generator/internal/markdown/ext/figure"

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

// Added implements figure.Added: a chart drawn from a dataset is the
// edition's, numbered in its own series.
func (n *Figure) Added() bool { return true }

// Walk calls fn for every chart block of doc, drawn or not, in document
// order.
func Walk(doc ast.Node, fn func(ast.Node)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == KindFigure || n.Kind() == blockerr.Kind) {
			fn(n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
