package pdffile

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// tiny writes a two-page PDF laid out as Chromium writes one: classic
// cross-reference table, an outline of two bookmarks (the second nested),
// named destinations in the catalog and an information dictionary.
func tiny(t *testing.T) []byte {
	t.Helper()
	objs := []string{
		1: "<</Title (Old title) /Producer (Skia/PDF m156)>>",
		2: "<</Type /Catalog /Pages 3 0 R /Outlines 6 0 R /Dests 9 0 R>>",
		3: "<</Type /Pages /Kids [4 0 R 5 0 R] /Count 2>>",
		4: "<</Type /Page /Parent 3 0 R /MediaBox [0 0 595 842]>>",
		5: "<</Type /Page /Parent 3 0 R /MediaBox [0 0 595 842]>>",
		6: "<</Type /Outlines /First 7 0 R /Last 7 0 R /Count 2>>",
		7: "<</Title <FEFF004600690072007300740043006800610070007400650072> /Parent 6 0 R /First 8 0 R /Last 8 0 R /Dest [4 0 R /XYZ 0 800 0]>>",
		8: "<</Title (A \\(nested\\) one) /Parent 7 0 R /Dest [5 0 R /XYZ 0 800 0]>>",
		9: "<</first-chapter [4 0 R /XYZ 0 800 0] /second#2dchapter [5 0 R /XYZ 0 700 0]>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xd3\xeb\xe9\xe1\n")
	offs := make([]int, len(objs))
	for i := 1; i < len(objs); i++ {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i, objs[i])
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs))
	for i := 1; i < len(objs); i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offs[i])
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs), x)
	return b.Bytes()
}

func TestRead(t *testing.T) {
	f, err := Read(tiny(t))
	if err != nil {
		t.Fatal(err)
	}
	if f.Pages() != 2 {
		t.Errorf("pages %d, want 2", f.Pages())
	}
	want := []OutlineItem{{"FirstChapter", 1, 1}, {"A (nested) one", 2, 2}}
	if got := f.Outline(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outline %v, want %v", got, want)
	}
	d := f.Dests()
	if d["first-chapter"] != 1 || d["second-chapter"] != 2 || len(d) != 2 {
		t.Errorf("destinations %v", d)
	}
}

func TestUpdateKeepsTheFileAndChangesInfoAndBookmarks(t *testing.T) {
	orig := tiny(t)
	f, err := Read(orig)
	if err != nil {
		t.Fatal(err)
	}
	out := f.Update(Info{Title: "Médical report", Author: "Ham, Clark", Subject: "Careers"}, func(s string) string {
		return strings.ToUpper(s)
	})
	if !bytes.HasPrefix(out, orig) {
		t.Fatal("the update changed the original bytes")
	}
	g, err := Read(out)
	if err != nil {
		t.Fatalf("reading the updated file: %v", err)
	}
	want := []OutlineItem{{"FIRSTCHAPTER", 1, 1}, {"A (NESTED) ONE", 2, 2}}
	if got := g.Outline(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outline after update %v, want %v", got, want)
	}
	info := g.dictOf(g.trailer["Info"])
	for k, v := range map[name]string{"Title": "Médical report", "Author": "Ham, Clark", "Subject": "Careers", "Producer": "Skia/PDF m156"} {
		if got := text(info[k]); got != v {
			t.Errorf("info %s = %q, want %q", k, got, v)
		}
	}
	if g.Pages() != 2 || g.Dests()["second-chapter"] != 2 {
		t.Error("pages or destinations lost in the update")
	}

	// A second opinion on the file: poppler's pdfinfo, where installed.
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		cmd := exec.Command("pdfinfo", "-")
		cmd.Stdin = bytes.NewReader(out)
		txt, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo: %v\n%s", err, txt)
		}
		for _, w := range []string{"Title:           Médical report", "Author:          Ham, Clark", "Pages:           2"} {
			if !strings.Contains(string(txt), w) {
				t.Errorf("pdfinfo does not say %q:\n%s", w, txt)
			}
		}
		if strings.Contains(string(txt), "Syntax Error") {
			t.Errorf("pdfinfo finds errors:\n%s", txt)
		}
	}
}

// Damaged files are reported, never a panic.
func TestDamagedFiles(t *testing.T) {
	good := tiny(t)
	for n := 0; n < len(good); n += 7 {
		_, _ = Read(good[:n])
		bad := append([]byte(nil), good...)
		bad[n] ^= 0x55
		if f, err := Read(bad); err == nil {
			f.Outline()
			f.Dests()
			f.Update(Info{Title: "x"}, strings.ToUpper)
		}
	}
	if _, err := Read([]byte("%PDF-1.4\nnothing")); err == nil {
		t.Error("a file without startxref was read")
	}
}
