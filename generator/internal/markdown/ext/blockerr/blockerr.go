// Package blockerr is the node a markdown extension leaves where a block it
// could not build stood (a chart spec with an unknown column, a career block
// naming no path). The problems travel in the syntax tree, and the build
// reports every one with its position before anything is rendered. The node
// is not numbered, so a broken block does not shift the figures after it.
package blockerr

import (
	"errors"
	"strconv"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/markdown"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Kind is the node kind of Node.
var Kind = ast.NewNodeKind("BlockError")

// Problem is one thing wrong with a block, at a byte offset of the page
// body.
type Problem struct {
	Offset    int
	Msg, Hint string
}

// Node stands where a block could not be built.
type Node struct {
	ast.BaseBlock
	// Extension names what the block was ("chart", "career"); messages
	// start with it.
	Extension string
	Problems  []Problem
}

// New makes a node for the named extension's block.
func New(extension string, problems ...Problem) *Node {
	return &Node{Extension: extension, Problems: problems}
}

// Kind implements ast.Node.
func (n *Node) Kind() ast.NodeKind { return Kind }

// Dump implements ast.Node.
func (n *Node) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Extension": n.Extension, "Problems": strconv.Itoa(len(n.Problems)),
	}, nil)
}

// Diagnostics positions the problems in the page's file: src is the page
// body, which starts on line bodyLine of path.
func (n *Node) Diagnostics(path string, bodyLine int, src []byte) []*diag.Error {
	out := make([]*diag.Error, len(n.Problems))
	for i, p := range n.Problems {
		line, col := diag.BodyLineCol(bodyLine, src, p.Offset)
		out[i] = diag.Place(&diag.Error{Msg: p.Msg, Hint: p.Hint}, path, line, col, n.Extension)
	}
	return out
}

// Walk calls fn for every broken block of doc, in document order.
func Walk(doc ast.Node, fn func(*Node)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*Node); ok && entering {
			fn(b)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// Renderer stops rendering at a broken block with its first problem. The
// build reports every problem before it renders, so this is reached only
// when an extension is used on its own.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(Kind, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*Node)
		info := markdown.Info(n.OwnerDocument())
		if errs := n.Diagnostics(info.Path, info.BodyLine, src); len(errs) > 0 {
			return ast.WalkStop, errs[0]
		}
		return ast.WalkStop, errors.New(n.Extension + ": invalid block")
	})
}
