package pipeline_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/pipeline"
)

// longSection is a site with one section of n pages and a sidebar
// template that shows every nav item, the left-out runs included.
func longSection(n int) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fs := fstest.MapFS{
		"content/site.yaml":     file("title: Long\nlanguage: en-GB\n"),
		"content/_index.md":     file("---\ntitle: Long\n---\nHome.\n"),
		"content/sec/_index.md": file("---\ntitle: Sec\n---\nAll of them.\n"),
		"templates/partials/item.html": file(`{{if .Hidden}}[{{.Hidden}} more in {{.Title}}]{{else}}` +
			`<a href="{{.URL}}"{{if .Current}} class="cur"{{end}}>{{.Title}}</a>{{range .Children}}{{template "partials/item.html" .}}{{end}}{{end}}`),
		"templates/page.html":    file(`<nav>{{range .Nav}}{{template "partials/item.html" .}}{{end}}</nav><main>{{range .Children}}<li>{{.Title}}</li>{{end}}</main>`),
		"templates/home.html":    file(`{{range .Children}}<li>{{.Title}}{{range .Children}}<li>{{.Title}}</li>{{end}}</li>{{end}}`),
		"templates/section.html": file(`<nav>{{range .Nav}}{{template "partials/item.html" .}}{{end}}</nav><main>{{range .Children}}<li>{{.Title}}</li>{{end}}</main>`),
	}
	for i := 1; i <= n; i++ {
		fs[fmt.Sprintf("content/sec/p%03d.md", i)] = file(fmt.Sprintf("---\ntitle: P%d\nweight: %d\n---\nText %d.\n", i, i, i))
	}
	return fs
}

// A long section's sidebar shows the pages around the current one and
// links the rest to the section index, which lists every page.
func TestSidebarCollapsesLongSection(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{FS: longSection(200), Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	items := regexp.MustCompile(`<a href="/sec/p\d+/"`)
	cases := []struct {
		page       string
		first      string // first page listed
		before     string // the run left out before, "" for none
		after      string
		current    string
		listedWant int
	}{
		{"sec/p001/", "P1", "", "[189 more in Sec]", "P1", 11},
		{"sec/p100/", "P90", "[89 more in Sec]", "[90 more in Sec]", "P100", 21},
		{"sec/p200/", "P190", "[189 more in Sec]", "", "P200", 11},
	}
	for _, c := range cases {
		nav := read(t, out, c.page+"index.html")
		nav = nav[:strings.Index(nav, "</nav>")]
		if got := len(items.FindAllString(nav, -1)); got != c.listedWant {
			t.Errorf("%s: sidebar lists %d pages of the section, want %d\n%s", c.page, got, c.listedWant, nav)
		}
		if !strings.Contains(nav, `class="cur">`+c.current+`<`) {
			t.Errorf("%s: sidebar does not mark %s current", c.page, c.current)
		}
		secAt := strings.Index(nav, ">Sec</a>")
		rest := nav[secAt+len(">Sec</a>"):]
		if c.before != "" && !strings.HasPrefix(rest, c.before) {
			t.Errorf("%s: sidebar does not start the section with %q:\n%s", c.page, c.before, rest)
		}
		if !strings.Contains(rest, ">"+c.first+"</a>") {
			t.Errorf("%s: sidebar lacks %s", c.page, c.first)
		}
		if c.after != "" && !strings.HasSuffix(rest, c.after) {
			t.Errorf("%s: sidebar does not end the section with %q:\n%s", c.page, c.after, rest)
		}
		if c.after == "" && strings.Contains(rest, " more in ") && c.before == "" {
			t.Errorf("%s: sidebar leaves pages out of a list it shows whole", c.page)
		}
	}
	index := read(t, out, "sec/index.html")
	main := index[strings.Index(index, "<main>"):]
	if got := strings.Count(main, "<li>"); got != 200 {
		t.Errorf("the section index lists %d pages, want all 200", got)
	}
	if home := read(t, out, "index.html"); strings.Contains(home, "P1<") {
		t.Error("the home page's contents expand a long section; its index lists the pages")
	}

	// At the threshold the section is shown whole.
	out = filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{FS: longSection(50), Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	nav := read(t, out, "sec/p025/index.html")
	if got := len(items.FindAllString(nav, -1)); got != 50 || strings.Contains(nav, " more in ") {
		t.Errorf("a section of 50 pages lists %d of them in the sidebar, want all 50 with none left out", got)
	}
	if home := read(t, out, "index.html"); !strings.Contains(home, "<li>P50</li>") {
		t.Error("the home page's contents do not expand a section of 50 pages")
	}
}

// A full report past FullReportWarnSize builds, with a warning that says
// how to leave it out.
func TestFullReportSizeWarning(t *testing.T) {
	fs := longSection(3)
	fs["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Long\nlanguage: en-GB\nfull_report: all\n")}
	fs["templates/full.html"] = &fstest.MapFile{Data: []byte(`{{range .Chapters}}{{.Content}}{{end}}`)}
	// Pages are limited in size: three make the report big enough.
	big := strings.Repeat("A line of text that fills the one-page report up.\n\n", pipeline.FullReportWarnSize/150+1)
	for _, name := range []string{"p001", "p002", "p003"} {
		fs["content/sec/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: Big\n---\n" + big)}
	}
	res, err := pipeline.Build(pipeline.Options{FS: fs, Src: t.TempDir(), Out: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, w := range res.Warnings {
		if strings.Contains(w.Error(), "content/site.yaml: warning: the full report is one page of") &&
			strings.Contains(w.Error(), "remove full_report") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning about the full report's size; warnings: %v", res.Warnings)
	}
}

// A site with many top-level entries has its sidebar cut around the
// current chapter too, each run left out standing as one link to the
// contents on the home page: otherwise every page lists every chapter,
// and each page grows with the site.
func TestSidebarCollapsesLongTopLevel(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fs := longSection(0)
	delete(fs, "content/sec/_index.md")
	fs["templates/partials/item.html"] = file(`{{if .Hidden}}[{{.Hidden}} more{{if .Top}} in the contents at {{.URL}}{{end}}]{{else}}` +
		`<a href="{{.URL}}"{{if .Current}} class="cur"{{end}}>{{.Title}}</a>{{end}}`)
	for i := 1; i <= 120; i++ {
		fs[fmt.Sprintf("content/t%03d.md", i)] = file(fmt.Sprintf("---\ntitle: T%d\nweight: %d\n---\nText %d.\n", i, i, i))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{FS: fs, Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	items := regexp.MustCompile(`<a href="/t\d+/"`)
	for _, c := range []struct {
		page, nav string
		listed    int
	}{
		{"t001/", "<a", 11},
		{"t060/", "[49 more in the contents at /]", 21},
		{"t120/", "[109 more in the contents at /]", 11},
	} {
		nav := read(t, out, c.page+"index.html")
		nav = nav[:strings.Index(nav, "</nav>")]
		if got := len(items.FindAllString(nav, -1)); got != c.listed {
			t.Errorf("%s: sidebar lists %d chapters, want %d\n%s", c.page, got, c.listed, nav)
		}
		if !strings.HasPrefix(nav, "<nav>"+c.nav) {
			t.Errorf("%s: sidebar does not start with %q:\n%s", c.page, c.nav, nav)
		}
	}
	if nav := read(t, out, "t060/index.html"); !strings.Contains(nav, "<a href=\"/t070/\">T70</a>[50 more in the contents at /]</nav>") {
		t.Errorf("t060: sidebar does not end with the 50 chapters after T70 left out:\n%s", nav)
	}
	if home := read(t, out, "index.html"); strings.Count(home, "<li>") != 120 {
		t.Errorf("the home page's contents list %d chapters, want all 120", strings.Count(home, "<li>"))
	}
}
