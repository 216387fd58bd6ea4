package chart

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"reportgen/generator/internal/input/yamlfile"

	"gopkg.in/yaml.v3"
)

// Types are the chart types a spec may ask for.
var Types = []string{"bar", "histogram", "scatter", "cumulative", "sankey"}

// Spec is the YAML body of a chart block:
//
//	```chart
//	id: age-hist
//	type: histogram
//	column: age
//	bin: 5
//	mean: true
//	title: Age of the respondents
//	```
type Spec struct {
	// ID names the figure for cross-references (@fig:age-hist) and its
	// element id; it is required so builds are reproducible.
	ID      string `yaml:"id"`
	Type    string `yaml:"type"`
	Dataset string `yaml:"dataset"`
	// Column is what bar, histogram and cumulative charts count.
	Column string `yaml:"column"`
	// X, Y and Colour are the scatter's axes and its grouping.
	X      string `yaml:"x"`
	Y      string `yaml:"y"`
	Colour string `yaml:"colour"`
	Color  string `yaml:"color"`
	// Stages are a Sankey's columns of nodes, left to right.
	Stages []string `yaml:"stages"`
	// Several names one category for rows with more than one flag of a
	// group (scatter colours, Sankey nodes); empty lists their
	// combinations.
	Several string `yaml:"several"`
	// Bin is a histogram's bin width and Start its first bin's lower edge
	// (default: the bin holding the smallest value).
	Bin   *float64 `yaml:"bin"`
	Start *float64 `yaml:"start"`
	// Mean marks the mean on a histogram, rounded to Round decimals
	// (default 1).
	Mean  bool `yaml:"mean"`
	Round *int `yaml:"round"`
	// Title heads the caption ("Figure 3: Title"); Caption adds a note
	// below it; Summary replaces the sentence generated from the data.
	Title   string `yaml:"title"`
	Caption string `yaml:"caption"`
	Summary string `yaml:"summary"`

	root *yaml.Node
}

// SpecError is a problem in a spec, at a 1-based line and column of the
// spec text.
type SpecError struct {
	Line, Col int
	Msg, Hint string
}

func (e *SpecError) Error() string {
	s := strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

var (
	yamlLineRe = regexp.MustCompile(`line (\d+): (.*)`)
	unknownRe  = regexp.MustCompile(`field (\S+) not found in type`)
	idRe       = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
)

// ParseSpec reads a spec. It checks what can be checked without data
// (keys, type, id, which keys suit the type); columns are checked when the
// chart is built.
func ParseSpec(src []byte) (*Spec, []*SpecError) {
	s := &Spec{}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		// Syntax errors: the shared reader knows where the YAML library's
		// line numbers are off by one.
		d := yamlfile.SyntaxError("", src, 0, err)
		return nil, []*SpecError{{Line: d.Line, Col: d.Col, Msg: d.Msg, Hint: d.Hint}}
	}
	s.root = &root
	if root.Kind == 0 || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, []*SpecError{{Line: 1, Col: 1, Msg: "the chart block is not a set of key: value lines",
			Hint: "write at least id:, type: and the column(s) to draw, one key per line"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(s); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			var errs []*SpecError
			for _, m := range te.Errors {
				errs = append(errs, yamlError(errors.New(m), &root))
			}
			return nil, errs
		}
		return nil, []*SpecError{yamlError(err, &root)}
	}
	var errs []*SpecError
	add := func(key, msg, hint string) {
		line, col := s.Pos(key)
		errs = append(errs, &SpecError{Line: line, Col: col, Msg: msg, Hint: hint})
	}
	if s.Colour != "" && s.Color != "" {
		add("color", "colour and color are the same key", "keep one")
	}
	if s.Colour == "" {
		s.Colour = s.Color
	}
	switch {
	case s.ID == "":
		add("", "the chart has no id", "add id: a short name such as age-hist, used in @fig:age-hist and the figure's address")
	case !idRe.MatchString(s.ID):
		add("id", "id "+strconv.Quote(s.ID)+" is not a plain name", "use lower-case letters, digits and hyphens, such as age-hist")
	}
	if s.Title == "" {
		add("", "the chart has no title", "add title: what the figure shows, for its caption")
	}
	known := false
	for _, t := range Types {
		known = known || t == s.Type
	}
	if !known {
		msg := "unknown chart type " + strconv.Quote(s.Type)
		if s.Type == "" {
			msg = "the chart has no type"
		}
		add("type", msg, "use one of "+strings.Join(Types, ", "))
		return s, errs
	}
	// Which keys each type needs and allows.
	need := map[string][]string{
		"bar": {"column"}, "histogram": {"column", "bin"}, "cumulative": {"column"},
		"scatter": {"x", "y"}, "sankey": {"stages"},
	}[s.Type]
	allowed := map[string][]string{
		"bar":        {"column"},
		"histogram":  {"column", "bin", "start", "mean", "round"},
		"cumulative": {"column"},
		"scatter":    {"x", "y", "colour", "color", "several"},
		"sankey":     {"stages", "several"},
	}[s.Type]
	set := map[string]bool{
		"column": s.Column != "", "x": s.X != "", "y": s.Y != "", "colour": s.Colour != "" && s.Color == "",
		"color": s.Color != "", "stages": len(s.Stages) > 0, "several": s.Several != "", "bin": s.Bin != nil,
		"start": s.Start != nil, "mean": s.Mean, "round": s.Round != nil,
	}
	for _, k := range need {
		if !set[k] {
			add("type", "a "+s.Type+" chart needs "+k+":", hintFor(k))
		}
	}
	for _, k := range []string{"column", "x", "y", "colour", "color", "stages", "several", "bin", "start", "mean", "round"} {
		if !set[k] {
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok {
			add(k, k+" does not apply to a "+s.Type+" chart", "a "+s.Type+" chart takes "+strings.Join(allowed, ", "))
		}
	}
	if s.Bin != nil && *s.Bin <= 0 {
		add("bin", "bin must be a positive width", "for example bin: 5")
	}
	if s.Round != nil && (*s.Round < 0 || *s.Round > 6) {
		add("round", "round must be between 0 and 6 decimals", "for example round: 1")
	}
	if s.Type == "sankey" && len(s.Stages) == 1 {
		add("stages", "a Sankey chart needs at least two stages", "list the columns to flow between, such as [GROUP, COLUMN]")
	}
	return s, errs
}

func hintFor(key string) string {
	switch key {
	case "column":
		return "name the column of the dataset to draw, such as column: COLUMN"
	case "bin":
		return "give the bin width, such as bin: 5"
	case "x", "y":
		return "name the column for the " + key + " axis"
	case "stages":
		return "list the columns or groups to flow between, such as stages: [GROUP, COLUMN]"
	}
	return ""
}

// Pos is the line and column of a key's value in the spec (path elements
// are keys and list indexes); the key itself, or the top of the spec,
// when the value is not there.
func (s *Spec) Pos(path ...any) (int, int) {
	if s.root == nil || len(s.root.Content) == 0 {
		return 1, 1
	}
	n := s.root.Content[0]
	if len(path) == 0 || path[0] == "" {
		return n.Line, n.Column
	}
	for _, p := range path {
		switch k := p.(type) {
		case string:
			var next *yaml.Node
			for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return n.Line, n.Column
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return n.Line, n.Column
			}
			n = n.Content[k]
		}
	}
	return n.Line, n.Column
}

// yamlError turns a yaml.v3 message into a positioned SpecError, pointing
// at an unknown key itself when it can.
func yamlError(err error, root *yaml.Node) *SpecError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &SpecError{Line: 1, Col: 1, Msg: msg,
		Hint: "write one key: value pair per line and quote values that contain a colon"}
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = m[2]
	}
	if m := unknownRe.FindStringSubmatch(e.Msg); m != nil {
		e.Msg = "unknown key " + strconv.Quote(m[1])
		e.Hint = "chart keys are id, type, dataset, column, x, y, colour, stages, several, bin, start, mean, round, title, caption, summary"
		if len(root.Content) > 0 {
			n := root.Content[0]
			for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == m[1] {
					e.Line, e.Col = n.Content[i].Line, n.Content[i].Column
				}
			}
		}
	}
	if strings.Contains(e.Msg, "cannot unmarshal") {
		e.Hint = "the value has the wrong type"
	}
	return e
}
