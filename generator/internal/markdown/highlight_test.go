package markdown

import (
	"bytes"
	"strings"
	"testing"

	"reportgen/generator/internal/tool/bench/synth"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
)

// The code renderer must write exactly what goldmark-highlighting writes
// with classes and no guessing, the configuration it replaces.
func TestCodeHighlighterMatchesGoldmarkHighlighting(t *testing.T) {
	reference := goldmark.New(goldmark.WithExtensions(extension.GFM, highlighting.NewHighlighting(
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		highlighting.WithGuessLanguage(false),
	)))
	ours := goldmark.New(goldmark.WithExtensions(extension.GFM, codeHighlighting{}))

	docs := map[string]string{
		"go":           "```go\npackage main\n\nfunc main() { println(\"<hi> & 'bye'\") }\n```\n",
		"python":       "```python\ndef f(x):\n    return x ** 2  # square\n```\n",
		"yaml":         "```yaml\ntype: histogram\ncolumn: age_at_first_ce\n```\n",
		"unknown":      "```nosuchlanguage\n<b>kept</b> & escaped\n```\n",
		"none":         "```\nplain <text>\n```\n",
		"indented":     "    indented code <not fenced>\n",
		"empty":        "```go\n```\n",
		"tabs":         "```go\nfunc f() {\n\tif x {\n\t\treturn\n\t}\n}\n```\n",
		"hl_lines":     "```go {hl_lines=[2,\"4-5\"]}\na := 1\nb := 2\nc := 3\nd := 4\ne := 5\n```\n",
		"linenos":      "```go {linenos=true}\na := 1\nb := 2\n```\n",
		"linenos off":  "```go {linenos=false}\na := 1\n```\n",
		"table":        "```go {linenos=table,hl_lines=[1]}\na := 1\nb := 2\n```\n",
		"inline start": "```go {linenos=inline, linenostart=7}\na := 1\nb := 2\n```\n",
		"nohl":         "```go {nohl=true}\na := \"<x>\"\n```\n",
		"style":        "```go {style=monokai}\na := 1\n```\n",
		"bad range":    "```go {hl_lines=[\"x-2\", \"1-y\"]}\na := 1\n```\n",
		"two blocks":   "```go\na := 1\n```\n\ntext\n\n```js\nlet a = 1;\n```\n",
	}
	// Many generated pages, each with a code block among the other blocks.
	for _, f := range synth.Generate(40).Files {
		if strings.HasSuffix(f.Path, ".md") {
			docs[f.Path] = string(f.Data)
		}
	}
	for name, src := range docs {
		var want, got bytes.Buffer
		if err := reference.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if err := ours.Convert([]byte(src), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: output differs\n got: %s\nwant: %s", name, got.String(), want.String())
		}
		if mark, ok := marks[name]; ok && !strings.Contains(got.String(), mark) {
			t.Errorf("%s: want %q in %s", name, mark, got.String())
		}
	}
}

// marks are what the attribute cases must show, so that agreeing with the
// reference cannot mean both ignored the attributes.
var marks = map[string]string{
	"go":           `<span class="kd">func</span>`,
	"hl_lines":     `<span class="line hl"><span class="cl"><span class="nx">e</span>`,
	"linenos":      `<span class="ln">1</span>`,
	"table":        `<table class="lntable">`,
	"inline start": `<span class="ln">8</span>`,
	"nohl":         `<pre><code class="language-go">a := &quot;&lt;x&gt;&quot;`,
	"unknown":      `<pre><code class="language-nosuchlanguage">&lt;b&gt;kept`,
}

// Blocks are rendered from many goroutines at once in a build.
func TestCodeHighlighterConcurrent(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(codeHighlighting{}))
	src := []byte("```go\nfunc f() int { return 1 }\n```\n")
	var want bytes.Buffer
	if err := md.Convert(src, &want); err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			var b bytes.Buffer
			_ = md.Convert(src, &b)
			done <- b.String()
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got != want.String() {
			t.Errorf("concurrent render differs: %s", got)
		}
	}
}

// BenchmarkCodeBlocks renders generated pages (each with a Go block) with
// goldmark-highlighting and with this renderer.
func BenchmarkCodeBlocks(b *testing.B) {
	var pages [][]byte
	for _, f := range synth.Generate(200).Files {
		if strings.HasSuffix(f.Path, ".md") {
			pages = append(pages, f.Data)
		}
	}
	for _, c := range []struct {
		name string
		ext  goldmark.Extender
	}{
		{"goldmark-highlighting", highlighting.NewHighlighting(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithGuessLanguage(false))},
		{"shared-formatter", codeHighlighting{}},
	} {
		b.Run(c.name, func(b *testing.B) {
			md := goldmark.New(goldmark.WithExtensions(extension.GFM, c.ext))
			var buf bytes.Buffer
			for b.Loop() {
				for _, p := range pages {
					buf.Reset()
					if err := md.Convert(p, &buf); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
