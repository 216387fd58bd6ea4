package search_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"reportgen/generator/internal/feature/search"
)

// Words folds as search.js folds a query, so that the words the browser
// looks up are the words indexed.
func TestWords(t *testing.T) {
	got := search.Words("Café ‘Ünïcode’ self-aware — CHIEF’s 2010 naïve\u00a0x")
	want := []string{"cafe", "unicode", "self", "aware", "chief", "s", "2010", "naive", "x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func TestSharded(t *testing.T) {
	ix := &search.Index{Version: 1, Pages: []search.Page{{Title: "Home", URL: "/"}, {Title: "Zebra crossing", URL: "/z/"}}}
	for i := 0; i < 70; i++ {
		ix.Sections = append(ix.Sections, search.Section{Page: i / 35, Heading: "Part", Text: "the same words"})
	}
	ix.Sections[69].Text = "the same words and a unique quokka"
	byPath := map[string][]byte{}
	err := search.Sharded(ix, func(path string, data []byte) error {
		byPath[path] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var m search.Manifest
	if err := json.Unmarshal(byPath[search.IndexPath], &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != 2 || m.Sections != 70 || strings.Join(m.Keys, " ") != "a an cr ho pa qu sa th un wo ze" {
		t.Errorf("manifest %+v", m)
	}
	var qu map[string][]int
	if err := json.Unmarshal(byPath["search/t/qu.json"], &qu); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(qu, map[string][]int{"quokka": {69}}) {
		t.Errorf("shard qu = %v, want quokka in section 69 only", qu)
	}
	var ze map[string][]int
	if err := json.Unmarshal(byPath["search/t/ze.json"], &ze); err != nil {
		t.Fatal(err)
	}
	if len(ze["zebra"]) != 35 || ze["zebra"][0] != 35 {
		t.Errorf("a page title's word is not listed for each of the page's sections: %v", ze)
	}
	var c search.Chunk
	if err := json.Unmarshal(byPath["search/c/1.json"], &c); err != nil {
		t.Fatal(err)
	}
	if c.First != 64 || len(c.Sections) != 6 || c.Pages["1"].URL != "/z/" || len(c.Pages) != 1 {
		t.Errorf("chunk 1: first %d, %d sections, pages %v", c.First, len(c.Sections), c.Pages)
	}
}

// A shard's key is its words' first two characters, a letter outside
// a-z and 0-9 spelt as _ and its hex number; a word of one character is
// its own key.
func TestShardKeys(t *testing.T) {
	ix := &search.Index{Version: 1, Pages: []search.Page{{Title: "T", URL: "/"}}}
	ix.Sections = []search.Section{{Text: "αβγ zα a 9z zz zzz ab"}}
	shards := map[string]map[string][]int{}
	var m search.Manifest
	err := search.Sharded(ix, func(path string, data []byte) error {
		if path == search.IndexPath {
			return json.Unmarshal(data, &m)
		}
		if k, ok := strings.CutPrefix(path, "search/t/"); ok {
			var words map[string][]int
			err := json.Unmarshal(data, &words)
			shards[strings.TrimSuffix(k, ".json")] = words
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(m.Keys, " "), "9z _3b1_3b2 a ab t z_3b1 zz"; got != want {
		t.Errorf("keys %q, want %q", got, want)
	}
	for k, words := range map[string][]string{"zz": {"zz", "zzz"}, "_3b1_3b2": {"αβγ"}, "a": {"a"}, "z_3b1": {"zα"}} {
		var got []string
		for w := range shards[k] {
			got = append(got, w)
		}
		slices.Sort(got)
		if !slices.Equal(got, words) {
			t.Errorf("shard %s holds %q, want %q", k, got, words)
		}
	}
}
