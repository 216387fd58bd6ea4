package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"reportgen/generator/internal/markdown/ext/cite"

	"github.com/yuin/goldmark/ast"
)

func render(t *testing.T, e *Engine, src string, info *PageInfo) (string, *Doc) {
	t.Helper()
	d := e.Parse([]byte(src), info)
	var buf bytes.Buffer
	if err := e.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String(), d
}

func TestHeadingsOutlineAndPermalinks(t *testing.T) {
	e := New(Options{})
	html, d := render(t, e, "## Career path example 1\n\n### A *detail*\n\n## Career path example 1\n\n#### Deep\n", &PageInfo{})
	want := []Heading{
		{2, "career-path-example-1", "Career path example 1"},
		{3, "a-detail", "A detail"},
		{2, "career-path-example-1-2", "Career path example 1"},
	}
	if len(d.Outline) != len(want) {
		t.Fatalf("outline = %+v", d.Outline)
	}
	for i := range want {
		if d.Outline[i] != want[i] {
			t.Errorf("outline[%d] = %+v, want %+v", i, d.Outline[i], want[i])
		}
	}
	if !strings.Contains(html, `<h2 id="career-path-example-1">Career path example 1 <a class="anchor" href="#career-path-example-1" aria-label="Link to this section: Career path example 1">#</a></h2>`) {
		t.Errorf("heading without permalink:\n%s", html)
	}
}

func TestFullReportPrefixAndShift(t *testing.T) {
	e := New(Options{})
	html, d := render(t, e, "## Aims\n\nText[^1].\n\n[^1]: Note.\n", &PageInfo{IDPrefix: "methods--", HeadingShift: 1})
	for _, want := range []string{`<h3 id="methods--aims">`, `href="#methods--aims"`, `id="methods--fn:1"`, `href="#methods--fn:1"`} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %q:\n%s", want, html)
		}
	}
	if len(d.Outline) != 1 || d.Outline[0].Level != 3 {
		t.Errorf("outline = %+v", d.Outline)
	}
}

func TestBasePathRewritesRootRelativeLinks(t *testing.T) {
	e := New(Options{BasePath: "/reports/medce/"})
	html, _ := render(t, e, "[a](/methods/#x) [b](https://example.org/) [c](#local) [d](//cdn.example/x) ![i](/img/p.png)\n", &PageInfo{})
	for _, want := range []string{`href="/reports/medce/methods/#x"`, `href="https://example.org/"`, `href="#local"`, `href="//cdn.example/x"`, `src="/reports/medce/img/p.png"`} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %q:\n%s", want, html)
		}
	}
}

func TestTypographyAndTablesAndCode(t *testing.T) {
	e := New(Options{})
	src := "The 'keen amateurs' -- and \"others\"...\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nfunc main() {}\n```\n"
	html, _ := render(t, e, src, &PageInfo{})
	for _, want := range []string{"‘keen amateurs’ – and “others”…", "<table>", "<td>1</td>", `<pre class="chroma"><code>`, `<span class="kd">func</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "style=") {
		t.Errorf("highlighting wrote inline styles:\n%s", html)
	}
}

type oneRef struct{}

func (oneRef) Resolve(_ *ast.Document, key string) (cite.Target, bool) {
	return cite.Target{Author: "Ham", Year: "2008"}, key == "ham2008"
}

// Text is the one rule for the plain text of a tree: footnote marks and
// shortcodes left out, cells joined, citations as the page shows them.
func TestText(t *testing.T) {
	e := New(Options{})
	d := e.Parse([]byte("As shown [@ham2008].[^1] {{< stat x >}} <b>raw</b> <https://a.example/>\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.\n"), &PageInfo{})
	table := d.AST.FirstChild().NextSibling()
	if got, want := Text(d.AST.FirstChild(), d.Source, oneRef{}), "As shown (Ham, 2008). raw https://a.example/"; got != want {
		t.Errorf("Text(paragraph) = %q, want %q", got, want)
	}
	if got, want := Text(table, d.Source, nil), "A · B 1 · 2"; got != want {
		t.Errorf("Text(table) = %q, want %q", got, want)
	}
	if got, want := PlainText(d.AST.FirstChild(), d.Source), "As shown . raw https://a.example/"; got != want {
		t.Errorf("PlainText(paragraph) = %q, want %q", got, want)
	}
}

func TestPlainTextJoinsLines(t *testing.T) {
	e := New(Options{})
	d := e.Parse([]byte("## One\nline *two* `three`\n"), &PageInfo{})
	if got := PlainText(d.AST, d.Source); got != "One line two three" {
		t.Errorf("PlainText = %q", got)
	}
}

// Repeated headings get -2, -3, ... and skip ids already taken, however
// many there are; a run of identical headings costs linear time
// (BenchmarkIdenticalHeadings).
func TestRepeatedHeadingIDs(t *testing.T) {
	ids := newIDs("")
	ids.Put([]byte("h-3"))
	var got []string
	for i := 0; i < 4; i++ {
		got = append(got, string(ids.Generate([]byte("H"), 0)))
	}
	if want := "h h-2 h-4 h-5"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func BenchmarkIdenticalHeadings(b *testing.B) {
	for b.Loop() {
		ids := newIDs("")
		for i := 0; i < 8000; i++ {
			ids.Generate([]byte("H"), 0)
		}
	}
}

// squeeze collapses white space exactly as strings.Fields and a join do,
// Unicode spaces included.
func TestSqueeze(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "  a  b\t\tc\n", "a\u00a0b", "\u0085x\u2003y\u3000", "é  ü", "x \u00a0 ", "one·two  · three",
	} {
		if got, want := squeeze(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzSqueeze(f *testing.F) {
	f.Add("a  b\u00a0c ")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // page text is valid UTF-8
		}
		if got, want := squeeze(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", s, got, want)
		}
	})
}
