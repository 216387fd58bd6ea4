// Package spectest runs spec-style golden tests for markdown extensions:
// a file of cases, each a title, the markdown input and the expected HTML,
// in the layout goldmark's own extension tests use:
//
//	1: a title
//	//- - - - - - - - -//
//	markdown input
//	//- - - - - - - - -//
//	expected HTML
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// Run the tests with -update to rewrite the expected HTML from the current
// output; review the diff before committing it.
package spectest

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite spec files with the current output")

const (
	sepInput = "//- - - - - - - - -//"
	sepCase  = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

// Case is one spec case.
type Case struct {
	Title, Input, Want string
}

// Parse reads the cases of a spec file.
func Parse(src string) []Case {
	var cases []Case
	for _, block := range strings.Split(src, sepCase) {
		block = strings.TrimLeft(block, "\n")
		if strings.TrimSpace(block) == "" {
			continue
		}
		parts := strings.Split(block, sepInput+"\n")
		if len(parts) != 3 {
			continue
		}
		cases = append(cases, Case{
			Title: strings.TrimSpace(parts[0]),
			Input: parts[1],
			Want:  parts[2],
		})
	}
	return cases
}

// Run converts each case's input with convert and compares it with the
// expected HTML.
func Run(t *testing.T, path string, convert func(t *testing.T, input string) string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := Parse(string(src))
	if len(cases) == 0 {
		t.Fatalf("%s holds no cases", path)
	}
	var out strings.Builder
	for _, c := range cases {
		got := convert(t, c.Input)
		if *update {
			c.Want = got
		} else if strings.TrimSpace(got) != strings.TrimSpace(c.Want) {
			t.Errorf("%s: %s\ninput:\n%s\ngot:\n%s\nwant:\n%s", path, c.Title, c.Input, got, c.Want)
		}
		out.WriteString(c.Title + "\n" + sepInput + "\n" + c.Input + sepInput + "\n" + strings.TrimRight(c.Want, "\n") + "\n" + sepCase + "\n\n")
	}
	if *update {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
