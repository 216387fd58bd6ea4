package chart

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/blockerr"
	"reportgen/generator/internal/markdown/ext/fenced"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/output/chartsvg"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// InfoString marks a fenced code block as a chart.
const InfoString = "chart"

// Library is the name of the browser library chart pages need, set in
// the page's markdown.PageInfo.Uses so templates load it only there.
const Library = "echarts"

// Extension adds chart blocks to a goldmark.Markdown.
type Extension struct {
	Data Datasets
	// Draw, when set, draws an option as static SVG at a size, so the
	// figure shows its chart before any script runs (and without one).
	Draw func(option []byte, width, height int) ([]byte, error)
}

// Size is the size of a drawing in pixels.
type Size struct{ W, H int }

// Sizes are the drawings each figure carries, narrow (a phone's column)
// and wide (the desktop's): the canvas heights of charts.css, and the
// column's width at 390 px and at 1280 px. A drawing scales to the width
// it gets, so these need only be near.
func Sizes(typ string) (narrow, wide Size) {
	switch typ {
	case "scatter":
		return Size{358, 384}, Size{672, 384}
	case "sankey":
		return Size{358, 416}, Size{672, 448}
	}
	return Size{358, 320}, Size{672, 352}
}

// Extend implements goldmark.Extender.
func (e Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// Any time after block parsing: nothing else looks at fenced code
		// before rendering.
		util.Prioritized(transformer{data: e.Data, draw: e.Draw, built: &sync.Map{}}, 200),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(htmlRenderer{}, 500),
		util.Prioritized(blockerr.Renderer{}, 500),
	))
}

type transformer struct {
	data Datasets
	draw func(option []byte, width, height int) ([]byte, error)
	// built caches charts by spec text: every page is parsed twice (its
	// own page and the full report), and a built chart is never changed
	// after it is built, so both parses can share it.
	built *sync.Map
}

type builtChart struct {
	chart *Chart
	errs  []*SpecError
}

func (t transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fb, ok := n.(*ast.FencedCodeBlock); ok && entering {
			if string(fb.Language(src)) == InfoString {
				blocks = append(blocks, fb)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, fb := range blocks {
		fb.Parent().ReplaceChild(fb.Parent(), fb, t.convert(fb, src))
	}
}

// convert reads and builds one chart block.
func (t transformer) convert(fb *ast.FencedCodeBlock, src []byte) ast.Node {
	block := fenced.Read(fb, src)
	fence, offset := block.Fence(), block.Offset
	invalid := func(errs []*SpecError) ast.Node {
		n := blockerr.New("chart")
		for _, e := range errs {
			n.Problems = append(n.Problems, blockerr.Problem{Offset: offset(e.Line, e.Col), Msg: e.Msg, Hint: e.Hint})
		}
		return n
	}
	b, ok := t.built.Load(string(block.Body))
	if !ok {
		var bc builtChart
		s, errs := ParseSpec(block.Body)
		if len(errs) == 0 {
			bc.chart, errs = Build(s, t.data)
		}
		if len(errs) == 0 && t.draw != nil {
			// A chart ECharts cannot draw here goes without its picture;
			// the script draws it in the browser or shows its table.
			narrow, wide := Sizes(s.Type)
			n, err1 := t.draw(bc.chart.Option, narrow.W, narrow.H)
			w, err2 := t.draw(bc.chart.Option, wide.W, wide.H)
			if err1 == nil && err2 == nil {
				bc.chart.Static = [2][]byte{n, w}
			}
		}
		bc.errs = errs
		b, _ = t.built.LoadOrStore(string(block.Body), bc)
	}
	bc := b.(builtChart)
	if len(bc.errs) > 0 {
		return invalid(bc.errs)
	}
	return &Figure{Chart: bc.chart, Offset: fence}
}

type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, renderFigure)
}

func renderFigure(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Figure)
	c := n.Chart
	info := markdown.Info(n.OwnerDocument())
	if info.Uses != nil {
		info.Uses[Library] = true
	}
	id := info.IDPrefix + figure.HTMLID("fig", c.Spec.ID)
	ed := info.Edition.Or()
	label := ed.Figure
	if n.Number > 0 {
		label = ed.Number("fig", n.Number)
	}
	esc := html.EscapeString
	w.WriteString(`<figure id="` + esc(id) + `" class="chart chart--` + esc(c.Spec.Type) + `"` + provenance.Attr + `>` + "\n")
	w.WriteString(`<figcaption class="chart__caption"><span class="chart__label">` + esc(label) + `:</span> ` + provenance.Badge(ed.Added) + ` ` + esc(c.Spec.Title))
	if c.Spec.Caption != "" {
		w.WriteString(` <span class="chart__note">` + esc(c.Spec.Caption) + `</span>`)
	}
	w.WriteString("</figcaption>\n")
	w.WriteString(`<p class="chart__summary">` + esc(c.Summary) + "</p>\n")
	// The canvas is a picture with a name a screen reader reads out, and
	// a stop for the keyboard, where the chart script lets the arrow keys
	// step through the data.
	w.WriteString(`<div class="chart__canvas" data-chart="` + esc(id) + `-option" role="img" tabindex="0" aria-label="` +
		esc(label+": "+c.Spec.Title+". "+c.Summary) + `">`)
	for i, svg := range c.Static {
		if len(svg) == 0 {
			continue
		}
		w.WriteString("\n")
		cls := [2]string{"narrow", "wide"}[i]
		svg = bytes.Replace(svg, []byte("<svg "), []byte(`<svg class="chart__static chart__static--`+cls+`" `), 1)
		w.Write(bytes.ReplaceAll(svg, []byte(chartsvg.IDPrefix), []byte(esc(id)+"-"+cls+"-")))
	}
	w.WriteString("</div>\n")
	// JSON inside <script> must not close the element early; escaping
	// "<" keeps it inert whatever the labels hold.
	w.WriteString(`<script type="application/json" id="` + esc(id) + `-option">`)
	w.Write(bytes.ReplaceAll(c.Option, []byte("<"), []byte(`\u003c`)))
	w.WriteString("</script>\n")
	w.WriteString(`<details class="chart__data"><summary>Data for ` + esc(strings.ToLower(label[:1])+label[1:]) + "</summary>\n")
	writeTable(w, c.Table, "Data for "+label+": "+c.Spec.Title)
	w.WriteString("</details>\n</figure>\n")
	return ast.WalkSkipChildren, nil
}

// writeTable writes t with a caption for assistive technology, column
// headings and a heading cell for each row.
func writeTable(w util.BufWriter, t Table, caption string) {
	esc := html.EscapeString
	w.WriteString(`<table class="chart-table">` + "\n")
	w.WriteString(`<caption class="visually-hidden">` + esc(caption) + "</caption>\n<thead><tr>")
	for _, h := range t.Head {
		w.WriteString(`<th scope="col">` + esc(h) + "</th>")
	}
	w.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		w.WriteString("<tr>")
		for i, c := range r {
			if i == 0 {
				w.WriteString(`<th scope="row">` + esc(c) + "</th>")
				continue
			}
			w.WriteString(`<td>` + esc(c) + "</td>")
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</tbody>\n</table>\n")
}
