// Package reportgen is the generator's default theme: the templates/ and
// assets/ folders beside this file, built into the program so that a site
// needs nothing but its content/ folder. A site's own templates/ and
// assets/ replace the default theme's files of the same name, one by one.
package reportgen

import (
	"embed"
	"io/fs"
)

// "all:" keeps the files whose names start with "_" (assets/_headers),
// which go:embed leaves out of a folder by default.
//
//go:embed all:templates all:assets
var theme embed.FS

// Theme returns the default theme, templates/ and assets/ at its root.
func Theme() fs.FS { return theme }
