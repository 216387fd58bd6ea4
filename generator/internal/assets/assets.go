// Package assets prepares a site's static files: stylesheets and scripts
// are minified and given content-hashed names and Subresource Integrity
// hashes; everything else is copied as it is.
package assets

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
	"strings"

	"reportgen/generator/internal/diag"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// File is one output file.
type File struct {
	// Logical is the path below assets/ ("css/site.css"); Out the path
	// below the output root ("css/site.3f2a9c1b.css").
	Logical, Out string
	Data         []byte
	// Integrity is the SRI value ("sha384-…") for scripts and stylesheets.
	Integrity string
}

// Set is the processed assets of a site.
type Set struct {
	Files  []*File
	byName map[string]*File
}

// Get looks an asset up by its logical path.
func (s *Set) Get(logical string) (*File, bool) {
	if s == nil {
		return nil, false
	}
	f, ok := s.byName[logical]
	return f, ok
}

// Load reads and processes every file below dir of fsys. A missing dir is
// an empty set.
func Load(fsys fs.FS, dir string) (*Set, *diag.List) {
	var errs diag.List
	set := &Set{byName: map[string]*File{}}
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fs.SkipDir // no assets folder
			}
			errs.Add(diag.Errorf(p, 0, 0, "cannot read asset: %v", err))
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(diag.Errorf(p, 0, 0, "cannot read asset: %v", err).WithHint("check the file's permissions"))
			return nil
		}
		logical := strings.TrimPrefix(p, dir+"/")
		f := &File{Logical: logical, Out: logical, Data: data}
		ext := path.Ext(p)
		if ext == ".css" || ext == ".js" || ext == ".mjs" {
			// Vendored libraries come minified already; minifying them again
			// gains little and risks breaking them.
			if !strings.Contains(logical, ".min.") && !strings.HasPrefix(logical, "vendor/") {
				mt := "text/css"
				if ext != ".css" {
					mt = "application/javascript"
				}
				var out bytes.Buffer
				if err := m.Minify(mt, &out, bytes.NewReader(data)); err != nil {
					errs.Add(diag.Errorf(p, 0, 0, "cannot minify: %v", err))
				} else {
					f.Data = out.Bytes()
				}
			}
			sum := sha256.Sum256(f.Data)
			f.Out = strings.TrimSuffix(logical, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
			sri := sha512.Sum384(f.Data)
			f.Integrity = "sha384-" + base64.StdEncoding.EncodeToString(sri[:])
		}
		set.Files = append(set.Files, f)
		set.byName[logical] = f
		return nil
	})
	if err != nil {
		errs.Add(diag.Errorf(dir, 0, 0, "cannot read assets: %v", err))
	}
	sort.Slice(set.Files, func(i, j int) bool { return set.Files[i].Logical < set.Files[j].Logical })
	return set, &errs
}
