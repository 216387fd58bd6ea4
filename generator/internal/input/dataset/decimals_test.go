package dataset

import "testing"

// Numbers keep the decimals they were written with, unless the schema
// states decimals for the column; figures taken from the column follow.
func TestDecimals(t *testing.T) {
	const schema = `title: Readings
columns:
  - name: site
    label: Site
    type: string
  - name: ph
    label: pH
    type: number
  - name: mass
    label: Mass
    type: number
    decimals: 2
`
	set, errs := load(t, map[string]string{"r.schema.yaml": schema, "r.csv": "site,ph,mass\nA,8.10,3\nB,7.5,2.456\n"})
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	d, _ := set.Lookup("r")
	ph, mass := d.Schema.Columns[1], d.Schema.Columns[2]
	for _, c := range []struct{ got, want string }{
		{d.Rows[0].Values[1].Text, "8.10"},
		{d.Rows[1].Values[1].Text, "7.5"},
		{d.Rows[0].Values[2].Text, "3.00"},
		{d.Rows[1].Values[2].Text, "2.46"},
		{ph.Format(7.5), "7.50"},
		{mass.Format(5), "5.00"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	_, errs = load(t, map[string]string{"r.schema.yaml": schema + "  - name: n\n    label: N\n    type: integer\n    decimals: 1\n", "r.csv": "site,ph,mass,n\nA,8.10,3,1\n"})
	if errs.Len() == 0 {
		t.Error("decimals on an integer column was accepted")
	}
}
