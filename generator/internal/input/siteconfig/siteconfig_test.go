package siteconfig

import (
	"strings"
	"testing"
	"testing/fstest"
)

func load(src string) (*Site, string) {
	s, errs := Load(fstest.MapFS{"content/site.yaml": {Data: []byte(src)}}, "content/site.yaml")
	if errs != nil && errs.Len() > 0 {
		return s, errs.Items()[0].Error()
	}
	return s, ""
}

func TestDefaults(t *testing.T) {
	s, err := load("title: A Report\nauthors:\n  - name: Chris Ham\n  - name: Kirsten Armit\n")
	if err != "" {
		t.Fatal(err)
	}
	if s.ShortTitle != "A Report" || s.Language != "en" {
		t.Errorf("short title %q, language %q", s.ShortTitle, s.Language)
	}
	if a := s.Authors[0]; a.Family != "Ham" || a.Given != "Chris" {
		t.Errorf("author name parts %+v", a)
	}
}

func TestErrors(t *testing.T) {
	for src, want := range map[string]string{
		"title: A\ntitel: B\n":   "content/site.yaml:2:",
		"language: en-GB\n":      "content/site.yaml:1:1: site title is missing",
		"title: [A\nlanguage: x": "content/site.yaml:1:",
	} {
		if _, err := load(src); !strings.HasPrefix(err, want) {
			t.Errorf("%q: got %q, want %s…", src, err, want)
		}
	}
	if _, errs := Load(fstest.MapFS{}, "content/site.yaml"); errs.Len() != 1 ||
		!strings.Contains(errs.Items()[0].Error(), "create content/site.yaml") {
		t.Errorf("missing file: %v", errs)
	}
}

// publisher: alone is the one publisher; beside publishers: it must be the
// first of them; it is never ignored.
func TestPublisher(t *testing.T) {
	s, err := load("title: A\npublisher: Press One\n")
	if err != "" || len(s.Publishers) != 1 || s.Publishers[0] != "Press One" {
		t.Errorf("publisher alone: %v, %q", s.Publishers, err)
	}
	s, err = load("title: A\npublishers: [Press One, Press Two]\n")
	if err != "" || s.Publisher != "Press One" {
		t.Errorf("publishers alone: %q, %q", s.Publisher, err)
	}
	if _, err = load("title: A\npublisher: Press Three\npublishers: [Press One, Press Two]\n"); !strings.HasPrefix(err, "content/site.yaml:2:1: publisher") {
		t.Errorf("a publisher not among publishers: %q", err)
	}
}

// An organisation is cited by its whole name.
func TestOrganisationAuthor(t *testing.T) {
	s, err := load("title: A\nauthors:\n  - name: The Go Authors\n    organisation: true\n  - name: Ada Lovelace\n")
	if err != "" {
		t.Fatal(err)
	}
	if a := s.Authors[0]; a.Family != "The Go Authors" || a.Given != "" {
		t.Errorf("organisation split into %+v", a)
	}
	if a := s.Authors[1]; a.Family != "Lovelace" || a.Given != "Ada" {
		t.Errorf("person %+v", a)
	}
}
