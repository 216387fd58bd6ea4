package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"reportgen/generator/internal/pipeline"
)

// Only the served address's Host is answered (DNS rebinding).
func TestHostHeaderRestricted(t *testing.T) {
	out := t.TempDir()
	writeFile(t, out, "index.html", "<html><body>home</body></html>")
	s := New(Config{Out: out, Hosts: []string{"127.0.0.1:1313", "localhost:1313"}})
	h := s.Handler(make(chan struct{}))
	for host, want := range map[string]int{"127.0.0.1:1313": 200, "localhost:1313": 200, "evil.example:1313": 421, "127.0.0.1:80": 421} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %s: status %d, want %d", host, w.Code, want)
		}
	}
}

// Requests are answered while a rebuild runs, and a stylesheet a page
// named before the rebuild is still served after it.
func TestRequestsDuringRebuildAndOldAssets(t *testing.T) {
	out := t.TempDir()
	writeFile(t, out, "index.html", "<html><body>v1</body></html>")
	writeFile(t, out, "css/site.0123456789.css", "body{}")
	release := make(chan struct{})
	building := make(chan struct{})
	first := true
	s := New(Config{Out: out, Build: func(context.Context) (*pipeline.Result, error) {
		if first {
			first = false
			return &pipeline.Result{}, nil
		}
		close(building)
		<-release
		if err := os.Remove(filepath.Join(out, "css", "site.0123456789.css")); err != nil {
			return nil, err
		}
		writeFile(t, out, "css/site.abcdefabcd.css", "body{color:red}")
		return &pipeline.Result{}, nil
	}})
	s.rebuild(context.Background(), time.Now(), "", nil)
	h := s.Handler(make(chan struct{}))
	done := make(chan struct{})
	go func() { s.rebuild(context.Background(), time.Now(), "content/x.md", nil); close(done) }()
	<-building
	answered := make(chan int, 1)
	go func() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		answered <- w.Code
	}()
	select {
	case code := <-answered:
		if code != http.StatusOK {
			t.Errorf("during the rebuild: status %d", code)
		}
	case <-time.After(wait):
		t.Error("a request waited for the rebuild")
	}
	close(release)
	<-done
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/css/site.0123456789.css", nil))
	if w.Code != http.StatusOK || w.Body.String() != "body{}" {
		t.Errorf("the previous stylesheet after the rebuild: %d %q", w.Code, w.Body.String())
	}
}
