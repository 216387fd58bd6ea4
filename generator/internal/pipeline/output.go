package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"strings"
	"sync"
)

// Output writes files below the staging directory. It is safe for
// concurrent use.
type Output struct {
	// ctx ends the writing early when the build is stopped.
	ctx   context.Context
	dir   string
	mu    sync.Mutex
	dirs  map[string]*madeDir
	files map[string]bool
	// pages holds each page's folder ("findings/choosing"), by folder.
	pages map[string]*content.Page
	// mem, when set, receives the files instead of the directory, and
	// gone the files to remove: an update of a kept build (Session)
	// writes nothing until every file is made.
	mem  map[string][]byte
	gone map[string]bool
}

// madeDir creates one output directory exactly once, however many
// goroutines write into it.
type madeDir struct {
	once sync.Once
	err  error
}

func newOutput(dir string) *Output {
	return &Output{dir: dir, dirs: map[string]*madeDir{}, files: map[string]bool{}}
}

// placePages records the directory of every page but the home page, so
// that a file the build makes itself (sitemap.xml, the full report, an
// asset, a feature's download) never lands on a page or in its folder.
func (o *Output) placePages(pages []*content.Page) {
	o.pages = make(map[string]*content.Page, len(pages))
	for _, p := range pages {
		if d := strings.Trim(p.URL, "/"); d != "" {
			o.pages[d] = p
		}
	}
}

// clash returns the error for a file the build makes at rel where a page
// was placed, at the page's file and slug line: the page is what the
// editor can rename.
func (o *Output) clash(rel string) *diag.Error {
	for i := 0; i <= len(rel); i++ {
		if i < len(rel) && rel[i] != '/' {
			continue
		}
		p := o.pages[rel[:i]]
		if p == nil {
			continue
		}
		line, col := 0, 0
		if pos, ok := p.Meta.Pos["slug"]; ok && p.Meta.Slug != "" {
			line, col = pos.Line, pos.Col
		}
		return diag.Errorf(p.Path, line, col, "the page's URL %s is taken by a file the build makes (%s)", p.URL, rel).
			WithHint("give the page another slug or file name")
	}
	return nil
}

// WriteFile writes data to rel, a slash path below the output root. A
// path that a page holds is refused with the page's position.
func (o *Output) WriteFile(rel string, data []byte) error {
	if e := o.clash(strings.TrimPrefix(rel, "/")); e != nil {
		return e
	}
	return o.write(rel, data)
}

// write writes a file without the check, for a page's own file.
func (o *Output) write(rel string, data []byte) error {
	if o.ctx != nil && o.ctx.Err() != nil {
		return o.ctx.Err()
	}
	rel = strings.TrimPrefix(rel, "/")
	full := filepath.Join(o.dir, filepath.FromSlash(rel))
	o.mu.Lock()
	o.files[rel] = true
	if o.mem != nil {
		o.mem[rel] = bytes.Clone(data)
		delete(o.gone, rel)
		o.mu.Unlock()
		return nil
	}
	o.mu.Unlock()
	if err := o.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o644)
}

// mkdir makes d and its missing parents below the output root. Each
// directory costs one mkdir call, made before any file is written into it;
// os.MkdirAll would first stat the directory and its parent, for every
// page, and file-system calls are much of the cost of writing a site.
func (o *Output) mkdir(d string) error {
	o.mu.Lock()
	m := o.dirs[d]
	if m == nil {
		m = &madeDir{}
		o.dirs[d] = m
	}
	o.mu.Unlock()
	m.once.Do(func() {
		parent := filepath.Dir(d)
		if d == o.dir || parent == d || !strings.HasPrefix(d, o.dir+string(filepath.Separator)) {
			m.err = os.MkdirAll(d, 0o755)
			return
		}
		if m.err = o.mkdir(parent); m.err != nil {
			return
		}
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			m.err = err
		}
	})
	return m.err
}

// Has reports whether rel was written.
func (o *Output) Has(rel string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.files[strings.TrimPrefix(rel, "/")]
}

// Count is the number of files written.
func (o *Output) Count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.files)
}

// Remove removes rel, a file an earlier build wrote that the site no
// longer has. Only an update of a kept build needs it: a build writes
// into an empty directory.
func (o *Output) Remove(rel string) error {
	rel = strings.TrimPrefix(rel, "/")
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.files, rel)
	if o.mem != nil {
		delete(o.mem, rel)
		o.gone[rel] = true
		return nil
	}
	err := os.Remove(filepath.Join(o.dir, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
