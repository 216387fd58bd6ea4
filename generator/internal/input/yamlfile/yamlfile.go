// Package yamlfile decodes an editor's YAML file strictly (unknown keys are
// errors) and reports problems as positioned diagnostics.
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/srcfs"

	"gopkg.in/yaml.v3"
)

var lineRe = regexp.MustCompile(`line (\d+): (.*)`)

// Decode decodes src into v. path names the file in messages.
func Decode(path string, src []byte, v any) *diag.List {
	var errs diag.List
	if e := diag.InvalidUTF8(path, src, 0); e != nil {
		errs.Add(e)
		return &errs
	}
	if i := tabIndent(src); i >= 0 {
		line, col := diag.LineCol(src, i)
		errs.Add(diag.Errorf(path, line, col, "line is indented with a tab").
			WithHint("YAML allows only spaces for indentation"))
		return &errs
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		return &errs
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		keys := knownKeys(reflect.TypeOf(v), map[string][]string{})
		lines := strings.Split(string(src), "\n")
		for _, m := range te.Errors {
			errs.Add(positioned(path, m, lines, keys))
		}
		return &errs
	}
	errs.Add(SyntaxError(path, src, 0, err))
	return &errs
}

var syntaxLineRe = regexp.MustCompile(`^line (\d+): (.*)$`)

// SyntaxError positions a YAML syntax error from src, which starts on
// line lineOffset+1 of the file path.
//
// The YAML library counts lines from 0 in parser errors and from 1 in
// scanner errors, and leaves the line out when it is the first; the
// parser's messages are the "did not find expected ..." ones.
func SyntaxError(path string, src []byte, lineOffset int, err error) *diag.Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := syntaxLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if isParserError(msg) {
		line++
	}
	lines := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	line = max(1, min(line, len(lines)))
	if strings.Contains(msg, "unexpected end of stream") {
		// Reported where the file ended; the mistake is the quotation
		// mark that was opened and never closed.
		line = unclosedQuote(lines, line)
	}
	if open, ok := unclosedBracket(msg); ok {
		// The parser stumbles on the line after a bracket left open; the
		// mistake is where the bracket opened.
		for l := line; l >= 1; l-- {
			if strings.Count(lines[l-1], string(open)) > strings.Count(lines[l-1], string(closing(open))) {
				line = l
				break
			}
		}
	}
	col := column(lines[line-1], msg)
	e := diag.Errorf(path, line+lineOffset, col, "%s", msg)
	e.Hint = syntaxHint(msg)
	if isParserError(msg) || strings.Contains(msg, "mapping values are not allowed") {
		// A quoted value left open runs on into the next lines, and YAML
		// only stumbles later: name the line where the quote opened.
		if q, ok := openQuoteBefore(lines, line); ok {
			e.Hint += fmt.Sprintf("; or close the quotation mark opened on line %d", q+lineOffset)
		}
	}
	return e
}

// openQuoteBefore finds a line before line that opens a double-quoted
// value without closing it.
func openQuoteBefore(lines []string, line int) (int, bool) {
	for l := line - 1; l >= 1; l-- {
		if strings.Count(lines[l-1], `"`)%2 == 1 {
			return l, true
		}
	}
	return 0, false
}

// unclosedQuote finds, from line upwards, the line that opens a quoted
// value without closing it; line itself when there is none.
func unclosedQuote(lines []string, line int) int {
	for l := line; l >= 1; l-- {
		text := lines[l-1]
		if strings.Count(text, `"`)%2 == 1 {
			return l
		}
		if _, v, ok := strings.Cut(text, ": "); ok {
			v = strings.TrimSpace(v)
			if strings.HasPrefix(v, "'") && (len(v) == 1 || !strings.HasSuffix(v, "'")) {
				return l
			}
		}
	}
	return line
}

// unclosedBracket says which bracket a message reports as never closed.
func unclosedBracket(msg string) (byte, bool) {
	switch {
	case strings.Contains(msg, "',' or ']'"):
		return '[', true
	case strings.Contains(msg, "',' or '}'"):
		return '{', true
	}
	return 0, false
}

func closing(open byte) byte {
	if open == '[' {
		return ']'
	}
	return '}'
}

func isParserError(msg string) bool {
	switch {
	case strings.HasPrefix(msg, "did not find expected key"),
		strings.HasPrefix(msg, "did not find expected node content"),
		strings.HasPrefix(msg, "did not find expected '-' indicator"),
		strings.HasPrefix(msg, "did not find expected ',' or"),
		strings.HasPrefix(msg, "did not find expected <document start>"):
		return true
	}
	return false
}

// column guesses where on its line a syntax error starts, from what the
// message says is missing: the bracket never closed, the quote never
// ended, the second colon.
func column(line, msg string) int {
	i := -1
	switch {
	case strings.Contains(msg, "',' or ']'"):
		i = strings.LastIndexByte(line, '[')
	case strings.Contains(msg, "',' or '}'"):
		i = strings.LastIndexByte(line, '{')
	case strings.Contains(msg, "unexpected end of stream"):
		i = strings.IndexAny(line, `"'`)
	case strings.Contains(msg, "mapping values are not allowed"):
		if first := strings.Index(line, ": "); first >= 0 {
			if second := strings.Index(line[first+2:], ": "); second >= 0 {
				i = first + 2 + second
			}
		}
	}
	return max(i, 0) + 1 // column 1 when not found
}

func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "',' or ']'"):
		return "close the list with ], or put the value in quotes if the [ is part of the text"
	case strings.Contains(msg, "',' or '}'"):
		return "close the braces with }, or put the value in quotes if the { is part of the text"
	case strings.Contains(msg, "unexpected end of stream"):
		return "a quotation mark opened here is never closed"
	case strings.Contains(msg, "mapping values are not allowed"):
		return "put the value in quotes: it contains a colon followed by a space"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		return "check the indentation: entries at the same level must start in the same column"
	case strings.Contains(msg, "cannot start any token"):
		return "put the value in quotes: it starts with a character YAML reserves, such as @ or `"
	case strings.Contains(msg, "unknown anchor"):
		return "put the value in quotes: * at the start of a value refers to an anchor in YAML"
	}
	return "write one key: value pair per line and put values that contain a colon in quotes"
}

var unknownFieldRe = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)

// positioned turns one of the decoder's type errors into a diagnostic;
// keys lists the YAML keys of each struct type, for suggestions.
func positioned(path, msg string, lines []string, keys map[string][]string) *diag.Error {
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	e := diag.Errorf(path, line, 1, "%s", msg)
	switch m := unknownFieldRe.FindStringSubmatch(msg); {
	case m != nil:
		key, known := m[1], keys[m[2]]
		e.Msg = fmt.Sprintf("unknown key %q", key)
		if line >= 1 && line <= len(lines) {
			e.Col = max(strings.Index(lines[line-1], key), 0) + 1
		}
		e.Hint = "known keys here are " + strings.Join(known, ", ")
		if near := nearest(key, known); near != "" {
			e.Hint = fmt.Sprintf("did you mean %q? ", near) + e.Hint
		}
		if len(known) == 0 {
			e.Hint = "check the spelling against the documented keys"
		}
	case strings.Contains(msg, "cannot unmarshal"):
		if _, v, ok := strings.Cut(msg, "`"); ok && line >= 1 && line <= len(lines) {
			v, _, _ = strings.Cut(v, "`")
			e.Col = max(1, strings.Index(lines[line-1], v)+1)
		}
		e.Hint = "the value has the wrong type"
		_, into, _ := strings.Cut(msg, " into ")
		_, intoStruct := keys[into]
		switch {
		case intoStruct:
			e.Hint = "write key: value pairs here, one per line"
		case strings.Contains(msg, "into int"), strings.Contains(msg, "into float"):
			e.Hint = "write a number"
		case strings.Contains(msg, "into bool"):
			e.Hint = "write true or false"
		case strings.Contains(msg, "!!seq"):
			e.Hint = "write a single value here, not a list"
		case strings.Contains(msg, "!!map"):
			e.Hint = "write a single value here, not a set of key: value pairs"
		case strings.Contains(msg, "into []"):
			e.Hint = "write a list here, one - item per line"
		}
	default:
		e.Hint = "write one key: value pair per line and quote values that contain a colon"
	}
	return e
}

// knownKeys records the YAML keys of every struct type reachable from t,
// by the type's name as the decoder's messages give it ("siteconfig.Site").
func knownKeys(t reflect.Type, out map[string][]string) map[string][]string {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return out
	}
	if _, done := out[t.String()]; done {
		return out
	}
	out[t.String()] = nil
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		keys = append(keys, name)
		knownKeys(f.Type, out)
	}
	sort.Strings(keys)
	out[t.String()] = keys
	return out
}

// nearest is the known key within two edits of key, if any: most unknown
// keys are typing mistakes.
func nearest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance, with a swap of two neighbouring
// letters counted as one edit ("langauge").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// tabIndent returns the offset of a tab used as indentation, or -1.
func tabIndent(src []byte) int {
	lineStart := true
	for i, c := range src {
		switch {
		case c == '\n':
			lineStart = true
		case c == '\t' && lineStart:
			return i
		case c != ' ':
			lineStart = false
		}
	}
	return -1
}

// MaxBytes is the largest YAML file an editor may give (site.yaml,
// references.yaml, a career path, a dataset's schema). Decoding grows
// with the file (yaml.v3 refuses alias bombs and nesting past 10,000
// levels itself): a 1 MB references.yaml of 10,000 entries added 30 MB
// to a build. The report's largest YAML file is under 10 kB, so 1 MB
// leaves a hundred times the room any real file needs, while a pasted-in
// dump fails at once.
const MaxBytes = 1 << 20

// Read reads the YAML file path, refusing one over MaxBytes before
// reading it (see TooBig).
func Read(fsys fs.FS, path string) ([]byte, error) {
	return srcfs.ReadFile(fsys, path, MaxBytes)
}

// TooBig is the positioned error for a file Read refused as too big, nil
// for any other error.
func TooBig(path string, err error) *diag.Error {
	return srcfs.Refused(path, err, "a YAML file may hold", "keep data tables in CSV files under content/data/; a YAML file describes, it does not hold bulk data")
}
