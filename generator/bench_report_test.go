package main

import (
	"os"
	"path/filepath"
	"testing"

	"reportgen/generator/internal/pipeline"
)

// BenchmarkReportBuild builds the report with every feature, in process,
// and reports each phase's share of the time (ms/op per phase):
//
//	go test -run '^$' -bench ReportBuild -benchmem ./generator/
//
// `generator bench -report` measures the same as a child process, beside
// Hugo.
func BenchmarkReportBuild(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	phases := map[string]float64{}
	for b.Loop() {
		res, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, Features: siteFeatures()})
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range res.Phases {
			phases[p.Name] += p.Duration.Seconds() * 1000
		}
	}
	for name, ms := range phases {
		b.ReportMetric(ms/float64(b.N), name+"-ms/op")
	}
}

// BenchmarkReportCharts builds the report as BenchmarkReportBuild does,
// with the charts' drawings cold (an empty cache: every chart drawn by a
// new JavaScript engine), warm on disk (a new run, drawings found in the
// user's cache directory) and warm in memory (the development server's
// rebuilds, which keep their features):
//
//	go test -run '^$' -bench ReportCharts -benchtime 5x ./generator/
func BenchmarkReportCharts(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	build := func(b *testing.B, features []pipeline.Feature) {
		if _, err := pipeline.Build(pipeline.Options{Src: "..", Out: out, Features: features}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("cold", func(b *testing.B) {
		b.Setenv("XDG_CACHE_HOME", b.TempDir())
		for b.Loop() {
			b.StopTimer()
			dir, err := os.MkdirTemp(b.TempDir(), "cache")
			if err != nil {
				b.Fatal(err)
			}
			os.Setenv("XDG_CACHE_HOME", dir)
			b.StartTimer()
			build(b, siteFeatures())
		}
	})
	b.Run("warm-disk", func(b *testing.B) {
		b.Setenv("XDG_CACHE_HOME", b.TempDir())
		build(b, siteFeatures())
		for b.Loop() {
			build(b, siteFeatures())
		}
	})
	b.Run("warm-memory", func(b *testing.B) {
		b.Setenv("XDG_CACHE_HOME", b.TempDir())
		features := siteFeatures()
		build(b, features)
		for b.Loop() {
			build(b, features)
		}
	})
}
