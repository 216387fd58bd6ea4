// Package fenced reads the body of a fenced code block that holds a spec
// (a chart's, a career path's) and maps positions in that body back to the
// page, so an extension can report a problem at its line and column.
package fenced

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// Block is the body of a fenced code block.
type Block struct {
	Body  []byte
	fb    *ast.FencedCodeBlock
	fence int // offset of the start of the opening fence's line
}

// Read takes the body of fb, a block of the page source src.
func Read(fb *ast.FencedCodeBlock, src []byte) Block {
	lines := fb.Lines()
	var body bytes.Buffer
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		body.Write(seg.Value(src))
	}
	fence := fb.Info.Segment.Start
	for fence > 0 && src[fence-1] != '\n' {
		fence--
	}
	return Block{Body: body.Bytes(), fb: fb, fence: fence}
}

// Offset maps a 1-based line and column of the body to a byte offset of
// the page; a position outside the body maps to the opening fence.
func (b Block) Offset(line, col int) int {
	lines := b.fb.Lines()
	if line < 1 || line > lines.Len() {
		return b.fence
	}
	seg := lines.At(line - 1)
	return seg.Start + max(0, min(col-1, seg.Stop-seg.Start))
}

// Fence is the offset of the opening fence's line.
func (b Block) Fence() int { return b.fence }
