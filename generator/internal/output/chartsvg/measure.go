package chartsvg

import (
	"crypto/sha256"
	"encoding/binary"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// fontRe finds the size and what precedes it in a CSS font shorthand as
// zrender writes it ("12px sans-serif", "bold 14px Arial").
var fontRe = regexp.MustCompile(`^(.*?)(\d+(?:\.\d+)?)px`)

// textWidth is how wide text is set in font (a CSS font shorthand), in
// pixels, from glyphWidths. zrender measures text with a canvas when it
// has one; without it, it estimates from Arial's widths, narrower than the
// faces pages fall back to (DejaVu Sans sets a two-word label 14%
// wider), so labels laid out side by side ran into each other. A character
// the table does not hold counts one em.
func textWidth(text, font string) float64 {
	size, bold := 12.0, false
	if m := fontRe.FindStringSubmatch(font); m != nil {
		size, _ = strconv.ParseFloat(m[2], 64)
		for _, w := range strings.Fields(m[1]) {
			if n, err := strconv.Atoi(w); w == "bold" || w == "bolder" || err == nil && n >= 600 {
				bold = true
			}
		}
	}
	table := glyphWidths[0]
	if bold {
		table = glyphWidths[1]
	}
	em := 0
	for _, r := range text {
		if w, ok := table[r]; ok {
			em += int(w)
		} else {
			em += 1000
		}
	}
	return float64(em) * size / 1000
}

// measureJS gives zrender the canvas it looks for, whose only use is
// measureText, answered by textWidth. It runs after the bundle, which
// decided at load that there is no DOM (so nothing else asks for one);
// zrender makes its canvas on the first text it measures.
const measureJS = `var document = {createElement: function (tag) {
  if (tag !== "canvas") throw new Error("no " + tag + " in a drawing made at build time");
  var ctx = {font: "", measureText: function (text) { return {width: __textWidth(String(text), String(this.font))}; }};
  return {getContext: function () { return ctx; }};
}};`

// measureHash stands for the widths drawings were laid out with, in the
// cache key: a new table draws every chart again.
var measureHash = func() string {
	h := sha256.New()
	h.Write([]byte(measureJS))
	for _, t := range glyphWidths {
		keys := make([]rune, 0, len(t))
		for r := range t {
			keys = append(keys, r)
		}
		slices.Sort(keys)
		for _, r := range keys {
			binary.Write(h, binary.LittleEndian, [2]uint32{uint32(r), uint32(t[r])})
		}
	}
	return string(h.Sum(nil))
}()
