// Package pipeline runs the site build in named phases (load, parse, index,
// render, write, publish) and turns a source tree into a published site.
package pipeline

import (
	"html/template"
	"io/fs"
	"strings"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/bibliography"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/output/assets"
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
	// "https://host/reports/medical-ce/").
	BaseURL string
	// Strict turns warnings into errors.
	Strict bool
	// Drafts includes pages marked draft.
	Drafts bool
	// Features plug extra kinds of content into the build. Each build
	// needs its own: a feature holds the state of one build.
	Features []Feature
}

// Feature plugs one kind of content (charts, career paths, search, ...)
// into the phases of a build. It may also implement Indexer and Writer.
type Feature interface {
	// Load reads the feature's own input files from s.FS. It runs while
	// the templates and assets are still loading: s.Templates and s.Assets
	// are not there yet.
	Load(s *Site) *diag.List
	// Markdown adds goldmark extensions and shortcodes to the engine.
	Markdown(o *markdown.Options)
}

// Indexer is a Feature that needs to see every parsed page before any is
// rendered (to number things or check references across pages).
type Indexer interface {
	Index(s *Site) *diag.List
}

// Writer is a Feature that writes files of its own to the output. Writers
// run after the pages, at the same time as one another: they may read the
// site but not change it.
type Writer interface {
	Write(s *Site, out *Output) *diag.List
}

// Site is the state of one build, shared by the phases and features.
type Site struct {
	Opts      Options
	FS        fs.FS
	Config    *siteconfig.Site
	Bib       *bibliography.Bibliography
	Tree      *content.Tree
	Templates *templates.Set
	Assets    *assets.Set
	Engine    *markdown.Engine
	// Docs holds each page's parsed markdown, by page.
	Docs map[*content.Page]*markdown.Doc
	// Figures numbers figures and tables across the site.
	Figures *FigureIndex
	// Cites records where each reference is cited.
	Cites *CiteIndex
	// BasePath is the URL path prefix ("/" or "/reports/medical-ce/");
	// BaseURL the absolute origin and path when one was given.
	BasePath string
	BaseURL  string

	features []Feature
	// navItems are the sidebar items shared by every page (see nav).
	navOnce  sync.Once
	navItems map[*content.Page][]*NavItem
}

// Rel makes a root-relative site URL ("/methods/") into one under the base
// path.
func (s *Site) Rel(u string) string {
	if strings.HasPrefix(u, "/") {
		return s.BasePath + strings.TrimPrefix(u, "/")
	}
	return u
}

// Abs makes a root-relative site URL absolute when the base URL has a
// host; otherwise it returns the base-path form.
func (s *Site) Abs(u string) string {
	rel := s.Rel(u)
	if s.BaseURL == "" {
		return rel
	}
	return strings.TrimSuffix(s.BaseURL, s.BasePath) + rel
}

// Uses reports whether a parsed page uses a browser library (say
// "echarts"), so templates load it only where needed.
func Uses(d *markdown.Doc, lib string) bool {
	if d == nil {
		return false
	}
	return markdown.Info(d.AST).Uses[lib]
}

var _ = template.HTML("")
