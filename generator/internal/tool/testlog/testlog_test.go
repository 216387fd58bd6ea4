package testlog

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The files in testdata are the real `go test -json` output of a small
// module with a passing, a failing, a skipping and a non-building package.

func run(t *testing.T, file string) (Summary, string) {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	s, err := Filter(f, &out)
	if err != nil {
		t.Fatal(err)
	}
	return s, out.String()
}

func TestSkipsAreOneLineEach(t *testing.T) {
	s, out := run(t, "skips.jsonl")
	if !s.OK() {
		t.Errorf("a run with only passes and skips is not OK: %+v", s)
	}
	want := []string{
		"SKIP skipt TestA: a_test.go:3: skipping x",
		"SKIP skipt TestB/sub: a_test.go:4: sub skip 1",
	}
	if strings.Join(s.Skips, "\n") != strings.Join(want, "\n") {
		t.Errorf("skips:\n%s\nwant:\n%s", strings.Join(s.Skips, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// A passing test's log and the framing of -json mode stay hidden, as
	// in plain go test.
	for _, hidden := range []string{"noise", "hello", "=== RUN", "--- PASS", "\nPASS\n"} {
		if strings.Contains("\n"+out, hidden) {
			t.Errorf("output shows %q:\n%s", hidden, out)
		}
	}
	if s.Passed != 2 || s.Skipped != 2 || s.Failed != 0 || s.Packages != 1 {
		t.Errorf("counts %+v", s)
	}
	if got := s.Line(); got != "tests: 2 passed, 0 failed, 2 skipped" {
		t.Errorf("closing line %q", got)
	}
}

func TestFailuresAndBuildErrorsShowInFull(t *testing.T) {
	s, out := run(t, "mixed.jsonl")
	if s.OK() {
		t.Errorf("a run with a failed test and a broken build is OK: %+v", s)
	}
	for _, want := range []string{
		"    b_test.go:3: bad\n        second line\n--- FAIL: TestB",
		"FAIL\tskipt/b\t",
		"c/c.go:2:12: undefined: undefined\n",
		"FAIL\tskipt/c [build failed]\n",
		"ok  \tskipt\t",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if s.Failed != 1 || !s.PackageFailed {
		t.Errorf("counts %+v", s)
	}
}

func TestNoPackagesIsNotOK(t *testing.T) {
	var out bytes.Buffer
	s, err := Filter(strings.NewReader("go: cannot find main module\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	if s.OK() {
		t.Error("a run that tested nothing is OK")
	}
	if out.String() != "go: cannot find main module\n" {
		t.Errorf("a line that is not JSON is not copied: %q", out.String())
	}
}
