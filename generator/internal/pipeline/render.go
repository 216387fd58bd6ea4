package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/output/assets"
)

// PageData is what a layout template gets as its dot.
type PageData struct {
	Site *siteconfig.Site
	// Kind is "home", "section", "page", "full" or "404".
	Kind        string
	Page        *content.Page
	Title       string
	Description string
	// URL is the page's path under the base path; Canonical the absolute
	// URL when the base URL has a host.
	URL, Canonical string
	Content        template.HTML
	Outline        []markdown.Heading
	Nav            []*NavItem
	Prev, Next     *Link
	// Children lists a section's pages (and, on the home page, the whole
	// contents) for the body of index pages.
	Children []*NavItem
	// Chapters holds the full-report page's chapters in order.
	Chapters []Chapter
	// Uses names the browser libraries the page needs ("echarts").
	Uses map[string]bool
	// FullReportURL is the one-page report, when the site has one.
	FullReportURL string
	// PDF is the PDF edition, when the build has one.
	PDF *PDFLink
	// Edition is how additions are labelled; About the page listing them,
	// when there is one.
	Edition provenance.Labels
	About   *Link
}

// PDFLink is what a page says of the PDF edition: "Download PDF, 36 pages,
// 1.2 MB".
type PDFLink struct {
	URL   string
	Pages int
	// Size is the file size for people, in kB or MB with one decimal.
	Size string
}

// humanSize writes n bytes as "1.2 MB" or "840 kB" (SI units, as file
// managers and browsers show download sizes).
func humanSize(n int) string {
	switch {
	case n >= 1_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	case n >= 1_000:
		return strconv.Itoa((n+500)/1000) + " kB"
	}
	return strconv.Itoa(n) + " bytes"
}

// NavItem is an entry of the contents.
type NavItem struct {
	Title    string
	URL      string
	Current  bool
	Open     bool // a section shown expanded
	Children []*NavItem
	// Hidden, when not zero, makes the item stand for that many pages of
	// a long section left out of the sidebar; URL is the section's index,
	// which lists them all.
	Hidden int
	// Top is set on such an item when what it stands for are top-level
	// entries, listed in the contents on the home page.
	Top bool
}

// A section with more than navLongSection pages is collapsed in the
// sidebar to the navWindow pages either side of the current one. Fifty
// entries still read as one list at a glance and cost about 6 KB of HTML
// on every page of the section; past that the sidebar, repeated on each
// page, grew the site quadratically (a section of 5,000 pages gave 257 KB
// pages, 23 times the time of the same pages in 50 sections). The window
// keeps each page's sidebar under about 3 KB whatever the section's size.
// The top level is collapsed the same way: a site of 30,000 pages in 300
// sections listed all 300 on every page (30 KB of a page's 36 KB on
// disk, against 24 KB for 10,000 pages in 100 sections), so the time and
// the output grew faster than the pages.
const (
	navLongSection = 50
	navWindow      = 10
)

// Link is a prev/next link.
type Link struct{ Title, URL string }

// Chapter is one page inside the full report.
type Chapter struct {
	ID      string
	Title   string
	Level   int // 2 for top-level chapters, 3 inside a part
	Content template.HTML
	// Edition is true for a page the edition wrote (front matter
	// edition: true).
	Edition bool
}

// funcs are the functions templates can call.
func (s *site) funcs() map[string]any {
	scriptStrings := sync.OnceValue(func() template.JS {
		b, _ := json.Marshal(s.Words.Script()) // a map of strings always encodes
		return template.JS(b)
	})
	return map[string]any{
		// rel makes a root-relative URL work under the base path.
		"rel": func(u string) string { return s.Rel(u) },
		// abs makes it absolute when the base URL has a host.
		"abs": func(u string) string { return s.Abs(u) },
		// asset finds a processed asset by its path below assets/.
		"asset": func(name string) (*assets.File, error) {
			f, ok := s.Assets.Get(name)
			if !ok {
				return nil, fmt.Errorf("asset %q not found in assets/", name)
			}
			return f, nil
		},
		"assetURL": func(f *assets.File) string { return s.Rel("/" + f.Out) },
		"year": func(date string) string {
			if len(date) >= 4 {
				return date[:4]
			}
			return date
		},
		"join": strings.Join,
		// ogLocale writes a language tag as Open Graph wants it ("en_GB").
		"ogLocale": func(lang string) string {
			parts := strings.SplitN(strings.ReplaceAll(lang, "_", "-"), "-", 2)
			if len(parts) == 1 {
				return strings.ToLower(parts[0])
			}
			return strings.ToLower(parts[0]) + "_" + strings.ToUpper(parts[1])
		},
		// t is one of the theme's fixed words in the site's language.
		"t": func(key string) (string, error) {
			if !s.Words.Has(key) {
				return "", fmt.Errorf("no string %q in the theme's strings table (see the README for the keys)", key)
			}
			return s.Words.Get(key), nil
		},
		// scriptStrings are the words the site's scripts show, as the JSON
		// html/template's escaper writes for the map in a script element
		// (encoding/json escapes <, >, &, U+2028 and U+2029 as it does), made
		// once per build rather than on every page.
		"scriptStrings": scriptStrings,
		// date writes an ISO date in words in the site's language.
		"date": func(iso string) string { return s.Words.Date(iso) },
		"add":  func(a, b int) int { return a + b },
		// navItems are sidebar entries as partials/nav-item.html makes
		// each, one after the other.
		"navItems": s.navItemsHTML,
	}
}

// Files the build itself writes at the site's root.
const (
	SitemapPath  = "sitemap.xml"
	RobotsPath   = "robots.txt"
	NotFoundPath = "404.html"
)

// Reserver is a Writer that names the files it will write (a path ending
// in "/" for a whole folder) once the inputs are loaded, before any page
// is placed: a page at one of those URLs is an error at the page, and
// writing a file not named is an error of the build.
type Reserver interface {
	Reserve(in Inputs) []string
}

// reserve lists every file and folder the build will write besides the
// pages: its own files, the assets, the PDF edition and the features'
// files, each from the code that writes it.
func (s *site) reserve() *reservation {
	r := &reservation{}
	r.reserve("the sitemap", SitemapPath)
	r.reserve("the robots file", RobotsPath)
	if s.Templates != nil && s.Templates.Has("404.html") {
		r.reserve("the page for missing pages", NotFoundPath)
	}
	if s.Config != nil && s.Config.FullReport != "" {
		r.reserve("the full report, full_report in site.yaml", s.Config.FullReport+"/")
	}
	if s.Assets != nil {
		for _, f := range s.Assets.Files {
			r.reserve("assets/"+f.Logical, f.Out)
		}
	}
	if pdf := s.Opts.PDF; pdf != nil {
		r.reserve("the PDF edition", pdf.Name)
	}
	for _, f := range s.features {
		if rv, ok := f.(Reserver); ok {
			r.reserve("a file of the site", rv.Reserve(Inputs{s})...)
		}
	}
	return r
}

// write renders every page and writes it, the assets and the features'
// files to out.
func (s *site) write(out *Output) *diag.List {
	var errs diag.List
	pages := s.pages()
	for _, f := range s.features {
		if ws, ok := f.(WriteStarter); ok {
			ws.StartWrite(Parsed{Inputs{s}}, out)
		}
	}
	// Every file is one job on the shared workers; the full report, the
	// longest job by far, starts first so that it does not run alone at
	// the end. Errors are reported in a fixed order whatever the timing.
	var jobs []func() *diag.Error
	if s.Config.FullReport != "" {
		jobs = append(jobs, func() *diag.Error { return s.writeFull(out) })
	}
	for _, p := range pages {
		jobs = append(jobs, func() *diag.Error { return s.writePage(out, p) })
	}
	if s.Templates.Has("404.html") {
		jobs = append(jobs, func() *diag.Error { return s.write404(out) })
	}
	for _, f := range s.Assets.Files {
		jobs = append(jobs, func() *diag.Error {
			data := f.Data
			if f.Logical == "_headers" {
				data = headersUnder(s.BasePath, data)
			}
			if err := out.WriteFile(f.Out, data); err != nil {
				return writeErr("assets/"+f.Logical, err)
			}
			return nil
		})
	}
	results := make([]*diag.Error, len(jobs))
	parallel(len(jobs), func(i int) { results[i] = jobs[i]() })
	if s.Config.FullReport != "" {
		// The full report's problems come after the pages' ones.
		results = slices.Concat(results[1:1+len(pages)], results[:1], results[1+len(pages):])
	}
	for _, e := range results {
		errs.Add(e)
	}
	if pdf := s.Opts.PDF; pdf != nil {
		// Written after everything else, so a page or asset of the same
		// name is seen rather than overwritten.
		if out.Has(pdf.Name) {
			errs.Add(diag.Errorf(pdf.Name, 0, 0, "the PDF edition's name is already used by a file of the site; give it another name"))
		} else if err := out.WriteFile(pdf.Name, pdf.Data); err != nil {
			errs.AddErr("write", pdf.Name, err)
		}
	}
	if err := out.WriteFile(SitemapPath, s.sitemap(pages)); err != nil {
		errs.AddErr("write", SitemapPath, err)
	}
	if err := out.WriteFile(RobotsPath, s.robots()); err != nil {
		errs.AddErr("write", RobotsPath, err)
	}
	var writers []Writer
	for _, f := range s.features {
		if w, ok := f.(Writer); ok {
			writers = append(writers, w)
		}
	}
	written := make([]*diag.List, len(writers))
	parallel(len(writers), func(i int) { written[i] = writers[i].Write(Parsed{Inputs{s}}, out) })
	for _, l := range written {
		errs.Merge(l)
	}
	return tagPhase(&errs, "write")
}

// write404 writes the page shown for an address the site does not have.
func (s *site) write404(out *Output) *diag.Error {
	data := s.baseData(nil)
	data.Kind, data.Title, data.URL = "404", s.Words.Get("page_not_found"), s.Rel("/404.html")
	return s.execute(out, "404.html", NotFoundPath, data, nil)
}

// robots is robots.txt.
func (s *site) robots() []byte {
	robots := "User-agent: *\nAllow: /\n"
	if s.BaseURL != "" {
		// The Sitemap line must be an absolute URL; without a host to make
		// one from, it is better left out than wrong.
		robots += "Sitemap: " + s.Abs("/"+SitemapPath) + "\n"
	}
	return []byte(robots)
}

// checkLayouts reports a layout: naming no template at the page's
// layout: line; found while writing, it named only the missing template.
func (s *site) checkLayouts() *diag.List {
	var errs diag.List
	for _, p := range s.pages() {
		if p.Meta.Layout == "" || s.Templates.Has(s.layoutFor(p)) {
			continue
		}
		at, _ := p.Meta.Pos.Of("layout")
		errs.Add(diag.Errorf(p.Path, at.Line, at.Col, "layout %q does not exist", p.Meta.Layout).
			WithHint("use one of %s, or add templates/%s.html", strings.Join(s.Templates.Layouts(), ", "), p.Meta.Layout))
	}
	return &errs
}

func (s *site) layoutFor(p *content.Page) string {
	if p.Meta.Layout != "" {
		return p.Meta.Layout + ".html"
	}
	switch p.Kind {
	case content.KindHome:
		return "home.html"
	case content.KindSection:
		if s.Templates.Has("section.html") {
			return "section.html"
		}
	}
	return "page.html"
}

func (s *site) writePage(out *Output, p *content.Page) *diag.Error {
	d, err := s.parse(p)
	if err != nil {
		return err
	}
	html, err := s.renderDoc(p, d)
	if err != nil {
		return err
	}
	parsed := Parsed{Inputs{s}}
	for _, f := range s.features {
		if pw, ok := f.(PageWriter); ok {
			pw.WritePage(parsed, p, d)
		}
	}
	data := s.baseData(p)
	data.Content = html
	data.Outline = d.Outline
	data.Uses = markdown.Info(d.AST).Uses
	rel := strings.TrimPrefix(p.URL, "/") + "index.html"
	return s.execute(out, s.layoutFor(p), rel, data, p)
}

// execute renders layout into rel; page is the content page it is for,
// nil for the build's own pages (404, full report). Errors name the source
// (the page's file, else the layout), never the output path.
func (s *site) execute(out *Output, layout, rel string, data *PageData, page *content.Page) *diag.Error {
	buf := getBuffer()
	defer putBuffer(buf)
	if e := s.Templates.Execute(buf, layout, data); e != nil {
		return e
	}
	if page != nil {
		if err := out.write(rel, buf.Bytes()); err != nil {
			return diag.Errorf(page.Path, 0, 0, "cannot write the page: %v", err)
		}
		return nil
	}
	if err := out.WriteFile(rel, buf.Bytes()); err != nil {
		return writeErr("templates/"+layout, err)
	}
	return nil
}

// writeErr is the error for a file the source file src made that could
// not be written: a clash with a page is the page's error, anything else
// is reported at src, never at the output path.
func writeErr(src string, err error) *diag.Error {
	var de *diag.Error
	if errors.As(err, &de) {
		return de
	}
	return diag.Errorf(src, 0, 0, "cannot write: %v", err)
}

// baseData fills what every layout needs; p is nil for pages that are not
// content pages (404, full report).
func (s *site) baseData(p *content.Page) *PageData {
	d := &PageData{Site: s.Config, Page: p, Uses: map[string]bool{}, Edition: s.Engine.Edition()}
	if s.About != nil {
		d.About = &Link{s.About.Meta.Title, s.Rel(s.About.URL)}
	}
	if s.Config.FullReport != "" {
		d.FullReportURL = s.Rel("/" + s.Config.FullReport + "/")
	}
	if pdf := s.Opts.PDF; pdf != nil {
		d.PDF = &PDFLink{URL: s.Rel("/" + pdf.Name), Pages: pdf.Pages, Size: humanSize(len(pdf.Data))}
	}
	d.Nav = s.nav(p)
	if p == nil {
		return d
	}
	d.Title = p.Meta.Title
	d.Description = p.Meta.Description
	if d.Description == "" {
		d.Description = s.Config.Description
	}
	d.URL = s.Rel(p.URL)
	d.Canonical = s.Abs(p.URL)
	switch p.Kind {
	case content.KindHome:
		d.Kind = "home"
		d.Children = s.contents(s.Tree.Home, p, true)
	case content.KindSection:
		d.Kind = "section"
		d.Children = s.contents(p, p, false)
	default:
		d.Kind = "page"
	}
	if p.Order >= 0 {
		if p.Order > 0 {
			q := s.Tree.Pages[p.Order-1]
			d.Prev = &Link{q.Meta.Title, s.Rel(q.URL)}
		} else {
			d.Prev = &Link{s.Tree.Home.Meta.Title, s.Rel("/")}
		}
		if p.Order+1 < len(s.Tree.Pages) {
			q := s.Tree.Pages[p.Order+1]
			d.Next = &Link{q.Meta.Title, s.Rel(q.URL)}
		}
	} else if len(s.Tree.Pages) > 0 {
		q := s.Tree.Pages[0]
		d.Next = &Link{q.Meta.Title, s.Rel(q.URL)}
	}
	return d
}

// nav is the sidebar: the top-level pages, with the pages of the sections
// that lead to the current page expanded. It stays small on large sites.
// Items off the current page's path are the same on every page: they are
// made once per site and shared (templates only read them), and the items
// on the path get copies of their own.
func (s *site) nav(cur *content.Page) []*NavItem {
	s.navOnce.Do(s.makeNavItems)
	// onPath maps each section leading to cur to its child on the way
	// (cur is nil for the full report, which is no page of the tree).
	onPath := map[*content.Page]*content.Page{}
	for q := cur; q != nil && q.Parent != nil; q = q.Parent {
		onPath[q.Parent] = q
	}
	var build func(sec *content.Page) []*NavItem
	build = func(sec *content.Page) []*NavItem {
		shared := s.navItems[sec]
		at := -1 // the child on the current page's path
		if c, ok := onPath[sec]; ok {
			at = childIndex(sec, c)
		}
		// Only the entries shown are copied: a top level of 1,000
		// sections copied whole for each of 100,000 pages, then cut to
		// 21, was 2.6 s of the build's CPU time.
		from, to := 0, len(shared)
		if len(shared) > navLongSection {
			from, to = navRange(len(shared), at)
		}
		items := make([]*NavItem, 0, to-from+2)
		if from > 0 {
			items = append(items, s.navMore(sec, from))
		}
		for i := from; i < to; i++ {
			if i != at {
				items = append(items, shared[i])
				continue
			}
			c := sec.Children[i]
			it := *shared[i]
			it.Current = c == cur
			if c.IsSection() {
				it.Open = true
				it.Children = build(c)
			}
			items = append(items, &it)
		}
		if to < len(shared) {
			items = append(items, s.navMore(sec, len(shared)-to))
		}
		return items
	}
	return build(s.Tree.Home)
}

// childIndex is c's place among sec's children, which are in reading
// order.
func childIndex(sec, c *content.Page) int {
	kids := sec.Children
	i := sort.Search(len(kids), func(i int) bool { return kids[i].Order >= c.Order })
	if i < len(kids) && kids[i] == c {
		return i
	}
	return slices.Index(kids, c)
}

// navRange is the part of a long list of n entries the sidebar shows:
// the navWindow entries either side of entry at (the start of the list
// when no entry is on the current page's path).
func navRange(n, at int) (from, to int) {
	at = max(at, 0)
	return max(0, at-navWindow), min(n, at+navWindow+1)
}

// navMore is the entry standing for n entries of sec left out, linking
// to the section's index (the home page's contents for the top level).
func (s *site) navMore(sec *content.Page, n int) *NavItem {
	return &NavItem{Title: sec.Meta.Title, URL: s.Rel(sec.URL), Hidden: n, Top: sec == s.Tree.Home}
}

// navItemTemplate makes one sidebar entry.
const navItemTemplate = "partials/nav-item.html"

// navItemsHTML is navItemHTML of each of items, in order. One call for the
// whole list, rather than one for each entry: a template's function call
// goes through reflection.
func (s *site) navItemsHTML(items []*NavItem) (template.HTML, error) {
	hs := make([]template.HTML, len(items))
	size := 0
	for i, it := range items {
		h, err := s.navItemHTML(it)
		if err != nil {
			return "", err
		}
		hs[i] = h
		size += len(h)
	}
	// One allocation of the right size: growing the builder as it went
	// allocated twice what it kept.
	var b strings.Builder
	b.Grow(size)
	for _, h := range hs {
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

// navItemHTML runs navItemTemplate on it. The entries shared by every page
// (see nav) are made once per build and their HTML reused: on a site of
// 10,000 pages in 100 sections, each page's sidebar has about 120 entries,
// all but three of them shared, and making them on every page was a third
// of the build's CPU time.
func (s *site) navItemHTML(it *NavItem) (template.HTML, error) {
	c := s.navShared[it]
	if c == nil {
		return s.Templates.Partial(navItemTemplate, it)
	}
	c.once.Do(func() { c.html, c.err = s.Templates.Partial(navItemTemplate, it) })
	return c.html, c.err
}

// navMade is the HTML of a shared sidebar entry, made the first time a
// page shows it. A sync.Map of them took 12 MB more at 100,000 pages.
type navMade struct {
	once sync.Once
	html template.HTML
	err  error
}

// resetNav forgets the sidebar's shared items and their HTML, made from
// the pages' titles, for a Session's update that changed a title.
func (s *site) resetNav() {
	s.navOnce = sync.Once{}
	s.navItems, s.navShared = nil, nil
}

// makeNavItems makes every section's closed, not-current items once.
func (s *site) makeNavItems() {
	s.navItems = map[*content.Page][]*NavItem{}
	s.navShared = map[*NavItem]*navMade{}
	var walk func(sec *content.Page)
	walk = func(sec *content.Page) {
		items := make([]*NavItem, len(sec.Children))
		made := make([]navMade, len(sec.Children))
		for i, c := range sec.Children {
			items[i] = &NavItem{Title: c.Meta.Title, URL: s.Rel(c.URL)}
			s.navShared[items[i]] = &made[i]
			if c.IsSection() {
				walk(c)
			}
		}
		s.navItems[sec] = items
	}
	walk(s.Tree.Home)
}

// contents lists sec's pages; deep also lists every sub-section's pages.
func (s *site) contents(sec, cur *content.Page, deep bool) []*NavItem {
	var items []*NavItem
	for _, c := range sec.Children {
		it := &NavItem{Title: c.Meta.Title, URL: s.Rel(c.URL), Current: c == cur}
		// A long section's pages are listed on its own index page,
		// not in the whole contents.
		if deep && c.IsSection() && len(c.Children) <= navLongSection {
			it.Open = true
			it.Children = s.contents(c, cur, true)
		}
		items = append(items, it)
	}
	return items
}

// writeFull renders every chapter again with prefixed ids onto one page.
func (s *site) writeFull(out *Output) *diag.Error {
	data := s.baseData(nil)
	data.Kind = "full"
	data.Title = s.Config.Title
	data.Description = "The whole report on one page, for reading straight through and for printing."
	data.URL = s.Rel("/" + s.Config.FullReport + "/")
	data.Canonical = s.Abs("/" + s.Config.FullReport + "/")
	// The title page's own text (the copyright notice, which asks to be
	// carried by every copy) opens the one-page report too.
	if home := s.Tree.Home; home != nil && len(strings.TrimSpace(string(home.Body))) > 0 {
		part, err := s.fullPart(home, &markdown.PageInfo{Path: home.Path, BodyLine: home.BodyLine, URL: home.URL, IDPrefix: "home--"})
		if err != nil {
			return err
		}
		for lib := range part.uses {
			data.Uses[lib] = true
		}
		data.Content = part.html
	}
	for _, p := range s.Tree.Pages {
		prefix := FullPrefix(p)
		part, err := s.fullPart(p, &markdown.PageInfo{
			Path: p.Path, BodyLine: p.BodyLine, URL: p.URL,
			IDPrefix: prefix, HeadingShift: p.Depth() + 1,
		})
		if err != nil {
			return err
		}
		for lib := range part.uses {
			data.Uses[lib] = true
		}
		data.Chapters = append(data.Chapters, Chapter{
			ID: strings.TrimSuffix(prefix, "--"), Title: p.Meta.Title, Level: min(6, p.Depth()+2), Content: part.html,
			Edition: p.Meta.Edition,
		})
	}
	layout := "full.html"
	if !s.Templates.Has(layout) {
		return diag.Errorf("templates/full.html", 0, 0, "the site has a full report (full_report in site.yaml) but no full.html layout").
			WithHint("add templates/full.html or remove full_report")
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if e := s.Templates.Execute(buf, layout, data); e != nil {
		return e
	}
	rel := s.Config.FullReport + "/index.html"
	if err := out.WriteFile(rel, buf.Bytes()); err != nil {
		// The full report's name comes from site.yaml.
		return writeErr("content/site.yaml", err)
	}
	if buf.Len() > FullReportWarnSize {
		w := diag.Errorf("content/site.yaml", 0, 0, "the full report is one page of %.1f MB, more than a browser opens comfortably (%d MB)",
			float64(buf.Len())/1e6, FullReportWarnSize/1_000_000).
			WithHint("remove full_report from content/site.yaml to leave the one-page report out")
		w.Warning = true
		return w
	}
	return nil
}

// fullPart is a page's text in the full report, rendered with prefixed
// ids, and the browser libraries it uses.
type fullPart struct {
	html template.HTML
	uses map[string]bool
}

// fullPart renders page p's part of the full report. A build a Session
// keeps holds each part (the full report's size, which is in memory
// while it is written anyway), so that an update renders again only the
// parts of the pages it changed; the update forgets those first.
func (s *site) fullPart(p *content.Page, info *markdown.PageInfo) (*fullPart, *diag.Error) {
	if part, ok := s.fullParts[p]; ok {
		return part, nil
	}
	body, err := s.source(p)
	if err != nil {
		return nil, err
	}
	d := s.Engine.Parse(body, info)
	s.prepare(p, d)
	html, err := s.renderDoc(p, d)
	if err != nil {
		return nil, err
	}
	part := &fullPart{html: html, uses: markdown.Info(d.AST).Uses}
	if s.Opts.keep {
		if s.fullParts == nil {
			s.fullParts = map[*content.Page]*fullPart{}
		}
		s.fullParts[p] = part
	}
	return part, nil
}

// FullReportWarnSize is the size of the one-page full report past which
// the build warns. A 10 MB page takes seconds to lay out and hundreds of
// megabytes of browser memory on a phone, and prints to thousands of
// pages: past it, the chapters' own pages serve a reader better.
const FullReportWarnSize = 10_000_000

// sitemap lists every page with its absolute (or base-path) URL.
func (s *site) sitemap(pages []*content.Page) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	urls := make([]string, 0, len(pages)+1)
	for _, p := range pages {
		urls = append(urls, s.Abs(p.URL))
	}
	if s.Config.FullReport != "" {
		urls = append(urls, s.Abs("/"+s.Config.FullReport+"/"))
	}
	slices.Sort(urls)
	for _, u := range urls {
		b.WriteString("  <url><loc>" + html.EscapeString(u) + "</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// buffers holds the buffers pages are rendered into, for reuse: growing
// fresh ones for every page was a sixth of the bytes allocated while
// rendering a large site.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// putBuffer returns b for reuse, unless it grew very large (the full
// report of a large site), so that the pool does not pin its memory.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		buffers.Put(b)
	}
}

// headersUnder puts the base path in front of every rule of a _headers
// file ("/css/*" becomes "/reports/x/css/*"): the rules name paths from
// the host's root, and a site under a sub-path has its files there.
func headersUnder(base string, data []byte) []byte {
	if base == "/" {
		return data
	}
	lines := strings.SplitAfter(string(data), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "/") {
			lines[i] = base + strings.TrimPrefix(l, "/")
		}
	}
	return []byte(strings.Join(lines, ""))
}
