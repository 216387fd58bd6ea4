// Package diag carries positioned diagnostics (path:line:col: message) from
// every phase of a build to whoever reports them.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Error is one problem found in an editor's input, with where it is and what
// would be right.
type Error struct {
	Phase string // build phase that found it ("load", "index", "write", ...)
	Path  string // slash path relative to the site root
	Line  int    // 1-based; 0 when unknown
	Col   int    // 1-based; 0 when unknown
	Msg   string // what is wrong
	Hint  string // what would be right (optional)
	// Warning marks input that is legal but probably a mistake; -strict
	// turns warnings into errors.
	Warning bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		// An unknown position is left out rather than made up.
		switch {
		case e.Line < 1:
			b.WriteString(": ")
		case e.Col < 1:
			fmt.Fprintf(&b, ":%d: ", e.Line)
		default:
			fmt.Fprintf(&b, ":%d:%d: ", e.Line, e.Col)
		}
	} else if e.Phase != "" {
		b.WriteString(e.Phase + ": ")
	}
	if e.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Errorf makes a positioned error.
func Errorf(path string, line, col int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// At makes an error at a byte offset of a page body that starts on file
// line bodyLine (front matter comes before it): the one conversion from a
// position in markdown to a position in the file.
func At(path string, bodyLine int, body []byte, offset int, format string, args ...any) *Error {
	line, col := BodyLineCol(bodyLine, body, offset)
	return Errorf(path, line, col, format, args...)
}

// BodyLineCol is the file line and column of a byte offset in a page body
// that starts on file line bodyLine.
func BodyLineCol(bodyLine int, body []byte, offset int) (line, col int) {
	line, col = LineCol(body, offset)
	if bodyLine > 1 {
		line += bodyLine - 1
	}
	return line, col
}

// Place positions err at path:line:col, its message after prefix and a
// colon when prefix is given ("stat: no column x"). A *Error inside err
// keeps its message and hint. It is the one way an error found inside a
// block, a shortcode or a spec is moved to where it stands in a file.
func Place(err error, path string, line, col int, prefix string) *Error {
	e := &Error{Path: path, Line: line, Col: col}
	if de, ok := errors.AsType[*Error](err); ok {
		e.Msg, e.Hint = de.Msg, de.Hint
	} else {
		e.Msg = err.Error()
	}
	if prefix != "" {
		e.Msg = prefix + ": " + e.Msg
	}
	return e
}

// WithHint sets the hint and returns e, so construction reads as one line.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// List collects diagnostics; it is safe to fill from one goroutine only,
// callers that work concurrently give each worker its own List and Merge.
type List struct {
	items []*Error
}

// Add appends e. A nil e is ignored so call sites can pass results directly.
func (l *List) Add(e *Error) {
	if e != nil {
		l.items = append(l.items, e)
	}
}

// AddErr adds any error: positioned errors are kept as they are, others are
// wrapped with the phase and path given.
func (l *List) AddErr(phase, path string, err error) {
	if err == nil {
		return
	}
	var list *List
	if errors.As(err, &list) {
		for _, e := range list.items {
			if e.Phase == "" {
				e.Phase = phase
			}
		}
		l.items = append(l.items, list.items...)
		return
	}
	var de *Error
	if errors.As(err, &de) {
		if de.Phase == "" {
			de.Phase = phase
		}
		l.items = append(l.items, de)
		return
	}
	l.items = append(l.items, &Error{Phase: phase, Path: path, Msg: err.Error()})
}

// Merge appends every item of o.
func (l *List) Merge(o *List) {
	if o != nil {
		l.items = append(l.items, o.items...)
	}
}

// Items returns the diagnostics sorted by path, line and column. A problem
// found more than once (a template error meets every page that uses the
// template) is listed once. It returns a new slice and leaves l as it is,
// so reading a list from several places gives the same answer.
func (l *List) Items() []*Error {
	seen := make(map[Error]bool, len(l.items))
	out := make([]*Error, 0, len(l.items))
	for _, e := range l.items {
		if !seen[*e] {
			seen[*e] = true
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *Error) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return out
}

// Len counts every diagnostic, warnings included, each problem once.
func (l *List) Len() int { return len(l.Items()) }

// HasErrors reports whether any diagnostic is an error (strict also counts
// warnings).
func (l *List) HasErrors(strict bool) bool {
	for _, e := range l.items {
		if !e.Warning || strict {
			return true
		}
	}
	return false
}

// Err returns l as an error when it holds errors, otherwise nil.
func (l *List) Err(strict bool) error {
	if l.HasErrors(strict) {
		return l
	}
	return nil
}

func (l *List) Error() string {
	items := l.Items()
	lines := make([]string, len(items))
	for i, e := range items {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// LineCol converts a byte offset in src into a 1-based line and column
// (column counted in bytes, as compilers do).
func LineCol(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line = 1
	last := -1
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			last = i
		}
	}
	return line, offset - last
}

// InvalidUTF8 reports the first byte of src that is not UTF-8, at its
// line and column (lineOffset is added to the line); nil when src is valid.
// Every text file an editor writes is read as UTF-8, and the parsers of
// YAML and CSV name no position for a bad byte, or none at all.
func InvalidUTF8(path string, src []byte, lineOffset int) *Error {
	if utf8.Valid(src) {
		return nil
	}
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := LineCol(src, off)
	return Errorf(path, line+lineOffset, col, "file is not valid UTF-8").
		WithHint("save the file as UTF-8")
}
