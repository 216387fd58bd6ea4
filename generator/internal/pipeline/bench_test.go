package pipeline

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/output/assets"
	"reportgen/generator/internal/output/publish"
	"reportgen/generator/internal/output/templates"
	"reportgen/generator/internal/tool/bench/synth"
)

// The phase benchmarks run on synthetic sites styled with the project's
// own templates and assets (the report itself needs the features that
// package main registers: BenchmarkReportBuild there measures it):
//
//	go test -run '^$' -bench . -benchmem ./generator/internal/pipeline/
//
// Profile one with -cpuprofile cpu.prof and `go tool pprof`.

// projectRoot is the repository root, holding the report's content/,
// templates/ and assets/.
const projectRoot = "../../.."

type benchSite struct {
	name string
	fsys func(b *testing.B) fs.FS
}

var benchSites = []benchSite{
	{"synth-100", func(b *testing.B) fs.FS { return synthFS(b, 100) }},
	{"synth-1000", func(b *testing.B) fs.FS { return synthFS(b, 1000) }},
}

// synthFS is a synthetic site of n pages with the project's templates and
// assets, in memory.
func synthFS(b *testing.B, n int) fs.FS {
	b.Helper()
	m := synth.Generate(n).MapFS()
	root := os.DirFS(projectRoot)
	for _, dir := range []string{"templates", "assets"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// prepared runs load, parse and index once, outside the timer.
func prepared(b *testing.B, fsys fs.FS) *site {
	b.Helper()
	s, _, err := prepare(Options{FS: fsys, Src: b.TempDir(), Out: filepath.Join(b.TempDir(), "public")})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLoad reads and decodes every input: content and front matter,
// templates and assets (minified, hashed).
func BenchmarkLoad(b *testing.B) {
	for _, bs := range benchSites {
		b.Run(bs.name, func(b *testing.B) {
			fsys := bs.fsys(b)
			s := prepared(b, fsys)
			b.ResetTimer()
			for b.Loop() {
				if _, l := content.Load(fsys, "content", false); l.Len() > 0 {
					b.Fatal(l)
				}
				if _, l := templates.Load(fsys, "templates", s.funcs()); l.Len() > 0 {
					b.Fatal(l)
				}
				if _, l := assets.Load(fsys, "assets", nil); l.Len() > 0 {
					b.Fatal(l)
				}
			}
			b.ReportMetric(float64(len(s.pages())), "pages")
		})
	}
}

// BenchmarkParse parses every page's markdown, concurrently, as a build
// does.
func BenchmarkParse(b *testing.B) {
	for _, bs := range benchSites {
		b.Run(bs.name, func(b *testing.B) {
			s := prepared(b, bs.fsys(b))
			pages := s.pages()
			b.ResetTimer()
			for b.Loop() {
				parallel(len(pages), func(i int) {
					p := pages[i]
					s.Engine.Parse(p.Body, &markdown.PageInfo{Path: p.Path, BodyLine: p.BodyLine, URL: p.URL})
				})
			}
			b.ReportMetric(float64(len(pages)), "pages")
		})
	}
}

// BenchmarkIndex is the index phase: every page parsed, its figures
// numbered and its citations and shortcodes checked, and dropped.
func BenchmarkIndex(b *testing.B) {
	for _, bs := range benchSites {
		b.Run(bs.name, func(b *testing.B) {
			s := prepared(b, bs.fsys(b))
			known := map[string]bool{"references": true}
			pages := s.pages()
			b.ResetTimer()
			for b.Loop() {
				ix := s.newIndexer(known)
				s.eachParsed(pages, ix.page)
				if errs := ix.finish(); errs.HasErrors(false) {
					b.Fatal(errs)
				}
			}
			b.ReportMetric(float64(len(pages)), "pages")
		})
	}
}

// BenchmarkRender renders every page to HTML and through its layout, in
// memory: the CPU side of the write phase. "parsed" parses each page
// again, as the build does; "kept" renders trees parsed beforehand, as a
// build that held every tree would. Their difference is the price of
// parsing twice instead of holding every page's tree in memory.
func BenchmarkRender(b *testing.B) {
	for _, bs := range benchSites {
		for _, kept := range []bool{false, true} {
			name := bs.name + "/parsed"
			if kept {
				name = bs.name + "/kept"
			}
			b.Run(name, func(b *testing.B) {
				s := prepared(b, bs.fsys(b))
				pages := s.pages()
				docs := make([]*markdown.Doc, len(pages))
				if kept {
					for i, p := range pages {
						docs[i], _ = s.parse(p)
					}
				}
				b.ResetTimer()
				for b.Loop() {
					parallel(len(pages), func(i int) {
						p, d := pages[i], docs[i]
						if d == nil {
							d, _ = s.parse(p)
						}
						html, e := s.renderDoc(p, d)
						if e != nil {
							b.Error(e)
							return
						}
						data := s.baseData(p)
						data.Content, data.Outline, data.Uses = html, d.Outline, markdown.Info(d.AST).Uses
						if e := s.Templates.Execute(discard{}, s.layoutFor(p), data); e != nil {
							b.Error(e)
						}
					})
				}
				b.ReportMetric(float64(len(pages)), "pages")
			})
		}
	}
}

// BenchmarkWrite is the whole write phase: every page, the full report,
// the assets, sitemap and robots.txt, written to disk.
func BenchmarkWrite(b *testing.B) {
	for _, bs := range benchSites {
		b.Run(bs.name, func(b *testing.B) {
			s := prepared(b, bs.fsys(b))
			dir := b.TempDir()
			b.ResetTimer()
			for b.Loop() {
				if errs := s.write(newOutput(dir, s.reserved)); errs.HasErrors(false) {
					b.Fatal(errs)
				}
			}
			b.ReportMetric(float64(len(s.pages())), "pages")
		})
	}
}

// BenchmarkPublish is the publish phase: a written site in its staging
// directory swapped in for the previous one, which is then removed. The
// site is written again before each swap, outside the timer.
func BenchmarkPublish(b *testing.B) {
	for _, bs := range benchSites {
		b.Run(bs.name, func(b *testing.B) {
			s := prepared(b, bs.fsys(b))
			out := filepath.Join(b.TempDir(), "public")
			files := 0
			for b.Loop() {
				b.StopTimer()
				stage, err := publish.Stage(out)
				if err != nil {
					b.Fatal(err)
				}
				o := newOutput(stage.Dir, s.reserved)
				if errs := s.write(o); errs.HasErrors(false) {
					b.Fatal(errs)
				}
				files = o.Count()
				b.StartTimer()
				if err := stage.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(files), "files")
		})
	}
}

// BenchmarkBuild is a whole build into a fresh output directory.
func BenchmarkBuild(b *testing.B) {
	for _, bs := range benchSites {
		b.Run(bs.name, func(b *testing.B) {
			fsys := bs.fsys(b)
			src, out := b.TempDir(), b.TempDir()
			b.ResetTimer()
			for b.Loop() {
				dest := path.Join(out, "public")
				if _, err := Build(Options{FS: fsys, Src: src, Out: dest}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
