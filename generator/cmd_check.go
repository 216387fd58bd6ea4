package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"reportgen/generator/internal/tool/check"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "public", "the built site to check")
	baseURL := fs.String("base-url", "", "URL or path the site is served under (default: the home page's canonical link)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator check: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := emptyPaths(fs, "out"); err != nil {
		fmt.Fprintf(stderr, "generator check: %v\n", err)
		return 2
	}
	if fi, err := os.Stat(*out); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "generator check: %s is not a built site; run generator build -out %s first\n", *out, *out)
		return 2
	}
	rep, err := check.Site(os.DirFS(*out), check.Options{BaseURL: *baseURL})
	if err != nil {
		fmt.Fprintf(stderr, "generator check: %v\n", err)
		return 1
	}
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintf(stderr, "%s/%s\n", *out, p)
		}
		fmt.Fprintf(stderr, "check found %d problem(s) in %s (%d pages, %d links and assets, base %s)\n",
			len(rep.Problems), *out, rep.Pages, rep.Links, rep.BaseURL)
		return 1
	}
	fmt.Fprintf(stdout, "checked %d pages, %d links and assets, %d files in %s (base %s): no problems\n",
		rep.Pages, rep.Links, rep.Files, *out, rep.BaseURL)
	return 0
}
