// Package diskcache keeps bytes a build derives from its inputs (a chart's
// drawing, a minified stylesheet) between runs, in the user's cache
// directory, each under a key that hashes everything that made it. A
// cache that cannot be read or written costs only time: a miss makes the
// bytes again.
package diskcache

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
)

// Dir is the folder for one kind of derived file in the user's cache
// directory (never the site's folders: ~/.cache/reportgen/<kind> on
// Linux), or "" when the user has none.
func Dir(kind string) string {
	d, err := os.UserCacheDir()
	if err != nil || d == "" {
		return ""
	}
	return filepath.Join(d, "reportgen", kind)
}

// Cache is one folder of entries. A nil Cache, or one without a folder,
// holds nothing and keeps nothing.
type Cache struct {
	dir string
}

// New is the cache kept in dir; an empty dir keeps nothing.
func New(dir string) *Cache {
	return &Cache{dir: dir}
}

// file is where key is kept: in a folder named by its first two
// characters, so that no folder holds every entry.
func (c *Cache) file(key string) string {
	if c == nil || c.dir == "" || len(key) < 3 {
		return ""
	}
	return filepath.Join(c.dir, key[:2], key)
}

// Get returns the bytes kept under key. An entry whose checksum does not
// match its bytes (a file cut short by a full disk, or edited) is a miss.
func (c *Cache) Get(key string) ([]byte, bool) {
	file := c.file(key)
	if file == "" {
		return nil, false
	}
	b, err := os.ReadFile(file)
	if err != nil || len(b) < sha256.Size {
		return nil, false
	}
	sum, data := b[:sha256.Size], b[sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(sum, got[:]) {
		return nil, false
	}
	return data, true
}

// Put keeps data under key, with its checksum. The entry appears whole
// or not at all (written beside it, then renamed), so a reader never
// sees half of it.
func (c *Cache) Put(key string, data []byte) error {
	file := c.file(key)
	if file == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-*")
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	_, err = tmp.Write(sum[:])
	if err == nil {
		_, err = tmp.Write(data)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
