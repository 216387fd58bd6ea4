package build

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Output writes files below the staging directory. It is safe for
// concurrent use.
type Output struct {
	dir   string
	mu    sync.Mutex
	dirs  map[string]bool
	files map[string]bool
}

func newOutput(dir string) *Output {
	return &Output{dir: dir, dirs: map[string]bool{}, files: map[string]bool{}}
}

// WriteFile writes data to rel, a slash path below the output root.
func (o *Output) WriteFile(rel string, data []byte) error {
	rel = strings.TrimPrefix(rel, "/")
	full := filepath.Join(o.dir, filepath.FromSlash(rel))
	d := filepath.Dir(full)
	o.mu.Lock()
	o.files[rel] = true
	mk := !o.dirs[d]
	o.dirs[d] = true
	o.mu.Unlock()
	if mk {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(full, data, 0o644)
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
