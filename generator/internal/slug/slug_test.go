package slug

import (
	"testing"
	"unicode/utf8"
)

func TestMake(t *testing.T) {
	for in, want := range map[string]string{
		"Chief executives' careers":      "chief-executives-careers",
		"46-日本語":                         "46-日本語",
		"日本語":                            "日本語",
		"Études et élan":                 "études-et-élan",
		"!!!":                            "",
		"  A -- B  ":                     "a-b",
		"Organisation’s view":            "organisations-view",
		"The organisation of this paper": "the-organisation-of-this-paper",
		"  Rising -- to the challenges!": "rising-to-the-challenges",
		"2009 results":                   "2009-results",
	} {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMakeIsValidUTF8(t *testing.T) {
	for _, in := range []string{"\xff\xfeab", "é\x00x", "a\u0301b"} {
		if got := Make(in); !utf8.ValidString(got) {
			t.Errorf("Make(%q) = %q, not UTF-8", in, got)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "a/b", "a b", "a\tb", "a\x01b", "a\u200bb\n", "x?y"} {
		if Check(bad) == nil {
			t.Errorf("Check(%q) accepted", bad)
		}
	}
	for _, good := range []string{"methods", "日本語", "études", "a-b_c"} {
		if err := Check(good); err != nil {
			t.Errorf("Check(%q): %v", good, err)
		}
	}
}
