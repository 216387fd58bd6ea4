// Package serve is the editor's preview server: it serves a built site
// from its output directory, rebuilds when the sources change, and tells
// open browsers to reload (or shows them what is wrong) over server-sent
// events.
package serve

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"reportgen/generator/internal/pipeline"
)

// Paths the server answers itself; the site's own files never start with
// "__" because the build writes none.
const (
	scriptPath = "/__reload.js"
	stylePath  = "/__reload.css"
	eventsPath = "/__events"
)

// reloadTag is put before </body> of every HTML response. It is never
// written into the build output, so a published site carries no trace of
// the preview server.
const reloadTag = `<script src="` + scriptPath + `" defer></script>`

//go:embed client/reload.js client/reload.css
var client embed.FS

// Config says what to serve and how to rebuild it.
type Config struct {
	// Out is the output directory the build writes and the server serves.
	Out string
	// Src is the site root; diagnostics' paths are relative to it and the
	// overlay shows lines from its files.
	Src string
	// Watch lists the directories watched, recursively, for changes.
	Watch []string
	// Build builds the site into Out. It is only ever called from one
	// goroutine at a time. When ctx ends (a source changed while it ran)
	// it must publish nothing and return pipeline.ErrCanceled, as
	// pipeline.Build does with Options.Context.
	Build func(ctx context.Context) (*pipeline.Result, error)
	// Update, when set, brings the output up to date after the files
	// named changed (paths as the watcher reports them), by rendering
	// again only what they change or by building everything; Build is
	// then used only for the first build. Called from one goroutine at a
	// time, never at the same time as Build; ctx as for Build.
	Update func(ctx context.Context, changed []string) (*pipeline.Result, error)
	// Log receives the terminal output: builds, timings, diagnostics.
	Log io.Writer
	// Hosts lists the Host headers the server answers to ("127.0.0.1:1313",
	// "localhost:1313"); empty accepts any.
	Hosts []string
	// Debounce is how long the sources must stay quiet before a rebuild,
	// so an editor's save (often several file operations) builds once
	// and a file is not built half-written; DefaultDebounce when zero.
	Debounce time.Duration
}

// DefaultDebounce is how long the sources must stay quiet before a
// rebuild. A save is rarely one write: editors truncate and then write,
// or write a new file and rename it, and tools write in chunks. Measured
// with fsnotify on a two-core machine at a load average of 15, saving a
// 45 KB chapter: cp, sed -i, ed and vim with nowritebackup left at most
// 2 ms between two events of one save; `cat > file` (truncate, then write)
// 5 to 16 ms; vim's default save (a backup copy first) 30 to 130 ms. 50 ms
// covers all but the last with room to spare, and a change that comes
// later still cancels the build it would have raced (watchLoop), which
// publishes nothing. Each reload waits this long after the last change:
// 30 ms more than the 20 ms used before, inside the 100 ms edit-to-browser
// budget with the rest left for the build.
const DefaultDebounce = 50 * time.Millisecond

// errChangedAgain cancels a build when a source changes while it runs.
var errChangedAgain = errors.New("a source changed during the build")

// Server serves one site and keeps it up to date.
type Server struct {
	cfg Config
	hub *hub
	// instance tells one server run from the next, so a page that
	// reconnects after a restart knows it may be stale.
	instance string

	// No lock is held while a build runs: the build swaps the output in
	// with one atomic rename (see publish.Commit), so every request sees
	// the old site or the new one, and a file already open stays readable.

	// kept holds every content-hashed stylesheet and script served so far,
	// by path: a page fetched just before a rebuild still gets the
	// stylesheet it names after the rebuild replaced it.
	keptMu sync.Mutex
	kept   map[string][]byte

	mu      sync.Mutex
	seq     int      // successful builds so far
	failure *Failure // the last build's problems; nil when it succeeded
}

// New makes a server; Run starts it.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	return &Server{cfg: cfg, hub: newHub(), instance: strconv.FormatInt(time.Now().UnixNano(), 36)}
}

// Run builds the site, then serves it on ln and rebuilds on every change
// until ctx is done. Content and template errors never stop it: they are
// reported and the last good build stays online.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	w, err := newWatcher(s.cfg.Watch)
	if err != nil {
		return err
	}
	defer w.close()
	s.rebuild(ctx, time.Now(), "", nil)

	done := make(chan struct{})
	srv := &http.Server{Handler: s.Handler(done), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		s.watchLoop(ctx, w)
	}()

	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	close(done) // ends the event streams, which would hold Shutdown up
	shutCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutCtx)
	<-loopDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// watchLoop rebuilds after each burst of changes. A change seen while a
// build runs cancels that build, which publishes nothing: it may have read
// the file half-written (a save that paused longer than the debounce), and
// the build after the next quiet period reads it whole.
func (s *Server) watchLoop(ctx context.Context, w *watcher) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time // when the first change of the burst was seen
	var paths []string
	// cur is the build in progress, nil when none; stale is true when a
	// change came after it started.
	var cur *running
	stale := false
	var ended <-chan struct{} // cur's done, nil when none (never receives)
	defer func() {
		if cur != nil {
			cur.cancel(nil)
			<-cur.done
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.events:
			if !ok {
				return
			}
			if first.IsZero() {
				first = ev.at
			}
			paths = append(paths, ev.path)
			if cur != nil {
				stale = true
				cur.cancel(errChangedAgain)
			}
			timer.Reset(s.cfg.Debounce)
		case err, ok := <-w.errors:
			if ok {
				fmt.Fprintf(s.cfg.Log, "watching: %v\n", err)
			}
		case <-timer.C:
			if cur != nil {
				<-cur.done // canceled; it ends at its next check
				cur.cancel(nil)
			}
			bctx, cancel := context.WithCancelCause(ctx)
			cur, stale = &running{done: make(chan struct{}), cancel: cancel}, false
			ended = cur.done
			go func(r *running, seen time.Time, changed string, paths []string) {
				defer close(r.done)
				s.rebuild(bctx, seen, changed, paths)
			}(cur, first, s.describe(paths), slices.Clone(paths))
		case <-ended:
			cur.cancel(nil)
			cur, ended = nil, nil
			if !stale {
				// The burst is built; a change during the build
				// canceled it and belongs to the next.
				first, paths = time.Time{}, nil
			}
		}
	}
}

// running is a build in progress in the watch loop.
type running struct {
	done   chan struct{}
	cancel context.CancelCauseFunc
}

// describe names what changed in a burst for the terminal. Editors and
// tools save through temporary files ("sed4Xa1"), so the files that still
// exist are the ones worth naming.
func (s *Server) describe(paths []string) string {
	var names []string
	seen := map[string]bool{}
	for i := len(paths) - 1; i >= 0; i-- {
		p := paths[i]
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := os.Stat(p); err == nil {
			names = append(names, s.relPath(p))
		}
	}
	switch len(names) {
	case 0:
		return s.relPath(paths[len(paths)-1]) + " (removed)"
	case 1:
		return names[0]
	}
	return fmt.Sprintf("%s and %d more", names[0], len(names)-1)
}

func (s *Server) relPath(p string) string {
	if r, err := filepath.Rel(s.cfg.Src, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

// rebuild builds the site and tells the browsers. seen is when the change
// that caused it was noticed; changed names it ("" for the first build),
// and paths are the files it changed.
func (s *Server) rebuild(ctx context.Context, seen time.Time, changed string, paths []string) {
	start := time.Now()
	res, err := s.safeBuild(ctx, paths)
	if errors.Is(err, pipeline.ErrCanceled) {
		// A source changed while it ran (or the server is stopping):
		// the next build reports.
		if errors.Is(context.Cause(ctx), errChangedAgain) {
			fmt.Fprintf(s.cfg.Log, "%s changed again while building; building once the sources are quiet for %s\n", changed, ms(s.cfg.Debounce))
		}
		return
	}
	if err == nil && !res.Incremental {
		// An incremental update changes pages, never assets; walking
		// the output of a large site to find them took longer than the
		// update.
		s.keepAssets()
	}
	took := time.Since(start)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(s.cfg.Log, w.Error())
		}
	}
	if err != nil {
		f := newFailure(err, s.cfg.Src)
		s.mu.Lock()
		s.failure = f
		s.mu.Unlock()
		data, _ := json.Marshal(f)
		// The terminal hears first, so whoever reacts to the browser's
		// message finds the same words already there.
		fmt.Fprint(s.cfg.Log, f.Terminal())
		if changed != "" {
			fmt.Fprintf(s.cfg.Log, "%s changed: build failed after %s; still serving the last good build\n", changed, ms(took))
		}
		s.hub.broadcast(message{event: "build-error", data: data})
		return
	}
	s.mu.Lock()
	s.seq++
	s.failure = nil
	seq := s.seq
	s.mu.Unlock()
	latency := time.Since(seen)
	data, _ := json.Marshal(reloadMsg{Version: s.version(seq), BuildMS: msf(took), LatencyMS: msf(latency)})
	// The terminal line is written before the browsers are told, as for
	// a failure; one short line costs microseconds of the latency.
	switch {
	case changed == "":
		fmt.Fprintf(s.cfg.Log, "built %d pages in %s\n", res.Pages, ms(took))
	case res.Incremental:
		fmt.Fprintf(s.cfg.Log, "%s changed: rendered %d of %d pages again in %s; browsers told %s after the change\n",
			changed, res.Rendered, res.Pages, ms(took), ms(latency))
	default:
		fmt.Fprintf(s.cfg.Log, "%s changed: rebuilt %d pages in %s; browsers told %s after the change\n",
			changed, res.Pages, ms(took), ms(latency))
	}
	s.hub.broadcast(message{event: "reload", data: data})
}

// safeBuild turns a panic in the build into an error, so a bug met on
// some input does not take the editor's preview down with it.
func (s *Server) safeBuild(ctx context.Context, paths []string) (res *pipeline.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the build crashed: %v (please report this with the file you changed)", r)
		}
	}()
	if paths != nil && s.cfg.Update != nil {
		return s.cfg.Update(ctx, paths)
	}
	return s.cfg.Build(ctx)
}

type reloadMsg struct {
	Version string `json:"version"`
	// BuildMS and LatencyMS are the build time and the time from the
	// change being seen to this message, for the browser console.
	BuildMS   float64 `json:"build_ms"`
	LatencyMS float64 `json:"latency_ms"`
}

func (s *Server) version(seq int) string { return s.instance + "-" + strconv.Itoa(seq) }

func ms(d time.Duration) string { return strconv.FormatFloat(msf(d), 'f', 0, 64) + " ms" }
func msf(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// hashedRe matches the content-hashed names the build gives stylesheets
// and scripts ("css/site.3f2a9c1b00.css").
var hashedRe = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js|mjs)$`)

// keepAssets remembers the hashed assets of the output just built. They
// are small (a site's stylesheets and scripts) and kept until the server
// stops.
func (s *Server) keepAssets() {
	root, err := os.OpenRoot(s.cfg.Out)
	if err != nil {
		return
	}
	defer root.Close()
	_ = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !hashedRe.MatchString(p) {
			return nil
		}
		s.keptMu.Lock()
		_, have := s.kept[p]
		s.keptMu.Unlock()
		if have {
			return nil
		}
		data, err := fs.ReadFile(root.FS(), p)
		if err != nil {
			return nil
		}
		s.keptMu.Lock()
		if s.kept == nil {
			s.kept = map[string][]byte{}
		}
		s.kept[p] = data
		s.keptMu.Unlock()
		return nil
	})
}

func (s *Server) keptAsset(name string) ([]byte, bool) {
	s.keptMu.Lock()
	defer s.keptMu.Unlock()
	data, ok := s.kept[name]
	return data, ok
}

// Handler serves the site, the reload script and the event stream. Event
// streams end when done is closed. A request whose Host header names
// another server (DNS rebinding: a web page's own name pointed at this
// address) is refused when Config.Hosts is set.
func (s *Server) Handler(done <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(scriptPath, s.serveClient("client/reload.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc(stylePath, s.serveClient("client/reload.css", "text/css; charset=utf-8"))
	mux.HandleFunc(eventsPath, func(w http.ResponseWriter, r *http.Request) { s.serveEvents(w, r, done) })
	mux.HandleFunc("/", s.serveSite)
	if len(s.cfg.Hosts) == 0 {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !slices.Contains(s.cfg.Hosts, strings.ToLower(r.Host)) {
			http.Error(w, "this preview answers only to "+s.cfg.Hosts[0], http.StatusMisdirectedRequest)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) serveClient(name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := client.ReadFile(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	}
}

// serveSite answers with a file of the output directory. Paths are
// cleaned and opened through an os.Root, so neither ".." nor a symbolic
// link can reach anything outside the output.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	upath := r.URL.Path
	if !strings.HasPrefix(upath, "/") {
		upath = "/" + upath
	}
	name := strings.TrimPrefix(path.Clean(upath), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) || strings.ContainsAny(name, "\\\x00") {
		s.notFound(w, r)
		return
	}

	f, fi, err := s.open(name)
	if err == nil && fi.IsDir() {
		f.Close()
		if !strings.HasSuffix(upath, "/") {
			target := upath + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		name = path.Join(name, "index.html")
		f, fi, err = s.open(name)
	}
	var page []byte
	if err == nil && strings.HasSuffix(name, ".html") {
		page, err = io.ReadAll(f)
		f.Close()
	}
	if err != nil || fi.IsDir() {
		if data, ok := s.keptAsset(name); ok {
			h.Set("Content-Type", contentType(name))
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
			return
		}
		s.notFound(w, r)
		return
	}
	h.Set("Content-Type", contentType(name))
	if page != nil {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(inject(page)))
		return
	}
	defer f.Close()
	// The file stays readable after the build replaces the directory.
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// open opens name below the current output directory. A swap between
// opening the output and the file can make a file seem missing for an
// instant: it is looked for once more in the new output.
func (s *Server) open(name string) (*os.File, fs.FileInfo, error) {
	f, fi, err := s.openOnce(name)
	if errors.Is(err, fs.ErrNotExist) {
		f, fi, err = s.openOnce(name)
	}
	return f, fi, err
}

func (s *Server) openOnce(name string) (*os.File, fs.FileInfo, error) {
	root, err := os.OpenRoot(s.cfg.Out)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// notFound serves the site's own 404 page, or, before the first good
// build, a bare page that still loads the reload script so the browser
// shows the build's errors and reloads once they are fixed.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	page, err := s.readOut("404.html")
	if err != nil {
		page = []byte("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n" +
			"<body><h1>Not found</h1><p>There is no page at this address, or the site has not been built yet.</p></body></html>\n")
	}
	page = inject(page)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(page)
	}
}

func (s *Server) readOut(name string) ([]byte, error) {
	f, _, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// inject puts the reload script before the last </body>, or at the end
// when the page has none.
func inject(page []byte) []byte {
	i := lastIndexFold(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(reloadTag)+1)
	out = append(out, page[:i]...)
	out = append(out, reloadTag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

func lastIndexFold(s, sub []byte) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// types are the content types of the files a site holds. They are fixed
// here rather than read from the system's MIME tables, which differ
// between machines and sometimes lack font or manifest types.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".bib":         "application/x-bibtex; charset=utf-8",
	".ris":         "application/x-research-info-systems; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".wasm":        "application/wasm",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	if path.Base(name) == "_headers" || path.Base(name) == "_redirects" {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}
