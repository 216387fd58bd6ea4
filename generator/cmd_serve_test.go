package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/serve"
)

func TestServeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-nope"},
		{"extra"},
		{"-src", t.TempDir()}, // no content/ folder
	} {
		var out, errOut bytes.Buffer
		if code := run(append([]string{"serve"}, args...), &out, &errOut); code != 2 {
			t.Errorf("serve %v: exit %d, want 2\n%s", args, code, errOut.String())
		}
	}
	// An output directory that would overwrite the sources is refused
	// before anything is built.
	src := copySources(t, t.TempDir())
	var out, errOut bytes.Buffer
	if code := run([]string{"serve", "-src", src, "-out", filepath.Join(src, "content"), "-addr", "127.0.0.1:0"}, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "refusing") {
		t.Errorf("serve into content/: exit %d\n%s", code, errOut.String())
	}
}

// copySite copies the report's sources into dir, so edits never touch the
// real ones.
func copySources(tb testing.TB, dir string) string {
	tb.Helper()
	for _, top := range []string{"content", "templates", "assets"} {
		err := filepath.WalkDir(filepath.Join("..", top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("..", p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkServeEditToReload measures what an editor waits for: from
// saving a chapter of the real report to the browsers being told to
// reload. ns/op is the whole round trip as a browser sees it (file write,
// change notification, debounce, the update of what the edit changed,
// event); ms/change-to-event is the server's own measure, from the change
// notification to the event being sent, and ms/build the update alone.
func BenchmarkServeEditToReload(b *testing.B) {
	src := copySources(b, b.TempDir())
	chapter := filepath.Join(src, "content", "04-methods.md")
	original, err := os.ReadFile(chapter)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "site")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	// As runServe does: the session renders again only what an edit
	// changes (see bench -preview for a site of 10,000 pages).
	session := pipeline.NewSession(pipeline.Options{Src: src, Out: out, BaseURL: url + "/"}, siteFeatures)
	defer session.Close()
	srv := serve.New(serve.Config{
		Out: out, Src: src,
		Watch:  []string{filepath.Join(src, "content"), filepath.Join(src, "templates"), filepath.Join(src, "assets")},
		Build:  session.Build,
		Update: session.Update,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	defer func() {
		cancel()
		<-done
	}()

	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/__events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 8) // "name data"
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				events <- name + " " + d
			}
		}
		close(events)
	}()
	await := func(want string) string {
		select {
		case ev, ok := <-events:
			if !ok || !strings.HasPrefix(ev, want+" ") {
				b.Fatalf("got event %q, want %s", ev, want)
			}
			return strings.TrimPrefix(ev, want+" ")
		case <-time.After(time.Minute):
			b.Fatalf("no %s event", want)
		}
		return ""
	}
	await("hello")

	var latencies, builds []float64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edit := append(append([]byte{}, original...), []byte("\nEdited "+strings.Repeat("again ", i%3)+"for the benchmark.\n")...)
		if err := os.WriteFile(chapter, edit, 0o644); err != nil {
			b.Fatal(err)
		}
		var m struct {
			BuildMS   float64 `json:"build_ms"`
			LatencyMS float64 `json:"latency_ms"`
		}
		if err := json.Unmarshal([]byte(await("reload")), &m); err != nil {
			b.Fatal(err)
		}
		latencies = append(latencies, m.LatencyMS)
		builds = append(builds, m.BuildMS)
	}
	b.StopTimer()
	b.ReportMetric(meanOf(latencies), "ms/change-to-event")
	b.ReportMetric(percentileOf(latencies, 0.95), "ms-p95/change-to-event")
	b.ReportMetric(meanOf(builds), "ms/build")
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func percentileOf(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64{}, xs...)
	sort.Float64s(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
