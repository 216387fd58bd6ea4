// Package stat renders the {{< stat >}} shortcode: a statistic computed from
// a dataset and written into the prose, so a figure the text states follows
// the data — and, given the figure the text expects, stops the build when
// the two disagree.
//
//	{{< stat mean age round=0 expect=48 >}}               48
//	{{< stat count posts eq=1 expect=13 >}}               13
//	{{< stat count >}}                                    22 (rows)
//	{{< stat max posts words=true expect=six >}}          six
//	{{< stat list id where=retired >}}                    11 and 15
//
// The first argument is the operation: count, min, max, mean, sum or list.
// The second names a column (count may leave it out to count rows).
// eq, ne, lt, le, gt and ge compare that column; where="column op value"
// (repeatable) tests any column; round sets decimals (mean defaults to 1);
// words=true writes a whole number up to twenty as a word; dataset names
// the dataset when the site has several; expect is the text as written,
// which the computed value must equal.
package stat

import (
	"html"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/markdown/ext/shortcode"

	"github.com/yuin/goldmark/util"
)

// Name is the shortcode's name.
const Name = "stat"

// Datasets finds a dataset by name ("" for the site's only one).
type Datasets interface {
	Lookup(name string) (*dataset.Dataset, error)
}

// Handler renders stat shortcodes.
type Handler struct {
	Data Datasets
}

// Render implements shortcode.Handler.
func (h Handler) Render(w util.BufWriter, n *shortcode.Node) error {
	r, err := Evaluate(h.Data, n)
	if err != nil {
		return err
	}
	_, _ = w.WriteString(`<span class="stat" title="computed from the ` + html.EscapeString(r.Dataset.Name) + ` data">` +
		html.EscapeString(r.Text) + `</span>`)
	return nil
}

// Result is an evaluated statistic.
type Result struct {
	Text    string
	Dataset *dataset.Dataset
}

var ops = []string{"count", "min", "max", "mean", "sum", "list"}

var comparisons = map[string]string{"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}

var named = []string{"dataset", "where", "eq", "ne", "lt", "le", "gt", "ge", "round", "words", "expect"}

func fail(msg, hint string) error { return &diag.Error{Msg: msg, Hint: hint} }

// Evaluate computes the statistic a stat shortcode asks for and checks it
// against expect. Errors are *diag.Error without a position.
func Evaluate(data Datasets, n *shortcode.Node) (*Result, error) {
	for _, a := range n.Args {
		if a.Key == "" {
			continue
		}
		known := false
		for _, k := range named {
			known = known || k == a.Key
		}
		if !known {
			return nil, fail("unknown argument "+strconv.Quote(a.Key), "use "+strings.Join(named, ", "))
		}
	}
	pos := n.Positional()
	if len(pos) == 0 {
		return nil, fail("which statistic?", "start with one of "+strings.Join(ops, ", ")+", such as {{< stat mean COLUMN >}}")
	}
	op := pos[0]
	valid := false
	for _, o := range ops {
		valid = valid || o == op
	}
	if !valid {
		return nil, fail("unknown statistic "+strconv.Quote(op), "use one of "+strings.Join(ops, ", "))
	}
	if len(pos) > 2 {
		return nil, fail("too many plain arguments: "+strings.Join(pos[2:], " "), "write the statistic, a column, then key=value arguments")
	}
	name, _ := n.Named("dataset")
	d, err := data.Lookup(name)
	if err != nil {
		return nil, err
	}
	var f *dataset.Field
	if len(pos) == 2 {
		if f, err = d.Field(pos[1]); err != nil {
			return nil, err
		}
	} else if op != "count" {
		return nil, fail(op+" needs a column", "name a number column: {{< stat "+op+" COLUMN >}}, where COLUMN is one of "+d.Schema.NumberColumns())
	}
	var conds []*dataset.Cond
	for _, a := range n.Args {
		switch {
		case a.Key == "where":
			c, err := d.ParseCond(a.Value)
			if err != nil {
				return nil, err
			}
			conds = append(conds, c)
		case comparisons[a.Key] != "":
			if f == nil {
				return nil, fail(a.Key+"= compares a column, and none is named", "name the column after "+op)
			}
			c, err := d.NewCond(f, comparisons[a.Key], a.Value)
			if err != nil {
				return nil, err
			}
			conds = append(conds, c)
		}
	}
	rows := d.Where(conds...)

	round := -1
	if v, ok := n.Named("round"); ok {
		r, err := strconv.Atoi(v)
		if err != nil || r < 0 || r > 6 {
			return nil, fail("round="+v+" is not a number of decimals", "use round=0 to round=6")
		}
		round = r
	} else if op == "mean" {
		round = 1
	}
	var value float64
	text := ""
	switch op {
	case "count":
		value = float64(dataset.Count(rows, f))
	case "list":
		var items []string
		for _, r := range rows {
			if f.Column != nil && f.Func == "" {
				// The cell as written: "11", not "11 posts".
				if v, _ := d.Value(r, f.Column.Name); !v.Missing {
					items = append(items, v.Text)
				}
				continue
			}
			if v, ok := f.Category(r, ""); ok {
				items = append(items, v)
			}
		}
		if len(items) == 0 {
			return nil, fail("no row matches, so there is nothing to list", "check the conditions")
		}
		text = dataset.JoinAnd(items)
	default:
		if !f.Numeric() {
			return nil, fail(op+" needs a number column, and "+pos[1]+" is not one", "use count for other columns")
		}
		xs := f.Numbers(rows)
		var ok bool
		switch op {
		case "min":
			value, ok = dataset.Min(xs)
		case "max":
			value, ok = dataset.Max(xs)
		case "mean":
			value, ok = dataset.Mean(xs)
		case "sum":
			value, ok = dataset.Sum(xs), true
		}
		if !ok {
			return nil, fail("no row has a value of "+pos[1]+" to take the "+op+" of", "check the conditions")
		}
	}
	if text == "" {
		text = dataset.FormatNumber(value, round)
		if round < 0 && f != nil && f.Column != nil && f.Func == "" && op != "count" {
			// A minimum, maximum or sum has the column's decimals.
			text = f.Column.Format(value)
		}
		if v, _ := n.Named("words"); v == "true" {
			w, ok := dataset.Words(mustParse(text))
			if !ok {
				return nil, fail("words=true writes whole numbers from zero to twenty, and the value is "+text, "remove words=true")
			}
			text = w
		} else if v != "" && v != "false" {
			return nil, fail("words="+v+" is not true or false", "write words=true")
		}
	}
	if want, ok := n.Named("expect"); ok && want != text {
		return nil, fail("the data give "+text+" but the text says "+want,
			"correct the text, or the data in "+d.Path+" if the text is right")
	}
	return &Result{Text: text, Dataset: d}, nil
}

func mustParse(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
