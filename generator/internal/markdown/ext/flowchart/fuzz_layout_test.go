package flowchart

import (
	"testing"

	"reportgen/generator/internal/input/flow"
)

// FuzzLayout lays out every path the loader accepts: it never panics, and
// a path it can draw has every step in exactly one cell inside the
// diagram, numbered distinctly.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{"a\nb branch=d\nc\nd", "a next=c\nb\nc", "a\nb end\nc\nd", "a\nb next=a"} {
		f.Add([]byte(sketchYAML(s)))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, errs := flow.Parse("x.yaml", src)
		if p == nil || errs.Len() > 0 {
			return
		}
		lay, err := Lay(p)
		if err != nil {
			return
		}
		seen := map[*flow.Step]int{}
		numbers := map[int]bool{}
		for _, r := range lay.Rows {
			for _, c := range r.Cells {
				if c.Col < 0 || c.Span < 1 || c.Col+c.Span > lay.Columns {
					t.Fatalf("cell outside the diagram: %+v of %d columns", c, lay.Columns)
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
		}
		if len(numbers) != len(p.Steps) {
			t.Fatalf("step numbers are not distinct: %v", numbers)
		}
	})
}
