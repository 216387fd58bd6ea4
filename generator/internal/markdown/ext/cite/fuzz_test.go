package cite_test

import (
	"bytes"
	"regexp"
	"testing"

	"reportgen/generator/internal/markdown/ext/cite"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var keyRe = regexp.MustCompile(`^[A-Za-z](?:[\w:.-]*[A-Za-z0-9])?$`)

// FuzzCitations parses and renders arbitrary markdown with citations: no
// input panics, every citation has well-formed keys and an offset inside
// the source (for error positions).
func FuzzCitations(f *testing.F) {
	for _, s := range []string{
		"See [@ham2008] and @montgomery2001 and [x](cite:hoff1998).\n",
		"[@hoff1998; @hoff2001] [-@ham2008] [@fig:age]\n",
		"mail a@b.c or @ or [@] or [@;] or [-@]\n",
		"[@ham2008][^1]\n\n[^1]: note @hoff1998\n",
		"[text](cite:) [text](cite:nosuch) [](cite:ham2008)\n",
		"`@ham2008` and *[@ham2008]* and **@fig:age.**\n",
		"[@unknown] @unknown\n",
		"[[@ham2008]](/x)\n",
		"@ham2008:\n\n# @ham2008\n",
		"> [@ham2008;\n> @hoff1998]\n",
		"[@a.] [@a-] @a_b.c\n",
	} {
		f.Add(s)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		source := []byte(src)
		doc := md.Parser().Parse(text.NewReader(source), parser.WithContext(parser.NewContext()))
		cite.Walk(doc, func(c *cite.Citation) {
			if c.Offset < 0 || c.Offset > len(source) {
				t.Errorf("citation %v at offset %d of %d", c.Keys, c.Offset, len(source))
			}
			if len(c.Keys) == 0 {
				t.Errorf("citation without keys at %d", c.Offset)
			}
			for _, k := range c.Keys {
				if c.Mode != cite.Custom && !keyRe.MatchString(k) {
					t.Errorf("malformed key %q", k)
				}
			}
		})
		var buf bytes.Buffer
		_ = md.Renderer().Render(&buf, source, doc)
	})
}
