package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// change is one relevant file-system event.
type change struct {
	path string
	at   time.Time
}

// watcher watches directory trees, adding the folders created inside them
// as they appear.
type watcher struct {
	fsw    *fsnotify.Watcher
	roots  []string
	events chan change
	errors chan error
	quit   chan struct{}
	done   chan struct{}
}

func newWatcher(roots []string) (*watcher, error) {
	fsw, err := fsnotify.NewBufferedWatcher(256)
	if err != nil {
		return nil, err
	}
	w := &watcher{fsw: fsw, roots: roots, events: make(chan change, 64), errors: make(chan error, 8),
		quit: make(chan struct{}), done: make(chan struct{})}
	for _, r := range roots {
		// The parent is watched too, so a root created later (a site
		// without assets/ yet) or deleted and created again (a branch
		// switch) is picked up.
		if err := fsw.Add(filepath.Dir(r)); err != nil {
			fsw.Close()
			return nil, err
		}
		if _, err := os.Stat(r); err != nil {
			continue
		}
		if err := w.addTree(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// inTree reports whether p is one of the roots or below one.
func (w *watcher) inTree(p string) bool {
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *watcher) addTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable folder is the build's to report.
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && ignored(d.Name()) {
				return fs.SkipDir
			}
			return w.fsw.Add(p)
		}
		return nil
	})
}

// ignored tells editors' scratch files (".x.swp", "x~", vim's "4913")
// from the files a site is built from: they change around every save but
// are never read by the build.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") || name == "4913"
}

func (w *watcher) loop() {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			at := time.Now()
			if !w.inTree(ev.Name) || ignored(filepath.Base(ev.Name)) {
				continue
			}
			// Chmod alone changes nothing the build reads (and Linux sends
			// one before a delete, which is reported separately).
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					// Files may have been written into the folder before
					// the watch was added; the rebuild this event causes
					// reads them anyway.
					if err := w.addTree(ev.Name); err != nil {
						w.sendErr(err)
					}
				}
			}
			select {
			case w.events <- change{path: ev.Name, at: at}:
			case <-w.quit:
				return
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.sendErr(err)
		}
	}
}

func (w *watcher) sendErr(err error) {
	select {
	case w.errors <- err:
	default:
	}
}

func (w *watcher) close() {
	close(w.quit)
	w.fsw.Close()
	<-w.done
}
