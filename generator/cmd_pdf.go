package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/slug"
	"reportgen/generator/internal/tool/chromium"
	"reportgen/generator/internal/tool/pdf"
	"reportgen/generator/internal/tool/pdf/pdffile"
)

// runPDF builds the site in a temporary directory, prints its full-report
// page to the PDF edition, then builds the site again into the output with
// the PDF in it, so the PDF is published like every other file (staged,
// swapped in whole) and every page links to it.
func runPDF(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pdf", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var bf buildFlags
	bf.register(fs)
	browser := fs.String("chromium", os.Getenv("CHROME_PATH"), "Chromium to print with (default: chromium on PATH)")
	addr := fs.String("addr", "127.0.0.1:0", "where the site is served while it prints (default: a free port)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator pdf: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	path, err := chromium.Find(*browser)
	if err != nil {
		fmt.Fprintf(stderr, "generator pdf: %v\n", err)
		return 1
	}

	tmp, err := os.MkdirTemp("", "reportgen-pdf-")
	if err != nil {
		fmt.Fprintf(stderr, "generator pdf: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	draft := bf.options()
	draft.Out = filepath.Join(tmp, "site")
	res, err := pipeline.Build(draft)
	if code := report(res, err, stdout, stderr, func(*pipeline.Result) {}); code != 0 {
		return code
	}

	cfg, errs := siteconfig.Load(os.DirFS(bf.src), "content/site.yaml")
	if errs.HasErrors(false) || cfg == nil {
		fmt.Fprintln(stderr, "generator pdf: cannot read content/site.yaml")
		return 1
	}
	if cfg.FullReport == "" {
		fmt.Fprintln(stderr, "content/site.yaml: the site has no full-report page to print; set full_report: to its address, e.g. full_report: full-report")
		return 1
	}
	rawBase := bf.baseURL
	if rawBase == "" {
		rawBase = cfg.BaseURL
	}
	basePath, publicBase, err := pipeline.ParseBase(rawBase)
	if err != nil {
		fmt.Fprintf(stderr, "generator pdf: %v\n", err)
		return 2
	}
	var authors []string
	for _, a := range cfg.Authors {
		authors = append(authors, a.Name)
	}
	printed, err := pdf.Print(pdf.Options{
		Browser: path, Site: draft.Out, BasePath: basePath, Page: cfg.FullReport + "/",
		PublicBase: publicBase, Addr: *addr,
		Info: pdffile.Info{Title: cfg.Title, Author: strings.Join(authors, ", "), Subject: cfg.Description, Creator: "reportgen"},
	})
	if err != nil {
		fmt.Fprintf(stderr, "generator pdf: %v; nothing was written to %s\n", err, bf.out)
		return 1
	}

	name := pdfName(cfg)
	final := bf.options()
	final.PDF = &pipeline.Download{Name: name, Data: printed.PDF, Pages: printed.Pages}
	res, err = pipeline.Build(final)
	return report(res, err, stdout, stderr, func(r *pipeline.Result) {
		fmt.Fprintf(stdout, "wrote %s: %d pages, %d bytes, %d bookmarks, contents numbered in %d prints; built %d pages, %d files into %s\n",
			filepath.Join(bf.out, name), printed.Pages, len(printed.PDF), len(printed.Outline), printed.Passes, r.Pages, r.Files, bf.out)
	})
}

// pdfName is the PDF edition's file name: the short title's slug, or the
// title's.
func pdfName(cfg *siteconfig.Site) string {
	t := cfg.ShortTitle
	if t == "" {
		t = cfg.Title
	}
	name := slug.Make(t)
	if name == "" {
		name = "report"
	}
	return name + ".pdf"
}
