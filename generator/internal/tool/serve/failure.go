package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/srcfs"
)

// Failure is a failed build as the browser overlay and the terminal show
// it.
type Failure struct {
	Problems []Problem `json:"problems"`
	// More counts problems left out to keep the overlay readable.
	More int `json:"more,omitempty"`
}

// Problem is one diagnostic with the source lines around it.
type Problem struct {
	Path    string       `json:"path,omitempty"`
	Line    int          `json:"line,omitempty"`
	Col     int          `json:"col,omitempty"`
	Msg     string       `json:"msg"`
	Hint    string       `json:"hint,omitempty"`
	Warning bool         `json:"warning,omitempty"`
	Context []SourceLine `json:"context,omitempty"`
}

// SourceLine is one numbered line of the file a problem is in.
type SourceLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

const (
	maxProblems  = 20  // in the overlay; the terminal gets all
	contextLines = 3   // either side of the problem's line
	maxLineLen   = 240 // characters of a source line shown
)

// Where is "path:line:col", as editors understand it.
func (p Problem) Where() string {
	if p.Path == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, max(p.Line, 1), max(p.Col, 1))
}

// newFailure describes err, reading source lines from the site root src.
func newFailure(err error, src string) *Failure {
	f := &Failure{}
	var list *diag.List
	if !errors.As(err, &list) {
		var de *diag.Error
		if errors.As(err, &de) {
			list = &diag.List{}
			list.Add(de)
		}
	}
	if list == nil {
		f.Problems = []Problem{{Msg: err.Error()}}
		return f
	}
	// The overlay is about what stops the build: warnings are left out
	// unless they are all there is (with -strict).
	items := list.Items()
	var errs []*diag.Error
	for _, e := range items {
		if !e.Warning {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		items = errs
	}
	files := map[string][]string{}
	for i, e := range items {
		if i >= maxProblems {
			f.More = len(items) - maxProblems
			break
		}
		p := Problem{Path: e.Path, Line: e.Line, Col: e.Col, Msg: e.Msg, Hint: e.Hint, Warning: e.Warning}
		if e.Path == "" && e.Phase != "" {
			p.Msg = e.Phase + ": " + e.Msg
		}
		if e.Path != "" && e.Line > 0 {
			lines, ok := files[e.Path]
			if !ok {
				lines = readLines(src, e.Path)
				files[e.Path] = lines
			}
			p.Context = around(lines, e.Line)
		}
		f.Problems = append(f.Problems, p)
	}
	return f
}

// readLines reads a site file; paths come from diagnostics and are
// relative to the site root. A file that cannot be read has no context.
func readLines(src, rel string) []string {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return nil
	}
	// Read as the build reads: a link out of the source folders, or a
	// pipe, shows nothing rather than someone else's file or a hang.
	sfs, err := srcfs.Open(src, "content", "templates", "assets")
	if err != nil {
		return nil
	}
	defer sfs.Close()
	f, err := sfs.Open(rel)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 64<<20+1))
	if err != nil || len(data) > 64<<20 {
		return nil
	}
	return strings.Split(string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), "\n")
}

func around(lines []string, line int) []SourceLine {
	if line > len(lines) {
		return nil
	}
	var out []SourceLine
	for n := max(1, line-contextLines); n <= min(len(lines), line+contextLines); n++ {
		text := strings.TrimRight(lines[n-1], "\r")
		if utf8.RuneCountInString(text) > maxLineLen {
			text = string([]rune(text)[:maxLineLen]) + "…"
		}
		out = append(out, SourceLine{N: n, Text: text})
	}
	return out
}

// Terminal renders the failure for the terminal: every problem as
// path:line:col: message; hint, then the offending line with a caret under
// the column.
func (f *Failure) Terminal() string {
	var b strings.Builder
	for _, p := range f.Problems {
		if w := p.Where(); w != "" {
			b.WriteString(w + ": ")
		}
		if p.Warning {
			b.WriteString("warning: ")
		}
		b.WriteString(p.Msg)
		if p.Hint != "" {
			b.WriteString("; " + p.Hint)
		}
		b.WriteByte('\n')
		for _, l := range p.Context {
			if l.N != p.Line {
				continue
			}
			prefix := fmt.Sprintf("  %4d | ", l.N)
			b.WriteString(prefix + expandTabs(l.Text) + "\n")
			if p.Col > 0 {
				b.WriteString(strings.Repeat(" ", len(prefix)) + caretPad(l.Text, p.Col) + "^\n")
			}
		}
	}
	if f.More > 0 {
		fmt.Fprintf(&b, "… and %d more problem(s)\n", f.More)
	}
	fmt.Fprintf(&b, "build failed with %d problem(s)\n", len(f.Problems)+f.More)
	return b.String()
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// caretPad is the blank space before byte column col of text, as wide as
// the text it stands under.
func caretPad(text string, col int) string {
	if col-1 > len(text) {
		col = len(text) + 1
	}
	return strings.Repeat(" ", utf8.RuneCountInString(expandTabs(text[:col-1])))
}
