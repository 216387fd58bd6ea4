package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// message is one server-sent event.
type message struct {
	event string
	data  []byte
}

// hub hands each message to every connected browser.
type hub struct {
	mu      sync.Mutex
	clients map[chan message]bool
}

func newHub() *hub { return &hub{clients: map[chan message]bool{}} }

func (h *hub) subscribe() chan message {
	ch := make(chan message, 8)
	h.mu.Lock()
	h.clients[ch] = true
	h.mu.Unlock()
	return ch
}

func (h *hub) unsubscribe(ch chan message) {
	h.mu.Lock()
	delete(h.clients, ch)
	h.mu.Unlock()
}

// broadcast never blocks: a browser too slow to take a message misses it,
// which is harmless because every message carries the whole state.
func (h *hub) broadcast(m message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- m:
		default:
		}
	}
}

// clients counts the connected browsers.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// keepAlive is how often an idle stream gets a comment line, so proxies
// and browsers do not drop it.
const keepAlive = 15 * time.Second

// serveEvents streams build results to one browser. The first event says
// which build the server has ("hello"), followed by the current problems
// when the last build failed, so a page opened or reconnected at any time
// shows the right state.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	ch := s.hub.subscribe()
	defer s.hub.unsubscribe(ch)

	s.mu.Lock()
	hello, _ := json.Marshal(map[string]string{"version": s.version(s.seq)})
	var failure []byte
	if s.failure != nil {
		failure, _ = json.Marshal(s.failure)
	}
	s.mu.Unlock()
	// retry: reconnect quickly when the server restarts.
	fmt.Fprint(w, "retry: 500\n\n")
	write(w, message{"hello", hello})
	if failure != nil {
		write(w, message{"build-error", failure})
	}
	fl.Flush()

	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case m := <-ch:
			write(w, m)
			fl.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-done:
			return
		}
	}
}

// write sends one event; data is JSON and so holds no newline.
func write(w http.ResponseWriter, m message) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
}
