package fenced

import (
	"testing"

	// Every test package of markdown/ext knows -update (see spectest).
	_ "reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func TestReadAndOffset(t *testing.T) {
	src := []byte("Intro.\n\n```chart\nid: x\ntype: bar\n```\n")
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var fb *ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok {
			fb = b
		}
		return ast.WalkContinue, nil
	})
	b := Read(fb, src)
	if string(b.Body) != "id: x\ntype: bar\n" {
		t.Errorf("body %q", b.Body)
	}
	if got := string(src[b.Offset(2, 7):]); got[:3] != "bar" {
		t.Errorf("line 2 column 7 is at %q", got)
	}
	if b.Offset(9, 1) != b.Fence() || string(src[b.Fence():b.Fence()+3]) != "```" {
		t.Errorf("a position outside the body should map to the fence, at %d", b.Fence())
	}
}
