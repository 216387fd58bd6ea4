// Package provenance marks what an edition adds to the publication it
// reproduces. Every added element carries the attribute
// data-provenance="edition" and a visible label, and added figures and
// tables are numbered in a series of their own, so a reader can never cite
// an addition as the publication's.
package provenance

import (
	"html"
	"strconv"
)

// Shortcode names the shortcode that shows the edition's list of
// additions; the page holding it is linked from every page.
const Shortcode = "edition"

// Attr is the attribute every addition carries, with a leading space so it
// can follow a tag name.
const Attr = ` data-provenance="edition"`

// Labels are the words a site shows on its additions. They come from the
// site's metadata (the edition block of site.yaml); empty ones fall back
// to Default's.
type Labels struct {
	// Added labels an addition ("Added in this edition").
	Added string `yaml:"added"`
	// Reconstructed labels a diagram rebuilt from the text ("Reconstructed
	// from the text").
	Reconstructed string `yaml:"reconstructed"`
	// Figure and Table name the edition's own series ("Edition figure 3").
	Figure string `yaml:"figure"`
	Table  string `yaml:"table"`
}

// Default is the English wording.
func Default() Labels {
	return Labels{
		Added:         "Added in this edition",
		Reconstructed: "Reconstructed from the text",
		Figure:        "Edition figure",
		Table:         "Edition table",
	}
}

// Or fills empty labels from Default.
func (l Labels) Or() Labels {
	d := Default()
	if l.Added == "" {
		l.Added = d.Added
	}
	if l.Reconstructed == "" {
		l.Reconstructed = d.Reconstructed
	}
	if l.Figure == "" {
		l.Figure = d.Figure
	}
	if l.Table == "" {
		l.Table = d.Table
	}
	return l
}

// Number is the name of the edition's figure or table n of kind ("fig" or
// "tbl"): "Edition figure 3".
func (l Labels) Number(kind string, n int) string {
	l = l.Or()
	word := l.Figure
	if kind == "tbl" {
		word = l.Table
	}
	return word + " " + strconv.Itoa(n)
}

// Badge is the visible label of an addition, as HTML.
func Badge(label string) string {
	return `<span class="provenance">` + html.EscapeString(label) + `</span>`
}
