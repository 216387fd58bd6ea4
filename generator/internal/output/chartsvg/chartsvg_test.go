package chartsvg_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"reportgen/generator/internal/output/chartsvg"
)

// scripts are the project's own chart scripts, as the site serves them.
func scripts(t testing.TB) *chartsvg.Scripts {
	t.Helper()
	e, err := os.ReadFile("../../../../assets/vendor/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	th, err := os.ReadFile("../../../../assets/js/chart-theme.js")
	if err != nil {
		t.Fatal(err)
	}
	return &chartsvg.Scripts{ECharts: e, Theme: th}
}

const barOption = `{"xAxis":[{"type":"category","data":["1 post","2 posts"],"axisLabel":{"interval":0}}],
"yAxis":[{"type":"value","name":"Chief executives"}],
"series":[{"type":"bar","data":[{"value":13,"itemStyle":{"color":"#0072b2"}},{"value":5,"itemStyle":{"color":"#d55e00"}}],"label":{"show":true}}]}`

const sankeyOption = `{"series":[{"type":"sankey","layoutIterations":0,"lineStyle":{"color":"gradient"},
"data":[{"name":"GP","itemStyle":{"color":"#0072b2"}},{"name":"1 post","itemStyle":{"color":"#4f6d8a"}}],
"links":[{"source":"GP","target":"1 post","value":3}],"label":{"show":true}}]}`

// The drawing is the chart: its labels and its colours, as attributes a
// page with a strict Content Security Policy can carry.
func TestDraw(t *testing.T) {
	js := scripts(t)
	dir := t.TempDir()
	d := &chartsvg.Drawer{Dir: dir}
	for _, c := range []struct{ name, option string }{{"bar", barOption}, {"sankey", sankeyOption}} {
		svg, err := d.Draw(js, []byte(c.option), 358, 320)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		s := string(svg)
		if !strings.HasPrefix(s, `<svg viewBox="0 0 358 320" width="358" height="320" aria-hidden="true" focusable="false">`) {
			t.Errorf("%s: the drawing starts %.120q", c.name, s)
		}
		for _, bad := range []string{"style=", "<style", "<script", " on", "ecmeta_", "class=", "zr0-", "http"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: the drawing contains %q", c.name, bad)
			}
		}
		for _, want := range []string{">1 post</text>", `fill="#0072b2"`, `font-size="12px"`, `fill="` + chartsvg.Theme.Fg + `"`} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: the drawing lacks %s", c.name, want)
			}
		}
		if c.name == "sankey" && !regexp.MustCompile(`<linearGradient[^>]* id="`+chartsvg.IDPrefix+`g0"`).MatchString(s) {
			t.Errorf("sankey: the flow's gradient has no id starting %s", chartsvg.IDPrefix)
		}
	}
	if d.Drawn != 2 {
		t.Errorf("drew %d charts, want 2", d.Drawn)
	}

	// The same option again: from memory; from a new drawer: from disk.
	first, _ := d.Draw(js, []byte(barOption), 358, 320)
	again := &chartsvg.Drawer{Dir: dir}
	second, err := again.Draw(js, []byte(barOption), 358, 320)
	if err != nil {
		t.Fatal(err)
	}
	if d.Drawn != 2 || again.Drawn != 0 {
		t.Errorf("cached drawings were drawn again: %d and %d", d.Drawn, again.Drawn)
	}
	if string(first) != string(second) {
		t.Error("the drawing from disk differs from the one in memory")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.svg"))
	if len(files) != 2 {
		t.Errorf("%d drawings on disk, want 2", len(files))
	}
	// A different size is a different drawing.
	if _, err := d.Draw(js, []byte(barOption), 672, 352); err != nil || d.Drawn != 3 {
		t.Errorf("a wider drawing was not drawn: %v, %d drawn", err, d.Drawn)
	}
}

// An option ECharts cannot use is an error, not a crash, and the engine
// keeps drawing the next one.
func TestDrawBadOption(t *testing.T) {
	js := scripts(t)
	d := &chartsvg.Drawer{}
	if svg, err := d.Draw(js, []byte(`{"series":`), 300, 200); err == nil {
		t.Errorf("broken JSON drew %.80q, want an error", svg)
	}
	if _, err := d.Draw(js, []byte(barOption), 300, 200); err != nil {
		t.Errorf("after a bad option: %v", err)
	}
	broken := &chartsvg.Scripts{ECharts: []byte("this is not (javascript"), Theme: js.Theme}
	if _, err := d.Draw(broken, []byte(barOption), 300, 200); err == nil || !strings.Contains(err.Error(), "echarts.min.js") {
		t.Errorf("a broken bundle gave %v, want an error naming it", err)
	}
}

func TestClean(t *testing.T) {
	in := `<svg width="10" height="20" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 10 20">
<text style="font-size:12px;font-family:sans-serif;" class="zr0-cls-1" ecmeta_series_index="0">A</text>
<linearGradient id="zr3-g0"></linearGradient><path fill="url(#zr3-g0)"></path>
<path d="M0 1L9 1" fill="none" stroke="#d5dbe0"></path>
<path d="M0 2L9 2" fill="none" stroke="#d5dbe0"></path>
<path d="M0 3L9 3" fill="none" stroke="#4a535c"></path>
<path d="M0 4L9 4" transform="translate(1 1)" fill="none" stroke="#4a535c"></path>
<path d="M0 0L1 1" fill="url(#zr3-g0)" fill-opacity="0.35"></path><path fill="url(#zr3-g0)" fill-opacity="0.5" stroke="#fff"></path><path fill="#000" fill-opacity="0.5"></path>
<style ><![CDATA[.zr0-cls-1:hover{cursor:pointer;}]]></style>
</svg>`
	got, err := chartsvg.Clean([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := `<svg viewBox="0 0 10 20" width="10" height="20" aria-hidden="true" focusable="false">
<text font-size="12px" font-family="sans-serif">A</text>
<linearGradient id="chartsvg-g0"></linearGradient><path fill="url(#chartsvg-g0)"></path>
<path d="M0 1L9 1M0 2L9 2" fill="none" stroke="#d5dbe0"></path>
<path d="M0 3L9 3" fill="none" stroke="#4a535c"></path>
<path d="M0 4L9 4" transform="translate(1 1)" fill="none" stroke="#4a535c"></path>
<path d="M0 0L1 1" fill="url(#chartsvg-g0)" opacity="0.35"></path><path fill="url(#chartsvg-g0)" fill-opacity="0.5" stroke="#fff"></path><path fill="#000" fill-opacity="0.5"></path>

</svg>`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// A declaration that cannot become an attribute fails the drawing
	// rather than slipping a quote into the page.
	if _, err := chartsvg.Clean([]byte(`<svg width="1" height="1" viewBox="0 0 1 1"><text style="font-family:a&quot;b;fill:url(#x)">`)); err != nil {
		t.Errorf("a style with an entity was refused: %v", err)
	}
	if _, err := chartsvg.Clean([]byte(`<svg width="1" height="1" viewBox="0 0 1 1"><text style="Font_Family:x">`)); err == nil {
		t.Error("a style property that is not a plain name was accepted")
	}
	if _, err := chartsvg.Clean([]byte(`<div>not a drawing</div>`)); err == nil {
		t.Error("a non-SVG drawing was accepted")
	}
}

// BenchmarkDraw is one chart drawn with a new engine (the first chart of a
// build with an empty cache), drawn by a running engine, and found in the
// cache:
//
//	go test -run '^$' -bench Draw ./generator/internal/output/chartsvg/
func BenchmarkDraw(b *testing.B) {
	js := scripts(b)
	b.Run("new-engine", func(b *testing.B) {
		for b.Loop() {
			if _, err := (&chartsvg.Drawer{}).Draw(js, []byte(sankeyOption), 358, 320); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("running-engine", func(b *testing.B) {
		d := &chartsvg.Drawer{}
		w := 300
		for b.Loop() {
			w++ // a new size each time, so nothing is cached
			if _, err := d.Draw(js, []byte(sankeyOption), w, 320); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		d := &chartsvg.Drawer{}
		if _, err := d.Draw(js, []byte(sankeyOption), 358, 320); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := d.Draw(js, []byte(sankeyOption), 358, 320); err != nil {
				b.Fatal(err)
			}
		}
	})
}
