// Package content loads a site's markdown pages from a file system into an
// ordered tree of sections and pages with their URLs.
package content

import (
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/frontmatter"
	"reportgen/generator/internal/input/srcfs"
	"reportgen/generator/internal/slug"
)

// Kind tells the home page, section index pages and ordinary pages apart.
type Kind int

const (
	KindPage Kind = iota
	KindSection
	KindHome
)

// Page is one markdown file (or a section without an _index.md).
type Page struct {
	Kind Kind
	// Path is the source file, slash-separated and relative to the site
	// root ("content/04-methods.md"); empty for a section without _index.md.
	Path     string
	Meta     frontmatter.Meta
	Body     []byte
	BodyLine int
	// Slug is the last URL segment; URL is root-relative with a trailing
	// slash ("/findings/choosing-medicine/").
	Slug string
	URL  string
	// Order is the page's position in reading order (home is -1).
	Order    int
	Parent   *Page
	Children []*Page // for sections and home: pages and sub-sections in order

	weight int
	name   string // file or folder name, for stable ordering
}

// Title is the page title (front matter, else derived from the file name).
func (p *Page) Title() string { return p.Meta.Title }

// IsSection reports whether p has children of its own.
func (p *Page) IsSection() bool { return p.Kind == KindSection || p.Kind == KindHome }

// Depth is 0 for top-level pages, 1 inside a top-level section, and so on.
func (p *Page) Depth() int {
	d := -1
	for q := p.Parent; q != nil; q = q.Parent {
		d++
	}
	return d
}

// Tree is the loaded site content.
type Tree struct {
	Home *Page
	// Pages lists every page except home in reading order: a section's
	// index page comes before its children.
	Pages []*Page
	byURL map[string]*Page
}

// All is every page in reading order, the home page first: the order
// pages are parsed, indexed, written and searched in.
func (t *Tree) All() []*Page {
	return append([]*Page{t.Home}, t.Pages...)
}

// ByURL finds a page by its root-relative URL.
func (t *Tree) ByURL(u string) *Page { return t.byURL[u] }

var prefixRe = regexp.MustCompile(`^(\d+)[-_. ]+`)

// Load reads every .md file under dir of fsys. Folders are sections; a
// folder's _index.md describes the section itself. Files whose name starts
// with a number ("04-methods.md") are ordered by it, else by front matter
// weight, then by name; pages with neither come last. Drafts are skipped unless includeDrafts.
func Load(fsys fs.FS, dir string, includeDrafts bool) (*Tree, *diag.List) {
	var errs diag.List
	home := &Page{Kind: KindHome, URL: "/", Order: -1, name: ""}
	type job struct {
		path   string
		parent *Page
	}
	// Read and parse files concurrently: parsing front matter is the
	// expensive part on large sites.
	var files []job
	sections := map[string]*Page{dir: home}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(diag.Errorf(p, 0, 0, "cannot read: %v", unwrapPathErr(err)).
				WithHint("check the file's permissions"))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == dir {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") && d.IsDir() {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		parent := sections[path.Dir(p)]
		if d.IsDir() {
			sec := &Page{Kind: KindSection, Parent: parent, name: name}
			sec.Meta.Title = titleFromName(name)
			sections[p] = sec
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link the source file system did not resolve: one that
			// leads out of its folder. Opening it says where it leads.
			f, err := fsys.Open(p)
			if err != nil {
				errs.Add(diag.Errorf(p, 0, 0, "cannot read: %v", unwrapPathErr(err)))
				return nil
			}
			f.Close()
		}
		if path.Ext(name) != ".md" {
			return nil
		}
		files = append(files, job{p, parent})
		return nil
	})
	if err != nil {
		errs.Add(diag.Errorf(dir, 0, 0, "cannot read content: %v", err))
		return nil, &errs
	}

	pages := make([]*Page, len(files))
	perFile := make([]*diag.List, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, j := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, j job) {
			defer func() { <-sem; wg.Done() }()
			src, err := srcfs.ReadFile(fsys, j.path, MaxPageBytes)
			if err != nil {
				var l diag.List
				if e := srcfs.Refused(j.path, err, "a page may hold", "split it into several pages"); e != nil {
					l.Add(e)
				} else {
					l.Add(diag.Errorf(j.path, 0, 0, "cannot read: %v", unwrapPathErr(err)).
						WithHint("check the file's permissions"))
				}
				perFile[i] = &l
				return
			}
			doc, l := frontmatter.Parse(j.path, src)
			perFile[i] = l
			if doc == nil {
				return
			}
			pages[i] = &Page{Path: j.path, Meta: doc.Meta, Body: doc.Body, BodyLine: doc.BodyLine,
				Parent: j.parent, name: path.Base(j.path)}
		}(i, j)
	}
	wg.Wait()
	for _, l := range perFile {
		errs.Merge(l)
	}

	// Attach pages: _index.md fills in its section, others become children.
	withContent := map[*Page]bool{}
	for _, p := range pages {
		if p == nil {
			continue
		}
		if p.name == "_index.md" {
			sec := sections[path.Dir(p.Path)]
			sec.Path, sec.Meta, sec.Body, sec.BodyLine = p.Path, p.Meta, p.Body, p.BodyLine
			if sec.Meta.Title == "" && sec.Kind == KindSection {
				sec.Meta.Title = titleFromName(sec.name)
			}
			continue
		}
		if p.Meta.Draft && !includeDrafts {
			continue
		}
		if p.Meta.Title == "" {
			p.Meta.Title = titleFromName(p.name)
		}
		p.Parent.Children = append(p.Parent.Children, p)
		for q := p.Parent; q != nil; q = q.Parent {
			withContent[q] = true
		}
	}
	// Sections become children of their parents only if they hold pages, so
	// data folders (content/data) do not show up as empty sections.
	var secPaths []string
	for p := range sections {
		secPaths = append(secPaths, p)
	}
	sort.Strings(secPaths)
	for _, sp := range secPaths {
		sec := sections[sp]
		if sec == home || !withContent[sec] || sec.Meta.Draft && !includeDrafts {
			continue
		}
		sec.Parent.Children = append(sec.Parent.Children, sec)
	}

	t := &Tree{Home: home, byURL: map[string]*Page{"/": home}}
	if home.Meta.Title == "" {
		home.Meta.Title = "Home"
	}
	home.Path = pathOr(home.Path, "")
	t.order(home, &errs)
	return t, &errs
}

// MaxPageBytes is the largest markdown file a page may be. A page is read,
// parsed and rendered twice (on its own and in the full report), needing
// about 65 times its size in memory and a second per megabyte: a 50 MB file
// took 53 s and 3.3 GB. Far above any real chapter (the whole report is
// a quarter of a megabyte), the limit turns a pasted-in data dump into a
// clear error instead of a stalled preview.
const MaxPageBytes = 4 << 20

func pathOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// order sorts children, assigns slugs and URLs, and lists pages in reading
// order, reporting two pages that would share a URL.
func (t *Tree) order(sec *Page, errs *diag.List) {
	for _, c := range sec.Children {
		c.weight = c.Meta.Weight
		if m := prefixRe.FindStringSubmatch(c.name); m != nil && c.weight == 0 {
			c.weight, _ = strconv.Atoi(m[1])
		}
	}
	// As in Hugo, pages without a weight or number come after those with
	// one, so adding an unnumbered page never reshuffles the numbered ones.
	w := func(p *Page) int {
		if p.weight == 0 {
			return math.MaxInt
		}
		return p.weight
	}
	sort.SliceStable(sec.Children, func(i, j int) bool {
		a, b := sec.Children[i], sec.Children[j]
		if w(a) != w(b) {
			return w(a) < w(b)
		}
		return a.name < b.name
	})
	for _, c := range sec.Children {
		c.Slug = c.Meta.Slug
		if c.Slug == "" {
			c.Slug = slug.Make(strings.TrimSuffix(prefixRe.ReplaceAllString(c.name, ""), ".md"))
		}
		if c.Slug == "" {
			errs.Add(diag.Errorf(pathOr(c.Path, c.name), 0, 0, "the name %q has no letter or digit to make the page's URL from", c.name).
				WithHint("rename it, or set slug: in its front matter"))
			continue
		}
		c.URL = sec.URL + c.Slug + "/"
		if prev, dup := t.byURL[c.URL]; dup {
			// Point at the slug when the front matter set it, else at
			// the file, whose name made the URL.
			line, col := 1, 1
			if p, ok := c.Meta.Pos.Of("slug"); ok && c.Meta.Slug != "" {
				line, col = p.Line, p.Col
			}
			errs.Add(diag.Errorf(pathOr(c.Path, c.name), line, col, "page URL %s is already used by %s", c.URL, pathOr(prev.Path, prev.name)).
				WithHint("give one of them a different file name or slug"))
			continue
		}
		t.byURL[c.URL] = c
		c.Order = len(t.Pages)
		t.Pages = append(t.Pages, c)
		if c.IsSection() {
			t.order(c, errs)
		}
	}
}

func titleFromName(name string) string {
	s := strings.TrimSuffix(prefixRe.ReplaceAllString(name, ""), ".md")
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	if s == "" {
		return name
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Reread reads the file of page p (a page of this tree) again and returns
// the page as Load would now make it, in p's place in the tree: the same
// kind, parent, slug, URL and order, with the file's front matter and
// body. It changes nothing: the caller compares the two and decides
// whether the page's place may have changed (weight, slug, draft), which
// only a new Load can tell.
func Reread(fsys fs.FS, p *Page) (*Page, *diag.List) {
	var errs diag.List
	if p.Path == "" {
		errs.Add(diag.Errorf(p.name, 0, 0, "the section has no _index.md to read"))
		return nil, &errs
	}
	src, err := srcfs.ReadFile(fsys, p.Path, MaxPageBytes)
	if err != nil {
		errs.Add(diag.Errorf(p.Path, 0, 0, "cannot read: %v", unwrapPathErr(err)))
		return nil, &errs
	}
	doc, l := frontmatter.Parse(p.Path, src)
	errs.Merge(l)
	if doc == nil {
		return nil, &errs
	}
	q := *p
	q.Meta, q.Body, q.BodyLine = doc.Meta, doc.Body, doc.BodyLine
	if q.Meta.Title == "" {
		// The same default titles as Load gives.
		switch q.Kind {
		case KindHome:
			q.Meta.Title = "Home"
		default:
			q.Meta.Title = titleFromName(q.name)
		}
	}
	return &q, &errs
}
