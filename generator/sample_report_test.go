package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"reportgen"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/check"
)

// reportTraces are the words that would betray this repository's own
// report, read from its content: the short title's words, the
// publishers, the authors' family names, the ISBN, the datasets' and
// columns' names and the reference keys and author forms. Lower-case
// patterns match whole words in any case; names match as written.
func reportTraces(t *testing.T) []*regexp.Regexp {
	t.Helper()
	var site struct {
		ShortTitle string   `yaml:"short_title"`
		Publishers []string `yaml:"publishers"`
		ISBN       string   `yaml:"isbn"`
		Authors    []struct {
			Name string `yaml:"name"`
		} `yaml:"authors"`
	}
	readYAML(t, "../content/site.yaml", &site)
	var words, names []string
	for _, w := range strings.FieldsFunc(site.ShortTitle, func(r rune) bool { return r == ' ' || r == ':' }) {
		if len(w) >= 3 && w != "the" && w != "and" {
			words = append(words, w)
		}
	}
	names = append(names, site.Publishers...)
	names = append(names, site.ISBN)
	for _, a := range site.Authors {
		f := strings.Fields(a.Name)
		names = append(names, f[len(f)-1])
	}
	schemas, _ := filepath.Glob("../content/data/*.schema.yaml")
	for _, p := range schemas {
		var s struct {
			Key     string                                `yaml:"key"`
			Columns []struct{ Name, Label, Short string } `yaml:"columns"`
		}
		readYAML(t, p, &s)
		for _, c := range s.Columns {
			// Two-letter names ("gp") are too common to tell.
			if len(c.Name) >= 5 || strings.Contains(c.Name, "_") {
				words = append(words, c.Name)
			}
			// A heading of more than one word is the report's own.
			for _, l := range []string{c.Label, c.Short} {
				if strings.Contains(l, " ") {
					words = append(words, l)
				}
			}
			// The short name of a row ("XY 3") tells the report even in an
			// example, matched with its case.
			if c.Name == s.Key && len(c.Short) >= 2 {
				names = append(names, c.Short)
			}
		}
	}
	var refs []struct{ Key, Short string }
	readYAML(t, "../content/references.yaml", &refs)
	for _, r := range refs {
		words = append(words, r.Key)
		if strings.Contains(r.Short, " and ") {
			names = append(names, r.Short)
		}
	}
	if len(words) < 10 || len(names) < 5 {
		t.Fatalf("too few words read from content/ to tell the report by: %v %v", words, names)
	}
	var out []*regexp.Regexp
	for _, w := range words {
		out = append(out, regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(w)+`\b`))
	}
	for _, n := range names {
		out = append(out, regexp.MustCompile(`\b`+regexp.QuoteMeta(n)+`\b`))
	}
	return out
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// traces lists the patterns that match data, with the first match.
func traces(patterns []*regexp.Regexp, data []byte) []string {
	var found []string
	for _, re := range patterns {
		if m := re.Find(data); m != nil {
			found = append(found, string(m))
		}
	}
	return found
}

// The second sample report, about something else entirely, builds from its
// content/ alone with the built-in theme, passes check, and no file of its
// output carries a trace of this repository's report.
func TestSecondSampleReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{Src: "testdata/quartet", Out: out, Strict: true,
		Theme: reportgen.Theme(), Features: siteFeatures()})
	if err != nil {
		t.Fatalf("building the sample report: %v", err)
	}
	if res.Pages < 3 {
		t.Errorf("%d pages", res.Pages)
	}
	rep, err := check.Site(os.DirFS(out), check.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("check: %s", p)
	}
	patterns := reportTraces(t)
	files := readTree(t, out)
	for name, data := range files {
		// Third-party libraries shipped as they are hold short words such
		// as "CE" by chance.
		if strings.HasPrefix(name, "vendor/") {
			continue
		}
		if found := traces(patterns, data); len(found) > 0 {
			t.Errorf("%s names the report: %s", name, strings.Join(found, ", "))
		}
	}
	home := files["index.html"]
	for _, want := range []string{`"@type": "Organization", "name": "Sample Data Editors"`, `<meta name="citation_author" content="Sample Data Editors">`} {
		if !bytes.Contains(home, []byte(want)) {
			t.Errorf("the organisation author is not cited as one: no %s", want)
		}
	}
	if !bytes.Contains(files["cite/report.bib"], []byte("author      = {{Sample Data Editors}}")) ||
		!bytes.Contains(files["cite/report.ris"], []byte("AU  - Sample Data Editors\r\n")) {
		t.Error("the organisation author is not exported as one")
	}
	quartet := files["the-quartet/index.html"]
	for _, want := range []string{">8.10<", ">12.50<", ">7.50<", ">3.10<", "Published 17 May 2024 by Sample Data Editors."} {
		if !bytes.Contains(quartet, []byte(want)) {
			t.Errorf("the quartet page lacks %q", want)
		}
	}
	// A chart's summary, tooltips and table keep the data's decimals too.
	drawing := files["drawing-the-data/index.html"]
	for _, want := range []string{"(3.10 to 12.74)", ">3.10<"} {
		if !bytes.Contains(drawing, []byte(want)) {
			t.Errorf("the chart page lacks %q", want)
		}
	}
}

// No Go file outside the tests, and no template, script or style sheet of
// the theme, names this repository's report, even in an example: its words
// live in content/ (the tests read them from there).
func TestGoCodeNamesNoReport(t *testing.T) {
	patterns := reportTraces(t)
	// The words the project's rules name, besides those read from content/.
	for _, w := range []string{"chief executive", "dentist"} {
		patterns = append(patterns, regexp.MustCompile(`(?i)\b`+w))
	}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || d.Name() == "public" || strings.HasPrefix(d.Name(), ".")) && p != ".." {
			return fs.SkipDir
		}
		if d.IsDir() && d.Name() == "vendor" {
			return fs.SkipDir
		}
		// Go code, and the theme's fixed text: templates, scripts, styles.
		switch filepath.Ext(p) {
		case ".go", ".html", ".js", ".css":
		default:
			return nil
		}
		if d.IsDir() || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if found := traces(patterns, src); len(found) > 0 {
			t.Errorf("%s names the report: %s", p, strings.Join(found, ", "))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
