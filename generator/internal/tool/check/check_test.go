package check

import (
	"crypto/sha512"
	"encoding/base64"
	"strings"
	"testing"
	"testing/fstest"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func sri(s string) string {
	sum := sha512.Sum384([]byte(s))
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

const css = "body{background:url(../img/bg.png)}"

// goodSite is a small built site in which everything resolves.
func goodSite() fstest.MapFS {
	return fstest.MapFS{
		"index.html": file(`<!doctype html><html><head><link rel="canonical" href="https://example.org/r/">
<link rel="stylesheet" href="/r/css/site.css" integrity="` + sri(css) + `"><script src="/r/js/a.js" defer></script></head>
<body><a href="/r/methods/">Methods</a> <a href="methods/#how">How</a> <a href="https://example.org/r/methods/">abs</a>
<a href="https://other.example/x">elsewhere</a> <a href="mailto:a@b.c">mail</a> <a href="#top">top</a>
<img src="/r/img/bg.png" alt=""><figure id="fig-a"><svg></svg><figcaption>A</figcaption></figure>
<label for="q">Q</label><input id="q"></body></html>`),
		"methods/index.html": file(`<html><body><h2 id="how">How</h2><a href="../">home</a><a href="/r/methods">no slash</a>
<figure id="fig-b"><img src="../img/bg.png" alt="A chart"></figure><a href="/r/#fig-a">Figure 1</a> <a href="#fig-b">Figure 2</a></body></html>`),
		"css/site.css": file(css),
		"js/a.js":      file("1"),
		"img/bg.png":   file("png"),
		"sitemap.xml":  file("<urlset><url><loc>https://example.org/r/</loc></url><url><loc>https://example.org/r/methods/</loc></url></urlset>"),
	}
}

func TestGoodSiteHasNoProblems(t *testing.T) {
	rep, err := Site(goodSite(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 {
		t.Errorf("unexpected problems:\n%s", list(rep.Problems))
	}
	if rep.BaseURL != "https://example.org/r/" {
		t.Errorf("base read from the canonical link = %q", rep.BaseURL)
	}
	if rep.Pages != 2 || rep.Files != 6 {
		t.Errorf("pages %d files %d, want 2 and 6", rep.Pages, rep.Files)
	}
	// 13 followed from the pages, 1 from the stylesheet, 2 from the sitemap.
	if rep.Links != 16 {
		t.Errorf("followed %d links, want 16", rep.Links)
	}
}

func list(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

func TestEachProblemIsFound(t *testing.T) {
	cases := []struct {
		name string
		edit func(fstest.MapFS)
		want string // substring of the one expected problem
	}{
		{"broken page link", func(s fstest.MapFS) {
			s["methods/index.html"] = file(`<h2 id="how"></h2><a href="/r/nowhere/">x</a>`)
		}, "methods/index.html:1: /r/nowhere/: no such page"},
		{"broken anchor on another page", func(s fstest.MapFS) {
			s["index.html"] = file(strings.Replace(string(s["index.html"].Data), "methods/#how", "methods/#why", 1))
		}, `index.html:3: methods/#why: methods/index.html has no element with id "why"`},
		{"broken anchor on the same page", func(s fstest.MapFS) {
			s["methods/index.html"] = file("<h2 id=\"how\"></h2>\n<a href=\"#nope\">x</a>")
		}, `methods/index.html:2: #nope: no element with id "nope" on this page`},
		{"image without alt", func(s fstest.MapFS) {
			s["methods/index.html"] = file(`<h2 id="how"></h2><img src="../img/bg.png">`)
		}, "methods/index.html:1: ../img/bg.png: image has no alt attribute"},
		{"duplicate id", func(s fstest.MapFS) {
			s["methods/index.html"] = file("<h2 id=\"how\"></h2><h2 id=\"a\">A</h2>\n\n<p id=\"a\">")
		}, "methods/index.html:3: #a: duplicate id"},
		{"missing script", func(s fstest.MapFS) { delete(s, "js/a.js") }, "index.html:2: /r/js/a.js: missing asset"},
		{"missing image in a stylesheet", func(s fstest.MapFS) {
			s["css/site.css"] = file("a{}\nb{background:url('../img/gone.png')}")
			s["index.html"] = file(strings.Replace(string(s["index.html"].Data), sri(css), sri(string(s["css/site.css"].Data)), 1))
		}, "css/site.css:2: ../img/gone.png: missing asset"},
		{"stale integrity hash", func(s fstest.MapFS) { s["css/site.css"] = file(css + " ") }, "integrity hash does not match"},
		{"script from another host", func(s fstest.MapFS) {
			s["methods/index.html"] = file(`<h2 id="how"></h2><script src="https://cdn.example/x.js"></script>`)
		}, "https://cdn.example/x.js: loaded from another host"},
		{"uncaptioned figure nothing refers to", func(s fstest.MapFS) {
			s["methods/index.html"] = file(`<h2 id="how"></h2><figure id="fig-b"><img src="../img/bg.png" alt="A chart"></figure>`)
		}, "methods/index.html:1: #fig-b: figure has no <figcaption> and nothing refers to it"},
		{"link outside the base path", func(s fstest.MapFS) {
			s["methods/index.html"] = file(`<h2 id="how"></h2><a href="/methods/">x</a><a href="/r/#fig-a"></a><a href="#fig-b"></a><figure id="fig-b"></figure>`)
		}, "methods/index.html:1: /methods/: points outside the site's base path /r/"},
		{"label for a missing id", func(s fstest.MapFS) {
			s["index.html"] = file(strings.Replace(string(s["index.html"].Data), `<input id="q">`, "", 1))
		}, `index.html:6: q: for names an id that is not on this page`},
		{"search index entry without a page", func(s fstest.MapFS) {
			s["search.json"] = file(`{"pages":[{"t":"Methods","u":"/r/methods/"},{"t":"Gone","u":"/r/gone/#x"}],"n":"1/2","x":"/"}`)
		}, "search.json: /r/gone/#x: no such page"},
		{"search index outside the base path", func(s fstest.MapFS) {
			s["search.json"] = file(`[{"u":"https://example.org/r/methods/"},{"u":"/methods/"}]`)
		}, "search.json: /methods/: points outside the site's base path /r/"},
		{"JSON that does not parse", func(s fstest.MapFS) {
			s["data.json"] = file(`{"a":`)
		}, "data.json: not valid JSON"},
		{"empty href", func(s fstest.MapFS) {
			s["methods/index.html"] = file("<h2 id=\"how\"></h2>\n<a href=\"\">x</a>")
		}, `methods/index.html:2: empty href: the link leads back to the page itself`},
		{"href of a bare #", func(s fstest.MapFS) {
			s["methods/index.html"] = file("<h2 id=\"how\"></h2>\n<a href=\" # \">x</a>")
		}, `methods/index.html:2: #: the link names no anchor`},
		{"empty src", func(s fstest.MapFS) {
			s["methods/index.html"] = file("<h2 id=\"how\"></h2>\n\n<img src=\"\" alt=\"x\">")
		}, `methods/index.html:3: empty src on <img>`},
		{"empty script src", func(s fstest.MapFS) {
			s["methods/index.html"] = file("<h2 id=\"how\"></h2><script src=\"\"></script>")
		}, `methods/index.html:1: empty src on <script>`},
		{"sitemap entry without a page", func(s fstest.MapFS) {
			s["sitemap.xml"] = file("<urlset>\n<url><loc>https://example.org/r/gone/</loc></url></urlset>")
		}, "sitemap.xml:2: https://example.org/r/gone/: no such page"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSite()
			tc.edit(s)
			rep, err := Site(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].String(), tc.want) {
				t.Errorf("want exactly one problem containing %q, got:\n%s", tc.want, list(rep.Problems))
			}
		})
	}
}

func TestBaseURLFlagWins(t *testing.T) {
	// Checked against the base it was not built for, every absolute link
	// points outside the site.
	rep, err := Site(goodSite(), Options{BaseURL: "/other/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) == 0 || !strings.Contains(list(rep.Problems), "outside the site's base path /other/") {
		t.Errorf("got:\n%s", list(rep.Problems))
	}
	if _, err := Site(goodSite(), Options{BaseURL: "no-slash"}); err == nil {
		t.Error("a base URL that is neither a path nor a URL was accepted")
	}
}

func TestEmptyOutputIsAnError(t *testing.T) {
	if _, err := Site(fstest.MapFS{}, Options{}); err == nil {
		t.Error("an empty output directory passed the check")
	}
}
