package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/frontmatter"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/figure"
)

// A Session keeps a finished build in memory (the pages, the figure
// index, the features' state) so that an edit of a page is published by
// rendering again only the pages whose output it changes. A full build
// of 10,000 pages takes about 10 s; most edits change one page's text,
// and rendering that page alone takes milliseconds.
//
// An edit is applied without a full build only when nothing other pages
// take from the page changes: its figures, the marks the features record
// of it (PageSummarizer), its place in the tree. A change of its title
// (or other front matter but its place) also renders again the pages near
// it whose layout shows it. Anything else (a new, removed or renamed
// page, site.yaml, the data, the templates, an error) is a full build, as
// is every edit after a failed build.
type Session struct {
	opts     Options
	features func() []Feature

	// s is the last build, nil when it failed; its source folders stay
	// open until closeSrc.
	s        *site
	closeSrc func() error
	byPath   map[string]*content.Page
	// layoutSums holds the checksums of pages' layouts drawn without
	// their text by earlier updates (see update), which hold until a
	// page's own front matter changes or a page near it is retitled,
	// when they are drawn again: editing a title again and again draws
	// the pages near it once per edit, not twice.
	layoutSums map[*content.Page][sha256.Size]byte
}

// PageSummarizer is a PageIndexer that can say what IndexPage records of
// a page (and what it would report) without recording it. Two summaries
// of a page that are equal mean the feature's state needs no change when
// the page changes. A PageIndexer that is not a PageSummarizer makes every
// edit a full build.
type PageSummarizer interface {
	PageIndexer
	SummarizePage(s Parsed, p *content.Page, d *markdown.Doc) (string, *diag.List)
}

// Updater is a Writer that can bring its files up to date once a Session
// has rendered some pages again (PageWriter has seen them), writing only
// what they change; ok false asks for a full build. A Writer that is not
// an Updater writes all its files again, and files that come out the same
// are left as they are.
type Updater interface {
	Writer
	Update(s Parsed, out *Output, pages []*content.Page) (ok bool, errs *diag.List)
}

// NewSession makes a session that builds with opts and a fresh set of
// features from features for every full build.
func NewSession(opts Options, features func() []Feature) *Session {
	return &Session{opts: opts, features: features}
}

// Build builds the whole site, as Build does, and keeps it. When ctx
// ends first it publishes nothing and returns ErrCanceled.
func (ss *Session) Build(ctx context.Context) (*Result, error) {
	ss.Close()
	opts := ss.opts
	opts.Context = ctx
	opts.Features = ss.features()
	opts.keep = true
	s, res, err := build(opts)
	if err != nil {
		if res != nil && res.closeSrc != nil {
			res.closeSrc()
		}
		return res, err
	}
	ss.s, ss.closeSrc = s, res.closeSrc
	ss.byPath = map[string]*content.Page{}
	ss.layoutSums = map[*content.Page][sha256.Size]byte{}
	for _, p := range s.pages() {
		if p.Path != "" {
			ss.byPath[p.Path] = p
		}
	}
	return res, nil
}

// Close forgets the kept build and closes its source folders.
func (ss *Session) Close() error {
	var err error
	if ss.closeSrc != nil {
		err = ss.closeSrc()
	}
	ss.s, ss.closeSrc, ss.byPath, ss.layoutSums = nil, nil, nil, nil
	return err
}

// maxUpdate is the most pages one update renders on its own; an edit
// that touches more (a search and replace across files, a branch switch)
// is a full build.
const maxUpdate = 16

// Update brings the output up to date after the files changed (paths
// below the site root, absolute or relative to it) were edited: by
// rendering again what the edit changes when it can, else by a full build.
// Result.Incremental says which.
//
// The pages an update renders again are written into the output one file
// at a time, each through a temporary file renamed over the old one:
// every file is whole at every instant, but for the few milliseconds of
// the writing the output holds some new files and some old ones. That is
// acceptable for a preview, whose output only the preview server reads
// and whose browsers are told to reload once every file is in place; a
// full build (the fallback, and every `build`) still swaps the whole
// output in at once.
//
// When ctx ends first (a source changed again), nothing is written and
// the error is ErrCanceled.
func (ss *Session) Update(ctx context.Context, changed []string) (*Result, error) {
	if s := ss.s; s != nil {
		// An update that stops half-way (or panics) leaves no half-updated
		// build to be used again.
		ss.s = nil
		if res := ss.update(ctx, s, changed); res != nil {
			ss.s = s
			return res, nil
		}
	}
	return ss.Build(ctx)
}

// edit is one page's new version.
type edit struct {
	p, q *content.Page
	// meta is true when the front matter changed (the title, ...).
	meta bool
}

// update applies the edit without a full build, or returns nil when it
// cannot; the kept build is then no longer to be used.
func (ss *Session) update(ctx context.Context, s *site, changed []string) *Result {
	if s.Opts.PDF != nil {
		// The PDF edition is printed from the pages: a full build.
		return nil
	}
	start := time.Now()
	pages, ok := ss.changedPages(changed)
	if !ok {
		return nil
	}
	parsed := Parsed{Inputs{s}}
	var edits []edit
	for _, p := range pages {
		q, errs := content.Reread(s.FS, p)
		if q == nil || len(errs.Items()) > 0 || placeChanged(p, q) {
			return nil
		}
		if !s.sameRecord(parsed, p, q) {
			return nil
		}
		edits = append(edits, edit{p, q, !sameMeta(p.Meta, q.Meta)})
	}

	// Pages whose layout may show an edited page's front matter: the
	// pages of its section (sidebar, section contents, a part's name),
	// its neighbours in reading order (previous and next links) and the
	// home page (the contents). Each is rendered without its text before
	// and after the edit, and rendered again in full only if that
	// differs. A page at the top of the site shows in every page's
	// sidebar: that is a full build.
	var near []*content.Page
	seen := map[*content.Page]bool{}
	add := func(c *content.Page) {
		if c != nil && !seen[c] {
			seen[c] = true
			near = append(near, c)
		}
	}
	for _, e := range edits {
		seen[e.p] = true
	}
	for _, e := range edits {
		if !e.meta {
			continue
		}
		if e.p.Kind == content.KindHome || e.p.Parent == s.Tree.Home || e.p == s.About {
			return nil
		}
		var walk func(c *content.Page)
		walk = func(c *content.Page) {
			add(c)
			for _, k := range c.Children {
				walk(k)
			}
		}
		walk(e.p.Parent)
		if o := e.p.Order; o > 0 {
			add(s.Tree.Pages[o-1])
		}
		if o := e.p.Order; o+1 < len(s.Tree.Pages) {
			add(s.Tree.Pages[o+1])
		}
		add(s.Tree.Home)
	}
	before := make([][sha256.Size]byte, len(near))
	var missing []*content.Page
	var at []int
	for i, c := range near {
		sum, ok := ss.layoutSums[c]
		if !ok {
			missing, at = append(missing, c), append(at, i)
		}
		before[i] = sum
	}
	sums, ok := s.layouts(missing)
	if !ok {
		return nil
	}
	for k, i := range at {
		before[i] = sums[k]
	}
	for _, e := range edits {
		e.p.Meta, e.p.Body, e.p.BodyLine = e.q.Meta, e.q.Body, e.q.BodyLine
	}
	if len(near) > 0 {
		s.resetNav()
	}
	after, ok := s.layouts(near)
	if !ok {
		return nil
	}
	render := pages
	for i, c := range near {
		if after[i] != before[i] {
			render = append(render, c)
		}
		ss.layoutSums[c] = after[i]
	}
	for _, e := range edits {
		delete(ss.layoutSums, e.p)
	}
	slices.SortFunc(render, func(a, b *content.Page) int { return a.Order - b.Order })

	out := newOutput(s.Opts.Out, s.reserved)
	out.mem, out.gone = map[string][]byte{}, map[string]bool{}
	results := make([]*diag.Error, len(render))
	parallel(len(render), func(i int) { results[i] = s.writePage(out, render[i]) })
	for _, e := range results {
		if e != nil {
			return nil
		}
	}
	// The full report holds every page's text: the parts of the pages
	// edited are rendered again. The 404 page is small, and written only
	// if it changed.
	for _, e := range edits {
		delete(s.fullParts, e.p)
	}
	if s.Config.FullReport != "" && s.writeFull(out) != nil {
		return nil
	}
	if s.Templates.Has("404.html") && s.write404(out) != nil {
		return nil
	}
	// The sitemap and robots.txt hold the pages' addresses, which an
	// update never changes (placeChanged).
	for _, f := range s.features {
		w, ok := f.(Writer)
		if !ok {
			continue
		}
		var errs *diag.List
		if u, ok := f.(Updater); ok {
			var done bool
			if done, errs = u.Update(parsed, out, render); !done {
				return nil
			}
		} else {
			errs = w.Write(parsed, out)
		}
		if len(errs.Items()) > 0 {
			return nil
		}
	}
	if ctx.Err() != nil {
		// What was read may be a file half-written; the full build
		// this falls back to stops at once.
		return nil
	}
	written, err := commit(s.Opts.Out, out)
	if err != nil {
		return nil
	}
	return &Result{Pages: len(s.Tree.Pages) + 1, Files: written, Incremental: true, Rendered: len(render),
		Phases: []PhaseTime{{"update", time.Since(start)}}}
}

// changedPages finds the kept pages of the changed files; ok is false
// when a file is not one of them.
func (ss *Session) changedPages(changed []string) ([]*content.Page, bool) {
	root, err := filepath.Abs(ss.opts.Src)
	if err != nil {
		return nil, false
	}
	var pages []*content.Page
	seen := map[*content.Page]bool{}
	for _, c := range changed {
		if filepath.IsAbs(c) {
			if c, err = filepath.Rel(root, c); err != nil {
				return nil, false
			}
		}
		p := ss.byPath[filepath.ToSlash(c)]
		if p == nil {
			return nil, false
		}
		if !seen[p] {
			seen[p] = true
			pages = append(pages, p)
		}
	}
	return pages, len(pages) > 0 && len(pages) <= maxUpdate
}

// placeChanged reports whether q, p's new version, may sit elsewhere in
// the tree.
func placeChanged(p, q *content.Page) bool {
	return p.Meta.Weight != q.Meta.Weight || p.Meta.Slug != q.Meta.Slug || p.Meta.Draft != q.Meta.Draft
}

// sameMeta compares front matter, leaving out where in the file it is.
func sameMeta(a, b frontmatter.Meta) bool {
	a.Pos, b.Pos = frontmatter.Positions{}, frontmatter.Positions{}
	return a == b
}

// sameRecord reports whether q, p's new version, leaves the index as it
// is: the same figures, the same marks recorded by every feature, no
// problem of its own and no cross-reference to an unknown figure.
func (s *site) sameRecord(parsed Parsed, p, q *content.Page) bool {
	old, doc := s.parseOnly(p), s.parseOnly(q)
	if figureRecord(old) != figureRecord(doc) || hasAbout(old) != hasAbout(doc) {
		return false
	}
	for _, c := range s.pageChecks(q, doc, s.known) {
		if c.err != nil {
			return false
		}
		if _, ok := s.Figures.Get(c.xref); !ok {
			return false
		}
	}
	for _, f := range s.features {
		if _, ok := f.(PageIndexer); !ok {
			continue
		}
		ps, ok := f.(PageSummarizer)
		if !ok {
			return false
		}
		a, _ := ps.SummarizePage(parsed, p, old)
		b, errs := ps.SummarizePage(parsed, q, doc)
		if a != b || len(errs.Items()) > 0 {
			return false
		}
	}
	return true
}

// figureRecord is what the index takes from a page's figures: their
// keys, series and names, which number every figure after them.
func figureRecord(d *markdown.Doc) string {
	var b strings.Builder
	figure.Walk(d.AST, func(n figure.Numbered) {
		label := ""
		if nm, ok := n.(figure.Named); ok {
			label = nm.FigureLabel()
		}
		fmt.Fprintf(&b, "%s %t %q\n", figure.Key(n.FigureKind(), n.FigureID()), figure.IsAdded(n), label)
	})
	return b.String()
}

// layouts renders each page's layout without its text, on all cores,
// and gives the checksum of each: what the page shows of the site around
// it. ok is false if one fails.
func (s *site) layouts(pages []*content.Page) ([][sha256.Size]byte, bool) {
	out := make([][sha256.Size]byte, len(pages))
	failed := make([]bool, len(pages))
	parallel(len(pages), func(i int) {
		buf := getBuffer()
		defer putBuffer(buf)
		if e := s.Templates.Execute(buf, s.layoutFor(pages[i]), s.baseData(pages[i])); e != nil {
			failed[i] = true
		}
		out[i] = sha256.Sum256(buf.Bytes())
	})
	return out, !slices.Contains(failed, true)
}

// commit writes out's files into the directory dir, each through a
// temporary file renamed over the old one, leaving alone the files that
// come out the same, and removes the files out dropped. It returns how
// many files it changed. The published folder is opened as an os.Root, as
// the sources are: a link planted in it cannot lead a write or a removal
// outside it (a full build never meets one, as it writes a fresh tree).
func commit(dir string, out *Output) (int, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	names := slices.Sorted(func(yield func(string) bool) {
		for rel := range out.mem {
			if !yield(rel) {
				return
			}
		}
	})
	n := 0
	for _, rel := range names {
		data := out.mem[rel]
		if old, err := root.ReadFile(rel); err == nil && bytes.Equal(old, data) {
			continue
		}
		if err := replaceFile(root, rel, data); err != nil {
			return n, err
		}
		n++
	}
	for rel := range out.gone {
		if err := root.Remove(rel); err != nil && !os.IsNotExist(err) {
			return n, err
		}
		n++
	}
	return n, nil
}

// replaceFile writes data to a temporary file beside name, inside root,
// and renames it over name, so that a reader opens the old file or the
// new one, whole.
func replaceFile(root *os.Root, name string, data []byte) error {
	dir := path.Dir(name)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := path.Join(dir, "."+path.Base(name)+".tmp-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		root.Remove(tmp)
	}
	return err
}
