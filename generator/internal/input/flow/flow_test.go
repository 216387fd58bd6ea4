package flow

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const validPath = `id: demo
example: 1
title: A demonstration
summary: Two steps.
steps:
  - id: first
    role: Medical director
    setting: Hospital
    evidence: The first sentence.
  - id: second
    role: Chief executive
    setting: Trust
    evidence: >-
      The second
      sentence.
`

func TestLoadValid(t *testing.T) {
	set, errs := Load(fstest.MapFS{"content/careers/demo.yaml": {Data: []byte(validPath)}}, "content/careers")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	p, ok := set.Path("demo")
	if !ok {
		t.Fatal("path demo not loaded")
	}
	if len(p.Steps) != 2 || p.Steps[0].Next != p.Steps[1] || p.Steps[1].Next != nil {
		t.Fatalf("steps are not linked in order: %+v", p.Steps)
	}
	if got := p.Steps[1].Evidence.Text; got != "The second sentence." {
		t.Errorf("evidence text %q, want the folded quote with one space", got)
	}
	if got := p.Steps[1].EvidenceAt; got != (Pos{14, 7}) {
		t.Errorf("evidence of a block scalar at %v, want line 14, col 7 where its text starts", got)
	}
	if got := p.Steps[0].EvidenceAt; got != (Pos{9, 15}) {
		t.Errorf("evidence at %v, want 9:15", got)
	}
	if p.Steps[0].Evidence.ID != "ev-demo-first" {
		t.Errorf("evidence id %q", p.Steps[0].Evidence.ID)
	}
}

func TestLoadMissingDirIsNoPaths(t *testing.T) {
	set, errs := Load(fstest.MapFS{}, "content/careers")
	if errs.Len() > 0 || len(set.Paths) != 0 {
		t.Fatalf("a site without career paths: %v, %d paths", errs, len(set.Paths))
	}
}

// Each broken file gives one error at the line (and column) where the
// problem is.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"empty file", "", "x.yaml:1:1: the file holds no career path"},
		{"not a mapping", "- a\n- b\n", "x.yaml:1:1: cannot unmarshal"},
		{"unknown key", "id: a\nexample: 1\ntitel: x\n", "x.yaml:3:1: unknown key"},
		{"tab indent", "id: a\nsteps:\n\t- id: b\n", "x.yaml:3:1: line is indented with a tab"},
		{"missing title", strings.Replace(validPath, "title: A demonstration\n", "", 1), "x.yaml:1:1: missing title"},
		{"empty title", strings.Replace(validPath, "title: A demonstration", "title:", 1), "x.yaml:3:1: missing title"},
		{"example zero", strings.Replace(validPath, "example: 1", "example: 0", 1), "x.yaml:2:10: example must be 1 or more"},
		{"bad path id", strings.Replace(validPath, "id: demo", "id: Demo Path", 1), `x.yaml:1:5: path id "Demo Path" is not usable in a link; use lower-case letters, digits and hyphens, e.g. demo-path`},
		{"missing steps", "id: a\nexample: 1\ntitle: t\nsummary: s\n", "x.yaml:1:1: missing steps"},
		{"empty path", "id: a\nexample: 1\ntitle: t\nsummary: s\nsteps: []\n", "x.yaml:5:1: the path has no steps"},
		{"step without role", strings.Replace(validPath, "    role: Chief executive\n", "", 1), "x.yaml:10:5: step 2 (second) has no role"},
		{"step without evidence", strings.Replace(validPath, "    evidence: The first sentence.\n", "", 1), "x.yaml:6:5: step 1 (first) has no evidence"},
		{"step with empty evidence", strings.Replace(validPath, "evidence: The first sentence.", "evidence: \"  \"", 1), "x.yaml:9:5: step 1 (first) has no evidence"},
		{"null step", strings.Replace(validPath, "steps:\n", "steps:\n  -\n", 1), "x.yaml:6:4: step 1 is empty"},
		{"duplicate step id", strings.Replace(validPath, "id: second", "id: first", 1), `x.yaml:10:9: step id "first" is already used on line 6`},
		{"bad step id", strings.Replace(validPath, "id: second", "id: second_step", 1), `x.yaml:10:9: step id "second_step" is not usable in a link`},
		{"branch to unknown step", strings.Replace(validPath, "    evidence: The first sentence.\n", "    evidence: The first sentence.\n    branch: third\n", 1), `x.yaml:10:13: branch to unknown step "third"; steps of this path: first, second`},
		{"next to unknown step", strings.Replace(validPath, "    evidence: The first sentence.\n", "    evidence: The first sentence.\n    next: nowhere\n", 1), `x.yaml:10:11: next to unknown step "nowhere"`},
		{"branch where it goes anyway", strings.Replace(validPath, "    evidence: The first sentence.\n", "    evidence: The first sentence.\n    branch: second\n", 1), `x.yaml:10:13: branch to "second" is where the path goes anyway`},
		{"cycle through next", validPath + "    next: first\n", `x.yaml:16:5: step "second" leads back to step "first" (next), so the path goes round in a circle`},
		{"cycle through branch", validPath + "    branch: first\n", `x.yaml:16:5: step "second" leads back to step "first" (branch)`},
		{"step to itself", strings.Replace(validPath, "    evidence: The first sentence.\n", "    evidence: The first sentence.\n    next: first\n", 1), `x.yaml:10:5: step "first" leads back to step "first" (next)`},
		{"end and next", strings.Replace(validPath, "    evidence: The first sentence.\n", "    evidence: The first sentence.\n    end: true\n    next: second\n", 1), "x.yaml:11:5: step 1 (first) both ends the path and has next: second"},
		{"anchor", strings.Replace(validPath, "setting: Hospital", "setting: &h Hospital", 1), "x.yaml:8:14: anchors and aliases"},
		{"data row without a reason", strings.Replace(validPath, "steps:\n", "data_row:\n  key: 3\nsteps:\n", 1), "x.yaml:5:1: data_row has no only"},
		{"wrong type", strings.Replace(validPath, "example: 1", "example: first", 1), "x.yaml:2:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, errs := Parse("x.yaml", []byte(c.src))
			if errs.Len() == 0 {
				t.Fatalf("no error; want %q", c.want)
			}
			if p != nil {
				t.Errorf("a broken file still gave a path")
			}
			first := errs.Items()[0].Error()
			if !strings.HasPrefix(first, c.want) {
				t.Errorf("got  %s\nwant %s...", errs, c.want)
			}
		})
	}
}

func TestLoadAcrossFiles(t *testing.T) {
	other := strings.Replace(validPath, "example: 1", "example: 2", 1)
	_, errs := Load(fstest.MapFS{
		"c/a.yaml": {Data: []byte(validPath)},
		"c/b.yaml": {Data: []byte(other)},
	}, "c")
	if got := errs.Error(); !strings.HasPrefix(got, `c/b.yaml:1:1: career path id "demo" is already used by c/a.yaml`) {
		t.Errorf("duplicate path id: %s", got)
	}
	renamed := strings.Replace(validPath, "id: demo", "id: other", 1)
	_, errs = Load(fstest.MapFS{
		"c/a.yaml": {Data: []byte(validPath)},
		"c/b.yaml": {Data: []byte(renamed)},
	}, "c")
	if got := errs.Error(); !strings.HasPrefix(got, "c/b.yaml:1:1: example 1 is already used by c/a.yaml") {
		t.Errorf("duplicate example: %s", got)
	}
}

func TestSharedEvidenceHasOneAnchor(t *testing.T) {
	src := strings.Replace(validPath, "The second\n      sentence.", "The   first\n      sentence.", 1)
	set, errs := Load(fstest.MapFS{"c/a.yaml": {Data: []byte(src)}}, "c")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	if len(set.Evidence) != 1 || len(set.Evidence[0].Steps) != 2 {
		t.Fatalf("two steps quoting the same words should share one anchor, got %d", len(set.Evidence))
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  a\n  b\t c ":                 "a b c",
		"the \u2018keen amateurs\u2019": "the 'keen amateurs'",
		"\u201cquoted\u201d":            `"quoted"`,
		"":                              "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// The site's own career paths load without error.
func TestRealPaths(t *testing.T) {
	set, errs := Load(os.DirFS("../../../.."), "content/careers")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	if len(set.Paths) == 0 {
		t.Errorf("no career paths in content/careers")
	}
}

// example and setting are optional: paths without a number follow the
// numbered ones in file name order, and a step may say nothing of where.
func TestExampleAndSettingOptional(t *testing.T) {
	bare := strings.Replace(strings.Replace(validPath, "example: 1\n", "", 1), "    setting: Hospital\n", "", 1)
	fsys := fstest.MapFS{
		"content/flows/b.yaml": {Data: []byte(strings.Replace(bare, "id: demo", "id: bee", 1))},
		"content/flows/a.yaml": {Data: []byte(strings.Replace(bare, "id: demo", "id: ay", 1))},
		"content/flows/z.yaml": {Data: []byte(strings.Replace(validPath, "id: demo", "id: numbered", 1))},
	}
	set, errs := Load(fsys, "content/flows")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	if got := strings.Join(set.IDs(), " "); got != "numbered ay bee" {
		t.Errorf("order %q, want the numbered path first, then file name order", got)
	}
	p, _ := set.Path("ay")
	if p.Example != 0 || p.Steps[0].Setting != "" {
		t.Errorf("example %d, setting %q; want both empty", p.Example, p.Steps[0].Setting)
	}
}
