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
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/srcfs"
	"reportgen/generator/internal/output/diskcache"

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
// an empty set. Minified stylesheets and scripts are kept in cache (nil:
// none) under a hash of their source and the minifier's version.
func Load(fsys fs.FS, dir string, cache *diskcache.Cache) (*Set, *diag.List) {
	var errs diag.List
	set := &Set{byName: map[string]*File{}}
	var paths []string
	var sizes []int64
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
		paths = append(paths, p)
		size := int64(0)
		if info, err := d.Info(); err == nil {
			size = info.Size()
		}
		sizes = append(sizes, size)
		return nil
	})
	if err != nil {
		errs.Add(diag.Errorf(dir, 0, 0, "cannot read assets: %v", err))
	}
	// Files are read, minified and hashed concurrently: minifying the
	// stylesheets and scripts one after another was the longest part of
	// loading the report.
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	files := make([]*File, len(paths))
	problems := make([]*diag.Error, len(paths))
	// The largest files (a vendored library to hash) start first, so that
	// no long one is left running alone at the end.
	order := make([]int, len(paths))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sizes[order[a]] > sizes[order[b]] })
	next := make(chan int, len(order))
	for _, i := range order {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(order)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				files[i], problems[i] = process(fsys, m, cache, dir, paths[i])
			}
		}()
	}
	wg.Wait()
	for i, f := range files {
		errs.Add(problems[i])
		if f != nil {
			set.Files = append(set.Files, f)
			set.byName[f.Logical] = f
		}
	}
	sort.Slice(set.Files, func(i, j int) bool { return set.Files[i].Logical < set.Files[j].Logical })
	return set, &errs
}

// MaxFileBytes is the largest asset file. Every asset is held in memory
// from loading to writing (a stylesheet or script is minified and hashed,
// linear in its size), so the assets' total is what the build holds; the
// largest the theme brings, a vendored chart library, is 0.6 MB. 16 MB
// takes any image a page should carry, and turns a video or archive
// dropped into assets/ into a clear error.
const MaxFileBytes = 16 << 20

// process reads one asset and, for a stylesheet or script, minifies it and
// gives it its hashed name and integrity value. A file that cannot be
// minified is kept as it is, with the problem reported.
func process(fsys fs.FS, m *minify.M, cache *diskcache.Cache, dir, p string) (*File, *diag.Error) {
	data, err := srcfs.ReadFile(fsys, p, MaxFileBytes)
	if e := srcfs.Refused(p, err, "an asset may be", "make the image or file smaller, or publish it elsewhere and link to it"); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, diag.Errorf(p, 0, 0, "cannot read asset: %v", err).WithHint("check the file's permissions")
	}
	logical := strings.TrimPrefix(p, dir+"/")
	f := &File{Logical: logical, Out: logical, Data: data}
	ext := path.Ext(p)
	if ext != ".css" && ext != ".js" && ext != ".mjs" {
		return f, nil
	}
	var problem *diag.Error
	// Vendored libraries come minified already; minifying them again
	// gains little and risks breaking them.
	if !strings.Contains(logical, ".min.") && !strings.HasPrefix(logical, "vendor/") {
		mt := "text/css"
		if ext != ".css" {
			mt = "application/javascript"
		}
		// Minifying the theme's stylesheets and scripts was 7 % of the
		// report's build (CPU profile of BenchmarkReportBuild), the same
		// work on every run.
		key := minifiedKey(mt, data)
		if kept, ok := cache.Get(key); ok {
			f.Data = kept
		} else {
			var out bytes.Buffer
			if err := m.Minify(mt, &out, bytes.NewReader(data)); err != nil {
				problem = diag.Errorf(p, 0, 0, "cannot minify: %v", err)
			} else {
				f.Data = out.Bytes()
				// A cache that cannot be written costs only time.
				_ = cache.Put(key, f.Data)
			}
		}
	}
	sum := sha256.Sum256(f.Data)
	f.Out = strings.TrimSuffix(logical, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	sri := sha512.Sum384(f.Data)
	f.Integrity = "sha384-" + base64.StdEncoding.EncodeToString(sri[:])
	return f, problem
}

// minifiedKey names the minified form of data, of media type mt: a hash
// of the two and of the minifier's version, so that another version never
// finds this one's output.
func minifiedKey(mt string, data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", minifier, mt)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// minifier is the minifier's modules and versions, as go.mod requires
// them (TestMinifierVersion holds the two together): a program does not
// know its own dependencies' versions when it is a test.
const minifier = "github.com/tdewolff/minify/v2 v2.24.25, github.com/tdewolff/parse/v2 v2.8.20"
