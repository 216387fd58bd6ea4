// Package i18n holds the fixed words of the default theme ("Contents",
// "Figure", "Search the report", month names) in each language it ships,
// and picks a site's table by the language of its site.yaml.
package i18n

import (
	"embed"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var shipped embed.FS

// Table is the words of one language. The zero Table, and a nil one, is
// English.
type Table struct {
	// Lang is the language whose table was used ("en", "fr").
	Lang  string
	words map[string]string
}

// Languages lists the languages shipped ("en", "fr").
func Languages() []string {
	entries, _ := shipped.ReadDir(".")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

func load(lang string) (map[string]string, bool) {
	src, err := shipped.ReadFile(lang + ".yaml")
	if err != nil {
		return nil, false
	}
	m := map[string]string{}
	if err := yaml.Unmarshal(src, &m); err != nil {
		panic("i18n: the shipped table " + lang + ".yaml does not parse: " + err.Error())
	}
	return m, true
}

// englishTable is the shipped English table, parsed once: it is read on
// every lookup (Has is called for each word on each page, and parsing it
// each time made rendering allocate 5.5 times as much). Never change it.
var englishTable = sync.OnceValue(func() map[string]string {
	m, _ := load("en")
	return m
})

// english returns a copy of the English table, for a caller to change.
func english() map[string]string {
	return maps.Clone(englishTable())
}

// Keys lists every key of the English table, sorted.
func Keys() []string {
	var keys []string
	for k := range englishTable() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// For returns the table for a language tag ("en-GB", "fr", "fr-CA"):
// the shipped table of its primary language, English where that lacks a
// key, and then the site's own overrides. known is false when no table
// ships for the language (English is then used). An override of a key
// that does not exist is an error naming the key.
func For(lang string, overrides map[string]string) (t *Table, known bool, err error) {
	primary := strings.ToLower(strings.SplitN(strings.ReplaceAll(lang, "_", "-"), "-", 2)[0])
	words := english()
	t = &Table{Lang: "en", words: words}
	if m, ok := load(primary); ok {
		known = true
		t.Lang = primary
		for k, v := range m {
			words[k] = v
		}
	}
	var unknown []string
	for k, v := range overrides {
		if _, ok := words[k]; !ok {
			unknown = append(unknown, k)
			continue
		}
		words[k] = v
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return t, known, fmt.Errorf("unknown string %s: the theme's strings are %s", strings.Join(unknown, ", "), strings.Join(Keys(), ", "))
	}
	return t, known, nil
}

// Get returns the words for key, or the key itself in brackets when there
// is no such key (the template loader reports that as a mistake first).
func (t *Table) Get(key string) string {
	var words map[string]string
	if t == nil || t.words == nil {
		words = englishTable()
	} else {
		words = t.words
	}
	if v, ok := words[key]; ok {
		return v
	}
	return "[" + key + "]"
}

// Has reports whether key is a key of the table.
func (t *Table) Has(key string) bool {
	_, ok := englishTable()[key]
	return ok
}

// Script returns the words the site's scripts show (the keys starting
// with "js_", without it), for the page to carry as JSON.
func (t *Table) Script() map[string]string {
	out := map[string]string{}
	for _, k := range Keys() {
		if strings.HasPrefix(k, "js_") {
			out[strings.TrimPrefix(k, "js_")] = t.Get(k)
		}
	}
	return out
}

// Label is the visible name of a figure kind and number ("Figure 3",
// "Tableau 1").
func (t *Table) Label(kind string, n int) string {
	word := t.Get("figure")
	if kind == "tbl" {
		word = t.Get("table")
	}
	return word + " " + strconv.Itoa(n)
}

// Date writes an ISO date ("2010-04", "2010-04-01", "2010") in words, in
// the table's language ("April 2010", "1 avril 2010"). A date it cannot
// read is returned as it is.
func (t *Table) Date(iso string) string {
	parts := strings.Split(iso, "-")
	months := strings.Fields(t.Get("months"))
	if len(parts) < 2 || len(months) != 12 {
		return iso
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil || m < 1 || m > 12 {
		return iso
	}
	r := strings.NewReplacer("{year}", parts[0], "{month}", months[m-1])
	if len(parts) >= 3 {
		d, err := strconv.Atoi(parts[2])
		if err != nil {
			return iso
		}
		r = strings.NewReplacer("{year}", parts[0], "{month}", months[m-1], "{day}", strconv.Itoa(d))
		return r.Replace(t.Get("date_day"))
	}
	return r.Replace(t.Get("date_month"))
}
