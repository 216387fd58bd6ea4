package shortcode_test

import (
	"bytes"
	"strings"
	"testing"

	"reportgen/generator/internal/markdown/ext/shortcode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// FuzzShortcodes parses and renders arbitrary markdown with shortcodes: no
// input panics, and each shortcode found records where it stands, so
// errors about it can name its line and column.
func FuzzShortcodes(f *testing.F) {
	for _, s := range []string{
		"{{< echo >}}\n",
		"Text {{< echo a \"b c\" k=v k2=\"x y\" >}} more.\n",
		"{{< echo\n>}}\n",
		"{{< \"quoted\" >}}\n",
		"{{< echo \"unclosed >}}\n",
		"{{< echo k= >}} {{< echo =v >}}\n",
		"{{<>}} {{< >}} {{<  >}}\n",
		"> {{< echo >}}\n\n- {{< echo >}}\n",
		"| a |\n|---|\n| {{< echo x >}} |\n",
		"`{{< echo >}}`\n\n    {{< echo >}}\n",
		"{{< echo >}}{{< echo >}}\n",
		"{{< missing >}}\n",
		"{{< echo \"a\"b\"c\" >}}\n",
		"[{{< echo >}}](/x)\n",
	} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM,
		shortcode.Extension{Handlers: map[string]shortcode.Handler{"echo": echo, "fail": failing}}))
	f.Fuzz(func(t *testing.T, src string) {
		source := []byte(src)
		doc := md.Parser().Parse(text.NewReader(source), parser.WithContext(parser.NewContext()))
		shortcode.Walk(doc, func(n *shortcode.Node) {
			if n.Offset < 0 || n.Offset > len(source) || !bytes.HasPrefix(source[n.Offset:], []byte(n.Raw)) {
				t.Errorf("shortcode %q recorded at offset %d, which does not hold it", n.Raw, n.Offset)
			}
			if n.Broken != "" {
				// Text opening a shortcode that is not one: an error at
				// its place, never a shortcode with a name.
				if !strings.HasPrefix(n.Raw, "{{<") || n.Name != "" || n.Hint == "" {
					t.Errorf("malformed broken shortcode node %+v", n)
				}
				return
			}
			if !strings.HasPrefix(n.Raw, "{{<") || !strings.HasSuffix(n.Raw, ">}}") || n.Name == "" {
				t.Errorf("malformed shortcode node %+v", n)
			}
		})
		var buf bytes.Buffer
		// Unknown names and failing handlers are errors, not panics.
		_ = md.Renderer().Render(&buf, source, doc)
	})
}
