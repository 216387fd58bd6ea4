package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/pipeline"
)

// wait bounds every wait for the server, so a broken server fails the test
// instead of hanging it. It is not a performance limit.
const wait = 20 * time.Second

var siteFiles = map[string]string{
	"content/site.yaml":   "title: A Report\nlanguage: en-GB\n",
	"content/_index.md":   "---\ntitle: A Report\ndescription: The report.\n---\nWelcome.\n",
	"content/01-intro.md": "---\ntitle: Introduction\ndescription: Why.\n---\n\nFirst version.\n",
	"templates/page.html": "<!doctype html><html><head><title>{{.Title}}</title>{{with asset \"css/s.css\"}}<link rel=\"stylesheet\" href=\"{{assetURL .}}\">{{end}}</head>\n<body><main>{{.Content}}</main></body></html>\n",
	"templates/home.html": "<!doctype html><html><body><h1>{{.Site.Title}}</h1>{{range .Children}}<a href=\"{{.URL}}\">{{.Title}}</a>{{end}}</body></html>\n",
	"templates/404.html":  "<!doctype html><html><body><h1>Nothing here</h1></body></html>\n",
	"assets/css/s.css":    "body { color: black; }\n",
}

func writeFile(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

type testServer struct {
	*Server
	url, src, out string
	log           *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start writes the small site into a temporary folder and serves it on a
// free port until the test ends.
func start(t *testing.T, buildFn func(opts pipeline.Options) (*pipeline.Result, error), edits ...string) *testServer {
	t.Helper()
	if buildFn == nil {
		buildFn = pipeline.Build
	}
	return startWith(t, func(cfg *Config, opts pipeline.Options) {
		cfg.Build = func(ctx context.Context) (*pipeline.Result, error) {
			o := opts
			o.Context = ctx
			return buildFn(o)
		}
	}, edits...)
}

// startSession serves the small site as the serve command does: a
// session that renders again only what an edit changes.
func startSession(t *testing.T, edits ...string) *testServer {
	t.Helper()
	return startWith(t, func(cfg *Config, opts pipeline.Options) {
		ss := pipeline.NewSession(opts, func() []pipeline.Feature { return nil })
		t.Cleanup(func() { ss.Close() })
		cfg.Build, cfg.Update = ss.Build, ss.Update
	}, edits...)
}

// startWith is start with the build set up by configure.
func startWith(t *testing.T, configure func(cfg *Config, opts pipeline.Options), edits ...string) *testServer {
	t.Helper()
	src := t.TempDir()
	for rel, data := range siteFiles {
		writeFile(t, src, rel, data)
	}
	for i := 0; i+1 < len(edits); i += 2 {
		writeFile(t, src, edits[i], edits[i+1])
	}
	out := filepath.Join(t.TempDir(), "site")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	opts := pipeline.Options{Src: src, Out: out, BaseURL: url + "/"}
	log := &syncBuffer{}
	cfg := Config{
		Out: out, Src: src, Log: log,
		Watch: []string{filepath.Join(src, "content"), filepath.Join(src, "templates"), filepath.Join(src, "assets")},
	}
	configure(&cfg, opts)
	srv := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	// The first request is answered once the first build is done.
	get(t, url+"/")
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server: %v", err)
			}
		case <-time.After(wait):
			t.Error("server did not stop")
		}
	})
	return &testServer{Server: srv, url: url, src: src, out: out, log: log}
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// event is one server-sent event as a browser receives it.
type event struct {
	name, data string
}

// subscribe opens the event stream like the reload script does.
func subscribe(t *testing.T, url string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("event stream content type %q", ct)
	}
	ch := make(chan event, 32)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				ch <- ev
				ev = event{}
			}
		}
	}()
	t.Cleanup(cancel)
	return ch
}

// next waits for the next event, which must be called name.
func next(t *testing.T, ch <-chan event, name string) event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("event stream closed while waiting for %q", name)
		}
		if ev.name != name {
			t.Fatalf("got event %q (%s), want %q", ev.name, ev.data, name)
		}
		return ev
	case <-time.After(wait):
		t.Fatalf("no %q event", name)
	}
	return event{}
}

func TestServesTheOutputWithReloadScript(t *testing.T) {
	s := start(t, nil)
	resp, body := get(t, s.url+"/intro/")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /intro/: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	if !strings.Contains(body, "First version.") || !strings.Contains(body, reloadTag+"\n</body>") {
		t.Errorf("page lacks its content or the reload script before </body>:\n%s", body)
	}
	onDisk, err := os.ReadFile(filepath.Join(s.out, "intro", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(onDisk), "__reload") {
		t.Error("the reload script was written into the build output")
	}

	resp, js := get(t, s.url+scriptPath)
	if resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || !strings.Contains(js, "EventSource") {
		t.Errorf("reload script: %q", resp.Header.Get("Content-Type"))
	}
	resp, _ = get(t, s.url+stylePath)
	if resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("overlay styles: %q", resp.Header.Get("Content-Type"))
	}

	entries, _ := os.ReadDir(filepath.Join(s.out, "css"))
	if len(entries) != 1 {
		t.Fatalf("css output: %v", entries)
	}
	resp, css := get(t, s.url+"/css/"+entries[0].Name())
	if resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || strings.Contains(css, "__reload") {
		t.Errorf("stylesheet: %q", resp.Header.Get("Content-Type"))
	}
	resp, _ = get(t, s.url+"/sitemap.xml")
	if resp.Header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Errorf("sitemap: %q", resp.Header.Get("Content-Type"))
	}

	// A directory without its slash is redirected, as static hosts do.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r2, err := client.Get(s.url + "/intro")
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusFound || r2.Header.Get("Location") != "/intro/" {
		t.Errorf("GET /intro: %s to %q", r2.Status, r2.Header.Get("Location"))
	}

	// Missing pages get the site's 404 page with a 404 status.
	for _, p := range []string{"/nowhere/", "/css/", "/intro/missing.png"} {
		resp, body = get(t, s.url+p)
		if resp.StatusCode != 404 || !strings.Contains(body, "Nothing here") || !strings.Contains(body, reloadTag) {
			t.Errorf("GET %s: %s\n%s", p, resp.Status, body)
		}
	}

	req, _ := http.NewRequest("POST", s.url+"/intro/", strings.NewReader("x"))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s", resp.Status)
	}
}

func TestNothingOutsideTheOutputIsServed(t *testing.T) {
	s := start(t, nil)
	secret := filepath.Join(filepath.Dir(s.out), "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(s.out, "link.txt")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/../secret.txt", "/intro/../../secret.txt", "/link.txt", "/..\\secret.txt", "/%2e%2e/secret.txt"} {
		// Straight to the handler, so the paths reach it uncleaned.
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = p
		rec := httptest.NewRecorder()
		s.serveSite(rec, req)
		if strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("%s served a file outside the output", p)
		}
		// And through the whole handler, as a client would send it.
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(conn, "GET "+p+" HTTP/1.0\r\nHost: x\r\n\r\n")
		raw, _ := io.ReadAll(conn)
		conn.Close()
		if strings.Contains(string(raw), "SECRET") {
			t.Errorf("raw request %s served a file outside the output", p)
		}
	}
}

// The reload channel end to end: an edit reloads, a broken file reports
// where it is broken while the last good build stays served, and fixing
// it recovers without a restart.
func TestLiveReloadErrorAndRecovery(t *testing.T) {
	s := start(t, nil)
	events := subscribe(t, s.url)
	hello := next(t, events, "hello")
	if !strings.Contains(hello.data, `"version"`) {
		t.Errorf("hello: %s", hello.data)
	}

	writeFile(t, s.src, "content/01-intro.md", "---\ntitle: Introduction\ndescription: Why.\n---\n\nSecond version.\n")
	ev := next(t, events, "reload")
	var rm reloadMsg
	if err := json.Unmarshal([]byte(ev.data), &rm); err != nil || rm.Version == "" || rm.LatencyMS <= 0 {
		t.Errorf("reload message %s: %v", ev.data, err)
	}
	if _, body := get(t, s.url+"/intro/"); !strings.Contains(body, "Second version.") {
		t.Errorf("the edit is not served:\n%s", body)
	}

	// Break the front matter: a tab where YAML wants spaces, on line 3.
	writeFile(t, s.src, "content/01-intro.md", "---\ntitle: Introduction\n\tdescription: Why.\n---\n\nThird version.\n")
	ev = next(t, events, "build-error")
	var f Failure
	if err := json.Unmarshal([]byte(ev.data), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) != 1 {
		t.Fatalf("problems: %+v", f.Problems)
	}
	p := f.Problems[0]
	if p.Where() != "content/01-intro.md:3:1" || !strings.Contains(p.Msg, "tab") || p.Hint == "" {
		t.Errorf("problem: %+v", p)
	}
	var lines []string
	for _, l := range p.Context {
		lines = append(lines, l.Text)
	}
	if len(p.Context) != 6 || p.Context[0].N != 1 || lines[2] != "\tdescription: Why." {
		t.Errorf("source lines around the problem: %+v", p.Context)
	}
	if _, body := get(t, s.url+"/intro/"); !strings.Contains(body, "Second version.") {
		t.Errorf("the last good build is not served while the source is broken:\n%s", body)
	}
	if !strings.Contains(s.log.String(), "content/01-intro.md:3:1: front matter is indented with a tab") {
		t.Errorf("terminal output lacks the positioned diagnostic:\n%s", s.log.String())
	}

	// A page opened now learns about the problem at once.
	late := subscribe(t, s.url)
	next(t, late, "hello")
	if ev := next(t, late, "build-error"); !strings.Contains(ev.data, "content/01-intro.md") {
		t.Errorf("late subscriber got %s", ev.data)
	}

	// Fixing it recovers by itself.
	writeFile(t, s.src, "content/01-intro.md", "---\ntitle: Introduction\ndescription: Why.\n---\n\nFourth version.\n")
	next(t, events, "reload")
	next(t, late, "reload")
	if _, body := get(t, s.url+"/intro/"); !strings.Contains(body, "Fourth version.") {
		t.Errorf("the fix is not served:\n%s", body)
	}

	// A template error names the template.
	writeFile(t, s.src, "templates/page.html", "<html><body>\n{{.Title</body></html>\n")
	ev = next(t, events, "build-error")
	if !strings.Contains(ev.data, `"path":"templates/page.html","line":2`) {
		t.Errorf("template error: %s", ev.data)
	}
	writeFile(t, s.src, "templates/page.html", siteFiles["templates/page.html"])
	next(t, events, "reload")

	// A folder created while serving is watched, and so is what is
	// written into it later.
	writeFile(t, s.src, "content/02-part/01-new.md", "---\ntitle: New\n---\n\nNew page.\n")
	next(t, events, "reload")
	if resp, body := get(t, s.url+"/part/new/"); resp.StatusCode != 200 || !strings.Contains(body, "New page.") {
		t.Errorf("page in a new folder: %s", resp.Status)
	}
	writeFile(t, s.src, "content/02-part/01-new.md", "---\ntitle: New\n---\n\nEdited page.\n")
	next(t, events, "reload")
	if _, body := get(t, s.url+"/part/new/"); !strings.Contains(body, "Edited page.") {
		t.Error("an edit inside a folder created while serving was missed")
	}

	// Editors' scratch files do not rebuild.
	writeFile(t, s.src, "content/.01-intro.md.swp", "x")
	writeFile(t, s.src, "content/01-intro.md~", "x")
	writeFile(t, s.src, "content/01-intro.md", "---\ntitle: Introduction\ndescription: Why.\n---\n\nFifth version.\n")
	next(t, events, "reload")
	if !strings.Contains(s.log.String(), "content/01-intro.md changed") {
		t.Errorf("terminal output does not name the changed file:\n%s", s.log.String())
	}
}

// Before any good build there is nothing to serve, but the page still
// carries the reload script so the overlay shows and a fix reloads it.
func TestFirstBuildBroken(t *testing.T) {
	s := start(t, nil, "content/site.yaml", "title: [A Report\n")
	resp, body := get(t, s.url+"/")
	if resp.StatusCode != 404 || !strings.Contains(body, reloadTag) {
		t.Errorf("GET / before any good build: %s\n%s", resp.Status, body)
	}
	events := subscribe(t, s.url)
	next(t, events, "hello")
	ev := next(t, events, "build-error")
	if !strings.Contains(ev.data, `"path":"content/site.yaml","line":1`) {
		t.Errorf("got %s", ev.data)
	}
	writeFile(t, s.src, "content/site.yaml", siteFiles["content/site.yaml"])
	next(t, events, "reload")
	if resp, _ := get(t, s.url+"/"); resp.StatusCode != 200 {
		t.Errorf("GET / after the fix: %s", resp.Status)
	}
}

// A panic inside the build is reported like any other failure and the
// server goes on.
func TestBuildPanicIsReported(t *testing.T) {
	var calls int
	var mu sync.Mutex
	s := start(t, func(opts pipeline.Options) (*pipeline.Result, error) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 2 {
			panic("boom")
		}
		return pipeline.Build(opts)
	})
	events := subscribe(t, s.url)
	next(t, events, "hello")
	writeFile(t, s.src, "content/01-intro.md", "---\ntitle: Introduction\n---\n\nPanics.\n")
	if ev := next(t, events, "build-error"); !strings.Contains(ev.data, "the build crashed: boom") {
		t.Errorf("got %s", ev.data)
	}
	writeFile(t, s.src, "content/01-intro.md", "---\ntitle: Introduction\n---\n\nWorks.\n")
	next(t, events, "reload")
}

func TestInject(t *testing.T) {
	for in, want := range map[string]string{
		"<p>a</p></BODY></html>": "<p>a</p>" + reloadTag + "\n</BODY></html>",
		"<p>no body end</p>":     "<p>no body end</p>" + reloadTag + "\n",
		"</body>x</body>":        "</body>x" + reloadTag + "\n</body>",
	} {
		if got := string(inject([]byte(in))); got != want {
			t.Errorf("inject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTerminalShowsTheLineAndColumn(t *testing.T) {
	f := &Failure{Problems: []Problem{{Path: "content/a.md", Line: 2, Col: 9, Msg: "bad", Hint: "do better",
		Context: []SourceLine{{1, "---"}, {2, "\ttitle: x"}, {3, "---"}}}}}
	want := "content/a.md:2:9: bad; do better\n     2 |     title: x\n" + strings.Repeat(" ", 20) + "^\n" + "build failed with 1 problem(s)\n"
	if got := f.Terminal(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The overlay shows what stops the build; warnings only when -strict made
// them the reason.
func TestFailureLeavesOutWarningsBesideErrors(t *testing.T) {
	warn := diag.Errorf("content/a.md", 3, 1, "description is empty")
	warn.Warning = true
	var both diag.List
	both.Add(warn)
	both.Add(diag.Errorf("content/b.md", 2, 1, "unknown front matter key"))
	if f := newFailure(&both, t.TempDir()); len(f.Problems) != 1 || f.Problems[0].Path != "content/b.md" {
		t.Errorf("with an error: %+v", f.Problems)
	}
	var strict diag.List
	strict.Add(warn)
	if f := newFailure(&strict, t.TempDir()); len(f.Problems) != 1 || !f.Problems[0].Warning {
		t.Errorf("warnings only: %+v", f.Problems)
	}
	if f := newFailure(errors.New("disk full"), t.TempDir()); len(f.Problems) != 1 || f.Problems[0].Msg != "disk full" {
		t.Errorf("plain error: %+v", f.Problems)
	}
}
