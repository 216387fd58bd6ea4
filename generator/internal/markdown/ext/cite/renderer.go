package cite

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Target is what a key resolves to.
type Target struct {
	// Author is the short author form ("Ham and Dickinson"); Year the
	// year. Cross-references set Label ("Figure 3") instead.
	Author, Year string
	Label        string
	// Href is the link to the entry or figure.
	Href string
}

// Resolver resolves keys at render time. Implementations must be safe for
// concurrent use: pages render in parallel.
type Resolver interface {
	Resolve(doc *ast.Document, key string) (Target, bool)
}

type htmlRenderer struct{ r Resolver }

func (h *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, h.render)
}

func (h *htmlRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Citation)
	doc := n.OwnerDocument()
	targets := make([]Target, len(n.Keys))
	for i, k := range n.Keys {
		t, ok := h.r.Resolve(doc, k)
		if !ok {
			// The build reports unknown keys with their position; the text
			// shows the key unlinked rather than a link to nowhere.
			if entering {
				_, _ = w.WriteString(`<span class="cite-unresolved">@` + html.EscapeString(k) + `</span>`)
			}
			return ast.WalkSkipChildren, nil
		}
		targets[i] = t
	}
	id := func(i int) string {
		if i < len(n.IDs) && n.IDs[i] != "" {
			return ` id="` + html.EscapeString(n.IDs[i]) + `"`
		}
		return ""
	}
	open := func(i int) {
		cls := "cite"
		if targets[i].Label != "" {
			cls = "xref"
		}
		_, _ = w.WriteString(`<a class="` + cls + `"` + id(i) + ` href="` + html.EscapeString(targets[i].Href) + `">`)
	}
	if n.Mode == Custom {
		if entering {
			open(0)
		} else {
			_, _ = w.WriteString("</a>")
		}
		return ast.WalkContinue, nil
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	// Cross-references print their label alone: "see Figure 3".
	if targets[0].Label != "" && n.Mode != YearOnly {
		for i, t := range targets {
			if i > 0 {
				_, _ = w.WriteString(", ")
			}
			open(i)
			_, _ = w.WriteString(html.EscapeString(t.Label) + "</a>")
		}
		return ast.WalkSkipChildren, nil
	}
	switch n.Mode {
	case Narrative:
		t := targets[0]
		open(0)
		_, _ = w.WriteString(html.EscapeString(t.Author) + " (" + html.EscapeString(t.Year) + ")</a>")
	default:
		_ = w.WriteByte('(')
		for i, t := range targets {
			if i > 0 {
				_, _ = w.WriteString("; ")
			}
			open(i)
			if n.Mode == YearOnly {
				_, _ = w.WriteString(html.EscapeString(t.Year))
			} else {
				_, _ = w.WriteString(html.EscapeString(t.Author) + ", " + html.EscapeString(t.Year))
			}
			_, _ = w.WriteString("</a>")
		}
		_ = w.WriteByte(')')
	}
	return ast.WalkSkipChildren, nil
}
