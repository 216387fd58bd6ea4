// Package dataset reads a site's data tables — CSV files described by a YAML
// schema beside them — and answers questions about them (counts, extremes,
// means, and derived values such as a row's training background), so charts,
// tables and prose are all computed from the same rows.
package dataset

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/yamlfile"

	"gopkg.in/yaml.v3"
)

// Type is the type of a column's values.
type Type string

// The column types a schema may use.
const (
	Integer Type = "integer"
	Number  Type = "number"
	Boolean Type = "boolean"
	String  Type = "string"
)

var types = []Type{Integer, Number, Boolean, String}

// Unit names what a number counts, in the singular and the plural, so a
// value can be written "1 post" or "6 posts".
type Unit struct {
	One   string `yaml:"one" json:"one"`
	Other string `yaml:"other" json:"other"`
}

// Column describes one column of a dataset.
type Column struct {
	// Name is the header of the column in the CSV file ("age_years").
	Name string `yaml:"name"`
	// Label is the human heading ("Age at first visit"); Short an
	// optional shorter form for chart axes and legends.
	Label       string `yaml:"label"`
	Short       string `yaml:"short"`
	Type        Type   `yaml:"type"`
	Description string `yaml:"description"`
	Unit        *Unit  `yaml:"unit"`
	// Min and Max bound numbers; Values lists the allowed strings.
	Min    *float64 `yaml:"min"`
	Max    *float64 `yaml:"max"`
	Values []string `yaml:"values"`
	// Optional allows an empty cell: a value that was not supplied, which
	// is never the same as zero. Missing is what tables show for it.
	Optional bool   `yaml:"optional"`
	Missing  string `yaml:"missing"`
	// Colour, "#rrggbb", is the chart colour of a flag column of a group
	// (the category it names) or of a number column's categories;
	// Colours gives a string column's values, or a boolean's Yes and No,
	// their own. Without them a category takes the default palette's
	// colour for its place in the schema (see Palette).
	Colour  string            `yaml:"colour"`
	Colours map[string]string `yaml:"colours"`
	// Decimals is how many decimals a number column's values are shown
	// with. When the schema does not say, values keep the decimals they
	// were written with ("8.10" stays 8.10), and figures taken from the
	// column (a minimum, a sum) have as many as its most precise value.
	Decimals *int `yaml:"decimals"`
	places   int
}

// Format writes a value of the column (or a minimum, maximum or sum of
// its values) with the column's decimals.
func (c *Column) Format(n float64) string {
	if c.Decimals != nil {
		return FormatNumber(n, *c.Decimals)
	}
	if c.Type == Number {
		return FormatNumber(n, c.places)
	}
	return FormatNumber(n, -1)
}

// ShortLabel is Short, or Label when there is no short form.
func (c *Column) ShortLabel() string {
	if c.Short != "" {
		return c.Short
	}
	return c.Label
}

// Group is a set of boolean columns that together describe one property
// (the flags of a person's training). A row may have several.
type Group struct {
	Name    string   `yaml:"name"`
	Label   string   `yaml:"label"`
	Short   string   `yaml:"short"`
	Columns []string `yaml:"columns"`
}

// ShortLabel is Short, or Label when there is no short form.
func (g *Group) ShortLabel() string {
	if g.Short != "" {
		return g.Short
	}
	return g.Label
}

// Schema describes a dataset.
type Schema struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Source      string `yaml:"source"`
	// Rows names what one row is ("respondent"), for summaries.
	Rows *Unit `yaml:"rows"`
	// Key names the column whose values identify a row; they must be
	// unique.
	Key     string    `yaml:"key"`
	Columns []*Column `yaml:"columns"`
	Groups  []*Group  `yaml:"groups"`
}

// Column finds a column by name.
func (s *Schema) Column(name string) (*Column, int, bool) {
	for i, c := range s.Columns {
		if c.Name == name {
			return c, i, true
		}
	}
	return nil, -1, false
}

// NumberColumns lists the names of the integer and number columns, for
// hints that name the site's own columns.
func (s *Schema) NumberColumns() string {
	var names []string
	for _, c := range s.Columns {
		if c.Type == Integer || c.Type == Number {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return "(this dataset has none)"
	}
	return strings.Join(names, ", ")
}

// Group finds a group by name.
func (s *Schema) Group(name string) (*Group, bool) {
	for _, g := range s.Groups {
		if g.Name == name {
			return g, true
		}
	}
	return nil, false
}

// GroupOf returns the group a column belongs to, if any.
func (s *Schema) GroupOf(column string) (*Group, bool) {
	for _, g := range s.Groups {
		for _, c := range g.Columns {
			if c == column {
				return g, true
			}
		}
	}
	return nil, false
}

// ColumnNames lists the column names, for hints.
func (s *Schema) ColumnNames() string {
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

var nameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ParseSchema reads a schema file. path names it in messages.
func ParseSchema(path string, src []byte) (*Schema, *diag.List) {
	s := &Schema{}
	if errs := yamlfile.Decode(path, src, s); errs.Len() > 0 {
		return nil, errs
	}
	var root yaml.Node
	_ = yaml.Unmarshal(src, &root)
	errs := &diag.List{}
	at := func(p ...any) (int, int) {
		n := nodeAt(&root, p...)
		if n == nil || n.Line == 0 {
			return 1, 1 // an empty file has no nodes
		}
		return n.Line, n.Column
	}
	bad := func(format string, args ...any) func(p ...any) *diag.Error {
		return func(p ...any) *diag.Error {
			line, col := at(p...)
			e := diag.Errorf(path, line, col, format, args...)
			errs.Add(e)
			return e
		}
	}
	if len(s.Columns) == 0 {
		bad("the schema lists no columns")().WithHint("add columns: with a name, label and type for each CSV column")
		return nil, errs
	}
	for i, c := range s.Columns {
		if c == nil {
			bad("column %d is empty", i+1)("columns", i).WithHint("give it name:, label: and type:")
		}
	}
	for i, g := range s.Groups {
		if g == nil {
			bad("group %d is empty", i+1)("groups", i).WithHint("give it name:, label: and columns:")
		}
	}
	if errs.Len() > 0 {
		return nil, errs
	}
	seen := map[string]int{}
	for i, c := range s.Columns {
		switch {
		case c.Name == "":
			bad("column %d has no name", i+1)("columns", i).WithHint("add name: the column's header in the CSV file")
			continue
		case !nameRe.MatchString(c.Name):
			bad("column name %q is not a plain name", c.Name)("columns", i, "name").
				WithHint("use lower-case letters, digits and underscores, starting with a letter")
		}
		if j, dup := seen[c.Name]; dup {
			bad("column %q is listed twice", c.Name)("columns", i, "name").WithHint("it is already column %d", j+1)
		}
		seen[c.Name] = i
		if c.Label == "" {
			bad("column %q has no label", c.Name)("columns", i).WithHint("add label: the heading readers see")
		}
		if !validType(c.Type) {
			e := bad("column %q has unknown type %q", c.Name, c.Type)
			if c.Type == "" {
				e = bad("column %q has no type", c.Name)
			}
			e("columns", i, "type").WithHint("use one of %s", typeList())
			continue
		}
		numeric := c.Type == Integer || c.Type == Number
		if (c.Min != nil || c.Max != nil) && !numeric {
			bad("min and max apply only to integer and number columns")("columns", i, "min").WithHint("remove them from %q", c.Name)
		}
		if c.Min != nil && c.Max != nil && *c.Min > *c.Max {
			bad("min %v is greater than max %v", *c.Min, *c.Max)("columns", i, "min").WithHint("swap them")
		}
		if c.Unit != nil && !numeric {
			bad("a unit applies only to integer and number columns")("columns", i, "unit").WithHint("remove it from %q", c.Name)
		}
		if c.Unit != nil && (c.Unit.One == "" || c.Unit.Other == "") {
			bad("unit needs both one: and other:")("columns", i, "unit").WithHint(`for example unit: {one: post, other: posts}`)
		}
		if c.Decimals != nil && (c.Type != Number || *c.Decimals < 0 || *c.Decimals > 6) {
			bad("decimals apply only to number columns, from 0 to 6")("columns", i, "decimals").WithHint("remove it from %q, or give 0 to 6", c.Name)
		}
		if len(c.Values) > 0 && c.Type != String {
			bad("values apply only to string columns")("columns", i, "values").WithHint("remove them from %q", c.Name)
		}
		if c.Colour != "" {
			c.Colour = strings.ToLower(c.Colour)
			if !colourRe.MatchString(c.Colour) {
				bad("colour %q is not a colour", c.Colour)("columns", i, "colour").WithHint(`write it as "#rrggbb", such as "#0072b2"`)
			}
			if c.Type == String {
				bad("colour applies to number and flag columns")("columns", i, "colour").
					WithHint("give each value its own under colours:, such as colours: {Yes: \"#0072b2\"}")
			}
		}
		for _, v := range sortedKeys(c.Colours) {
			col := strings.ToLower(c.Colours[v])
			c.Colours[v] = col
			if !colourRe.MatchString(col) {
				bad("colour %q of %q is not a colour", col, v)("columns", i, "colours", v).WithHint(`write it as "#rrggbb", such as "#0072b2"`)
			}
			switch {
			case c.Type == Boolean && v != "Yes" && v != "No":
				bad("colours of a boolean column are for Yes and No, not %q", v)("columns", i, "colours").WithHint("name Yes or No")
			case c.Type == String && len(c.Values) > 0 && !slices.Contains(c.Values, v):
				bad("colours names %q, which is not one of the column's values", v)("columns", i, "colours").
					WithHint("use one of %s", strings.Join(c.Values, ", "))
			case c.Type == Integer || c.Type == Number:
				bad("colours applies to string and boolean columns")("columns", i, "colours").
					WithHint("give a number column one colour: for all its categories")
			}
		}
		if c.Missing != "" && !c.Optional {
			bad("missing is set but the column is not optional")("columns", i, "missing").
				WithHint("add optional: true, or remove missing")
		}
	}
	if s.Rows == nil {
		s.Rows = &Unit{One: "row", Other: "rows"}
	} else if s.Rows.One == "" || s.Rows.Other == "" {
		bad("rows needs both one: and other:")("rows").WithHint("for example rows: {one: respondent, other: respondents}")
	}
	if s.Key != "" {
		if _, _, ok := s.Column(s.Key); !ok {
			bad("key %q is not a column", s.Key)("key").WithHint("use one of %s", s.ColumnNames())
		} else if c, _, _ := s.Column(s.Key); c.Optional {
			bad("key column %q cannot be optional", s.Key)("key").WithHint("every row needs its key")
		}
	}
	for i, g := range s.Groups {
		if !nameRe.MatchString(g.Name) {
			bad("group name %q is not a plain name", g.Name)("groups", i, "name").
				WithHint("use lower-case letters, digits and underscores, starting with a letter")
		}
		if _, clash := seen[g.Name]; clash {
			bad("group %q has the same name as a column", g.Name)("groups", i, "name").WithHint("give the group its own name")
		}
		if g.Label == "" {
			bad("group %q has no label", g.Name)("groups", i).WithHint("add label: the heading readers see")
		}
		if len(g.Columns) == 0 {
			bad("group %q lists no columns", g.Name)("groups", i).WithHint("list its boolean columns under columns:")
		}
		for j, name := range g.Columns {
			c, _, ok := s.Column(name)
			switch {
			case !ok:
				bad("group %q names unknown column %q", g.Name, name)("groups", i, "columns", j).
					WithHint("use one of %s", s.ColumnNames())
			case c.Type != Boolean:
				bad("group %q: column %q is %s, not boolean", g.Name, name, c.Type)("groups", i, "columns", j).
					WithHint("a group gathers boolean flag columns")
			}
			if other, ok := s.GroupOf(name); ok && other != g {
				bad("column %q is already in group %q", name, other.Name)("groups", i, "columns", j).
					WithHint("a column belongs to one group at most")
			}
		}
	}
	if errs.Len() > 0 {
		return nil, errs
	}
	return s, errs
}

func validType(t Type) bool {
	for _, k := range types {
		if t == k {
			return true
		}
	}
	return false
}

func typeList() string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// nodeAt walks a YAML document along map keys (strings) and sequence
// indexes (ints) and returns the node found, or the deepest one reached,
// so messages point at the nearest thing that exists.
func nodeAt(n *yaml.Node, path ...any) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return n
			}
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return n
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return n
			}
			n = n.Content[k]
		default:
			return n
		}
	}
	return n
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
