package yamlfile

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type person struct {
	Name string `yaml:"name"`
	Role string `yaml:"role"`
}

type config struct {
	People   []person `yaml:"people"`
	Title    string   `yaml:"title"`
	Language string   `yaml:"language"`
	Year     int      `yaml:"year"`
	Tags     []string `yaml:"tags"`
}

// Each message names the line (and, where it can be told, the column) an
// editor has to look at, and says what would be right.
func TestErrorsArePositioned(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"unclosed list", "title: x\ntags: [a, b\nyear: 2010\n", "s.yaml:2:7: did not find expected ',' or ']'; close the list with ]"},
		{"unclosed list on the first line", "tags: [a, b\n", "s.yaml:1:7: did not find expected ',' or ']'"},
		{"unclosed braces", "title: x\ntags: {a: 1\nyear: 2\n", "s.yaml:2:7: did not find expected ',' or '}'"},
		{"unclosed quote", "title: \"A report\nyear: 2010\n", "s.yaml:1:8: found unexpected end of stream; a quotation mark opened here is never closed"},
		{"colon in a value", "title: A report: the findings\n", "s.yaml:1:16: mapping values are not allowed in this context; put the value in quotes"},
		{"colon in a value, later line", "year: 2010\ntitle: A report: the findings\n", "s.yaml:2:16: mapping values are not allowed"},
		{"bad indentation", "tags:\n  - a\n - b\n", "s.yaml:3:1: did not find expected key; check the indentation"},
		{"quote left open on an earlier line", "title: \"Methods\n  tags: [\nlanguage: \"en-GB\"\n", `s.yaml:3:1: did not find expected key; check the indentation: entries at the same level must start in the same column; or close the quotation mark opened on line 1`},
		{"reserved character", "title: @home\n", "s.yaml:1:1: found character that cannot start any token; put the value in quotes"},
		{"alias", "title: *x\n", "s.yaml:1:1: unknown anchor 'x' referenced; put the value in quotes"},
		{"tab", "title: x\n\tyear: 2\n", "s.yaml:2:1: line is indented with a tab"},
		{"unknown key", "title: x\nlangauge: en\n", `s.yaml:2:1: unknown key "langauge"; did you mean "language"? known keys here are language, people, tags, title, year`},
		{"unknown key in a list entry", "title: x\npeople:\n  - name: A\n    roel: B\n", `s.yaml:4:5: unknown key "roel"; did you mean "role"? known keys here are name, role`},
		{"unknown key far from any", "title: x\ncolour: red\n", `s.yaml:2:1: unknown key "colour"; known keys here are language, people, tags, title, year`},
		{"wrong type", "title: x\nyear: soon\n", "s.yaml:2:7: cannot unmarshal !!str `soon` into int; write a number"},
		{"list for a single value", "title: [a, b]\n", "s.yaml:1:1: cannot unmarshal !!seq into string; write a single value here, not a list"},
		{"not a mapping", "- a\n- b\n", "s.yaml:1:1: cannot unmarshal !!seq into yamlfile.config; write key: value pairs here"},
		{"invalid UTF-8", "title: x\nlanguage: caf\xe9\n", "s.yaml:2:14: file is not valid UTF-8; save the file as UTF-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c config
			errs := Decode("s.yaml", []byte(tc.src), &c)
			if errs.Len() == 0 {
				t.Fatal("no error")
			}
			got := errs.Items()[0]
			if !strings.HasPrefix(got.Error(), tc.want) {
				t.Errorf("got  %q\nwant %q", got.Error(), tc.want)
			}
			if got.Hint == "" {
				t.Errorf("no hint: %s", got.Error())
			}
		})
	}
}

func TestValid(t *testing.T) {
	var c config
	if errs := Decode("s.yaml", []byte("title: \"A: B\"\nyear: 2010\ntags: [a, b]\n"), &c); errs.Len() > 0 {
		t.Fatal(errs)
	}
	if c.Title != "A: B" || c.Year != 2010 || len(c.Tags) != 2 {
		t.Errorf("%+v", c)
	}
}

func TestUnclosedQuoteIsFoundWhereItOpens(t *testing.T) {
	for src, want := range map[string]string{
		"title: \"A report\nyear: 2010\n":                       "s.yaml:1:8:",
		"year: 2010\ntitle: 'A report\nlanguage: en\n":          "s.yaml:2:8:",
		"year: 2010\ntitle: \"A\n  report\" \nlanguage: \"en\n": "s.yaml:4:11:",
	} {
		var c config
		errs := Decode("s.yaml", []byte(src), &c)
		if errs.Len() == 0 || !strings.HasPrefix(errs.Items()[0].Error(), want) {
			t.Errorf("%q: got %v, want %s", src, errs, want)
		}
	}
}

// The parser notices a bracket left open only on a later line; the
// message points at the bracket.
func TestUnclosedBracketNamesItsLine(t *testing.T) {
	src := []byte("title: [Methods\ndescription: How it was done.\nweight: 4\n")
	e := SyntaxError("content/04-methods.md", src, 1, yamlErr(t, src))
	if e.Line != 2 || e.Col != 8 {
		t.Errorf("got %s, want line 2 column 8 (the [ of the first key, one line into the file)", e.Error())
	}
}

func yamlErr(t *testing.T, src []byte) error {
	t.Helper()
	var v any
	err := yaml.Unmarshal(src, &v)
	if err == nil {
		t.Fatal("the YAML parsed")
	}
	return err
}
