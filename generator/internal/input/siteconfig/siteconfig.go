// Package siteconfig reads content/site.yaml, the report's metadata.
package siteconfig

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/yamlfile"

	"gopkg.in/yaml.v3"
)

// Author is one author of the report.
type Author struct {
	Name        string `yaml:"name"`
	Role        string `yaml:"role"`
	Affiliation string `yaml:"affiliation"`
	// Family and Given name parts, for citation formats (BibTeX, RIS,
	// citation_author); derived from Name when empty.
	Family string `yaml:"family"`
	Given  string `yaml:"given"`
	// Organisation marks a corporate author ("The Go Authors"): cited by
	// its whole name, never as "Authors, T.", and typed Organization in
	// the page's metadata.
	Organisation bool `yaml:"organisation"`
}

// Site is the site-wide metadata.
type Site struct {
	Title string `yaml:"title"`
	// ShortTitle is the site's name in the header, where the full title
	// would not fit a phone; the title is used when it is empty.
	ShortTitle  string   `yaml:"short_title"`
	Subtitle    string   `yaml:"subtitle"`
	Description string   `yaml:"description"`
	Authors     []Author `yaml:"authors"`
	Publisher   string   `yaml:"publisher"`
	Publishers  []string `yaml:"publishers"`
	Date        string   `yaml:"date"` // ISO date, e.g. 2010-04-01
	DateText    string   `yaml:"date_text"`
	ISBN        string   `yaml:"isbn"`
	Copyright   string   `yaml:"copyright"`
	Language    string   `yaml:"language"`
	BaseURL     string   `yaml:"base_url"`
	// FullReport names the URL slug of the one-page full report; empty
	// turns it off (large synthetic sites do not want it).
	FullReport string `yaml:"full_report"`
	// CiteKey is the key used in the BibTeX and RIS downloads.
	CiteKey string `yaml:"cite_key"`
	// Dataset names the default dataset of charts, tables and statistics
	// that name none; with one dataset it may be left out.
	Dataset string `yaml:"dataset"`
	// DatasetLine is the line of the dataset: key, for messages.
	DatasetLine int `yaml:"-"`
	// Strings replace the theme's fixed words ("contents": "Contents")
	// for this site; the language's built-in table gives the rest.
	Strings map[string]string `yaml:"strings"`
	// StringsLine is the line of the strings: key, for messages.
	StringsLine int `yaml:"-"`
	// Edition says what this website is as an edition of the publication.
	Edition Edition `yaml:"edition"`
	// Flows configures the flow diagrams of steps with evidence.
	Flows Flows `yaml:"flows"`
}

// Edition describes this edition of the publication: when it was made and
// from what. The words that label its additions are theme strings
// (edition_added, ...), which strings: may replace.
type Edition struct {
	// Date is the edition's ISO date; DateText how pages show it.
	Date     string `yaml:"date"`
	DateText string `yaml:"date_text"`
	// Source names what the edition was made from.
	Source string `yaml:"source"`
}

// Flows configures flow diagrams: where their files are and the words
// their links use.
type Flows struct {
	// Dir is the folder under content/ holding one flow per YAML file
	// (default "flows").
	Dir string `yaml:"dir"`
	// Back is read out after a back-link's visible label, from a sentence
	// to the step resting on it (default "back to the diagram").
	Back string `yaml:"back"`
}

// Load reads path from fsys.
func Load(fsys fs.FS, path string) (*Site, *diag.List) {
	var errs diag.List
	src, err := yamlfile.Read(fsys, path)
	if e := yamlfile.TooBig(path, err); e != nil {
		errs.Add(e)
		return nil, &errs
	}
	if err != nil {
		e := diag.Errorf(path, 0, 0, "cannot read site metadata: %v", unwrap(err)).
			WithHint("create content/site.yaml with at least title and language")
		if !errors.Is(err, fs.ErrNotExist) {
			e.Hint = "check the file's permissions"
		}
		errs.Add(e)
		return nil, &errs
	}
	s := &Site{}
	if l := yamlfile.Decode(path, src, s); l.Len() > 0 {
		return nil, l
	}
	s.StringsLine = lineOf(src, "strings:")
	s.DatasetLine = lineOf(src, "dataset:")
	// publisher: is the one publisher, or the first of publishers:; it is
	// never ignored.
	switch {
	case s.Publisher != "" && len(s.Publishers) == 0:
		s.Publishers = []string{s.Publisher}
	case s.Publisher == "" && len(s.Publishers) > 0:
		s.Publisher = s.Publishers[0]
	case s.Publisher != "" && s.Publisher != s.Publishers[0]:
		errs.Add(diag.Errorf(path, lineOf(src, "publisher:"), 1, "publisher %q is not the first of publishers", s.Publisher).
			WithHint("give one publisher with publisher:, or several with publishers: (the first is the main one), not both"))
	}
	if s.Title == "" {
		errs.Add(diag.Errorf(path, 1, 1, "site title is missing").WithHint(`add title: "…"`))
	}
	// A date in another form went into the page metadata, the citation
	// files and the date in words as written, or as nothing.
	for _, d := range []struct {
		name, value string
		keys        []string
	}{{"date", s.Date, []string{"date"}}, {"edition date", s.Edition.Date, []string{"edition", "date"}}} {
		if d.value != "" && !IsDate(d.value) {
			line, col := valuePos(src, d.keys...)
			errs.Add(diag.Errorf(path, line, col, "%s %q is not a date", d.name, d.value).
				WithHint(`write the year, year and month, or full date as digits: "2010", "2010-04" or "2010-04-01"`))
		}
	}
	if s.ShortTitle == "" {
		s.ShortTitle = s.Title
	}
	if s.Language == "" {
		s.Language = "en"
	}
	if s.Flows.Dir == "" {
		s.Flows.Dir = "flows"
	} else if d := s.Flows.Dir; !fs.ValidPath(d) || d == "." || strings.Contains(d, "/") || strings.HasPrefix(d, ".") {
		// One folder directly under content/, named as it is used: no
		// way out of content/, no hidden folder, no second spelling.
		line := 1 + strings.Count(string(src[:max(0, strings.Index(string(src), "dir:"))]), "\n")
		errs.Add(diag.Errorf(path, line, 1, "flows dir %q is not a folder name under content/", d).
			WithHint("give the name of one folder inside content/, such as dir: flows"))
	}
	if s.Flows.Back == "" {
		s.Flows.Back = "back to the diagram"
	}
	for i := range s.Authors {
		a := &s.Authors[i]
		if a.Organisation {
			if a.Family != "" || a.Given != "" {
				errs.Add(diag.Errorf(path, lineOf(src, "family:", "given:"), 1, "author %q is an organisation, which has no family or given name", a.Name).
					WithHint("remove family: and given:, or organisation: true"))
			}
			a.Family, a.Given = a.Name, ""
			continue
		}
		if a.Family == "" {
			parts := strings.Fields(a.Name)
			if len(parts) > 0 {
				a.Family = parts[len(parts)-1]
				a.Given = strings.Join(parts[:len(parts)-1], " ")
			}
		}
	}
	return s, &errs
}

// unwrap drops the "open path:" prefix the message would repeat.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lineOf is the line of the first top-level or nested line starting with
// one of keys, for messages; 0 when there is none.
func lineOf(src []byte, keys ...string) int {
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimLeft(line, " -")
		for _, k := range keys {
			if strings.HasPrefix(t, k) {
				return i + 1
			}
		}
	}
	return 0
}

// dateLayouts are the forms a date may take: year, year and month, day.
var dateLayouts = []string{"2006", "2006-01", "2006-01-02"}

// IsDate reports whether v is a date the site can print and cite: a real
// year, month or day written as ISO 8601 digits.
func IsDate(v string) bool {
	for _, l := range dateLayouts {
		if len(v) == len(l) {
			if _, err := time.Parse(l, v); err == nil {
				return true
			}
		}
	}
	return false
}

// valuePos is the line and column of the value at keys (nested mappings)
// in the YAML file src; 0, 0 when it is not there.
func valuePos(src []byte, keys ...string) (line, col int) {
	var root yaml.Node
	if yaml.Unmarshal(src, &root) != nil || len(root.Content) == 0 {
		return 0, 0
	}
	n := root.Content[0]
	for _, k := range keys {
		var next *yaml.Node
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return 0, 0
		}
		n = next
	}
	return n.Line, n.Column
}
