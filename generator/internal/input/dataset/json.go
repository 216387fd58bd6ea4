package dataset

import (
	"bytes"
	"encoding/json"
)

// JSON is the dataset for download: its description, the schema's labels
// and units, and one object per row with the columns in schema order. A
// value that was not supplied is null.
func (d *Dataset) JSON() ([]byte, error) {
	type column struct {
		Name        string   `json:"name"`
		Label       string   `json:"label"`
		Short       string   `json:"short,omitempty"`
		Type        Type     `json:"type"`
		Description string   `json:"description,omitempty"`
		Unit        *Unit    `json:"unit,omitempty"`
		Optional    bool     `json:"optional,omitempty"`
		Values      []string `json:"values,omitempty"`
	}
	type group struct {
		Name    string   `json:"name"`
		Label   string   `json:"label"`
		Columns []string `json:"columns"`
	}
	s := d.Schema
	head := struct {
		Name        string   `json:"name"`
		Title       string   `json:"title,omitempty"`
		Description string   `json:"description,omitempty"`
		Source      string   `json:"source,omitempty"`
		Key         string   `json:"key,omitempty"`
		Columns     []column `json:"columns"`
		Groups      []group  `json:"groups,omitempty"`
	}{Name: d.Name, Title: s.Title, Description: s.Description, Source: s.Source, Key: s.Key}
	for _, c := range s.Columns {
		head.Columns = append(head.Columns, column{c.Name, c.Label, c.Short, c.Type, c.Description, c.Unit, c.Optional, c.Values})
	}
	for _, g := range s.Groups {
		head.Groups = append(head.Groups, group{g.Name, g.Label, g.Columns})
	}
	hb, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	// Rows are written by hand: a map would sort the keys, and readers
	// expect the columns in the table's order.
	var b bytes.Buffer
	b.Write(hb[:len(hb)-1])
	b.WriteString(`,"rows":[`)
	for i, r := range d.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, c := range s.Columns {
			if j > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(c.Name)
			b.Write(k)
			b.WriteByte(':')
			v := r.Values[j]
			var val any
			switch {
			case v.Missing:
				val = nil
			case c.Type == Boolean:
				val = v.Bool
			case c.Type == Integer || c.Type == Number:
				val = v.Num
			default:
				val = v.Text
			}
			vb, err := json.Marshal(val)
			if err != nil {
				return nil, err
			}
			b.Write(vb)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
