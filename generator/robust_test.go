package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Bad input in the files the features read (the appendix dataset, chart
// specs, career paths, bound numbers), through the whole build with every
// feature, as an editor meets it on the command line: exit 1, a message
// naming the file, line and column, and the previous output untouched.
// The bad inputs of the core files are in internal/build/robust_test.go.
func TestFeatureBadInputs(t *testing.T) {
	src := copySources(t, t.TempDir())
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("the report does not build: exit %d\n%s", code, stderr.String())
	}
	before := readTree(t, out)

	// replace edits one file of the copy, failing the test if old is not
	// in it (the content changed and the case no longer tests anything).
	replace := func(t *testing.T, rel, old, new string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s no longer contains %q", rel, old)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name      string
		file      string
		old, new  string
		wantRegex string // the diagnostic, from the start of its line
	}{
		{"bad CSV cell", "content/data/appendix.csv",
			"3,false,true,false,false,false,false,6,1989,42", "3,false,true,false,false,false,false,six,1989,42",
			`^content/data/appendix\.csv:4:\d+: .*six`},
		{"bad CSV boolean", "content/data/appendix.csv",
			"2,false,false,true,false,false,false,1,2006,58", "2,false,false,yes please,false,false,false,1,2006,58",
			`^content/data/appendix\.csv:3:\d+: `},
		{"wrong CSV column count", "content/data/appendix.csv",
			"4,false,true,false,false,true,false,2,2004,39", "4,false,true,false,false,true,false,2,2004",
			`^content/data/appendix\.csv:5:\d+: `},
		{"schema column renamed away from the data", "content/data/appendix.schema.yaml",
			"  - name: gp\n", "  - name: gpp\n",
			`^content/data/appendix\.schema\.yaml:\d+:\d+: `},
		{"unknown chart column", "content/04-methods.md",
			"column: age_at_first_ce\nbin: 5", "column: age_at_first\nbin: 5",
			`^content/04-methods\.md:16:\d+: .*age_at_first`},
		{"unknown chart type", "content/04-methods.md",
			"type: histogram", "type: histogramm",
			`^content/04-methods\.md:15:\d+: .*histogramm`},
		// The unclosed [ is on line 14.
		{"chart spec that is not YAML", "content/04-methods.md",
			"bin: 5\n", "bin: [5\n",
			`^content/04-methods\.md:17:\d+: `},
		{"quotation left open", "content/08-findings/01-choosing-medicine.md",
			"'the odd one out'", "'the odd one out",
			`^content/08-findings/01-choosing-medicine\.md:\d+:\d+: the quotation opened here with ‘ is not closed`},
		{"career step without evidence", "content/careers/3-clinical-academic.yaml",
			"    evidence: Another interviewee pursued a career mainly as a clinical academic.\n", "",
			`^content/careers/3-clinical-academic\.yaml:\d+:\d+: .*evidence`},
		{"career step with an unknown key", "content/careers/4-filling-gaps.yaml",
			"    setting: Another organisation\n", "    settting: Another organisation\n",
			`^content/careers/4-filling-gaps\.yaml:\d+:\d+: unknown key "settting"`},
		{"career evidence the report does not say", "content/careers/3-clinical-academic.yaml",
			"Another interviewee pursued a career mainly as a clinical academic.",
			"Another interviewee pursued a career only as a clinical academic.",
			`^content/careers/3-clinical-academic\.yaml:\d+:\d+: `},
	}
	lineRe := func(expr string) *regexp.Regexp { return regexp.MustCompile("(?m)" + expr) }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(tc.file)), orig, 0o644); err != nil {
					t.Fatal(err)
				}
			}()
			replace(t, tc.file, tc.old, tc.new)
			var stdout, stderr bytes.Buffer
			code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr)
			t.Logf("%s", stderr.String())
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, stderr.String())
			}
			if !lineRe(tc.wantRegex).MatchString(stderr.String()) {
				t.Errorf("no diagnostic matches %s:\n%s", tc.wantRegex, stderr.String())
			}
			if strings.Contains(stderr.String(), "panic") {
				t.Errorf("the build panicked:\n%s", stderr.String())
			}
			after := readTree(t, out)
			if len(after) != len(before) {
				t.Errorf("the failed build changed the output: %d files, had %d", len(after), len(before))
			}
			for name, data := range before {
				if !bytes.Equal(after[name], data) {
					t.Errorf("the failed build changed %s", name)
				}
			}
		})
	}
}
