package srcfs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"reportgen/generator/internal/diag"
)

// TooBig is a file larger than its limit: Size bytes (at least), Max
// allowed.
type TooBig struct{ Size, Max int64 }

func (e *TooBig) Error() string {
	return fmt.Sprintf("file is %s, more than the %s allowed", Size(e.Size), Size(e.Max))
}

// Size writes a byte count for people: "4 MB", "1.5 MB", "512 kB"
// (binary units, as the limits are set).
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MB", n>>20)
		}
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads name from fsys, refusing a file over max bytes with a
// *TooBig before reading it. Every editor input is read through it with
// its own limit, so that a pasted-in dump or a runaway file is a clear
// error rather than a stalled build.
func ReadFile(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > max {
		return nil, &TooBig{fi.Size(), max}
	}
	// The size is checked again while reading: the file may grow.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, &TooBig{int64(buf.Len()), max}
	}
	return buf.Bytes(), nil
}

// Refused is the error for a file ReadFile refused as too big, at the
// file's path alone (the whole file is at fault, no line is), nil for any
// other error. limit says whose limit it is ("a page may hold"); hint
// what to do instead.
func Refused(path string, err error, limit, hint string) *diag.Error {
	var big *TooBig
	if !errors.As(err, &big) {
		return nil
	}
	return diag.Errorf(path, 0, 0, "file is %s, more than %s (%s)", Size(big.Size), limit, Size(big.Max)).WithHint("%s", hint)
}
