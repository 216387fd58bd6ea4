// Package publish writes a build into a fresh directory beside the output
// directory and swaps it in only when the build succeeded, so a failed build
// never damages the previous site. It also refuses output paths that are
// not the generator's to replace.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file every published output holds. A build replaces a
// directory only when it holds this file (or is empty or missing), so a
// mistyped -out never deletes an editor's work.
const Marker = ".reportgen-output"

// markerText says what the marker is to whoever finds it.
const markerText = "This folder is a site built by the reportgen generator.\n" +
	"The next build replaces all of it; nothing else should be kept here.\n"

// CheckOut refuses an output directory that would put the source or
// anything else at risk: an empty path, the file-system root, the home
// directory, the source tree or one of its parents, anything inside the
// source's content/, templates/, assets/, generator/ or .git folders, and
// an existing non-empty directory the generator did not make (one without
// the Marker file). It returns the absolute path, with symbolic links
// resolved, that the build must then use: the value checked is the value
// used.
func CheckOut(srcDir, outDir string) (string, error) {
	if outDir == "" {
		return "", errors.New("the output directory is empty; give one, e.g. -out public")
	}
	if srcDir == "" {
		return "", errors.New("the source directory is empty; give one (-src . for the current folder)")
	}
	src, err := filepath.Abs(srcDir)
	if err != nil {
		return "", err
	}
	out, err := filepath.Abs(outDir)
	if err != nil {
		return "", err
	}
	src, out = resolve(src), resolve(out)
	if out == string(filepath.Separator) || filepath.Dir(out) == out {
		return "", fmt.Errorf("refusing to write the site to %s: the file-system root", outDir)
	}
	if home, err := os.UserHomeDir(); err == nil && out == resolve(home) {
		return "", fmt.Errorf("refusing to write the site to %s: the home directory", outDir)
	}
	if within(src, out) {
		return "", fmt.Errorf("refusing to write the site to %s: it is the source tree or contains it", outDir)
	}
	for _, d := range []string{"content", "templates", "assets", "generator", ".git"} {
		if within(out, filepath.Join(src, d)) {
			return "", fmt.Errorf("refusing to write the site to %s: it is inside the source folder %s/", outDir, d)
		}
	}
	if err := owned(out); err != nil {
		return "", fmt.Errorf("refusing to replace %s: %v", out, err)
	}
	return out, nil
}

// owned reports why the build may not replace dir, or nil when it may: dir
// is missing, empty, or holds the Marker.
func owned(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New("it exists and is not a directory")
	}
	if m, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) == 0 && err != nil {
		return nil // empty
	}
	return fmt.Errorf("it is not empty and was not made by this generator (it has no %s file); "+
		"choose a new or empty directory, or, if it is an older build, delete it once yourself", Marker)
}

// resolve follows symbolic links where the path exists, so a link cannot
// smuggle the source tree in.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	// The directory may not exist yet: resolve its parent.
	if parent := filepath.Dir(p); parent != p {
		return filepath.Join(resolve(parent), filepath.Base(p))
	}
	return p
}

// within reports whether child is dir or below it.
func within(child, dir string) bool {
	rel, err := filepath.Rel(dir, child)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Staging is a build directory that becomes the output on Commit.
type Staging struct {
	Dir  string
	out  string
	lock *lock
	// remove removes the previous output after the swap (os.RemoveAll;
	// tests make it fail).
	remove func(string) error
}

// stagePrefix is the start of the names of outDir's staging trees:
// "/site/public" is staged in "/site/.public.new-*".
func stagePrefix(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".new-")
}

// Stage creates an empty staging directory, holding only the Marker,
// beside outDir (an absolute path from CheckOut). It first removes the
// staging trees that builds of the same output left behind when they were
// killed: any such tree that no running build holds.
func Stage(outDir string) (*Staging, error) {
	out, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	RemoveStale(out)
	dir, err := os.MkdirTemp(parent, filepath.Base(stagePrefix(out)))
	if err != nil {
		return nil, err
	}
	l, err := lockDir(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	s := &Staging{Dir: dir, out: out, lock: l, remove: os.RemoveAll}
	if err := os.Chmod(dir, 0o755); err != nil {
		s.Abort()
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o644); err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// RemoveStale removes the staging trees of out that no running build
// holds, and reports how many it removed.
func RemoveStale(out string) int {
	matches, _ := filepath.Glob(globEscape(stagePrefix(out)) + "*")
	n := 0
	for _, m := range matches {
		fi, err := os.Lstat(m)
		if err != nil || !fi.IsDir() {
			continue
		}
		if !abandoned(m, fi) {
			continue
		}
		if os.RemoveAll(m) == nil {
			n++
		}
	}
	return n
}

func globEscape(p string) string {
	return strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`).Replace(p)
}

// Abort removes the staging directory and leaves the output alone.
func (s *Staging) Abort() {
	_ = os.RemoveAll(s.Dir)
	s.lock.release()
}

// ErrAfterSwap wraps a problem met after the new site was published
// (removing the old one): the build succeeded, and its output is in place.
var ErrAfterSwap = errors.New("the site was published, but")

// Commit makes the staging directory the output in one atomic step, so
// that at every instant the output is the old complete site or the new
// one. An error wrapping ErrAfterSwap means the site was published.
func (s *Staging) Commit() error {
	defer s.lock.release()
	fi, err := os.Lstat(s.out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(s.Dir, s.out); err != nil {
			s.Abort()
			return err
		}
		return nil
	case err != nil:
		s.Abort()
		return err
	case !fi.IsDir():
		s.Abort()
		return fmt.Errorf("output %s exists and is not a directory", s.out)
	}
	// The old output now lies where the staging tree was.
	if err := exchange(s.Dir, s.out); err != nil {
		if !errors.Is(err, errNoExchange) {
			s.Abort()
			return err
		}
		if err := s.swapInTwoSteps(); err != nil {
			return err
		}
	}
	if err := s.remove(s.Dir); err != nil {
		return fmt.Errorf("%w the previous one could not be removed (%v); the next build removes it", ErrAfterSwap, err)
	}
	return nil
}

// swapInTwoSteps is the fallback where the system cannot exchange two
// directories atomically (not Linux, or a file system without
// RENAME_EXCHANGE): the old output is renamed aside, then the new one into
// place. Between the two renames the output is missing for an instant; a
// kill in that instant leaves the old site in the staging directory's
// place, which the next build removes.
func (s *Staging) swapInTwoSteps() error {
	old := s.Dir + ".old"
	if err := os.Rename(s.out, old); err != nil {
		s.Abort()
		return err
	}
	if err := os.Rename(s.Dir, s.out); err != nil {
		_ = os.Rename(old, s.out)
		s.Abort()
		return err
	}
	s.Dir = old
	return nil
}

// errNoExchange means the system cannot swap two directories atomically.
var errNoExchange = errors.New("atomic exchange not supported")
