package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Tool is one build command to measure.
type Tool struct {
	Name string
	// Argv is the command and its arguments; Env is added to the
	// environment.
	Argv []string
	Env  []string
	// Out is the build's output directory. It is emptied before every
	// run (untimed), so each tool starts from the same empty state: moved
	// into Aside when that is set, else removed.
	Out string
	// Aside is a folder on the same file system that previous outputs
	// are moved into, to be removed once everything is measured (see
	// SetAside).
	Aside string
	// Timeout, when set, stops a build that takes longer; the tool is
	// then left out of the comparison at that size (ErrTimeout).
	Timeout time.Duration
	// MaxRSS, when set, stops a build whose resident memory grows past
	// it (ErrMemory), read from the kernel every pollRSS: on a machine
	// without swap that others share, a build that would need more than
	// the memory there is must be stopped before the kernel stops
	// something else.
	MaxRSS int64
	// Cold leaves out the unmeasured warm-up build (see Compare), for
	// builds of minutes, where loading the program is lost in the noise.
	Cold bool
}

// ErrTimeout is a build stopped at its Timeout; ErrMemory one stopped at
// its MaxRSS.
var (
	ErrTimeout = errors.New("did not finish in time")
	ErrMemory  = errors.New("used more memory than allowed")
)

// pollRSS is how often a build with a MaxRSS has its memory read. A Go
// program's heap grows by at most a few hundred megabytes in that time.
const pollRSS = 100 * time.Millisecond

// Sample is one measured build.
type Sample struct {
	Wall time.Duration
	// CPU is user plus system time.
	CPU time.Duration
	// PeakRSS is the child's peak resident memory in bytes (0: unknown).
	PeakRSS int64
}

// Run builds once in a child process and measures it. The child is
// measured from outside, by wall clock and by its resource usage, the
// same way for every tool.
func (t Tool) Run() (Sample, error) {
	if t.Out != "" {
		if err := SetAside(t.Out, t.Aside); err != nil {
			return Sample{}, err
		}
	}
	settle()
	ctx, stop := context.WithCancelCause(context.Background())
	defer stop(nil)
	if t.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, t.Timeout, ErrTimeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, t.Argv[0], t.Argv[1:]...)
	cmd.Env = append(os.Environ(), t.Env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Sample{}, fmt.Errorf("%s: %v", t.Name, err)
	}
	// The largest resident size seen while the build runs, for the
	// message when it is stopped (the kernel's peak comes with its exit
	// status only when it ends by itself).
	var seen int64
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		if t.MaxRSS <= 0 && t.Timeout <= 0 {
			return
		}
		tick := time.NewTicker(pollRSS)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			rss := currentRSS(cmd.Process.Pid)
			seen = max(seen, rss)
			if t.MaxRSS > 0 && rss > t.MaxRSS {
				stop(ErrMemory)
				return
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	stop(nil)
	<-watched
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, ErrTimeout):
		return Sample{}, fmt.Errorf("%s: %w: stopped after %s%s", t.Name, ErrTimeout, minutes(t.Timeout), atRSS(seen))
	case errors.Is(cause, ErrMemory):
		return Sample{}, fmt.Errorf("%s: %w: stopped at %s resident after %s (limit %s)", t.Name, ErrMemory, gib(seen), seconds(wall), gib(t.MaxRSS))
	}
	if err != nil {
		return Sample{}, fmt.Errorf("%s: %v\n%s", t.Name, err, tail(out.String(), 20))
	}
	ps := cmd.ProcessState
	return Sample{Wall: wall, CPU: ps.UserTime() + ps.SystemTime(), PeakRSS: peakRSS(ps)}, nil
}

// SetAside empties the way for a new dir: it moves what is there into a
// new folder below aside, or removes it when aside is "". Files removed
// just before a build slow it down: ext4 does not give a new file an
// inode freed in the last half minute or so, and looks past each such one
// in turn. Three builds of 10,000 pages, each after removing the output
// of the one before, took 9.5, 11.2 and 12.6 s (system time 3.4, 5.3,
// 7.1 s); three into folders never used, 8.2 s each (2.1 s).
func SetAside(dir, aside string) error {
	if aside == "" {
		return os.RemoveAll(dir)
	}
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(aside, 0o755); err != nil {
		return err
	}
	to, err := os.MkdirTemp(aside, "old-")
	if err != nil {
		return err
	}
	return os.Rename(dir, filepath.Join(to, filepath.Base(dir)))
}

// minutes writes a timeout as people say it: "10 min".
func minutes(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.String()
}

func atRSS(rss int64) string {
	if rss == 0 {
		return ""
	}
	return ", at " + gib(rss) + " resident"
}

func gib(b int64) string { return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30)) }

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}

// Result is the samples of one tool.
type Result struct {
	Tool    string
	Samples []Sample
	// Skipped says why the tool has no samples (it was stopped at its
	// Timeout or MaxRSS); Stopped says it in a few words for a table.
	Skipped, Stopped string
}

// Best is the shortest wall time, the build least disturbed by the rest of
// the machine.
func (r Result) Best() time.Duration {
	var best time.Duration
	for i, s := range r.Samples {
		if i == 0 || s.Wall < best {
			best = s.Wall
		}
	}
	return best
}

// Median is the median of each measure taken separately.
func (r Result) Median() Sample {
	n := len(r.Samples)
	if n == 0 {
		return Sample{}
	}
	walls := make([]time.Duration, n)
	cpus := make([]time.Duration, n)
	rss := make([]int64, n)
	for i, s := range r.Samples {
		walls[i], cpus[i], rss[i] = s.Wall, s.CPU, s.PeakRSS
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
	sort.Slice(rss, func(i, j int) bool { return rss[i] < rss[j] })
	return Sample{Wall: walls[n/2], CPU: cpus[n/2], PeakRSS: rss[n/2]}
}

// Compare runs every tool runs times, taking turns so that a change in
// the machine's load affects them alike.
//
// Each tool first builds once unmeasured, so that neither pays alone for
// loading its program from disk.
//
// A tool stopped at its Timeout or MaxRSS is not run again; its Result
// says so in Skipped. When the first tool (this generator) is stopped the
// comparison fails.
func Compare(tools []Tool, runs int) ([]Result, error) {
	res := make([]Result, len(tools))
	run := func(i int) (Sample, error) {
		s, err := tools[i].Run()
		if i == 0 {
			return s, err
		}
		switch {
		case errors.Is(err, ErrTimeout):
			res[i].Stopped = "did not finish in " + minutes(tools[i].Timeout)
		case errors.Is(err, ErrMemory):
			res[i].Stopped = "stopped at " + gib(tools[i].MaxRSS)
		default:
			return s, err
		}
		res[i].Skipped, res[i].Samples = err.Error(), nil
		return s, nil
	}
	for i, t := range tools {
		res[i].Tool = t.Name
		// A build long or large enough to be stopped is measured once,
		// cold: it is not run more than once.
		if t.Cold || t.Timeout > 0 || t.MaxRSS > 0 {
			continue
		}
		if _, err := run(i); err != nil {
			return res, err
		}
	}
	for r := 0; r < runs; r++ {
		for i := range tools {
			if res[i].Skipped != "" {
				continue
			}
			s, err := run(i)
			if err != nil {
				return res, err
			}
			if res[i].Skipped == "" {
				res[i].Samples = append(res[i].Samples, s)
			}
		}
	}
	return res, nil
}

// Row is one site's results for Summary.
type Row struct {
	Site    string
	Pages   int
	Results []Result // this generator's first, then Hugo's (if used)
}

// Summary is the one table of every site measured: wall time and peak
// memory of this generator beside Hugo's, and their ratios, as Markdown.
func Summary(rows []Row) string {
	var b strings.Builder
	b.WriteString("| site | pages | ours: wall | ours: peak RSS | Hugo: wall | Hugo: peak RSS | wall ÷ Hugo | RSS ÷ Hugo |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|\n")
	var notes []string
	for _, r := range rows {
		if len(r.Results) == 0 {
			continue
		}
		a := r.Results[0].Median()
		hw, hr, rw, rr := "not used", "", "", ""
		if len(r.Results) > 1 {
			h := r.Results[1]
			if h.Skipped != "" {
				hw = "skipped"
				if h.Stopped != "" {
					hw = h.Stopped
				}
				notes = append(notes, fmt.Sprintf("%s: Hugo left out, %s.", r.Site, h.Skipped))
			} else {
				o := h.Median()
				hw, hr = seconds(o.Wall), mib(o.PeakRSS)
				rw, rr = ratio(a.Wall.Seconds(), o.Wall.Seconds()), ratio(float64(a.PeakRSS), float64(o.PeakRSS))
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", r.Site, r.Pages, seconds(a.Wall), mib(a.PeakRSS), hw, hr, rw, rr)
	}
	for _, n := range notes {
		b.WriteString("\n" + n)
	}
	if len(notes) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// Table formats results for pages rendered pages; the last column and row
// compare every tool with the first.
func Table(pages int, results []Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %-10s %10s %10s %10s %10s %11s\n", "", "wall", "best", "CPU", "pages/s", "peak RSS")
	for _, r := range results {
		if len(r.Samples) == 0 {
			continue // stopped: its note says why
		}
		m := r.Median()
		fmt.Fprintf(&b, "  %-10s %10s %10s %10s %10.0f %11s\n", r.Tool, seconds(m.Wall), seconds(r.Best()), seconds(m.CPU),
			float64(pages)/m.Wall.Seconds(), mib(m.PeakRSS))
	}
	if len(results) > 1 {
		a := results[0].Median()
		for _, r := range results[1:] {
			if len(r.Samples) == 0 {
				continue
			}
			o := r.Median()
			fmt.Fprintf(&b, "  %-10s %10s %10s %10s %10s %11s\n", "÷ "+r.Tool,
				ratio(a.Wall.Seconds(), o.Wall.Seconds()), ratio(results[0].Best().Seconds(), r.Best().Seconds()),
				ratio(a.CPU.Seconds(), o.CPU.Seconds()), "", ratio(float64(a.PeakRSS), float64(o.PeakRSS)))
		}
	}
	return b.String()
}

func seconds(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.3f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func mib(b int64) string {
	if b == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// Growth says how each tool's time and memory grew from each site size to
// the next, beside how much the site grew: linear growth has equal
// factors. pages[i] is the size results[i] was measured at.
func Growth(pages []int, results [][]Result) string {
	if len(pages) < 2 || len(results) != len(pages) {
		return ""
	}
	// Each size against the one before it: the targets compare 10,000
	// pages with 100,000, not with the first size of the series.
	var b strings.Builder
	for last := 1; last < len(pages); last++ {
		first := last - 1
		fmt.Fprintf(&b, "  growth from %d to %d pages (×%.1f):\n", pages[first], pages[last], float64(pages[last])/float64(pages[first]))
		for t := range results[first] {
			if t >= len(results[last]) {
				break
			}
			if len(results[first][t].Samples) == 0 || len(results[last][t].Samples) == 0 {
				continue // stopped at one of the sizes
			}
			a, z := results[first][t].Median(), results[last][t].Median()
			perA := a.Wall.Seconds() * 1000 / float64(pages[first])
			perZ := z.Wall.Seconds() * 1000 / float64(pages[last])
			fmt.Fprintf(&b, "  %-10s time ×%.1f (%.2f → %.2f ms a page), CPU ×%.1f, peak RSS ×%.1f\n", results[first][t].Tool,
				z.Wall.Seconds()/a.Wall.Seconds(), perA, perZ, z.CPU.Seconds()/max(a.CPU.Seconds(), 1e-9), float64(z.PeakRSS)/float64(max(a.PeakRSS, 1)))
		}
	}
	return b.String()
}
