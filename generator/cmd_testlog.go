package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"reportgen/generator/internal/tool/testlog"
)

// runTestlog reads `go test -json` on standard input and prints the plain
// report, with a line for every skipped test; make test pipes into it.
func runTestlog(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("testlog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ci := fs.Bool("ci", os.Getenv("CI") != "", "fail when any test skipped (default: on when CI is set)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator testlog: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	s, err := testlog.Filter(os.Stdin, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "generator testlog: reading the test events: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, s.Line())
	switch {
	case s.Packages == 0:
		fmt.Fprintln(stderr, "generator testlog: no package was tested; is the input `go test -json` output?")
		return 1
	case !s.OK():
		return 1
	case *ci && s.Skipped > 0:
		fmt.Fprintf(stderr, "generator testlog: %d test(s) skipped, and in CI every test must run\n", s.Skipped)
		return 1
	}
	return 0
}
