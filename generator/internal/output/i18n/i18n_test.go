package i18n

import (
	"sort"
	"strings"
	"testing"
)

// Every shipped language has exactly the English keys, so no label falls
// back to English unseen, and no key is a typo.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	en := Keys()
	if len(Languages()) < 2 {
		t.Fatalf("languages shipped: %v; want English and at least one more", Languages())
	}
	for _, lang := range Languages() {
		m, ok := load(lang)
		if !ok {
			t.Fatalf("%s: not loaded", lang)
		}
		var keys []string
		for k, v := range m {
			keys = append(keys, k)
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", lang, k)
			}
			if strings.Count(v, "%") != strings.Count(english()[k], "%") {
				t.Errorf("%s: %s has other %% verbs than English: %q", lang, k, v)
			}
		}
		sort.Strings(keys)
		if strings.Join(keys, " ") != strings.Join(en, " ") {
			t.Errorf("%s has keys %v, English %v", lang, keys, en)
		}
		if n := len(strings.Fields(m["months"])); n != 12 {
			t.Errorf("%s: %d month names", lang, n)
		}
	}
}

func TestForPicksTheLanguageAndOverrides(t *testing.T) {
	for lang, want := range map[string]string{"en-GB": "Contents", "fr": "Sommaire", "fr-CA": "Sommaire", "FR_be": "Sommaire"} {
		tab, known, err := For(lang, nil)
		if err != nil || !known || tab.Get("contents") != want {
			t.Errorf("%s: got %q, known %v, %v", lang, tab.Get("contents"), known, err)
		}
	}
	tab, known, err := For("xx", map[string]string{"contents": "Inhalt"})
	if known || err != nil || tab.Get("contents") != "Inhalt" || tab.Get("search") != "Search" {
		t.Errorf("unknown language with an override: %q %q, known %v, %v", tab.Get("contents"), tab.Get("search"), known, err)
	}
	if _, _, err := For("en", map[string]string{"contnets": "x"}); err == nil || !strings.Contains(err.Error(), "contnets") {
		t.Errorf("a misspelt key: %v", err)
	}
	var zero *Table
	if zero.Get("figure") != "Figure" || zero.Label("tbl", 2) != "Table 2" {
		t.Error("a nil table is not English")
	}
}

func TestDate(t *testing.T) {
	en, _, _ := For("en-GB", nil)
	fr, _, _ := For("fr", nil)
	for _, c := range []struct {
		t         *Table
		iso, want string
	}{
		{en, "2010-04", "April 2010"},
		{en, "2010-04-01", "1 April 2010"},
		{fr, "2024-03-05", "5 mars 2024"},
		{fr, "2024-12", "décembre 2024"},
		{en, "2010", "2010"},
		{en, "2010-13", "2010-13"},
		{en, "soon", "soon"},
	} {
		if got := c.t.Date(c.iso); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.t.Lang, c.iso, got, c.want)
		}
	}
}
