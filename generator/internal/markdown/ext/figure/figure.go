// Package figure is what numbered things (charts, diagrams, tables) have in
// common, so the build can number them in reading order and cross-references
// can name them ("Figure 3") without knowing what they are.
package figure

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Numbered is an AST node that is a numbered figure or table.
type Numbered interface {
	ast.Node
	// FigureID is the id given in the markdown ("age-hist"); the HTML id is
	// Kind's prefix and the id ("fig-age-hist").
	FigureID() string
	// FigureKind is "fig" or "tbl".
	FigureKind() string
	// SetNumber is called before rendering with the figure's number.
	SetNumber(n int)
	// SourceOffset is where the figure is defined, for error positions.
	SourceOffset() int
}

// Added is implemented by numbered things the edition added rather than
// reproduced: they are numbered in a series of their own ("Edition figure
// 3"), so a citation of the publication's figures never lands on one.
type Added interface {
	Added() bool
}

// Named is implemented by numbered things that go by a name of their own
// ("Appendix table") rather than a number, when the name is not empty.
type Named interface {
	FigureLabel() string
}

// IsAdded reports whether n is the edition's rather than the publication's.
func IsAdded(n Numbered) bool {
	a, ok := n.(Added)
	return ok && a.Added()
}

// Key is a figure's cross-reference key ("fig:age-hist"), as written after
// the @ of a cross-reference.
func Key(kind, id string) string { return kind + ":" + id }

// IsKey reports whether a citation key is a cross-reference to a figure or
// table rather than a bibliography key.
func IsKey(key string) bool {
	return strings.HasPrefix(key, "fig:") || strings.HasPrefix(key, "tbl:")
}

// HTMLID is the element id of a figure.
func HTMLID(kind, id string) string { return kind + "-" + id }

// Walk calls fn for every numbered node of doc in document order.
func Walk(doc ast.Node, fn func(Numbered)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(Numbered); ok && entering {
			fn(f)
		}
		return ast.WalkContinue, nil
	})
}
