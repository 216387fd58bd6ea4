package flowchart

import (
	"html"
	"strconv"
	"strings"

	"reportgen/generator/internal/input/flow"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/provenance"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type htmlRenderer struct {
	r       Resolver
	layouts map[*flow.Path]*Layout
}

func (h *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, h.renderFigure)
	reg.Register(KindOverview, h.renderOverview)
	reg.Register(KindEvidence, h.renderEvidence)
	reg.Register(KindBacklinks, h.renderBacklinks)
}

var esc = html.EscapeString

func uses(doc *ast.Document) *markdown.PageInfo {
	info := markdown.Info(doc)
	if info.Uses != nil {
		info.Uses[Library] = true
	}
	return info
}

func (h *htmlRenderer) renderFigure(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Figure)
	doc := n.OwnerDocument()
	info := uses(doc)
	p := n.Path
	id := info.IDPrefix + figure.HTMLID(n.FigureKind(), n.FigureID())
	ed := info.Edition.Or()
	label := ed.Figure
	if n.Number > 0 {
		label = ed.Number(n.FigureKind(), n.Number)
	}
	// The diagram is titled by what it shows and labelled as rebuilt by
	// the edition; it never takes a heading or number of the publication.
	_, _ = w.WriteString(`<figure id="` + esc(id) + `" class="career" data-career="` + esc(p.ID) + `"` + provenance.Attr + `>` + "\n")
	_, _ = w.WriteString(`<figcaption class="career__caption"><span class="career__label">` + esc(label) + `:</span> ` +
		provenance.Badge(ed.Reconstructed) + ` ` + esc(p.Title) + `</figcaption>` + "\n")
	_, _ = w.WriteString(`<p class="career__summary">` + esc(p.Summary) + "</p>\n")
	if p.Row != nil {
		if d, ok := h.r.DataRow(doc, p.ID); ok {
			where := "the data"
			if d.Table != "" {
				where = `<a href="` + esc(d.TableHref) + `">` + esc(d.Table) + `</a>`
			}
			_, _ = w.WriteString(`<p class="career__data">In ` + where + `, this is ` + esc(d.Row) + `, ` + esc(d.Because) + ".</p>\n")
		}
	}
	h.flow(w, doc, p, id, false)
	_, _ = w.WriteString("</figure>\n")
	return ast.WalkSkipChildren, nil
}

func (h *htmlRenderer) renderOverview(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Overview)
	doc := n.OwnerDocument()
	info := uses(doc)
	ed := info.Edition.Or()
	_, _ = w.WriteString(`<div class="career-overview">` + "\n")
	for _, p := range n.Paths {
		id := info.IDPrefix + OverviewID(p.ID)
		_, _ = w.WriteString(`<figure id="` + esc(id) + `" class="career career--compact" data-career="` + esc(p.ID) + `"` + provenance.Attr + `>` + "\n")
		_, _ = w.WriteString(`<figcaption class="career__caption">` + provenance.Badge(ed.Reconstructed) + ` ` + esc(p.Title))
		if label, href, ok := h.r.Figure(doc, p.ID); ok {
			_, _ = w.WriteString(` <span class="career__full">(in full: <a href="` + esc(href) + `">` + esc(label) + `</a>)</span>`)
		}
		_, _ = w.WriteString("</figcaption>\n")
		h.flow(w, doc, p, id, true)
		_, _ = w.WriteString("</figure>\n")
	}
	_, _ = w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

// flow writes the steps of p as an ordered list that CSS lays out as a
// grid: one row of cells per layer of the layout, and between rows an
// SVG of the lines from each cell to the next. Step boxes are list items in
// reading order; lines and lanes are hidden from assistive technology, and
// each step says in words where the path goes next.
func (h *htmlRenderer) flow(w util.BufWriter, doc *ast.Document, p *flow.Path, id string, compact bool) {
	lay := h.layouts[p]
	if lay == nil {
		// A path too large to draw is reported where it is loaded, and
		// the build stops before rendering.
		return
	}
	entered := map[*flow.Step]bool{}
	for _, s := range p.Steps {
		if s.Next != nil {
			entered[s.Next] = true
		}
		if s.Branch != nil {
			entered[s.Branch] = true
		}
	}
	stepID := func(s *flow.Step) string { return id + "--" + s.ID }
	_, _ = w.WriteString(`<ol class="career__flow career__flow--cols` + strconv.Itoa(lay.Columns) + `" role="list">` + "\n")
	for r, row := range lay.Rows {
		for _, c := range row.Cells {
			place := "career__c" + strconv.Itoa(c.Col+1) + " career__s" + strconv.Itoa(c.Span)
			if c.Step == nil {
				cls := "career__lane " + place
				if c.Branch {
					cls += " career__lane--branch"
				}
				_, _ = w.WriteString(`<li class="` + cls + `" aria-hidden="true"></li>` + "\n")
				continue
			}
			s := c.Step
			cls := "career__step " + place
			if entered[s] {
				cls += " career__step--in"
			}
			num := strconv.Itoa(s.Number)
			_, _ = w.WriteString(`<li class="` + cls + `"`)
			if !compact {
				_, _ = w.WriteString(` id="` + esc(stepID(s)) + `"`)
			}
			_, _ = w.WriteString(">")
			evHref := h.r.EvidenceHref(doc, s.Evidence)
			role := esc(s.Role)
			if compact {
				role = `<a href="` + esc(evHref) + `">` + role + `<span class="visually-hidden">: the report’s words</span></a>`
			}
			_, _ = w.WriteString(`<p class="career__head"><span class="career__num"><span class="visually-hidden">Step </span>` + num +
				`</span> <span class="career__role">` + role + "</span></p>")
			if s.Setting != "" {
				_, _ = w.WriteString(`<p class="career__setting">` + esc(s.Setting) + "</p>")
			}
			if !compact {
				if s.Note != "" {
					_, _ = w.WriteString(`<p class="career__note">` + esc(s.Note) + "</p>")
				}
				_, _ = w.WriteString(`<p class="career__ev"><a href="` + esc(evHref) + `">Evidence<span class="visually-hidden"> for step ` + num + `: the report’s words</span></a></p>`)
			}
			if b := s.Branch; b != nil {
				bn := strconv.Itoa(b.Number)
				if compact {
					_, _ = w.WriteString(`<p class="visually-hidden">Or directly to step ` + bn + ".</p>")
				} else {
					_, _ = w.WriteString(`<p class="career__or">Or directly to <a href="#` + esc(stepID(b)) + `">step ` + bn + "</a></p>")
				}
			}
			switch {
			case s.Next != nil && s.Next.Number != s.Number+1:
				_, _ = w.WriteString(`<p class="visually-hidden">Then step ` + strconv.Itoa(s.Next.Number) + ".</p>")
			case s.Next == nil && s.Number < len(p.Steps):
				_, _ = w.WriteString(`<p class="visually-hidden">This route ends here.</p>`)
			}
			_, _ = w.WriteString("</li>\n")
		}
		if r+1 < len(lay.Rows) {
			_, _ = w.WriteString(`<li class="career__gap" aria-hidden="true"><svg viewBox="0 0 100 24" preserveAspectRatio="none" focusable="false">`)
			for _, sg := range lay.Gaps[r] {
				x1, x2 := coord(sg.From), coord(sg.To)
				cls := "career__line"
				if sg.Branch {
					cls += " career__line--branch"
				}
				_, _ = w.WriteString(`<path class="` + cls + `" d="M` + x1 + " 0C" + x1 + " 12 " + x2 + " 12 " + x2 + ` 24"/>`)
			}
			_, _ = w.WriteString("</svg></li>\n")
		}
	}
	_, _ = w.WriteString("</ol>\n")
}

// coord is a fraction of the width as an SVG x coordinate (0 to 100),
// written the same way on every build.
func coord(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}

func (h *htmlRenderer) renderEvidence(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Evidence)
	doc := n.OwnerDocument()
	info := uses(doc)
	if entering {
		_, _ = w.WriteString(`<span class="evidence"`)
		if n.Anchor {
			_, _ = w.WriteString(` id="` + esc(info.IDPrefix+n.Ev.ID) + `"`)
		}
		_, _ = w.WriteString(">")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</span>")
	return ast.WalkContinue, nil
}

func (h *htmlRenderer) renderBacklinks(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Backlinks)
	doc := n.OwnerDocument()
	var links []Backlink
	for _, ev := range n.Evs {
		links = append(links, h.r.Backlinks(doc, ev)...)
	}
	if len(links) == 0 {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(` <span class="evidence__backs"` + provenance.Attr + `>`)
	for i, b := range links {
		if i > 0 {
			_, _ = w.WriteString(" ")
		}
		_, _ = w.WriteString(`<a class="evidence__back" href="` + esc(b.Href) + `"><span aria-hidden="true">↩&#xFE0E;</span> ` +
			esc(b.Label) + `<span class="visually-hidden">` + esc(b.More) + `</span></a>`)
	}
	_, _ = w.WriteString(`</span>`)
	return ast.WalkSkipChildren, nil
}
