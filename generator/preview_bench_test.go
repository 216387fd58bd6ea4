//go:build unix

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"reportgen"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/bench/synth"
)

// BenchmarkPreviewUpdate measures the preview's update of a synthetic site
// of 10,000 pages after an edit, in the process, without the file
// watcher and its debounce (bench -preview measures the whole round
// trip): ns/op is the wall time of Session.Update, cpu-ms/op the
// process's CPU time (user and system, all threads) per update, which
// does not grow when other programs share the machine. The first build
// takes a minute or more.
//
//	go test ./generator/ -run '^$' -bench PreviewUpdate -benchtime 30x
func BenchmarkPreviewUpdate(b *testing.B) {
	dir := b.TempDir()
	site := synth.Generate(10000)
	if err := site.Write(dir); err != nil {
		b.Fatal(err)
	}
	ss := pipeline.NewSession(pipeline.Options{Src: dir, Out: filepath.Join(b.TempDir(), "out"), BaseURL: "http://127.0.0.1:1313/",
		Theme: reportgen.Theme()}, siteFeatures)
	defer ss.Close()
	ctx := context.Background()
	if _, err := ss.Build(ctx); err != nil {
		b.Fatal(err)
	}
	// Ten pages spread over the site, edited in turn.
	var pages []string
	for i := 0; i < 10; i++ {
		k := 1 + i*site.Pages/10 + i
		pages = append(pages, filepath.Join(dir, synth.SectionDir((k-1)/synth.PerSection+1), fmt.Sprintf("page-%05d.md", k)))
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	for _, c := range []struct {
		name string
		edit func(src []byte, i int) []byte
	}{
		{"text", func(src []byte, i int) []byte { return fmt.Appendf(src, "\nAn edited sentence, number %d.\n", i) }},
		{"title", func(src []byte, i int) []byte {
			return title.ReplaceAll(src, fmt.Appendf(nil, "title: \"Page edited %d times\"", i))
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var cpu time.Duration
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				p := pages[i%len(pages)]
				src, err := os.ReadFile(p)
				if err == nil {
					err = os.WriteFile(p, c.edit(src, i), 0o644)
				}
				if err != nil {
					b.Fatal(err)
				}
				before := cpuTime()
				b.StartTimer()
				res, err := ss.Update(ctx, []string{p})
				b.StopTimer()
				cpu += cpuTime() - before
				b.StartTimer()
				if err != nil || !res.Incremental {
					b.Fatalf("edit %d of %s: incremental %t, %v", i, p, err == nil && res.Incremental, err)
				}
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
