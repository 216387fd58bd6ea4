// Package datatable is a goldmark extension for {{< datatable NAME >}} on a
// line of its own: a whole dataset as a numbered table ("Table 1") that
// reads without JavaScript — real headings, grouped columns, marks with
// words for screen readers — which the site's script can sort and filter,
// followed by links to download the data.
//
//	{{< datatable survey id=survey caption="…" printed=true label="Appendix table" >}}
//
// The id (default: the dataset's name) is the cross-reference key
// (@tbl:survey); the caption defaults to the schema's title. A table is
// the edition's ("Edition table 1", marked and labelled as added) unless
// printed=true says the publication printed it; label= gives the name it
// is known by instead of a number, for a table the publication did not
// number.
package datatable

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/figure"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/output/i18n"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Name is the shortcode's name; Library the PageInfo.Uses key of the
// pages that show a data table (they load its script).
const (
	Name    = "datatable"
	Library = "datatable"
)

// Datasets finds a dataset by name ("" for the site's only one).
type Datasets interface {
	Lookup(name string) (*dataset.Dataset, error)
}

// KindTable is the node kind of Table.
var KindTable = ast.NewNodeKind("DataTable")

// Table is a dataset shown as a table.
type Table struct {
	ast.BaseBlock
	Data    *dataset.Dataset
	ID      string
	Caption string
	Number  int
	Offset  int
	// Printed is true for a table the publication printed; Label the
	// name it goes by instead of a number, when given.
	Printed bool
	Label   string
}

// Added implements figure.Added.
func (n *Table) Added() bool { return !n.Printed }

// FigureLabel implements figure.Named.
func (n *Table) FigureLabel() string { return n.Label }

var _ figure.Numbered = (*Table)(nil)

// Kind implements ast.Node.
func (n *Table) Kind() ast.NodeKind { return KindTable }

// Dump implements ast.Node.
func (n *Table) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Dataset": n.Data.Name, "ID": n.ID}, nil)
}

// FigureID implements figure.Numbered.
func (n *Table) FigureID() string { return n.ID }

// FigureKind implements figure.Numbered.
func (n *Table) FigureKind() string { return "tbl" }

// SetNumber implements figure.Numbered.
func (n *Table) SetNumber(num int) { n.Number = num }

// SourceOffset implements figure.Numbered.
func (n *Table) SourceOffset() int { return n.Offset }

// Extension adds data tables to a goldmark.Markdown. BasePath is the site's
// URL path ("/" or "/reports/annual/"), for the download links.
type Extension struct {
	Data     Datasets
	BasePath string
}

// Extend implements goldmark.Extender.
func (e Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// After the shortcode extension (90) has lifted a shortcode that
		// stands alone into a block of its own.
		util.Prioritized(transformer{e.Data}, 100),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(htmlRenderer{base: e.BasePath}, 500),
	))
}

// Handler renders the datatable shortcodes the transformer left alone:
// those that do not stand on a line of their own or name no dataset. Each
// is an error, which Check also reports before rendering.
type Handler struct{ Data Datasets }

// Render implements shortcode.Handler.
func (h Handler) Render(w util.BufWriter, n *shortcode.Node) error { return Check(h.Data, n) }

// Check says what is wrong with a datatable shortcode left in the
// document. The error is a *diag.Error without a position.
func Check(data Datasets, n *shortcode.Node) error {
	if _, _, err := resolve(data, n); err != nil {
		return err
	}
	return &diag.Error{Msg: "a data table must stand on a line of its own", Hint: "put {{< datatable >}} in its own paragraph, with blank lines around it"}
}

func resolve(data Datasets, n *shortcode.Node) (*dataset.Dataset, *Table, error) {
	for _, a := range n.Args {
		switch a.Key {
		case "", "id", "caption", "printed", "label":
		default:
			return nil, nil, &diag.Error{Msg: "unknown argument " + strconv.Quote(a.Key), Hint: "use id=, caption=, printed=true and label="}
		}
	}
	pos := n.Positional()
	if len(pos) > 1 {
		return nil, nil, &diag.Error{Msg: "name one dataset", Hint: "{{< datatable NAME >}}, NAME being a CSV file of content/data/ without .csv"}
	}
	name := ""
	if len(pos) == 1 {
		name = pos[0]
	}
	d, err := data.Lookup(name)
	if err != nil {
		return nil, nil, err
	}
	t := &Table{Data: d, ID: d.Name, Caption: d.Schema.Title, Offset: n.Offset}
	if id, ok := n.Named("id"); ok {
		t.ID = id
	}
	if p, ok := n.Named("printed"); ok {
		b, err := strconv.ParseBool(p)
		if err != nil {
			return nil, nil, &diag.Error{Msg: "printed must be true or false, not " + strconv.Quote(p), Hint: "printed=true for a table the publication printed"}
		}
		t.Printed = b
	}
	// A printed table is captioned by its label alone: the schema's title
	// is the edition's words, and would read as the publication's caption.
	if t.Printed {
		t.Caption = ""
	}
	if c, ok := n.Named("caption"); ok {
		t.Caption = c
	}
	if l, ok := n.Named("label"); ok {
		t.Label = l
	}
	return d, t, nil
}

type transformer struct{ data Datasets }

func (t transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var found []*shortcode.Node
	shortcode.Walk(doc, func(n *shortcode.Node) {
		if n.Name == Name && n.Block {
			found = append(found, n)
		}
	})
	for _, n := range found {
		_, table, err := resolve(t.data, n)
		if err != nil {
			continue // left for Handler and Check to report
		}
		block := n.Parent()
		block.Parent().ReplaceChild(block.Parent(), block, table)
	}
}

type htmlRenderer struct{ base string }

func (r htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTable, r.render)
}

func (r htmlRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Table)
	info := markdown.Info(n.OwnerDocument())
	if info.Uses != nil {
		info.Uses[Library] = true
	}
	esc := html.EscapeString
	id := info.IDPrefix + figure.HTMLID("tbl", n.ID)
	ed, words := info.Edition.Or(), info.Words
	label, badge, mark := words.Get("table"), "", ""
	switch {
	case n.Label != "":
		label = n.Label
	case n.Printed && n.Number > 0:
		label = words.Label("tbl", n.Number)
	case n.Number > 0:
		label = ed.Number("tbl", n.Number)
	}
	if !n.Printed {
		badge, mark = provenance.Badge(ed.Added)+" ", provenance.Attr
	}
	s := n.Data.Schema

	// Columns in schema order; a group's columns sit together under one
	// heading, as in the printed table.
	type head struct {
		group *dataset.Group
		cols  []int
	}
	var heads []head
	for i, c := range s.Columns {
		g, ok := s.GroupOf(c.Name)
		if ok && len(heads) > 0 && heads[len(heads)-1].group == g {
			heads[len(heads)-1].cols = append(heads[len(heads)-1].cols, i)
			continue
		}
		if !ok {
			g = nil
		}
		heads = append(heads, head{g, []int{i}})
	}
	grouped := false
	for _, h := range heads {
		grouped = grouped || h.group != nil
	}
	w.WriteString(`<div class="datatable" id="` + esc(id) + `" data-datatable` + mark + `>` + "\n")
	// The schema's description says what the table is, above it, where a
	// reader meets it first; it is the edition's words, not the report's, and says so.
	describedBy := ""
	if s.Description != "" {
		describedBy = ` aria-describedby="` + esc(id) + `-description"`
		w.WriteString(`<p class="datatable__description" id="` + esc(id) + `-description"` + provenance.Attr + `>` + provenance.Badge(ed.Added) + " " + esc(s.Description) + "</p>\n")
	}
	// The filter controls are written here rather than by the script, so
	// the table does not move down when the script arrives; without
	// JavaScript they are hidden (js-only), as they would do nothing.
	w.WriteString(`<div class="datatable__controls js-only">`)
	w.WriteString(`<div class="datatable__field"><label for="` + esc(id) + `-text">` + esc(words.Get("filter_rows")) + `</label>` +
		`<input type="search" id="` + esc(id) + `-text" placeholder="` + esc(filterExample(n.Data, words.Get("filter_example"))) + `" data-filter-text></div>`)
	for _, h := range heads {
		if h.group == nil {
			continue
		}
		sel := esc(id) + "-" + esc(h.group.Name)
		w.WriteString(`<div class="datatable__field"><label for="` + sel + `">` + esc(h.group.Label) + `</label>` +
			`<select id="` + sel + `" data-filter-group="` + esc(h.group.Name) + `"><option value="">` + esc(words.Get("any")) + `</option>`)
		for _, i := range h.cols {
			w.WriteString(`<option value="` + strconv.Itoa(i) + `">` + esc(s.Columns[i].Label) + `</option>`)
		}
		w.WriteString(`</select></div>`)
	}
	w.WriteString(`<p class="datatable__status" role="status">` + esc(fmt.Sprintf(words.Get("rows_shown"), len(n.Data.Rows), len(n.Data.Rows))) + `</p></div>` + "\n")
	w.WriteString(`<table class="datatable__table"` + describedBy + `>` + "\n")
	// The caption of a printed table is its label; words given beside it
	// are the edition's and are marked as such.
	caption := ""
	switch {
	case n.Caption == "":
		caption = `<span class="datatable__label">` + esc(label) + `</span>`
	case n.Printed:
		caption = `<span class="datatable__label">` + esc(label) + `:</span> <span class="datatable__note"` + provenance.Attr + `>` + provenance.Badge(ed.Added) + " " + esc(n.Caption) + `</span>`
	default:
		caption = `<span class="datatable__label">` + esc(label) + `:</span> ` + badge + esc(n.Caption)
	}
	w.WriteString(`<caption id="` + esc(id) + `-caption"><span class="datatable__caption">` + caption + "</span></caption>\n")
	for _, h := range heads {
		// A column group per heading of the first row, so scope="colgroup"
		// has a group to name.
		if h.group != nil {
			w.WriteString(`<colgroup span="` + strconv.Itoa(len(h.cols)) + `"></colgroup>`)
		} else {
			w.WriteString(`<colgroup></colgroup>`)
		}
	}
	w.WriteString("\n<thead>\n<tr>")
	leaf := func(i int, rowspan bool) {
		c := s.Columns[i]
		attrs := ` scope="col" data-column="` + strconv.Itoa(i) + `" data-type="` + string(c.Type) + `"`
		if g, ok := s.GroupOf(c.Name); ok {
			attrs += ` data-group="` + esc(g.Name) + `"`
		}
		if rowspan {
			attrs += ` rowspan="2"`
		}
		w.WriteString(`<th` + attrs + `>` + esc(c.Label) + `</th>`)
	}
	for _, h := range heads {
		if h.group == nil {
			leaf(h.cols[0], grouped)
			continue
		}
		w.WriteString(`<th scope="colgroup" colspan="` + strconv.Itoa(len(h.cols)) + `" data-group="` + esc(h.group.Name) + `">` +
			esc(h.group.Label) + `</th>`)
	}
	w.WriteString("</tr>\n")
	if grouped {
		w.WriteString("<tr>")
		for _, h := range heads {
			if h.group != nil {
				for _, i := range h.cols {
					leaf(i, false)
				}
			}
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</thead>\n<tbody>\n")
	keyIdx := -1
	if s.Key != "" {
		_, keyIdx, _ = s.Column(s.Key)
	}
	for _, row := range n.Data.Rows {
		w.WriteString("<tr>")
		for _, h := range heads {
			for _, i := range h.cols {
				writeCell(w, s.Columns[i], row.Values[i], i == keyIdx, words)
			}
		}
		w.WriteString("</tr>\n")
	}
	// No scroll box of its own: the site's script gives every wide table
	// one, and without it the stylesheet lets the table scroll itself.
	w.WriteString("</tbody>\n</table>\n")
	base := r.base
	if base == "" {
		base = "/"
	}
	w.WriteString(`<p class="datatable__downloads">` + esc(words.Get("download_data")) + ` <a href="` + esc(base+n.Data.DownloadPath(".csv")) + `" download>CSV</a>` +
		` · <a href="` + esc(base+n.Data.DownloadPath(".json")) + `" download>JSON</a> ` + esc(words.Get("with_labels")) + `</p>` + "\n")
	w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

// filterExample is the text filter's placeholder, made of words the filter
// finds in this dataset: the label of its first flag column (the filter
// matches the names of a row's flags), the first row's first text value,
// and its last numbers, three examples at most.
func filterExample(d *dataset.Dataset, eg string) string {
	s := d.Schema
	var ex []string
	for _, c := range s.Columns {
		if c.Type == dataset.Boolean {
			ex = append(ex, c.Label)
			break
		}
	}
	if len(d.Rows) == 0 {
		return strings.Join(append([]string{eg}, ex...), " ")
	}
	row := d.Rows[0]
	for i, c := range s.Columns {
		if c.Type == dataset.String && c.Name != s.Key && !row.Values[i].Missing && row.Values[i].Text != "" {
			ex = append(ex, row.Values[i].Text)
			break
		}
	}
	var nums []string
	for i := len(s.Columns) - 1; i >= 0 && len(ex)+len(nums) < 3; i-- {
		c := s.Columns[i]
		if (c.Type == dataset.Integer || c.Type == dataset.Number) && c.Name != s.Key && !row.Values[i].Missing {
			nums = append([]string{row.Values[i].Text}, nums...)
		}
	}
	ex = append(ex, nums...)
	if len(ex) == 0 {
		return ""
	}
	return eg + " " + strings.Join(ex, ", ")
}

// writeCell writes one cell. data-sort carries the value the table script
// sorts by; flags show a mark, with words for screen readers.
func writeCell(w util.BufWriter, c *dataset.Column, v dataset.Value, key bool, words *i18n.Table) {
	esc := html.EscapeString
	tag, attrs := "td", ""
	if key {
		tag, attrs = "th", ` scope="row"`
	}
	var content, sortKey, class string
	switch {
	case v.Missing:
		content, sortKey, class = esc(c.Missing), "", "missing"
	case c.Type == dataset.Boolean && v.Bool:
		content, sortKey, class = `<span aria-hidden="true">✓</span><span class="visually-hidden">`+esc(words.Get("flag_yes"))+`</span>`, "1", "flag"
	case c.Type == dataset.Boolean:
		content, sortKey, class = `<span class="visually-hidden">`+esc(words.Get("flag_no"))+`</span>`, "0", "flag"
	case c.Type == dataset.Integer || c.Type == dataset.Number:
		content, sortKey, class = esc(v.Text), v.Text, "num"
	default:
		content, sortKey = esc(v.Text), v.Text
	}
	if class != "" {
		attrs += ` class="` + class + `"`
	}
	w.WriteString(`<` + tag + attrs + ` data-sort="` + esc(sortKey) + `">` + content + `</` + tag + `>`)
}
