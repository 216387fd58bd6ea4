package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/input/srcfs"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/output/assets"
	"reportgen/generator/internal/output/diskcache"
	"reportgen/generator/internal/output/i18n"
	"reportgen/generator/internal/output/layers"
	"reportgen/generator/internal/output/publish"
	"reportgen/generator/internal/output/templates"
)

// Result describes a finished build.
type Result struct {
	Pages    int
	Files    int
	Warnings []*diag.Error
	Phases   []PhaseTime
	// Incremental is true when a Session updated the output by
	// rendering again only the Rendered pages an edit changed.
	Incremental bool
	Rendered    int

	// closeSrc releases the source folders opened for the build.
	closeSrc func() error
}

// PhaseTime is how long one phase took.
type PhaseTime struct {
	Name     string
	Duration time.Duration
}

// ErrUsage marks errors in how the build was asked for (a bad output
// directory or base URL), as opposed to errors in the content.
var ErrUsage = errors.New("usage")

// ErrCanceled means the build was stopped (Options.Context ended) before
// it published anything; its staging tree is removed.
var ErrCanceled = errors.New("build canceled")

// Build loads, renders and publishes the site. Content errors come back as
// a *diag.List holding every problem found; the previous output is then
// left as it was.
func Build(opts Options) (*Result, error) {
	_, res, err := build(opts)
	if res != nil && res.closeSrc != nil {
		res.closeSrc()
	}
	return res, err
}

// build builds the site and returns its state, with the source folders
// still open (res.closeSrc closes them).
func build(opts Options) (*site, *Result, error) {
	s, res, err := prepare(opts)
	if err != nil {
		return nil, res, err
	}
	ctx := s.Opts.Context
	if err := ctx.Err(); err != nil {
		return nil, res, fmt.Errorf("%w: %v", ErrCanceled, context.Cause(ctx))
	}
	start := time.Now()
	stage, err := publish.Stage(s.Opts.Out)
	if err != nil {
		return nil, res, fmt.Errorf("publish: %w", err)
	}
	out := newOutput(stage.Dir, s.reserved)
	out.ctx = ctx
	if errs := s.write(out); errs.HasErrors(opts.Strict) || ctx.Err() != nil {
		stage.Abort()
		if ctx.Err() != nil {
			return nil, res, fmt.Errorf("%w: %v", ErrCanceled, context.Cause(ctx))
		}
		return nil, res, errs
	} else {
		res.Warnings = append(res.Warnings, errs.Items()...)
	}
	res.Phases = append(res.Phases, PhaseTime{"write", time.Since(start)})
	start = time.Now()
	if err := stage.Commit(); err != nil {
		if !errors.Is(err, publish.ErrAfterSwap) {
			return nil, res, fmt.Errorf("publish: %w", err)
		}
		// The new site is in place: the build did what was asked.
		res.Warnings = append(res.Warnings, &diag.Error{Phase: "publish", Msg: err.Error(), Warning: true})
	}
	res.Phases = append(res.Phases, PhaseTime{"publish", time.Since(start)})
	res.Files = out.Count()
	return s, res, nil
}

// prepare runs the phases before writing: load, parse and index.
func prepare(opts Options) (*site, *Result, error) {
	res := &Result{}
	// The output is checked once and the checked, absolute path is the
	// one used from here on; an empty path is refused, never defaulted.
	out, err := publish.CheckOut(opts.Src, opts.Out)
	if err != nil {
		return nil, res, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	opts.Out = out
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	basePath, baseURL, err := parseBase(opts.BaseURL)
	if err != nil {
		return nil, res, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	fsys := opts.FS
	if fsys == nil {
		// Every input is read through the source folders' roots: nothing
		// outside them is reachable, links included.
		src, err := srcfs.Open(opts.Src, "content", "templates", "assets")
		if err != nil {
			return nil, res, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		res.closeSrc = src.Close
		fsys = src
	}
	s := &site{Opts: opts, FS: fsys, BasePath: basePath, BaseURL: baseURL, features: opts.Features}

	// Phase load: every input file, all errors together.
	start := time.Now()
	var errs diag.List
	var l *diag.List
	// Templates and assets (minified and hashed) do not depend on the
	// content: they load alongside it, each on its own goroutine.
	var tmplErrs, assetErrs *diag.List
	themed := layers.Over(fsys, opts.Theme, "templates", "assets")
	var loading sync.WaitGroup
	loading.Add(2)
	go func() {
		defer loading.Done()
		s.Templates, tmplErrs = templates.Load(themed, "templates", s.funcs())
	}()
	go func() {
		defer loading.Done()
		s.Assets, assetErrs = assets.Load(themed, "assets", diskcache.New(opts.AssetCache))
	}()
	s.Config, l = siteconfig.Load(fsys, "content/site.yaml")
	errs.Merge(l)
	if s.Config != nil {
		errs.Merge(s.loadWords())
		if s.Config.DateText == "" && s.Config.Date != "" {
			// The date in words, in the site's language.
			s.Config.DateText = s.Words.Date(s.Config.Date)
		}
		if e := &s.Config.Edition; e.DateText == "" && e.Date != "" {
			// Without it {{< edition date >}} showed nothing.
			e.DateText = s.Words.Date(e.Date)
		}
	}
	s.Tree, l = content.Load(fsys, "content", opts.Drafts)
	errs.Merge(l)
	// Datasets are read once, here, for every feature that uses them.
	s.Data, l = dataset.Load(fsys, DataDir)
	errs.Merge(l)
	if l.HasErrors(false) {
		s.Data = nil
	}
	if s.Data != nil && s.Config != nil && s.Config.Dataset != "" {
		if err := s.Data.SetDefault(s.Config.Dataset); err != nil {
			var de *diag.Error
			if errors.As(err, &de) {
				de.Path, de.Line, de.Col = "content/site.yaml", s.Config.DatasetLine, 1
				errs.Add(de)
			}
		}
	}
	if s.Config != nil && s.BaseURL == "" && s.Config.BaseURL != "" && opts.BaseURL == "" {
		// The site's own base URL gives canonical links a host; the
		// command line wins when given.
		bp, bu, err := parseBase(s.Config.BaseURL)
		if err != nil {
			// A base URL that is not an http(s) address with a host
			// used to be dropped without a word.
			errs.Add(diag.Errorf("content/site.yaml", 0, 0, "base_url %q is not an http or https address", s.Config.BaseURL).
				WithHint("write base_url: https://host/path/, or leave it out"))
		} else {
			s.BasePath, s.BaseURL = bp, bu
		}
	}
	if s.Tree != nil && s.Config != nil {
		// Features load their inputs while the assets are still being
		// minified (see Feature.Load).
		for _, f := range s.features {
			errs.Merge(f.Load(Inputs{s}))
		}
	}
	loading.Wait()
	errs.Merge(tmplErrs)
	errs.Merge(assetErrs)
	if s.Tree != nil {
		// Every file the build makes is known now: pages are placed
		// clear of them before anything is parsed or written.
		s.reserved = s.reserve()
		errs.Merge(s.reserved.placePages(s.pages()))
	}
	if s.Templates != nil && s.Tree != nil {
		errs.Merge(s.checkLayouts())
	}
	res.Phases = append(res.Phases, PhaseTime{"load", time.Since(start)})
	if errs.HasErrors(opts.Strict) {
		return nil, res, tagPhase(&errs, "load")
	}

	// Phase index: every page parsed, indexed in reading order and
	// dropped; the render phase parses each page again. Holding every
	// page's syntax tree instead took 600 MB for 10,000 pages of 3 KB
	// (30 MB of markdown), most of the build's memory; parsing twice
	// costs about a fifth more CPU (BenchmarkPhases).
	start = time.Now()
	mo := markdown.Options{
		Resolver:   figureResolver{s},
		BasePath:   s.BasePath,
		Words:      s.Words,
		Shortcodes: map[string]shortcode.Handler{},
		Edition: provenance.Labels{Added: s.Words.Get("edition_added"), Reconstructed: s.Words.Get("edition_reconstructed"),
			Figure: s.Words.Get("edition_figure"), Table: s.Words.Get("edition_table")},
	}
	for _, f := range s.features {
		f.Markdown(&mo)
	}
	s.Resolver = shortcodeText{mo.Resolver, mo.Shortcodes}
	s.Engine = markdown.New(mo)
	pages := s.pages()
	known := map[string]bool{}
	for k := range mo.Shortcodes {
		known[k] = true
	}
	ix := s.newIndexer(known)
	featErrs := make([]diag.List, len(s.features))
	parsed := Parsed{Inputs{s}}
	drop := s.dropsSources()
	s.eachParsed(pages, func(p *content.Page, d *markdown.Doc) {
		ix.page(p, d)
		for i, f := range s.features {
			if pi, ok := f.(PageIndexer); ok {
				featErrs[i].Merge(pi.IndexPage(parsed, p, d))
			}
		}
		if drop {
			s.dropSource(p)
		}
	})
	errs.Merge(ix.finish())
	for i, f := range s.features {
		errs.Merge(&featErrs[i])
		if ix, ok := f.(Indexer); ok {
			errs.Merge(ix.Index(parsed))
		}
	}
	res.Phases = append(res.Phases, PhaseTime{"index", time.Since(start)})
	if errs.HasErrors(opts.Strict) {
		return nil, res, tagPhase(&errs, "index")
	}
	res.Pages = len(pages)
	res.Warnings = errs.Items()
	return s, res, nil
}

func tagPhase(l *diag.List, phase string) *diag.List {
	for _, e := range l.Items() {
		if e.Phase == "" {
			e.Phase = phase
		}
	}
	return l
}

// ParseBase splits a base URL into its path ("/sub/") and, when it has a
// host, the absolute URL, as the build does.
func ParseBase(raw string) (path, abs string, err error) { return parseBase(raw) }

// parseBase splits a base URL into its path ("/sub/") and, when it has a
// host, the absolute URL.
func parseBase(raw string) (path, abs string, err error) {
	if raw == "" || raw == "/" {
		return "/", "", nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("invalid base URL %q: %v", raw, err)
	}
	if u.Host == "" && !strings.HasPrefix(raw, "/") {
		return "", "", fmt.Errorf("invalid base URL %q: give a path such as /reports/ or a URL such as https://host/reports/", raw)
	}
	path = u.Path
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	if u.Host != "" {
		if u.Scheme != "http" && u.Scheme != "https" {
			return "", "", fmt.Errorf("invalid base URL %q: scheme must be http or https", raw)
		}
		abs = u.Scheme + "://" + u.Host + path
	}
	return path, abs, nil
}

// parseOnly parses page p, as it is before the index, from the source it
// holds (the index phase, and a Session, whose builds hold theirs).
func (s *site) parseOnly(p *content.Page) *markdown.Doc {
	return s.Engine.Parse(p.Body, &markdown.PageInfo{Path: p.Path, BodyLine: p.BodyLine, URL: p.URL})
}

// parse parses page p as it is rendered: figures numbered, features'
// marks made.
func (s *site) parse(p *content.Page) (*markdown.Doc, *diag.Error) {
	body, err := s.source(p)
	if err != nil {
		return nil, err
	}
	d := s.Engine.Parse(body, &markdown.PageInfo{Path: p.Path, BodyLine: p.BodyLine, URL: p.URL})
	s.prepare(p, d)
	return d, nil
}

// eachParsed parses pages on all cores and calls fn with each, in order,
// from one goroutine, holding at most a few pages per core at a time.
func (s *site) eachParsed(pages []*content.Page, fn func(*content.Page, *markdown.Doc)) {
	workers := runtime.GOMAXPROCS(0)
	// Room for pages parsed ahead of fn: enough that no worker waits on
	// a long page, few enough that memory does not grow with the site.
	window := make(chan struct{}, 8*workers)
	docs := make([]*markdown.Doc, len(pages))
	ready := make([]chan struct{}, len(pages))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(pages)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				window <- struct{}{}
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					<-window
					return
				}
				docs[i] = s.parseOnly(pages[i])
				close(ready[i])
			}
		}()
	}
	for i, p := range pages {
		<-ready[i]
		fn(p, docs[i])
		docs[i] = nil
		<-window
	}
	wg.Wait()
}

// parallel runs fn(0..n-1) on all cores.
func parallel(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	// Jobs are taken in order from a shared counter: a channel holding
	// every index took a lock per job and 800 KB at 100,000 pages.
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// renderDoc renders a parsed page to HTML, turning shortcode failures into
// positioned errors.
func (s *site) renderDoc(p *content.Page, d *markdown.Doc) (template.HTML, *diag.Error) {
	buf := getBuffer()
	defer putBuffer(buf)
	if err := s.Engine.Render(buf, d); err != nil {
		var se *shortcode.Error
		if errors.As(err, &se) {
			line, col := diag.BodyLineCol(p.BodyLine, d.Source, se.Node.Offset)
			return "", diag.Place(se.Err, p.Path, line, col, se.Node.Name)
		}
		var de *diag.Error
		if errors.As(err, &de) {
			if de.Path == "" {
				de.Path = p.Path
			}
			return "", de
		}
		return "", diag.Errorf(p.Path, 0, 0, "cannot render: %v", err)
	}
	return template.HTML(buf.String()), nil
}

// loadWords picks the theme's fixed words for the site's language, with
// the site's own strings over them.
func (s *site) loadWords() *diag.List {
	var errs diag.List
	words, known, err := i18n.For(s.Config.Language, s.Config.Strings)
	s.Words = words
	const path = "content/site.yaml"
	if err != nil {
		errs.Add(diag.Errorf(path, s.Config.StringsLine, 1, "%v", err).
			WithHint("correct the key's name, or remove it"))
	}
	if !known {
		e := diag.Errorf(path, 0, 0, "the theme has no words for language %q; English is used", s.Config.Language).
			WithHint("give the words under strings: in site.yaml (the keys are listed in the README), or use one of: %s", strings.Join(i18n.Languages(), ", "))
		e.Warning = true
		if len(s.Config.Strings) > 0 {
			return &errs // the site brings its own words
		}
		errs.Add(e)
	}
	return &errs
}

// shortcodeText resolves citations as the engine does and gives the plain
// text of what an inline shortcode renders, so the search index and other
// plain-text uses hold a statistic's value as the page shows it.
type shortcodeText struct {
	cite.Resolver
	handlers map[string]shortcode.Handler
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// ShortcodeText implements markdown.ShortcodeTexter.
func (st shortcodeText) ShortcodeText(n *shortcode.Node) (string, bool) {
	h, ok := st.handlers[n.Name]
	if !ok {
		return "", false
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := h.Render(w, n); err != nil || w.Flush() != nil {
		return "", false
	}
	return strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(buf.String(), ""))), true
}
