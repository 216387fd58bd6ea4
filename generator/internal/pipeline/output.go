package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
	ctx  context.Context
	dir  string
	mu   sync.Mutex
	dirs map[string]*madeDir
	// files are the files written but pages' own, which pages counts:
	// a page's file and folder are its own (URLs are unique and clear of
	// every reserved path), and recording each of 100,000 took 20 MB
	// that the collector scanned to the end of the build. A kept build's
	// update (mem) records every file.
	files map[string]bool
	pages int
	// mem, when set, receives the files instead of the directory, and
	// gone the files to remove: an update of a kept build (Session)
	// writes nothing until every file is made.
	mem  map[string][]byte
	gone map[string]bool
	// reserved is every file and folder the build makes besides pages.
	reserved *reservation
}

// madeDir creates one output directory exactly once, however many
// goroutines write into it.
type madeDir struct {
	once sync.Once
	err  error
}

func newOutput(dir string, reserved *reservation) *Output {
	return &Output{dir: dir, dirs: map[string]*madeDir{}, files: map[string]bool{}, reserved: reserved}
}

// reservation is what the build will write besides the pages: every
// file and folder the build and its features make, known before any page
// is placed. A page given one of their URLs is an error at the page, and
// a file written but not reserved is an error in the build itself, so the
// list is always the one the writers use.
type reservation struct {
	// paths are reserved files and folders ("sitemap.xml", "search/"),
	// each with what makes it.
	paths map[string]string
	// under holds every folder with a reserved path below it, and one of
	// those paths.
	under map[string]string
}

// reserve adds the paths made by what: a path ending in "/" is a whole
// folder.
func (r *reservation) reserve(what string, paths ...string) {
	if r.paths == nil {
		r.paths, r.under = map[string]string{}, map[string]string{}
	}
	for _, p := range paths {
		p = strings.TrimPrefix(p, "/")
		r.paths[p] = what
		for i := 0; i < len(p); i++ {
			if p[i] == '/' {
				if _, ok := r.under[p[:i]]; !ok {
					r.under[p[:i]] = p
				}
			}
		}
	}
}

// has reports whether rel, a file to write, was reserved, itself or its
// folder.
func (r *reservation) has(rel string) bool {
	if _, ok := r.paths[rel]; ok {
		return true
	}
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' {
			if _, ok := r.paths[rel[:i+1]]; ok {
				return true
			}
		}
	}
	return false
}

// taken is the reserved path that the page folder dir ("findings/choosing")
// would collide with: the same path, a file or folder inside it, or a
// reserved file or folder it would be inside. "" when none.
func (r *reservation) taken(dir string) string {
	if _, ok := r.paths[dir]; ok {
		return dir
	}
	if _, ok := r.paths[dir+"/"]; ok {
		return dir + "/"
	}
	if p, ok := r.under[dir]; ok {
		return p
	}
	for i := 0; i < len(dir); i++ {
		if dir[i] != '/' {
			continue
		}
		for _, p := range []string{dir[:i], dir[:i+1]} {
			if _, ok := r.paths[p]; ok {
				return p
			}
		}
	}
	return ""
}

// placePages checks every page but the home page against the reserved
// paths, before anything is written. The error is at the page's file and
// its slug line when the slug came from the front matter: the page is
// what the editor can rename.
func (r *reservation) placePages(pages []*content.Page) *diag.List {
	var errs diag.List
	for _, p := range pages {
		dir := strings.Trim(p.URL, "/")
		if dir == "" {
			continue
		}
		path := r.taken(dir)
		if path == "" {
			continue
		}
		line, col := 0, 0
		if pos, ok := p.Meta.Pos.Of("slug"); ok && p.Meta.Slug != "" {
			line, col = pos.Line, pos.Col
		}
		errs.Add(diag.Errorf(p.Path, line, col, "the page's URL %s is taken by a file the build makes (%s, %s)", p.URL, path, r.paths[path]).
			WithHint("give the page another slug or file name"))
	}
	return &errs
}

// ErrUnreserved is a file written that no part of the build reserved.
var ErrUnreserved = errors.New("the build writes a file it did not reserve (see Reserver)")

// WriteFile writes data to rel, a slash path below the output root. The
// path must have been reserved (see Reserver): pages were placed clear of
// it.
func (o *Output) WriteFile(rel string, data []byte) error {
	if !o.reserved.has(strings.TrimPrefix(rel, "/")) {
		return fmt.Errorf("%w: %s", ErrUnreserved, rel)
	}
	return o.put(rel, data, false)
}

// write writes a page's own file, without the check.
func (o *Output) write(rel string, data []byte) error { return o.put(rel, data, true) }

// put writes rel; page says it is a page's own file.
func (o *Output) put(rel string, data []byte, page bool) error {
	if o.ctx != nil && o.ctx.Err() != nil {
		return o.ctx.Err()
	}
	rel = strings.TrimPrefix(rel, "/")
	full := filepath.Join(o.dir, filepath.FromSlash(rel))
	o.mu.Lock()
	if o.mem != nil {
		o.files[rel] = true
		o.mem[rel] = bytes.Clone(data)
		delete(o.gone, rel)
		o.mu.Unlock()
		return nil
	}
	if page {
		o.pages++
	} else {
		o.files[rel] = true
	}
	o.mu.Unlock()
	dir := filepath.Dir(full)
	if !page || dir == o.dir {
		if err := o.mkdir(dir); err != nil {
			return err
		}
	} else {
		// The page's own folder is made here, unrecorded; a file of a
		// feature's written into it too finds it there.
		if err := o.mkdir(filepath.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
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

// Has reports whether rel, a file other than a page's own, was written.
func (o *Output) Has(rel string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.files[strings.TrimPrefix(rel, "/")]
}

// Count is the number of files written.
func (o *Output) Count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.files) + o.pages
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
