package markdown

import (
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// depth is how deep lists and block quotes are nested in d.
func depth(d *Doc) int {
	deepest := 0
	var walk func(n ast.Node, at int)
	walk = func(n ast.Node, at int) {
		if k := n.Kind(); k == ast.KindList || k == ast.KindBlockquote {
			at++
		}
		deepest = max(deepest, at)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, at)
		}
	}
	walk(d.AST, 0)
	return deepest
}

// Lists and block quotes nest up to MaxNesting deep; past it the markers
// are text and the page has a problem at the first of them.
func TestNestingLimit(t *testing.T) {
	e := New(Options{})
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	for _, c := range []struct {
		name, src string
		// wantAt is the offset of the problem, -1 for none.
		wantAt int
	}{
		{"list at the limit", strings.Repeat("- ", MaxNesting) + "x\n", -1},
		{"list past it", "intro\n\n" + strings.Repeat("- ", MaxNesting+50) + "x\n", len("intro\n\n") + 2*MaxNesting},
		{"quote at the limit", strings.Repeat("> ", MaxNesting) + "x\n", -1},
		{"quote past it", strings.Repeat("> ", MaxNesting+1) + "x\n", 2 * MaxNesting},
		{"mixed", strings.Repeat("> - ", MaxNesting) + "x\n", 2 * MaxNesting},
		{"indented at the limit", indented(MaxNesting), -1},
		{"indented past it", indented(MaxNesting + 3), len(indented(MaxNesting)) + 2*MaxNesting},
		// Many lists one level deep are not nested.
		{"siblings", strings.Repeat("- a\n- b\n\n1. c\n2. d\n\n> e\n\n", MaxNesting*2), -1},
		{"items of the deepest list", strings.Repeat("- ", MaxNesting) + "x\n" + strings.Repeat("  ", MaxNesting-1) + "- y\n", -1},
	} {
		d := e.Parse([]byte(c.src), &PageInfo{})
		if c.wantAt < 0 {
			if len(d.Problems) != 0 {
				t.Errorf("%s: problems %+v", c.name, d.Problems)
			}
			if got := depth(d); got > MaxNesting {
				t.Errorf("%s: nested %d deep", c.name, got)
			}
			continue
		}
		if len(d.Problems) != 1 || d.Problems[0].Offset != c.wantAt || !strings.Contains(d.Problems[0].Msg, "nested more than 100 deep") {
			t.Errorf("%s: problems %+v, want one at offset %d", c.name, d.Problems, c.wantAt)
		}
		if got := depth(d); got != MaxNesting {
			t.Errorf("%s: nested %d deep, want %d", c.name, got, MaxNesting)
		}
	}
	// The deepest list still has its two items.
	d := e.Parse([]byte(strings.Repeat("- ", MaxNesting)+"x\n"+strings.Repeat("  ", MaxNesting-1)+"- y\n"), &PageInfo{})
	var items int
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.List); ok && entering && l.ChildCount() == 2 {
			items++
		}
		return ast.WalkContinue, nil
	})
	if items != 1 {
		t.Errorf("%d lists with two items, want 1", items)
	}
}

// BenchmarkNesting parses pages of deeply nested lists and quotes at two
// sizes: with nesting bounded, the time per byte (ns/B, the inverse of
// MB/s) stays the same as the page doubles. Without the bound, lines
// indented one level more each, 1.8 MB, took 24 s to build, and 3.6 MB 98 s.
func BenchmarkNesting(b *testing.B) {
	e := New(Options{})
	shapes := map[string]func(size int) string{
		"dashes": func(size int) string { // "- - - … x" lines, 500 deep
			return fill(size, func(int) string { return strings.Repeat("- ", 500) + "x\n" })
		},
		"quotes": func(size int) string {
			return fill(size, func(int) string { return strings.Repeat("> ", 500) + "x\n" })
		},
		"indented": func(size int) string { // each item one level deeper
			return fill(size, func(i int) string { return strings.Repeat("  ", i) + "- x\n" })
		},
		"lazy": func(size int) string { // one deep quote, then lines continuing it
			return strings.Repeat("> ", 5000) + "x\n" + fill(size-10001, func(int) string { return "y\n" })
		},
		// Not nested, for comparison: a long list, a long paragraph.
		"flat-list": func(size int) string { return fill(size, func(int) string { return "- x\n" }) },
		"flat-text": func(size int) string { return fill(size, func(int) string { return "y\n" }) },
	}
	for _, name := range []string{"dashes", "quotes", "indented", "lazy", "flat-list", "flat-text"} {
		for _, size := range []int{256 << 10, 512 << 10} {
			src := []byte(shapes[name](size))
			b.Run(name+"/"+sizeName(size), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					e.Parse(src, &PageInfo{})
				}
			})
		}
	}
}

func fill(size int, line func(i int) string) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(line(i))
	}
	return b.String()
}

func sizeName(n int) string { return strconv.Itoa(n>>10) + "KB" }
