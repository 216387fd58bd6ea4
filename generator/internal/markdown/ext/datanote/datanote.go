// Package datanote is a goldmark extension for the edition's own notes: a
// block quote whose first line is the marker [!DATA] (in the manner of
// GitHub's [!NOTE] alerts) becomes a note headed "Note on the data", and
// one whose first line is [!EDITION] a plain note. Either is set apart from
// the publication's text: it carries data-provenance="edition" and the
// site's visible label for additions, and an id the edition's list of
// additions links to.
//
//	> [!DATA]
//	> The text says one respondent was retired; the table marks two.
//
//	> [!EDITION]
//	> The chart printed here is not in the source text.
package datanote

import (
	"bytes"
	"html"
	"strconv"

	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/provenance"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Marker opens a data note; EditionMarker an edition's note.
const (
	Marker        = "[!DATA]"
	EditionMarker = "[!EDITION]"
)

// Title heads every data note.
const Title = "Note on the data"

// Library is the PageInfo.Uses key of pages with a data note, whose style
// is loaded only where needed.
const Library = "datanote"

// KindNote is the node kind of Note.
var KindNote = ast.NewNodeKind("DataNote")

// Note is a note of the edition; its children are the note's blocks.
type Note struct {
	ast.BaseBlock
	// Data is true for a note about the data, false for a plain note.
	Data bool
	// ID is the note's element id before the page prefix ("data-note-1",
	// "note-2"), numbered in reading order on its page.
	ID string
}

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
	var marks []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			if m := marker(q, src); m != "" {
				quotes = append(quotes, q)
				marks = append(marks, m)
			}
		}
		return ast.WalkContinue, nil
	})
	counts := map[bool]int{}
	for i, q := range quotes {
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
		note := &Note{Data: marks[i] == Marker}
		counts[note.Data]++
		note.ID = "note-" + strconv.Itoa(counts[note.Data])
		if note.Data {
			note.ID = "data-" + note.ID
		}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			note.AppendChild(note, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, note)
	}
}

// marker is the note marker the quote's first line holds alone, or "".
func marker(q *ast.Blockquote, src []byte) string {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return ""
	}
	first := p.Lines().At(0)
	switch m := string(bytes.TrimSpace(first.Value(src))); m {
	case Marker, EditionMarker:
		return m
	}
	return ""
}

type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindNote, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		note := n.(*Note)
		info := markdown.Info(n.OwnerDocument())
		id := html.EscapeString(info.IDPrefix + note.ID)
		badge := provenance.Badge(info.Edition.Or().Added)
		switch {
		case entering && note.Data:
			if info.Uses != nil {
				info.Uses[Library] = true
			}
			// A note, not a landmark: a page may hold several.
			_, _ = w.WriteString(`<div class="data-note" id="` + id + `" role="note"` + provenance.Attr + `>` + "\n" +
				`<p class="data-note__title">` + badge + " " + Title + "</p>\n")
		case entering:
			if info.Uses != nil {
				info.Uses[Library] = true
			}
			_, _ = w.WriteString(`<div class="edition-note" id="` + id + `" role="note"` + provenance.Attr + `>` + "\n" +
				`<p class="edition-note__label">` + badge + "</p>\n")
		default:
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
