package spectest

import (
	"strings"
	"testing"
)

const good = `1: one
//- - - - - - - - -//
*a*
//- - - - - - - - -//
<p><em>a</em></p>
//= = = = = = = = = = = = = = = = = = = = = = = =//

2: two
//- - - - - - - - -//
b
//- - - - - - - - -//
<p>b</p>
//= = = = = = = = = = = = = = = = = = = = = = = =//

`

func TestParseAndFormat(t *testing.T) {
	cases, err := Parse("x.txt", good)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Title != "1: one" || cases[0].Line != 1 || cases[1].Line != 8 || cases[1].Input != "b\n" {
		t.Errorf("cases = %+v", cases)
	}
	// -update writes what it read, case for case.
	if got := Format(cases); got != good {
		t.Errorf("Format changed the file:\n%s", got)
	}
}

// A case missing a separator fails with its file and line instead of
// being skipped (and then dropped by -update).
func TestMalformedCaseIsAnError(t *testing.T) {
	bad := strings.Replace(good, "b\n//- - - - - - - - -//\n", "b\n", 1)
	cases, err := Parse("x.txt", bad)
	if err == nil || !strings.HasPrefix(err.Error(), "x.txt:8: a case has a title") {
		t.Fatalf("error = %v", err)
	}
	if len(cases) != 1 {
		t.Errorf("%d good cases kept, want 1", len(cases))
	}
	if _, err := Parse("y.txt", "\n\n"); err == nil || err.Error() != "y.txt:1: the file holds no cases" {
		t.Errorf("empty file: %v", err)
	}
}
