package bibliography

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadAndFormat(t *testing.T) {
	fsys := fstest.MapFS{"content/references.yaml": {Data: []byte(`- key: ham2009
  short: Ham
  year: 2009
  type: report
  text: "Ham, C (2009) *Learning from the Best*. Coventry: NHS Institute <x>"
`)}}
	b, errs := Load(fsys, "content/references.yaml")
	if errs.Len() > 0 {
		t.Fatal(errs)
	}
	e, ok := b.Get("ham2009")
	if !ok {
		t.Fatal("entry missing")
	}
	if got := e.HTML(); got != "Ham, C (2009) <em>Learning from the Best</em>. Coventry: NHS Institute &lt;x&gt;" {
		t.Errorf("HTML = %q", got)
	}
	if e.YearText() != "2009" {
		t.Errorf("year %q", e.YearText())
	}
}

func TestCurlyQuotes(t *testing.T) {
	e := &Entry{Text: "Hoff, T (1998) 'Physician Executives in Managed Care.' *Journal of Healthcare Management*, 43 (6): 481-97"}
	want := "Hoff, T (1998) ‘Physician Executives in Managed Care.’ <em>Journal of Healthcare Management</em>, 43 (6): 481-97"
	if got := e.HTML(); got != want {
		t.Errorf("HTML = %q\nwant   %q", got, want)
	}
}

func TestErrors(t *testing.T) {
	cases := map[string]string{
		"unknown key":   "- key: a\n  short: A\n  year: 2000\n  text: t\n  yaer: 2001\n",
		"missing short": "- key: a\n  year: 2000\n  text: t\n",
		"duplicate":     "- key: a\n  short: A\n  year: 2000\n  text: t\n- key: a\n  short: B\n  year: 2001\n  text: u\n",
		"not a list":    "key: a\n",
		"no key":        "- short: A\n  year: 2000\n  text: t\n",
	}
	for name, src := range cases {
		_, errs := Load(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, "r.yaml")
		if errs.Len() == 0 {
			t.Errorf("%s: accepted", name)
			continue
		}
		if e := errs.Items()[0]; !strings.HasPrefix(e.Error(), "r.yaml:") || e.Line == 0 {
			t.Errorf("%s: %q does not name the file", name, errs.Items()[0].Error())
		}
	}
}

func TestDuplicateNamesItsLine(t *testing.T) {
	src := "- key: a\n  short: A\n  year: 2000\n  text: t\n- key: a\n  short: B\n  year: 2001\n  text: u\n"
	_, errs := Load(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, "r.yaml")
	if errs.Len() != 1 || !strings.HasPrefix(errs.Items()[0].Error(), `r.yaml:5:1: reference key "a" is used twice`) {
		t.Errorf("got %v", errs)
	}
}

func TestMissingFileIsEmpty(t *testing.T) {
	b, errs := Load(fstest.MapFS{}, "content/references.yaml")
	if errs.Len() > 0 || len(b.Entries) != 0 {
		t.Errorf("got %v, %v", b.Entries, errs)
	}
}

// An unreadable bibliography is an error, not an empty list: otherwise every
// citation would fail with a misleading "unknown key".
func TestUnreadableFileIsAnError(t *testing.T) {
	_, errs := Load(failingFS{}, "content/references.yaml")
	if errs.Len() != 1 || !strings.Contains(errs.Items()[0].Error(), "content/references.yaml: cannot read the bibliography: permission denied") {
		t.Errorf("got %v", errs)
	}
}

type failingFS struct{}

func (failingFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
}
