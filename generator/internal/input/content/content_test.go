package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func page(title string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nText.\n")}
}

func TestLoadOrdersAndNests(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":             page("Home"),
		"content/02-methods.md":         page("Methods"),
		"content/01-foreword.md":        page("Foreword"),
		"content/10-references.md":      page("References"),
		"content/03-findings/_index.md": page("The Findings"),
		"content/03-findings/02-b.md":   page("Second theme"),
		"content/03-findings/01-a.md":   page("First theme"),
		"content/03-findings/deep/x.md": page("Deep page"),
		"content/data/appendix.csv":     {Data: []byte("a,b\n")},
		"content/draft.md":              {Data: []byte("---\ntitle: Draft\ndraft: true\n---\n")},
		"content/.hidden.md":            page("Hidden"),
		"content/weighted.md":           {Data: []byte("---\ntitle: Weighted\nweight: 5\n---\n")},
	}
	tree, errs := Load(fsys, "content", false)
	if errs.HasErrors(false) {
		t.Fatal(errs)
	}
	var got []string
	for _, p := range tree.Pages {
		got = append(got, p.URL)
	}
	want := []string{
		"/foreword/", "/methods/", "/findings/", "/findings/a/", "/findings/b/",
		"/findings/deep/", "/findings/deep/x/", "/weighted/", "/references/",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("reading order\n got %v\nwant %v", got, want)
	}
	if tree.Home.Meta.Title != "Home" {
		t.Errorf("home title %q", tree.Home.Meta.Title)
	}
	// Every page, home first: the order every phase walks the site in.
	all := tree.All()
	if len(all) != len(tree.Pages)+1 || all[0] != tree.Home || all[1] != tree.Pages[0] || all[len(all)-1] != tree.Pages[len(tree.Pages)-1] {
		t.Errorf("All() = %d pages starting %v, want home then the %d pages", len(all), all[0].URL, len(tree.Pages))
	}
	findings := tree.ByURL("/findings/")
	if findings == nil || !findings.IsSection() || findings.Meta.Title != "The Findings" || len(findings.Children) != 3 {
		t.Fatalf("findings section = %+v", findings)
	}
	deep := tree.ByURL("/findings/deep/")
	if deep.Meta.Title != "Deep" || deep.Depth() != 1 {
		t.Errorf("section without _index.md: title %q depth %d", deep.Meta.Title, deep.Depth())
	}
	if tree.ByURL("/draft/") != nil {
		t.Error("draft page was published")
	}
	if tree.ByURL("/data/") != nil {
		t.Error("a folder with no markdown became a section")
	}
	for i, p := range tree.Pages {
		if p.Order != i {
			t.Errorf("%s has order %d at index %d", p.URL, p.Order, i)
		}
	}
}

func TestDraftsIncludedOnRequest(t *testing.T) {
	fsys := fstest.MapFS{"content/draft.md": {Data: []byte("---\ntitle: Draft\ndraft: true\n---\n")}}
	tree, _ := Load(fsys, "content", true)
	if tree.ByURL("/draft/") == nil {
		t.Error("draft missing with drafts included")
	}
}

func TestDuplicateURL(t *testing.T) {
	fsys := fstest.MapFS{
		"content/01-methods.md": page("Methods"),
		"content/02-other.md":   {Data: []byte("---\ntitle: Other\nslug: methods\n---\n")},
	}
	_, errs := Load(fsys, "content", false)
	if !errs.HasErrors(false) {
		t.Fatal("duplicate URL accepted")
	}
	// The error points at the slug that made the URL collide.
	want := "content/02-other.md:3:7: page URL /methods/ is already used by content/01-methods.md"
	if !strings.Contains(errs.Error(), want) {
		t.Errorf("got %q, want %q", errs.Error(), want)
	}
	// Without a slug, the file name made the URL: the error points at the
	// file.
	fsys["content/02-other.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Other\n---\n")}
	fsys["content/03-methods.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Other\n---\n")}
	_, errs = Load(fsys, "content", false)
	if want := "content/03-methods.md:1:1: page URL /methods/ is already used by content/01-methods.md"; !strings.Contains(errs.Error(), want) {
		t.Errorf("got %q, want %q", errs.Error(), want)
	}
}

func TestAllFrontMatterErrorsReported(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitel: A\n---\n")},
		"content/b.md": {Data: []byte("---\ntitle: [\n---\n")},
	}
	_, errs := Load(fsys, "content", false)
	if errs.Len() != 2 {
		t.Fatalf("want both files' errors, got %d: %v", errs.Len(), errs)
	}
}

// A page far larger than any chapter is refused before it is read.
func TestOversizedPage(t *testing.T) {
	big := make([]byte, MaxPageBytes+1)
	for i := range big {
		big[i] = 'a'
	}
	fsys := fstest.MapFS{
		"content/01-ok.md":  page("OK"),
		"content/02-big.md": {Data: big},
		"content/03-max.md": {Data: big[:MaxPageBytes]},
	}
	tree, errs := Load(fsys, "content", false)
	want := "content/02-big.md: file is 4.0 MB, more than a page may hold (4 MB); split it into several pages"
	if !strings.Contains(errs.Error(), want) {
		t.Errorf("got %q, want %q", errs.Error(), want)
	}
	if strings.Contains(errs.Error(), "03-max.md: file is") {
		t.Error("a page of exactly the limit was refused")
	}
	if tree.ByURL("/ok/") == nil {
		t.Error("the other pages were not loaded")
	}
}
