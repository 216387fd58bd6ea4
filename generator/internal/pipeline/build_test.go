package pipeline_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

// bibliography is the feature the test sites' citations need.
func bibliography() []pipeline.Feature { return []pipeline.Feature{citations.New()} }

// smallSite is a whole small site, in memory: testdata/small.txtar.
func smallSite(t testing.TB) fstest.MapFS { return sitetest.Load(t, "testdata/small.txtar") }

// read is a file of the built site in dir.
func read(t testing.TB, dir, rel string) string { return sitetest.Read(t, dir, rel) }

func TestBuildSmallSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: smallSite(t), Src: t.TempDir(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 5 {
		t.Errorf("built %d pages, want 5 (home, intro, part, methods, references)", res.Pages)
	}
	// The phases the package doc names, in its order.
	var phases []string
	for _, p := range res.Phases {
		phases = append(phases, p.Name)
	}
	if got, want := strings.Join(phases, " "), "load index write publish"; got != want {
		t.Errorf("phases recorded: %s, want %s", got, want)
	}
	intro := read(t, out, "intro/index.html")
	for _, want := range []string{
		`(<a class="cite" id="cite-smith2001" href="/references/#ref-smith2001">Smith, 2001</a>)`,
		"it’s ‘so’", // typographer: curly apostrophe and single quotes
		`<h2 id="aims">Aims <a class="anchor" href="#aims"`,
		`<a href="/part/methods/#how">methods</a>`,
		`<a rel="next" href="/part/">Part One</a>`,
		`<a rel="prev" href="/">A Small Report</a>`,
	} {
		if !strings.Contains(intro, want) {
			t.Errorf("intro page lacks %q\n%s", want, intro)
		}
	}
	// The sidebar shows a section's pages only inside that section.
	if strings.Contains(intro, `href="/part/methods/">Methods`) {
		t.Error("intro's sidebar lists the pages of a section it is not in")
	}
	methods := read(t, out, "part/methods/index.html")
	if !strings.Contains(methods, `href="/part/methods/">Methods`) {
		t.Error("methods' sidebar does not list its own section's pages")
	}
	refs := read(t, out, "references/index.html")
	for _, want := range []string{
		`<li id="ref-smith2001"><span class="ref-text">Smith, A (2001) <em>A Book</em>. London: Press</span>`,
		`<a href="/intro/#cite-smith2001"`,
		`<a href="/part/methods/#cite-smith2001"`,
	} {
		if !strings.Contains(refs, want) {
			t.Errorf("references page lacks %q\n%s", want, refs)
		}
	}
	full := read(t, out, "all/index.html")
	for _, want := range []string{
		`<section id="intro"><h2>Introduction</h2>`,
		`<section id="part-methods">`,
		`id="part-methods--how"`,            // prefixed heading ids
		`id="intro--cite-smith2001"`,        // prefixed citation ids
		`href="#references--ref-smith2001"`, // citations link within the page
		`<h3 id="intro--aims">`,             // chapter headings one level down
		`id="part-methods--fn:1"`,           // prefixed footnotes
	} {
		if !strings.Contains(full, want) {
			t.Errorf("full report lacks %q", want)
		}
	}
	if strings.Index(full, `id="intro"`) > strings.Index(full, `id="references"`) {
		t.Error("full report chapters out of order")
	}
	css := read(t, out, "sitemap.xml")
	if !strings.Contains(css, "<loc>/part/methods/</loc>") {
		t.Errorf("sitemap lacks a page:\n%s", css)
	}
	if robots := read(t, out, "robots.txt"); strings.Contains(robots, "Sitemap:") {
		t.Errorf("robots.txt names a sitemap without an absolute URL:\n%s", robots)
	}
	if !strings.Contains(read(t, out, "404.html"), `href="/"`) {
		t.Error("404 page lacks a link home")
	}
	if read(t, out, "img/x.txt") != "plain\n" {
		t.Error("asset not copied as it is")
	}
	if !strings.Contains(intro, `integrity="sha384-`) {
		t.Error("stylesheet has no integrity")
	}
}

func TestBuildUnderSubPath(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	_, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: smallSite(t), Src: t.TempDir(), Out: out, BaseURL: "https://example.org/reports/medce/"})
	if err != nil {
		t.Fatal(err)
	}
	intro := read(t, out, "intro/index.html")
	for _, want := range []string{
		`href="/reports/medce/references/#ref-smith2001"`,
		`href="/reports/medce/part/methods/#how"`,
		`href="/reports/medce/css/s.`,
	} {
		if !strings.Contains(intro, want) {
			t.Errorf("intro lacks %q", want)
		}
	}
	if !strings.Contains(read(t, out, "sitemap.xml"), "<loc>https://example.org/reports/medce/part/methods/</loc>") {
		t.Error("sitemap URLs are not absolute under the sub-path")
	}
	if !strings.Contains(read(t, out, "robots.txt"), "Sitemap: https://example.org/reports/medce/sitemap.xml") {
		t.Error("robots.txt does not point at the sitemap")
	}
}

// Every problem of a build is reported, each with its position, and the
// previous output stays as it was.
func TestErrorsKeepPreviousOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: smallSite(t), Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	before := read(t, out, "intro/index.html")

	bad := smallSite(t)
	bad["content/01-intro.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Introduction\n---\n\nText.\n\nAs shown [@jones1999].\n")}
	bad["content/02-part/01-methods.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [Methods\n---\n")}
	bad["templates/home.html"] = &fstest.MapFile{Data: []byte("{{if}}")}
	_, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: bad, Src: t.TempDir(), Out: out})
	var list *diag.List
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want a diagnostics list", err)
	}
	msgs := list.Error()
	for _, want := range []string{
		"content/02-part/01-methods.md:2:8: front matter is not valid YAML",
		"templates/home.html:1:",
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, msgs)
		}
	}
	if after := read(t, out, "intro/index.html"); after != before {
		t.Error("a failed build changed the previous output")
	}

	// With the load errors fixed, the citation error is found at its place.
	bad["content/02-part/01-methods.md"] = smallSite(t)["content/02-part/01-methods.md"]
	bad["templates/home.html"] = smallSite(t)["templates/home.html"]
	_, err = pipeline.Build(pipeline.Options{Features: bibliography(), FS: bad, Src: t.TempDir(), Out: out})
	if err == nil || !strings.Contains(err.Error(), `content/01-intro.md:7:10: unknown citation key "jones1999"`) {
		t.Errorf("got %v", err)
	}
	if after := read(t, out, "intro/index.html"); after != before {
		t.Error("a failed build changed the previous output")
	}
}

func TestTemplateExecErrorIsPositioned(t *testing.T) {
	site := smallSite(t)
	site["templates/page.html"] = &fstest.MapFile{Data: []byte("<p>\n{{.Nope}}</p>")}
	_, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: site, Src: t.TempDir(), Out: filepath.Join(t.TempDir(), "p")})
	if err == nil || !strings.Contains(err.Error(), "templates/page.html:2:") || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("got %v", err)
	}
}

func TestRefusesDangerousOutput(t *testing.T) {
	src := t.TempDir()
	for _, out := range []string{"/", src, filepath.Dir(src), filepath.Join(src, "content"), filepath.Join(src, "content", "x")} {
		_, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: smallSite(t), Src: src, Out: out})
		if !errors.Is(err, pipeline.ErrUsage) {
			t.Errorf("output %s: got %v, want a usage error", out, err)
		}
	}
}
