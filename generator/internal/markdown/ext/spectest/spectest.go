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
// A case that does not have these three parts fails the test with its file
// and line, as goldmark's testutil does, rather than being skipped.
//
// Run the tests with -update to rewrite the expected HTML from the current
// output; review the diff before committing it. A file with a malformed
// case is never rewritten, so -update cannot drop a case. Every test
// package below markdown/ext imports this package, so that
//
//	go test ./generator/internal/markdown/ext/... -update
//
// is understood by each of them.
package spectest

import (
	"flag"
	"fmt"
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
	// Line is the line of the file the case's title is on.
	Line int
}

// Parse reads the cases of a spec file. A case without a title, input and
// expected HTML is an error naming path and the line the case starts on.
func Parse(path, src string) ([]Case, error) {
	var cases []Case
	var bad []string
	line := 1
	for _, block := range strings.Split(src, sepCase) {
		trimmed := strings.TrimLeft(block, "\n")
		start := line + len(block) - len(trimmed)
		line += strings.Count(block, "\n")
		if strings.TrimSpace(trimmed) == "" {
			continue
		}
		parts := strings.Split(trimmed, sepInput+"\n")
		if len(parts) != 3 || strings.TrimSpace(parts[0]) == "" {
			bad = append(bad, fmt.Sprintf("%s:%d: a case has a title, %q, the markdown, %q, the expected HTML and %q; this one has %d part(s)",
				path, start, sepInput, sepInput, sepCase, len(parts)))
			continue
		}
		cases = append(cases, Case{Title: strings.TrimSpace(parts[0]), Input: parts[1], Want: parts[2], Line: start})
	}
	if len(bad) > 0 {
		return cases, fmt.Errorf("%s", strings.Join(bad, "\n"))
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s:1: the file holds no cases", path)
	}
	return cases, nil
}

// Format writes cases in the layout Parse reads.
func Format(cases []Case) string {
	var out strings.Builder
	for _, c := range cases {
		out.WriteString(c.Title + "\n" + sepInput + "\n" + c.Input + sepInput + "\n" + strings.TrimRight(c.Want, "\n") + "\n" + sepCase + "\n\n")
	}
	return out.String()
}

// Run converts each case's input with convert and compares it with the
// expected HTML; with -update it rewrites the file with the output.
func Run(t *testing.T, path string, convert func(t *testing.T, input string) string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := Parse(path, string(src))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		got := convert(t, c.Input)
		if *update {
			cases[i].Want = got
		} else if strings.TrimSpace(got) != strings.TrimSpace(c.Want) {
			t.Errorf("%s:%d: %s\ninput:\n%s\ngot:\n%s\nwant:\n%s", path, c.Line, c.Title, c.Input, got, c.Want)
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(Format(cases)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
