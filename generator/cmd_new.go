package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"reportgen/generator/internal/tool/scaffold"
)

const newUsage = `usage:
  generator new site DIR [-title "Title"]        a new report website in DIR (a new or empty folder)
  generator new section "Title" [-folder]        a new top-level section, after the last one
  generator new page "Title" [-in FOLDER]        a new page at the end of content/FOLDER (default: content/)
flags:
`

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, newUsage)
		fs.PrintDefaults()
	}
	src := fs.String("src", ".", "site root holding content/")
	in := fs.String("in", "", "folder below content/ to put the page in, e.g. 08-findings")
	folder := fs.Bool("folder", false, "make a section folder with an _index.md, to hold pages of its own")
	siteTitle := fs.String("title", "A new report", "the new site's title (new site)")
	// Flags may come before or after the words, as editors type them.
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(words) == 2 && words[0] == "site" {
		return newSite(words[1], *siteTitle, stdout, stderr)
	}
	if len(words) != 2 || (words[0] != "section" && words[0] != "page") {
		fs.Usage()
		return 2
	}
	if err := emptyPaths(fs, "src"); err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return 2
	}
	kind, title := words[0], words[1]
	if kind == "section" && *in != "" {
		fmt.Fprintln(stderr, "generator new: a section is always top-level; use new page \"Title\" -in FOLDER for a page inside a folder")
		return 2
	}
	f, err := scaffold.Create(*src, scaffold.Request{Title: title, In: *in, Folder: *folder})
	if err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return 1
	}
	what := "page"
	if kind == "section" {
		what = "section"
	}
	fmt.Fprintf(stdout, "created %s: %s\n", what, f.Path)
	fmt.Fprintln(stdout, "fill in its description, then write the text below the front matter; the build warns while the description is empty")
	return 0
}

func newSite(dir, title string, stdout, stderr io.Writer) int {
	files, err := scaffold.CreateSite(dir, scaffold.SiteRequest{Title: title, Date: time.Now()})
	if err != nil {
		fmt.Fprintf(stderr, "generator new site: %v\n", err)
		return 1
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "created %s\n", filepath.Join(dir, filepath.FromSlash(f.Path)))
	}
	fmt.Fprintf(stdout, "next: cd %s, then run serve to preview it; README.md says what to edit\n", dir)
	return 0
}
