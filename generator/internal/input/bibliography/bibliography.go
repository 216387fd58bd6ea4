// Package bibliography loads the bibliography (content/references.yaml) and formats
// its entries.
package bibliography

import (
	"errors"
	"html"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/yamlfile"

	"gopkg.in/yaml.v3"
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

// HTML renders Text with its *italics* as <em> and its straight quotes
// curly, as the typographer makes them in the chapters.
func (e *Entry) HTML() string {
	return emRe.ReplaceAllString(html.EscapeString(curlyQuotes(e.Text)), "<em>$1</em>")
}

// curlyQuotes turns ' into ‘ where it opens a quotation (at the start or
// after a space or bracket) and into ’ elsewhere (closing, apostrophe).
func curlyQuotes(s string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		if r == '\'' {
			if prev == ' ' || prev == '(' || prev == '[' {
				r = '‘'
			} else {
				r = '’'
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
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

// entryLines returns the line on which each list entry starts.
func entryLines(src []byte) []int {
	var root yaml.Node
	if yaml.Unmarshal(src, &root) != nil || len(root.Content) == 0 {
		return nil
	}
	var lines []int
	for _, n := range root.Content[0].Content {
		lines = append(lines, n.Line)
	}
	return lines
}

// Load reads path from fsys. A missing file is an empty bibliography.
func Load(fsys fs.FS, path string) (*Bibliography, *diag.List) {
	var errs diag.List
	b := &Bibliography{byKey: map[string]*Entry{}}
	src, err := yamlfile.Read(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		return b, &errs // a site without references
	}
	if e := yamlfile.TooBig(path, err); e != nil {
		errs.Add(e)
		return b, &errs
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		errs.Add(diag.Errorf(path, 0, 0, "cannot read the bibliography: %v", err).
			WithHint("check the file's permissions"))
		return b, &errs
	}
	if l := yamlfile.Decode(path, src, &b.Entries); l.Len() > 0 {
		return b, l
	}
	lines := entryLines(src)
	for i, e := range b.Entries {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		where := "entry " + strconv.Itoa(i+1)
		switch {
		case e.Key == "":
			errs.Add(diag.Errorf(path, line, 1, "%s has no key", where).WithHint("add key: surname2010"))
		case e.Short == "" || e.Year == 0 || e.Text == "":
			errs.Add(diag.Errorf(path, line, 1, "reference %q needs short, year and text", e.Key).
				WithHint("short is the author form used in citations, e.g. short: Smith and Jones"))
		}
		if _, dup := b.byKey[e.Key]; dup {
			errs.Add(diag.Errorf(path, line, 1, "reference key %q is used twice", e.Key).WithHint("keys must be unique"))
		}
		b.byKey[e.Key] = e
	}
	return b, &errs
}
