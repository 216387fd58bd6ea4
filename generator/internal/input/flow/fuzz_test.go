package flow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary files. It must never panic; a file
// it rejects must get at least one error, each naming the file and a line;
// a file it accepts must come out as a drawable path.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validPath))
	f.Add([]byte(sketchYAML("a\nb branch=d\nc\nd")))
	f.Add([]byte(sketchYAML("a next=c\nb\nc")))
	f.Add([]byte(sketchYAML("a\nb end\nc\nd")))
	f.Add([]byte(sketchYAML("a\nb next=a")))
	f.Add([]byte("steps:\n  -\n  - id: x\n"))
	f.Add([]byte("id: a\nsteps: &s []\nx: *s\n"))
	real, _ := filepath.Glob("../../../../content/careers/*.yaml")
	for _, name := range real {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, errs := Parse("x.yaml", src)
		if p == nil {
			if errs.Len() == 0 {
				t.Fatal("rejected without an error")
			}
			for _, e := range errs.Items() {
				if e.Path != "x.yaml" || e.Line < 1 {
					t.Fatalf("error without a position: %#v", e)
				}
			}
			return
		}
		if errs.Len() > 0 {
			t.Fatalf("accepted with errors: %v", errs)
		}
		if len(p.Steps) == 0 || p.Layout == nil {
			t.Fatal("accepted a path without steps or layout")
		}
		seen := map[*Step]int{}
		numbers := map[int]bool{}
		for _, r := range p.Layout.Rows {
			for _, c := range r.Cells {
				if c.Col < 0 || c.Span < 1 || c.Col+c.Span > p.Layout.Columns {
					t.Fatalf("cell outside the diagram: %+v of %d columns", c, p.Layout.Columns)
				}
				if c.Step != nil {
					seen[c.Step]++
					numbers[c.Step.Number] = true
				}
			}
		}
		for _, s := range p.Steps {
			if seen[s] != 1 {
				t.Fatalf("step %q drawn %d times", s.ID, seen[s])
			}
			if strings.TrimSpace(s.Quote) == "" {
				t.Fatalf("step %q without evidence", s.ID)
			}
		}
		if len(numbers) != len(p.Steps) {
			t.Fatalf("step numbers are not distinct: %v", numbers)
		}
	})
}
