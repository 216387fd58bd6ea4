// Command generator builds a report website from content/, with the
// default theme built in; a site's own templates/ and assets/ replace the
// theme's files one by one.
//
//	go run ./generator build [-src DIR] [-out DIR] [-base-url URL] [-strict] [-drafts]
//
// Exit status: 0 ok, 1 content or build errors, 2 usage errors, 130 stopped
// by a signal before publishing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"reportgen"
	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/feature/citeexport"
	"reportgen/generator/internal/feature/data"
	"reportgen/generator/internal/feature/edition"
	"reportgen/generator/internal/feature/flows"
	"reportgen/generator/internal/feature/search"
	"reportgen/generator/internal/heapgoal"
	"reportgen/generator/internal/output/diskcache"
	"reportgen/generator/internal/pipeline"
)

// command is one subcommand.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

// commands is every command of the program, in the order usage lists them.
// Each one's code is in cmd_NAME.go.
var commands = []command{
	{"build", "build the site into the output directory", runBuild},
	{"serve", "preview the site: build, serve, rebuild and reload the browser on every change", runServe},
	{"pdf", "build the site with its PDF edition, printed from the full report by Chromium", runPDF},
	{"check", "check a built site: links, anchors, alt text, ids, assets, figures", runCheck},
	{"new", "add a content file: new section \"Title\" or new page \"Title\" -in FOLDER", runNew},
	{"bench", "measure build time and memory, beside Hugo's when installed", runBench},
	{"testlog", "read `go test -json` and print failures in full and one line per skipped test", runTestlog},
}

// siteFeatures returns a new set of the build's features, so no state is
// shared between two builds. The order is the order their markdown
// extensions and writers are added in; it is part of the output.
func siteFeatures() []pipeline.Feature {
	return []pipeline.Feature{
		citations.New(),  // the bibliography: citations, the references list
		flows.New(),      // flow diagrams of steps, each tied to its evidence
		data.New(),       // datasets: charts, data tables, bound statistics
		edition.New(),    // the list of what the edition adds, made from its marks
		citeexport.New(), // the report's own citation as BibTeX and RIS
		search.New(),     // the full-text search index
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func usage() string {
	var b strings.Builder
	b.WriteString("usage: generator <command> [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun generator <command> -h for the flags of a command.\n")
	return b.String()
}

func main() {
	// A large build holds every source while it loads (400 MB live for
	// 100,000 pages), then its index while pages come and go around it
	// (130-170 MB); the build command keeps the heap goal at its peak
	// (package heapgoal). By default the collector lets the heap grow to
	// twice what is live; a soft limit makes it collect more often
	// instead once the heap nears 1.5 GiB, keeping a build of 100,000
	// pages under 2 GiB whatever else holds memory. GOMEMLIMIT, when
	// set, wins.
	//
	// There is no heap ballast to put off the first collections: a
	// 32 MB one made the report's build touch 1,600 more fresh pages of
	// memory than collecting does (5,730 page faults against 4,100), and
	// a page fault costs more than a collection of a small heap on a
	// virtual machine: the build took 0.183 s of CPU time with it and
	// 0.170 s without (bench -report -pages 0 -runs 21).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1536 << 20)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return 0
	}
	c, ok := findCommand(args[0])
	if !ok {
		fmt.Fprintf(stderr, "generator: unknown command %q\n%s", args[0], usage())
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

// buildFlags are shared by the commands that build.
type buildFlags struct {
	src, out, baseURL string
	strict, drafts    bool
}

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.src, "src", ".", "site root holding content/, templates/ and assets/")
	fs.StringVar(&b.out, "out", "public", "output directory (replaced only when the build succeeds)")
	fs.StringVar(&b.baseURL, "base-url", "", "URL or path the site is served under, e.g. https://host/reports/annual/")
	fs.BoolVar(&b.strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&b.drafts, "drafts", false, "include pages marked draft")
}

func (b *buildFlags) options() pipeline.Options {
	return pipeline.Options{Src: b.src, Out: b.out, BaseURL: b.baseURL, Strict: b.strict, Drafts: b.drafts,
		Theme: reportgen.Theme(), Features: siteFeatures(), AssetCache: diskcache.Dir("assets")}
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var bf buildFlags
	bf.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := emptyPaths(fs, "src", "out"); err != nil {
		fmt.Fprintf(stderr, "generator build: %v\n", err)
		return 2
	}
	// Ctrl-C or SIGTERM stops the build before it publishes and removes
	// its staging tree; a second signal ends the process at once (the
	// next build removes what is left).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	opts := bf.options()
	opts.Context = ctx
	defer heapgoal.Hold()()
	res, err := pipeline.Build(opts)
	if errors.Is(err, pipeline.ErrCanceled) {
		fmt.Fprintln(stderr, "generator build: stopped; the previous output was left as it was")
		return 130
	}
	return report(res, err, stdout, stderr, func(r *pipeline.Result) {
		fmt.Fprintf(stdout, "built %d pages, %d files into %s\n", r.Pages, r.Files, bf.out)
	})
}

// emptyPaths refuses a path option given as "": it would mean the working
// directory, which no one means to build into or from.
func emptyPaths(fs *flag.FlagSet, names ...string) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && slices.Contains(names, f.Name) && f.Value.String() == "" {
			err = fmt.Errorf("-%s is empty; give a directory", f.Name)
		}
	})
	return err
}

// report prints warnings and errors and returns the exit status.
func report(res *pipeline.Result, err error, stdout, stderr io.Writer, ok func(*pipeline.Result)) int {
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, w.Error())
		}
	}
	if err != nil {
		var list *diag.List
		switch {
		case errors.Is(err, pipeline.ErrUsage):
			fmt.Fprintln(stderr, "generator:", err)
			return 2
		case errors.As(err, &list):
			for _, e := range list.Items() {
				fmt.Fprintln(stderr, e.Error())
			}
			fmt.Fprintf(stderr, "build failed with %d problem(s); the previous output was left as it was\n", list.Len())
			return 1
		default:
			fmt.Fprintln(stderr, "generator:", err)
			return 1
		}
	}
	ok(res)
	return 0
}
