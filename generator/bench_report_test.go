package main

import (
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
