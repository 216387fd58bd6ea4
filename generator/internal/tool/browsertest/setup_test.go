// Package browsertest checks the built report in a real browser: Debian's
// Chromium, driven with chromedp, over the site served on loopback under a
// sub-path. What only a browser shows is checked here: console errors,
// failed or third-party requests, search, themes, charts, print styles and
// axe-core's accessibility rules on every page.
package browsertest

import (
	"context"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// basePath is the sub-path the site is served under, as on a static host
// that publishes several reports.
const basePath = "/reports/medical-ce/"

// enableHint is the one line a reader sees when the tests cannot run.
const enableHint = "browser tests skipped: Chromium not found; install it (apt-get install chromium) and run `npm ci` for axe-core to enable them"

// site is the built report, served on loopback.
type site struct {
	root string // repository root
	out  string // built site
	base string // http://127.0.0.1:port/reports/medical-ce/
	host string // 127.0.0.1:port
	// pages are the absolute URLs of the sitemap, in its order.
	pages []string
	// axe is the source of axe-core, empty when node_modules lacks it.
	axe string
	// chartPage is a page with a chart on it, once one has been seen.
	chartPage string
}

// repoRoot is the directory holding go.mod, three levels up.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("cannot find the repository root from %s: %v", root, err)
	}
	return root
}

// serve builds the report with the real command line, every registered
// feature included, and serves it under basePath. Anything outside
// basePath, and any missing file, is a 404 with the site's 404 page, as a
// static host would answer.
func serve(t *testing.T) *site {
	t.Helper()
	return serveSrc(t, "")
}

// serveSrc builds and serves the site whose root is src (the report when
// empty).
func serveSrc(t *testing.T, src string) *site {
	t.Helper()
	s := &site{root: repoRoot(t), out: filepath.Join(t.TempDir(), "public")}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.host = ln.Addr().String()
	s.base = "http://" + s.host + basePath

	// go test puts the go command that runs it first on PATH.
	goTool := "go"
	args := []string{"run", "./generator", "build", "-out", s.out, "-base-url", s.base}
	if src != "" {
		args = append(args, "-src", src)
	}
	cmd := exec.Command(goTool, args...)
	cmd.Dir = s.root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the site: %v\n%s", err, out)
	}

	files := http.FileServer(http.Dir(s.out))
	notFound, _ := os.ReadFile(filepath.Join(s.out, "404.html"))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, basePath)
		if ok {
			p := filepath.Join(s.out, filepath.FromSlash(rel))
			if fi, err := os.Stat(p); err == nil && (!fi.IsDir() || exists(filepath.Join(p, "index.html"))) {
				r2 := r.Clone(r.Context())
				r2.URL.Path = "/" + rel
				files.ServeHTTP(w, r2)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(notFound)
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)

	sm, err := os.ReadFile(filepath.Join(s.out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var urls struct {
		Loc []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(sm, &urls); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	for _, u := range urls.Loc {
		if !strings.HasPrefix(u, s.base) {
			t.Errorf("sitemap lists %s, outside the site %s", u, s.base)
			continue
		}
		s.pages = append(s.pages, u)
	}
	if len(s.pages) == 0 {
		t.Fatal("the sitemap lists no pages")
	}
	if b, err := os.ReadFile(filepath.Join(s.root, "node_modules", "axe-core", "axe.min.js")); err == nil {
		s.axe = string(b)
	}
	return s
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// tab is a browser tab that records what went wrong while pages load:
// console errors, exceptions, failed requests and requests to other hosts.
type tab struct {
	ctx  context.Context
	host string

	mu       sync.Mutex
	problems []string
	inflight map[network.RequestID]string
	// notFound is a URL allowed to answer 404 (to see the 404 page).
	notFound string
}

// newTab opens a tab of the browser in ctx that watches the site at host.
func newTab(t *testing.T, parent context.Context, host string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	tb := &tab{ctx: ctx, host: host, inflight: map[network.RequestID]string{}}
	if err := chromedp.Listen(ctx, tb.record); err != nil {
		t.Fatal(err)
	}
	return tb
}

// record runs in the tab's event loop: it must be quick and send nothing.
func (tb *tab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") &&
			!strings.HasPrefix(u, "http://"+tb.host+"/") {
			tb.problems = append(tb.problems, "request to another host: "+u)
		}
		tb.inflight[ev.RequestID] = u
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 && !(ev.Response.Status == 404 && ev.Response.URL == tb.notFound) {
			tb.problems = append(tb.problems, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
		}
	case *network.EventLoadingFinished:
		delete(tb.inflight, ev.RequestID)
	case *network.EventLoadingFailed:
		tb.problems = append(tb.problems, fmt.Sprintf("request failed (%s): %s", ev.ErrorText, tb.inflight[ev.RequestID]))
		delete(tb.inflight, ev.RequestID)
	case *cdpruntime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdpruntime.EventConsoleAPICalled:
		if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			tb.problems = append(tb.problems, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError && !(ev.Entry.Source == log.EntrySourceNetwork && ev.Entry.URL == tb.notFound) {
			tb.problems = append(tb.problems, fmt.Sprintf("console error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

// visit loads url, waits until the network is quiet, and returns what
// went wrong on the way.
func (tb *tab) visit(url string) ([]string, error) {
	tb.mu.Lock()
	tb.problems = nil
	tb.inflight = map[network.RequestID]string{}
	tb.mu.Unlock()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	return tb.settle()
}

// settle waits until no request has been in flight for a moment (charts
// load their library after the page) and returns the problems so far.
func (tb *tab) settle() ([]string, error) {
	quiet := 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		ready, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.readyState`))
		if err != nil {
			return nil, err
		}
		tb.mu.Lock()
		n := len(tb.inflight)
		tb.mu.Unlock()
		if n == 0 && ready == "complete" {
			if quiet++; quiet >= 3 {
				break
			}
		} else {
			quiet = 0
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.problems...), nil
}

// eval runs a script in the page and decodes its result into T; a script
// returning a promise is awaited.
func eval[T any](tb *tab, script string) (T, error) {
	return chromedp.Run(tb.ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
}

// within runs steps with a time limit, so a wait for something that never
// comes fails the test instead of hanging it.
func within(tb *tab, d time.Duration, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tb.ctx, d)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}
