package dataset

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
)

// Field is what a chart or a statistic reads from each row: a column, a
// group of flag columns ("background": a person's training, several
// possible), or a function of a column ("decade(year)").
type Field struct {
	// Ref is the reference as written.
	Ref    string
	Column *Column // nil for a group
	Group  *Group  // nil for a column
	// Func is "" or "decade".
	Func string

	d   *Dataset
	idx int   // column index
	gix []int // group column indexes
}

var funcRe = regexp.MustCompile(`^\s*([a-z]+)\s*\(\s*([a-z0-9_]+)\s*\)\s*$`)

// Funcs are the functions a field reference may apply.
var Funcs = []string{"decade"}

// Field resolves a reference: a column name, a group name, or
// "decade(column)". The error is a *diag.Error without a position.
func (d *Dataset) Field(ref string) (*Field, error) {
	f := &Field{Ref: ref, d: d}
	name := strings.TrimSpace(ref)
	if m := funcRe.FindStringSubmatch(ref); m != nil {
		f.Func, name = m[1], m[2]
		if f.Func != "decade" {
			return nil, &diag.Error{Msg: "unknown function " + strconv.Quote(f.Func), Hint: "use decade(column)"}
		}
	}
	if g, ok := d.Schema.Group(name); ok {
		if f.Func != "" {
			return nil, &diag.Error{Msg: f.Func + "() needs a number column, and " + name + " is a group of flags"}
		}
		f.Group = g
		for _, c := range g.Columns {
			_, i, _ := d.Schema.Column(c)
			f.gix = append(f.gix, i)
		}
		return f, nil
	}
	c, i, ok := d.Schema.Column(name)
	if !ok {
		return nil, &diag.Error{Msg: "unknown column " + strconv.Quote(name) + " in dataset " + d.Name,
			Hint: "use one of " + d.fieldNames()}
	}
	if f.Func == "decade" && c.Type != Integer {
		return nil, &diag.Error{Msg: "decade() needs an integer column (a year), and " + name + " is " + string(c.Type)}
	}
	f.Column, f.idx = c, i
	return f, nil
}

func (d *Dataset) fieldNames() string {
	names := []string{}
	for _, c := range d.Schema.Columns {
		names = append(names, c.Name)
	}
	for _, g := range d.Schema.Groups {
		names = append(names, g.Name+" (group)")
	}
	return strings.Join(names, ", ")
}

// Label is the field's human label; short uses the short forms.
func (f *Field) Label(short bool) string {
	switch {
	case f.Group != nil && short:
		return f.Group.ShortLabel()
	case f.Group != nil:
		return f.Group.Label
	}
	l := f.Column.Label
	if short {
		l = f.Column.ShortLabel()
	}
	if f.Func == "decade" {
		return l + " (decade)"
	}
	return l
}

// Numeric reports whether the field gives one number per row.
// Format writes a number read from the field with its column's decimals
// ("8.10" stays 8.10); a derived value (a decade) is written plainly.
func (f *Field) Format(x float64) string {
	if f.Column != nil && f.Func == "" {
		return f.Column.Format(x)
	}
	return FormatNumber(x, -1)
}

func (f *Field) Numeric() bool {
	return f.Group == nil && f.Func == "" && (f.Column.Type == Integer || f.Column.Type == Number)
}

// Number is the row's value of a numeric field; false when missing or not
// numeric.
func (f *Field) Number(r Row) (float64, bool) {
	if !f.Numeric() {
		return 0, false
	}
	v := r.Values[f.idx]
	return v.Num, !v.Missing
}

// Flags lists the labels (short form) of the group's flags set in r, in the
// schema's order.
func (f *Field) Flags(r Row) []string {
	var out []string
	for _, i := range f.gix {
		if r.Values[i].Bool {
			out = append(out, f.d.Schema.Columns[i].ShortLabel())
		}
	}
	return out
}

// FlagLabels lists the labels (short form) of every flag of a group field.
func (f *Field) FlagLabels() []string {
	var out []string
	for _, i := range f.gix {
		out = append(out, f.d.Schema.Columns[i].ShortLabel())
	}
	return out
}

// Several, passed to Category, puts rows with more than one flag of a group
// into one category of that name; empty joins their labels ("GP + Public
// health").
type Several string

// Category is the row's value as a category label ("1 visit", "1980s", "Bus
// + Rail"); false when the value is missing.
func (f *Field) Category(r Row, several Several) (string, bool) {
	if f.Group != nil {
		flags := f.Flags(r)
		switch {
		case len(flags) == 0:
			return "", false
		case len(flags) > 1 && several != "":
			return string(several), true
		}
		return strings.Join(flags, " + "), true
	}
	v := r.Values[f.idx]
	if v.Missing {
		return "", false
	}
	switch {
	case f.Func == "decade":
		return strconv.Itoa(int(math.Floor(v.Num/10))*10) + "s", true
	case f.Column.Type == Boolean:
		if v.Bool {
			return "Yes", true
		}
		return "No", true
	case f.Column.Type == Integer || f.Column.Type == Number:
		return f.Column.WithUnit(v.Num), true
	}
	return v.Text, true
}

// WithUnit writes n with the column's unit ("6 posts").
func (c *Column) WithUnit(n float64) string {
	s := c.Format(n)
	if c.Unit == nil {
		return s
	}
	if n == 1 {
		return s + " " + c.Unit.One
	}
	return s + " " + c.Unit.Other
}

// Categories lists the field's categories over rows in a natural order:
// numbers and decades ascending (integers with every value between the
// smallest and the largest, so an empty bar shows a gap rather than
// hiding it), a group's single flags in schema order before combinations,
// and other text in order of first appearance.
func (f *Field) Categories(rows []Row, several Several) []string {
	type cat struct {
		label string
		key   []float64
	}
	seen := map[string]bool{}
	var cats []cat
	add := func(label string, key ...float64) {
		if !seen[label] {
			seen[label] = true
			cats = append(cats, cat{label, key})
		}
	}
	if f.Group == nil && f.Func == "" && f.Column.Type == Integer {
		lo, hi, n := math.Inf(1), math.Inf(-1), 0
		for _, r := range rows {
			if v, ok := f.Number(r); ok {
				lo, hi, n = math.Min(lo, v), math.Max(hi, v), n+1
			}
		}
		if n > 0 && hi-lo <= 100 {
			var out []string
			for v := lo; v <= hi; v++ {
				out = append(out, f.Column.WithUnit(v))
			}
			return out
		}
	}
	for i, r := range rows {
		label, ok := f.Category(r, several)
		if !ok {
			continue
		}
		switch {
		case f.Group != nil:
			// Key: number of flags (a "several" category last), then the
			// position of each flag in the schema.
			key := []float64{}
			n := 0
			for j, gi := range f.gix {
				if r.Values[gi].Bool {
					key = append(key, float64(j))
					n++
				}
			}
			if n > 1 && several != "" {
				key = []float64{math.Inf(1)}
			}
			add(label, append([]float64{float64(n)}, key...)...)
		case f.Func == "decade" || f.Column.Type == Integer || f.Column.Type == Number:
			add(label, r.Values[f.idx].Num)
		default:
			add(label, float64(i))
		}
	}
	sort.SliceStable(cats, func(i, j int) bool {
		a, b := cats[i].key, cats[j].key
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = c.label
	}
	return out
}

// KeyLabel names a row for readers ("Site 3"): the key column's short label
// and the row's key.
func (d *Dataset) KeyLabel(r Row) string {
	if d.Schema.Key == "" {
		return "Row " + d.KeyText(r)
	}
	c, _, _ := d.Schema.Column(d.Schema.Key)
	return c.ShortLabel() + " " + d.KeyText(r)
}

// KeyText is the row's key ("3"), or its position when the dataset has no
// key column.
func (d *Dataset) KeyText(r Row) string {
	if d.Schema.Key == "" {
		for i, q := range d.Rows {
			if q.Line == r.Line {
				return strconv.Itoa(i + 1)
			}
		}
		return "?"
	}
	_, i, _ := d.Schema.Column(d.Schema.Key)
	return r.Values[i].Text
}

// KeyHeading heads the column of row keys in a table ("Site number").
func (d *Dataset) KeyHeading() string {
	if d.Schema.Key == "" {
		return "Row"
	}
	c, _, _ := d.Schema.Column(d.Schema.Key)
	return c.Label
}
