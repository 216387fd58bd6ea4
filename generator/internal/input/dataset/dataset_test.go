package dataset

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
)

// A small schema in the shape of the appendix's.
const testSchema = `title: Test people
rows: {one: person, other: people}
key: id
columns:
  - name: id
    label: ID number
    short: ID
    type: integer
  - name: gp
    label: GP
    type: boolean
  - name: acute
    label: Secondary care (Acute)
    short: Acute
    type: boolean
  - name: posts
    label: Posts held
    type: integer
    min: 1
    unit: {one: post, other: posts}
  - name: year
    label: Year
    type: integer
  - name: age
    label: Age
    type: integer
    min: 21
    max: 80
    optional: true
    missing: n/a
groups:
  - name: background
    label: Medical training
    short: Training
    columns: [gp, acute]
`

const goodCSV = `id,gp,acute,posts,year,age
1,true,false,1,2007,47
2,false,true,3,1989,36
3,true,true,1,2001,
4,false,true,6,2008,64
`

func load(t *testing.T, files map[string]string) (*Set, *diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["content/data/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return Load(fsys, "content/data")
}

func mustLoad(t *testing.T, csv string) *Dataset {
	t.Helper()
	set, errs := load(t, map[string]string{"people.csv": csv, "people.schema.yaml": testSchema})
	if errs.Len() > 0 {
		t.Fatalf("unexpected errors:\n%v", errs)
	}
	d, err := set.Lookup("")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoadGood(t *testing.T) {
	d := mustLoad(t, goodCSV)
	if d.Name != "people" || d.Path != "content/data/people.csv" || d.SchemaPath != "content/data/people.schema.yaml" {
		t.Errorf("names: %q %q %q", d.Name, d.Path, d.SchemaPath)
	}
	if len(d.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(d.Rows))
	}
	age, _ := d.Value(d.Rows[2], "age")
	if !age.Missing || age.Num != 0 {
		t.Errorf("row 3's empty age should be missing, got %+v", age)
	}
	if d.Rows[2].Line != 4 {
		t.Errorf("row 3 is on line %d, want 4", d.Rows[2].Line)
	}
	gp, _ := d.Value(d.Rows[0], "gp")
	if !gp.Bool {
		t.Error("row 1 gp should be true")
	}
}

// deleted in a test case's files removes the file.
const deleted = "\x00deleted"

// Every kind of bad input names the file, line and column of the problem.
func TestBadInput(t *testing.T) {
	header := "id,gp,acute,posts,year,age\n"
	cases := []struct {
		name   string
		files  map[string]string
		want   string // the first diagnostic, as printed
		reason string // a word the message must hold
	}{
		{"non-number in a number column",
			map[string]string{"people.csv": header + "1,true,false,1,2007,47\n2,false,true,three,1989,36\n"},
			"content/data/people.csv:3:14: ", "not a number"},
		{"fraction in an integer column",
			map[string]string{"people.csv": header + "1,true,false,1,2007.5,47\n"},
			"content/data/people.csv:2:16: ", "not a whole number"},
		{"n/a instead of an empty cell",
			map[string]string{"people.csv": header + "1,true,false,1,2007,n/a\n"},
			"content/data/people.csv:2:21: ", "never 0"},
		{"zero age is out of range",
			map[string]string{"people.csv": header + "1,true,false,1,2007,0\n"},
			"content/data/people.csv:2:21: ", "leave the field empty"},
		{"too few fields",
			map[string]string{"people.csv": header + "1,true,false,1,2007,47\n2,false,true,3,1989\n"},
			"content/data/people.csv:3:16: ", "5 fields but the header has 6"},
		{"too many fields",
			map[string]string{"people.csv": header + "1,true,false,1,2007,47,x\n"},
			"content/data/people.csv:2:24: ", "7 fields but the header has 6"},
		{"duplicate key",
			map[string]string{"people.csv": header + "1,true,false,1,2007,47\n2,true,false,1,2007,47\n1,false,true,2,2001,40\n"},
			"content/data/people.csv:4:1: ", "used twice"},
		{"duplicate key written differently",
			map[string]string{"people.csv": header + "1,true,false,1,2007,47\n01,false,true,2,2001,40\n"},
			"content/data/people.csv:3:1: ", "already used on line 2"},
		{"boolean that is not true or false",
			map[string]string{"people.csv": header + "1,X,false,1,2007,47\n"},
			"content/data/people.csv:2:3: ", "not true or false"},
		{"empty required cell",
			map[string]string{"people.csv": header + "1,true,false,,2007,47\n"},
			"content/data/people.csv:2:14: ", "is empty"},
		{"column in the CSV that the schema does not know",
			map[string]string{"people.csv": "id,gp,acute,posts,year,age,sex\n1,true,false,1,2007,47,f\n"},
			"content/data/people.csv:1:28: ", `column "sex" is not in the schema`},
		{"schema column missing from the CSV",
			map[string]string{"people.csv": "id,gp,acute,posts,year\n1,true,false,1,2007\n"},
			"content/data/people.csv:1:1: ", `no column "age"`},
		{"column twice in the header",
			map[string]string{"people.csv": "id,gp,gp,acute,posts,year,age\n"},
			"content/data/people.csv:1:7: ", "appears twice"},
		{"stray quote",
			map[string]string{"people.csv": header + "1,true,false,1,20\"07,47\n"},
			"content/data/people.csv:2:", "quote"},
		{"empty file",
			map[string]string{"people.csv": ""},
			"content/data/people.csv:1:1: ", "empty"},
		{"header but no rows",
			map[string]string{"people.csv": header},
			"content/data/people.csv:1:1: ", "no rows"},
		{"unknown type in the schema",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": strings.Replace(testSchema, "label: Year\n    type: integer", "label: Year\n    type: integr", 1)},
			"content/data/people.schema.yaml:23:11: ", `unknown type "integr"`},
		{"unknown key in the schema",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": strings.Replace(testSchema, "    label: Year\n", "    label: Year\n    colr: red\n", 1)},
			"content/data/people.schema.yaml:23:5: ", `unknown key "colr"`},
		{"group naming an unknown column",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": strings.Replace(testSchema, "[gp, acute]", "[gp, acutee]", 1)},
			"content/data/people.schema.yaml:35:19: ", `unknown column "acutee"`},
		{"group naming a column that is not boolean",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": strings.Replace(testSchema, "[gp, acute]", "[gp, posts]", 1)},
			"content/data/people.schema.yaml:35:19: ", "not boolean"},
		{"key that is not a column",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": strings.Replace(testSchema, "key: id", "key: ce", 1)},
			"content/data/people.schema.yaml:3:6: ", `key "ce" is not a column`},
		{"missing text on a required column",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": strings.Replace(testSchema, "    label: Year\n", "    label: Year\n    missing: n/a\n", 1)},
			"content/data/people.schema.yaml:23:14: ", "not optional"},
		{"CSV without a schema",
			map[string]string{"people.csv": goodCSV, "people.schema.yaml": deleted},
			"content/data/people.csv: ", "no schema"},
		{"schema without a CSV",
			map[string]string{"people.schema.yaml": testSchema},
			"content/data/people.schema.yaml: ", "no people.csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"people.schema.yaml": testSchema}
			for k, v := range c.files {
				files[k] = v
				if v == deleted {
					delete(files, k)
				}
			}
			set, errs := load(t, files)
			if errs.Len() == 0 {
				t.Fatalf("no error; want %s…%s", c.want, c.reason)
			}
			if set != nil {
				t.Error("a dataset came back although the input is bad")
			}
			first := errs.Items()[0].Error()
			if !strings.HasPrefix(first, c.want) || !strings.Contains(first, c.reason) {
				t.Errorf("got  %s\nwant %s…%s…", first, c.want, c.reason)
			}
			for _, e := range errs.Items() {
				// A problem of a file as a whole has no line, rather
				// than a made-up 1:1.
				whole := strings.HasSuffix(c.want, ".csv: ") || strings.HasSuffix(c.want, ".yaml: ")
				if whole && e.Line != 0 {
					t.Errorf("a problem of the whole file is given a line: %s", e.Error())
				}
				if !whole && (e.Line < 1 || e.Col < 1) {
					t.Errorf("unpositioned: %s", e.Error())
				}
				if e.Hint == "" {
					t.Errorf("no hint on what would be right: %s", e.Error())
				}
			}
		})
	}
}

// Bad rows are all reported, not just the first.
func TestAllRowsReported(t *testing.T) {
	_, errs := load(t, map[string]string{
		"people.schema.yaml": testSchema,
		"people.csv":         "id,gp,acute,posts,year,age\n1,yes,false,1,2007,47\n2,false,true,x,1989,36\n",
	})
	if errs.Len() != 2 {
		t.Fatalf("got %d errors, want 2:\n%v", errs.Len(), errs)
	}
}

func TestNoDataFolder(t *testing.T) {
	set, errs := Load(fstest.MapFS{}, "content/data")
	if errs.Len() != 0 || set == nil || len(set.List) != 0 {
		t.Fatalf("a site without content/data has no datasets and no errors; got %v, %v", set, errs)
	}
	if _, err := set.Lookup(""); err == nil {
		t.Error("looking up a dataset on a site without any should fail")
	}
}

func TestLookup(t *testing.T) {
	a := &Dataset{Name: "a"}
	b := &Dataset{Name: "b"}
	set := NewSet(b, a)
	if _, err := set.Lookup(""); err == nil || !strings.Contains(err.Error(), "several") {
		t.Errorf("an unnamed lookup among several datasets should ask for a name, got %v", err)
	}
	if d, err := set.Lookup("b"); err != nil || d != b {
		t.Errorf("lookup b: %v %v", d, err)
	}
	if _, err := set.Lookup("c"); err == nil || !strings.Contains(err.(*diag.Error).Hint, "a, b") {
		t.Errorf("unknown dataset should list the known ones, got %v", err)
	}
}

func TestJSON(t *testing.T) {
	d := mustLoad(t, goodCSV)
	out, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	// Rows keep the schema's column order.
	if i, j := strings.Index(string(out), `"posts": 1`), strings.Index(string(out), `"year": 2007`); i < 0 || j < i {
		t.Errorf("columns out of order or missing:\n%s", out)
	}
	var doc struct {
		Name    string
		Columns []struct{ Name, Label, Type string }
		Groups  []struct{ Name, Label string }
		Rows    []map[string]any
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Name != "people" || len(doc.Columns) != 6 || doc.Columns[5].Label != "Age" || doc.Groups[0].Label != "Medical training" {
		t.Errorf("header: %+v", doc)
	}
	if len(doc.Rows) != 4 {
		t.Fatalf("%d rows", len(doc.Rows))
	}
	if v, ok := doc.Rows[2]["age"]; !ok || v != nil {
		t.Errorf("a missing age is null, got %#v (present %v)", v, ok)
	}
	if doc.Rows[1]["acute"] != true || doc.Rows[1]["age"] != 36.0 {
		t.Errorf("row 2: %v", doc.Rows[1])
	}
}

// The published dataset is the report's appendix, row for row: CE number,
// the six training marks (X in print), posts held, year and age of first
// appointment ("n/a" in print for CE 22).
func TestAppendixMatchesTheReport(t *testing.T) {
	printed := `1 |  |  |  |  | X |  | 1 | 2007 | 47
2 |  |  | X |  |  |  | 1 | 2006 | 58
3 |  | X |  |  |  |  | 6 | 1989 | 42
4 |  | X |  |  | X |  | 2 | 2004 | 39
5 | X |  |  |  |  |  | 3 | 2002 | 40
6 |  |  |  |  | X |  | 1 | 2007 | 56
7 |  |  |  |  | X |  | 1 | 2008 | 45
8 |  |  | X |  |  |  | 1 | 2007 | 47
9 | X |  |  |  |  |  | 2 | 2000 | 44
10 | X |  |  |  |  |  | 2 | 2001 | 40
11 |  |  |  |  |  | X | 1 | 2008 | 57
12 |  |  |  |  | X |  | 2 | 1996 | 51
13 |  |  |  |  | X |  | 1 | 2001 | 46
14 |  |  |  |  | X |  | 1 | 2008 | 64
15 |  |  |  |  |  | X | 1 | 2004 | 46
16 |  |  |  | X |  |  | 1 | 2008 | 56
17 | X | X |  |  |  |  | 1 | 2007 | 49
18 |  | X |  |  |  |  | 1 | 2008 | 51
19 | X | X |  |  |  |  | 3 | 2001 | 43
20 | X | X |  |  |  |  | 3 | 2001 | 36
21 | X | X |  |  | X |  | 2 | 2004 | 46
22 |  |  |  |  | X |  | 1 | 2000 | n/a`
	set, errs := Load(os.DirFS("../../../.."), "content/data")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	d, err := set.Lookup("appendix")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(printed, "\n")
	if len(d.Rows) != len(lines) {
		t.Fatalf("%d rows, the appendix has %d", len(d.Rows), len(lines))
	}
	for i, line := range lines {
		var cells []string
		for _, c := range strings.Split(line, "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		r := d.Rows[i]
		var got []string
		for j, c := range d.Schema.Columns {
			v := r.Values[j]
			switch {
			case v.Missing:
				got = append(got, c.Missing)
			case c.Type == Boolean && v.Bool:
				got = append(got, "X")
			case c.Type == Boolean:
				got = append(got, "")
			default:
				got = append(got, v.Text)
			}
		}
		if strings.Join(got, "|") != strings.Join(cells, "|") {
			t.Errorf("row %d: got %v, the appendix has %v", i+1, got, cells)
		}
	}
	// CE 22's age was not supplied: it is missing, never 0.
	if age, _ := d.Value(d.Rows[21], "age_at_first_ce"); !age.Missing {
		t.Errorf("CE 22's age should be missing, got %+v", age)
	}
}

// A text cell that a spreadsheet would run as a formula is a warning at
// the cell; numbers, even negative ones, never are, and no value is
// changed: the rows and the download are the file as written.
func TestFormulaCellsWarn(t *testing.T) {
	schema, errs := ParseSchema("s.yaml", []byte("columns:\n  - {name: id, label: ID, type: integer}\n  - {name: note, label: Note, type: string, optional: true}\n  - {name: delta, label: Change, type: number}\n"))
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	src := "id,note,delta\n" +
		"1,\"=HYPERLINK(\"\"http://x\"\")\",-3\n" +
		"2,+44 20 7946 0000 ext,+2\n" +
		"3,-3,-0.5\n" +
		"4,@SUM(A1),1\n" +
		"5,\"\tcmd\",2\n" +
		"6,-,3\n" +
		"7,-x,4\n" +
		"8,a=b,5\n" +
		"9,,-1e3\n"
	d, errs := Parse("data.csv", []byte(src), schema)
	if d == nil || errs.HasErrors(false) {
		t.Fatalf("a warning stopped the dataset: %v", errs)
	}
	var got []string
	for _, e := range errs.Items() {
		if !e.Warning {
			t.Errorf("not a warning: %v", e)
		}
		got = append(got, fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Col))
	}
	want := []string{"data.csv:2:3", "data.csv:3:3", "data.csv:5:3", "data.csv:6:3", "data.csv:8:3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("warnings at %v, want %v:\n%v", got, want, errs)
	}
	if !strings.Contains(errs.Error(), `data.csv:2:3: warning: Note: "=HYPERLINK(\"http://x\")" begins with "=", which a spreadsheet opening the CSV download may run as a formula`) {
		t.Errorf("message:\n%v", errs)
	}
	if string(d.Raw) != src {
		t.Error("the download is not the file as written")
	}
	if v, _ := d.Value(d.Rows[0], "note"); v.Text != `=HYPERLINK("http://x")` {
		t.Errorf("cell changed to %q", v.Text)
	}
	if v, _ := d.Value(d.Rows[0], "delta"); v.Num != -3 {
		t.Errorf("number changed to %v", v.Num)
	}
}
