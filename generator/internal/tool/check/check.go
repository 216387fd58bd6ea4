// Package check inspects a built site for what a reader would trip over:
// links and #anchors that lead nowhere, images without alt text, duplicate
// ids, missing or altered assets, files loaded from other hosts, and
// figures that neither carry a caption nor are referred to.
package check

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// Problem is one thing wrong in the built site.
type Problem struct {
	// Page is the output file the problem is in ("methods/index.html").
	Page string
	Line int
	// Target is the link, asset or id concerned.
	Target string
	Msg    string
}

func (p Problem) String() string {
	where := p.Page
	if p.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.Page, p.Line)
	}
	if p.Target == "" {
		return where + ": " + p.Msg
	}
	return fmt.Sprintf("%s: %s: %s", where, p.Target, p.Msg)
}

// Options say how the site is served.
type Options struct {
	// BaseURL is where the site lives ("/", "/reports/x/" or
	// "https://host/reports/x/"). Empty means the one the site was built
	// for, read from the home page's canonical link.
	BaseURL string
}

// Report is the result of checking a site.
type Report struct {
	// BaseURL is the base the links were checked against.
	BaseURL string
	Pages   int // HTML files
	Files   int // every file
	Links   int // internal links and asset references followed
	// Problems are sorted by page and line.
	Problems []Problem
}

// Site checks the built site in fsys (the output directory).
func Site(fsys fs.FS, opts Options) (*Report, error) {
	c := &checker{fsys: fsys, files: map[string]bool{}, pages: map[string]*page{}, referenced: map[string]bool{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			c.files[p] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(c.files) == 0 {
		return nil, fmt.Errorf("the output directory is empty: build the site first")
	}
	base := opts.BaseURL
	if base == "" {
		base = c.canonicalOfHome()
	}
	if err := c.setBase(base); err != nil {
		return nil, err
	}

	names := make([]string, 0, len(c.files))
	for p := range c.files {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		switch {
		case strings.HasSuffix(p, ".html"):
			if err := c.scanPage(p); err != nil {
				return nil, err
			}
		case strings.HasSuffix(p, ".css"):
			if err := c.scanCSS(p); err != nil {
				return nil, err
			}
		case p == "sitemap.xml":
			if err := c.scanSitemap(p); err != nil {
				return nil, err
			}
		case strings.HasSuffix(p, ".json"):
			if err := c.scanJSON(p); err != nil {
				return nil, err
			}
		}
	}
	// Links are followed once every page's ids are known.
	for _, p := range names {
		if pg := c.pages[p]; pg != nil {
			c.followLinks(pg)
		}
	}
	c.checkFigures(names)

	sort.SliceStable(c.problems, func(i, j int) bool {
		a, b := c.problems[i], c.problems[j]
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		return a.Line < b.Line
	})
	return &Report{BaseURL: c.baseString(), Pages: len(c.pages), Files: len(c.files), Links: c.links, Problems: c.problems}, nil
}

type checker struct {
	fsys  fs.FS
	files map[string]bool
	pages map[string]*page
	// referenced holds "file#id" for every id some link points at.
	referenced map[string]bool
	// base: scheme and host (empty when the site has none) and path
	// ("/" or "/sub/").
	scheme, host, basePath string
	links                  int
	problems               []Problem
}

// page is what one HTML file holds that the checks need.
type page struct {
	file    string
	ids     map[string]bool
	refs    []ref
	figures []figure
}

// ref is a URL found in a page or stylesheet.
type ref struct {
	line int
	url  string
	// asset is true for things the browser loads by itself (scripts,
	// styles, images), false for links a reader follows.
	asset     bool
	integrity string
}

type figure struct {
	line      int
	id        string
	captioned bool
}

func (c *checker) report(file string, line int, target, format string, args ...any) {
	c.problems = append(c.problems, Problem{Page: file, Line: line, Target: target, Msg: fmt.Sprintf(format, args...)})
}

// canonicalOfHome reads the base URL the site was built for: the home
// page's canonical link is exactly that.
func (c *checker) canonicalOfHome() string {
	src, err := fs.ReadFile(c.fsys, "index.html")
	if err != nil {
		return "/"
	}
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return "/"
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.Data == "link" && hasToken(attr(t, "rel"), "canonical") {
				if h := attr(t, "href"); h != "" {
					return h
				}
			}
			if t.Data == "body" {
				return "/"
			}
		}
	}
}

func (c *checker) setBase(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Host == "" && !strings.HasPrefix(u.Path, "/")) {
		return fmt.Errorf("invalid base URL %q: give a path such as /reports/ or a URL such as https://host/reports/", raw)
	}
	c.scheme, c.host = u.Scheme, u.Host
	c.basePath = u.Path
	if !strings.HasPrefix(c.basePath, "/") {
		c.basePath = "/" + c.basePath
	}
	if !strings.HasSuffix(c.basePath, "/") {
		c.basePath += "/"
	}
	return nil
}

func (c *checker) baseString() string {
	if c.host == "" {
		return c.basePath
	}
	return c.scheme + "://" + c.host + c.basePath
}

// pageURL is the URL a file is served at, for resolving relative links.
func (c *checker) pageURL(file string) *url.URL {
	return &url.URL{Path: c.basePath + file}
}

func attr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(t html.Token, name string) bool {
	for _, a := range t.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// assetRels are <link rel> values whose href the browser loads by itself.
var assetRels = []string{"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "mask-icon"}

func (c *checker) scanPage(file string) error {
	src, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		return err
	}
	pg := &page{file: file, ids: map[string]bool{}}
	c.pages[file] = pg
	type idUse struct {
		line  int
		attr  string
		names []string
	}
	var idRefs []idUse
	var figs []*figure
	z := html.NewTokenizer(bytes.NewReader(src))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		start := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		if tt == html.EndTagToken {
			name, _ := z.TagName()
			if string(name) == "figure" && len(figs) > 0 {
				pg.figures = append(pg.figures, *figs[len(figs)-1])
				figs = figs[:len(figs)-1]
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		if id := attr(t, "id"); id != "" {
			if pg.ids[id] {
				c.report(file, start, "#"+id, "duplicate id: another element on this page has the same id")
			}
			pg.ids[id] = true
		} else if hasAttr(t, "id") {
			c.report(file, start, "", "empty id attribute on <%s>", t.Data)
		}
		if t.Data == "a" && attr(t, "name") != "" {
			pg.ids[attr(t, "name")] = true
		}
		for _, a := range []string{"for", "aria-labelledby", "aria-describedby"} {
			if v := attr(t, a); v != "" {
				idRefs = append(idRefs, idUse{start, a, strings.Fields(v)})
			}
		}
		add := func(u string, asset bool) {
			pg.refs = append(pg.refs, ref{line: start, url: strings.TrimSpace(u), asset: asset, integrity: attr(t, "integrity")})
		}
		// An empty address resolves to the page itself and "#" to its
		// top: both pass as links that work, and both are what a link
		// whose target was lost looks like (a dropped javascript: link,
		// a template value that was empty).
		if t.Data == "a" || t.Data == "area" {
			switch h := strings.TrimSpace(attr(t, "href")); {
			case !hasAttr(t, "href"):
			case h == "":
				c.report(file, start, "", "empty href: the link leads back to the page itself; give it an address, or remove the link")
			case h == "#":
				c.report(file, start, "#", "the link names no anchor; link to an element's id (#section), or use a <button> for an action")
			}
		}
		if hasAttr(t, "src") && strings.TrimSpace(attr(t, "src")) == "" {
			c.report(file, start, "", "empty src on <%s>: the browser requests the page itself; give the file's address, or remove the element", t.Data)
		}
		switch t.Data {
		case "a", "area":
			if hasAttr(t, "href") {
				add(attr(t, "href"), false)
			}
		case "link":
			if h := attr(t, "href"); h != "" {
				asset := false
				for _, r := range assetRels {
					if hasToken(attr(t, "rel"), r) {
						asset = true
					}
				}
				add(h, asset)
			}
		case "script":
			if s := attr(t, "src"); s != "" {
				add(s, true)
			}
		case "img":
			if !hasAttr(t, "alt") {
				c.report(file, start, attr(t, "src"), "image has no alt attribute; describe the image, or give alt=\"\" if it is decoration")
			}
			fallthrough
		case "source", "video", "audio", "iframe", "embed", "track", "input":
			if s := attr(t, "src"); s != "" {
				add(s, t.Data != "iframe")
			}
			for _, cand := range srcset(attr(t, "srcset")) {
				add(cand, true)
			}
			if p := attr(t, "poster"); p != "" {
				add(p, true)
			}
		case "object":
			if d := attr(t, "data"); d != "" {
				add(d, true)
			}
		case "use", "image", "feImage":
			for _, k := range []string{"href", "xlink:href"} {
				if h := attr(t, k); h != "" {
					add(h, true)
				}
			}
		case "meta":
			if p := attr(t, "property"); p == "og:image" || p == "og:url" {
				add(attr(t, "content"), p == "og:image")
			}
		case "figure":
			figs = append(figs, &figure{line: start, id: attr(t, "id")})
		case "figcaption":
			if len(figs) > 0 {
				figs[len(figs)-1].captioned = true
			}
		}
	}
	for len(figs) > 0 { // unclosed at the end of the file
		pg.figures = append(pg.figures, *figs[len(figs)-1])
		figs = figs[:len(figs)-1]
	}
	for _, u := range idRefs {
		for _, id := range u.names {
			if !pg.ids[id] {
				c.report(file, u.line, id, "%s names an id that is not on this page", u.attr)
			}
		}
	}
	return nil
}

// srcset splits "a.png 1x, b.png 2x" into its URLs.
func srcset(v string) []string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

var cssURLRe = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]+))\s*\)`)

// scanCSS collects the files a stylesheet loads (fonts, images).
func (c *checker) scanCSS(file string) error {
	src, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		return err
	}
	pg := &page{file: file}
	for _, m := range cssURLRe.FindAllSubmatchIndex(src, -1) {
		var u string
		for g := 1; g <= 3; g++ {
			if m[2*g] >= 0 {
				u = string(src[m[2*g]:m[2*g+1]])
			}
		}
		if u == "" || strings.HasPrefix(u, "#") { // SVG filter references
			continue
		}
		line := 1 + bytes.Count(src[:m[0]], []byte("\n"))
		pg.refs = append(pg.refs, ref{line: line, url: u, asset: true})
	}
	c.followLinks(pg)
	return nil
}

var locRe = regexp.MustCompile(`<loc>\s*([^<]*?)\s*</loc>`)

// scanSitemap checks that every URL the sitemap announces exists.
func (c *checker) scanSitemap(file string) error {
	src, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		return err
	}
	pg := &page{file: file}
	for _, m := range locRe.FindAllSubmatchIndex(src, -1) {
		u := html.UnescapeString(string(src[m[2]:m[3]]))
		line := 1 + bytes.Count(src[:m[0]], []byte("\n"))
		pg.refs = append(pg.refs, ref{line: line, url: u})
	}
	c.followLinks(pg)
	return nil
}

// scanJSON follows the site URLs in a JSON file (the search index lists
// every page's): strings that are root-relative paths, or absolute URLs on
// the site's host. A file that is not JSON is a problem of its own.
func (c *checker) scanJSON(file string) error {
	src, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(src, &v); err != nil {
		c.report(file, 0, "", "not valid JSON: %v", err)
		return nil
	}
	pg := &page{file: file}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if looksLikeSiteURL(v, c.host) {
				pg.refs = append(pg.refs, ref{url: v})
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k])
			}
		}
	}
	walk(v)
	c.followLinks(pg)
	return nil
}

func looksLikeSiteURL(s, host string) bool {
	if strings.ContainsAny(s, " \t\n") || len(s) < 2 {
		return false
	}
	if s[0] == '/' {
		return s[1] != '/'
	}
	if host == "" {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, host)
}

// followLinks resolves every reference of pg.
func (c *checker) followLinks(pg *page) {
	for _, r := range pg.refs {
		c.follow(pg, r)
	}
}

func (c *checker) follow(pg *page, r ref) {
	raw := r.url
	if raw == "" {
		if r.asset {
			c.report(pg.file, r.line, `""`, "empty address")
		}
		return
	}
	u, err := url.Parse(raw)
	if err != nil {
		c.report(pg.file, r.line, raw, "not a valid URL: %v", err)
		return
	}
	switch u.Scheme {
	case "", "http", "https":
	case "data", "blob":
		return
	default: // mailto:, tel:, javascript: are not files of the site
		return
	}
	if u.Host != "" && !(c.host != "" && strings.EqualFold(u.Host, c.host)) {
		if r.asset {
			c.report(pg.file, r.line, raw, "loaded from another host; serve the file from the site itself")
		}
		return
	}
	target := c.pageURL(pg.file).ResolveReference(u)
	c.links++
	if !strings.HasPrefix(target.Path, c.basePath) {
		c.report(pg.file, r.line, raw, "points outside the site's base path %s", c.basePath)
		return
	}
	rel := strings.TrimPrefix(target.Path, c.basePath)
	file, ok := c.resolve(rel)
	if !ok {
		what := "no such page"
		if r.asset {
			what = "missing asset: no such file in the output"
		} else if path.Ext(rel) != "" {
			what = "no such file"
		}
		c.report(pg.file, r.line, raw, "%s", what)
		return
	}
	if r.integrity != "" {
		c.checkIntegrity(pg.file, r.line, raw, file, r.integrity)
	}
	frag := target.Fragment
	if frag == "" || !strings.HasSuffix(file, ".html") {
		return
	}
	c.referenced[file+"#"+frag] = true
	tp := c.pages[file]
	if tp == nil || tp.ids[frag] || frag == "top" {
		return
	}
	if file == pg.file {
		c.report(pg.file, r.line, raw, "no element with id %q on this page", frag)
	} else {
		c.report(pg.file, r.line, raw, "%s has no element with id %q", file, frag)
	}
}

// resolve finds the output file a site path is served from.
func (c *checker) resolve(rel string) (string, bool) {
	if rel == "" || strings.HasSuffix(rel, "/") {
		f := rel + "index.html"
		return f, c.files[f]
	}
	if c.files[rel] {
		return rel, true
	}
	// Static hosts redirect /dir to /dir/.
	if f := rel + "/index.html"; c.files[f] {
		return f, true
	}
	return "", false
}

// checkIntegrity verifies a Subresource Integrity value against the file:
// a stale hash makes the browser refuse the file without a visible error.
func (c *checker) checkIntegrity(from string, line int, raw, file, integrity string) {
	data, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		c.report(from, line, raw, "cannot read: %v", err)
		return
	}
	for _, h := range strings.Fields(integrity) {
		alg, want, ok := strings.Cut(h, "-")
		if !ok {
			continue
		}
		if i := strings.IndexByte(want, '?'); i >= 0 {
			want = want[:i]
		}
		var sum []byte
		switch alg {
		case "sha256":
			s := sha256.Sum256(data)
			sum = s[:]
		case "sha384":
			s := sha512.Sum384(data)
			sum = s[:]
		case "sha512":
			s := sha512.Sum512(data)
			sum = s[:]
		default:
			continue
		}
		if base64.StdEncoding.EncodeToString(sum) == want {
			return
		}
	}
	c.report(from, line, raw, "integrity hash does not match the file; the browser will refuse to load it")
}

// checkFigures reports figures without a caption that nothing links to:
// a reader meeting one cannot tell what it shows.
func (c *checker) checkFigures(names []string) {
	for _, n := range names {
		pg := c.pages[n]
		if pg == nil {
			continue
		}
		for _, f := range pg.figures {
			if f.captioned || (f.id != "" && c.referenced[pg.file+"#"+f.id]) {
				continue
			}
			target := "<figure>"
			if f.id != "" {
				target = "#" + f.id
			}
			c.report(pg.file, f.line, target, "figure has no <figcaption> and nothing refers to it; add a caption")
		}
	}
}
