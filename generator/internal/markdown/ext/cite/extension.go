package cite

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Extension adds citations to a goldmark.Markdown.
type Extension struct {
	Resolver Resolver
}

// Extend implements goldmark.Extender.
func (e Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before footnote references (101) and links (200), both of which
		// also start with '['.
		parser.WithInlineParsers(
			util.Prioritized(bracketParser{}, 100),
			util.Prioritized(narrativeParser{}, 100),
		),
		parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&htmlRenderer{r: e.Resolver}, 500),
	))
}

// Walk calls fn for every citation in doc, in document order.
func Walk(doc ast.Node, fn func(*Citation)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*Citation); ok && entering {
			fn(c)
		}
		return ast.WalkContinue, nil
	})
}
