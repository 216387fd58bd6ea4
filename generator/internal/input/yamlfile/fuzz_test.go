package yamlfile

import (
	"bytes"
	"testing"
)

// fuzzSite has the shapes of the site's YAML files: scalars of each type,
// lists and nested entries.
type fuzzSite struct {
	Title   string `yaml:"title"`
	Year    int    `yaml:"year"`
	Draft   bool   `yaml:"draft"`
	Authors []struct {
		Name string `yaml:"name"`
		Role string `yaml:"role"`
	} `yaml:"authors"`
	Tags  []string          `yaml:"tags"`
	Extra map[string]string `yaml:"extra"`
}

// FuzzDecode: no input panics, and every diagnostic points inside the file
// and says what would be right.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"title: A\nyear: 2010\ndraft: true\nauthors:\n  - name: Ham\n    role: x\ntags: [a, b]\nextra:\n  k: v\n",
		"title: [a\n", "title: \"a\n", "title: a: b\n", "tags:\n  - a\n - b\n", "\ttitle: x\n",
		"title: *x\n", "a: &a [*a]\n", "titel: x\n", "year: soon\n", "authors: x\n", "authors:\n  - nme: x\n",
		"title: caf\xe9\n", "---\ntitle: a\n---\ntitle: b\n", "%YAML 1.1\n---\ntitle: x\n", "? [a\n", "title: !!binary x\n",
		"", "\n\n\n", "- a\n- b\n", "title: {a: 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var v fuzzSite
		errs := Decode("s.yaml", src, &v)
		// YAML ends a line at \n, \r\n or a lone \r.
		lines := bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n")) + 1
		for _, e := range errs.Items() {
			if e.Path != "s.yaml" || e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Errorf("diagnostic outside the file (%d lines): %s", lines, e.Error())
			}
			if e.Hint == "" || e.Msg == "" {
				t.Errorf("diagnostic without message or hint: %s", e.Error())
			}
		}
	})
}
