// Package pipeline turns a source tree into a published site in named
// phases, each recorded with its time in Result.Phases and named in the
// errors found in it:
//
//	load     site.yaml, the pages, the datasets, the templates and assets,
//	         and each feature's own files (Feature.Load)
//	index    every page parsed on all cores, then numbered and checked in
//	         reading order (PageIndexer) and dropped; cross-page checks
//	         (Indexer) once all are seen, before any page is rendered
//	write    each page parsed again, rendered into its layout, shown to
//	         the features (PageWriter), written and dropped; the assets,
//	         and the features' own files (Writer)
//	publish  the finished output swapped in for the previous one
//
// Features plug in through the Feature interface and see the site only
// through read-only views that hold what their phase has: Inputs while
// loading, Parsed from the index phase on.
package pipeline

import (
	"context"
	"hash/maphash"
	"io/fs"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/output/assets"
	"reportgen/generator/internal/output/i18n"
	"reportgen/generator/internal/output/templates"
)

// Options say what to build and where.
type Options struct {
	// Src is the site root holding content/, templates/ and assets/.
	Src string
	// FS, when set, is read instead of the directory Src (tests build
	// whole sites from memory).
	FS fs.FS
	// Theme is the default theme (templates/ and assets/ at its root); the
	// site's own templates/ and assets/ replace its files one by one. Nil
	// means the site brings its whole theme.
	Theme fs.FS
	// Out is the output directory; it is replaced only when the build
	// succeeds.
	Out string
	// BaseURL is where the site is served ("/" or
	// "https://host/reports/annual/").
	BaseURL string
	// Strict turns warnings into errors.
	Strict bool
	// Drafts includes pages marked draft.
	Drafts bool
	// Context, when it ends, stops the build before it publishes: the
	// output stays as it was and the staging tree is removed.
	Context context.Context
	// Features plug extra kinds of content into the build. Each build
	// needs its own: a feature holds the state of one build.
	Features []Feature
	// PDF, when set, is the report's PDF edition: it is published with
	// the site and every page links to it. Without it the site has no
	// PDF link.
	PDF *Download

	// SourceMemory is the most bytes of page sources the build holds
	// between its index and write phases (see DefaultSourceMemory, which
	// 0 means); a negative value holds none.
	SourceMemory int64
	// AssetCache, when set, is a folder where minified stylesheets and
	// scripts are kept between runs (see diskcache); without it each
	// build minifies them again.
	AssetCache string

	// keep is set by a Session, which keeps the build to update it.
	keep bool
}

// Download is a file published beside the pages, such as the PDF edition.
type Download struct {
	// Name is the file's name at the site's root ("report.pdf").
	Name string
	Data []byte
	// Pages is its number of pages, shown beside the link.
	Pages int
}

// Feature plugs one kind of content (citations, charts, career paths,
// search, ...) into the phases of a build. It may also implement Indexer,
// FullPreparer and Writer.
type Feature interface {
	// Load reads the feature's own input files. It runs while the
	// templates and assets are still loading, which Inputs does not hold.
	Load(in Inputs) *diag.List
	// Markdown adds goldmark extensions and shortcodes to the engine, and
	// may wrap o.Resolver to resolve citation keys of its own.
	Markdown(o *markdown.Options)
}

// Indexer is a Feature that needs to see every parsed page before any is
// rendered (to number things or check references across pages). Index
// runs once every page has been indexed; a feature that also implements
// PageIndexer has seen each page there and only finishes in Index.
type Indexer interface {
	Index(s Parsed) *diag.List
}

// PageIndexer is a Feature that indexes one parsed page at a time. The
// build parses the pages a few at a time, hands each to IndexPage in
// reading order (figures on it and before it numbered), and drops its
// syntax tree: a feature keeps only what other pages need from it.
// IndexPage is called from one goroutine at a time.
type PageIndexer interface {
	IndexPage(s Parsed, p *content.Page, d *markdown.Doc) *diag.List
}

// PageWriter is a Feature that sees each page's syntax tree again as the
// page is rendered (figures numbered and features' marks made), to take
// what it writes later (the search index's text). WritePage is called
// from several goroutines at once.
type PageWriter interface {
	WritePage(s Parsed, p *content.Page, d *markdown.Doc)
}

// WriteStarter is a PageWriter given the output before the first page is
// rendered, so that it can write its own files as the pages come rather
// than hold what it takes from every page until Write.
type WriteStarter interface {
	PageWriter
	StartWrite(s Parsed, out *Output)
}

// FullPreparer is an Indexer whose marks on a page's syntax tree (anchor
// ids, numbers) must be made again on the page's copy in the full report,
// which is parsed a second time with prefixed ids.
type FullPreparer interface {
	PrepareFull(p *content.Page, d *markdown.Doc)
}

// Writer is a Feature that writes files of its own to the output. Writers
// run after the pages, at the same time as one another.
type Writer interface {
	Write(s Parsed, out *Output) *diag.List
}

// site is the state of one build, shared by the phases. Features never see
// it: they get Inputs or Parsed.
type site struct {
	Opts Options
	FS   fs.FS
	// dropped holds what is left of the page sources dropped after the
	// index phase (see dropSources), seed the checksums' seed.
	dropped map[*content.Page]droppedSource
	seed    maphash.Seed
	Config  *siteconfig.Site
	Tree    *content.Tree
	// Data holds the datasets of content/data; nil when they could not
	// be read without errors (the build then stops after loading).
	Data      *dataset.Set
	Templates *templates.Set
	Assets    *assets.Set
	Engine    *markdown.Engine
	// Resolver resolves citation and cross-reference keys: figures, then
	// whatever the features add.
	Resolver cite.Resolver
	// Figures numbers figures and tables across the site.
	Figures *FigureIndex
	// Words are the theme's fixed words in the site's language.
	Words *i18n.Table
	// About is the page listing the edition's additions, when a feature
	// found one while indexing.
	About *content.Page
	// BasePath is the URL path prefix ("/" or "/reports/annual/");
	// BaseURL the absolute origin and path when one was given.
	BasePath string
	BaseURL  string

	features []Feature
	// known are the shortcodes the engine has, by name.
	known map[string]bool
	// fullParts are the pages' parts of the full report, when a Session
	// keeps the build (see fullPart).
	fullParts map[*content.Page]*fullPart
	// reserved is every file and folder the build writes besides the
	// pages, known once the inputs are loaded.
	reserved *reservation
	// navItems are the sidebar items shared by every page (see nav).
	navOnce  sync.Once
	navItems map[*content.Page][]*NavItem
	// navShared holds those same items (read-only once made), each with
	// what partials/nav-item.html makes of it (see navItemHTML).
	navShared map[*NavItem]*navMade
}

// DataDir holds the datasets: name.csv with name.schema.yaml beside it.
const DataDir = "content/data"

// Rel makes a root-relative site URL ("/methods/") into one under the base
// path.
func (s *site) Rel(u string) string {
	if s.BasePath == "/" {
		return u // the same string: no copy for every link of every page
	}
	if strings.HasPrefix(u, "/") {
		return s.BasePath + strings.TrimPrefix(u, "/")
	}
	return u
}

// Abs makes a root-relative site URL absolute when the base URL has a
// host; otherwise it returns the base-path form.
func (s *site) Abs(u string) string {
	rel := s.Rel(u)
	if s.BaseURL == "" {
		return rel
	}
	return strings.TrimSuffix(s.BaseURL, s.BasePath) + rel
}

// pages is every page in reading order, the home page first.
func (s *site) pages() []*content.Page { return s.Tree.All() }

// Inputs is the site as the load phase has read it, for features to read
// and not change: the files, site.yaml, the pages and the datasets. The
// templates, the assets and the parsed pages are not there yet.
type Inputs struct{ s *site }

// FS is the site's source tree.
func (in Inputs) FS() fs.FS { return in.s.FS }

// Config is the site's metadata from content/site.yaml.
func (in Inputs) Config() *siteconfig.Site { return in.s.Config }

// Pages is every page in reading order, the home page first: a new list
// on each call, to be taken once, not once per page.
func (in Inputs) Pages() []*content.Page { return in.s.pages() }

// Home is the home page.
func (in Inputs) Home() *content.Page { return in.s.Tree.Home }

// Data is the datasets of content/data, nil when they had errors.
func (in Inputs) Data() *dataset.Set { return in.s.Data }

// Asset is the published content of an asset by its path below assets/
// ("js/charts.js"). The assets load alongside Load: ask from the parse
// phase on.
func (in Inputs) Asset(logical string) ([]byte, bool) {
	f, ok := in.s.Assets.Get(logical)
	if !ok {
		return nil, false
	}
	return f.Data, true
}

// Rel makes a root-relative site URL ("/methods/") into one under the base
// path.
func (in Inputs) Rel(u string) string { return in.s.Rel(u) }

// Abs makes a root-relative site URL absolute when the base URL has a
// host; otherwise it returns the base-path form.
func (in Inputs) Abs(u string) string { return in.s.Abs(u) }

// Parsed is the site once every page is parsed and figures are numbered:
// what indexers and writers read. Writers run at the same time as one
// another and must not change what it holds.
type Parsed struct{ Inputs }

// Doc parses page p again, with its figures numbered and the features'
// marks made, as it is rendered. The build keeps no page's syntax tree
// (see PageIndexer), so this costs a parse: for rare paths (an error's
// hint), not for a loop over every page.
func (ps Parsed) Doc(p *content.Page) *markdown.Doc {
	d, err := ps.s.parse(p)
	if err != nil {
		return nil
	}
	return d
}

// Figure finds a numbered figure or table by its cross-reference key
// ("fig:age-hist").
func (ps Parsed) Figure(key string) (*FigureRef, bool) { return ps.s.Figures.Get(key) }

// Words are the theme's fixed words in the site's language.
func (ps Parsed) Words() *i18n.Table { return ps.s.Words }

// Resolver resolves citation and cross-reference keys to what the page
// shows, as the markdown engine does.
func (ps Parsed) Resolver() cite.Resolver { return ps.s.Resolver }

// Kept reports whether the build is kept by a Session to be updated after
// edits: a Writer that is an Updater keeps then what its Update needs.
func (ps Parsed) Kept() bool { return ps.s.Opts.keep }
