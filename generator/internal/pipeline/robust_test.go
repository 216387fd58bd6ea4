package pipeline_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/edition"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/input/yamlfile"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/output/assets"
	"reportgen/generator/internal/output/templates"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

// robustSite is a small good site that every bad input below starts from:
// testdata/robust.txtar.
func robustSite(t testing.TB) fstest.MapFS { return sitetest.Load(t, "testdata/robust.txtar") }

// failingFS makes reading one file fail as an unreadable file does. The
// tests run as root, for whom chmod 000 does not stop reads, so the
// permission error is made here instead.
type failingFS struct {
	fs.FS
	bad string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// buildNoPanic runs a build, turning a panic into a test failure with the
// stack.
func buildNoPanic(t *testing.T, opts pipeline.Options) (res *pipeline.Result, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("the build panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return pipeline.Build(opts)
}

// Every bad input an editor can produce: the build fails with a
// diagnostic that names the file, line and column and says what would be
// right, it does not panic, and the previous output stays byte for byte
// as it was.
func TestBadInputs(t *testing.T) {
	type badCase struct {
		name string
		edit func(s fstest.MapFS)
		// unreadable names a file whose reading fails.
		unreadable string
		// whole is true for a problem of a file as a whole, which has
		// no line: "path: message", never a made-up "path:1:1".
		whole bool
		// want is the start of the expected diagnostic:
		// "path:line:col: message".
		want string
	}
	set := func(path, data string) func(fstest.MapFS) {
		return func(s fstest.MapFS) { s[path] = &fstest.MapFile{Data: []byte(data)} }
	}
	cases := []badCase{
		{name: "front matter is not valid YAML",
			edit: set("content/02-methods.md", "---\ntitle: Methods\ndescription: [How\n---\n\nWe asked.\n"),
			want: "content/02-methods.md:3:14: front matter is not valid YAML: did not find expected ',' or ']'"},
		{name: "front matter is not a mapping",
			edit: set("content/02-methods.md", "---\n- title\n---\n"),
			want: "content/02-methods.md:2:1: front matter must be a set of key: value pairs"},
		{name: "front matter never closed",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n\nWe asked.\n"),
			want: "content/02-methods.md:1:1: front matter opened with --- is never closed"},
		{name: "tab in front matter",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n\tdescription: How.\n---\n"),
			want: "content/02-methods.md:3:1: front matter is indented with a tab"},
		{name: "tab in site.yaml",
			edit: set("content/site.yaml", "title: A Report\n\tlanguage: en-GB\n"),
			want: "content/site.yaml:2:1: line is indented with a tab"},
		{name: "site.yaml is not valid YAML",
			edit: set("content/site.yaml", "title: A Report\nlanguage: [en\n"),
			want: "content/site.yaml:2:11: did not find expected"},
		{name: "unknown front matter key",
			edit: set("content/02-methods.md", "---\ntitle: Methods\ndescripton: How.\n---\n"),
			want: `content/02-methods.md:3:1: unknown front matter key "descripton"`},
		{name: "unknown site.yaml key",
			edit: set("content/site.yaml", "title: A Report\nlangauge: en-GB\n"),
			want: "content/site.yaml:2:1: unknown key"},
		{name: "front matter value of the wrong type",
			edit: set("content/02-methods.md", "---\ntitle: Methods\nweight: first\n---\n"),
			want: "content/02-methods.md:3:9: weight must be a whole number"},
		{name: "duplicate slug from the file name",
			edit: set("content/04-methods.md", "---\ntitle: More methods\ndescription: x\n---\n"),
			want: "content/04-methods.md:1:1: page URL /methods/ is already used by content/02-methods.md"},
		{name: "duplicate slug from front matter",
			edit: set("content/04-more.md", "---\ntitle: More methods\ndescription: x\nslug: methods\n---\n"),
			want: "content/04-more.md:4:7: page URL /methods/ is already used by content/02-methods.md"},
		{name: "slug that is not a URL segment",
			edit: set("content/04-more.md", "---\ntitle: More\nslug: a/b\n---\n"),
			want: `content/04-more.md:3:7: slug "a/b" is not a single URL segment`},
		{name: "invalid UTF-8 in markdown",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\nWe \xffasked.\n"),
			want: "content/02-methods.md:5:4: file is not valid UTF-8"},
		{name: "invalid UTF-8 in site.yaml",
			edit: set("content/site.yaml", "title: A \xfeReport\n"),
			want: "content/site.yaml:1:10: file is not valid UTF-8"},
		{name: "unknown citation key",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\nWe asked [@jones1999].\n"),
			want: `content/02-methods.md:5:10: unknown citation key "jones1999"`},
		{name: "unknown cross-reference",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\nSee @fig:nothing.\n"),
			want: "content/02-methods.md:5:5: cross-reference to unknown fig:nothing"},
		{name: "unknown shortcode",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\nText.\n\n{{< chrt x >}}\n"),
			want: `content/02-methods.md:7:1: unknown shortcode "chrt"`},
		{name: "shortcode never closed",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\nWe asked {{< stat count x\nmore.\n"),
			want: "content/02-methods.md:5:10: shortcode opened with {{< is not closed on its line"},
		{name: "shortcode with a quote never closed",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\n{{< references \"all >}}\n"),
			want: "content/02-methods.md:5:1: a quote in the shortcode is not closed"},
		{name: "references list twice on a page",
			edit: set("content/03-refs.md", "---\ntitle: References\n---\n\n{{< references >}}\n\nAgain:\n\n{{< references >}}\n"),
			want: "content/03-refs.md:9:1: the references list is already on this page, at line 5"},
		{name: "references list with an argument",
			edit: set("content/03-refs.md", "---\ntitle: References\n---\n\n{{< references cited-only >}}\n"),
			want: "content/03-refs.md:5:1: the references list takes no arguments"},
		{name: "references list on two pages",
			edit: set("content/04-more.md", "---\ntitle: More\n---\n\n{{< references >}}\n"),
			want: "content/04-more.md:5:1: the references list is already on content/03-refs.md, at line 6"},
		{name: "layout that does not exist",
			edit: set("content/02-methods.md", "---\ntitle: Methods\nlayout: wide\n---\n\nWe asked.\n"),
			want: `content/02-methods.md:3:9: layout "wide" does not exist`},
		{name: "invalid UTF-8 in a CSV cell",
			edit: func(s fstest.MapFS) {
				s["content/data/t.schema.yaml"] = &fstest.MapFile{Data: []byte("columns:\n  - name: name\n    label: Name\n    type: string\n")}
				s["content/data/t.csv"] = &fstest.MapFile{Data: []byte("name\nAnn\nB\xe9a\n")}
			},
			want: "content/data/t.csv:3:2: file is not valid UTF-8"},
		{name: "dataset without a schema", whole: true,
			edit: set("content/data/t.csv", "name\nAnn\n"),
			want: "content/data/t.csv: no schema for this dataset: cannot read content/data/t.schema.yaml"},
		{name: "schema without a dataset", whole: true,
			edit: set("content/data/t.schema.yaml", "columns:\n  - name: name\n    label: Name\n    type: string\n"),
			want: "content/data/t.schema.yaml: schema without data: there is no t.csv"},
		{name: "malformed date in site.yaml",
			edit: set("content/site.yaml", "title: A Report\nlanguage: en-GB\nfull_report: all\ndate: 2010-13\n"),
			want: `content/site.yaml:4:7: date "2010-13" is not a date`},
		{name: "malformed edition date in site.yaml",
			edit: set("content/site.yaml", "title: A Report\nlanguage: en-GB\nfull_report: all\nedition:\n  date: 30/11/2026\n"),
			want: `content/site.yaml:5:9: edition date "30/11/2026" is not a date`},
		{name: "footnote never defined",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\nWe asked[^1] and *twice[^two]*, `not [^code]`.\n\n[^1]: Once.\n"),
			want: "content/02-methods.md:5:24: footnote [^two] is never defined"},
		{name: "reference without a key",
			edit: set("content/references.yaml", "- key: smith2001\n  short: Smith\n  year: 2001\n  text: x\n- short: Jones\n  year: 2002\n  text: y\n"),
			want: "content/references.yaml:5:"},
		{name: "template parse error",
			edit: set("templates/page.html", "<html>\n<title>{{.Title</title>\n</html>\n"),
			want: "templates/page.html:2:"},
		{name: "template block never closed",
			edit: set("templates/page.html", "<html>\n{{if .Title}}\n<p>x</p>\n</html>\n"),
			want: "templates/page.html:"},
		{name: "template calls an unknown function",
			edit: set("templates/page.html", "<html>\n{{ nofunc .Title }}\n</html>\n"),
			want: `templates/page.html:2:`},
		{name: "template exec error",
			edit: set("templates/page.html", "<html>\n<body>\n<p>{{.Page.Nope}}</p>\n</body></html>\n"),
			want: "templates/page.html:3:"},
		{name: "template escaping error",
			edit: set("templates/page.html", "<html>\n<body>{{if .Title}}<a href=\"{{end}}x\">y</a></body></html>\n"),
			want: "templates/page.html:2:"},
		{name: "template includes a missing partial",
			edit: set("templates/page.html", "<html>\n{{template \"partials/nope.html\" .}}\n</html>\n"),
			want: "templates/page.html:2:"},
		{name: "missing asset referenced by a template",
			edit: set("templates/page.html", "<html>\n<head>\n{{with asset \"css/gone.css\"}}<link href=\"{{assetURL .}}\">{{end}}\n</head></html>\n"),
			want: "templates/page.html:3:"},
		{name: "unreadable markdown file", unreadable: "content/02-methods.md",
			want: "content/02-methods.md: cannot read"},
		{name: "unreadable template", unreadable: "templates/page.html",
			want: "templates/page.html: cannot read"},
		{name: "unreadable asset", unreadable: "assets/css/s.css",
			want: "assets/css/s.css: cannot read"},
		{name: "unreadable site.yaml", unreadable: "content/site.yaml",
			want: "content/site.yaml: cannot read"},
		{name: "markdown file over the size limit",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n"+strings.Repeat("x", content.MaxPageBytes)),
			want: "content/02-methods.md: file is 4.0 MB, more than a page may hold (4 MB)", whole: true},
		// Every other input has its limit too (each package's Max...).
		{name: "site.yaml over the size limit",
			edit: set("content/site.yaml", "title: T\nlanguage: en\n#"+strings.Repeat("x", yamlfile.MaxBytes)+"\n"),
			want: "content/site.yaml: file is 1.0 MB, more than a YAML file may hold (1 MB)", whole: true},
		{name: "references.yaml over the size limit",
			edit: set("content/references.yaml", "#"+strings.Repeat("x", yamlfile.MaxBytes)+"\n"),
			want: "content/references.yaml: file is 1.0 MB, more than a YAML file may hold (1 MB)", whole: true},
		{name: "dataset schema over the size limit",
			edit: func(s fstest.MapFS) {
				set("content/data/d.csv", "n\n1\n")(s)
				set("content/data/d.schema.yaml", "#"+strings.Repeat("x", yamlfile.MaxBytes)+"\n")(s)
			},
			want: "content/data/d.schema.yaml: file is 1.0 MB, more than a YAML file may hold (1 MB)", whole: true},
		{name: "CSV over the size limit",
			edit: func(s fstest.MapFS) {
				set("content/data/d.csv", "n\n"+strings.Repeat("1\n", dataset.MaxCSVBytes/2+1))(s)
				set("content/data/d.schema.yaml", "columns:\n  - name: n\n    label: N\n    type: integer\n")(s)
			},
			want: "content/data/d.csv: file is 4.0 MB, more than a dataset may hold (4 MB)", whole: true},
		{name: "CSV over the row limit",
			edit: func(s fstest.MapFS) {
				set("content/data/d.csv", "n\n"+strings.Repeat("1\n", dataset.MaxRows+1))(s)
				set("content/data/d.schema.yaml", "columns:\n  - name: n\n    label: N\n    type: integer\n")(s)
			},
			want: fmt.Sprintf("content/data/d.csv:%d:1: the dataset has more than %d rows", dataset.MaxRows+2, dataset.MaxRows)},
		{name: "asset over the size limit",
			edit: set("assets/img/big.png", strings.Repeat("x", assets.MaxFileBytes+1)),
			want: "assets/img/big.png: file is 16.0 MB, more than an asset may be (16 MB)", whole: true},
		{name: "template over the size limit",
			edit: set("templates/page.html", strings.Repeat("x", templates.MaxFileBytes+1)),
			want: "templates/page.html: file is 1.0 MB, more than a template may be (1 MB)", whole: true},
		{name: "lists nested past the limit",
			edit: set("content/02-methods.md", "---\ntitle: Methods\n---\n\n"+strings.Repeat("> ", markdown.MaxNesting+1)+"x\n"),
			want: fmt.Sprintf("content/02-methods.md:5:%d: lists and block quotes are nested more than %d deep here", 2*markdown.MaxNesting+1, markdown.MaxNesting)},
	}

	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: robustSite(t), Src: t.TempDir(), Out: out}); err != nil {
		t.Fatalf("the good site does not build: %v", err)
	}
	before := snapshot(t, out)

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			site := robustSite(t)
			if tc.edit != nil {
				tc.edit(site)
			}
			var fsys fs.FS = site
			if tc.unreadable != "" {
				fsys = failingFS{site, tc.unreadable}
			}
			_, err := buildNoPanic(t, pipeline.Options{Features: bibliography(), FS: fsys, Src: t.TempDir(), Out: out})
			var list *diag.List
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want a list of diagnostics", err)
			}
			t.Logf("diagnostics:\n%s", list.Error())
			var found *diag.Error
			for _, e := range list.Items() {
				if strings.HasPrefix(e.Error(), tc.want) {
					found = e
				}
			}
			if found == nil {
				t.Fatalf("no diagnostic starts with %q; got:\n%s", tc.want, list.Error())
			}
			if found.Line < 1 && tc.unreadable == "" && !tc.whole {
				t.Errorf("diagnostic has no line: %s", found.Error())
			}
			if tc.whole && found.Line != 0 {
				t.Errorf("a problem of the whole file is given a line: %s", found.Error())
			}
			if found.Hint == "" {
				t.Errorf("diagnostic does not say what would be right: %s", found.Error())
			}
			after := snapshot(t, out)
			if len(after) != len(before) {
				t.Errorf("a failed build changed the output: %d files, had %d", len(after), len(before))
			}
			for p, b := range before {
				if !bytes.Equal(after[p], b) {
					t.Errorf("a failed build changed %s", p)
				}
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*"))
			if len(left) > 0 {
				t.Errorf("a failed build left its staging directory: %v", left)
			}
		})
	}
}

// A missing description is legal but leaves search results and link
// previews with the site's generic text: a warning, an error with -strict.
func TestMissingDescriptionWarns(t *testing.T) {
	site := robustSite(t)
	site["content/02-methods.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Methods\ndescription: \"\"\n---\n\nWe asked.\n")}
	out := filepath.Join(t.TempDir(), "public")
	res, err := buildNoPanic(t, pipeline.Options{Features: bibliography(), FS: site, Src: t.TempDir(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range res.Warnings {
		msgs = append(msgs, w.Error())
	}
	want := "content/02-methods.md:3:1: warning: description is empty"
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], want) {
		t.Errorf("warnings %q, want one starting %q", msgs, want)
	}
	_, err = buildNoPanic(t, pipeline.Options{Features: bibliography(), FS: site, Src: t.TempDir(), Out: out, Strict: true})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("with -strict: got %v", err)
	}
}

// Raw HTML and links to addresses a browser would not follow build, and
// used to be left out of the page without a word: each is a warning at
// its place, an error with -strict. Comments, web, mail and relative
// links are not.
func TestOmissionsWarn(t *testing.T) {
	site := robustSite(t)
	site["content/02-methods.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Methods\ndescription: How.\n---\n\n" +
		"We <b>asked</b> them.\n\n<div class=\"x\">\nA block.\n</div>\n\n<!-- a note to the editor -->\n\n" +
		"[Run](javascript:alert(1)) and ![A](vbscript:x), [file](ftp://x.org/f) and [ok](https://x.org), [mail](mailto:a@b.c), [rel](../intro/), <https://y.org>, <a@b.c>.\n\n" +
		"[ref]: javascript:void(0)\n\nSee [the ref][ref] and [nothing]().\n")}
	out := filepath.Join(t.TempDir(), "public")
	res, err := buildNoPanic(t, pipeline.Options{Features: bibliography(), FS: site, Src: t.TempDir(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"content/02-methods.md:6:4: warning: raw HTML is left out of the page",
		"content/02-methods.md:8:1: warning: raw HTML is left out of the page",
		"content/02-methods.md:14:7: warning: link to a javascript: address is removed",
		"content/02-methods.md:14:37: warning: image from a vbscript: address is removed",
		"content/02-methods.md:14:57: warning: link to a ftp: address, which a reader's browser may not open",
		"content/02-methods.md:16:8: warning: link to a javascript: address is removed",
		"content/02-methods.md:18:33: warning: link has no address",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) || !strings.Contains(got[i], "; ") {
			t.Errorf("warning %d is %q, want it to start %q and say what would be right", i, got[i], want[i])
		}
	}
	if _, err := buildNoPanic(t, pipeline.Options{Features: bibliography(), FS: site, Src: t.TempDir(), Out: out, Strict: true}); err == nil || !strings.Contains(err.Error(), want[2]) {
		t.Errorf("with -strict: got %v", err)
	}
}

// {{< edition date >}} and {{< edition source >}} showed nothing when
// site.yaml gave no such part; the date is written in words when only the
// ISO date is given.
func TestEditionPartNotGiven(t *testing.T) {
	site := robustSite(t)
	site["content/02-methods.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Methods\ndescription: How.\n---\n\nMade on {{< edition date >}} from {{< edition source >}}.\n")}
	features := append(bibliography(), edition.New())
	out := filepath.Join(t.TempDir(), "public")
	_, err := buildNoPanic(t, pipeline.Options{Features: features, FS: site, Src: t.TempDir(), Out: out})
	for _, want := range []string{
		"content/02-methods.md:6:9: edition: content/site.yaml gives the edition no date",
		"content/02-methods.md:6:35: edition: content/site.yaml gives the edition no source",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error %q", err, want)
		}
	}
	site["content/site.yaml"] = &fstest.MapFile{Data: append(site["content/site.yaml"].Data, "edition:\n  date: 2026-11-30\n  source: the printed report\n"...)}
	if _, err := buildNoPanic(t, pipeline.Options{Features: append(bibliography(), edition.New()), FS: site, Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	if got := sitetest.Read(t, out, "methods/index.html"); !strings.Contains(got, "Made on 30 November 2026 from the printed report.") {
		t.Errorf("the page does not show the edition's date in words and its source:\n%s", got)
	}
}

// hugeSite is the good site with one chapter of about size bytes: many
// paragraphs, headings, emphasis and links, as a long report would have.
func hugeSite(t testing.TB, size int) fstest.MapFS {
	site := robustSite(t)
	var b strings.Builder
	b.WriteString("---\ntitle: Methods\ndescription: How.\n---\n\n")
	for i := 0; b.Len() < size; i++ {
		if i%50 == 0 {
			fmt.Fprintf(&b, "## Part %d\n\n", i/50)
		}
		fmt.Fprintf(&b, "Paragraph %d says *something* about 'the study' with a [link](/intro/#aims) and **more** words to read, as the report does in its findings.\n\n", i)
	}
	site["content/02-methods.md"] = &fstest.MapFile{Data: []byte(b.String())}
	return site
}

// A 50 MB chapter is refused with a positioned error before it is read
// (content.MaxPageBytes says why), the previous output left as it was.
func TestHugeMarkdownFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: robustSite(t), Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	_, err := buildNoPanic(t, pipeline.Options{Features: bibliography(), FS: hugeSite(t, 50<<20), Src: t.TempDir(), Out: out})
	var list *diag.List
	if !errors.As(err, &list) || !strings.Contains(err.Error(), "content/02-methods.md: file is 50.0 MB, more than a page may hold") {
		t.Fatalf("got %v", err)
	}
	after := snapshot(t, out)
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Errorf("a failed build changed %s", p)
		}
	}
}

// BenchmarkLargestMarkdownFile builds a site whose chapter is as large as
// a page may be, for its time and memory; BenchmarkHugeMarkdownFile what
// refusing a 50 MB one costs.
func BenchmarkLargestMarkdownFile(b *testing.B) {
	benchmarkSite(b, hugeSite(b, content.MaxPageBytes-100))
}

func BenchmarkHugeMarkdownFile(b *testing.B) {
	site := hugeSite(b, 50<<20)
	src := b.TempDir()
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: site, Src: src, Out: out}); err == nil {
			b.Fatal("a 50 MB page was accepted")
		}
	}
}

func benchmarkSite(b *testing.B, site fstest.MapFS) {
	src := b.TempDir()
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	b.SetBytes(int64(len(site["content/02-methods.md"].Data)))
	for b.Loop() {
		if _, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: site, Src: src, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}
