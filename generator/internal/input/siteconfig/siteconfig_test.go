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
