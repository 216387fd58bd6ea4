package chartsvg

import "testing"

// Widths come from the table, at the font's size and weight; a character
// it lacks counts one em. The floor is what Chromium's canvas measured for
// the same text in DejaVu Sans, the widest face of the page's stack: a
// width from the table may be wider, never narrower.
func TestTextWidth(t *testing.T) {
	for _, c := range []struct {
		text, font string
		floor      float64
	}{
		{"Learning disability", "12px sans-serif", 109.89},
		{"Learning disability", "24px sans-serif", 219.78},
		{"More than one", "normal normal 12px system-ui", 86.97},
		{"Acute", "bold 12px sans-serif", 0},
	} {
		got := textWidth(c.text, c.font)
		if got < c.floor || got > c.floor*1.2+1 && c.floor > 0 {
			t.Errorf("textWidth(%q, %q) = %.2f, want at least %.2f and not a fifth more", c.text, c.font, got, c.floor)
		}
	}
	if b, n := textWidth("Acute", "bold 12px sans-serif"), textWidth("Acute", "12px sans-serif"); b <= n {
		t.Errorf("bold %.2f is not wider than regular %.2f", b, n)
	}
	if w := textWidth("中", "10px sans-serif"); w != 10 {
		t.Errorf("a character the table lacks is %.2f px at 10 px, want one em", w)
	}
}
