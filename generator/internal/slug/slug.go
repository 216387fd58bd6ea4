// Package slug makes URL segments and element ids from titles and file
// names, the one rule for both: letters and digits of any script are kept
// (lower-cased), apostrophes dropped, and every other run of characters
// becomes one hyphen.
package slug

import (
	"fmt"
	"strings"
	"unicode"
)

// Make returns the slug of s ("Engineers' careers" ->
// "engineers-careers", "Études" -> "études"). It is empty when s
// has no letter or digit.
func Make(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '\u2019':
			// "organisation's" -> "organisations"
		default:
			dash = true
		}
	}
	return b.String()
}

// Check reports why s cannot be a URL segment given by an editor, or nil.
func Check(s string) error {
	if s == "" || s == "." || s == ".." {
		return fmt.Errorf("slug %q is not a URL segment", s)
	}
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || r == '\uFFFD':
			return fmt.Errorf("slug %q holds a control character (%U)", s, r)
		case strings.ContainsRune("/\\ ?#%", r) || unicode.IsSpace(r):
			return fmt.Errorf("slug %q is not a single URL segment", s)
		}
	}
	return nil
}
