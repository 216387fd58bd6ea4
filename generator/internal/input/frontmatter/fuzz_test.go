package frontmatter

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary files to the front matter parser: it must not
// panic, every diagnostic must point inside the file and say what would be
// right, and a parsed document's body must be the end of the file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: \"Methods\"\ndescription: How.\nweight: 4\ndraft: false\nslug: m\nlayout: page\n---\n\nBody.\n",
		"---\ntitle: [unclosed\n---\n",
		"---\ntitle: x\n\tweight: 2\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntitle: a: b\n---\n",
		"---\ntitle: *x\n---\n",
		"---\ntitle: &a x\ndescription: *a\n---\n",
		"\xef\xbb\xbf---\ntitle: bom\n---\n",
		"---\r\ntitle: crlf\r\n---\r\nbody\r\n",
		"---\ntitle: x\n",
		"---\n---\n",
		"no front matter",
		"---\ntitle: caf\xe9\n---\n",
		"---\nweight: 99999999999999999999\n---\n",
		"---\ntitle: {a: [1, 2]}\n---\n",
		"---\n? complex\n: key\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, errs := Parse("a.md", src)
		lines := bytes.Count(src, []byte("\n")) + 1
		if doc == nil && !errs.HasErrors(false) {
			t.Fatalf("no document and no error for %q", src)
		}
		for _, e := range errs.Items() {
			if e.Path != "a.md" || e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Errorf("diagnostic outside the file (%d lines): %s", lines, e.Error())
			}
			if e.Hint == "" || e.Msg == "" {
				t.Errorf("diagnostic without message or hint: %s", e.Error())
			}
		}
		if doc != nil {
			if !bytes.HasSuffix(src, doc.Body) {
				t.Errorf("body %q is not the end of the file", doc.Body)
			}
			if doc.BodyLine < 1 || doc.BodyLine > lines {
				t.Errorf("body starts on line %d of %d", doc.BodyLine, lines)
			}
			if strings.ContainsAny(doc.Meta.Slug, "/\\ ?#%") {
				t.Errorf("slug %q accepted", doc.Meta.Slug)
			}
		}
	})
}
