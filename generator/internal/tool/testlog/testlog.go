// Package testlog turns the event stream of `go test -json` into the plain
// report a person reads: the usual line per package, the output of every
// failed test in full, and one line for every skipped test, which plain
// `go test` hides unless run with -v.
package testlog

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	// ImportPath names the package of build-output and build-fail events.
	ImportPath string
}

// Summary counts what the run did.
type Summary struct {
	Packages, Passed, Failed, Skipped int
	// PackageFailed is set when a package failed as a whole (did not
	// build, panicked, timed out) as well as when one of its tests failed.
	PackageFailed bool
	// Skips are the lines printed for skipped tests, in the order seen.
	Skips []string
}

// OK reports whether the run passed: some package ran and nothing failed.
func (s Summary) OK() bool {
	return s.Packages > 0 && s.Failed == 0 && !s.PackageFailed
}

// Line is the closing line: "tests: 12 passed, 0 failed, 2 skipped".
func (s Summary) Line() string {
	return fmt.Sprintf("tests: %d passed, %d failed, %d skipped", s.Passed, s.Failed, s.Skipped)
}

type testKey struct{ pkg, test string }

// Filter reads events from r and writes the report to w as they come: a
// package's own lines ("ok", "FAIL", build errors) at once, a test's
// output only when it fails, and for a skipped test one line naming it
// with the reason it gave. Lines that are not JSON (go test's own
// complaints) are copied through.
func Filter(r io.Reader, w io.Writer) (Summary, error) {
	var s Summary
	buf := map[testKey][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		switch ev.Action {
		case "build-output":
			fmt.Fprint(w, ev.Output)
			continue
		case "build-fail":
			s.PackageFailed = true
			continue
		}
		if ev.Test == "" {
			switch ev.Action {
			case "start":
				s.Packages++
			case "output":
				// "PASS" alone is what -v adds; plain go test does not
				// print it.
				if ev.Output != "PASS\n" {
					fmt.Fprint(w, ev.Output)
				}
			case "fail":
				s.PackageFailed = true
				// A panic or a timeout ends tests that never report: show
				// what they printed.
				for _, k := range sortedKeys(buf, ev.Package) {
					writeOutput(w, buf[k])
					delete(buf, k)
				}
			case "pass", "skip":
				for _, k := range sortedKeys(buf, ev.Package) {
					delete(buf, k)
				}
			}
			continue
		}
		k := testKey{ev.Package, ev.Test}
		switch ev.Action {
		case "output":
			buf[k] = append(buf[k], ev.Output)
		case "pass":
			s.Passed++
			delete(buf, k)
		case "fail":
			s.Failed++
			writeOutput(w, buf[k])
			delete(buf, k)
		case "skip":
			s.Skipped++
			msg := fmt.Sprintf("SKIP %s %s: %s", ev.Package, ev.Test, reason(buf[k]))
			s.Skips = append(s.Skips, msg)
			fmt.Fprintln(w, msg)
			delete(buf, k)
		}
	}
	return s, sc.Err()
}

// writeOutput prints a failed test's lines without the "=== RUN" framing
// that -json mode adds.
func writeOutput(w io.Writer, lines []string) {
	for _, l := range lines {
		if !strings.HasPrefix(l, "=== ") {
			fmt.Fprint(w, l)
		}
	}
}

// reason is the message the test gave t.Skip: the last line it logged
// before "--- SKIP".
func reason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "=== ") {
			continue
		}
		return l
	}
	return "no reason given"
}

func sortedKeys(buf map[testKey][]string, pkg string) []testKey {
	var ks []testKey
	for k := range buf {
		if k.pkg == pkg {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].test < ks[j].test })
	return ks
}
