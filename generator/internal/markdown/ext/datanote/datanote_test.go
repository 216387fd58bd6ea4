package datanote_test

import (
	"bytes"
	"testing"

	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/datanote"
	"reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
)

func TestSpec(t *testing.T) {
	e := markdown.New(markdown.Options{Extra: []goldmark.Extender{datanote.Extension{}}})
	spectest.Run(t, "testdata/datanote.txt", func(t *testing.T, input string) string {
		info := &markdown.PageInfo{Path: "page.md", BodyLine: 1}
		d := e.Parse([]byte(input), info)
		var buf bytes.Buffer
		if err := e.Render(&buf, d); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte(`data-provenance="edition"`)) != info.Uses[datanote.Library] {
			t.Errorf("Uses[%s] is %v", datanote.Library, info.Uses[datanote.Library])
		}
		return buf.String()
	})
}
