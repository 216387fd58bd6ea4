// Package yamlfile decodes an editor's YAML file strictly (unknown keys are
// errors) and reports problems as positioned diagnostics.
package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"reportgen/generator/internal/diag"

	"gopkg.in/yaml.v3"
)

var lineRe = regexp.MustCompile(`line (\d+): (.*)`)

// Decode decodes src into v. path names the file in messages.
func Decode(path string, src []byte, v any) *diag.List {
	var errs diag.List
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
		for _, m := range te.Errors {
			errs.Add(positioned(path, m))
		}
		return &errs
	}
	errs.Add(positioned(path, err.Error()))
	return &errs
}

func positioned(path, msg string) *diag.Error {
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	e := diag.Errorf(path, line, 1, "%s", msg)
	switch {
	case strings.Contains(msg, "not found in type"):
		e.Msg = "unknown key: " + strings.SplitN(msg, " not found", 2)[0]
		e.Hint = "check the spelling against the documented keys"
	case strings.Contains(msg, "cannot unmarshal"):
		e.Hint = "the value has the wrong type"
	default:
		e.Hint = "write one key: value pair per line and quote values that contain a colon"
	}
	return e
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
