package bench

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/bench/synth"
)

const projectRoot = "../../../.."

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// The report converted for Hugo says in plain words what our syntax
// stands for, and keeps every page at its URL.
func TestHugoReportConversion(t *testing.T) {
	project := fstest.MapFS{
		"content/site.yaml": file("title: A Report\nlanguage: en-GB\nfull_report: all\n"),
		"content/references.yaml": file(`- key: ham2008
  short: Ham and Dickinson
  year: 2008
  text: "Ham, C and Dickinson, H (2008) *Engaging Doctors*"
`),
		"content/_index.md": file("---\ntitle: A Report\n---\nWelcome.\n"),
		"content/01-intro.md": file("---\ntitle: Introduction\ndescription: Why.\n---\n\n" +
			"As argued [@ham2008], and by @ham2008, and in [-@ham2008]; see [their paper](cite:ham2008) " +
			"and @fig:ages. Mail someone@example.org. The mean age was {{< stat \"age\" \"mean\" >}}.\n"),
		"content/02-part/_index.md":     file("---\ntitle: Part One\n---\n"),
		"content/02-part/01-methods.md": file("---\ntitle: Methods\n---\n\n{{< note >}}Inside.{{< /note >}}\n"),
		"content/03-references.md":      file("---\ntitle: References\n---\n\n{{< references >}}\n"),
	}
	title, files, err := HugoReport(project)
	if err != nil {
		t.Fatal(err)
	}
	if title != "A Report" {
		t.Errorf("title %q", title)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	for _, p := range []string{"content/_index.md", "content/intro.md", "content/part/_index.md",
		"content/part/methods.md", "content/references.md", "content/all.md"} {
		if _, ok := got[p]; !ok {
			t.Errorf("no %s among %v", p, keys(got))
		}
	}
	intro := got["content/intro.md"]
	for _, want := range []string{
		"title: Introduction", "description: Why.", "weight: 1",
		"As argued (Ham and Dickinson, 2008), and by Ham and Dickinson (2008), and in (2008); see their paper",
		"and Figure.", "someone@example.org", "The mean age was stat.",
	} {
		if !strings.Contains(intro, want) {
			t.Errorf("converted intro lacks %q:\n%s", want, intro)
		}
	}
	if strings.Contains(intro, "{{") || strings.Contains(intro, "cite:") {
		t.Errorf("generator syntax left for Hugo:\n%s", intro)
	}
	if m := got["content/part/methods.md"]; !strings.Contains(m, "\nInside.\n") {
		t.Errorf("a paired shortcode should leave its inner text:\n%s", m)
	}
	if r := got["content/references.md"]; !strings.Contains(r, "1. Ham, C and Dickinson, H (2008) *Engaging Doctors*") {
		t.Errorf("the references shortcode should become the list:\n%s", r)
	}
	if a := got["content/all.md"]; !strings.Contains(a, "layout: full") || !strings.Contains(a, "list: never") {
		t.Errorf("the full report page should use the full layout and stay out of lists:\n%s", a)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Both trees hold the same content files; ours has the project's
// templates and assets, Hugo's the minimal theme and the assets split
// between Hugo Pipes and static files.
func TestSyntheticSitesLayout(t *testing.T) {
	site := synth.Generate(150)
	project := fstest.MapFS{
		"templates/page.html":          file("{{.Content}}"),
		"assets/css/site.css":          file("body{}"),
		"assets/js/site.js":            file("1"),
		"assets/vendor/lib/lib.min.js": file("2"),
		"assets/favicon.svg":           file("<svg/>"),
	}
	ours, hugo, err := SyntheticSites(t.TempDir(), "", site, project)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		filepath.Join(ours, "content/section-002/page-00150.md"),
		filepath.Join(ours, "content/site.yaml"),
		filepath.Join(ours, "templates/page.html"),
		filepath.Join(ours, "assets/css/site.css"),
		filepath.Join(hugo, "hugo.toml"),
		filepath.Join(hugo, "content/section-002/page-00150.md"),
		filepath.Join(hugo, "layouts/_default/baseof.html"),
		filepath.Join(hugo, "layouts/_default/_markup/render-heading.html"),
		filepath.Join(hugo, "assets/css/site.css"),
		filepath.Join(hugo, "static/vendor/lib/lib.min.js"),
		filepath.Join(hugo, "static/favicon.svg"),
	} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	a, _ := os.ReadFile(filepath.Join(ours, "content/section-001/page-00007.md"))
	b, _ := os.ReadFile(filepath.Join(hugo, "content/section-001/page-00007.md"))
	if len(a) == 0 || string(a) != string(b) {
		t.Error("the two trees should hold the same markdown")
	}
	if _, err := os.Stat(filepath.Join(hugo, "content/site.yaml")); err == nil {
		t.Error("site.yaml is the generator's, not Hugo's")
	}
}

// The synthetic site builds with the generator and the project's own
// templates, every page at the URL the generated links point to.
func TestSyntheticSiteBuilds(t *testing.T) {
	site := synth.Generate(120)
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{FS: withProject(t, site), Src: t.TempDir(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != site.Markdown() {
		t.Errorf("built %d pages, want %d", res.Pages, site.Markdown())
	}
	for _, u := range []string{synth.PageURL(1), synth.PageURL(120), "/section-002/"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(u), "index.html")); err != nil {
			t.Errorf("no page at %s", u)
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "section-001", "page-00004", "index.html"))
	for _, want := range []string{"<table>", `<pre class="chroma">`, "<em>", `href="/section-`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("a generated page lacks %q", want)
		}
	}
}

// withProject adds the project's templates and assets to a synthetic site.
func withProject(tb testing.TB, site *synth.Site) fstest.MapFS {
	tb.Helper()
	m := site.MapFS()
	root := os.DirFS(projectRoot)
	for _, dir := range []string{"templates", "assets"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return m
}

// A child process is measured from outside: its wall time covers what it
// did, and its peak memory is read from the kernel.
func TestToolRunMeasuresChild(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	out := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := Tool{Name: "sleep", Argv: []string{sleep, "0.2"}, Out: out}.Run()
	if err != nil {
		t.Fatal(err)
	}
	if s.Wall < 200*time.Millisecond {
		t.Errorf("wall %v for a 0.2 s sleep", s.Wall)
	}
	if s.PeakRSS <= 0 {
		t.Errorf("peak RSS %d: not measured", s.PeakRSS)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the tool's output directory should be removed before the run")
	}
	if _, err := (Tool{Name: "false", Argv: []string{"false"}}).Run(); err == nil {
		t.Error("a failing build should be an error")
	}
}

func TestMedianAndTable(t *testing.T) {
	r := Result{Tool: "a", Samples: []Sample{
		{Wall: 3 * time.Second, CPU: 5 * time.Second, PeakRSS: 300 << 20},
		{Wall: 1 * time.Second, CPU: 2 * time.Second, PeakRSS: 100 << 20},
		{Wall: 2 * time.Second, CPU: 9 * time.Second, PeakRSS: 200 << 20},
	}}
	if m := r.Median(); m.Wall != 2*time.Second || m.CPU != 5*time.Second || m.PeakRSS != 200<<20 {
		t.Errorf("median %+v", m)
	}
	if r.Best() != time.Second {
		t.Errorf("best %v", r.Best())
	}
	h := Result{Tool: "hugo", Samples: []Sample{{Wall: 4 * time.Second, CPU: 10 * time.Second, PeakRSS: 800 << 20}}}
	table := Table(1000, []Result{r, h})
	for _, want := range []string{"2.000 s", "1.000 s", "500", "200 MiB", "4.000 s", "800 MiB", "÷ hugo", "0.50×", "0.25×"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

func TestSummary(t *testing.T) {
	ours := Result{Tool: "reportgen", Samples: []Sample{{Wall: 2 * time.Second, PeakRSS: 100 << 20}}}
	hugo := Result{Tool: "hugo", Samples: []Sample{{Wall: 8 * time.Second, PeakRSS: 400 << 20}}}
	skipped := Result{Tool: "hugo", Skipped: "hugo: did not finish in time: stopped after 10 min", Stopped: "did not finish in 10 min"}
	table := Summary([]Row{{"1k", 1000, []Result{ours, hugo}}, {"100k", 100000, []Result{ours, skipped}}})
	for _, want := range []string{
		"| 1k | 1000 | 2.000 s | 100 MiB | 8.000 s | 400 MiB | 0.25× | 0.25× |",
		"| 100k | 100000 | 2.000 s | 100 MiB | did not finish in 10 min |  |  |  |",
		"100k: Hugo left out, hugo: did not finish in time: stopped after 10 min.",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("summary lacks %q:\n%s", want, table)
		}
	}
}

// A build past its timeout is stopped and reported as such; Compare then
// leaves that tool out instead of failing.
func TestTimeout(t *testing.T) {
	slow := Tool{Name: "slow", Argv: []string{"sleep", "5"}, Timeout: 100 * time.Millisecond}
	start := time.Now()
	if _, err := slow.Run(); !errors.Is(err, ErrTimeout) {
		t.Errorf("a build past its timeout: %v, want ErrTimeout", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Error("the build was not stopped at its timeout")
	}
	res, err := Compare([]Tool{{Name: "fast", Argv: []string{"true"}}, slow}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(res[0].Samples) != 2 || res[1].Skipped == "" || len(res[1].Samples) != 0 {
		t.Errorf("compare with a tool timing out: %+v", res)
	}
	if res[1].Stopped != "did not finish in 100ms" {
		t.Errorf("the table would say %q", res[1].Stopped)
	}
}

// A build whose resident memory grows past MaxRSS is stopped, and the
// comparison leaves it out saying how large it was. The child is this
// test binary, holding 256 MiB (see TestMain).
func TestMemoryLimit(t *testing.T) {
	if currentRSS(os.Getpid()) == 0 {
		t.Skip("resident memory cannot be read on this system: a memory limit is not enforced")
	}
	big := Tool{
		Name:   "big",
		Argv:   []string{os.Args[0]},
		Env:    []string{"BENCH_HOLD_MEMORY=1"},
		MaxRSS: 128 << 20,
	}
	start := time.Now()
	_, err := big.Run()
	if !errors.Is(err, ErrMemory) {
		t.Fatalf("a build past its memory limit: %v, want ErrMemory", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Error("the build was not stopped at its memory limit")
	}
	if !strings.Contains(err.Error(), "stopped at 0.") || !strings.Contains(err.Error(), "(limit 0.1 GiB)") {
		t.Errorf("message %q does not say how large the build was", err)
	}
	res, err := Compare([]Tool{{Name: "small", Argv: []string{"true"}}, big}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(res[0].Samples) != 2 || len(res[1].Samples) != 0 || res[1].Stopped != "stopped at 0.1 GiB" {
		t.Errorf("compare with a tool past its memory limit: %+v", res)
	}
}

// TestMain runs the tests, or, as TestMemoryLimit's child, touches 256 MiB
// and waits to be stopped.
func TestMain(m *testing.M) {
	if os.Getenv("BENCH_HOLD_MEMORY") == "" {
		os.Exit(m.Run())
	}
	b := make([]byte, 256<<20)
	for i := range b {
		b[i] = 1
	}
	time.Sleep(30 * time.Second)
	os.Exit(int(b[len(b)-1]))
}

// BenchmarkBuildSynthetic builds a synthetic site in process, from memory,
// with the project's templates and assets: the whole pipeline per size.
// The bench command measures the same as a child process, beside Hugo.
func BenchmarkBuildSynthetic(b *testing.B) {
	for _, n := range []int{100, 1000} {
		site := synth.Generate(n)
		fsys := withProject(b, site)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			src, out := b.TempDir(), filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				if _, err := pipeline.Build(pipeline.Options{FS: fsys, Src: src, Out: out}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(site.Markdown())*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkGenerate is the cost of making the synthetic site itself.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		synth.Generate(1000)
	}
}

func TestGrowth(t *testing.T) {
	at := func(wall time.Duration, rss int64) []Result {
		return []Result{{Tool: "reportgen", Samples: []Sample{{Wall: wall, CPU: 2 * wall, PeakRSS: rss}}}}
	}
	g := Growth([]int{1000, 10000}, [][]Result{at(time.Second, 100<<20), at(12*time.Second, 900<<20)})
	for _, want := range []string{"from 1000 to 10000 pages (×10.0)", "time ×12.0 (1.00 → 1.20 ms a page), CPU ×12.0", "peak RSS ×9.0"} {
		if !strings.Contains(g, want) {
			t.Errorf("growth lacks %q:\n%s", want, g)
		}
	}
	// Three sizes: each against the one before, so the last step is
	// there to read, not the first size against the last.
	g = Growth([]int{1000, 10000, 100000}, [][]Result{at(time.Second, 100<<20), at(6*time.Second, 150<<20), at(66*time.Second, 900<<20)})
	for _, want := range []string{"from 1000 to 10000 pages", "time ×6.0", "from 10000 to 100000 pages (×10.0)", "time ×11.0 (0.60 → 0.66 ms a page)", "peak RSS ×6.0"} {
		if !strings.Contains(g, want) {
			t.Errorf("growth of three sizes lacks %q:\n%s", want, g)
		}
	}
	if strings.Contains(g, "from 1000 to 100000") {
		t.Errorf("growth of three sizes compares the first with the last:\n%s", g)
	}
	if Growth([]int{1000}, [][]Result{at(time.Second, 1)}) != "" {
		t.Error("one size has no growth")
	}
}

// An output set aside is moved whole below the aside folder, not removed;
// a missing one is no error.
func TestSetAside(t *testing.T) {
	dir := t.TempDir()
	out, aside := filepath.Join(dir, "out"), filepath.Join(dir, "aside")
	if err := os.MkdirAll(filepath.Join(out, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "a", "f.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := SetAside(out, aside); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("run %d: %s is still there: %v", i, out, err)
		}
	}
	moved, err := filepath.Glob(filepath.Join(aside, "old-*", "out", "a", "f.html"))
	if err != nil || len(moved) != 1 {
		t.Errorf("set aside: %q, %v; want the one file moved below %s", moved, err, aside)
	}
}
