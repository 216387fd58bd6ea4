package synth

import (
	"bytes"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(250), Generate(250)
	if len(a.Files) != len(b.Files) {
		t.Fatalf("file counts differ: %d vs %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Fatalf("file %s differs between runs", a.Files[i].Path)
		}
	}
}
