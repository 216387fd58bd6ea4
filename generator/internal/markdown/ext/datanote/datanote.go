// Package datanote is a goldmark extension for notes about the data: a
// block quote whose first line is the marker [!DATA] (in the manner of
// GitHub's [!NOTE] alerts) becomes an aside headed "Note on the data", so an
// editor's remark about the dataset is set apart from the report's own text.
//
//	> [!DATA]
//	> The text says one respondent was retired; the table marks two.
package datanote

import (
	"bytes"

	"reportgen/generator/internal/markdown"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Marker opens a data note.
const Marker = "[!DATA]"

// Title heads every data note.
const Title = "Note on the data"

// Library is the PageInfo.Uses key of pages with a data note, whose style
// is loaded only where needed.
const Library = "datanote"

// KindNote is the node kind of Note.
var KindNote = ast.NewNodeKind("DataNote")

// Note is a note about the data; its children are the note's blocks.
type Note struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *Note) Kind() ast.NodeKind { return KindNote }

// Dump implements ast.Node.
func (n *Note) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Extension adds data notes to a goldmark.Markdown.
type Extension struct{}

// Extend implements goldmark.Extender.
func (Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 500)))
}

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering && isNote(q, src) {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p := q.FirstChild().(*ast.Paragraph)
		first := p.Lines().At(0)
		// Drop the inline nodes of the marker line; goldmark splits
		// "[!DATA]" into several text nodes.
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, ok := c.(*ast.Text)
			if !ok || t.Segment.Start >= first.Stop {
				break
			}
			p.RemoveChild(p, c)
			c = next
		}
		if p.ChildCount() == 0 {
			q.RemoveChild(q, p)
		}
		note := &Note{}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			note.AppendChild(note, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, note)
	}
}

// isNote reports whether the quote's first line is the marker alone.
func isNote(q *ast.Blockquote, src []byte) bool {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return false
	}
	first := p.Lines().At(0)
	return string(bytes.TrimSpace(first.Value(src))) == Marker
}

type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindNote, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if info := markdown.Info(n.OwnerDocument()); info.Uses != nil {
				info.Uses[Library] = true
			}
			_, _ = w.WriteString(`<aside class="data-note" aria-label="` + Title + `">` + "\n" +
				`<p class="data-note__title">` + Title + "</p>\n")
		} else {
			_, _ = w.WriteString("</aside>\n")
		}
		return ast.WalkContinue, nil
	})
}
