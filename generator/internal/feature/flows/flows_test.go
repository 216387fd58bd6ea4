package flows_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/flows"
	"reportgen/generator/internal/pipeline"
)

const pathFile = `id: route
example: 1
title: A route
summary: Two steps.
steps:
  - id: director
    role: Medical director
    setting: Hospital
    evidence: The route began as medical director.
  - id: chief
    role: Chief executive
    setting: Trust
    evidence: >-
      it ended as chief
      executive
`

func site(change func(fstest.MapFS)) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fs := fstest.MapFS{
		"content/site.yaml":       file("title: R\nlanguage: en-GB\nfull_report: all\n"),
		"content/references.yaml": file("- key: a2001\n  short: A\n  year: 2001\n  text: A (2001) Book\n"),
		"content/_index.md":       file("---\ntitle: R\ndescription: R.\n---\nHome.\n"),
		"content/01-chapter.md": file("---\ntitle: Chapter\ndescription: C.\n---\n\nThe route began as medical director. In the end\nit ended as chief executive of a trust.\n\n" +
			"## Example\n\n```career\nid: route\n```\n"),
		"content/02-other.md":        file("---\ntitle: Other\ndescription: O.\n---\n\nNothing here.\n"),
		"content/careers/1-a.yaml":   file(pathFile),
		"content/data/d.csv":         file("ce,posts\n1,6\n2,1\n3,1\n"),
		"content/data/d.schema.yaml": file("title: D\nkey: ce\nrows: {one: person, other: people}\ncolumns:\n  - {name: ce, label: CE number, short: CE, type: integer}\n  - {name: posts, label: Posts held, type: integer}\n"),
		"templates/page.html":        file(`<main>{{.Content}}</main>`),
		"templates/home.html":        file(`{{.Content}}`),
		"templates/full.html":        file(`{{range .Chapters}}<section id="{{.ID}}">{{.Content}}</section>{{end}}`),
	}
	if change != nil {
		change(fs)
	}
	return fs
}

func buildSite(t *testing.T, fs fstest.MapFS) (string, *pipeline.Result, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{FS: fs, Src: t.TempDir(), Out: out, Features: []pipeline.Feature{flows.New()}})
	return out, res, err
}

func TestBuildLinksStepsAndSentences(t *testing.T) {
	out, _, err := buildSite(t, site(nil))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "chapter/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		`<span class="evidence" id="ev-route-director">The route began as medical director.</span>`,
		`<span class="evidence" id="ev-route-chief">it ended as chief executive</span>`,
		`<a href="#ev-route-director">Evidence`,
		`href="#fig-career-route--chief"><span aria-hidden="true">↩&#xFE0E;</span> Figure 1<span class="visually-hidden">, step 2: back to the career path</span></a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("chapter lacks %s", want)
		}
	}
	b, _ = os.ReadFile(filepath.Join(out, "all/index.html"))
	full := string(b)
	for _, want := range []string{
		`id="chapter--ev-route-director"`,
		`<a href="#chapter--ev-route-director">Evidence`,
		`href="#chapter--fig-career-route--director"`,
	} {
		if !strings.Contains(full, want) {
			t.Errorf("full report lacks %s", want)
		}
	}
}

// Each mistake is reported at the place to fix, and the build fails.
func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"evidence not in the text", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "began as medical director.", "began as a medical director.", 1))
		}, `content/careers/1-a.yaml:9:15: the evidence of step "director" is not in the report's text; content/01-chapter.md says "The route began as", then "medical director. In the end it" where the quote has "a medical director."`},
		{"evidence in a block scalar, not in the text", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "      executive\n", "      executives\n", 1))
		}, `content/careers/1-a.yaml:14:7: the evidence of step "chief" is not in the report's text`},
		{"evidence found twice", func(fs fstest.MapFS) {
			fs["content/02-other.md"].Data = []byte("---\ntitle: Other\ndescription: O.\n---\n\nAgain: The route began as medical director.\n")
		}, `content/careers/1-a.yaml:9:15: the evidence of step "director" is found 2 times (content/01-chapter.md, content/02-other.md); quote enough of the sentence that it is found once`},
		{"unknown path in a block", func(fs fstest.MapFS) {
			fs["content/02-other.md"].Data = []byte("---\ntitle: Other\ndescription: O.\n---\n\nText.\n\n```career\nid: rout\n```\n")
		}, `content/02-other.md:9:1: career: unknown career path "rout"; known paths: route`},
		{"broken path file", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(pathFile + "    branch: nowhere\n")
		}, `content/careers/1-a.yaml:16:13: branch to unknown step "nowhere"`},
		{"data row that several rows match", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "steps:", "data_row:\n  key: 2\n  only: posts = 1\nsteps:", 1))
		}, `content/careers/1-a.yaml:7:9: data_row: 2 rows have posts = 1 (CE 2, CE 3), so the data does not say which one the path is`},
		{"data row with the wrong key", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "steps:", "data_row:\n  key: 2\n  only: posts = 6\nsteps:", 1))
		}, `content/careers/1-a.yaml:6:8: data_row: the only row with posts = 6 is CE 1, not 2; key: 1`},
		{"data row with an unknown column", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "steps:", "data_row:\n  key: 1\n  only: post = 6\nsteps:", 1))
		}, `content/careers/1-a.yaml:7:9: data_row: `},
		// The datasets are the build's, read once in the load phase: a
		// broken one is reported even when only career paths use it.
		{"data row in a broken dataset", func(fs fstest.MapFS) {
			fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "steps:", "data_row:\n  key: 1\n  only: posts = 6\nsteps:", 1))
			fs["content/data/d.csv"].Data = []byte("ce,posts\n1,six\n")
		}, `content/data/d.csv:2:`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := buildSite(t, site(c.change))
			var list *diag.List
			if !errors.As(err, &list) {
				t.Fatalf("build error %v, want positioned problems", err)
			}
			got := list.Items()[0].Error()
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s...", list, c.want)
			}
		})
	}
}

func TestPathShownNowhereIsAWarning(t *testing.T) {
	_, res, err := buildSite(t, site(func(fs fstest.MapFS) {
		fs["content/01-chapter.md"].Data = []byte("---\ntitle: Chapter\ndescription: C.\n---\n\nThe route began as medical director. In the end\nit ended as chief executive of a trust.\n")
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), `content/careers/1-a.yaml:1:1: warning: career path "route" is not shown on any page`) {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestDataRowIsNamedWithItsReason(t *testing.T) {
	out, _, err := buildSite(t, site(func(fs fstest.MapFS) {
		fs["content/careers/1-a.yaml"].Data = []byte(strings.Replace(pathFile, "steps:", "data_row:\n  key: 1\n  only: posts = 6\nsteps:", 1))
	}))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "chapter/index.html"))
	if want := `<p class="career__data">In the data, this is CE 1, the only person with 6 posts held.</p>`; !strings.Contains(string(b), want) {
		t.Errorf("chapter lacks %s", want)
	}
}
