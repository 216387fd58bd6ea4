package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"reportgen"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"reportgen/generator/internal/heapgoal"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/bench"
	"reportgen/generator/internal/tool/bench/synth"
)

// runBench generates a synthetic site (or takes the report), builds it with
// this generator and with Hugo, each as a child process, and prints wall
// time, CPU time, pages per second and peak memory side by side.
func runBench(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	pagesFlag := fl.String("pages", "10000", "synthetic pages; a comma-separated list measures each size, e.g. 1000,10000")
	dir := fl.String("dir", ".bench", "work directory for the generated sites and their output")
	src := fl.String("src", ".", "project root: its templates/ and assets/ style the synthetic site; -report builds its content")
	hugo := fl.String("hugo", "auto", "hugo binary: auto (use it when installed), off, or a path")
	perSection := fl.Int("per-section", synth.PerSection, "pages in each section of a synthetic site")
	reportMode := fl.Bool("report", false, "benchmark the report itself too, before the synthetic sites (-pages 0: the report only)")
	runs := fl.Int("runs", 3, "builds per tool; the table shows the median (sites of 50,000 pages or more are built once)")
	hugoTimeout := fl.Duration("hugo-timeout", 10*time.Minute, "stop a Hugo build of 50,000 pages or more that takes longer, and leave Hugo out at that size")
	hugoMaxRSS := fl.Float64("hugo-max-rss", 12, "stop a Hugo build of 50,000 pages or more whose resident memory passes this many GiB, and leave Hugo out at that size")
	cpuProfile := fl.String("cpuprofile", "", "after measuring, profile one in-process build of the last site into this file")
	memProfile := fl.String("memprofile", "", "after measuring, write a heap profile of one in-process build into this file")
	preview := fl.Int("preview", 0, "instead of build times, measure the preview: this many page edits (text, then title) on a synthetic site of -pages, each from the file's write to the browser's reload event")
	previewFull := fl.Int("preview-full", 3, "with -preview, also this many text edits that rebuild everything, as the preview did before it kept its builds")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "generator bench: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if err := emptyPaths(fl, "src", "dir"); err != nil {
		fmt.Fprintf(stderr, "generator bench: %v\n", err)
		return 2
	}
	var sizes []int
	for _, p := range strings.Split(*pagesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err == nil && n == 0 && *reportMode {
			continue
		}
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "generator bench: -pages wants positive numbers, got %q\n", p)
			return 2
		}
		sizes = append(sizes, n)
	}
	if *runs < 1 {
		fmt.Fprintln(stderr, "generator bench: -runs must be at least 1")
		return 2
	}
	if *preview > 0 {
		return benchPreview(sizes, *preview, *previewFull, *perSection, *dir, stdout, stderr)
	}
	hugoBin, err := findHugo(*hugo)
	if err != nil {
		fmt.Fprintln(stderr, "generator bench:", err)
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "generator bench: cannot find this program to run it:", err)
		return 1
	}
	work, err := filepath.Abs(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "generator bench:", err)
		return 1
	}
	project := os.DirFS(*src)
	// Earlier outputs and sites are moved here, not removed, until
	// everything is measured (see bench.SetAside).
	aside := filepath.Join(work, "set-aside")
	defer os.RemoveAll(aside)

	fmt.Fprintf(stdout, "%s/%s, %d CPUs, %s; each build is a child process; wall, CPU and memory are medians of %d runs, best the shortest wall time\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), *runs)
	if hugoBin != "" {
		if v, err := exec.Command(hugoBin, "version").Output(); err == nil {
			fmt.Fprintf(stdout, "%s", v)
		}
	} else {
		fmt.Fprintln(stdout, "hugo: not used")
	}

	var lastSrc string
	var sizesDone []int
	var resultsBySize [][]bench.Result
	var rows []bench.Row
	// Every output goes below the work directory, never beside the
	// project.
	measure := func(name, what, oursSrc, oursOut, hugoSrc string, pages int) error {
		n := *runs
		if pages >= 50000 {
			// One build of 100,000 pages takes minutes; a median of
			// several would take an hour of a shared machine.
			n = 1
		}
		if pages < 100 {
			// A build of the report takes tens of milliseconds, within
			// the machine's noise: many runs make a steady median.
			n = max(n, 21)
		}
		tools := []bench.Tool{{
			Name:  "reportgen",
			Argv:  []string{self, "build", "-src", oursSrc, "-out", oursOut},
			Out:   oursOut,
			Aside: aside,
			Cold:  pages >= 50000,
		}}
		if hugoBin != "" {
			tools = append(tools, bench.Tool{
				Name:  "hugo",
				Argv:  []string{hugoBin, "--quiet", "--source", hugoSrc, "-d", hugoSrc + "-public"},
				Env:   []string{"HUGO_CACHEDIR=" + filepath.Join(work, "hugo-cache")},
				Out:   hugoSrc + "-public",
				Aside: aside,
			})
			if pages >= 50000 {
				// Hugo's memory grows with the content (18.7 GiB at
				// 100,000 pages once): it is stopped before it takes
				// the memory of a machine without swap.
				tools[1].Timeout, tools[1].MaxRSS = *hugoTimeout, int64(*hugoMaxRSS*(1<<30))
			}
		}
		res, err := bench.Compare(tools, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\n%s\n%s", what, bench.Table(pages, res))
		if len(res) > 1 && res[1].Skipped != "" {
			fmt.Fprintf(stdout, "  %s\n", res[1].Skipped)
		}
		lastSrc = oursSrc
		rows = append(rows, bench.Row{Site: name, Pages: pages, Results: res})
		if name != "the report" {
			sizesDone, resultsBySize = append(sizesDone, pages), append(resultsBySize, res)
		}
		return nil
	}

	if *reportMode {
		title, files, err := bench.HugoReport(project)
		if err != nil {
			return report(nil, err, stdout, stderr, nil)
		}
		hugoSrc := filepath.Join(work, "report-hugo")
		if err := bench.SetAside(hugoSrc, aside); err != nil {
			fmt.Fprintln(stderr, "generator bench:", err)
			return 1
		}
		assets, _ := fs.Sub(project, "assets")
		if err := bench.HugoSite(hugoSrc, title, files, assets); err != nil {
			fmt.Fprintln(stderr, "generator bench:", err)
			return 1
		}
		abs, _ := filepath.Abs(*src)
		if err := measure("the report", fmt.Sprintf("the report (%d pages, converted to plain markdown for Hugo)", len(files)),
			abs, filepath.Join(work, "report-ours-public"), hugoSrc, len(files)); err != nil {
			fmt.Fprintln(stderr, "generator bench:", err)
			return 1
		}
	}
	{
		for _, n := range sizes {
			site := synth.GenerateIn(n, *perSection)
			ours, hugoSrc, err := bench.SyntheticSites(filepath.Join(work, "synth-"+strconv.Itoa(n)), aside, site, project)
			if err != nil {
				fmt.Fprintln(stderr, "generator bench:", err)
				return 1
			}
			what := fmt.Sprintf("synthetic site: %d pages in %d sections, %d markdown files, %.1f MB of markdown",
				site.Pages, site.Sections, site.Markdown(), float64(site.Bytes())/1e6)
			name := fmt.Sprintf("%d pages in %d sections", site.Pages, site.Sections)
			if err := measure(name, what, ours, ours+"-public", hugoSrc, site.Markdown()); err != nil {
				fmt.Fprintln(stderr, "generator bench:", err)
				return 1
			}
		}
	}

	if len(sizesDone) > 1 {
		fmt.Fprintf(stdout, "\n%s", bench.Growth(sizesDone, resultsBySize))
	}
	if len(rows) > 1 {
		fmt.Fprintf(stdout, "\nsummary (medians; peak RSS from the kernel's rusage of each child process):\n\n%s", bench.Summary(rows))
	}

	if *cpuProfile != "" || *memProfile != "" {
		if err := profileBuild(lastSrc, filepath.Join(work, "profile-public"), *cpuProfile, *memProfile); err != nil {
			return report(nil, err, stdout, stderr, nil)
		}
		fmt.Fprintf(stdout, "\nprofiled one in-process build of %s\n", lastSrc)
	}
	return 0
}

// findHugo resolves the -hugo flag to a binary, or "" when Hugo is not used.
func findHugo(flagValue string) (string, error) {
	switch flagValue {
	case "off", "false", "no", "":
		return "", nil
	case "auto":
		p, err := exec.LookPath("hugo")
		if err != nil {
			return "", nil
		}
		return p, nil
	}
	p, err := exec.LookPath(flagValue)
	if err != nil {
		return "", fmt.Errorf("-hugo %s: %v", flagValue, err)
	}
	return p, nil
}

// profileBuild builds src in this process under the CPU profiler and
// writes heap profiles, for `go tool pprof`: memFile holds every
// allocation of the build (-sample_index=alloc_space) and, as its live
// heap, the heap at the end; memFile.peak holds the live heap at the
// largest it was seen during the build (checked every 100 ms, as of the
// garbage collection before), which shows what the build holds on to.
func profileBuild(src, out, cpuFile, memFile string) error {
	if cpuFile != "" {
		f, err := os.Create(cpuFile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var peak bytes.Buffer
	done, watched := make(chan struct{}), make(chan struct{})
	if memFile != "" {
		go func() {
			defer close(watched)
			sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			var most uint64
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				metrics.Read(sample)
				if live := sample[0].Value.Uint64(); live > most+most/20 {
					most = live
					peak.Reset()
					_ = pprof.Lookup("heap").WriteTo(&peak, 0)
				}
			}
		}()
	} else {
		close(watched)
	}
	// The heap goal is held as the build command holds it, so that the
	// profile shows the collections a real build makes.
	release := heapgoal.Hold()
	_, err := pipeline.Build(pipeline.Options{Src: src, Out: out, Theme: reportgen.Theme(), Features: siteFeatures()})
	release()
	close(done)
	<-watched
	if err != nil {
		return err
	}
	if memFile != "" {
		if err := os.WriteFile(memFile+".peak", peak.Bytes(), 0o644); err != nil {
			return err
		}
		f, err := os.Create(memFile)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}

// benchPreview measures the development server on synthetic sites: the
// time from an edit's write to the reload event sent to the browser, for
// edits of a page's text and of its title, and for comparison full
// rebuilds.
func benchPreview(sizes []int, edits, full, perSection int, dir string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "%s/%s, %d CPUs, %s; the preview server in this process, one browser's event stream; times from the write of the file to the reload event\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(stdout, "load average at the start: %s", load)
	}
	for _, n := range sizes {
		site := synth.GenerateIn(n, perSection)
		work, err := filepath.Abs(filepath.Join(dir, "preview-"+strconv.Itoa(n)))
		if err == nil {
			err = os.RemoveAll(work)
		}
		src := filepath.Join(work, "site")
		if err == nil {
			err = site.Write(src)
		}
		if err != nil {
			fmt.Fprintln(stderr, "generator bench:", err)
			return 1
		}
		opts := pipeline.Options{Src: src, Out: filepath.Join(work, "public"), BaseURL: "http://127.0.0.1:1313/", Theme: reportgen.Theme()}
		// Pages spread over the site, each edited in turn.
		var pages []string
		for i := 0; i < 10; i++ {
			k := 1 + i*(site.Pages/10) + i%perSection
			pages = append(pages, filepath.Join(src, filepath.FromSlash(synth.SectionDir((k-1)/perSection+1)), fmt.Sprintf("page-%05d.md", k)))
		}
		text := func(count int) []bench.Edit {
			var out []bench.Edit
			for i := 0; i < count; i++ {
				out = append(out, bench.Edit{Path: pages[i%len(pages)], Change: func(b []byte) []byte {
					return fmt.Appendf(b, "\nAn edited sentence, number %d.\n", i)
				}})
			}
			return out
		}
		textEdits := text(edits)
		var titleEdits []bench.Edit
		for i := 0; i < edits; i++ {
			titleEdits = append(titleEdits, bench.Edit{Path: pages[i%len(pages)], Change: func(b []byte) []byte {
				return titleRe.ReplaceAll(b, fmt.Appendf(nil, "title: \"Page edited %d times\"", i))
			}})
		}
		fmt.Fprintf(stdout, "\nsynthetic site: %d pages in %d sections; edits of %d pages in turn\n", site.Pages, site.Sections, len(pages))
		fmt.Fprintf(stdout, "  %-26s %6s %12s %10s %10s %10s\n", "edit", "edits", "incremental", "p50", "p95", "max")
		row := func(name string, ds []time.Duration, inc []bool) {
			n := 0
			for _, b := range inc {
				if b {
					n++
				}
			}
			fmt.Fprintf(stdout, "  %-26s %6d %12d %10s %10s %10s\n", name, len(ds), n,
				msText(bench.Percentile(ds, 50)), msText(bench.Percentile(ds, 95)), msText(bench.Percentile(ds, 100)))
		}
		// The text and title edits go to one server, after one first build.
		p := bench.Preview{Opts: opts, Features: siteFeatures, Log: io.Discard}
		ds, inc, err := p.Measure(slices.Concat(textEdits, titleEdits))
		if err != nil {
			fmt.Fprintln(stderr, "generator bench:", err)
			return 1
		}
		row("page text", ds[:len(textEdits)], inc[:len(textEdits)])
		row("page title", ds[len(textEdits):], inc[len(textEdits):])
		if full > 0 {
			p.Full = true
			ds, inc, err := p.Measure(text(full))
			if err != nil {
				fmt.Fprintln(stderr, "generator bench:", err)
				return 1
			}
			row("page text, full rebuilds", ds, inc)
		}
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(stdout, "load average at the end: %s", load)
	}
	return 0
}

var titleRe = regexp.MustCompile(`(?m)^title: .*$`)

func msText(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}
