package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"reportgen/generator/internal/input/siteconfig"
)

// pageBudget is what a chapter page without charts may weigh, compressed,
// with the stylesheets and scripts it loads.
const pageBudget = 40_000

// gzipSize is the size of data compressed as static hosts serve it (gzip's
// default level).
func gzipSize(t *testing.T, data []byte) int {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

// pageWeight is what a browser downloads to show a page: the HTML and every
// stylesheet and script it loads, each compressed. A <noscript> stylesheet
// is not loaded when scripts run, and the parser treats it so.
type pageWeight struct {
	page              string
	html, css, js     int
	onDemand          int // scripts fetched when the reader first uses a chart
	files             []string
	chart, fullReport bool
}

func (w pageWeight) total() int { return w.html + w.css + w.js }

func weighPage(t *testing.T, out, name string, doc *html.Node) pageWeight {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	w := pageWeight{page: name, html: gzipSize(t, raw)}
	eachElement(doc, func(n *html.Node) {
		var ref string
		switch n.Data {
		case "script":
			ref, _ = attrOf(n, "src")
			// The chart script names the libraries it fetches on demand.
			for _, a := range []string{"data-echarts", "data-chart-theme"} {
				lib, ok := attrOf(n, a)
				if !ok {
					continue
				}
				data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(lib, "/"))))
				if err != nil {
					t.Errorf("%s names %s, which the build did not write", name, lib)
					continue
				}
				w.onDemand += gzipSize(t, data)
				w.chart = true
			}
		case "link":
			if rel, _ := attrOf(n, "rel"); rel == "stylesheet" {
				ref, _ = attrOf(n, "href")
			}
		}
		if ref == "" {
			return
		}
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(ref, "/"))))
		if err != nil {
			t.Errorf("%s loads %s, which the build did not write", name, ref)
			return
		}
		size := gzipSize(t, data)
		if n.Data == "script" {
			w.js += size
		} else {
			w.css += size
		}
		w.files = append(w.files, ref)
		if strings.Contains(ref, "/vendor/echarts/") {
			w.chart = true
		}
	})
	return w
}

// Every page without a chart, the chapters first of all, stays under the
// budget; pages with charts and the one-page report are measured and
// logged (go test -run PageWeight -v shows them all).
func TestPageWeight(t *testing.T) {
	cfg, l := siteconfig.Load(os.DirFS(".."), "content/site.yaml")
	if l.HasErrors(false) {
		t.Fatal(l)
	}
	out := buildReport(t, "")
	var weights []pageWeight
	for name, doc := range builtPages(t, out) {
		w := weighPage(t, out, name, doc)
		w.fullReport = cfg.FullReport != "" && name == cfg.FullReport+"/index.html"
		weights = append(weights, w)
	}
	sort.Slice(weights, func(i, j int) bool { return weights[i].total() > weights[j].total() })
	measured := 0
	for _, w := range weights {
		kind := "page"
		switch {
		case w.fullReport:
			kind = "full report"
		case w.chart:
			kind = "chart page"
		}
		t.Logf("%-60s %-11s %6d bytes gzip (HTML %d, CSS %d, JS %d), %d more on first use of a chart", w.page, kind, w.total(), w.html, w.css, w.js, w.onDemand)
		if kind != "page" {
			continue
		}
		measured++
		if w.total() > pageBudget {
			t.Errorf("%s weighs %d bytes compressed (HTML %d, CSS %d, JS %d: %s), over the %d-byte budget",
				w.page, w.total(), w.html, w.css, w.js, strings.Join(w.files, ", "), pageBudget)
		}
	}
	if measured < 10 {
		t.Errorf("only %d pages without charts were weighed: the test no longer sees the chapters", measured)
	}
	if data, err := os.ReadFile(filepath.Join(out, "search-index.json")); err == nil {
		t.Logf("%-60s %-11s %6d bytes gzip, loaded on the first search only", "search-index.json", "search", gzipSize(t, data))
	}
}
