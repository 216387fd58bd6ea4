package data_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/feature/citations"
	"reportgen/generator/internal/feature/data"
	"reportgen/generator/internal/feature/edition"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/sitetest"
)

// root is the project, whose real content the tests build.
const root = "../../../.."

// site builds root (with some files replaced) using only this feature,
// into a temporary directory.
func site(t *testing.T, replace map[string][]byte) (string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var fsys fs.FS = os.DirFS(root)
	if replace != nil {
		fsys = overlay{fsys, replace}
	}
	_, err := pipeline.Build(pipeline.Options{Src: root, FS: fsys, Out: out, Features: []pipeline.Feature{citations.New(), data.New(), edition.New()}})
	return out, err
}

func read(t *testing.T, out, rel string) string { return sitetest.Read(t, out, rel) }

var (
	figureRe = regexp.MustCompile(`<figure id="([^"]*)fig-([a-z0-9-]+)" class="chart[^"]*" data-provenance="edition">\s*<figcaption class="chart__caption"><span class="chart__label">Edition figure (\d+):</span> <span class="provenance">[^<]+</span>`)
	tagRe    = regexp.MustCompile(`<[^>]+>`)
)

// text is the readable text of some HTML.
func text(s string) string {
	return html.UnescapeString(strings.Join(strings.Fields(tagRe.ReplaceAllString(s, "")), " "))
}

func TestRealSite(t *testing.T) {
	out, err := site(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	tree, errs := content.Load(os.DirFS(root), "content", false)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	page := func(url string) string { return read(t, out, strings.TrimPrefix(url, "/")+"index.html") }

	// Figures are numbered 1, 2, 3… in reading order across the pages.
	numbers := map[string]int{}
	where := map[string]string{}
	next := 1
	for _, p := range tree.Pages {
		for _, m := range figureRe.FindAllStringSubmatch(page(p.URL), -1) {
			n, _ := strconv.Atoi(m[3])
			if m[1] != "" {
				t.Errorf("%s: figure %s has an id prefix %q on its own page", p.URL, m[2], m[1])
			}
			if n != next {
				t.Errorf("%s: %s is Figure %d, want %d", p.URL, m[2], n, next)
			}
			next = n + 1
			numbers[m[2]], where[m[2]] = n, p.URL
		}
	}
	if len(numbers) < 6 {
		t.Fatalf("found %d figures: %v", len(numbers), numbers)
	}
	// Each chart stands on the page whose text discusses it.
	for id, url := range map[string]string{
		"age-at-first-appointment": "/methods/",
		"training-background":      "/findings/becoming-a-chief-executive/",
		"posts-held":               "/findings/becoming-a-chief-executive/",
		"background-to-posts":      "/findings/becoming-a-chief-executive/",
		"age-by-year":              "/findings/becoming-a-chief-executive/",
		"first-appointments":       "/appendix/",
	} {
		if where[id] != url {
			t.Errorf("figure %s is on %q, want %s", id, where[id], url)
		}
	}

	// The full report numbers them the same, with prefixed ids.
	full := read(t, out, "full-report/index.html")
	seen := 0
	for _, m := range figureRe.FindAllStringSubmatch(full, -1) {
		seen++
		if n, _ := strconv.Atoi(m[3]); n != numbers[m[2]] {
			t.Errorf("full report: %s is Figure %d, its page says %d", m[2], n, numbers[m[2]])
		}
		if m[1] == "" {
			t.Errorf("full report: figure %s has no chapter prefix", m[2])
		}
	}
	if seen != len(numbers) {
		t.Errorf("the full report has %d figures, the pages %d", seen, len(numbers))
	}

	// Every figure: a summary, the chart's container and option, and its
	// data as a table in a <details>.
	becoming := page("/findings/becoming-a-chief-executive/")
	for _, id := range []string{"training-background", "posts-held", "background-to-posts", "age-by-year"} {
		i := strings.Index(becoming, `<figure id="fig-`+id+`"`)
		fig := becoming[i : i+strings.Index(becoming[i:], "</figure>")]
		for _, want := range []string{`<p class="chart__summary">`, `data-chart="fig-` + id + `-option"`,
			`<script type="application/json" id="fig-` + id + `-option">{`, `<details class="chart__data">`, `<th scope="col">`, `<th scope="row">`} {
			if !strings.Contains(fig, want) {
				t.Errorf("figure %s lacks %s", id, want)
			}
		}
		if strings.Contains(fig, "http") {
			t.Errorf("figure %s refers to another host", id)
		}
	}
	if !strings.Contains(text(becoming), "five have more than one, so the bars add up to 28") {
		t.Error("the training background summary does not say that five people have more than one")
	}

	// Cross-references from the data note name the table and the figure.
	appendix := page("/appendix/")
	fig := strconv.Itoa(numbers["training-background"])
	for _, want := range []string{
		`<a class="xref" href="/appendix/#tbl-appendix">Appendix table</a>`,
		`<a class="xref" href="/findings/becoming-a-chief-executive/#fig-training-background">Edition figure ` + fig + `</a>`,
		`<div class="data-note"`,
	} {
		if !strings.Contains(appendix, want) {
			t.Errorf("appendix lacks %s", want)
		}
	}
	if !strings.Contains(full, `<a class="xref" href="#appendix--tbl-appendix">Appendix table</a>`) ||
		!strings.Contains(full, `href="#findings-becoming-a-chief-executive--fig-training-background">Edition figure `+fig+`</a>`) {
		t.Error("the full report's cross-references do not stay on the page")
	}
	if note := text(appendix[strings.Index(appendix, `<div class="data-note"`):]); !strings.Contains(note,
		"marks two chief executives under Dentistry (CE numbers 11 and 15)") {
		t.Errorf("data note: %.300s", note)
	}

	// The appendix table: 22 rows, the training columns grouped, CE 22's
	// age not supplied.
	// One sentence above it, from the schema, says what the table is; it
	// is the edition's, says so, and describes the table for screen
	// readers.
	if !strings.Contains(appendix, `<p class="datatable__description" id="tbl-appendix-description" data-provenance="edition"><span class="provenance">Added in this edition</span> One row for each chief executive interviewed`) ||
		!strings.Contains(appendix, `<table class="datatable__table" aria-describedby="tbl-appendix-description">`) {
		t.Error("the appendix table lacks its description, or is not described by it")
	}
	table := appendix[strings.Index(appendix, `<table class="datatable__table"`):]
	table = table[:strings.Index(table, "</table>")]
	if got := strings.Count(table[strings.Index(table, "<tbody>"):], "<tr>"); got != 22 {
		t.Errorf("the appendix table has %d rows, want 22", got)
	}
	for _, want := range []string{`<th scope="colgroup" colspan="6" data-group="background">Medical training</th>`,
		`<caption id="tbl-appendix-caption"><span class="datatable__caption"><span class="datatable__label">Appendix table</span></span></caption>`, `<th scope="row" class="num" data-sort="22">22</th>`, `<td class="missing" data-sort="">n/a</td>`} {
		if !strings.Contains(table, want) {
			t.Errorf("appendix table lacks %s", want)
		}
	}
	if strings.Contains(appendix, "| CE number") {
		t.Error("the hand-written markdown table is still there")
	}

	// Downloads: the CSV as written, the JSON with the schema's labels.
	csv := read(t, out, "data/appendix.csv")
	if src, _ := os.ReadFile(filepath.Join(root, "content/data/appendix.csv")); csv != string(src) {
		t.Error("data/appendix.csv differs from content/data/appendix.csv")
	}
	var doc struct {
		Columns []struct{ Name, Label string }
		Rows    []map[string]any
	}
	if err := json.Unmarshal([]byte(read(t, out, "data/appendix.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rows) != 22 || doc.Columns[9].Label != "Age at 1st appointment" || doc.Rows[21]["age_at_first_ce"] != nil {
		t.Errorf("appendix.json: %d rows, columns %v, CE 22 age %v", len(doc.Rows), doc.Columns, doc.Rows[21]["age_at_first_ce"])
	}
	for _, link := range []string{`href="/data/appendix.csv" download`, `href="/data/appendix.json" download`} {
		if !strings.Contains(appendix, link) {
			t.Errorf("appendix lacks the download %s", link)
		}
	}

	// The prose keeps the report's words, its figures computed.
	for url, want := range map[string]string{
		"/methods/":                             "This information shows that age on first appointment varied from 36 to 64 for the 21 chief executives who supplied this information with the average age being 48. Six of the 22 chief executives interviewed were women.",
		"/executive-summary/":                   "Most of the medical chief executives in this study (13/22) were in their first posts; the most experienced had held six chief executive roles during his career.",
		"/findings/becoming-a-chief-executive/": "The appendix shows that the age of chief executives on their first appointment ranged from 36 to 64, the average age being 48.",
	} {
		if !strings.Contains(text(page(url)), want) {
			t.Errorf("%s no longer reads: %s", url, want)
		}
	}
	if !strings.Contains(page("/methods/"), `<span class="stat" title="computed from the appendix data">48</span>`) {
		t.Error("the average age is not computed")
	}

	// Libraries load only where used: the chart script with the page,
	// ECharts and the charts' theme when the chart script asks for them,
	// from the addresses (and hashes) on its element.
	scripts := regexp.MustCompile(`<script src="[^"]*/(charts|datatable)\.[0-9a-f]+\.js"[^>]*?( data-echarts="[^"]*/echarts\.min\.[0-9a-f]+\.js" data-echarts-integrity="sha384-[^"]+")?( data-chart-theme="[^"]*/chart-theme\.[0-9a-f]+\.js" data-chart-theme-integrity="sha384-[^"]+")?>`)
	uses := func(url string) string {
		var names []string
		for _, m := range scripts.FindAllStringSubmatch(page(url), -1) {
			if m[2] != "" {
				names = append(names, "echarts.min")
			}
			if m[3] != "" {
				names = append(names, "chart-theme")
			}
			names = append(names, m[1])
		}
		return strings.Join(names, " ")
	}
	if regexp.MustCompile(`<script src="[^"]*echarts`).MatchString(page("/methods/")) {
		t.Error("/methods/ loads ECharts with the page")
	}
	for url, want := range map[string]string{"/methods/": "echarts.min chart-theme charts", "/appendix/": "echarts.min chart-theme charts datatable", "/foreword/": ""} {
		if got := uses(url); got != want {
			t.Errorf("%s loads %q, want %q", url, got, want)
		}
	}
}

// Changing an age in the CSV stops the build where the text states a figure
// the data no longer give.
func TestChangedAgeStopsTheBuild(t *testing.T) {
	csv, err := os.ReadFile(filepath.Join(root, "content/data/appendix.csv"))
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(csv, []byte("14,false,false,false,false,true,false,1,2008,64\n"), []byte("14,false,false,false,false,true,false,1,2008,65\n"), 1)
	if bytes.Equal(changed, csv) {
		t.Fatal("CE 14's row is not in the CSV as expected")
	}
	_, err = site(t, map[string][]byte{"content/data/appendix.csv": changed})
	var list *diag.List
	if !errors.As(err, &list) {
		t.Fatalf("the build did not fail with positioned errors: %v", err)
	}
	methods, _ := os.ReadFile(filepath.Join(root, "content/04-methods.md"))
	line := 1 + bytes.Count(methods[:bytes.Index(methods, []byte("{{< stat max age_at_first_ce expect=64"))], []byte("\n"))
	want := "content/04-methods.md:" + strconv.Itoa(line) + ":"
	found := false
	for _, e := range list.Items() {
		if strings.HasPrefix(e.Error(), want) && strings.Contains(e.Error(), "the data give 65 but the text says 64") {
			found = true
		}
		if e.Line < 1 || !strings.HasPrefix(e.Path, "content/") {
			t.Errorf("unpositioned: %s", e)
		}
	}
	if !found {
		t.Errorf("no error at %s… naming 65 and 64; got:\n%v", want, list)
	}
}

// Where the text binds a figure without stating it, the prose follows the
// data.
func TestChangedAgeChangesTheProse(t *testing.T) {
	replace := map[string][]byte{}
	csv, _ := os.ReadFile(filepath.Join(root, "content/data/appendix.csv"))
	replace["content/data/appendix.csv"] = bytes.Replace(csv, []byte(",2008,64\n"), []byte(",2008,65\n"), 1)
	expect := regexp.MustCompile(` expect=("[^"]*"|\S+)`)
	for _, name := range []string{"content/04-methods.md", "content/02-executive-summary.md", "content/08-findings/05-becoming-a-chief-executive.md"} {
		src, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		replace[name] = expect.ReplaceAll(src, nil)
	}
	out, err := site(t, replace)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(read(t, out, "methods/index.html")); !strings.Contains(got, "varied from 36 to 65 for the 21 chief executives") {
		t.Errorf("the methods text does not follow the data: %.400s", got[strings.Index(got, "This information"):])
	}
	// The mean moves too: 1004/21 still rounds to 48, and the histogram's
	// summary shows the finer mean.
	if got := text(read(t, out, "methods/index.html")); !strings.Contains(got, "with a mean of 47.8") {
		t.Error("the histogram summary lost its mean")
	}
}

// A broken chart spec in the content is reported at its file and line.
func TestBrokenChartSpec(t *testing.T) {
	name := "content/11-appendix.md"
	src, _ := os.ReadFile(filepath.Join(root, name))
	bad := bytes.Replace(src, []byte("column: first_ce_year"), []byte("column: first_year"), 1)
	_, err := site(t, map[string][]byte{name: bad})
	line := 1 + bytes.Count(bad[:bytes.Index(bad, []byte("column: first_year"))], []byte("\n"))
	want := name + ":" + strconv.Itoa(line) + ":9: chart: unknown column \"first_year\""
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// overlay reads replace's files instead of base's.
type overlay struct {
	base    fs.FS
	replace map[string][]byte
}

func (o overlay) Open(name string) (fs.File, error) {
	if data, ok := o.replace[name]; ok {
		return fstest.MapFS{name: {Data: data}}.Open(name)
	}
	return o.base.Open(name)
}
