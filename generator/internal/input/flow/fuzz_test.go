package flow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary files. It must never panic; a file
// it rejects must get at least one error, each naming the file and a line;
// a file it accepts must come out as a path of steps, each with evidence.
// (FuzzLayout in markdown/ext/flowchart draws the paths it accepts.)
func FuzzParse(f *testing.F) {
	f.Add([]byte(validPath))
	// A branch, two starts meeting, two separate lines, a circle.
	const head = "id: sketch\nexample: 1\ntitle: t\nsummary: s\nsteps:\n"
	step := func(id, more string) string {
		return "  - id: " + id + "\n    role: r\n    setting: s\n    evidence: e " + id + "\n" + more
	}
	f.Add([]byte(head + step("a", "") + step("b", "    branch: d\n") + step("c", "") + step("d", "")))
	f.Add([]byte(head + step("a", "    next: c\n") + step("b", "") + step("c", "")))
	f.Add([]byte(head + step("a", "") + step("b", "    end: true\n") + step("c", "") + step("d", "")))
	f.Add([]byte(head + step("a", "") + step("b", "    next: a\n")))
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
		if len(p.Steps) == 0 {
			t.Fatal("accepted a path without steps")
		}
		for _, s := range p.Steps {
			if strings.TrimSpace(s.Quote) == "" {
				t.Fatalf("step %q without evidence", s.ID)
			}
		}
	})
}
