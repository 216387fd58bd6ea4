package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/markdown/ext/chart"
	"reportgen/generator/internal/output/i18n"
)

// yamlKeys lists the keys a struct accepts from YAML.
func yamlKeys(v any) []string {
	var keys []string
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

// The README lists every key of site.yaml, of a dataset schema, its
// columns and groups, of a chart, and every key of the theme's strings, as
// the code accepts them; and the column types by the names the code wants.
func TestReadmeListsEveryKey(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(src)
	for what, keys := range map[string][]string{
		"site.yaml":       yamlKeys(siteconfig.Site{}),
		"an author":       yamlKeys(siteconfig.Author{}),
		"a schema":        yamlKeys(dataset.Schema{}),
		"a column":        yamlKeys(dataset.Column{}),
		"a group":         yamlKeys(dataset.Group{}),
		"a chart":         yamlKeys(chart.Spec{}),
		"the strings":     i18n.Keys(),
		"the column type": {string(dataset.Integer), string(dataset.Number), string(dataset.Boolean), string(dataset.String)},
	} {
		if len(keys) == 0 {
			t.Errorf("no keys read for %s", what)
		}
		for _, k := range keys {
			if !strings.Contains(readme, "`"+k+"`") {
				t.Errorf("README does not list %s key `%s`", what, k)
			}
		}
	}
	for _, stale := range []string{"(`int`", "`bool`", "as it stands in the markdown"} {
		if strings.Contains(readme, stale) {
			t.Errorf("README still says %s", stale)
		}
	}
}
