// Package frontmatter splits a markdown file into its YAML front matter and
// body, and decodes the front matter strictly, with positions for errors.
package frontmatter

import (
	"bytes"
	"reportgen/generator/internal/slug"
	"strconv"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/yamlfile"

	"gopkg.in/yaml.v3"
)

// Meta is what a page may say about itself. Unknown keys are errors, so a
// typo ("titel") is caught instead of silently ignored.
type Meta struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Weight      int    `yaml:"weight"`
	Slug        string `yaml:"slug"`
	Draft       bool   `yaml:"draft"`
	Layout      string `yaml:"layout"`
	// Edition marks a page written by the edition, not the publication:
	// the whole page carries the provenance mark and label.
	Edition bool `yaml:"edition"`
	// Pos is where each key's value is in the file, so later checks (two
	// pages with one slug) can point at it.
	Pos Positions `yaml:"-"`
}

// Position is a 1-based line and column in a file.
type Position struct{ Line, Col int }

// keys are the keys a page may give, in a fixed order, and the type of
// each.
var keys = [...]struct{ name, typ string }{
	{"title", "string"}, {"description", "string"}, {"weight", "int"},
	{"slug", "string"}, {"draft", "bool"}, {"layout", "string"}, {"edition", "bool"},
}

// keyIndex is the place of key in keys, or -1.
func keyIndex(key string) int {
	for i, k := range keys {
		if k.name == key {
			return i
		}
	}
	return -1
}

// Positions are where the keys given are, held in the page itself: a map
// for each page was a third of the memory a site of 100,000 pages kept
// for its pages (33 MB), and a hundred thousand maps for the garbage
// collector to scan.
type Positions struct{ at [len(keys)]Position }

// Of is where key's value is, and whether the key was given.
func (p *Positions) Of(key string) (Position, bool) {
	i := keyIndex(key)
	if i < 0 || p.at[i].Line == 0 {
		return Position{}, false
	}
	return p.at[i], true
}

// Doc is a parsed file.
type Doc struct {
	Meta Meta
	// Body is the markdown after the front matter.
	Body []byte
	// BodyLine is the 1-based line of the file on which Body starts, so
	// positions inside the body can be reported against the file.
	BodyLine int
}

var delim = []byte("---")

// Parse splits and decodes src. path is used only in error messages.
func Parse(path string, src []byte) (*Doc, *diag.List) {
	var errs diag.List
	if e := diag.InvalidUTF8(path, src, 0); e != nil {
		errs.Add(e)
		return nil, &errs
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	doc := &Doc{Body: src, BodyLine: 1}
	if !bytes.HasPrefix(src, delim) || !isDelimLine(src, 0) {
		errs.Add(missingDescription(path, Position{1, 1}, "page has no front matter, so no description"))
		return doc, &errs
	}
	// Find the closing delimiter on a line of its own.
	start := lineEnd(src, 0)
	pos := start
	closing := -1
	for pos < len(src) {
		if bytes.HasPrefix(src[pos:], delim) && isDelimLine(src, pos) {
			closing = pos
			break
		}
		pos = lineEnd(src, pos)
	}
	if closing < 0 {
		errs.Add(diag.Errorf(path, 1, 1, "front matter opened with --- is never closed").
			WithHint("add a line with --- after the last front matter key"))
		return nil, &errs
	}
	yamlSrc := src[start:closing]
	bodyStart := lineEnd(src, closing)
	doc.Body = src[bodyStart:]
	doc.BodyLine = bytes.Count(src[:bodyStart], []byte("\n")) + 1
	decodeMeta(path, yamlSrc, 1, &doc.Meta, &errs)
	if errs.HasErrors(false) {
		return nil, &errs
	}
	if doc.Meta.Description == "" {
		// Where to write it: its own line when the key is there, else the
		// line closing the front matter.
		at := Position{Line: doc.BodyLine - 1, Col: 1}
		if p, ok := doc.Meta.Pos.Of("description"); ok {
			at = Position{Line: p.Line, Col: 1}
		}
		errs.Add(missingDescription(path, at, "description is empty"))
	}
	return doc, &errs
}

// missingDescription is a warning: the page builds, but search results and
// link previews fall back to the site's description, the same on every
// page.
func missingDescription(path string, at Position, msg string) *diag.Error {
	e := diag.Errorf(path, at.Line, at.Col, "%s", msg).
		WithHint(`write description: "one sentence on what this page says"; search results and link previews show it`)
	e.Warning = true
	return e
}

func isDelimLine(src []byte, pos int) bool {
	rest := src[pos+len(delim):]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		end = len(rest)
	}
	return len(bytes.TrimSpace(rest[:end])) == 0
}

func lineEnd(src []byte, pos int) int {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return len(src)
	}
	return pos + i + 1
}

// decodeMeta decodes yamlSrc, which begins on line lineOffset+1 of the
// file, into m.
func decodeMeta(path string, yamlSrc []byte, lineOffset int, m *Meta, errs *diag.List) {
	if i := bytes.IndexByte(yamlSrc, '\t'); i >= 0 {
		// YAML forbids tabs for indentation; the library's message for it is
		// obscure, so say it plainly.
		line, col := diag.LineCol(yamlSrc, i)
		lineText := yamlSrc[i-(col-1):]
		if len(bytes.TrimLeft(lineText[:col-1], " ")) == 0 {
			errs.Add(diag.Errorf(path, line+lineOffset, col, "front matter is indented with a tab").
				WithHint("YAML allows only spaces for indentation"))
			return
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(yamlSrc, &root); err != nil {
		e := yamlfile.SyntaxError(path, yamlSrc, lineOffset, err)
		e.Msg = "front matter is not valid YAML: " + e.Msg
		errs.Add(e)
		return
	}
	if len(root.Content) == 0 {
		return
	}
	mapping := root.Content[0]
	if mapping.Kind != yaml.MappingNode {
		errs.Add(diag.Errorf(path, mapping.Line+lineOffset, mapping.Column,
			"front matter must be a set of key: value pairs").
			WithHint(`write for example title: "Methods"`))
		return
	}
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		k, v := mapping.Content[i], mapping.Content[i+1]
		line, col := k.Line+lineOffset, k.Column
		at := keyIndex(k.Value)
		if at < 0 {
			errs.Add(diag.Errorf(path, line, col, "unknown front matter key %q", k.Value).
				WithHint("known keys are title, description, weight, slug, draft, layout, edition"))
			continue
		}
		typ := keys[at].typ
		if m.Pos.at[at].Line != 0 {
			errs.Add(diag.Errorf(path, line, col, "front matter key %q given twice", k.Value).
				WithHint("keep one of them"))
			continue
		}
		m.Pos.at[at] = Position{Line: v.Line + lineOffset, Col: v.Column}
		if v.Kind != yaml.ScalarNode {
			errs.Add(diag.Errorf(path, v.Line+lineOffset, v.Column, "%s must be a single %s value", k.Value, typ).
				WithHint("write it on one line after the colon"))
			continue
		}
		switch typ {
		case "string":
			s := v.Value
			switch k.Value {
			case "title":
				m.Title = s
			case "description":
				m.Description = s
			case "slug":
				if err := slug.Check(s); err != nil {
					errs.Add(diag.Errorf(path, v.Line+lineOffset, v.Column, "%v", err).
						WithHint("use lower-case words joined by hyphens, e.g. slug: my-chapter"))
				}
				m.Slug = s
			case "layout":
				m.Layout = s
			}
		case "int":
			n, err := strconv.Atoi(v.Value)
			if err != nil {
				errs.Add(diag.Errorf(path, v.Line+lineOffset, v.Column, "%s must be a whole number, not %q", k.Value, v.Value).
					WithHint("write for example weight: 10"))
				continue
			}
			m.Weight = n
		case "bool":
			var b bool
			if err := v.Decode(&b); err != nil {
				errs.Add(diag.Errorf(path, v.Line+lineOffset, v.Column, "%s must be true or false, not %q", k.Value, v.Value).
					WithHint("write %s: true or %s: false", k.Value, k.Value))
				continue
			}
			if k.Value == "edition" {
				m.Edition = b
			} else {
				m.Draft = b
			}
		}
	}
}
