//go:build unix

package publish

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// lock is an flock(2) held on a staging directory for as long as its build
// runs. The kernel drops it when the process dies, however it dies, so a
// tree nobody holds is one a killed build left behind.
type lock struct{ f *os.File }

func lockDir(dir string) (*lock, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return &lock{f}, nil
}

func (l *lock) release() {
	if l != nil && l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// abandoned reports whether no running build holds the staging tree dir.
func abandoned(dir string, _ fs.FileInfo) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) == nil
}
