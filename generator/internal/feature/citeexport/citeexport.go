// Package citeexport writes the report's own citation as files a reference
// manager imports: BibTeX (cite/report.bib) and RIS (cite/report.ris), made
// from the metadata in content/site.yaml and nothing else.
package citeexport

import (
	"fmt"
	"strings"
	"unicode"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/pipeline"
)

// Paths of the files written, below the output root; templates link to
// them.
const (
	BibTeXPath = "cite/report.bib"
	RISPath    = "cite/report.ris"
)

// Feature adds the citation downloads to a build.
type Feature struct{}

// New returns the feature.
func New() *Feature { return &Feature{} }

// Load has nothing of its own to read; site.yaml is loaded by the build.
func (*Feature) Load(pipeline.Inputs) *diag.List { return &diag.List{} }

// Markdown adds nothing to the markdown engine.
func (*Feature) Markdown(*markdown.Options) {}

// Reserve names both files.
func (*Feature) Reserve(pipeline.Inputs) []string { return []string{BibTeXPath, RISPath} }

// Write writes both files. url is the report's address when the site has
// an absolute base URL; without one the files carry no URL rather than a
// made-up one.
func (*Feature) Write(s pipeline.Parsed, out *pipeline.Output) *diag.List {
	var errs diag.List
	url := s.Abs("/")
	if !strings.HasPrefix(url, "http") {
		url = ""
	}
	for path, data := range map[string]string{
		BibTeXPath: BibTeX(s.Config(), url),
		RISPath:    RIS(s.Config(), url),
	} {
		if err := out.WriteFile(path, []byte(data)); err != nil {
			errs.AddErr("write", path, err)
		}
	}
	return &errs
}

// Key is the BibTeX key: cite_key from site.yaml, or first author's family
// name, year and first long word of the title ("ham2010medical").
func Key(c *siteconfig.Site) string {
	if c.CiteKey != "" {
		return c.CiteKey
	}
	var b strings.Builder
	if len(c.Authors) > 0 {
		b.WriteString(asciiLower(c.Authors[0].Family))
	}
	b.WriteString(year(c.Date))
	for _, w := range strings.Fields(c.Title) {
		if w := asciiLower(w); len(w) > 3 {
			b.WriteString(w)
			break
		}
	}
	if b.Len() == 0 {
		return "report"
	}
	return b.String()
}

// BibTeX is the report as a @techreport entry (what BibTeX calls a report
// published by an institution); isbn and language are read by biblatex
// and reference managers and ignored by plain BibTeX.
func BibTeX(c *siteconfig.Site, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@techreport{%s,\n", Key(c))
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %-11s = {%s},\n", name, value)
		}
	}
	var authors []string
	for _, a := range c.Authors {
		if a.Given != "" {
			authors = append(authors, bibEscape(a.Family)+", "+bibEscape(a.Given))
		} else {
			authors = append(authors, "{"+bibEscape(a.Name)+"}")
		}
	}
	field("author", strings.Join(authors, " and "))
	// Double braces keep the title's capitals as printed: BibTeX styles
	// otherwise lower-case them, acronyms included.
	field("title", "{"+bibEscape(c.Title)+"}")
	field("institution", bibEscape(strings.Join(publishers(c), " and ")))
	field("type", "Report")
	field("year", year(c.Date))
	if m := month(c.Date); m != "" {
		fmt.Fprintf(&b, "  %-11s = %s,\n", "month", m)
	}
	field("isbn", c.ISBN)
	field("language", c.Language)
	field("url", url)
	s := strings.TrimSuffix(b.String(), ",\n")
	return s + "\n}\n"
}

// RIS is the report as a RIS record (type RPRT). RIS lines end in CR LF.
func RIS(c *siteconfig.Site, url string) string {
	var b strings.Builder
	tag := func(t, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s  - %s\r\n", t, oneLine(value))
		}
	}
	tag("TY", "RPRT")
	for _, a := range c.Authors {
		if a.Given != "" {
			tag("AU", a.Family+", "+a.Given)
		} else {
			tag("AU", a.Name)
		}
	}
	tag("TI", c.Title)
	tag("PY", year(c.Date))
	if y := year(c.Date); y != "" {
		parts := strings.SplitN(c.Date, "-", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		tag("DA", y+"/"+parts[1]+"/"+parts[2]+"/")
	}
	for _, p := range publishers(c) {
		tag("PB", p)
	}
	tag("SN", c.ISBN)
	tag("LA", c.Language)
	tag("UR", url)
	b.WriteString("ER  - \r\n")
	return b.String()
}

func publishers(c *siteconfig.Site) []string {
	if len(c.Publishers) > 0 {
		return c.Publishers
	}
	if c.Publisher != "" {
		return []string{c.Publisher}
	}
	return nil
}

func year(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}

// month is BibTeX's month macro ("apr") for an ISO date "2010-04".
func month(date string) string {
	if len(date) < 7 || date[4] != '-' {
		return ""
	}
	names := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	var m int
	if _, err := fmt.Sscanf(date[5:7], "%d", &m); err != nil || m < 1 || m > 12 {
		return ""
	}
	return names[m-1]
}

// bibEscape protects the characters BibTeX treats specially.
func bibEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`, "_", `\_`)
	return r.Replace(s)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
