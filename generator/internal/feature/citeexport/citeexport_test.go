package citeexport_test

import (
	"path/filepath"
	"strings"
	"testing"

	"reportgen/generator/internal/feature/citeexport"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

func report() *siteconfig.Site {
	return &siteconfig.Site{
		Title: "Medical Chief Executives in the NHS: Facilitators & Barriers",
		Authors: []siteconfig.Author{
			{Name: "Chris Ham", Family: "Ham", Given: "Chris"},
			{Name: "Helen Dickinson", Family: "Dickinson", Given: "Helen"},
		},
		Publishers: []string{"NHS Institute for Innovation and Improvement", "Academy of Medical Royal Colleges"},
		Date:       "2010-04",
		ISBN:       "978-1-907045-89-9",
		Language:   "en-GB",
	}
}

func TestBibTeX(t *testing.T) {
	got := citeexport.BibTeX(report(), "https://example.org/r/")
	want := `@techreport{ham2010medical,
  author      = {Ham, Chris and Dickinson, Helen},
  title       = {{Medical Chief Executives in the NHS: Facilitators \& Barriers}},
  institution = {NHS Institute for Innovation and Improvement and Academy of Medical Royal Colleges},
  type        = {Report},
  year        = {2010},
  month       = apr,
  isbn        = {978-1-907045-89-9},
  language    = {en-GB},
  url         = {https://example.org/r/}
}
`
	if got != want {
		t.Errorf("BibTeX:\n%s\nwant:\n%s", got, want)
	}
}

func TestRIS(t *testing.T) {
	c := report()
	c.Date = "2010"
	got := citeexport.RIS(c, "")
	want := strings.Join([]string{
		"TY  - RPRT",
		"AU  - Ham, Chris",
		"AU  - Dickinson, Helen",
		"TI  - Medical Chief Executives in the NHS: Facilitators & Barriers",
		"PY  - 2010",
		"DA  - 2010///",
		"PB  - NHS Institute for Innovation and Improvement",
		"PB  - Academy of Medical Royal Colleges",
		"SN  - 978-1-907045-89-9",
		"LA  - en-GB",
		"ER  - ",
		"",
	}, "\r\n")
	if got != want {
		t.Errorf("RIS:\n%q\nwant:\n%q", got, want)
	}
}

func TestKey(t *testing.T) {
	c := report()
	if k := citeexport.Key(c); k != "ham2010medical" {
		t.Errorf("derived key = %q", k)
	}
	c.CiteKey = "mine"
	if k := citeexport.Key(c); k != "mine" {
		t.Errorf("cite_key not used: %q", k)
	}
}

// Without an absolute base URL the files carry no URL: the report has none
// to give.
func TestWriteWithoutHost(t *testing.T) {
	fsys := sitetest.Load(t, "testdata/site.txtar")
	for _, base := range []string{"/sub/", "https://example.org/sub/"} {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := pipeline.Build(pipeline.Options{FS: fsys, Src: t.TempDir(), Out: out, BaseURL: base,
			Features: []pipeline.Feature{citeexport.New()}}); err != nil {
			t.Fatal(err)
		}
		bib, ris := sitetest.Read(t, out, citeexport.BibTeXPath), sitetest.Read(t, out, citeexport.RISPath)
		hasURL := strings.Contains(bib, "url ") || strings.Contains(ris, "UR  -")
		if wantURL := strings.HasPrefix(base, "http"); hasURL != wantURL {
			t.Errorf("base %s: URL in the files = %v, want %v\n%s\n%s", base, hasURL, wantURL, bib, ris)
		}
		if !strings.Contains(bib, "author      = {Smith, Ann}") {
			t.Errorf("author not split into family and given names:\n%s", bib)
		}
	}
}
