package pipeline

import (
	"bytes"
	"hash/maphash"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/srcfs"
)

// DefaultSourceMemory is how many bytes of page sources a build holds
// from the index phase to the write phase. Past it, the sources are
// dropped once the pages are indexed and each page's file is read again
// when it is rendered. A report's sources are a few hundred kilobytes
// and stay; those of 100,000 pages of 3 KB are 300 MB, which stayed on
// the heap through the whole write phase: 111 MB of the 291 MB live at the
// peak of a 30,000-page build, and every collection marked them again.
const DefaultSourceMemory = 64 << 20

// dropSources drops the pages' sources when they are more than the
// build holds (Options.SourceMemory), keeping what is needed to know each
// again: its length (the body is the end of its file) and a checksum.
// A build a Session keeps holds its sources: an update compares them.
func (s *site) dropSources() {
	limit := s.Opts.SourceMemory
	if limit == 0 {
		limit = DefaultSourceMemory
	}
	if s.Opts.keep {
		return
	}
	var total int64
	for _, p := range s.Tree.Pages {
		total += int64(len(p.Body))
	}
	if limit > 0 && total <= limit {
		return
	}
	s.seed = maphash.MakeSeed()
	s.dropped = make(map[*content.Page]droppedSource, len(s.Tree.Pages))
	// The home page's text opens the full report and stays.
	for _, p := range s.Tree.Pages {
		if p.Path == "" {
			continue // a section without _index.md: no text, no file
		}
		s.dropped[p] = droppedSource{size: len(p.Body), sum: maphash.Bytes(s.seed, p.Body)}
		p.Body = nil
	}
}

// droppedSource is what is left of a dropped page source.
type droppedSource struct {
	size int
	sum  uint64
}

// source is page p's markdown body: held, or read again from its file.
// A file whose body changed since the page was indexed (an editor saved
// it during the build) is an error: the figures and links numbered from
// the old text would not match the new.
func (s *site) source(p *content.Page) ([]byte, *diag.Error) {
	d, ok := s.dropped[p]
	if !ok {
		return p.Body, nil
	}
	src, err := srcfs.ReadFile(s.FS, p.Path, content.MaxPageBytes)
	if err != nil {
		return nil, diag.Errorf(p.Path, 0, 0, "cannot read: %v", err).WithHint("check the file is still there and readable, and build again")
	}
	at := len(src) - d.size
	if at < 0 || bytes.Count(src[:at], []byte("\n"))+1 != p.BodyLine || maphash.Bytes(s.seed, src[at:]) != d.sum {
		return nil, diag.Errorf(p.Path, 0, 0, "the file changed while the site was being built").
			WithHint("build again once it is saved")
	}
	return src[at:], nil
}
