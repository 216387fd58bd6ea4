package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/serve"
)

// Preview measures the development server as an editor meets it: the
// time from a file being written to the open browser being told to
// reload.
type Preview struct {
	// Opts builds the site (Src and Out set); its Features are ignored.
	Opts     pipeline.Options
	Features func() []pipeline.Feature
	// Full makes every edit a full build, as the server did before it
	// kept its builds.
	Full bool
	// Log receives the server's terminal output.
	Log io.Writer
}

// Edit is one change of a file: Change makes its new content from the
// old.
type Edit struct {
	Path   string
	Change func(old []byte) []byte
}

// Measure starts the preview server on a free loopback port, waits for
// its first build, then makes the edits one after the other, each once
// the browser was told to reload after the one before, and returns the
// time from the write of each file to the server's reload event, read
// from the event stream as a browser reads it, and whether the server
// updated the output without a full build after each.
func (p Preview) Measure(edits []Edit) ([]time.Duration, []bool, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	session := pipeline.NewSession(p.Opts, p.Features)
	defer session.Close()
	cfg := serve.Config{
		Out: p.Opts.Out, Src: p.Opts.Src, Log: p.Log,
		Watch: []string{filepath.Join(p.Opts.Src, "content")},
		Build: session.Build,
	}
	var mu sync.Mutex
	var incremental []bool
	if !p.Full {
		cfg.Update = func(ctx context.Context, changed []string) (*pipeline.Result, error) {
			res, err := session.Update(ctx, changed)
			mu.Lock()
			incremental = append(incremental, err == nil && res.Incremental)
			mu.Unlock()
			return res, err
		}
	}
	srv := serve.New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Run(ctx, ln) }()
	defer func() {
		cancel()
		<-served
	}()

	events, err := listen(ctx, "http://"+ln.Addr().String()+"/__events")
	if err != nil {
		return nil, nil, err
	}
	var out []time.Duration
	for _, e := range edits {
		// A pause, so that the watcher does not see two edits as one.
		time.Sleep(100 * time.Millisecond)
		old, err := os.ReadFile(e.Path)
		if err != nil {
			return out, nil, err
		}
		data := e.Change(old)
		start := time.Now()
		if err := os.WriteFile(e.Path, data, 0o644); err != nil {
			return out, nil, err
		}
		reloaded := false
		for ev := range events {
			if ev == "build-error" {
				return out, nil, fmt.Errorf("the preview's build failed after editing %s", e.Path)
			}
			if ev == "reload" {
				out = append(out, time.Since(start))
				reloaded = true
				break
			}
		}
		if !reloaded {
			return out, nil, errors.New("the event stream ended")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	return out, slices.Clone(incremental), nil
}

// listen connects to the server's event stream once it has built the
// site, and returns the names of the events that follow.
func listen(ctx context.Context, url string) (<-chan string, error) {
	var resp *http.Response
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil, err
		}
		time.Sleep(50 * time.Millisecond)
	}
	events := make(chan string, 16)
	ready := make(chan struct{})
	go func() {
		defer resp.Body.Close()
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			name, ok := strings.CutPrefix(sc.Text(), "event: ")
			if !ok {
				continue
			}
			if name == "hello" {
				// The stream opens once the first build is done.
				close(ready)
				continue
			}
			select {
			case events <- name:
			case <-ctx.Done():
				return
			}
		}
	}()
	select {
	case <-ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return events, nil
}

// Percentile is the p-th percentile (0 to 100) of ds, the nearest rank.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}
