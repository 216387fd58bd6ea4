// Package flows puts career paths into a build: it loads
// content/careers/*.yaml, adds the career diagram extension to the markdown
// engine, checks after parsing that every quoted sentence stands once in
// the report's text, and links diagrams and sentences across pages.
package flows

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/input/flow"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/figure"
	mdcareer "reportgen/generator/internal/markdown/ext/flowchart"
	"reportgen/generator/internal/pipeline"

	"github.com/yuin/goldmark/ast"
)

// Feature adds career paths to a build. It keeps the state of the build in
// progress, so one Feature serves one build at a time.
type Feature struct {
	st *state
}

// New returns the feature.
func New() *Feature { return &Feature{} }

var (
	_ pipeline.PageIndexer    = (*Feature)(nil)
	_ pipeline.PageSummarizer = (*Feature)(nil)
	_ pipeline.Indexer        = (*Feature)(nil)
)

// state is what one build knows about its career paths.
type state struct {
	set     *flow.Set
	layouts map[*flow.Path]*mdcareer.Layout
	rel     func(string) string
	// back is read out after a back-link's label (site.yaml flows: back:).
	back string
	// Filled by Index, read while pages render.
	home      *content.Page
	evidence  map[*flow.Evidence]*content.Page
	figures   map[string]placed // path id -> its numbered figure
	overviews map[string]placed // path id -> its first compact drawing
	// rows are the checked dataset rows of paths tied to one, and tables
	// where each dataset is shown (by dataset name).
	rows   map[string]tiedRow
	tables map[string]placed
	// found lists the pages each quoted sentence was found on.
	found map[*flow.Evidence][]*content.Page
}

// tiedRow is the dataset row a path is, once checked.
type tiedRow struct {
	dataset string
	row     mdcareer.DataRow
}

// placed is where a path is drawn.
type placed struct {
	page  *content.Page
	label string
}

// Load reads the career path files and ties paths to dataset rows.
func (f *Feature) Load(in pipeline.Inputs) *diag.List {
	set, errs := flow.Load(in.FS(), path.Join("content", in.Config().Flows.Dir))
	layouts, l := mdcareer.LayAll(set)
	errs.Merge(l)
	f.st = &state{set: set, layouts: layouts, rel: in.Rel, back: in.Config().Flows.Back, rows: map[string]tiedRow{}, home: in.Home(),
		evidence: map[*flow.Evidence]*content.Page{}, figures: map[string]placed{}, overviews: map[string]placed{},
		tables: map[string]placed{}, found: map[*flow.Evidence][]*content.Page{}}
	data := in.Data()
	if data == nil {
		// The datasets had errors, reported by the load phase: a row
		// cannot be checked against them.
		return errs
	}
	for _, p := range set.Paths {
		if p.Row != nil {
			errs.Add(f.st.tie(p, data))
		}
	}
	return errs
}

// tie checks that the data leaves no doubt which row p is: the row with
// p's key is the one row meeting its condition.
func (st *state) tie(p *flow.Path, data *dataset.Set) *diag.Error {
	r := p.Row
	at := func(pos flow.Pos, err error) *diag.Error {
		return diag.Place(err, p.File, pos.Line, pos.Col, "data_row")
	}
	d, err := data.Lookup(r.Dataset)
	if err != nil {
		return at(r.At, err)
	}
	cond, err := d.ParseCond(r.Only)
	if err != nil {
		return at(r.OnlyAt, err)
	}
	rows := d.Where(cond)
	var keys []string
	for _, row := range rows {
		keys = append(keys, d.KeyLabel(row))
	}
	switch {
	case len(rows) == 0:
		return diag.Errorf(p.File, r.OnlyAt.Line, r.OnlyAt.Col, "data_row: no row of %s has %s", d.Name, r.Only).
			WithHint("give a fact of the text that the path's row has")
	case len(rows) > 1:
		return diag.Errorf(p.File, r.OnlyAt.Line, r.OnlyAt.Col, "data_row: %d rows have %s (%s), so the data does not say which one the path is",
			len(rows), r.Only, strings.Join(keys, ", ")).
			WithHint("tie a path to a row only where the data leaves no doubt: give a fact only one row has, or remove data_row")
	case d.KeyText(rows[0]) != r.Key:
		return diag.Errorf(p.File, r.At.Line, r.At.Col, "data_row: the only row with %s is %s, not %s", r.Only, keys[0], r.Key).
			WithHint("key: %s", d.KeyText(rows[0]))
	}
	st.rows[p.ID] = tiedRow{dataset: d.Name, row: mdcareer.DataRow{
		Row:     keys[0],
		Because: "the only " + d.Schema.Rows.One + " with " + describe(cond),
	}}
	return nil
}

// describe says what a condition asks in words for a sentence ("6 visits
// made").
func describe(c *dataset.Cond) string {
	f := c.Field
	if f.Column != nil && c.Op == "=" && (f.Column.Type == dataset.Integer || f.Column.Type == dataset.Number) {
		label := f.Column.ShortLabel()
		if len(label) > 1 && unicode.IsUpper(rune(label[0])) && !unicode.IsUpper(rune(label[1])) {
			label = strings.ToLower(label[:1]) + label[1:]
		}
		return c.Value + " " + label
	}
	return f.Label(false) + " " + c.Op + " " + c.Value
}

// Markdown adds the career diagram extension.
func (f *Feature) Markdown(o *markdown.Options) {
	if f.st == nil {
		f.st = &state{set: &flow.Set{}, layouts: map[*flow.Path]*mdcareer.Layout{}, rel: func(u string) string { return u },
			evidence: map[*flow.Evidence]*content.Page{}, figures: map[string]placed{}, overviews: map[string]placed{},
			tables: map[string]placed{}, found: map[*flow.Evidence][]*content.Page{}}
	}
	o.Extra = append(o.Extra, mdcareer.Extension{Paths: f.st.set, Layouts: f.st.layouts, Resolver: f.st})
}

// IndexPage records where each diagram and each quoted sentence is on
// the page.
func (f *Feature) IndexPage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) *diag.List {
	st := f.st
	marks, errs := f.marks(s, p, d)
	for _, m := range marks {
		switch {
		case m.ev != nil:
			st.found[m.ev] = append(st.found[m.ev], p)
		case m.overview:
			if _, dup := st.overviews[m.path]; !dup {
				st.overviews[m.path] = placed{p, ""}
			}
		default:
			if _, dup := st.figures[m.path]; !dup {
				st.figures[m.path] = placed{p, m.label}
			}
		}
	}
	return errs
}

// SummarizePage is what IndexPage records of a page: its diagrams and
// quoted sentences.
func (f *Feature) SummarizePage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) (string, *diag.List) {
	marks, errs := f.marks(s, p, d)
	var b strings.Builder
	for _, m := range marks {
		if m.ev != nil {
			fmt.Fprintf(&b, "evidence %s\n", m.ev.ID)
			continue
		}
		fmt.Fprintf(&b, "%s %t %q\n", m.path, m.overview, m.label)
	}
	return b.String(), errs
}

// mark is a diagram of a path (full or compact) or a quoted sentence on
// a page.
type mark struct {
	path     string // the path's id
	overview bool
	label    string // a full diagram's figure label
	ev       *flow.Evidence
}

// marks finds the diagrams and quoted sentences of a page, in order.
func (f *Feature) marks(s pipeline.Parsed, p *content.Page, d *markdown.Doc) ([]mark, *diag.List) {
	var errs diag.List
	var marks []mark
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *mdcareer.Figure:
			label := ""
			if ref, ok := s.Figure(figure.Key(n.FigureKind(), n.FigureID())); ok {
				label = ref.Label
			}
			marks = append(marks, mark{path: n.Path.ID, label: label})
		case *mdcareer.Overview:
			for _, path := range n.Paths {
				marks = append(marks, mark{path: path.ID, overview: true})
			}
		case *mdcareer.Evidence:
			marks = append(marks, mark{ev: n.Ev})
			if n.Widened {
				e := diag.At(p.Path, p.BodyLine, d.Source, firstOffset(n),
					"the quote of %s starts or ends inside another quote or a citation, so its highlight covers more", stepNames(n.Ev)).
					WithHint("quote a whole sentence or a clause that does not cut through another quote")
				e.Warning = true
				errs.Add(e)
			}
		}
		return ast.WalkContinue, nil
	})
	return marks, &errs
}

// Index, once every page is indexed, reports broken career blocks,
// quotes not found in the text (or found more than once) and paths shown
// nowhere.
func (f *Feature) Index(s pipeline.Parsed) *diag.List {
	var errs diag.List
	st := f.st
	st.home = s.Home()
	for _, t := range st.rows {
		if f, ok := s.Figure(figure.Key("tbl", t.dataset)); ok {
			st.tables[t.dataset] = placed{f.Page, f.Label}
		}
	}
	found := st.found
	pages := s.Pages()
	var texts []pageText
	for _, ev := range st.set.Evidence {
		on := found[ev]
		switch {
		case len(on) == 1:
			st.evidence[ev] = on[0]
		case len(on) == 0:
			if texts == nil {
				texts = collectTexts(s, pages)
			}
			for _, step := range ev.Steps {
				e := diag.Errorf(step.Path.File, step.EvidenceAt.Line, step.EvidenceAt.Col,
					"the evidence of step %q is not in the report's text", step.ID)
				e.Hint = closest(texts, ev.Text)
				errs.Add(e)
			}
		default:
			var where []string
			for _, p := range on {
				where = append(where, p.Path)
			}
			for _, step := range ev.Steps {
				errs.Add(diag.Errorf(step.Path.File, step.EvidenceAt.Line, step.EvidenceAt.Col,
					"the evidence of step %q is found %d times (%s)", step.ID, len(on), strings.Join(where, ", ")).
					WithHint("quote enough of the sentence that it is found once"))
			}
		}
	}
	for _, p := range st.set.Paths {
		_, full := st.figures[p.ID]
		_, compact := st.overviews[p.ID]
		if !full && !compact {
			errs.Add(&diag.Error{Path: p.File, Line: p.Line, Col: 1, Warning: true,
				Msg:  fmt.Sprintf("career path %q is not shown on any page", p.ID),
				Hint: "add a block ```career with id: " + p.ID + " where the report discusses it"})
		}
	}
	return &errs
}

// firstOffset is where the first text inside n starts in the page body.
func firstOffset(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

func stepNames(ev *flow.Evidence) string {
	var names []string
	for _, s := range ev.Steps {
		names = append(names, fmt.Sprintf("step %q of %s", s.ID, s.Path.File))
	}
	return strings.Join(names, " and ")
}

// pageText is the text of one paragraph or list item, for hints.
type pageText struct {
	page *content.Page
	text string
}

func collectTexts(s pipeline.Parsed, pages []*content.Page) []pageText {
	var out []pageText
	for _, p := range pages {
		if d := s.Doc(p); d != nil {
			for _, t := range mdcareer.Texts(d.AST, d.Source) {
				out = append(out, pageText{p, t})
			}
		}
	}
	return out
}

// closest says how far the quote agrees with the text: the longest run of
// its first words found anywhere, and what the text says next.
func closest(texts []pageText, quote string) string {
	const advice = "copy the sentence or clause as it stands in the markdown, with straight quotes"
	words := strings.Fields(quote)
	for k := len(words) - 1; k >= 3; k-- {
		prefix := strings.Join(words[:k], " ")
		for _, t := range texts {
			i := strings.Index(t.text, prefix)
			if i < 0 {
				continue
			}
			rest := strings.Fields(t.text[i+len(prefix):])
			rest = rest[:min(len(rest), 6)]
			return fmt.Sprintf("%s says %q, then %q where the quote has %q; %s", t.page.Path,
				ellipsis(prefix), strings.Join(rest, " "), strings.Join(words[k:min(len(words), k+6)], " "), advice)
		}
	}
	return "no sentence of the report starts like it; " + advice
}

// ellipsis keeps the last words of a long prefix.
func ellipsis(s string) string {
	w := strings.Fields(s)
	if len(w) <= 8 {
		return s
	}
	return "… " + strings.Join(w[len(w)-8:], " ")
}

// link is the href from the page of doc to the element id on page p.
func (st *state) link(doc *ast.Document, p *content.Page, id string) string {
	info := markdown.Info(doc)
	switch {
	case info.IDPrefix != "" && p != st.home:
		// The full report holds every page but the home page.
		return "#" + pipeline.FullPrefix(p) + id
	case info.IDPrefix == "" && info.URL == p.URL:
		return "#" + id
	}
	return st.rel(p.URL) + "#" + id
}

// EvidenceHref implements mdcareer.Resolver.
func (st *state) EvidenceHref(doc *ast.Document, ev *flow.Evidence) string {
	p, ok := st.evidence[ev]
	if !ok {
		// Reported by Index; the build stops before rendering.
		return "#" + ev.ID
	}
	return st.link(doc, p, ev.ID)
}

// Backlinks implements mdcareer.Resolver: one link per diagram, to the
// first step resting on ev.
func (st *state) Backlinks(doc *ast.Document, ev *flow.Evidence) []mdcareer.Backlink {
	byPath := map[*flow.Path][]*flow.Step{}
	var paths []*flow.Path
	for _, s := range ev.Steps {
		if byPath[s.Path] == nil {
			paths = append(paths, s.Path)
		}
		byPath[s.Path] = append(byPath[s.Path], s)
	}
	var out []mdcareer.Backlink
	for _, p := range paths {
		steps := byPath[p]
		sort.Slice(steps, func(i, j int) bool { return steps[i].Number < steps[j].Number })
		var nums []string
		for _, s := range steps {
			nums = append(nums, strconv.Itoa(s.Number))
		}
		more := ", step " + nums[0]
		if len(nums) > 1 {
			more = ", steps " + strings.Join(nums[:len(nums)-1], ", ") + " and " + nums[len(nums)-1]
		}
		if st.back != "" {
			more += ": " + st.back
		}
		figID := figure.HTMLID("fig", mdcareer.FigureID(p.ID))
		if at, ok := st.figures[p.ID]; ok {
			out = append(out, mdcareer.Backlink{Label: at.label, More: more,
				Href: st.link(doc, at.page, figID+"--"+steps[0].ID)})
		} else if at, ok := st.overviews[p.ID]; ok {
			out = append(out, mdcareer.Backlink{Label: p.Title, More: more,
				Href: st.link(doc, at.page, mdcareer.OverviewID(p.ID))})
		}
	}
	return out
}

// DataRow implements mdcareer.Resolver.
func (st *state) DataRow(doc *ast.Document, path string) (mdcareer.DataRow, bool) {
	t, ok := st.rows[path]
	if !ok {
		return mdcareer.DataRow{}, false
	}
	d := t.row
	if at, ok := st.tables[t.dataset]; ok {
		d.Table = at.label
		d.TableHref = st.link(doc, at.page, figure.HTMLID("tbl", t.dataset))
	}
	return d, true
}

// Figure implements mdcareer.Resolver.
func (st *state) Figure(doc *ast.Document, path string) (string, string, bool) {
	at, ok := st.figures[path]
	if !ok {
		return "", "", false
	}
	return at.label, st.link(doc, at.page, figure.HTMLID("fig", mdcareer.FigureID(path))), true
}
