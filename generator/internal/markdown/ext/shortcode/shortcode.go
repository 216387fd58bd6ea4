// Package shortcode is a goldmark extension for Hugo-style shortcodes,
// {{< name arg key="value" >}}, written inline in a paragraph or alone on a
// line (then rendered as a block). What a shortcode renders is up to the
// Handler registered for its name.
package shortcode

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindShortcode is the node kind of Node.
var KindShortcode = ast.NewNodeKind("Shortcode")

// Arg is one argument: Key is empty for positional arguments.
type Arg struct {
	Key, Value string
}

// Node is a shortcode in the document.
type Node struct {
	ast.BaseInline
	Name string
	Args []Arg
	// Block is true when the shortcode stood alone in its paragraph.
	Block bool
	// Offset is the byte offset of "{{<" in the source; Raw the whole text.
	Offset int
	Raw    string
	// Broken says why text opening with {{< is not a shortcode (not
	// closed on its line, a quote left open, no name) and Hint what would
	// be; Name is then empty. Left as text it would be published as
	// "{{< stat ..." without a word.
	Broken, Hint string
}

// Kind implements ast.Node.
func (n *Node) Kind() ast.NodeKind { return KindShortcode }

// Dump implements ast.Node.
func (n *Node) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name, "Args": fmt.Sprint(n.Args)}, nil)
}

// Positional returns the positional arguments in order.
func (n *Node) Positional() []string {
	var out []string
	for _, a := range n.Args {
		if a.Key == "" {
			out = append(out, a.Value)
		}
	}
	return out
}

// Named returns the value of the named argument key.
func (n *Node) Named(key string) (string, bool) {
	for _, a := range n.Args {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// Handler renders one kind of shortcode. It must be safe for concurrent use.
type Handler interface {
	Render(w util.BufWriter, n *Node) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(w util.BufWriter, n *Node) error

// Render implements Handler.
func (f HandlerFunc) Render(w util.BufWriter, n *Node) error { return f(w, n) }

// Error is returned from rendering when a shortcode cannot be rendered; it
// carries the node so the caller can report a position.
type Error struct {
	Node *Node
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Extension registers the shortcode parser and renderer.
type Extension struct {
	Handlers map[string]Handler
}

// Extend implements goldmark.Extender.
func (e Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(inlineParser{}, 90)),
		parser.WithASTTransformers(util.Prioritized(blockTransformer{}, 90)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{e.Handlers}, 500)))
}

// Names returns the registered names, sorted, for error hints.
func (e Extension) Names() []string {
	var names []string
	for k := range e.Handlers {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

var (
	open  = []byte("{{<")
	close = []byte(">}}")
)

type inlineParser struct{}

func (inlineParser) Trigger() []byte { return []byte{'{'} }

func (inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, open) {
		return nil
	}
	end := bytes.Index(line, close)
	if end < 0 {
		rest := bytes.TrimRight(line, "\r\n")
		block.Advance(len(rest))
		return &Node{Offset: seg.Start, Raw: string(rest),
			Broken: "shortcode opened with {{< is not closed on its line",
			Hint:   "end it with >}} on the same line, as in {{< name argument >}}; to show {{< as text, put it in `backticks`"}
	}
	inner := string(line[len(open):end])
	raw := string(line[:end+len(close)])
	block.Advance(end + len(close))
	name, args, broken := parseArgs(inner)
	if broken != "" {
		return &Node{Offset: seg.Start, Raw: raw, Broken: broken,
			Hint: `write {{< name argument key="a value" >}}: a name first, quotes in pairs`}
	}
	return &Node{Name: name, Args: args, Offset: seg.Start, Raw: raw}
}

// parseArgs splits `name a "b c" k=v k2="x y"`; broken says what is wrong
// when it cannot.
func parseArgs(s string) (name string, args []Arg, broken string) {
	var toks []string
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		var tok strings.Builder
		for len(s) > 0 && s[0] != ' ' && s[0] != '\t' {
			if s[0] == '"' {
				end := strings.IndexByte(s[1:], '"')
				if end < 0 {
					return "", nil, "a quote in the shortcode is not closed"
				}
				tok.WriteString("\x00" + s[1:end+1]) // \x00 marks quoted text
				s = s[end+2:]
				continue
			}
			tok.WriteByte(s[0])
			s = s[1:]
		}
		toks = append(toks, tok.String())
		s = strings.TrimLeft(s, " \t")
	}
	if len(toks) == 0 || strings.Contains(toks[0], "\x00") {
		return "", nil, "the shortcode has no name"
	}
	for _, t := range toks[1:] {
		if i := strings.IndexByte(t, '='); i > 0 && !strings.Contains(t[:i], "\x00") {
			args = append(args, Arg{Key: t[:i], Value: strings.ReplaceAll(t[i+1:], "\x00", "")})
			continue
		}
		args = append(args, Arg{Value: strings.ReplaceAll(t, "\x00", "")})
	}
	return toks[0], args, ""
}

// blockTransformer marks a shortcode that is alone in its paragraph as a
// block and lifts it out of the paragraph, so it can render block HTML.
type blockTransformer struct{}

func (blockTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		var sc *Node
		only := true
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *Node:
				if sc != nil {
					only = false
				}
				sc = c
			case *ast.Text:
				if len(bytes.TrimSpace(c.Segment.Value(reader.Source()))) != 0 {
					only = false
				}
			default:
				only = false
			}
		}
		if sc == nil || !only {
			continue
		}
		sc.Block = true
		block := &blockNode{}
		block.AppendChild(block, sc)
		p.Parent().ReplaceChild(p.Parent(), p, block)
	}
}

// blockNode holds a block shortcode at block level.
type blockNode struct{ ast.BaseBlock }

var kindBlock = ast.NewNodeKind("ShortcodeBlock")

func (n *blockNode) Kind() ast.NodeKind            { return kindBlock }
func (n *blockNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type htmlRenderer struct{ handlers map[string]Handler }

func (h *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindShortcode, h.render)
	reg.Register(kindBlock, func(w util.BufWriter, _ []byte, _ ast.Node, _ bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

func (h *htmlRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Node)
	if n.Broken != "" {
		return ast.WalkStop, &Error{Node: n, Err: errors.New(n.Broken)}
	}
	hd, ok := h.handlers[n.Name]
	if !ok {
		return ast.WalkStop, &Error{Node: n, Err: fmt.Errorf("unknown shortcode %q", n.Name)}
	}
	if err := hd.Render(w, n); err != nil {
		return ast.WalkStop, &Error{Node: n, Err: err}
	}
	return ast.WalkSkipChildren, nil
}

// Walk calls fn for every shortcode in doc, in document order.
func Walk(doc ast.Node, fn func(*Node)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if s, ok := n.(*Node); ok && entering {
			fn(s)
		}
		return ast.WalkContinue, nil
	})
}
