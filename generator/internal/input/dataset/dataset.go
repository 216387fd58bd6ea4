package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/srcfs"
	"reportgen/generator/internal/input/yamlfile"
)

// Value is one cell. Missing marks an empty cell in an optional column: a
// value nobody supplied, which is not zero.
type Value struct {
	Missing bool
	Num     float64 // integer and number columns
	Bool    bool    // boolean columns
	Text    string  // the cell as written, trimmed
}

// Row is one record of a dataset.
type Row struct {
	// Line is the row's line in the CSV file, for messages.
	Line int
	// Values are in the schema's column order.
	Values []Value
}

// Dataset is a CSV file read against its schema.
type Dataset struct {
	// Name is the file name without extension ("survey"); Path the CSV
	// file and SchemaPath the schema, relative to the site root.
	Name, Path, SchemaPath string
	Schema                 *Schema
	Rows                   []Row
	// Raw is the CSV file as the editor wrote it, offered for download.
	Raw []byte
}

// DownloadPath is where the site publishes the dataset as a file with
// extension ext (".csv", ".json"), below the output root: the writer and
// the links to it share it.
func (d *Dataset) DownloadPath(ext string) string { return "data/" + d.Name + ext }

// Value returns the value of the named column in row r.
func (d *Dataset) Value(r Row, column string) (Value, bool) {
	_, i, ok := d.Schema.Column(column)
	if !ok {
		return Value{}, false
	}
	return r.Values[i], true
}

// Set is the datasets of a site, by name.
type Set struct {
	byName map[string]*Dataset
	// List holds them sorted by name.
	List []*Dataset
	// Default names the dataset of charts, tables and statistics that
	// name none (site.yaml's dataset:); with one dataset, it is that one.
	Default string
}

// SetDefault makes name the default dataset; it must exist.
func (s *Set) SetDefault(name string) error {
	if _, ok := s.byName[name]; !ok {
		return &diag.Error{Msg: "dataset " + strconv.Quote(name) + " (the default named in site.yaml) does not exist",
			Hint: "name one of " + s.names() + ", each a CSV file with its schema in content/data/"}
	}
	s.Default = name
	return nil
}

// NewSet gathers datasets into a Set.
func NewSet(ds ...*Dataset) *Set {
	s := &Set{byName: map[string]*Dataset{}}
	for _, d := range ds {
		s.byName[d.Name] = d
		s.List = append(s.List, d)
	}
	sort.Slice(s.List, func(i, j int) bool { return s.List[i].Name < s.List[j].Name })
	return s
}

// Lookup finds a dataset by name; an empty name means the site's only
// dataset. The error is a *diag.Error without a position, for the caller
// to place.
func (s *Set) Lookup(name string) (*Dataset, error) {
	if s == nil || len(s.List) == 0 {
		return nil, &diag.Error{Msg: "the site has no datasets", Hint: "add a CSV file and its .schema.yaml to content/data/"}
	}
	if name == "" {
		if s.Default != "" {
			return s.byName[s.Default], nil
		}
		if len(s.List) == 1 {
			return s.List[0], nil
		}
		return nil, &diag.Error{Msg: "several datasets exist and content/site.yaml names no default",
			Hint: "add dataset: NAME to content/site.yaml, the default for every chart, table and statistic that names none, or name one here; the datasets are " + s.names()}
	}
	d, ok := s.byName[name]
	if !ok {
		return nil, &diag.Error{Msg: "unknown dataset " + strconv.Quote(name), Hint: "use one of " + s.names()}
	}
	return d, nil
}

func (s *Set) names() string {
	var n []string
	for _, d := range s.List {
		n = append(n, d.Name)
	}
	return strings.Join(n, ", ")
}

// SchemaSuffix ends the name of a dataset's schema file.
const SchemaSuffix = ".schema.yaml"

// Load reads every CSV file in dir of fsys together with its schema
// (survey.csv and survey.schema.yaml). A missing dir is no datasets.
func Load(fsys fs.FS, dir string) (*Set, *diag.List) {
	errs := &diag.List{}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return NewSet(), errs
		}
		errs.Add(diag.Errorf(dir, 0, 0, "cannot read the data folder: %v", err))
		return nil, errs
	}
	var sets []*Dataset
	csvs := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) == ".csv" {
			csvs[strings.TrimSuffix(e.Name(), ".csv")] = true
		}
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		if strings.HasSuffix(name, SchemaSuffix) {
			if base := strings.TrimSuffix(name, SchemaSuffix); !csvs[base] {
				// About the file as a whole: no line is made up.
				errs.Add(diag.Errorf(dir+"/"+name, 0, 0, "schema without data: there is no %s.csv", base).
					WithHint("add %s/%s.csv or remove the schema", dir, base))
			}
			continue
		}
		if path.Ext(name) != ".csv" {
			continue
		}
		base := strings.TrimSuffix(name, ".csv")
		csvPath, schemaPath := dir+"/"+name, dir+"/"+base+SchemaSuffix
		schemaSrc, err := yamlfile.Read(fsys, schemaPath)
		if e := yamlfile.TooBig(schemaPath, err); e != nil {
			errs.Add(e)
			continue
		}
		if err != nil {
			errs.Add(diag.Errorf(csvPath, 0, 0, "no schema for this dataset: cannot read %s", schemaPath).
				WithHint("describe the columns (name, label, type) in %s", schemaPath))
			continue
		}
		schema, l := ParseSchema(schemaPath, schemaSrc)
		errs.Merge(l)
		if schema == nil {
			continue
		}
		src, err := srcfs.ReadFile(fsys, csvPath, MaxCSVBytes)
		if e := srcfs.Refused(csvPath, err, "a dataset may hold", "keep to the rows and columns the pages show; split the data into several datasets"); e != nil {
			errs.Add(e)
			continue
		}
		if err != nil {
			errs.Add(diag.Errorf(csvPath, 0, 0, "cannot read: %v", err))
			continue
		}
		d, l := Parse(csvPath, src, schema)
		errs.Merge(l)
		if d != nil {
			d.Name, d.SchemaPath = base, schemaPath
			sets = append(sets, d)
		}
	}
	if errs.HasErrors(false) {
		return nil, errs
	}
	return NewSet(sets...), errs
}

// Limits of a dataset. Every row may be shown on a page as a table, in
// the full report again, in each chart's data table and in the JSON
// download, and is held in memory while the build runs: with a table and
// a chart, 100,000 rows of ten columns (5 MB) took 4.5 s and 530 MB, and
// both grow with every row. A report's appendix has tens or hundreds of
// rows; 10,000 rows (2 to 3 s and 140 MB with a table and a chart) and
// 4 MB leave room for far larger ones, and past either a dataset fails at
// once with its file and line.
const (
	MaxCSVBytes = 4 << 20
	MaxRows     = 10_000
)

// Parse reads CSV src (a header line naming the schema's columns, then one
// line per row) against schema. path names the file in messages.
func Parse(csvPath string, src []byte, schema *Schema) (*Dataset, *diag.List) {
	errs := &diag.List{}
	// encoding/csv passes bytes that are not UTF-8 through as they are:
	// a string cell would be published as mojibake.
	if e := diag.InvalidUTF8(csvPath, src, 0); e != nil {
		errs.Add(e)
		return nil, errs
	}
	body := bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1 // counted here, for a better message
	at := func(line, col int, format string, args ...any) *diag.Error {
		e := diag.Errorf(csvPath, line, col, format, args...)
		errs.Add(e)
		return e
	}
	header, err := r.Read()
	if err == io.EOF {
		at(1, 1, "the file is empty").WithHint("write a header line naming the columns: %s", schema.ColumnNames())
		return nil, errs
	}
	if err != nil {
		csvError(errs, csvPath, err)
		return nil, errs
	}
	// order[i] is the schema column of CSV field i.
	order := make([]int, len(header))
	seen := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		line, col := r.FieldPos(i)
		if j, dup := seen[h]; dup {
			at(line, col, "column %q appears twice in the header", h).WithHint("it is already field %d", j+1)
			order[i] = -1
			continue
		}
		seen[h] = i
		_, idx, ok := schema.Column(h)
		if !ok {
			at(line, col, "column %q is not in the schema", h).
				WithHint("describe it in the schema or use one of %s", schema.ColumnNames())
			order[i] = -1
			continue
		}
		order[i] = idx
	}
	for _, c := range schema.Columns {
		if _, ok := seen[c.Name]; !ok {
			at(1, 1, "the header has no column %q, which the schema describes", c.Name).
				WithHint("add it to the header line, or remove it from the schema")
		}
	}
	if errs.Len() > 0 {
		return nil, errs
	}

	d := &Dataset{Path: csvPath, Schema: schema, Raw: src}
	keyIdx := -1
	if schema.Key != "" {
		_, keyIdx, _ = schema.Column(schema.Key)
	}
	keys := map[string]int{}
	rows := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			csvError(errs, csvPath, err)
			return nil, errs
		}
		line, _ := r.FieldPos(0)
		if rows++; rows > MaxRows {
			at(line, 1, "the dataset has more than %d rows", MaxRows).
				WithHint("keep to the rows the pages show, or split the data into several datasets")
			return nil, errs
		}
		if len(rec) != len(header) {
			col := 1
			if len(rec) > len(header) {
				_, col = r.FieldPos(len(header))
			} else {
				_, col = r.FieldPos(len(rec) - 1)
			}
			at(line, col, "this row has %d fields but the header has %d", len(rec), len(header)).
				WithHint("write one field per column (%s), separated by commas; an empty field is written as nothing between two commas", strings.Join(header, ", "))
			continue
		}
		row := Row{Line: line, Values: make([]Value, len(schema.Columns))}
		ok := true
		for i, cell := range rec {
			c := schema.Columns[order[i]]
			fl, fc := r.FieldPos(i)
			v, e := parseCell(c, cell)
			if e != nil {
				e.Path, e.Line, e.Col = csvPath, fl, fc
				errs.Add(e)
				ok = false
				continue
			}
			row.Values[order[i]] = v
			if c.Type == String && formulaLike(cell) {
				e := diag.Errorf(csvPath, fl, fc, "%s: %q begins with %q, which a spreadsheet opening the CSV download may run as a formula", c.Label, clip(cell), cell[:1]).
					WithHint("if it is text, reword it to begin otherwise; the pages show it as text either way, and the download is the file as written (see the README on opening it)")
				e.Warning = true
				errs.Add(e)
			}
			if order[i] == keyIdx {
				id := v.Text
				if c.Type == Integer || c.Type == Number {
					id = FormatNumber(v.Num, -1) // 01 and 1 are one key
				}
				if first, dup := keys[id]; dup {
					at(fl, fc, "%s %s is used twice", c.Label, v.Text).
						WithHint("each row needs its own %s; it is already used on line %d", c.Label, first)
					ok = false
				}
				keys[id] = fl
			}
		}
		if ok {
			d.Rows = append(d.Rows, row)
		}
	}
	if len(d.Rows) == 0 && !errs.HasErrors(false) {
		at(1, 1, "the file has a header but no rows").WithHint("add one line per row below the header")
	}
	if errs.HasErrors(false) {
		return nil, errs
	}
	return d, errs
}

// formulaLike reports whether a text cell begins as a spreadsheet formula
// does: with =, +, - or @, or a tab or carriage return, which some
// spreadsheets skip before one. A number ("-3", "+44") is data, not a
// formula, and is never reported.
func formulaLike(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '\t', '\r':
		return true
	case '=', '+', '-', '@':
		// A lone "-" (no value) runs nothing.
		_, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
		return err != nil && len(strings.TrimSpace(cell)) > 1
	}
	return false
}

// clip shortens a cell for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// csvError turns a syntax error of encoding/csv (a stray quote) into a
// positioned diagnostic.
func csvError(errs *diag.List, csvPath string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		errs.Add(diag.Errorf(csvPath, pe.Line, pe.Column, "%v", pe.Err).
			WithHint(`quote a field that holds a comma or a quote, and double any quote inside it: "a ""b"", c"`))
		return
	}
	errs.Add(diag.Errorf(csvPath, 0, 0, "%v", err))
}

// parseCell reads one cell of column c; the error has no position yet.
func parseCell(c *Column, cell string) (Value, *diag.Error) {
	text := strings.TrimSpace(cell)
	v := Value{Text: text}
	if text == "" {
		if c.Optional {
			v.Missing = true
			return v, nil
		}
		return v, &diag.Error{Msg: c.Label + " is empty", Hint: "every row needs a value in column " + c.Name}
	}
	switch c.Type {
	case Boolean:
		switch strings.ToLower(text) {
		case "true":
			v.Bool = true
		case "false":
		default:
			return v, &diag.Error{Msg: c.Label + ": " + strconv.Quote(text) + " is not true or false",
				Hint: "write true or false"}
		}
	case Integer, Number:
		n, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			hint := "write a number"
			if c.Type == Integer {
				hint = "write a whole number"
			}
			if c.Optional {
				hint += `, or leave the field empty when the value is not known (never 0 or "n/a")`
			}
			return v, &diag.Error{Msg: c.Label + ": " + strconv.Quote(text) + " is not a number", Hint: hint}
		}
		if c.Type == Integer && n != math.Trunc(n) {
			return v, &diag.Error{Msg: c.Label + ": " + text + " is not a whole number", Hint: "write a whole number"}
		}
		if c.Min != nil && n < *c.Min || c.Max != nil && n > *c.Max {
			hint := "the schema allows " + rangeText(c)
			if c.Optional {
				hint += "; leave the field empty when the value is not known"
			}
			return v, &diag.Error{Msg: c.Label + ": " + text + " is out of range", Hint: hint}
		}
		v.Num = n
		v.Text = FormatNumber(n, -1)
		switch {
		case c.Decimals != nil:
			v.Text = FormatNumber(n, *c.Decimals)
		case plainNumber.MatchString(text):
			// As written: 8.10 stays 8.10.
			v.Text = text
			if i := strings.IndexByte(text, '.'); i >= 0 {
				c.places = max(c.places, len(text)-i-1)
			}
		}
	case String:
		if len(c.Values) > 0 {
			found := false
			for _, a := range c.Values {
				found = found || a == text
			}
			if !found {
				return v, &diag.Error{Msg: c.Label + ": " + strconv.Quote(text) + " is not an allowed value",
					Hint: "use one of " + strings.Join(c.Values, ", ")}
			}
		}
	}
	return v, nil
}

func rangeText(c *Column) string {
	switch {
	case c.Min != nil && c.Max != nil:
		return FormatNumber(*c.Min, -1) + " to " + FormatNumber(*c.Max, -1)
	case c.Min != nil:
		return "at least " + FormatNumber(*c.Min, -1)
	default:
		return "at most " + FormatNumber(*c.Max, -1)
	}
}

// plainNumber is a number written plainly, which is shown as written.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// FormatNumber writes n with the given number of decimals, rounding half
// away from zero; decimals < 0 writes it as short as possible.
func FormatNumber(n float64, decimals int) string {
	if decimals < 0 {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(n*p) / p
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', decimals, 64)
}
