// Package chartsvg draws ECharts options as static SVG at build time, with
// the site's own ECharts bundle run by a JavaScript engine written in Go
// (goja), so a chart is on the page before any script runs, for readers
// without JavaScript and on paper; drawings are cached by a hash of
// everything that makes them.
package chartsvg

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"reportgen/generator/internal/output/diskcache"

	"github.com/dop251/goja"
)

// Theme colours the drawing is made with: the light theme's. The SVG
// carries them as presentation attributes (fill="#1d2125"), and the
// site's stylesheet maps each one to the page's own custom property, so the
// same picture follows the light and the dark theme and print. A category
// colour never equals one of these.
var Theme = struct{ Fg, Soft, Rule, Bg, Font string }{
	Fg: "#1d2125", Soft: "#4a535c", Rule: "#d5dbe0", Bg: "#ffffff", Font: "sans-serif",
}

// IDPrefix starts every id inside a drawing; the page replaces it with
// the figure's own id, so two drawings on a page never share an id.
const IDPrefix = "chartsvg-"

// Scripts are the browser scripts a drawing runs: the ECharts bundle and
// the chart theme (which defines reportChartTheme and reportChartOption).
type Scripts struct {
	ECharts, Theme []byte
}

// Drawer draws options. It keeps one JavaScript engine, made on the first
// drawing that is not cached, and every drawing it made; it is safe for
// concurrent use (drawings are made one at a time: an engine is not).
// A zero Drawer works, without a cache on disk.
type Drawer struct {
	// Dir, when set, keeps drawings across runs, one file per drawing.
	Dir string
	// Timeout bounds one drawing (default 20 s): an option that sent
	// ECharts into a loop fails instead of hanging the build.
	Timeout time.Duration

	mu      sync.Mutex
	vm      *goja.Runtime
	vmFor   string // hash of the scripts the engine ran
	mem     map[string][]byte
	Drawn   int // drawings made (not found in a cache), for tests
	scripts map[*Scripts]string
}

// CacheDir is where drawings are kept between runs: the user's cache
// directory (never the site's folders), or "" when it has none.
func CacheDir() string { return diskcache.Dir("charts") }

// version changes the cache key when Go code that shapes a drawing
// changes (Clean, textWidth), or the way drawings are kept (6: with a
// checksum, see diskcache). The scripts the engine runs (prelude,
// drawJS, measureJS, the bundle, the theme) and the width table are in the
// key themselves.
const version = "6"

// Draw returns the SVG of an option (as the chart block's JSON) drawn at
// width×height pixels.
func (d *Drawer) Draw(js *Scripts, option []byte, width, height int) ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	sh := d.scriptsHash(js)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00", version, sh, width, height)
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", prelude, drawJS, measureHash)
	h.Write(option)
	key := hex.EncodeToString(h.Sum(nil))
	if svg, ok := d.mem[key]; ok {
		return svg, nil
	}
	if d.mem == nil {
		d.mem = map[string][]byte{}
	}
	disk := diskcache.New(d.Dir)
	if svg, ok := disk.Get(key + ".svg"); ok {
		d.mem[key] = svg
		return svg, nil
	}
	svg, err := d.draw(js, sh, option, width, height)
	if err != nil {
		return nil, err
	}
	d.Drawn++
	d.mem[key] = svg
	// A cache that cannot be written costs only time.
	_ = disk.Put(key+".svg", svg)
	return svg, nil
}

func (d *Drawer) scriptsHash(js *Scripts) string {
	if h, ok := d.scripts[js]; ok {
		return h
	}
	h := sha256.New()
	h.Write(js.ECharts)
	h.Write([]byte{0})
	h.Write(js.Theme)
	sum := hex.EncodeToString(h.Sum(nil))
	if d.scripts == nil || len(d.scripts) > 16 {
		// Each build brings its own Scripts: keep the last few.
		d.scripts = map[*Scripts]string{}
	}
	d.scripts[js] = sum
	return sum
}

// prelude gives the bundle the globals it looks for; nothing is drawn in
// a browser, so timers never fire (animation is off).
const prelude = `var window = this, self = this, globalThis = this;
var console = {log: function () {}, warn: function () {}, error: function () {}, info: function () {}};
function setTimeout() { return 0; } function clearTimeout() {}
function setInterval() { return 0; } function clearInterval() {}
function requestAnimationFrame() { return 0; } function cancelAnimationFrame() {}`

const drawJS = `(function (json, width, height, colours) {
  var chart = echarts.init(null, reportChartTheme(colours), {renderer: "svg", ssr: true, width: width, height: height});
  try {
    chart.setOption(reportChartOption(json, false));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
})`

func (d *Drawer) draw(js *Scripts, sh string, option []byte, width, height int) (svg []byte, err error) {
	defer func() {
		// goja turns JavaScript errors into values, but a Go panic inside
		// the engine must not take the build down with it.
		if r := recover(); r != nil {
			d.vm = nil
			err = fmt.Errorf("drawing the chart: %v", r)
		}
	}()
	if d.vm == nil || d.vmFor != sh {
		vm := goja.New()
		if err := vm.Set("__textWidth", textWidth); err != nil {
			return nil, err
		}
		for _, s := range []struct {
			name string
			src  []byte
		}{{"prelude.js", []byte(prelude)}, {"echarts.min.js", js.ECharts}, {"measure.js", []byte(measureJS)}, {"chart-theme.js", js.Theme}} {
			if _, err := vm.RunScript(s.name, string(s.src)); err != nil {
				return nil, fmt.Errorf("loading %s: %v", s.name, err)
			}
		}
		d.vm, d.vmFor = vm, sh
	}
	fn, ok := goja.AssertFunction(d.vm.Get("__draw"))
	if !ok {
		v, err := d.vm.RunString(drawJS)
		if err != nil {
			return nil, err
		}
		d.vm.Set("__draw", v)
		fn, _ = goja.AssertFunction(v)
	}
	timeout := d.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	timer := time.AfterFunc(timeout, func() { d.vm.Interrupt("the chart took longer than " + timeout.String() + " to draw") })
	defer timer.Stop()
	colours := map[string]any{"fg": Theme.Fg, "soft": Theme.Soft, "rule": Theme.Rule, "bg": Theme.Bg, "font": Theme.Font}
	v, err := fn(goja.Undefined(), d.vm.ToValue(string(option)), d.vm.ToValue(width), d.vm.ToValue(height), d.vm.ToValue(colours))
	if err != nil {
		var ie *goja.InterruptedError
		if errors.As(err, &ie) {
			d.vm = nil // an interrupted engine is not reused
		}
		return nil, fmt.Errorf("drawing the chart: %v", err)
	}
	return Clean([]byte(v.String()))
}

var (
	styleElRe   = regexp.MustCompile(`(?s)<style[^>]*>.*?</style>`)
	styleAttrRe = regexp.MustCompile(` style="([^"]*)"`)
	dropAttrRe  = regexp.MustCompile(` (?:class="[^"]*"|ecmeta_[a-z_]+="[^"]*"|pointer-events="[^"]*"|xml:space="[^"]*")`)
	idRe        = regexp.MustCompile(`(id="|url\(#|href="#)zr\d+-`)
	rootRe      = regexp.MustCompile(`^<svg width="(\d+)" height="(\d+)" [^>]*?(viewBox="[^"]*")[^>]*>`)
	propRe      = regexp.MustCompile(`^[a-z-]+$`)
	emptyBgRe   = regexp.MustCompile(`<rect width="\d+" height="\d+" x="0" y="0" fill="none"></rect>\n?`)
	pathRe      = regexp.MustCompile(`<path [^>]*>`)
)

// lineRe is a path drawn as a line only: no fill, and nothing (a
// transform, an opacity) that would make two of them differ from one.
var lineRe = regexp.MustCompile(`<path d="(M[^"]*)"((?: (?:fill="none"|stroke="[^"]*"|stroke-width="[^"]*"|stroke-linecap="[^"]*"|stroke-dasharray="[^"]*"))+)></path>\n?`)

// mergeLines draws a run of lines that share every attribute as one path
// with one subpath each: a chart's grid lines and ticks were a third of
// its elements, and every element is work for the page that shows it
// (the full report carries 14 drawings). Opaque strokes painted at once
// look as they did painted one after the other, and a dash pattern starts
// again at each subpath.
func mergeLines(svg []byte) []byte {
	locs := lineRe.FindAllSubmatchIndex(svg, -1)
	if len(locs) < 2 {
		return svg
	}
	var out bytes.Buffer
	last := 0
	for i := 0; i < len(locs); {
		j := i + 1
		attrs := svg[locs[i][4]:locs[i][5]]
		for j < len(locs) && locs[j][0] == locs[j-1][1] && bytes.Equal(svg[locs[j][4]:locs[j][5]], attrs) {
			j++
		}
		if j == i+1 || !bytes.Contains(attrs, []byte(` fill="none"`)) {
			i = j
			continue
		}
		out.Write(svg[last:locs[i][0]])
		out.WriteString(`<path d="`)
		for k := i; k < j; k++ {
			out.Write(svg[locs[k][2]:locs[k][3]])
		}
		out.WriteString(`"`)
		out.Write(attrs)
		out.WriteString("></path>\n")
		last = locs[j-1][1]
		i = j
	}
	out.Write(svg[last:])
	return out.Bytes()
}

// gradientOpacity turns the fill-opacity of a shape filled with a gradient
// and not stroked into its opacity, which paints the same: Chromium's PDF
// output drops a gradient fill's fill-opacity (the Sankey's flows printed
// solid, over their labels), and keeps an element's opacity.
func gradientOpacity(tag []byte) []byte {
	if !bytes.Contains(tag, []byte(` fill="url(#`)) || bytes.Contains(tag, []byte(` stroke=`)) || bytes.Contains(tag, []byte(` opacity=`)) {
		return tag
	}
	return bytes.Replace(tag, []byte(` fill-opacity="`), []byte(` opacity="`), 1)
}

// Clean makes ECharts' SVG fit a page whose Content Security Policy allows
// no inline style: the <style> element (hover rules for a picture nobody
// hovers) goes, style attributes become presentation attributes, and
// what only ECharts' own event handling reads is dropped. Ids start with
// IDPrefix. A gradient's fill-opacity becomes opacity (gradientOpacity),
// and runs of alike lines become one path (mergeLines).
func Clean(svg []byte) ([]byte, error) {
	m := rootRe.FindSubmatch(svg)
	if m == nil {
		return nil, errors.New("the drawing is not an SVG element of a known size")
	}
	out := rootRe.ReplaceAll(svg, []byte(`<svg $3 width="$1" height="$2" aria-hidden="true" focusable="false">`))
	out = styleElRe.ReplaceAll(out, nil)
	out = emptyBgRe.ReplaceAll(out, nil)
	out = dropAttrRe.ReplaceAll(out, nil)
	out = idRe.ReplaceAll(out, []byte("${1}"+IDPrefix))
	var bad error
	out = styleAttrRe.ReplaceAllFunc(out, func(attr []byte) []byte {
		decl := styleAttrRe.FindSubmatch(attr)[1]
		var b bytes.Buffer
		for _, d := range bytes.Split(decl, []byte(";")) {
			k, v, ok := bytes.Cut(d, []byte(":"))
			k, v = bytes.TrimSpace(k), bytes.TrimSpace(v)
			if !ok || len(k) == 0 {
				continue
			}
			if !propRe.Match(k) || bytes.ContainsAny(v, `"<>`) {
				bad = fmt.Errorf("unexpected style %q in the drawing", decl)
				continue
			}
			b.WriteString(" " + string(k) + `="` + string(v) + `"`)
		}
		return b.Bytes()
	})
	if bad != nil {
		return nil, bad
	}
	out = pathRe.ReplaceAllFunc(out, gradientOpacity)
	out = mergeLines(out)
	return bytes.TrimSpace(out), nil
}
