package layers

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSiteFilesWinOneByOne(t *testing.T) {
	theme := fstest.MapFS{
		"templates/page.html":          {Data: []byte("theme page")},
		"templates/partials/head.html": {Data: []byte("theme head")},
		"assets/css/site.css":          {Data: []byte("theme css")},
		"assets/_headers":              {Data: []byte("theme headers")},
		"content/x.md":                 {Data: []byte("never seen")},
	}
	site := fstest.MapFS{
		"content/site.yaml":            {Data: []byte("title: x")},
		"templates/partials/head.html": {Data: []byte("site head")},
		"templates/partials/mine.html": {Data: []byte("site only")},
	}
	l := Over(site, theme, "templates", "assets")
	for name, want := range map[string]string{
		"templates/page.html":          "theme page",
		"templates/partials/head.html": "site head",
		"templates/partials/mine.html": "site only",
		"assets/css/site.css":          "theme css",
		"assets/_headers":              "theme headers",
		"content/site.yaml":            "title: x",
	} {
		got, err := fs.ReadFile(l, name)
		if err != nil || string(got) != want {
			t.Errorf("%s: got %q, %v; want %q", name, got, err, want)
		}
	}
	// Content is the site's alone.
	if _, err := fs.ReadFile(l, "content/x.md"); err == nil {
		t.Error("content/ was read from the theme")
	}
	var walked []string
	if err := fs.WalkDir(l, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			walked = append(walked, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(walked, " "); got != "templates/page.html templates/partials/head.html templates/partials/mine.html" {
		t.Errorf("walk of templates/: %s", got)
	}
	if !l.(*FS).FromTheme("templates/page.html") || l.(*FS).FromTheme("templates/partials/head.html") {
		t.Error("FromTheme mistakes where a file comes from")
	}
	if err := fstest.TestFS(l, "templates/page.html", "templates/partials/mine.html", "assets/_headers", "content/site.yaml"); err != nil {
		t.Error(err)
	}
}

func TestNoThemeIsTheSite(t *testing.T) {
	site := fstest.MapFS{"a": {Data: []byte("x")}}
	if _, ok := Over(site, nil, "templates").(fstest.MapFS); !ok {
		t.Error("a nil theme should leave the site's FS as it is")
	}
}
