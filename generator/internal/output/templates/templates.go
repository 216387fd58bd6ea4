// Package templates loads a site's html/template layouts once and executes them,
// reporting parse and execution errors as file:line:col diagnostics.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/srcfs"
)

// Set is a parsed template set. Templates are named by their path below the
// templates folder ("page.html", "partials/head.html").
//
// A layout (a file outside partials/ other than base.html) may fill the
// blocks of base.html,
// the skeleton every page shares: it defines them ({{define "main"}}) and
// calls {{template "base.html" .}}. Each layout therefore gets its own copy
// of the set, in which its definitions are the ones used.
type Set struct {
	root    *template.Template
	layouts map[string]*template.Template
	dir     string
}

// Load parses every .html file below dir of fsys. All parse errors are
// reported, not just the first.
func Load(fsys fs.FS, dir string, funcs template.FuncMap) (*Set, *diag.List) {
	var errs diag.List
	root := template.New("").Funcs(funcs)
	var names []string
	layouts := map[string]string{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			hint := "check the folder's permissions"
			if errors.Is(err, fs.ErrNotExist) {
				hint = "add a templates/ folder, or leave it out and build with the generator's own command, which brings its default theme"
			}
			errs.Add(diag.Errorf(p, 0, 0, "cannot read templates: %v", unwrapPathErr(err)).WithHint("%s", hint))
			return nil
		}
		if !d.IsDir() && path.Ext(p) == ".html" {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		errs.Add(diag.Errorf(dir, 0, 0, "cannot read templates: %v", err))
		return nil, &errs
	}
	sort.Strings(names)
	for _, p := range names {
		src, err := srcfs.ReadFile(fsys, p, MaxFileBytes)
		if e := srcfs.Refused(p, err, "a template may be", "a template lays out a page; put text in content/ and files in assets/"); e != nil {
			errs.Add(e)
			continue
		}
		if err != nil {
			errs.Add(diag.Errorf(p, 0, 0, "cannot read template: %v", unwrapPathErr(err)).
				WithHint("check the file's permissions"))
			continue
		}
		name := strings.TrimPrefix(p, dir+"/")
		if name != Base && !strings.HasPrefix(name, "partials/") {
			layouts[name] = string(src)
			continue
		}
		if _, err := root.New(name).Parse(string(src)); err != nil {
			errs.Add(positioned(dir, err))
		}
	}
	if errs.Len() > 0 {
		return nil, &errs
	}
	set := &Set{root: root, layouts: map[string]*template.Template{}, dir: dir}
	for _, name := range slices.Sorted(maps.Keys(layouts)) {
		// Each layout in a copy of the shared templates, so that the
		// blocks it defines are its own.
		own, err := root.Clone()
		if err == nil {
			_, err = own.New(name).Parse(layouts[name])
		}
		if err != nil {
			errs.Add(positioned(dir, err))
			continue
		}
		set.layouts[name] = own
	}
	if errs.Len() > 0 {
		return nil, &errs
	}
	// Calls that would never end, in the shared templates and in each
	// layout's own, each reported once.
	seen := map[string]bool{}
	for _, e := range cycles(dir, root, seen) {
		errs.Add(e)
	}
	for _, name := range slices.Sorted(maps.Keys(set.layouts)) {
		for _, e := range cycles(dir, set.layouts[name], seen) {
			errs.Add(e)
		}
	}
	if errs.Len() > 0 {
		return nil, &errs
	}
	return set, &errs
}

// MaxFileBytes is the largest template file. The theme's largest is
// under 4 kB: a template lays out a page, and one of a megabyte has text or
// data in it that belongs in content/ (and is copied into every page).
const MaxFileBytes = 1 << 20

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Base is the skeleton layouts fill; it and partials/ are shared by every
// layout.
const Base = "base.html"

// Has reports whether a template of that name exists.
func (s *Set) Has(name string) bool {
	_, layout := s.layouts[name]
	return layout || s.root.Lookup(name) != nil
}

// Layouts names the layouts a page may ask for with layout:, sorted:
// each file of the folder but the base and partials, without ".html".
func (s *Set) Layouts() []string {
	names := make([]string, 0, len(s.layouts))
	for _, name := range slices.Sorted(maps.Keys(s.layouts)) {
		names = append(names, strings.TrimSuffix(name, ".html"))
	}
	return names
}

// Execute runs the named template with data into w.
func (s *Set) Execute(w io.Writer, name string, data any) *diag.Error {
	t := s.root.Lookup(name)
	if own, ok := s.layouts[name]; ok {
		t = own.Lookup(name)
	}
	if t == nil {
		return diag.Errorf(s.dir+"/"+name, 0, 0, "template %s does not exist", name).
			WithHint("add it to the templates folder")
	}
	// The page is made in a buffer first so that a failing template
	// writes nothing; buffers are reused, pages being alike in size.
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			buffers.Put(buf)
		}
	}()
	if err := t.Execute(buf, data); err != nil {
		var inner *partialError
		for errors.As(err, &inner) {
			err = inner.err
		}
		return positioned(s.dir, err)
	}
	_, err := w.Write(buf.Bytes())
	if err != nil {
		return diag.Errorf("", 0, 0, "writing %s: %v", name, err)
	}
	return nil
}

// Partial runs one of the shared templates (base.html, partials/) with
// data and returns what it wrote, for template functions that make a
// partial once and use its output on many pages.
func (s *Set) Partial(name string, data any) (template.HTML, error) {
	t := s.root.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("template %s does not exist", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", &partialError{err}
	}
	return template.HTML(b.String()), nil
}

// partialError is an error of a template run by Partial: Execute reports
// it at its own position, not at the function call that ran it.
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// Template errors read "template: NAME:LINE[:COL]: message"; those of
// html/template's escaper "html/template:NAME:LINE:COL: message".
// The escaper leaves the line out when the problem is at the end of the
// template.
var errRe = regexp.MustCompile(`template: ?([^:\s]+):(?:(\d+)(?::(\d+))?:)? (.*)`)

// contextRe matches the escaper's dump of its internal state, which means
// nothing to an editor.
var contextRe = regexp.MustCompile(`:\s*\{state[^}]*\}(?:,\s*\{state[^}]*\})*`)

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func positioned(dir string, err error) *diag.Error {
	msg := err.Error()
	m := errRe.FindStringSubmatch(msg)
	if m == nil {
		return &diag.Error{Phase: "templates", Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	text := m[4]
	// Execution errors repeat "template: NAME:L:C: executing ..." inside.
	if i := strings.Index(text, "executing \""); i >= 0 {
		if j := strings.Index(text, ": "); j > i {
			text = text[j+2:]
		}
	}
	text = contextRe.ReplaceAllString(text, "")
	e := diag.Errorf(dir+"/"+m[1], line, col, "template: %s", text)
	e.Hint = hintFor(text)
	return e
}

func hintFor(msg string) string {
	switch {
	case strings.Contains(msg, "function") && strings.Contains(msg, "not defined"):
		return "check the function name; see the README for the functions templates can call"
	case strings.Contains(msg, "error calling asset"):
		return "add the file below assets/ or correct its name (a path below assets/, such as css/site.css)"
	case strings.Contains(msg, "error calling"):
		return "check the arguments given to the function"
	case strings.Contains(msg, "can't evaluate field"):
		return "check the field name against the page data described in the README"
	case strings.Contains(msg, "nil pointer evaluating"):
		return "the value is missing on this page; guard it with {{with}} or {{if}}"
	case strings.Contains(msg, "no such template"):
		return "check the name given to {{template}}, including its folder"
	case strings.Contains(msg, "branches end in different contexts"):
		return "each branch of {{if}} or {{range}} must open and close the same HTML tags and attributes"
	case strings.Contains(msg, "ends in a non-text context"):
		return "close the HTML tag, attribute, comment or script opened in this template"
	case strings.Contains(msg, "unclosed action"), strings.Contains(msg, "bad character"):
		return "close the action with }} before this point"
	case strings.Contains(msg, "unexpected EOF"), strings.Contains(msg, "unexpected {{end}}"):
		return "every {{if}}, {{range}}, {{with}}, {{block}} and {{define}} needs one {{end}}"
	case strings.Contains(msg, "unexpected"):
		return "check that every {{ has a matching }} and every block is closed with {{end}}"
	case strings.Contains(msg, "missing value for"):
		return "give the action a value, e.g. {{if .Title}}"
	case strings.Contains(msg, "wrong number of args"), strings.Contains(msg, "wrong type for value"):
		return "check the arguments given to the function"
	}
	return "check the template syntax at this position (Go html/template)"
}
