package dataset

import (
	"strings"
	"testing"
)

// FuzzParse feeds the CSV reader arbitrary files: it must never panic, and
// it either returns rows that fit the schema or positioned errors.
func FuzzParse(f *testing.F) {
	schema, errs := ParseSchema("s.yaml", []byte(testSchema))
	if errs.Len() > 0 {
		f.Fatal(errs)
	}
	f.Add(goodCSV)
	f.Add("id,gp,acute,posts,year,age\n1,true,false,1,2007,\n")
	f.Add("id,gp,acute,posts,year,age\n1,true\n")
	f.Add("\xEF\xBB\xBFid,gp,acute,posts,year,age\r\n\"1\",TRUE,false,1,2007,47\r\n")
	f.Add("id,\"gp\nx\",acute\n1,\"a\"\"b\",2")
	f.Add("")
	f.Fuzz(func(t *testing.T, src string) {
		d, errs := Parse("data.csv", []byte(src), schema)
		if errs.HasErrors(false) {
			if d != nil {
				t.Fatal("rows returned together with errors")
			}
			for _, e := range errs.Items() {
				if e.Path != "data.csv" || e.Line < 1 || e.Col < 1 {
					t.Fatalf("unpositioned error: %+v", e)
				}
				if lines := strings.Count(src, "\n") + 1; e.Line > lines {
					t.Fatalf("error on line %d of a %d-line file: %v", e.Line, lines, e)
				}
			}
			return
		}
		if d == nil || len(d.Rows) == 0 {
			t.Fatal("no errors but no rows")
		}
		seen := map[string]bool{}
		for _, r := range d.Rows {
			if len(r.Values) != len(schema.Columns) {
				t.Fatalf("row with %d values", len(r.Values))
			}
			key := r.Values[0].Text
			if seen[key] {
				t.Fatalf("duplicate key %s accepted", key)
			}
			seen[key] = true
			if age := r.Values[5]; !age.Missing && (age.Num < 21 || age.Num > 80) {
				t.Fatalf("age %v out of the schema's range accepted", age.Num)
			}
		}
	})
}

// FuzzSchema feeds the schema reader arbitrary YAML.
func FuzzSchema(f *testing.F) {
	f.Add(testSchema)
	f.Add("columns:\n  - name: a\n    type: integer\n")
	f.Add("columns: [1, 2]\ngroups: {a: b}\n")
	f.Add("key: x\ncolumns:\n  - {name: x, label: X, type: boolean, min: 3, unit: {one: a}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		s, errs := ParseSchema("s.yaml", []byte(src))
		if errs.Len() > 0 && s != nil {
			t.Fatal("schema returned together with errors")
		}
		for _, e := range errs.Items() {
			if e.Line < 1 {
				t.Fatalf("unpositioned error: %+v", e)
			}
		}
	})
}
