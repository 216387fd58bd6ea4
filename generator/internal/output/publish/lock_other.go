//go:build !unix

package publish

import (
	"io/fs"
	"time"
)

// lock does nothing where directories cannot be flocked.
type lock struct{}

func lockDir(string) (*lock, error) { return &lock{}, nil }
func (l *lock) release()            {}

// staleAge is how old an unlocked staging tree must be before it is
// removed.
const staleAge = 24 * time.Hour

// abandoned treats a staging tree untouched for a day as left behind: no
// build runs that long.
func abandoned(_ string, fi fs.FileInfo) bool { return time.Since(fi.ModTime()) > staleAge }
