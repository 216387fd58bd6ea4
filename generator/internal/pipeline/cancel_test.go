package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"reportgen/generator/internal/pipeline"
)

// A build stopped (Ctrl-C, SIGTERM) before it publishes leaves the output
// as it was and no staging tree behind.
func TestCanceledBuildPublishesNothing(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if _, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: smallSite(t), Src: t.TempDir(), Out: out}); err != nil {
		t.Fatal(err)
	}
	before := read(t, out, "index.html")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := pipeline.Build(pipeline.Options{Features: bibliography(), FS: smallSite(t), Src: t.TempDir(), Out: out, Context: ctx})
	if !errors.Is(err, pipeline.ErrCanceled) {
		t.Fatalf("got %v, want ErrCanceled", err)
	}
	if read(t, out, "index.html") != before {
		t.Error("a stopped build changed the output")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("beside the output: %v", entries)
	}
}
