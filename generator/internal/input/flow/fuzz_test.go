package flow

import (
	"fmt"
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

// sketchYAML writes a path file from lines "id [branch=x] [next=y] [end]".
func sketchYAML(sketch string) string {
	var b strings.Builder
	b.WriteString("id: sketch\nexample: 1\ntitle: t\nsummary: s\nsteps:\n")
	for _, line := range strings.Split(strings.TrimSpace(sketch), "\n") {
		f := strings.Fields(line)
		fmt.Fprintf(&b, "  - id: %s\n    role: r\n    setting: s\n    evidence: e %s\n", f[0], f[0])
		for _, opt := range f[1:] {
			if opt == "end" {
				b.WriteString("    end: true\n")
				continue
			}
			k, v, _ := strings.Cut(opt, "=")
			fmt.Fprintf(&b, "    %s: %s\n", k, v)
		}
	}
	return b.String()
}
