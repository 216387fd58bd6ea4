package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reportgen"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/bench/synth"
)

var pollPages = flag.Int("poll-pages", 10, "pages of the synthetic site TestReaderDuringBuilds builds 100 times (1000 for the full-size run)")

// versionRe finds the build version a page was made from.
var versionRe = regexp.MustCompile(`Build version (\d+)\.`)

// pollStats is what a reader polling public/index.html saw.
type pollStats struct {
	reads, misses, torn, mixed, backwards, retired atomic.Int64
	versions                                       sync.Map // version seen -> true
}

// readVersion reads name through root (an open output folder) and returns
// the version it carries, -1 when it carries none or is cut short.
func readVersion(data []byte) int {
	m := versionRe.FindSubmatch(data)
	if m == nil || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
		return -1
	}
	v, _ := strconv.Atoi(string(m[1]))
	return v
}

// TestReaderDuringBuilds publishes 100 full builds of a synthetic site
// while a reader polls public/index.html as fast as it can, as a web
// server serving the folder does. The publish step promises that at every
// instant the output is the old or the new complete site: the reader must
// never miss the home page (misses), read one cut short or without its
// version (torn), find the home page and a chapter from different builds
// in one output folder (mixed), or see an older build after a newer one
// (backwards). go test -run TestReaderDuringBuilds -poll-pages 1000
// ./generator/ runs it on 1,000 pages; make test on 10.
func TestReaderDuringBuilds(t *testing.T) {
	const builds = 100
	src := copySources(t, t.TempDir())
	if err := os.RemoveAll(filepath.Join(src, "content")); err != nil {
		t.Fatal(err)
	}
	site := synth.Generate(*pollPages)
	if err := site.Write(src); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(src, "content", "_index.md")
	homeSrc, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	last := site.Files[len(site.Files)-1]
	chapter := filepath.Join(src, filepath.FromSlash(last.Path))
	chapterURL := synth.PageURL(site.Pages)
	version := func(v int) {
		mark := fmt.Sprintf("\nBuild version %d.\n", v)
		if err := os.WriteFile(home, append(append([]byte{}, homeSrc...), mark...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(chapter, append(append([]byte{}, last.Data...), mark...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	build := func() time.Duration {
		start := time.Now()
		_, err := pipeline.Build(pipeline.Options{Src: src, Out: out, Theme: reportgen.Theme(), Features: siteFeatures()})
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		return time.Since(start)
	}
	version(0)
	build()

	var st pollStats
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		index := filepath.Join(out, "index.html")
		newest := -1
		for {
			select {
			case <-stop:
				return
			default:
			}
			st.reads.Add(1)
			data, err := os.ReadFile(index)
			if err != nil {
				st.misses.Add(1)
				continue
			}
			v := readVersion(data)
			if v < 0 {
				st.torn.Add(1)
				continue
			}
			st.versions.Store(v, true)
			if v < newest {
				st.backwards.Add(1)
			}
			newest = max(newest, v)
			// One output folder holds one build: the home page and a
			// chapter read through the same open folder agree. A folder
			// swapped out between the two reads is being removed; what
			// is gone from it is not counted.
			root, err := os.OpenRoot(out)
			if err != nil {
				st.misses.Add(1)
				continue
			}
			h, err1 := root.ReadFile("index.html")
			c, err2 := root.ReadFile(filepath.FromSlash(chapterURL[1:]) + "index.html")
			root.Close()
			if err1 != nil || err2 != nil {
				st.retired.Add(1)
				continue
			}
			if hv, cv := readVersion(h), readVersion(c); hv != cv {
				st.mixed.Add(1)
			}
		}
	}()
	var total time.Duration
	for v := 1; v <= builds; v++ {
		version(v)
		total += build()
	}
	close(stop)
	<-done
	seen := 0
	st.versions.Range(func(_, _ any) bool { seen++; return true })
	t.Logf("%d builds of %d pages (%v each on average): %d reads of index.html, %d builds seen; misses %d, torn %d, mixed %d, backwards %d (%d reads of a folder already swapped out)",
		builds, site.Markdown(), (total / builds).Round(time.Millisecond), st.reads.Load(), seen,
		st.misses.Load(), st.torn.Load(), st.mixed.Load(), st.backwards.Load(), st.retired.Load())
	if st.misses.Load()+st.torn.Load()+st.mixed.Load()+st.backwards.Load() != 0 {
		t.Errorf("a reader saw the output missing or incomplete: misses %d, torn %d, mixed %d, backwards %d",
			st.misses.Load(), st.torn.Load(), st.mixed.Load(), st.backwards.Load())
	}
	if seen < 2 {
		t.Errorf("the reader saw %d builds: it did not run while they published", seen)
	}
}
