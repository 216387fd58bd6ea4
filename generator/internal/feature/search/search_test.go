package search_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"reportgen/generator/internal/feature/search"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"

	"github.com/yuin/goldmark/ast"
)

type fakeRefs map[string]cite.Target

func (f fakeRefs) Resolve(_ *ast.Document, key string) (cite.Target, bool) {
	v, ok := f[key]
	return v, ok
}

func TestSections(t *testing.T) {
	src := "Intro with 'quotes' -- and [@ham2008] text.\n" +
		"\n## First *section*\n\nPara one\ncontinues, see @fig:age.\n\n- item a\n- item b\n\n" +
		"| A | B |\n|---|---|\n| 1 | 2 |\n\n```go\nhidden code\n```\n\n<div>raw html</div>\n\n" +
		"## Second\n\n{{< stat x >}} after [own words](cite:ham2008).\n\n## Empty\n"
	doc := markdown.New(markdown.Options{}).Parse([]byte(src), &markdown.PageInfo{})
	refs := fakeRefs{"ham2008": {Author: "Ham and Dickinson", Year: "2008"}, "fig:age": {Label: "Figure 3"}}
	got := search.Sections(doc.AST, doc.Source, refs)
	want := []search.Section{
		{Text: "Intro with ‘quotes’ – and (Ham and Dickinson, 2008) text."},
		{Anchor: "first-section", Heading: "First section",
			Text: "Para one continues, see Figure 3.\nitem a\nitem b\nA · B\n1 · 2"},
		{Anchor: "second", Heading: "Second", Text: "after own words."},
		{Anchor: "empty", Heading: "Empty"},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("sections:\n%s\nwant:\n%s", g, w)
	}
}

// The index written by a real build lists every page in reading order,
// with URLs under the base path.
func TestWriteUnderSubPath(t *testing.T) {
	fsys := sitetest.Load(t, "testdata/site.txtar")
	out := filepath.Join(t.TempDir(), "public")
	_, err := pipeline.Build(pipeline.Options{FS: fsys, Src: t.TempDir(), Out: out,
		BaseURL: "https://example.org/sub/", Features: []pipeline.Feature{search.New()}})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(sitetest.Read(t, out, search.IndexPath))
	var ix search.Index
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatalf("index is not JSON: %v", err)
	}
	wantPages := []search.Page{{"Home", "/sub/"}, {"One", "/sub/one/"}, {"Two", "/sub/two/"}, {"X", "/sub/two/x/"}}
	if !reflect.DeepEqual(ix.Pages, wantPages) {
		t.Errorf("pages = %+v, want %+v", ix.Pages, wantPages)
	}
	wantSections := []search.Section{
		{Page: 0, Text: "Welcome home."},
		{Page: 1, Text: "First."},
		{Page: 1, Anchor: "part-a", Heading: "Part A", Text: "Alpha words."},
		{Page: 2}, // no text, found by its title
		{Page: 3, Text: "Ex."},
	}
	if !reflect.DeepEqual(ix.Sections, wantSections) {
		t.Errorf("sections = %+v, want %+v", ix.Sections, wantSections)
	}
}
