// Package refs loads the bibliography (content/references.yaml) and formats
// its entries.
package refs

import (
	"html"
	"io/fs"
	"regexp"
	"strconv"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/yamlfile"
)

// Entry is one reference. Text is the reference as printed, with *italics*.
type Entry struct {
	Key       string   `yaml:"key"`
	Short     string   `yaml:"short"`
	Year      int      `yaml:"year"`
	Type      string   `yaml:"type"`
	Text      string   `yaml:"text"`
	Authors   []string `yaml:"authors"`
	Title     string   `yaml:"title"`
	Container string   `yaml:"container"`
	Volume    string   `yaml:"volume"`
	Issue     string   `yaml:"issue"`
	Pages     string   `yaml:"pages"`
	Publisher string   `yaml:"publisher"`
	Place     string   `yaml:"place"`
}

// YearText is the year as written in citations.
func (e *Entry) YearText() string { return strconv.Itoa(e.Year) }

var emRe = regexp.MustCompile(`\*([^*]+)\*`)

// HTML renders Text with its *italics* as <em>.
func (e *Entry) HTML() string {
	return emRe.ReplaceAllString(html.EscapeString(e.Text), "<em>$1</em>")
}

// Bibliography is the loaded list, in the order of the file.
type Bibliography struct {
	Entries []*Entry
	byKey   map[string]*Entry
}

// Get finds an entry by key.
func (b *Bibliography) Get(key string) (*Entry, bool) {
	if b == nil {
		return nil, false
	}
	e, ok := b.byKey[key]
	return e, ok
}

// Load reads path from fsys. A missing file is an empty bibliography.
func Load(fsys fs.FS, path string) (*Bibliography, *diag.List) {
	var errs diag.List
	b := &Bibliography{byKey: map[string]*Entry{}}
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return b, &errs
	}
	if l := yamlfile.Decode(path, src, &b.Entries); l.Len() > 0 {
		return b, l
	}
	for i, e := range b.Entries {
		where := "entry " + strconv.Itoa(i+1)
		switch {
		case e.Key == "":
			errs.Add(diag.Errorf(path, 0, 0, "%s has no key", where).WithHint("add key: surname2010"))
		case e.Short == "" || e.Year == 0 || e.Text == "":
			errs.Add(diag.Errorf(path, 0, 0, "reference %q needs short, year and text", e.Key).
				WithHint("short is the author form used in citations, e.g. short: Ham and Dickinson"))
		}
		if _, dup := b.byKey[e.Key]; dup {
			errs.Add(diag.Errorf(path, 0, 0, "reference key %q is used twice", e.Key).WithHint("keys must be unique"))
		}
		b.byKey[e.Key] = e
	}
	return b, &errs
}
