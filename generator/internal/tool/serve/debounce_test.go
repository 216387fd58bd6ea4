package serve

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reportgen/generator/internal/pipeline"
)

// poller fetches url as fast as it can until stopped and keeps every
// distinct body it was served.
type poller struct {
	stop   chan struct{}
	done   chan struct{}
	mu     sync.Mutex
	bodies map[string]bool
	n      atomic.Int64
}

func poll(url string) *poller {
	p := &poller{stop: make(chan struct{}), done: make(chan struct{}), bodies: map[string]bool{}}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-p.stop:
				return
			default:
			}
			resp, err := http.Get(url)
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			p.n.Add(1)
			p.mu.Lock()
			p.bodies[string(b)] = true
			p.mu.Unlock()
		}
	}()
	return p
}

// seen reports whether some body served so far contains s.
func (p *poller) seen(s string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for b := range p.bodies {
		if strings.Contains(b, s) {
			return true
		}
	}
	return false
}

func (p *poller) end() map[string]bool {
	close(p.stop)
	<-p.done
	return p.bodies
}

// An editor's save is often several writes: the file truncated, then
// written in chunks. A pause between them shorter than the debounce must
// not publish the file half-written: a reader polling the page while the
// file is written in two halves sees the old page or the whole new one,
// never the first half alone.
func TestHalfWrittenFileIsNeverPublished(t *testing.T) {
	t.Run("full builds", func(t *testing.T) { halfWritten(t, start(t, nil)) })
	t.Run("updates", func(t *testing.T) { halfWritten(t, startSession(t)) })
}

func halfWritten(t *testing.T, s *testServer) {
	page := filepath.Join(s.src, "content", "01-intro.md")
	// The server must absorb a pause of up to absorb within a save:
	// longer than the 16 ms measured between truncating and writing with
	// `cat > file` (see DefaultDebounce). The test pauses for pause; a
	// trial the machine held up beyond absorb tests nothing and is not
	// counted.
	const pause, absorb = 25 * time.Millisecond, 40 * time.Millisecond
	counted := 0
	for trial := 1; counted < 3 && trial <= 10; trial++ {
		first := "---\ntitle: Introduction\ndescription: Why.\n---\n\nTrial " + itoa(trial) + " begins"
		second := " and trial " + itoa(trial) + " ends.\n"
		p := poll(s.url + "/intro/")
		f, err := os.OpenFile(page, os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(first); err != nil {
			t.Fatal(err)
		}
		wrote := time.Now()
		time.Sleep(pause)
		if _, err := f.WriteString(second); err != nil {
			t.Fatal(err)
		}
		gap := time.Since(wrote)
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(wait)
		for !p.seen("trial "+itoa(trial)+" ends") && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		// A little longer, in case a late build published something.
		time.Sleep(2 * DefaultDebounce)
		polls := p.n.Load()
		bodies := p.end()
		if !p.seen("trial " + itoa(trial) + " ends") {
			t.Fatalf("trial %d: the whole page was never served; log:\n%s", trial, s.log.String())
		}
		if gap > absorb {
			t.Logf("trial %d: the pause took %v, longer than %v; not counted", trial, gap, absorb)
			continue
		}
		counted++
		for b := range bodies {
			if strings.Contains(b, "Trial "+itoa(trial)+" begins") && !strings.Contains(b, "trial "+itoa(trial)+" ends") {
				t.Errorf("trial %d: the page was served half-written (pause %v):\n%s", trial, gap.Round(time.Millisecond), b)
			}
			if !strings.Contains(b, "begins") && !strings.Contains(b, "First version") {
				t.Errorf("trial %d: the page was served empty (the file truncated):\n%s", trial, b)
			}
		}
		t.Logf("trial %d: pause %v, %d polls, %d distinct pages served", trial, gap.Round(time.Millisecond), polls, len(bodies))
	}
	if counted == 0 {
		t.Fatalf("every trial's pause outlasted %v: the machine is too busy to test this", absorb)
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

// A write that comes while a build runs (a save that paused longer than
// the debounce) cancels that build: what it read may be half a file, and
// it publishes nothing. The build after the next quiet period publishes
// the whole file.
func TestChangeDuringBuildCancelsIt(t *testing.T) {
	const half, whole = "half of it", "half of it and the rest"
	var mu sync.Mutex
	var published []string
	readHalf := make(chan struct{}, 1)
	s := start(t, func(opts pipeline.Options) (*pipeline.Result, error) {
		b, err := os.ReadFile(filepath.Join(opts.Src, "content", "01-intro.md"))
		if err != nil {
			return nil, err
		}
		read := string(b)
		if strings.HasSuffix(read, half) {
			select {
			case readHalf <- struct{}{}:
			default:
			}
		}
		// A build long enough to be overtaken by the rest of the file.
		select {
		case <-opts.Context.Done():
			return nil, pipeline.ErrCanceled
		case <-time.After(300 * time.Millisecond):
		}
		// Not canceled: this build goes on to publish what it read.
		mu.Lock()
		published = append(published, read)
		mu.Unlock()
		return pipeline.Build(opts)
	})
	page := filepath.Join(s.src, "content", "01-intro.md")
	head := "---\ntitle: Introduction\ndescription: Why.\n---\n\n"
	writeFile(t, s.src, "content/01-intro.md", head+half)
	select {
	case <-readHalf:
	case <-time.After(wait):
		t.Fatal("no build read the first half")
	}
	f, err := os.OpenFile(page, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(whole[len(half):]); err != nil {
		t.Fatal(err)
	}
	f.Close()
	deadline := time.Now().Add(wait)
	for {
		_, body := get(t, s.url+"/intro/")
		if strings.Contains(body, whole) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the whole file was never published; log:\n%s", s.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range published {
		if strings.HasSuffix(p, half) {
			t.Errorf("a build that read the file half-written published it")
		}
	}
	if !strings.Contains(s.log.String(), "changed again while building") {
		t.Errorf("the terminal does not say the build was started again; log:\n%s", s.log.String())
	}
}
