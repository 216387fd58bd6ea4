// Command generator builds the report website from content/, templates/
// and assets/.
//
//	go run ./generator build [-src DIR] [-out DIR] [-base-url URL] [-strict] [-drafts]
//
// Exit status: 0 ok, 1 content or build errors, 2 usage errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"reportgen/generator/internal/build"
	"reportgen/generator/internal/diag"
)

// command is one subcommand. Commands register themselves from their own
// files (cmd_*.go) so each stays in one place.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func registerCommand(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	commands[name] = command{name, summary, run}
}

// features are the build features the commands use; feature_*.go files
// add theirs.
var features []build.Feature

func registerFeature(f build.Feature) { features = append(features, f) }

func init() {
	registerCommand("build", "build the site into the output directory", runBuild)
}

func usage() string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: generator <command> [flags]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-7s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nRun generator <command> -h for the flags of a command.\n")
	return b.String()
}

func main() {
	// A build of a report-sized site allocates a few tens of megabytes and
	// finishes in well under a second; with the default GC target the
	// collector runs many times while the heap is still tiny. This
	// allocation is never touched (so it costs address space, not memory)
	// and raises the first collection targets; on large sites, whose heaps
	// are far bigger, it makes no difference.
	gcFloor := make([]byte, 32<<20)
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	runtime.KeepAlive(gcFloor)
	os.Exit(code)
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
	c, ok := commands[args[0]]
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
	fs.StringVar(&b.baseURL, "base-url", "", "URL or path the site is served under, e.g. https://host/reports/medical-ce/")
	fs.BoolVar(&b.strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&b.drafts, "drafts", false, "include pages marked draft")
}

func (b *buildFlags) options() build.Options {
	return build.Options{Src: b.src, Out: b.out, BaseURL: b.baseURL, Strict: b.strict, Drafts: b.drafts,
		Features: siteFeatures()}
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
	res, err := build.Build(bf.options())
	return report(res, err, stdout, stderr, func(r *build.Result) {
		fmt.Fprintf(stdout, "built %d pages, %d files into %s\n", r.Pages, r.Files, bf.out)
	})
}

// report prints warnings and errors and returns the exit status.
func report(res *build.Result, err error, stdout, stderr io.Writer, ok func(*build.Result)) int {
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, w.Error())
		}
	}
	if err != nil {
		var list *diag.List
		switch {
		case errors.Is(err, build.ErrUsage):
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

// siteFeatures lists the registered features in a stable order, so builds
// are reproducible whatever order the files' init functions ran in.
func siteFeatures() []build.Feature {
	out := append([]build.Feature{}, features...)
	sort.SliceStable(out, func(i, j int) bool { return fmt.Sprintf("%T", out[i]) < fmt.Sprintf("%T", out[j]) })
	if out == nil {
		out = []build.Feature{}
	}
	return out
}
