package assets

import (
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"reportgen/generator/internal/output/diskcache"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func sri(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

var hashed = regexp.MustCompile(`^(.*)\.([0-9a-f]{10})(\.[a-z]+)$`)

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/css/site.css":              file("/* a comment */\nbody {\n  color : #ff0000 ;\n}\n"),
		"assets/js/site.js":                file("// note\nfunction add(first, second) {\n  return first + second;\n}\nwindow.add = add;\n"),
		"assets/js/lib.min.js":             file("var  x = 1 ;  // kept as it is\n"),
		"assets/vendor/echarts/e.js":       file("var  y = 2 ;  // vendored: kept\n"),
		"assets/vendor/echarts/LICENSE":    file("Apache"),
		"assets/favicon.svg":               file("<svg/>"),
		"assets/_headers":                  file("/*\n  X-Frame-Options: DENY\n"),
		"assets/.hidden":                   file("secret"),
		"assets/css/.#site.css":            file("editor lock"),
		"content/not-an-asset.md":          file("x"),
		"assets/img/diagram.png":           {Data: []byte{0x89, 'P', 'N', 'G'}},
		"assets/css/print/extra-rules.css": file("p { margin : 0 }"),
	}
	set, errs := Load(fsys, "assets", nil)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	var logical []string
	for _, f := range set.Files {
		logical = append(logical, f.Logical)
	}
	want := "_headers css/print/extra-rules.css css/site.css favicon.svg img/diagram.png js/lib.min.js js/site.js vendor/echarts/LICENSE vendor/echarts/e.js"
	if got := strings.Join(logical, " "); got != want {
		t.Errorf("files, in order:\n got %s\nwant %s", got, want)
	}

	css, _ := set.Get("css/site.css")
	if string(css.Data) != "body{color:red}" {
		t.Errorf("minified CSS %q", css.Data)
	}
	js, _ := set.Get("js/site.js")
	if strings.Contains(string(js.Data), "note") || strings.Contains(string(js.Data), "\n  ") || !strings.Contains(string(js.Data), "window.add") {
		t.Errorf("minified JS %q", js.Data)
	}
	for _, name := range []string{"js/lib.min.js", "vendor/echarts/e.js"} {
		f, _ := set.Get(name)
		if string(f.Data) != string(fsys["assets/"+name].Data) {
			t.Errorf("%s was changed: %q", name, f.Data)
		}
	}
	for _, f := range set.Files {
		isCode := strings.HasSuffix(f.Logical, ".css") || strings.HasSuffix(f.Logical, ".js")
		m := hashed.FindStringSubmatch(f.Out)
		switch {
		case isCode && m == nil:
			t.Errorf("%s has no hashed name: %s", f.Logical, f.Out)
		case isCode && m[1]+m[3] != f.Logical:
			t.Errorf("%s became %s: the hash goes before the extension", f.Logical, f.Out)
		case isCode && f.Integrity != sri(f.Data):
			t.Errorf("%s integrity %s, want %s", f.Logical, f.Integrity, sri(f.Data))
		case !isCode && (f.Out != f.Logical || f.Integrity != ""):
			t.Errorf("%s should be copied as it is, got %s %q", f.Logical, f.Out, f.Integrity)
		}
	}
	if _, ok := set.Get(".hidden"); ok {
		t.Error("dot files are not assets")
	}
}

// A changed file gets a new name; an unchanged one keeps its name, so a
// browser's cached copy stays valid across builds.
func TestNamesFollowContent(t *testing.T) {
	load := func(css string) string {
		set, errs := Load(fstest.MapFS{"assets/css/site.css": file(css), "assets/js/a.js": file("var a=1")}, "assets", nil)
		if errs.Len() > 0 {
			t.Fatal(errs)
		}
		f, _ := set.Get("css/site.css")
		return f.Out
	}
	a, b, c := load("p{color:red}"), load("p { color : red }"), load("p{color:blue}")
	if a != b {
		t.Errorf("the same minified CSS got two names: %s, %s", a, b)
	}
	if a == c {
		t.Errorf("changed CSS kept its name %s", a)
	}
}

func TestMissingFolderIsEmpty(t *testing.T) {
	set, errs := Load(fstest.MapFS{"content/a.md": file("x")}, "assets", nil)
	if errs.Len() > 0 || len(set.Files) != 0 {
		t.Errorf("got %d files, %v", len(set.Files), errs)
	}
	if _, ok := set.Get("css/site.css"); ok {
		t.Error("found an asset in an empty set")
	}
	var none *Set
	if _, ok := none.Get("x"); ok {
		t.Error("a nil set has no assets")
	}
}

// Broken CSS or JS is reported with its path and published unminified,
// rather than dropped.
func TestMinifyErrorKeepsFile(t *testing.T) {
	set, errs := Load(fstest.MapFS{
		"assets/js/broken.js": file("function ( {"),
		"assets/js/fine.js":   file("var fine = 1;"),
	}, "assets", nil)
	if errs.Len() == 0 || !strings.Contains(errs.Items()[0].Error(), "assets/js/broken.js") ||
		!strings.Contains(errs.Items()[0].Error(), "cannot minify") {
		t.Fatalf("want a minify error naming the file, got %v", errs)
	}
	if f, ok := set.Get("js/broken.js"); !ok || string(f.Data) != "function ( {" || f.Integrity != sri(f.Data) {
		t.Errorf("the broken file should be kept as written, with its integrity: %+v", f)
	}
	if _, ok := set.Get("js/fine.js"); !ok {
		t.Error("the other files are still loaded")
	}
}

// Files are processed concurrently; the result must not depend on it.
func TestManyFilesDeterministic(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 0; i < 64; i++ {
		fsys[fmt.Sprintf("assets/js/f%02d.js", i)] = file(fmt.Sprintf("var value%d = %d;\n", i, i))
		fsys[fmt.Sprintf("assets/css/f%02d.css", i)] = file(fmt.Sprintf(".c%d { margin : %dpx }\n", i, i))
	}
	first, errs := Load(fsys, "assets", nil)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	for run := 0; run < 5; run++ {
		again, _ := Load(fsys, "assets", nil)
		if len(again.Files) != len(first.Files) {
			t.Fatalf("%d files, then %d", len(first.Files), len(again.Files))
		}
		for i, f := range again.Files {
			g := first.Files[i]
			if f.Logical != g.Logical || f.Out != g.Out || f.Integrity != g.Integrity || string(f.Data) != string(g.Data) {
				t.Fatalf("run %d: %s differs from the first run", run, f.Logical)
			}
		}
	}
}

// BenchmarkLoad processes the project's own assets.
func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS("../../../..")
	for b.Loop() {
		if _, errs := Load(fsys, "assets", nil); errs.Len() > 0 {
			b.Fatal(errs)
		}
	}
}

// A minified stylesheet or script is kept in the cache under its source's
// hash and found there by the next build; a damaged entry is minified
// again, and the output is the same either way.
func TestMinifiedCache(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/css/site.css": file("body {\n  color : #ff0000 ;\n}\n"),
		"assets/js/site.js":   file("function add(first, second) {\n  return first + second;\n}\nwindow.add = add;\n"),
	}
	dir := t.TempDir()
	cache := diskcache.New(dir)
	first, errs := Load(fsys, "assets", cache)
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	key := minifiedKey("text/css", fsys["assets/css/site.css"].Data)
	if got, ok := cache.Get(key); !ok || string(got) != "body{color:red}" {
		t.Fatalf("the cache holds %q (%v) for the stylesheet, want its minified form", got, ok)
	}
	// The next build takes what the cache holds, not a new minification.
	if err := cache.Put(key, []byte("body{color:blue}")); err != nil {
		t.Fatal(err)
	}
	again, _ := Load(fsys, "assets", cache)
	if css, _ := again.Get("css/site.css"); string(css.Data) != "body{color:blue}" {
		t.Errorf("with an entry in the cache the stylesheet is %q, want the entry", css.Data)
	}
	// A damaged entry is a miss: the stylesheet is minified again.
	entry := filepath.Join(dir, key[:2], key)
	if err := os.WriteFile(entry, []byte("body{color:gre"), 0o644); err != nil {
		t.Fatal(err)
	}
	third, _ := Load(fsys, "assets", cache)
	for i, f := range third.Files {
		g := first.Files[i]
		if f.Out != g.Out || f.Integrity != g.Integrity || string(f.Data) != string(g.Data) {
			t.Errorf("%s after a damaged entry differs from the first build: %q, want %q", f.Logical, f.Data, g.Data)
		}
	}
	// Another source is another key.
	if minifiedKey("text/css", []byte("p{}")) == key || minifiedKey("application/javascript", fsys["assets/css/site.css"].Data) == key {
		t.Error("two different inputs share a key")
	}
}

// The minifier's version in the cache key is the one go.mod requires: an
// update of the minifier must not find the older version's output.
func TestMinifierVersion(t *testing.T) {
	mod, err := os.ReadFile("../../../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && strings.HasPrefix(f[0], "github.com/tdewolff/") {
			want = append(want, f[0]+" "+f[1])
		}
	}
	if got := strings.Join(want, ", "); got != minifier {
		t.Errorf("go.mod requires %q, the cache key names %q: change the constant minifier in assets.go", got, minifier)
	}
}
