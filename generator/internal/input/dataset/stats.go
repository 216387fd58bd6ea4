package dataset

import (
	"cmp"
	"math"
	"regexp"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
)

// Cond is a test on one field of a row: "posts=1", "age>=50",
// "retired" (a true flag).
type Cond struct {
	Field *Field
	// Op is one of = != < <= > >=.
	Op    string
	Value string
	num   float64
}

var condRe = regexp.MustCompile(`^\s*([a-z][a-z0-9_]*(?:\([a-z0-9_]+\))?)\s*(?:(==|!=|<=|>=|=|<|>)\s*(.*?))?\s*$`)

// Ops are the comparison operators a condition may use.
var Ops = []string{"=", "!=", "<", "<=", ">", ">="}

// ParseCond reads a condition such as "posts=1" or "retired". The
// error is a *diag.Error without a position.
func (d *Dataset) ParseCond(s string) (*Cond, error) {
	m := condRe.FindStringSubmatch(s)
	if m == nil {
		return nil, &diag.Error{Msg: "cannot read the condition " + strconv.Quote(s),
			Hint: `write column, column=value, or compare with != < <= > >= (for example "posts>=2")`}
	}
	f, err := d.Field(m[1])
	if err != nil {
		return nil, err
	}
	op, val := m[2], m[3]
	if op == "==" {
		op = "="
	}
	if op == "" {
		op, val = "=", "true"
	}
	return d.NewCond(f, op, val)
}

// NewCond makes the condition "f op value" and checks that value suits f.
func (d *Dataset) NewCond(f *Field, op, value string) (*Cond, error) {
	c := &Cond{Field: f, Op: op, Value: strings.TrimSpace(value)}
	valid := false
	for _, o := range Ops {
		valid = valid || o == op
	}
	if !valid {
		return nil, &diag.Error{Msg: "unknown comparison " + strconv.Quote(op), Hint: "use one of " + strings.Join(Ops, " ")}
	}
	switch {
	case f.Group != nil:
		return nil, &diag.Error{Msg: f.Ref + " is a group of flags; test one of its columns",
			Hint: "for example " + f.Group.Columns[0] + "=true"}
	case f.Func == "":
		switch f.Column.Type {
		case Boolean:
			v := strings.ToLower(c.Value)
			if v != "true" && v != "false" || (op != "=" && op != "!=") {
				return nil, &diag.Error{Msg: f.Ref + " is true or false", Hint: "compare it with = or != to true or false"}
			}
			c.Value = v
		case Integer, Number:
			n, err := strconv.ParseFloat(c.Value, 64)
			if err != nil {
				return nil, &diag.Error{Msg: f.Ref + " is a number, and " + strconv.Quote(c.Value) + " is not",
					Hint: "compare it with a number"}
			}
			c.num = n
		}
	}
	return c, nil
}

// Match reports whether r satisfies c. A missing value matches nothing.
func (c *Cond) Match(r Row) bool {
	f := c.Field
	if f.Func == "" && f.Column.Type != String {
		v := r.Values[f.idx]
		if v.Missing {
			return false
		}
		if f.Column.Type == Boolean {
			want := c.Value == "true"
			return (v.Bool == want) == (c.Op == "=")
		}
		return compare(v.Num, c.num, c.Op)
	}
	label, ok := f.Category(r, "")
	if !ok {
		return false
	}
	if f.Func == "" {
		label = r.Values[f.idx].Text
	}
	return compare(label, c.Value, c.Op)
}

// compare applies op to numbers or, for categories, to text.
func compare[T cmp.Ordered](a, b T, op string) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return false
}

// Where returns the rows matching every condition.
func (d *Dataset) Where(conds ...*Cond) []Row {
	out := make([]Row, 0, len(d.Rows))
next:
	for _, r := range d.Rows {
		for _, c := range conds {
			if !c.Match(r) {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}

// Numbers are the values of a numeric field over rows, missing ones left
// out.
func (f *Field) Numbers(rows []Row) []float64 {
	out := make([]float64, 0, len(rows))
	for _, r := range rows {
		if v, ok := f.Number(r); ok {
			out = append(out, v)
		}
	}
	return out
}

// Count is how many rows have a value of f (f nil: how many rows). For a
// group, rows with at least one flag set.
func Count(rows []Row, f *Field) int {
	if f == nil {
		return len(rows)
	}
	n := 0
	for _, r := range rows {
		if _, ok := f.Category(r, ""); ok {
			n++
		}
	}
	return n
}

// Min, Max, Sum and Mean summarise numbers; ok is false when there are
// none.
func Min(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	m := xs[0]
	for _, x := range xs[1:] {
		m = math.Min(m, x)
	}
	return m, true
}

// Max is the largest of xs.
func Max(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	m := xs[0]
	for _, x := range xs[1:] {
		m = math.Max(m, x)
	}
	return m, true
}

// Sum adds xs.
func Sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// Mean is the arithmetic mean of xs.
func Mean(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	return Sum(xs) / float64(len(xs)), true
}

var smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}

// Words writes a whole number from zero to twenty as a word ("six"), as
// prose does; false for other numbers.
func Words(n float64) (string, bool) {
	if n != math.Trunc(n) || n < 0 || int(n) >= len(smallNumbers) {
		return "", false
	}
	return smallNumbers[int(n)], true
}

// JoinAnd lists items as prose does: "a", "a and b", "a, b and c".
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
