// Package edition lists what an edition adds to the publication it
// reproduces. It finds, in every parsed page, the elements the build marks
// as added (charts, reconstructed diagrams, tables, notes) and the pages
// written for the edition (front matter edition: true), and the shortcode
// {{< edition list >}} shows them, each linked to where it stands; the
// list is made from the marks, so it cannot forget one.
//
//	{{< edition date >}}     the edition's date (site.yaml edition: date_text)
//	{{< edition source >}}   what it was made from (edition: source)
//	{{< edition list >}}     every addition, page by page
package edition

import (
	"fmt"
	"html"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/chart"
	"reportgen/generator/internal/markdown/ext/datanote"
	"reportgen/generator/internal/markdown/ext/datatable"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/flowchart"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/pipeline"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Feature is the edition's list of additions. It keeps the state of one
// build.
type Feature struct{ st *state }

// New makes the feature.
func New() *Feature { return &Feature{st: &state{}} }

var (
	_ pipeline.Feature        = (*Feature)(nil)
	_ pipeline.Indexer        = (*Feature)(nil)
	_ pipeline.PageIndexer    = (*Feature)(nil)
	_ pipeline.PageSummarizer = (*Feature)(nil)
)

type state struct {
	cfg  siteconfig.Edition
	rel  func(string) string
	home *content.Page
	// pages lists, in reading order, each page with additions.
	pages []*pageAdditions
}

type pageAdditions struct {
	page *content.Page
	// whole is true for a page written for the edition.
	whole bool
	items []item
}

// item is one addition: its element id on its page (before any prefix)
// and how the list names it.
type item struct {
	id, label, title string
}

// Load takes the edition's metadata.
func (f *Feature) Load(in pipeline.Inputs) *diag.List {
	f.st.cfg, f.st.rel, f.st.home, f.st.pages = in.Config().Edition, in.Rel, in.Home(), nil
	return &diag.List{}
}

// Markdown adds the shortcode.
func (f *Feature) Markdown(o *markdown.Options) {
	if o.Shortcodes == nil {
		o.Shortcodes = map[string]shortcode.Handler{}
	}
	o.Shortcodes[provenance.Shortcode] = handler{f.st}
}

// IndexPage collects the additions of one page, and checks its
// shortcodes. Pages come in reading order.
func (f *Feature) IndexPage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) *diag.List {
	pa, errs := f.record(s, p, d)
	if pa.whole || len(pa.items) > 0 {
		f.st.pages = append(f.st.pages, pa)
	}
	return errs
}

// SummarizePage is what IndexPage records of a page: its additions, and
// its title where it has any (the list names it).
func (f *Feature) SummarizePage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) (string, *diag.List) {
	pa, errs := f.record(s, p, d)
	if !pa.whole && len(pa.items) == 0 {
		return "", errs
	}
	return fmt.Sprintf("%q %t %q", p.Meta.Title, pa.whole, pa.items), errs
}

// record finds the additions of one page and checks its shortcodes.
func (f *Feature) record(s pipeline.Parsed, p *content.Page, d *markdown.Doc) (*pageAdditions, *diag.List) {
	errs := &diag.List{}
	words := s.Words()
	pa := &pageAdditions{page: p, whole: p.Meta.Edition}
	name := func(kind, id string) string {
		if ref, ok := s.Figure(figure.Key(kind, id)); ok {
			return ref.Label
		}
		return ""
	}
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *chart.Figure:
			pa.items = append(pa.items, item{figure.HTMLID("fig", n.FigureID()), name("fig", n.FigureID()), n.Chart.Spec.Title})
		case *flowchart.Figure:
			pa.items = append(pa.items, item{figure.HTMLID("fig", n.FigureID()), name("fig", n.FigureID()), n.Path.Title})
		case *flowchart.Overview:
			for _, path := range n.Paths {
				pa.items = append(pa.items, item{flowchart.OverviewID(path.ID), words.Get("edition_reconstructed"), path.Title})
			}
		case *datatable.Table:
			if n.Added() {
				pa.items = append(pa.items, item{figure.HTMLID("tbl", n.FigureID()), name("tbl", n.FigureID()), n.Caption})
			}
		case *datanote.Note:
			label := words.Get("edition_added")
			if n.Data {
				label = datanote.Title
			}
			pa.items = append(pa.items, item{n.ID, label, excerpt(markdown.PlainText(n, d.Source), 16)})
		default:
			return ast.WalkContinue, nil
		}
		return ast.WalkSkipChildren, nil
	})
	shortcode.Walk(d.AST, func(n *shortcode.Node) {
		if n.Name != provenance.Shortcode {
			return
		}
		line, col := diag.BodyLineCol(p.BodyLine, d.Source, n.Offset)
		if err := check(n); err != nil {
			errs.Add(diag.Place(err, p.Path, line, col, n.Name))
			return
		}
		// A part site.yaml does not give was shown as nothing.
		if part := n.Positional()[0]; part == "date" && f.st.cfg.DateText == "" || part == "source" && f.st.cfg.Source == "" {
			errs.Add(diag.Errorf(p.Path, line, col, "%s: content/site.yaml gives the edition no %s", n.Name, part).
				WithHint("add it under edition: in content/site.yaml (date: 2026-11-30, source: what the edition was made from), or remove the shortcode"))
		}
	})
	return pa, errs
}

// Index has nothing left to do once every page was seen.
func (f *Feature) Index(pipeline.Parsed) *diag.List { return &diag.List{} }

// excerpt is the first n words of s, with an ellipsis when cut.
func excerpt(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return s
	}
	return strings.Join(w[:n], " ") + " …"
}

func check(n *shortcode.Node) error {
	pos := n.Positional()
	if len(pos) != 1 || len(n.Args) != 1 {
		return &diag.Error{Msg: "say what to show", Hint: "{{< edition date >}}, {{< edition source >}} or {{< edition list >}}"}
	}
	switch pos[0] {
	case "date", "source", "list":
		return nil
	}
	return &diag.Error{Msg: fmt.Sprintf("unknown part %q", pos[0]), Hint: "{{< edition date >}}, {{< edition source >}} or {{< edition list >}}"}
}

type handler struct{ st *state }

// Render implements shortcode.Handler.
func (h handler) Render(w util.BufWriter, n *shortcode.Node) error {
	if err := check(n); err != nil {
		return err
	}
	st := h.st
	esc := html.EscapeString
	switch n.Positional()[0] {
	case "date":
		_, _ = w.WriteString(esc(st.cfg.DateText))
		return nil
	case "source":
		_, _ = w.WriteString(esc(st.cfg.Source))
		return nil
	}
	info := markdown.Info(n.OwnerDocument())
	href := func(p *content.Page, id string) string {
		switch {
		case info.IDPrefix != "" && p != st.home && id == "":
			return "#" + strings.TrimSuffix(pipeline.FullPrefix(p), "--")
		case info.IDPrefix != "" && p != st.home:
			return "#" + pipeline.FullPrefix(p) + id
		case id == "":
			return st.rel(p.URL)
		}
		return st.rel(p.URL) + "#" + id
	}
	_, _ = w.WriteString(`<ul class="edition-list"` + provenance.Attr + ">\n")
	for _, pa := range st.pages {
		_, _ = w.WriteString(`<li><a href="` + esc(href(pa.page, "")) + `">` + esc(pa.page.Meta.Title) + `</a>`)
		if pa.whole {
			_, _ = w.WriteString(" " + provenance.Badge(info.Edition.Or().Added))
		}
		if len(pa.items) > 0 {
			_, _ = w.WriteString("\n<ul>\n")
			for _, it := range pa.items {
				text := it.label
				if it.title != "" {
					if text != "" {
						text += ": "
					}
					text += it.title
				}
				_, _ = w.WriteString(`<li><a href="` + esc(href(pa.page, it.id)) + `" data-addition="` + esc(it.id) + `">` + esc(text) + "</a></li>\n")
			}
			_, _ = w.WriteString("</ul>\n")
		}
		_, _ = w.WriteString("</li>\n")
	}
	_, _ = w.WriteString("</ul>\n")
	return nil
}
