package cite

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Target is what a key resolves to.
type Target struct {
	// Author is the short author form ("Smith and Jones"); Year the
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
	words, targets, ok := Read(n, h.r)
	if !ok {
		// The build reports unknown keys with their position; the text
		// shows the key unlinked rather than a link to nowhere.
		if entering {
			_, _ = w.WriteString(`<span class="cite-unresolved">` + html.EscapeString(words.Keys[0]) + `</span>`)
		}
		return ast.WalkSkipChildren, nil
	}
	open := func(i int) {
		cls := "cite"
		if targets[i].Label != "" {
			cls = "xref"
		}
		id := ""
		if i < len(n.IDs) && n.IDs[i] != "" {
			id = ` id="` + html.EscapeString(n.IDs[i]) + `"`
		}
		_, _ = w.WriteString(`<a class="` + cls + `"` + id + ` href="` + html.EscapeString(targets[i].Href) + `">`)
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
	_, _ = w.WriteString(words.Open)
	for i, k := range words.Keys {
		if i > 0 {
			_, _ = w.WriteString(words.Sep)
		}
		open(i)
		_, _ = w.WriteString(html.EscapeString(k) + "</a>")
	}
	_, _ = w.WriteString(words.Close)
	return ast.WalkSkipChildren, nil
}
