// Package srcfs opens a site's source folders as a read-only fs.FS that
// reaches nothing outside them. Each folder (content/, templates/,
// assets/) is an os.Root: a symbolic link may point anywhere inside its
// folder, and one that leads out of it (to /etc/passwd, or from content/
// into generator/) is an error at the link's path. Only regular files and
// directories open: a FIFO, socket or device is an error, never a hang
// or an endless read.
package srcfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// FS reads below a site root's source folders.
type FS struct {
	// top lists the site root itself, for "." only: layered file
	// systems list the root to find the folders.
	top   *os.Root
	roots map[string]*os.Root
}

// Open opens the folders dirs (say "content", "templates", "assets") of
// the site root src. A folder that does not exist reads as missing.
func Open(src string, dirs ...string) (*FS, error) {
	top, err := os.OpenRoot(src)
	if err != nil {
		return nil, err
	}
	f := &FS{top: top, roots: map[string]*os.Root{}}
	for _, d := range dirs {
		fi, err := top.Lstat(d)
		if err != nil {
			continue
		}
		if !fi.IsDir() {
			f.Close()
			return nil, &fs.PathError{Op: "open", Path: d, Err: fmt.Errorf("%s/ must be a folder of the site, not a link or a file", d)}
		}
		r, err := top.OpenRoot(d)
		if err != nil {
			f.Close()
			return nil, err
		}
		f.roots[d] = r
	}
	return f, nil
}

// Close releases the folders.
func (f *FS) Close() error {
	for _, r := range f.roots {
		r.Close()
	}
	return f.top.Close()
}

// ErrOutside is a symbolic link that leads out of its folder.
var ErrOutside = errors.New("is a link that leads outside its folder")

// NotRegular is a path that is neither a regular file nor a directory.
type NotRegular struct{ Kind string }

func (e NotRegular) Error() string {
	return fmt.Sprintf("is a %s, not a regular file; only regular files are read", e.Kind)
}

// Open opens name, a slash path below the site root.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return f.top.Open(".")
	}
	dir, rest, _ := strings.Cut(name, "/")
	r := f.roots[dir]
	if r == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if rest == "" {
		rest = "."
	}
	file, err := r.OpenFile(rest, openFlags, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: f.why(r, dir, rest, err)}
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: NotRegular{kind(fi.Mode())}}
	}
	return file, nil
}

// why explains an error opening rest in the folder dir: a link out of
// the folder is named as such, with where it points.
func (f *FS) why(r *os.Root, dir, rest string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return unwrap(err)
	}
	// Walk the path a step at a time to find the link that leaves.
	p := ""
	for _, part := range strings.Split(rest, "/") {
		p = path.Join(p, part)
		fi, lerr := r.Lstat(p)
		if lerr != nil || fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if _, serr := r.Stat(p); serr != nil && !errors.Is(serr, fs.ErrNotExist) {
			target, _ := r.Readlink(p)
			return fmt.Errorf("%w %s/ (%s points to %s); links may only point inside %s/", ErrOutside, dir, path.Join(dir, p), target, dir)
		}
	}
	return unwrap(err)
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// ReadDir lists the folder name. A link that stays inside its folder is
// listed as what it points to, so walks follow it; a link that leads out
// stays a link, and opening it reports where it leads.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	d, ok := file.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	entries, err := d.ReadDir(-1)
	for i, e := range entries {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		fi, serr := fs.Stat(f, path.Join(name, e.Name()))
		if serr == nil {
			entries[i] = fs.FileInfoToDirEntry(renamed{fi, e.Name()})
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// renamed is a link's target's information under the link's name.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }
