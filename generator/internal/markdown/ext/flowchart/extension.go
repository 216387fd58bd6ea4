package flowchart

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"reportgen/generator/internal/input/flow"
	"reportgen/generator/internal/markdown/ext/blockerr"
	"reportgen/generator/internal/markdown/ext/fenced"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"
)

// InfoString marks a fenced code block as a career diagram.
const InfoString = "career"

// Library is the name pages using the extension get in
// markdown.PageInfo.Uses, so templates load the diagram styles only there.
const Library = "career"

// Resolver links diagrams and quoted sentences across pages when a page is
// rendered, after every page has been parsed. It must be safe for
// concurrent use: pages render in parallel.
type Resolver interface {
	// EvidenceHref links from the page of doc to the anchor of ev.
	EvidenceHref(doc *ast.Document, ev *flow.Evidence) string
	// Backlinks are the diagrams resting on ev, linked from doc's page.
	Backlinks(doc *ast.Document, ev *flow.Evidence) []Backlink
	// Figure is the label ("Figure 4") and link of a path's numbered
	// diagram; ok is false when the path is not shown in full anywhere.
	Figure(doc *ast.Document, path string) (label, href string, ok bool)
	// DataRow describes the dataset row a path is tied to.
	DataRow(doc *ast.Document, path string) (DataRow, bool)
}

// DataRow says which row of the data a path is and why there is no doubt.
type DataRow struct {
	// Table ("Table 1") and TableHref link to the table showing the data,
	// when a page shows it.
	Table, TableHref string
	// Row names the row ("Site 3"); Because says what only it has ("the
	// only site with 6 visits made").
	Row, Because string
}

// Backlink is a link from a quoted sentence back to a diagram step.
type Backlink struct {
	// Label is visible ("Figure 4"); More is read out after it
	// (", step 2: back to the career path").
	Label, More string
	Href        string
}

// Extension adds career diagrams and evidence anchors to goldmark.
type Extension struct {
	Paths *flow.Set
	// Layouts are the paths laid out for drawing (LayAll); when nil,
	// Extend lays them out itself.
	Layouts  map[*flow.Path]*Layout
	Resolver Resolver
}

// Extend implements goldmark.Extender.
func (e Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// Last of the project's transformers: quotes are found in the
		// inline tree once shortcodes (90), citations (100) and links (500)
		// have taken their final form.
		util.Prioritized(transformer{paths: e.Paths}, 900),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&htmlRenderer{r: e.Resolver, layouts: e.layouts()}, 500),
		util.Prioritized(blockerr.Renderer{}, 500),
	))
}

func (e Extension) layouts() map[*flow.Path]*Layout {
	if e.Layouts != nil || e.Paths == nil {
		return e.Layouts
	}
	// Paths that cannot be laid out are reported where they are loaded.
	lays, _ := LayAll(e.Paths)
	return lays
}

type transformer struct{ paths *flow.Set }

func (t transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var fences []*ast.FencedCodeBlock
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch b := n.(type) {
		case *ast.FencedCodeBlock:
			if string(b.Language(src)) == InfoString {
				fences = append(fences, b)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			blocks = append(blocks, b)
			return ast.WalkSkipChildren, nil
		case *ast.Heading, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, fb := range fences {
		fb.Parent().ReplaceChild(fb.Parent(), fb, t.convert(fb, src))
	}
	if t.paths == nil || len(t.paths.Evidence) == 0 {
		return
	}
	// Longer quotes first, so a clause quoted inside a quoted sentence
	// nests inside its anchor.
	quotes := append([]*flow.Evidence(nil), t.paths.Evidence...)
	sort.SliceStable(quotes, func(i, j int) bool { return len(quotes[i].Text) > len(quotes[j].Text) })
	anchored := map[*flow.Evidence]bool{}
	scratch := &flat{}
	quoteBytes := make([][]byte, len(quotes))
	for i, q := range quotes {
		quoteBytes[i] = []byte(q.Text)
	}
	for _, b := range blocks {
		if !quotesAny(flattenText(b, src, scratch), quotes, quoteBytes) {
			continue
		}
		size := len(scratch.text)
		f := flattenSized(b, src, size)
		for _, q := range quotes {
			for {
				found := f.find(q.Text)
				if len(found) == 0 {
					break
				}
				// Wrap one occurrence at a time: wrapping changes the
				// nodes the flat text points at, so read it again.
				done := false
				for _, m := range found {
					if inEvidence(f, m, q) {
						continue
					}
					n := &Evidence{Ev: q, Anchor: !anchored[q]}
					anchored[q] = true
					wrap(b, f, m[0], m[1], n)
					f = flattenSized(b, src, size)
					done = true
					break
				}
				if !done {
					break
				}
			}
		}
		var evs []*flow.Evidence
		_ = ast.Walk(b, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if e, ok := n.(*Evidence); ok && entering && e.Anchor {
				evs = append(evs, e.Ev)
			}
			return ast.WalkContinue, nil
		})
		if len(evs) > 0 {
			b.AppendChild(b, &Backlinks{Evs: evs})
		}
	}
}

// quotesAny reports whether any quote occurs in f; quoteBytes holds each
// quote's text as bytes.
func quotesAny(f *flat, quotes []*flow.Evidence, quoteBytes [][]byte) bool {
	plain := bytes.IndexByte(f.text, wildcard) < 0
	for i, q := range quotes {
		if plain && bytes.Contains(f.text, quoteBytes[i]) || !plain && len(f.find(q.Text)) > 0 {
			return true
		}
	}
	return false
}

// inEvidence reports whether the match m is already wrapped for q.
func inEvidence(f *flat, m [2]int, q *flow.Evidence) bool {
	for n := f.at[m[0]].leaf; n != nil; n = n.Parent() {
		if e, ok := n.(*Evidence); ok && e.Ev == q {
			return true
		}
	}
	return false
}

// convert reads one career block.
func (t transformer) convert(fb *ast.FencedCodeBlock, src []byte) ast.Node {
	block := fenced.Read(fb, src)
	fence := block.Fence()
	// at maps a 1-based line of the body to its offset in the page.
	at := func(line int) int { return block.Offset(line, 1) }
	invalid := func(line int, msg, hint string) ast.Node {
		return blockerr.New("career", blockerr.Problem{Offset: at(line), Msg: msg, Hint: hint})
	}
	known := strings.Join(t.paths.IDs(), ", ")
	if known == "" {
		known = "none: add a file to the folder site.yaml names under flows: dir:"
	}
	var root yaml.Node
	if err := yaml.Unmarshal(block.Body, &root); err != nil {
		return invalid(yamlLine(err), "cannot read the block: "+strings.TrimPrefix(err.Error(), "yaml: "),
			"write id: <path> (or ids: [<path>, ...] or ids: all)")
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return invalid(1, "the block names no career path", "write id: <path>; known paths: "+known)
	}
	m := root.Content[0]
	var id, ids *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "id":
			id = v
		case "ids":
			ids = v
		default:
			return invalid(k.Line, fmt.Sprintf("unknown key %q", k.Value), "a career block has id (one path) or ids (several side by side)")
		}
	}
	lookup := func(v *yaml.Node) (*flow.Path, ast.Node) {
		p, ok := t.paths.Path(v.Value)
		if !ok || v.Kind != yaml.ScalarNode {
			return nil, invalid(v.Line, fmt.Sprintf("unknown career path %q", v.Value), "known paths: "+known)
		}
		return p, nil
	}
	switch {
	case id != nil && ids != nil:
		return invalid(ids.Line, "the block has both id and ids", "use id for one path in full, ids for several side by side")
	case id != nil:
		p, bad := lookup(id)
		if bad != nil {
			return bad
		}
		return &Figure{Path: p, Offset: fence}
	case ids != nil:
		o := &Overview{Offset: fence}
		if ids.Kind == yaml.ScalarNode && ids.Value == "all" {
			if t.paths != nil {
				o.Paths = t.paths.Paths
			}
		} else if ids.Kind == yaml.SequenceNode {
			for _, v := range ids.Content {
				p, bad := lookup(v)
				if bad != nil {
					return bad
				}
				o.Paths = append(o.Paths, p)
			}
		} else {
			return invalid(ids.Line, "ids must be a list of career paths or all", "write ids: [a, b] or ids: all")
		}
		if len(o.Paths) == 0 {
			return invalid(ids.Line, "the block names no career path", "known paths: "+known)
		}
		return o
	}
	return invalid(1, "the block names no career path", "write id: <path>; known paths: "+known)
}

var lineRe = regexp.MustCompile(`line (\d+)`)

// yamlLine is the line a YAML error names, or 1.
func yamlLine(err error) int {
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil {
			return n
		}
	}
	return 1
}
