package chart

import (
	"cmp"
	"encoding/json"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/dataset"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is a built chart: the ECharts option, a sentence saying what it
// shows, and its data as a table for readers without the picture.
type Chart struct {
	Spec    *Spec
	Option  []byte
	Summary string
	Table   Table
	// Static is the chart drawn as SVG, narrow and wide (see Sizes);
	// empty when it was not drawn.
	Static [2][]byte
}

// Table is a chart's data. The first cell of each row heads the row.
type Table struct {
	Head []string
	Rows [][]string
}

// Datasets finds a dataset by name ("" for the site's only one).
type Datasets interface {
	Lookup(name string) (*dataset.Dataset, error)
}

// theme is the go-echarts theme name the options are built with. It is not
// one of go-echarts' presets, so the option carries no colour palette and
// no theme script: the site's chart script supplies colours for the light
// and dark themes.
const theme = "report"

// Build makes the chart a spec describes from its dataset.
func Build(s *Spec, data Datasets) (*Chart, []*SpecError) {
	d, err := data.Lookup(s.Dataset)
	if err != nil {
		return nil, []*SpecError{s.errAt(err, "dataset")}
	}
	b := &builder{s: s, d: d}
	c := &Chart{Spec: s}
	switch s.Type {
	case "bar":
		b.bar(c)
	case "histogram":
		b.histogram(c)
	case "scatter":
		b.scatter(c)
	case "cumulative":
		b.cumulative(c)
	case "sankey":
		b.sankey(c)
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	if s.Summary != "" {
		c.Summary = s.Summary
	}
	return c, nil
}

// errAt positions a dataset error at a key of the spec.
func (s *Spec) errAt(err error, path ...any) *SpecError {
	line, col := s.Pos(path...)
	e := diag.Place(err, "", line, col, "")
	return &SpecError{Line: e.Line, Col: e.Col, Msg: e.Msg, Hint: e.Hint}
}

type builder struct {
	s    *Spec
	d    *dataset.Dataset
	errs []*SpecError
}

func (b *builder) field(ref string, path ...any) *dataset.Field {
	f, err := b.d.Field(ref)
	if err != nil {
		b.errs = append(b.errs, b.s.errAt(err, path...))
		return nil
	}
	return f
}

func (b *builder) fail(msg, hint string, path ...any) {
	line, col := b.s.Pos(path...)
	b.errs = append(b.errs, &SpecError{Line: line, Col: col, Msg: msg, Hint: hint})
}

// rows is the dataset's noun for its rows, singular or plural ("respondent", "respondents").
func (b *builder) rows(n int) string {
	u := b.d.Schema.Rows
	if n == 1 {
		return u.One
	}
	return u.Other
}

func (b *builder) init() charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{ChartID: b.s.ID, Theme: theme})
}

func grid() charts.GlobalOpts {
	// containLabel makes room for the tick labels but not the axis names:
	// 28 px on the left holds the rotated y-axis name, 40 px below the x
	// axis name.
	return charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "28", Right: "16", Top: "24", Bottom: "40"})
}

// finish writes the option go-echarts built, after edit has set what
// go-echarts has no field for (or types wrongly). The option goes through
// a plain map, whose keys encoding/json sorts, so the output is the same
// for the same chart.
func finish(c *Chart, conf interface{ JSON() map[string]interface{} }, edit func(o map[string]any)) {
	raw, _ := json.Marshal(conf.JSON())
	var o map[string]any
	_ = json.Unmarshal(raw, &o)
	if edit != nil {
		edit(o)
	}
	c.Option, _ = json.Marshal(o)
}

// obj and list walk a decoded option, creating what is missing.
func obj(o map[string]any, key string) map[string]any {
	if m, ok := o[key].(map[string]any); ok {
		return m
	}
	if l, ok := o[key].([]any); ok && len(l) > 0 {
		if m, ok := l[0].(map[string]any); ok {
			return m
		}
	}
	m := map[string]any{}
	o[key] = m
	return m
}

func list(o map[string]any, key string) []map[string]any {
	var out []map[string]any
	l, _ := o[key].([]any)
	for _, x := range l {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// labelAside is how far, in pixels, a bar's label moves aside from a mark
// line through its bar: half a two-digit label and a gap.
const labelAside = 11

func itemAt(items []any, i int) (map[string]any, bool) {
	if i < 0 || i >= len(items) {
		return nil, false
	}
	m, ok := items[i].(map[string]any)
	return m, ok
}

// everyLabel shows every category label of an axis: ECharts would leave
// out every other one when they do not fit, and a phone would show bars
// 1, 3 and 5 of six. The chart script and the static drawing share the
// label size, so the labels that fit on a phone are the ones drawn.
func everyLabel(axis map[string]any) {
	l := obj(axis, "axisLabel")
	l["interval"] = 0
	l["hideOverlap"] = false
}

// coloured names a data item's colour in the option itself, so every
// chart that shows the category shows it in the same colour.
func coloured(item map[string]any, colour string) {
	obj(item, "itemStyle")["color"] = colour
}

// bar counts rows per category. A group of flags is counted per flag, so a
// row with two flags adds to two bars; the summary says how many did.
func (b *builder) bar(c *Chart) {
	f := b.field(b.s.Column, "column")
	if f == nil {
		return
	}
	rows := b.d.Rows
	var cats []string
	counts := map[string]int{}
	several := 0
	if f.Group != nil {
		cats = f.FlagLabels()
		for _, r := range rows {
			flags := f.Flags(r)
			for _, l := range flags {
				counts[l]++
			}
			if len(flags) > 1 {
				several++
			}
		}
		// The schema's order, as in every other chart of the dataset.
	} else {
		cats = f.Categories(rows, "")
		for _, r := range rows {
			if l, ok := f.Category(r, ""); ok {
				counts[l]++
			}
		}
	}
	data := make([]opts.BarData, len(cats))
	total := 0
	for i, l := range cats {
		data[i] = opts.BarData{Value: counts[l]}
		total += counts[l]
		c.Table.Rows = append(c.Table.Rows, []string{l, strconv.Itoa(counts[l])})
	}
	noun := upper(b.rows(2))
	c.Table.Head = []string{f.Label(false), noun}
	// Categories that are names (a group's flags, text) read best as
	// horizontal bars, whose labels have room; numbers run along the x
	// axis as usual.
	horizontal := !f.Numeric()
	bar := charts.NewBar()
	valueAxis := opts.XAxis{Type: "value", Name: noun, NameLocation: "middle", NameGap: 28, MinInterval: 1}
	catAxis := opts.XAxis{Type: "category", Name: f.Label(true), NameLocation: "middle", NameGap: 30}
	label := opts.Label{Show: opts.Bool(true), Position: "top"}
	if horizontal {
		bar.XYReversal()
		label.Position = "right"
		bar.SetGlobalOptions(
			charts.WithXAxisOpts(valueAxis),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		)
	} else {
		bar.SetGlobalOptions(
			charts.WithXAxisOpts(catAxis),
			charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: noun, NameLocation: "middle", NameGap: 30, MinInterval: 1}),
		)
	}
	bar.SetGlobalOptions(b.init(), grid(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	bar.SetXAxis(cats).AddSeries(noun, data, charts.WithLabelOpts(label))
	bar.Validate()
	finish(c, bar, func(o map[string]any) {
		catAxis := "xAxis"
		if horizontal {
			catAxis = "yAxis"
		}
		everyLabel(obj(o, catAxis))
		series := list(o, "series")
		if len(series) == 0 {
			return
		}
		items, _ := series[0]["data"].([]any)
		for i, it := range items {
			m, ok := it.(map[string]any)
			if !ok || i >= len(cats) {
				continue
			}
			coloured(m, f.Style(cats[i], "").Colour)
		}
	})

	parts := make([]string, 0, len(cats))
	for _, l := range cats {
		switch {
		case counts[l] == 0:
		case f.Group != nil:
			parts = append(parts, l+" "+strconv.Itoa(counts[l]))
		default:
			parts = append(parts, strconv.Itoa(counts[l])+" with "+l)
		}
	}
	prep := " for the "
	if f.Group != nil {
		prep = " of the "
	}
	c.Summary = f.Label(true) + prep + strconv.Itoa(len(rows)) + " " + b.rows(len(rows)) + ": " + dataset.JoinAnd(parts)
	if f.Group != nil && several > 0 {
		c.Summary += "; " + words(several) + " " + have(several) + " more than one, so the bars add up to " + strconv.Itoa(total)
	}
	c.Summary += "."
}

// histogram counts a number column in bins of equal width and can mark the
// mean.
func (b *builder) histogram(c *Chart) {
	f := b.field(b.s.Column, "column")
	if f == nil {
		return
	}
	if !f.Numeric() {
		b.fail(b.s.Column+" is not a number column", "a histogram needs numbers: one of "+b.d.Schema.NumberColumns(), "column")
		return
	}
	xs := f.Numbers(b.d.Rows)
	if len(xs) == 0 {
		b.fail(b.s.Column+" has no values to draw", "", "column")
		return
	}
	width := *b.s.Bin
	lo, _ := dataset.Min(xs)
	hi, _ := dataset.Max(xs)
	start := math.Floor(lo/width) * width
	if b.s.Start != nil {
		start = *b.s.Start
		if start > lo {
			b.fail("start "+num(start)+" is above the smallest value, "+num(lo), "start the bins at or below "+num(lo), "start")
			return
		}
	}
	n := int(math.Floor((hi-start)/width)) + 1
	if n > 200 {
		b.fail("bin "+num(width)+" makes "+strconv.Itoa(n)+" bins", "choose a wider bin", "bin")
		return
	}
	counts := make([]int, n)
	for _, x := range xs {
		i := int(math.Floor((x - start) / width))
		counts[i]++
	}
	integer := f.Column.Type == dataset.Integer && width == math.Trunc(width)
	binLabel := func(i int) string {
		a := start + float64(i)*width
		if integer {
			return num(a) + "–" + num(a+width-1)
		}
		return num(a) + "–<" + num(a+width)
	}
	noun := upper(b.rows(2))
	data := make([]opts.BarData, n)
	for i := range counts {
		// Bars sit at their bin's centre on a value axis, so the mean can
		// be marked where it falls rather than on a category.
		// The name is the tooltip's whole text: ECharts fills {@[n]}
		// only in labels, not in tooltips.
		data[i] = opts.BarData{Name: binLabel(i) + ": " + strconv.Itoa(counts[i]) + " " + b.rows(counts[i]),
			Value: []float64{start + (float64(i)+0.5)*width, float64(counts[i])}}
		c.Table.Rows = append(c.Table.Rows, []string{binLabel(i), strconv.Itoa(counts[i])})
	}
	c.Table.Head = []string{f.Label(false) + unitSuffix(f.Column), noun}
	round := 1
	if b.s.Round != nil {
		round = *b.s.Round
	}
	mean, _ := dataset.Mean(xs)
	meanText := dataset.FormatNumber(mean, round)
	var series []charts.SeriesOpts
	series = append(series,
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "96%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Formatter: "{@[1]}"}),
		charts.WithSeriesTooltipOpts(opts.SeriesTooltip{Formatter: "{b}"}),
	)
	if b.s.Mean {
		series = append(series,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "Mean", XAxis: mean}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "Mean " + meanText, Position: "end"},
				LineStyle: &opts.LineStyle{Type: "dashed", Width: 2},
			}),
		)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(b.init(), grid(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: f.Label(true) + unitSuffix(f.Column), NameLocation: "middle", NameGap: 30,
			Min: start, Max: start + float64(n)*width, SplitNumber: n}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: noun, NameLocation: "middle", NameGap: 30, MinInterval: 1}),
	)
	bar.AddSeries(noun, data, series...)
	bar.Validate()
	// The bin the mean falls in: its count moves aside, away from the
	// mean's line, which would otherwise strike it through.
	meanBin := int(math.Floor((mean - start) / width))
	aside := -labelAside
	if mean < start+(float64(meanBin)+0.5)*width {
		aside = labelAside
	}
	finish(c, bar, func(o map[string]any) {
		// Headroom above the tallest bar for its label, with the mean's
		// label above that at the top of its line; ECharts rounds the
		// axis up to a whole tick from there.
		obj(o, "yAxis")["boundaryGap"] = []any{0, "30%"}
		for _, s := range list(o, "series") {
			obj(s, "itemStyle")["color"] = dataset.Quantity
			items, _ := s["data"].([]any)
			if m, ok := itemAt(items, meanBin); ok && b.s.Mean {
				m["label"] = map[string]any{"offset": []any{aside, 0}}
			}
		}
	})

	binText := num(width)
	if u := f.Column.Unit; u != nil {
		binText += " " + map[bool]string{true: u.One, false: u.Other}[width == 1]
	}
	c.Summary = f.Label(true) + " for the " + strconv.Itoa(len(xs)) + " " + b.rows(len(xs)) +
		" with a value, in bins of " + binText + ": from " + num(lo) + " to " + num(hi)
	if b.s.Mean {
		c.Summary += ", with a mean of " + meanText
	}
	if left := b.without(f); len(left) > 0 {
		c.Summary += "; " + dataset.JoinAnd(left) + " " + isAre(len(left)) + " left out for want of a value"
	}
	c.Summary += "."
}

// without names the rows that have no value of f.
func (b *builder) without(f *dataset.Field) []string {
	var out []string
	for _, r := range b.d.Rows {
		if _, ok := f.Number(r); !ok {
			out = append(out, b.d.KeyLabel(r))
		}
	}
	return out
}

// symbols give each category its own shape as well as its own colour, so
// the groups can be told apart without colour vision; like colours they go
// by the category's place in the schema. Every one is centred on its
// point (ECharts' pin and arrow are anchored at their tip, which drew
// points a year off): the paths are drawn in a square box, centred.
var symbols = []string{
	"circle", "rect", "triangle", "diamond",
	"path://M4 0h2v4h4v2h-4v4h-2v-4h-4v-2h4z", // plus
	"path://M0 0h10l-5 9z",                    // triangle, point down
	"path://M1.5 0l3.5 3.5 3.5-3.5 1.5 1.5-3.5 3.5 3.5 3.5-1.5 1.5-3.5-3.5-3.5 3.5-1.5-1.5 3.5-3.5-3.5-3.5z", // cross
	"path://M5 0l1.2 3.6h3.8l-3.1 2.3 1.2 3.6-3.1-2.3-3.1 2.3 1.2-3.6-3.1-2.3h3.8z",                          // star
}

// otherSymbol marks a catch-all category ("More than one").
const otherSymbol = "roundRect"

// scatterSymbol is the category's symbol.
func scatterSymbol(st dataset.Style) string {
	if st.Index < 0 {
		return otherSymbol
	}
	return symbols[st.Index%len(symbols)]
}

// symbolSize is the scatter's symbol size in pixels; points at the same
// place are set this far apart, side by side.
const symbolSize = 12

// scatter plots one row per point, optionally grouped (and coloured) by a
// category; the tooltip names the row.
func (b *builder) scatter(c *Chart) {
	fx := b.field(b.s.X, "x")
	fy := b.field(b.s.Y, "y")
	var fc *dataset.Field
	if b.s.Colour != "" {
		key := "colour"
		if b.s.Color != "" && b.s.Colour == b.s.Color {
			key = "color"
		}
		fc = b.field(b.s.Colour, key)
	}
	if fx == nil || fy == nil || (b.s.Colour != "" && fc == nil) {
		return
	}
	for _, p := range []struct {
		f   *dataset.Field
		key string
	}{{fx, "x"}, {fy, "y"}} {
		if !p.f.Numeric() {
			b.fail(p.f.Ref+" is not a number column", "a scatter chart plots numbers on both axes", p.key)
			return
		}
	}
	several := dataset.Several(b.s.Several)
	groups := []string{""}
	if fc != nil {
		groups = fc.Categories(b.d.Rows, several)
	}
	points := map[string][]opts.ScatterData{}
	// Points at the same place, so they can be set side by side.
	type place struct{ x, y float64 }
	at := map[place][]string{}
	var xs, ys []float64
	var left []string
	noun := upper(b.rows(2))
	head := []string{b.d.KeyHeading(), fx.Label(false), fy.Label(false)}
	if fc != nil {
		head = append(head, fc.Label(false))
	}
	c.Table.Head = head
	for _, r := range b.d.Rows {
		x, okx := fx.Number(r)
		y, oky := fy.Number(r)
		g := ""
		if fc != nil {
			g, _ = fc.Category(r, several)
		}
		row := []string{b.d.KeyText(r), cell(fx, r, okx, x), cell(fy, r, oky, y)}
		if fc != nil {
			row = append(row, g)
		}
		c.Table.Rows = append(c.Table.Rows, row)
		if !okx || !oky {
			left = append(left, b.d.KeyLabel(r))
			continue
		}
		xs, ys = append(xs, x), append(ys, y)
		// The name is the tooltip's whole text, naming the row first.
		name := b.d.KeyLabel(r)
		if g != "" {
			name += " (" + g + ")"
		}
		name += ": " + lowerFirst(fx.Label(true)) + " " + fx.Format(x) + ", " + lowerFirst(fy.Label(true)) + " " + fy.Format(y)
		points[g] = append(points[g], opts.ScatterData{Name: name, Value: []float64{x, y}})
		at[place{x, y}] = append(at[place{x, y}], b.d.KeyLabel(r))
	}
	sc := charts.NewScatter()
	xmin, _ := dataset.Min(xs)
	xmax, _ := dataset.Max(xs)
	ymin, _ := dataset.Min(ys)
	ymax, _ := dataset.Max(ys)
	padX, padY := pad(xmin, xmax), pad(ymin, ymax)
	sc.SetGlobalOptions(b.init(),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "28", Right: "16", Top: "16", Bottom: "104"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		// A plain legend wraps onto more lines on a narrow screen; the grid
		// leaves room below for three.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(fc != nil), Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: fx.Label(true), NameLocation: "middle", NameGap: 28,
			Scale: opts.Bool(true), Min: niceFloor(xmin - padX), Max: niceCeil(xmax + padX), AxisLabel: plainLabels(fx)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: fy.Label(true) + unitSuffix(fy.Column), NameLocation: "middle", NameGap: 30,
			Scale: opts.Bool(true), Min: niceFloor(ymin - padY), Max: niceCeil(ymax + padY), AxisLabel: plainLabels(fy)}),
	)
	type drawn struct {
		name string
		st   dataset.Style
	}
	var series []drawn
	for _, g := range groups {
		name := g
		st := dataset.Style{Colour: dataset.Quantity, Index: 0}
		if name == "" {
			name = noun
		} else {
			st = fc.Style(g, several)
		}
		if len(points[g]) == 0 {
			continue
		}
		series = append(series, drawn{name, st})
		sc.AddSeries(name, points[g], charts.WithScatterChartOpts(opts.ScatterChart{
			Symbol: scatterSymbol(st), SymbolSize: symbolSize,
		}))
	}
	sc.Validate()
	var shared [][]string
	finish(c, sc, func(o map[string]any) {
		legend := obj(o, "legend")
		var entries []any
		for i, s := range list(o, "series") {
			if i >= len(series) {
				break
			}
			d := series[i]
			obj(s, "itemStyle")["color"] = d.st.Colour
			// A point at the axis's end is drawn whole, not cut by the
			// grid.
			s["clip"] = false
			// The legend's mark is the points' own: same shape, same
			// colour.
			entries = append(entries, map[string]any{"name": d.name, "icon": scatterSymbol(d.st),
				"itemStyle": map[string]any{"color": d.st.Colour}})
			items, _ := s["data"].([]any)
			for _, it := range items {
				m, _ := it.(map[string]any)
				v, _ := m["value"].([]any)
				if len(v) != 2 {
					continue
				}
				x, _ := v[0].(float64)
				y, _ := v[1].(float64)
				p := place{x, y}
				if len(at[p]) < 2 {
					continue
				}
				name, _ := m["name"].(string)
				j := slices.IndexFunc(at[p], func(k string) bool { return strings.HasPrefix(name, k+" ") || strings.HasPrefix(name, k+":") })
				m["symbolOffset"] = []any{(float64(j) - float64(len(at[p])-1)/2) * symbolSize, 0}
			}
		}
		legend["data"] = entries
	})
	for _, p := range slices.SortedFunc(maps.Keys(at), func(a, b place) int {
		if a.x != b.x {
			return cmp.Compare(a.x, b.x)
		}
		return cmp.Compare(a.y, b.y)
	}) {
		if len(at[p]) > 1 {
			shared = append(shared, at[p])
		}
	}

	c.Summary = "Each of " + strconv.Itoa(len(xs)) + " " + b.rows(len(xs)) + " is a point: " + lowerFirst(fy.Label(true)) + " (" + fy.Format(ymin) + " to " + fy.Format(ymax) +
		") against " + lowerFirst(fx.Label(true)) + " (" + fx.Format(xmin) + " to " + fx.Format(xmax) + ")"
	if fc != nil {
		c.Summary += ", marked by " + lowerFirst(fc.Label(true))
	}
	if len(shared) > 0 {
		pairs := make([]string, len(shared))
		for i, s := range shared {
			pairs[i] = dataset.JoinAnd(s)
		}
		c.Summary += "; points at the same place are drawn side by side (" + strings.Join(pairs, "; ") + ")"
	}
	if len(left) > 0 {
		c.Summary += "; " + dataset.JoinAnd(left) + " " + isAre(len(left)) + " left out for want of a value"
	}
	c.Summary += "."
}

// cumulative counts rows up to each value of a column (first appointments
// by year) as a step line.
func (b *builder) cumulative(c *Chart) {
	f := b.field(b.s.Column, "column")
	if f == nil {
		return
	}
	if !f.Numeric() {
		b.fail(b.s.Column+" is not a number column", "a cumulative chart counts up along numbers: one of "+b.d.Schema.NumberColumns(), "column")
		return
	}
	xs := f.Numbers(b.d.Rows)
	if len(xs) == 0 {
		b.fail(b.s.Column+" has no values to draw", "", "column")
		return
	}
	per := map[float64]int{}
	for _, x := range xs {
		per[x]++
	}
	keys := make([]float64, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	sort.Float64s(keys)
	noun := upper(b.rows(2))
	c.Table.Head = []string{f.Label(false), "New", "Total so far"}
	data := make([]opts.LineData, len(keys))
	total, half := 0, 0.0
	for i, k := range keys {
		total += per[k]
		if half == 0 && total*2 >= len(xs) {
			half = k
		}
		data[i] = opts.LineData{Name: num(k) + ": " + strconv.Itoa(per[k]) + " new, " + strconv.Itoa(total) + " in all",
			Value: []float64{k, float64(total)}}
		c.Table.Rows = append(c.Table.Rows, []string{num(k), strconv.Itoa(per[k]), strconv.Itoa(total)})
	}
	line := charts.NewLine()
	line.SetGlobalOptions(b.init(), grid(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item",
			Formatter: "{b}"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: f.Label(true), NameLocation: "middle", NameGap: 28,
			Min: niceFloor(keys[0]), Max: niceCeil(keys[len(keys)-1]), MinInterval: 1, AxisLabel: plainLabels(f)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: noun + " (total)", NameLocation: "middle", NameGap: 30, MinInterval: 1, Min: 0}),
	)
	line.AddSeries(noun, data,
		charts.WithLineChartOpts(opts.LineChart{Step: "end", ShowSymbol: opts.Bool(true), SymbolSize: 8}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)}),
	)
	line.Validate()
	finish(c, line, func(o map[string]any) {
		for _, s := range list(o, "series") {
			obj(s, "itemStyle")["color"] = dataset.Quantity
			obj(s, "lineStyle")["color"] = dataset.Quantity
			obj(s, "areaStyle")["color"] = dataset.Quantity
		}
	})

	c.Summary = "The number of " + b.rows(2) + " by " + lowerFirst(f.Label(true)) + " rises from " + strconv.Itoa(per[keys[0]]) +
		" in " + num(keys[0]) + " to " + strconv.Itoa(total) + " by " + num(keys[len(keys)-1]) + ", passing half in " + num(half)
	if left := b.without(f); len(left) > 0 {
		c.Summary += "; " + dataset.JoinAnd(left) + " " + isAre(len(left)) + " left out for want of a value"
	}
	c.Summary += "."
}

// sankey shows how rows flow between the categories of two or more
// stages; each row is counted once per pair of neighbouring stages.
func (b *builder) sankey(c *Chart) {
	several := dataset.Several(b.s.Several)
	var fields []*dataset.Field
	for i, ref := range b.s.Stages {
		f := b.field(ref, "stages", i)
		if f != nil {
			fields = append(fields, f)
		}
	}
	if len(fields) != len(b.s.Stages) {
		return
	}
	// Links first: a category no row flows through (an empty "4 posts")
	// gets no node, so its label does not crowd the others.
	var links []opts.SankeyLink
	used := map[string]bool{}
	c.Table.Head = []string{"From", "To", upper(b.rows(2))}
	var biggest opts.SankeyLink
	biggestFrom := ""
	for i := 0; i+1 < len(fields); i++ {
		from, to := fields[i], fields[i+1]
		counts := map[[2]string]int{}
		for _, r := range b.d.Rows {
			a, oka := from.Category(r, several)
			z, okz := to.Category(r, several)
			if oka && okz {
				counts[[2]string{a, z}]++
			}
		}
		for _, a := range from.Categories(b.d.Rows, several) {
			for _, z := range to.Categories(b.d.Rows, several) {
				n := counts[[2]string{a, z}]
				if n == 0 {
					continue
				}
				l := opts.SankeyLink{Source: a, Target: z, Value: float32(n)}
				links = append(links, l)
				used[a], used[z] = true, true
				c.Table.Rows = append(c.Table.Rows, []string{a, z, strconv.Itoa(n)})
				if l.Value > biggest.Value {
					biggest, biggestFrom = l, a
				}
			}
		}
	}
	var nodes []opts.SankeyNode
	var nodeColours []string
	owner := map[string]int{}
	for i, f := range fields {
		for _, cat := range f.Categories(b.d.Rows, several) {
			if j, dup := owner[cat]; dup && j != i {
				b.fail("stages "+strconv.Itoa(j+1)+" and "+strconv.Itoa(i+1)+" both have a node named "+strconv.Quote(cat),
					"a node's name must be unique; give one of the columns a unit in the schema", "stages", i)
				return
			}
			owner[cat] = i
			if !used[cat] {
				continue
			}
			// The depth keeps each node in its stage's column even when
			// no flow reaches it from the stage before.
			depth := i
			nodes = append(nodes, opts.SankeyNode{Name: cat, Depth: &depth})
			nodeColours = append(nodeColours, f.Style(cat, several).Colour)
		}
	}
	if len(links) == 0 {
		b.fail("no row has values in two neighbouring stages, so nothing flows", "check the stages' columns", "stages")
		return
	}
	sk := charts.NewSankey()
	sk.SetGlobalOptions(b.init(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	sk.AddSeries(upper(b.rows(2)), nodes, links,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: "gradient", Curveness: 0.5, Opacity: opts.Float(0.35)}),
		charts.WithEmphasisOpts(opts.Emphasis{Focus: "adjacency"}),
		func(s *charts.SingleSeries) {
			s.NodeGap = opts.Int(10)
			s.Left, s.Right, s.Top, s.Bottom = "2%", "18%", "4%", "4%"
		},
	)
	sk.Validate()
	finish(c, sk, func(o map[string]any) {
		for _, s := range list(o, "series") {
			// The nodes in the order given — each stage's categories in
			// the schema's order — rather than where ECharts' layout
			// would move them to shorten the flows ("1, 6, 2, 3 posts").
			s["layoutIterations"] = 0
			items, _ := s["data"].([]any)
			for i, it := range items {
				if m, ok := it.(map[string]any); ok && i < len(nodeColours) {
					coloured(m, nodeColours[i])
				}
			}
		}
	})

	labels := make([]string, len(fields))
	for i, f := range fields {
		labels[i] = lowerFirst(f.Label(true))
	}
	c.Summary = "How the " + strconv.Itoa(len(b.d.Rows)) + " " + b.rows(len(b.d.Rows)) + " divide by " + strings.Join(labels, ", then by ") +
		"; the widest flow is from " + biggestFrom + " to " + biggest.Target.(string) + " (" + strconv.Itoa(int(biggest.Value)) + " " + b.rows(int(biggest.Value)) + ")."
}

// PlainFormatter is an axis label formatter the site's chart script
// replaces with one that writes numbers as they are: ECharts would write the
// year 1989 as "1,989", and a function cannot travel in JSON.
const PlainFormatter = "{plain}"

// plainLabels keeps an integer column's numbers (years) free of thousands
// separators.
func plainLabels(f *dataset.Field) *opts.AxisLabel {
	if f.Column == nil || f.Column.Type != dataset.Integer {
		return nil
	}
	return &opts.AxisLabel{Formatter: PlainFormatter}
}

func cell(f *dataset.Field, r dataset.Row, ok bool, x float64) string {
	if !ok {
		return missingText(f.Column)
	}
	return f.Format(x)
}

func missingText(c *dataset.Column) string {
	if c.Missing != "" {
		return c.Missing
	}
	return "not given"
}

func unitSuffix(c *dataset.Column) string {
	if c == nil || c.Unit == nil {
		return ""
	}
	return " (" + c.Unit.Other + ")"
}

func num(x float64) string { return dataset.FormatNumber(x, -1) }

// pad is the room an axis leaves beyond its data: a twentieth of the range,
// at least one unit, so a point at the end is not on the frame.
func pad(lo, hi float64) float64 { return max(1, (hi-lo)/20) }

// niceFloor and niceCeil widen an axis to the next multiple of five, so
// points do not sit on the frame.
func niceFloor(x float64) float64 { return math.Floor((x-1)/5) * 5 }
func niceCeil(x float64) float64  { return math.Ceil((x+1)/5) * 5 }

func words(n int) string {
	if w, ok := dataset.Words(float64(n)); ok && n < 10 {
		return w
	}
	return strconv.Itoa(n)
}

func have(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lowerFirst lowers a label's first letter for use inside a sentence,
// unless it is an abbreviation ("UK visits made", "EU").
func lowerFirst(s string) string {
	if len(s) < 2 || strings.ToUpper(s[:2]) == s[:2] {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
