// Package publish writes a build into a fresh directory beside the output
// directory and swaps it in only when the build succeeded, so a failed build
// never damages the previous site. It also refuses dangerous output paths.
package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckOut refuses an output directory that would put the source at risk:
// the file-system root, the source tree or one of its parents, or anything
// inside the source's content/, templates/ or assets/ folders.
func CheckOut(srcDir, outDir string) error {
	src, err := filepath.Abs(srcDir)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(outDir)
	if err != nil {
		return err
	}
	src, out = resolve(src), resolve(out)
	if out == string(filepath.Separator) || filepath.Dir(out) == out {
		return fmt.Errorf("refusing to write the site to %s: the file-system root", outDir)
	}
	if home, err := os.UserHomeDir(); err == nil && out == resolve(home) {
		return fmt.Errorf("refusing to write the site to %s: the home directory", outDir)
	}
	if within(src, out) {
		return fmt.Errorf("refusing to write the site to %s: it is the source tree or contains it", outDir)
	}
	for _, d := range []string{"content", "templates", "assets", "generator", ".git"} {
		if within(out, filepath.Join(src, d)) {
			return fmt.Errorf("refusing to write the site to %s: it is inside the source folder %s/", outDir, d)
		}
	}
	return nil
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
	Dir string
	out string
}

// Stage creates an empty staging directory beside outDir.
func Stage(outDir string) (*Staging, error) {
	out, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	return &Staging{Dir: dir, out: out}, nil
}

// Abort removes the staging directory and leaves the output alone.
func (s *Staging) Abort() { _ = os.RemoveAll(s.Dir) }

// Commit replaces the output directory with the staging directory. The
// old output is moved aside first and removed only after the swap.
func (s *Staging) Commit() error {
	old := ""
	if fi, err := os.Lstat(s.out); err == nil {
		if !fi.IsDir() {
			s.Abort()
			return fmt.Errorf("output %s exists and is not a directory", s.out)
		}
		old = s.Dir + ".old"
		if err := os.Rename(s.out, old); err != nil {
			s.Abort()
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		s.Abort()
		return err
	}
	if err := os.Rename(s.Dir, s.out); err != nil {
		if old != "" {
			_ = os.Rename(old, s.out)
		}
		s.Abort()
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
