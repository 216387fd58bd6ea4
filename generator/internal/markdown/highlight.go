package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// codeHighlighter renders fenced code blocks highlighted by chroma with CSS
// classes. Its output is byte for byte that of goldmark-highlighting
// configured with classes and no language guessing (a test holds it to
// that), with the same info-string attributes (hl_lines, linenos,
// linenostart, nohl), but it is cheaper in two ways that matter on large
// sites:
//
//   - goldmark-highlighting makes a new chroma formatter for every block,
//     and every new formatter compiles a style's CSS table again; here the
//     blocks without attributes share one formatter, and lexers are looked
//     up once per language;
//   - it does not link chroma's styles package, whose ~70 XML styles are
//     parsed at program start on every run. With classes, the style never
//     reaches the HTML, so a small local style stands in for it.
type codeHighlighter struct {
	gmhtml.Config
	shared  *chromahtml.Formatter
	lexers  sync.Map // language name -> chroma.Lexer (nil: no lexer)
	noStyle *chroma.Style
}

// codeHighlighting is the goldmark extension; it registers the renderer at
// goldmark-highlighting's priority.
type codeHighlighting struct{}

func (codeHighlighting) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(newCodeHighlighter(), 200)))
}

var _ goldmark.Extender = codeHighlighting{}

func newCodeHighlighter() *codeHighlighter {
	return &codeHighlighter{
		Config:  gmhtml.NewConfig(),
		shared:  chromahtml.New(chromahtml.WithClasses(true)),
		noStyle: chroma.MustNewStyle("classes", chroma.StyleEntries{}),
	}
}

// SetOption passes the HTML renderer's options (writer, XHTML) on, as
// goldmark-highlighting does.
func (r *codeHighlighter) SetOption(name renderer.OptionName, value any) {
	r.Config.SetOption(name, value)
}

func (r *codeHighlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

// lexer finds the coalesced lexer for a language name, once per name.
func (r *codeHighlighter) lexer(name string) chroma.Lexer {
	if l, ok := r.lexers.Load(name); ok {
		lx, _ := l.(chroma.Lexer)
		return lx
	}
	var lx chroma.Lexer
	if found := lexers.Get(name); found != nil {
		lx = chroma.Coalesce(found)
	}
	r.lexers.Store(name, lx)
	return lx
}

func (r *codeHighlighter) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	language := n.Language(source)
	var info []byte
	if n.Info != nil {
		info = n.Info.Segment.Value(source)
	}
	formatter := r.shared
	nohl := false
	if attrs := codeAttributes(n, info); attrs != nil {
		var opts []chromahtml.Option
		opts, nohl = attributeOptions(attrs)
		formatter = chromahtml.New(append([]chromahtml.Option{chromahtml.WithClasses(true)}, opts...)...)
	}
	var lexer chroma.Lexer
	if language != nil {
		lexer = r.lexer(string(language))
	}
	if !nohl && lexer != nil {
		var buf bytes.Buffer
		for i := 0; i < n.Lines().Len(); i++ {
			line := n.Lines().At(i)
			buf.Write(line.Value(source))
		}
		if it, err := lexer.Tokenise(nil, buf.String()); err == nil {
			_ = formatter.Format(w, r.noStyle, it)
			return ast.WalkContinue, nil
		}
	}
	_, _ = w.WriteString("<pre><code")
	if language != nil {
		_, _ = w.WriteString(` class="language-`)
		r.Writer.Write(w, language)
		_, _ = w.WriteString(`"`)
	}
	_ = w.WriteByte('>')
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		r.Writer.RawWrite(w, line.Value(source))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// codeAttributes reads attributes set on the node or written after the
// language in the info string (```go {hl_lines=[2]}).
func codeAttributes(n *ast.FencedCodeBlock, info []byte) ast.Node {
	if n.Attributes() != nil {
		return n
	}
	if i := bytes.IndexByte(info, '{'); i > 0 {
		if attrs, ok := parser.ParseAttributes(text.NewReader(info[i:])); ok {
			holder := ast.NewTextBlock()
			for _, a := range attrs {
				holder.SetAttribute(a.Name, a.Value)
			}
			return holder
		}
	}
	return nil
}

// attributeOptions turns code block attributes into formatter options. A
// style attribute is accepted and, with classes, has no effect.
func attributeOptions(attrs ast.Node) (opts []chromahtml.Option, nohl bool) {
	base := 1
	if v, ok := attrs.AttributeString("linenostart"); ok {
		if start, ok := v.(float64); ok {
			base = int(start)
			opts = append(opts, chromahtml.BaseLineNumber(base))
		}
	}
	if v, ok := attrs.AttributeString("hl_lines"); ok {
		if lines, ok := v.([]any); ok {
			var ranges [][2]int
			for _, l := range lines {
				if ln, ok := l.(float64); ok {
					ranges = append(ranges, [2]int{int(ln) + base - 1, int(ln) + base - 1})
				}
				if rng, ok := l.([]uint8); ok {
					parts := strings.Split(string(rng), "-")
					lhs, err := strconv.Atoi(parts[0])
					if err != nil {
						continue
					}
					rhs := lhs
					if len(parts) > 1 {
						if rhs, err = strconv.Atoi(parts[1]); err != nil {
							continue
						}
					}
					ranges = append(ranges, [2]int{lhs + base - 1, rhs + base - 1})
				}
			}
			opts = append(opts, chromahtml.HighlightLines(ranges))
		}
	}
	if _, ok := attrs.AttributeString("nohl"); ok {
		nohl = true
	}
	if v, ok := attrs.AttributeString("linenos"); ok {
		switch v := v.(type) {
		case bool:
			opts = append(opts, chromahtml.WithLineNumbers(v))
		case []uint8:
			if v != nil {
				opts = append(opts, chromahtml.WithLineNumbers(true))
			}
			switch string(v) {
			case "table":
				opts = append(opts, chromahtml.LineNumbersInTable(true))
			case "inline":
				opts = append(opts, chromahtml.LineNumbersInTable(false))
			}
		}
	}
	return opts, nohl
}
