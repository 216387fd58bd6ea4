package diag

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		e    *Error
		want string
	}{
		{Errorf("content/a.md", 3, 7, "bad %s", "thing").WithHint("do %s", "this"), "content/a.md:3:7: bad thing; do this"},
		{&Error{Path: "content/a.md", Msg: "unreadable"}, "content/a.md: unreadable"},
		{&Error{Path: "content/a.md", Line: 2, Col: 1, Msg: "empty", Warning: true}, "content/a.md:2:1: warning: empty"},
		{&Error{Phase: "write", Msg: "disk full"}, "write: disk full"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestListSortsAndDropsRepeats(t *testing.T) {
	var l List
	l.Add(Errorf("b.md", 1, 1, "x"))
	l.Add(Errorf("a.md", 9, 1, "y"))
	l.Add(Errorf("a.md", 2, 5, "z"))
	l.Add(Errorf("a.md", 9, 1, "y")) // the same problem met again
	l.Add(nil)
	var other List
	other.Add(Errorf("b.md", 1, 1, "x"))
	l.Merge(&other)
	l.AddErr("write", "c.txt", errors.New("plain"))
	want := []string{"a.md:2:5: z", "a.md:9:1: y", "b.md:1:1: x", "c.txt: plain"}
	items := l.Items()
	if len(items) != len(want) || l.Len() != len(want) {
		t.Fatalf("got %d items (Len %d): %v", len(items), l.Len(), l.Error())
	}
	for i, w := range want {
		if items[i].Error() != w {
			t.Errorf("item %d = %q, want %q", i, items[i].Error(), w)
		}
	}
}

func TestWarningsAndStrict(t *testing.T) {
	var l List
	w := Errorf("a.md", 1, 1, "no description")
	w.Warning = true
	l.Add(w)
	if l.HasErrors(false) || l.Err(false) != nil {
		t.Error("a warning alone counts as an error")
	}
	if !l.HasErrors(true) || l.Err(true) == nil {
		t.Error("strict does not count the warning")
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("ab\ncdé\nf")
	for _, c := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 2, 5}, {8, 3, 1}, {100, 3, 2},
	} {
		if l, col := LineCol(src, c.off); l != c.line || col != c.col {
			t.Errorf("offset %d: %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

// A position in a page body is a position in its file: the body starts
// after the front matter, on line bodyLine.
func TestBodyPositions(t *testing.T) {
	body := []byte("one\ntwo [@x]\n")
	if line, col := BodyLineCol(5, body, 8); line != 6 || col != 5 {
		t.Errorf("BodyLineCol = %d:%d, want 6:5", line, col)
	}
	// A file without front matter: the body starts on line 1 (or the
	// line is not known, 0).
	for _, bodyLine := range []int{0, 1} {
		if line, col := BodyLineCol(bodyLine, body, 8); line != 2 || col != 5 {
			t.Errorf("BodyLineCol(%d) = %d:%d, want 2:5", bodyLine, line, col)
		}
	}
	if got := At("a.md", 5, body, 8, "bad %s", "key").Error(); got != "a.md:6:5: bad key" {
		t.Errorf("At = %q", got)
	}
}

// An error moved to where it stands keeps a positioned error's message
// and hint, behind the name of what found it.
func TestPlace(t *testing.T) {
	cases := []struct {
		err    error
		prefix string
		want   string
	}{
		{errors.New("no column x"), "stat", "a.md:3:4: stat: no column x"},
		{Errorf("", 0, 0, "no column x").WithHint("use y"), "stat", "a.md:3:4: stat: no column x; use y"},
		{fmt.Errorf("wrapped: %w", Errorf("", 0, 0, "inner").WithHint("h")), "", "a.md:3:4: inner; h"},
	}
	for _, c := range cases {
		if got := Place(c.err, "a.md", 3, 4, c.prefix).Error(); got != c.want {
			t.Errorf("Place = %q, want %q", got, c.want)
		}
	}
}

// Reading a list leaves it as it was: a slice handed out earlier keeps its
// order and every item added later is still seen.
func TestItemsDoesNotChangeTheList(t *testing.T) {
	var l List
	l.Add(Errorf("b.md", 1, 1, "x"))
	l.Add(Errorf("a.md", 1, 1, "y"))
	l.Add(Errorf("b.md", 1, 1, "x"))
	first := l.Items()
	if len(first) != 2 || first[0].Path != "a.md" {
		t.Fatalf("Items = %v", first)
	}
	if len(l.items) != 3 || l.items[0].Path != "b.md" {
		t.Errorf("Items reordered or shortened the list: %v", l.items)
	}
	l.Add(Errorf("0.md", 1, 1, "z"))
	if l.Len() != 3 || first[0].Path != "a.md" || l.Items()[0].Path != "0.md" {
		t.Errorf("after Add: %v, earlier slice %v", l.Items(), first)
	}
}
