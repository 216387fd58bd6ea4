package quotes_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/quotes"
	"reportgen/generator/internal/markdown/ext/spectest"
)

// Each case is rendered by the site's markdown engine, which uses the
// extension; the unclosed quotations follow the HTML, one per line.
func TestSpec(t *testing.T) {
	e := markdown.New(markdown.Options{})
	spectest.Run(t, "testdata/quotes.txt", func(t *testing.T, input string) string {
		d := e.Parse([]byte(input), &markdown.PageInfo{Path: "page.md", BodyLine: 1})
		var buf bytes.Buffer
		if err := e.Render(&buf, d); err != nil {
			t.Fatal(err)
		}
		for _, p := range quotes.Problems(d.AST) {
			fmt.Fprintf(&buf, "unclosed at %d: %s\n", p.Offset, p.Msg)
		}
		return buf.String()
	})
}

// Every straight quote of the input is gone from the text of the output,
// whatever surrounds it.
func TestNoStraightQuoteLeft(t *testing.T) {
	e := markdown.New(markdown.Options{})
	for _, in := range []string{
		"'a' 'b'", "x'", "'", "''", `"'"`, "a 'b *c* d' e", "'*a*'", "(''x'')", "'`code'`'",
	} {
		d := e.Parse([]byte(in), &markdown.PageInfo{})
		var buf bytes.Buffer
		if err := e.Render(&buf, d); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if i := strings.Index(out, "<code>"); i >= 0 {
			out = out[:i] + out[strings.Index(out, "</code>"):]
		}
		if strings.ContainsAny(strings.ReplaceAll(out, "&quot;", `"`), `'"`) {
			t.Errorf("%q gives %q, with a straight quote left", in, out)
		}
	}
}
