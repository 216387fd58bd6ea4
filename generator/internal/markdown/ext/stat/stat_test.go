package stat_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/markdown/ext/spectest"
	"reportgen/generator/internal/markdown/ext/stat"
)

// The tests compute from a frozen copy of the appendix dataset.
func data(t testing.TB) *dataset.Set {
	t.Helper()
	set, errs := dataset.Load(os.DirFS("../../../input/dataset"), "testdata")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	return set
}

// Each case renders a paragraph; a shortcode that fails shows the message
// the build would print at its position.
func TestSpec(t *testing.T) {
	e := markdown.New(markdown.Options{Shortcodes: map[string]shortcode.Handler{stat.Name: stat.Handler{Data: data(t)}}})
	spectest.Run(t, "testdata/stat.txt", func(t *testing.T, input string) string {
		d := e.Parse([]byte(input), &markdown.PageInfo{Path: "page.md", BodyLine: 1})
		var buf bytes.Buffer
		if err := e.Render(&buf, d); err != nil {
			var de *diag.Error
			if errors.As(err, &de) {
				return "error: " + de.Error() + "\n"
			}
			return "error: " + err.Error() + "\n"
		}
		return buf.String()
	})
}

// With two datasets, a stat must say which it reads.
func TestSeveralDatasets(t *testing.T) {
	one, _ := data(t).Lookup("")
	other := *one
	other.Name = "other"
	set := dataset.NewSet(one, &other)
	n := &shortcode.Node{Name: "stat", Args: []shortcode.Arg{{Value: "count"}}}
	if _, err := stat.Evaluate(set, n); err == nil {
		t.Error("an unnamed dataset among two should be an error")
	}
	n.Args = append(n.Args, shortcode.Arg{Key: "dataset", Value: "other"})
	if r, err := stat.Evaluate(set, n); err != nil || r.Text != "22" || r.Dataset.Name != "other" {
		t.Errorf("got %+v, %v", r, err)
	}
}
