package shortcode_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/markdown/ext/spectest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/util"
)

// echo renders its arguments so the spec shows exactly what was parsed.
var echo = shortcode.HandlerFunc(func(w util.BufWriter, n *shortcode.Node) error {
	var parts []string
	for _, a := range n.Args {
		if a.Key != "" {
			parts = append(parts, a.Key+"="+a.Value)
		} else {
			parts = append(parts, a.Value)
		}
	}
	tag := "span"
	if n.Block {
		tag = "div"
	}
	fmt.Fprintf(w, "<%s class=%q>%s</%s>", tag, n.Name, strings.Join(parts, "|"), tag)
	if n.Block {
		_ = w.WriteByte('\n')
	}
	return nil
})

var failing = shortcode.HandlerFunc(func(w util.BufWriter, n *shortcode.Node) error {
	return errors.New("bad argument")
})

func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(shortcode.Extension{Handlers: map[string]shortcode.Handler{
		"echo": echo, "fail": failing,
	}}))
}

func TestSpec(t *testing.T) {
	md := newMarkdown()
	spectest.Run(t, "testdata/shortcode.txt", func(t *testing.T, input string) string {
		var buf bytes.Buffer
		if err := md.Convert([]byte(input), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	})
}

// A handler's error comes back with the node, so the build can say where.
func TestHandlerErrorCarriesNode(t *testing.T) {
	src := "Some text.\n\nAnd {{< fail x >}} here.\n"
	var buf bytes.Buffer
	err := newMarkdown().Convert([]byte(src), &buf)
	var se *shortcode.Error
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *shortcode.Error", err)
	}
	if got := src[se.Node.Offset:]; !strings.HasPrefix(got, "{{< fail") {
		t.Errorf("offset points at %q", got)
	}
	if se.Node.Name != "fail" {
		t.Errorf("node name %q", se.Node.Name)
	}
}

func TestUnknownShortcodeIsAnError(t *testing.T) {
	var buf bytes.Buffer
	err := newMarkdown().Convert([]byte("{{< nope >}}\n"), &buf)
	if err == nil || !strings.Contains(err.Error(), `unknown shortcode "nope"`) {
		t.Fatalf("got %v", err)
	}
}

// Text that opens a shortcode and is not one was published as "{{< stat
// ..." word for word. Each such text is an error at its "{{<", saying what
// is wrong and what would be right.
func TestBrokenShortcodeIsAnError(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"Mean {{< echo mean x\n", "not closed on its line"},
		{"{{< echo\n>}}\n", "not closed on its line"},
		{"A {{< echo \"two words >}} b\n", "a quote in the shortcode is not closed"},
		{"{{< >}}\n", "the shortcode has no name"},
		{"{{< \"echo\" >}}\n", "the shortcode has no name"},
	} {
		var buf bytes.Buffer
		err := newMarkdown().Convert([]byte(tc.src), &buf)
		var se *shortcode.Error
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v (output %q), want a shortcode error saying %q", tc.src, err, buf.String(), tc.want)
			continue
		}
		if se.Node.Hint == "" || !strings.HasPrefix(tc.src[se.Node.Offset:], "{{<") {
			t.Errorf("%q: error at offset %d with hint %q", tc.src, se.Node.Offset, se.Node.Hint)
		}
	}
}
