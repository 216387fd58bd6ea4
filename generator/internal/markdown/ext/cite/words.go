package cite

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Words is how a citation reads: Open, then each key's words with Sep
// between them, then Close ("(" "Smith and Jones, 2008" "; " ... ")").
// The HTML renderer links each key's words; the search index keeps them
// as text, so both say the same.
type Words struct {
	Open, Sep, Close string
	Keys             []string
}

// String is the citation as plain text.
func (w Words) String() string {
	return w.Open + strings.Join(w.Keys, w.Sep) + w.Close
}

// Read resolves the keys of n with r and says how the citation reads. For
// a Custom citation the words are its children's and Words is empty. When
// a key is unknown ok is false and the words are that key as the page
// shows it ("@nosuch").
func Read(n *Citation, r Resolver) (w Words, targets []Target, ok bool) {
	doc := n.OwnerDocument()
	targets = make([]Target, len(n.Keys))
	for i, k := range n.Keys {
		t, found := resolve(r, doc, k)
		if !found {
			return Words{Keys: []string{"@" + k}}, nil, false
		}
		targets[i] = t
	}
	if n.Mode == Custom {
		return Words{}, targets, true
	}
	word := func(t Target) string {
		switch {
		case t.Label != "":
			return t.Label
		case n.Mode == YearOnly:
			return t.Year
		case n.Mode == Narrative:
			return t.Author + " (" + t.Year + ")"
		}
		return t.Author + ", " + t.Year
	}
	switch {
	case targets[0].Label != "":
		// Cross-references print their label alone: "see Figure 3,
		// Figure 4".
		w = Words{Sep: ", "}
	case n.Mode == Narrative:
		// "@key" holds one key.
		return Words{Keys: []string{word(targets[0])}}, targets[:1], true
	default:
		w = Words{Open: "(", Sep: "; ", Close: ")"}
	}
	for _, t := range targets {
		w.Keys = append(w.Keys, word(t))
	}
	return w, targets, true
}

func resolve(r Resolver, doc *ast.Document, key string) (Target, bool) {
	if r == nil {
		return Target{}, false
	}
	return r.Resolve(doc, key)
}

// Chain resolves a key with the first of its resolvers that knows it
// (figures, then the bibliography, ...).
type Chain []Resolver

// Resolve implements Resolver.
func (c Chain) Resolve(doc *ast.Document, key string) (Target, bool) {
	for _, r := range c {
		if r == nil {
			continue
		}
		if t, ok := r.Resolve(doc, key); ok {
			return t, true
		}
	}
	return Target{}, false
}
