package dataset

import (
	"regexp"
	"slices"
)

// Palette is the default colour of a category, assigned by the category's
// place in the schema (a group's flag columns, a column's values:), never
// by the order of a chart's series, so the same category has the same
// colour in every chart. The colours follow Okabe and Ito's colour-blind
// safe set, darkened where needed so that each has a contrast of at least
// 3:1 against both the light and the dark page background (#ffffff and
// #15181c: relative luminance between 0.13 and 0.29); one colour then
// serves both themes and print. Past eight, colours are hard to tell apart
// whatever the palette: charts label their categories too.
var Palette = []string{
	"#0072b2", // blue
	"#d55e00", // vermilion
	"#009e73", // bluish green
	"#cc79a7", // reddish purple
	"#a07000", // ochre (Okabe and Ito's orange, darkened)
	"#6c5fc7", // violet
	"#2f8fc4", // sky blue, darkened
	"#8a7a00", // olive
	"#9a5ea8", // purple
}

// Quantity colours categories that are amounts rather than names — numbers
// of posts, decades, bins of ages — and a chart's marks when it has no
// categories: they are told apart by their labels and their order, so
// they take no colour that names something elsewhere.
const Quantity = "#4f6d8a"

// Other colours a catch-all category: a Several category ("More than
// one").
const Other = "#767676"

var colourRe = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// Style is how a chart draws a category: its colour and its place in the
// field's whole order (-1 for a catch-all or an amount), which charts use
// to choose a symbol the same way colours are chosen.
type Style struct {
	Colour string
	Index  int
}

// Style is the category's colour and place. label is a category of the
// field over the dataset's rows (see Category); the style depends only on
// the schema and the dataset, never on which chart asks.
func (f *Field) Style(label string, several Several) Style {
	switch {
	case f.Group != nil:
		if several != "" && label == string(several) {
			return Style{Colour: Other, Index: -1}
		}
		for j, i := range f.gix {
			c := f.d.Schema.Columns[i]
			if c.ShortLabel() == label {
				return Style{Colour: pick(c.Colour, j), Index: j}
			}
		}
		// A combination of flags ("Bus + Rail"): after the
		// single flags, in the dataset's order of combinations.
		n := len(f.gix)
		for _, l := range f.Categories(f.d.Rows, "") {
			if l == label {
				return Style{Colour: pick("", n), Index: n}
			}
			if _, single := f.flagIndex(l); !single {
				n++
			}
		}
		return Style{Colour: Other, Index: -1}
	case f.Func != "" || f.Column.Type == Integer || f.Column.Type == Number:
		return Style{Colour: pick(f.Column.Colour, -1), Index: -1}
	case f.Column.Type == Boolean:
		i := map[string]int{"Yes": 0, "No": 1}[label]
		return Style{Colour: pick(f.Column.Colours[label], i), Index: i}
	}
	i := slices.Index(f.Column.Values, label)
	if i < 0 {
		// No values: list in the schema; the dataset's order of first
		// appearance is the next most stable.
		i = slices.Index(f.Categories(f.d.Rows, ""), label)
	}
	return Style{Colour: pick(f.Column.Colours[label], i), Index: i}
}

func (f *Field) flagIndex(label string) (int, bool) {
	for j, i := range f.gix {
		if f.d.Schema.Columns[i].ShortLabel() == label {
			return j, true
		}
	}
	return -1, false
}

// pick is the schema's colour when it gives one, else the palette's i-th
// (Quantity for i < 0).
func pick(schema string, i int) string {
	switch {
	case schema != "":
		return schema
	case i < 0:
		return Quantity
	}
	return Palette[i%len(Palette)]
}
