package cite_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// table resolves the keys the spec uses.
type table map[string]cite.Target

func (t table) Resolve(_ *ast.Document, key string) (cite.Target, bool) {
	v, ok := t[key]
	return v, ok
}

var refs = table{
	"ham2008":        {Author: "Ham and Dickinson", Year: "2008", Href: "/references/#ref-ham2008"},
	"montgomery2001": {Author: "Montgomery", Year: "2001", Href: "/references/#ref-montgomery2001"},
	"hoff1998":       {Author: "Hoff", Year: "1998", Href: "/references/#ref-hoff1998"},
	"hoff2001":       {Author: "Hoff", Year: "2001", Href: "/references/#ref-hoff2001"},
	"fig:age":        {Label: "Figure 3", Href: "/methods/#fig-age"},
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Footnote, extension.Linkify, cite.Extension{Resolver: refs}))
}

func TestSpec(t *testing.T) {
	md := newMarkdown()
	spectest.Run(t, "testdata/cite.txt", func(t *testing.T, input string) string {
		var buf bytes.Buffer
		if err := md.Convert([]byte(input), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	})
}

// Citations record where they stand so the build can report an unknown key
// at its line and column.
func TestOffsets(t *testing.T) {
	src := []byte("First line.\n\nSee [@ham2008] and @montgomery2001 and [x](cite:hoff1998).\n")
	doc := newMarkdown().Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	var got []string
	cite.Walk(doc, func(c *cite.Citation) {
		got = append(got, string(src[c.Offset:c.Offset+2]))
	})
	want := []string{"[@", "@m", "[x"}
	if len(got) != len(want) {
		t.Fatalf("found %d citations, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("citation %d starts at %q, want %q", i, got[i], want[i])
		}
	}
}

// What the page shows and what the search index keeps of a citation are
// one rule (Read): the rendered link text, tags removed, is Words.String.
func TestPageAndTextAgree(t *testing.T) {
	md := newMarkdown()
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, src := range []string{
		"[@ham2008]", "[@hoff1998; @hoff2001]", "[-@ham2008]", "[-@hoff1998; @hoff2001]",
		"@montgomery2001", "@fig:age", "[@fig:age; @fig:age]", "[-@fig:age]", "[@nosuch]",
	} {
		var buf bytes.Buffer
		if err := md.Convert([]byte(src+"\n"), &buf); err != nil {
			t.Fatal(err)
		}
		page := strings.TrimSuffix(strings.TrimPrefix(tags.ReplaceAllString(buf.String(), ""), ""), "\n")
		doc := md.Parser().Parse(text.NewReader([]byte(src + "\n")))
		var got []string
		cite.Walk(doc, func(c *cite.Citation) {
			w, _, _ := cite.Read(c, refs)
			got = append(got, w.String())
		})
		if len(got) != 1 || got[0] != page {
			t.Errorf("%s: text %q, page shows %q", src, got, page)
		}
	}
}
