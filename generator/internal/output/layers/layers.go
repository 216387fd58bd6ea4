// Package layers lays a site's theme folders (templates/, assets/) over a
// default theme file by file: a file the site has wins, any other comes
// from the default theme; everything outside those folders is the site's
// alone. Hugo's lookup order for a project over its theme is the model.
package layers

import (
	"errors"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// FS is a site with a default theme under it.
type FS struct {
	site, theme fs.FS
	dirs        []string
}

// Over returns site with theme's files under the folders dirs (say
// "templates" and "assets"). A nil theme leaves site as it is.
func Over(site, theme fs.FS, dirs ...string) fs.FS {
	if theme == nil {
		return site
	}
	return &FS{site: site, theme: theme, dirs: dirs}
}

// layered reports whether name is one of the layered folders or below one.
func (l *FS) layered(name string) bool {
	for _, d := range l.dirs {
		if name == d || strings.HasPrefix(name, d+"/") {
			return true
		}
	}
	return false
}

// FromTheme reports whether name, a file of a layered folder, comes from
// the default theme (the site has no file of that name).
func (l *FS) FromTheme(name string) bool {
	if !l.layered(name) {
		return false
	}
	_, err := fs.Stat(l.site, name)
	return err != nil && errors.Is(err, fs.ErrNotExist)
}

// Open opens name from the site, or from the theme when it is below a
// layered folder and the site does not have it.
// A layered folder opens as the union of both, as ReadDir lists it.
func (l *FS) Open(name string) (fs.File, error) {
	f, err := l.site.Open(name)
	if (name != "." && !l.layered(name)) || (err != nil && !errors.Is(err, fs.ErrNotExist)) {
		return f, err
	}
	if err != nil {
		if f, err = l.theme.Open(name); err != nil {
			return nil, err
		}
	}
	info, err := f.Stat()
	if err != nil || !info.IsDir() {
		return f, err
	}
	f.Close()
	entries, err := l.ReadDir(name)
	if err != nil {
		return nil, err
	}
	return &dir{info: info, entries: entries}, nil
}

// dir is an open layered folder.
type dir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
	read    int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}

// ReadDir follows fs.ReadDirFile: n <= 0 reads the rest.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.read:]
	if n <= 0 {
		d.read = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.read += n
	return rest[:n], nil
}

// Stat is Open's choice of file, stated.
func (l *FS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(l.site, name)
	if err == nil || !l.layered(name) || !errors.Is(err, fs.ErrNotExist) {
		return info, err
	}
	return fs.Stat(l.theme, name)
}

// ReadFile reads Open's choice of file.
func (l *FS) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(l.site, name)
	if err == nil || !l.layered(name) || !errors.Is(err, fs.ErrNotExist) {
		return data, err
	}
	return fs.ReadFile(l.theme, name)
}

// ReadDir lists a layered folder as the union of the site's and the
// theme's entries, the site's winning; other folders are the site's.
func (l *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	own, err := fs.ReadDir(l.site, name)
	if name == "." && err == nil {
		// The root lists the layered folders the site lacks.
		for _, d := range l.dirs {
			if _, serr := fs.Stat(l.site, d); serr != nil && !strings.Contains(d, "/") {
				if info, terr := fs.Stat(l.theme, d); terr == nil {
					own = append(own, fs.FileInfoToDirEntry(info))
				}
			}
		}
		sort.Slice(own, func(i, j int) bool { return own[i].Name() < own[j].Name() })
		return own, nil
	}
	if !l.layered(name) {
		return own, err
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	siteHas := err == nil
	base, terr := fs.ReadDir(l.theme, name)
	if terr != nil {
		if siteHas {
			return own, nil
		}
		return nil, terr
	}
	seen := make(map[string]bool, len(own))
	for _, e := range own {
		seen[e.Name()] = true
	}
	all := own
	for _, e := range base {
		if !seen[e.Name()] {
			all = append(all, e)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name() < all[j].Name() })
	return all, nil
}

var _ fs.ReadDirFS = (*FS)(nil)
