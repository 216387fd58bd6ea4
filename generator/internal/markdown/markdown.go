// Package markdown turns page bodies into HTML with goldmark, configured once
// per site with the project's own extensions.
package markdown

import (
	"bytes"
	"html"
	"io"
	"reportgen/generator/internal/slug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportgen/generator/internal/markdown/ext/cite"
	"reportgen/generator/internal/markdown/ext/provenance"
	"reportgen/generator/internal/markdown/ext/quotes"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/output/i18n"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure an Engine.
type Options struct {
	Resolver   cite.Resolver
	Shortcodes map[string]shortcode.Handler
	// BasePath is the URL path the site is served under ("/" or
	// "/reports/annual/"); root-relative links get it prepended.
	BasePath string
	// Extra extensions (charts, career diagrams) added by the build.
	Extra []goldmark.Extender
	// Words are the theme's fixed words in the site's language ("Figure");
	// nil is English.
	Words *i18n.Table
	// Edition is how additions are labelled; every page gets it in its
	// PageInfo.
	Edition provenance.Labels
}

// Engine parses and renders markdown. It is safe for concurrent use.
type Engine struct {
	md      goldmark.Markdown
	words   *i18n.Table
	edition provenance.Labels
}

// Edition is how the site labels its additions.
func (e *Engine) Edition() provenance.Labels { return e.edition }

// PageInfo travels with a parsed document so extensions can learn which
// page they are on (for error positions and anchors).
type PageInfo struct {
	// Path is the source file; BodyLine the file line the body starts on.
	Path     string
	BodyLine int
	URL      string
	// IDPrefix is prepended to every id the page makes, so that several
	// pages can share one HTML document (the full report).
	IDPrefix string
	// HeadingShift demotes every heading by this many levels (a chapter
	// inside the full report starts one level lower).
	HeadingShift int
	// Words are the fixed words in the site's language, for extensions
	// that write labels ("Figure 3"); the engine's when not set.
	Words *i18n.Table
	// Uses is filled by extensions with the browser libraries the page
	// needs ("echarts"), so templates load them only where used.
	Uses map[string]bool
	// Edition is how additions are labelled (set by Engine.Parse).
	Edition provenance.Labels
}

const pageInfoKey = "reportgen.page"

// Info returns the PageInfo of a document parsed by Engine.Parse.
func Info(doc *ast.Document) *PageInfo {
	if doc == nil {
		return &PageInfo{}
	}
	if p, ok := doc.Meta()[pageInfoKey].(*PageInfo); ok {
		return p
	}
	return &PageInfo{Edition: provenance.Default()}
}

// New builds an Engine.
func New(o Options) *Engine {
	if o.BasePath == "" {
		o.BasePath = "/"
	}
	exts := []goldmark.Extender{
		extension.GFM,
		extension.NewFootnote(
			extension.WithFootnoteIDPrefixFunction(func(n ast.Node) []byte {
				return []byte(Info(n.OwnerDocument()).IDPrefix)
			}),
			extension.WithFootnoteBacklinkHTML("↩\uFE0E"),
		),
		// Dashes as characters rather than entities: the HTML is smaller
		// and the search index reads naturally. Quotes are left to the
		// quotes extension, which reads each in its context (the
		// typographer takes 'the ... for an elision such as 'twas).
		extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
			extension.LeftSingleQuote: nil, extension.RightSingleQuote: nil,
			extension.LeftDoubleQuote: nil, extension.RightDoubleQuote: nil, extension.Apostrophe: nil,
			extension.EnDash: []byte("–"), extension.EmDash: []byte("—"), extension.Ellipsis: []byte("…"),
			extension.LeftAngleQuote: []byte("«"), extension.RightAngleQuote: []byte("»"),
		})),
		quotes.Extension{},
		// Chroma with classes, no inline styles; see highlight.go.
		codeHighlighting{},
		cite.Extension{Resolver: o.Resolver},
		shortcode.Extension{Handlers: o.Shortcodes},
	}
	exts = append(exts, o.Extra...)
	md := goldmark.New(
		// goldmark's own parsers, lists and block quotes bounded in depth
		// (see MaxNesting); given first, as the options below add to it.
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(blockParsers()...),
			parser.WithInlineParsers(parser.DefaultInlineParsers()...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)),
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(&linkTransformer{base: o.BasePath}, 500),
				// After goldmark's footnote transformer (999) has made the list.
				util.Prioritized(footnotesBeforeBreak{}, 1000)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 100)),
		),
	)
	return &Engine{md: md, words: o.Words, edition: o.Edition.Or()}
}

// Doc is a parsed page body.
type Doc struct {
	AST    *ast.Document
	Source []byte
	// Outline lists the h2 and h3 headings for the in-page contents.
	Outline []Heading
	// Problems found while parsing (nesting past MaxNesting), in order.
	Problems []Problem
}

// Heading is one entry of a page outline.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Parse parses src for the page described by info.
func (e *Engine) Parse(src []byte, info *PageInfo) *Doc {
	if info.Uses == nil {
		info.Uses = map[string]bool{}
	}
	if info.Words == nil {
		info.Words = e.words
	}
	info.Edition = e.edition
	ctx := parser.NewContext(parser.WithIDs(newIDs(info.IDPrefix)))
	root := e.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	doc := root.(*ast.Document)
	doc.AddMeta(pageInfoKey, info)
	d := &Doc{AST: doc, Source: src, Problems: problems(ctx)}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if info.HeadingShift != 0 {
			h.Level = min(6, h.Level+info.HeadingShift)
		}
		if h.Level == 2 || h.Level == 3 {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			d.Outline = append(d.Outline, Heading{Level: h.Level, ID: string(idb), Text: PlainText(h, src)})
		}
		return ast.WalkSkipChildren, nil
	})
	return d
}

// Render writes d as HTML.
func (e *Engine) Render(w io.Writer, d *Doc) error {
	return e.md.Renderer().Render(w, d.Source, d.AST)
}

// ShortcodeTexter is a cite.Resolver that also gives the plain text an
// inline shortcode renders ("48" for a statistic), for Text.
type ShortcodeTexter interface {
	ShortcodeText(n *shortcode.Node) (string, bool)
}

// PlainText is the text content of n, for outlines and labels:
// Text without citations.
func PlainText(n ast.Node, src []byte) string { return Text(n, src, nil) }

// Text is the visible text of n as a reader sees it, with spaces
// collapsed: the one rule for the plain text of a syntax tree (outlines,
// link labels, the search index). Footnote marks and raw HTML are left
// out, and shortcodes unless r is a ShortcodeTexter; table cells are
// joined with " · "; a citation reads as the page shows it when r resolves its keys, and is left out when r is nil.
func Text(n ast.Node, src []byte, r cite.Resolver) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			// Blocks are separate runs of text: keep their words apart.
			if c.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if t.IsCode() {
				// Substitutions that arrive as HTML entities.
				b.WriteString(html.UnescapeString(string(t.Value)))
			} else {
				b.Write(t.Value)
			}
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
			return ast.WalkSkipChildren, nil
		case *shortcode.Node:
			// A shortcode's words (a statistic's value) are what it
			// renders, when the resolver can render it.
			if st, ok := r.(ShortcodeTexter); ok {
				if words, ok := st.ShortcodeText(t); ok {
					b.WriteString(words)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		case *cite.Citation:
			if t.Mode == cite.Custom {
				return ast.WalkContinue, nil
			}
			if r != nil {
				words, _, _ := cite.Read(t, r)
				b.WriteString(words.String())
			}
			return ast.WalkSkipChildren, nil
		}
		if c.Kind() == east.KindTableCell && c.PreviousSibling() != nil {
			b.WriteString(" · ")
		}
		return ast.WalkContinue, nil
	})
	return squeeze(b.String())
}

// squeeze is s with each run of white space made one space, and none at
// either end: strings.Join(strings.Fields(s), " ") without the list of
// words, which with the join was 4 % of what a build of 10,000 pages
// allocated (the search index takes every block's text).
func squeeze(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// ids makes heading ids unique within a document, with a prefix.
type ids struct {
	prefix string
	seen   map[string]bool
	// next is the suffix to try first for each base: probing from 2 every
	// time made n headings alike cost n² (8,000 took 6 s).
	next map[string]int
}

func newIDs(prefix string) *ids {
	return &ids{prefix: prefix, seen: map[string]bool{}, next: map[string]int{}}
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := s.prefix + base
	if s.seen[id] {
		i := max(s.next[base], 2)
		for ; s.seen[s.prefix+base+"-"+strconv.Itoa(i)]; i++ {
		}
		id = s.prefix + base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.seen[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.seen[string(value)] = true }

// linkTransformer prefixes root-relative link and image destinations with
// the site's base path, so content written as "/methods/" works under a
// sub-path.
type linkTransformer struct{ base string }

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if t.base == "/" {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = t.fix(l.Destination)
		case *ast.Image:
			l.Destination = t.fix(l.Destination)
		}
		return ast.WalkContinue, nil
	})
}

func (t *linkTransformer) fix(dest []byte) []byte {
	if len(dest) > 0 && dest[0] == '/' && !bytes.HasPrefix(dest, []byte("//")) {
		return append([]byte(t.base), dest[1:]...)
	}
	return dest
}

// headingRenderer adds a permalink to h2-h6 so a reader can link to a
// section; the link text is hidden from assistive technology and the link
// is labelled instead.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.Heading)
		tag := "h" + strconv.Itoa(n.Level)
		if entering {
			_, _ = w.WriteString("<" + tag)
			if n.Attributes() != nil {
				gmhtml.RenderAttributes(w, n, gmhtml.HeadingAttributeFilter)
			}
			_ = w.WriteByte('>')
			return ast.WalkContinue, nil
		}
		if id, ok := n.AttributeString("id"); ok && n.Level > 1 {
			idb, _ := id.([]byte)
			_, _ = w.WriteString(` <a class="anchor" href="#` + html.EscapeString(string(idb)) +
				`" aria-label="Link to this section: ` + html.EscapeString(PlainText(n, src)) + `">#</a>`)
		}
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	})
}

// footnotesBeforeBreak moves the footnotes of a page, which goldmark puts
// at its end, to just before a thematic break (***) that follows the last
// footnote reference: what comes after the break is a part of its own (a
// back cover, a colophon), and the notes belong to the text before it.
type footnotesBeforeBreak struct{}

func (footnotesBeforeBreak) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	// goldmark appends the footnote list to the document itself: a page
	// without one (most pages) needs no walk of its whole tree.
	hasList := false
	for c := doc.LastChild(); c != nil && !hasList; c = c.PreviousSibling() {
		hasList = c.Kind() == east.KindFootnoteList
	}
	if !hasList {
		return
	}
	var list ast.Node
	var lastRef ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case east.KindFootnoteList:
			list = n
			return ast.WalkSkipChildren, nil
		case east.KindFootnoteLink:
			lastRef = n
		}
		return ast.WalkContinue, nil
	})
	if list == nil || lastRef == nil {
		return
	}
	top := lastRef
	for top.Parent() != nil && top.Parent() != doc {
		top = top.Parent()
	}
	for b := top.NextSibling(); b != nil && b != list; b = b.NextSibling() {
		if b.Kind() == ast.KindThematicBreak {
			doc.RemoveChild(doc, list)
			doc.InsertBefore(doc, b, list)
			return
		}
	}
}
