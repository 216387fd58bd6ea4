package flows_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/flows"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

// pathFile is the site's career path file.
const pathFile = "content/careers/1-a.yaml"

// site is testdata/site.txtar, with change made to it.
func site(t testing.TB, change func(fstest.MapFS)) fstest.MapFS {
	fs := sitetest.Load(t, "testdata/site.txtar")
	if change != nil {
		change(fs)
	}
	return fs
}

// editPath replaces old with new in the career path file; an empty old
// appends new.
func editPath(fs fstest.MapFS, old, new string) {
	f := fs[pathFile]
	if old == "" {
		f.Data = append(f.Data, new...)
		return
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}

func buildSite(t *testing.T, fs fstest.MapFS) (string, *pipeline.Result, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{FS: fs, Src: t.TempDir(), Out: out, Features: []pipeline.Feature{flows.New()}})
	return out, res, err
}

func TestBuildLinksStepsAndSentences(t *testing.T) {
	out, _, err := buildSite(t, site(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	sitetest.Contains(t, "chapter", sitetest.Read(t, out, "chapter/index.html"),
		`<span class="evidence" id="ev-route-director">The route began as medical director.</span>`,
		`<span class="evidence" id="ev-route-chief">it ended as chief executive</span>`,
		`<a href="#ev-route-director">Evidence`,
		`href="#fig-career-route--chief"><span aria-hidden="true">↩&#xFE0E;</span> Edition figure 1<span class="visually-hidden">, step 2: back to the route</span></a>`,
		// The links back stand after the paragraph's last sentence.
		`of a trust. <span class="evidence__backs" data-provenance="edition">`,
	)
	sitetest.Contains(t, "full report", sitetest.Read(t, out, "all/index.html"),
		`id="chapter--ev-route-director"`,
		`<a href="#chapter--ev-route-director">Evidence`,
		`href="#chapter--fig-career-route--director"`,
	)
}

// Each mistake is reported at the place to fix, and the build fails.
func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"evidence not in the text", func(fs fstest.MapFS) {
			editPath(fs, "began as medical director.", "began as a medical director.")
		}, `content/careers/1-a.yaml:9:15: the evidence of step "director" is not in the report's text; content/01-chapter.md says "The route began as", then "medical director. In the end it" where the quote has "a medical director."`},
		{"evidence in a block scalar, not in the text", func(fs fstest.MapFS) {
			editPath(fs, "      executive\n", "      executives\n")
		}, `content/careers/1-a.yaml:14:7: the evidence of step "chief" is not in the report's text`},
		{"evidence found twice", func(fs fstest.MapFS) {
			fs["content/02-other.md"].Data = []byte("---\ntitle: Other\ndescription: O.\n---\n\nAgain: The route began as medical director.\n")
		}, `content/careers/1-a.yaml:9:15: the evidence of step "director" is found 2 times (content/01-chapter.md, content/02-other.md); quote enough of the sentence that it is found once`},
		{"unknown path in a block", func(fs fstest.MapFS) {
			fs["content/02-other.md"].Data = []byte("---\ntitle: Other\ndescription: O.\n---\n\nText.\n\n```career\nid: rout\n```\n")
		}, `content/02-other.md:9:1: career: unknown career path "rout"; known paths: route`},
		{"broken path file", func(fs fstest.MapFS) {
			editPath(fs, "", "    branch: nowhere\n")
		}, `content/careers/1-a.yaml:16:13: branch to unknown step "nowhere"`},
		{"data row that several rows match", func(fs fstest.MapFS) {
			editPath(fs, "steps:", "data_row:\n  key: 2\n  only: posts = 1\nsteps:")
		}, `content/careers/1-a.yaml:7:9: data_row: 2 rows have posts = 1 (CE 2, CE 3), so the data does not say which one the path is`},
		{"data row with the wrong key", func(fs fstest.MapFS) {
			editPath(fs, "steps:", "data_row:\n  key: 2\n  only: posts = 6\nsteps:")
		}, `content/careers/1-a.yaml:6:8: data_row: the only row with posts = 6 is CE 1, not 2; key: 1`},
		{"data row with an unknown column", func(fs fstest.MapFS) {
			editPath(fs, "steps:", "data_row:\n  key: 1\n  only: post = 6\nsteps:")
		}, `content/careers/1-a.yaml:7:9: data_row: `},
		// The datasets are the build's, read once in the load phase: a
		// broken one is reported even when only career paths use it.
		{"data row in a broken dataset", func(fs fstest.MapFS) {
			editPath(fs, "steps:", "data_row:\n  key: 1\n  only: posts = 6\nsteps:")
			fs["content/data/d.csv"].Data = []byte("ce,posts\n1,six\n")
		}, `content/data/d.csv:2:`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := buildSite(t, site(t, c.change))
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
	_, res, err := buildSite(t, site(t, func(fs fstest.MapFS) {
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
	out, _, err := buildSite(t, site(t, func(fs fstest.MapFS) {
		editPath(fs, "steps:", "data_row:\n  key: 1\n  only: posts = 6\nsteps:")
	}))
	if err != nil {
		t.Fatal(err)
	}
	sitetest.Contains(t, "chapter", sitetest.Read(t, out, "chapter/index.html"),
		`<p class="career__data">In the data, this is CE 1, the only person with 6 posts held.</p>`)
}
