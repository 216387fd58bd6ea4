// Package cite is a goldmark extension for citations and cross-references:
//
//	[@smith2008]          parenthetical: (Smith and Jones, 2008)
//	[@jones1998; @jones2001] several keys in one bracket
//	[-@brown2006]         year only: (2006)
//	@green2001            narrative: Green (2001)
//	[own words](cite:key) the editor's own words, linked to the entry
//	@fig:age, [@fig:age]  a cross-reference: Figure 3 (keys with a prefix)
//
// Keys are resolved when the document is rendered, by a Resolver, so figure
// numbers known only after every page is parsed can be used.
package cite

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// Mode says how a citation is written.
type Mode int

const (
	Parenthetical Mode = iota // [@key]
	YearOnly                  // [-@key]
	Narrative                 // @key
	Custom                    // [text](cite:key): children are the text
)

// KindCitation is the node kind of Citation.
var KindCitation = ast.NewNodeKind("Citation")

// Citation is an inline citation or cross-reference.
type Citation struct {
	ast.BaseInline
	Mode Mode
	Keys []string
	// Offset is the byte offset of the citation in the document source,
	// for error positions.
	Offset int
	// IDs are the anchor ids given to each key's link, set by the indexer
	// so a references list can link back ("cite-smith2008-2").
	IDs []string
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Mode": fmt.Sprint(n.Mode), "Keys": fmt.Sprint(n.Keys),
	}, nil)
}
