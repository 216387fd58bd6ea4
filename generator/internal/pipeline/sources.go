package pipeline

import (
	"bytes"
	"hash/maphash"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/srcfs"
)

// DefaultSourceMemory is how many bytes of page sources a build holds
// through its index and write phases. Past it, each page's source is
// dropped once the page is indexed and its file is read again when it is
// rendered. A report's sources are a few hundred kilobytes
// and stay; those of 100,000 pages of 3 KB are 300 MB, which stayed on
// the heap through the whole write phase: 111 MB of the 291 MB live at the
// peak of a 30,000-page build, and every collection marked them again.
const DefaultSourceMemory = 64 << 20

// dropsSources decides whether the build drops the pages' sources: when
// they are more than it holds (Options.SourceMemory) and a Session does
// not keep the build (an update compares them). Each page's source is then
// dropped as soon as the page is indexed (dropSource), keeping what is
// needed to know it again: its length (the body is the end of its file)
// and a checksum.
func (s *site) dropsSources() bool {
	limit := s.Opts.SourceMemory
	if limit == 0 {
		limit = DefaultSourceMemory
	}
	if s.Opts.keep {
		return false
	}
	var total int64
	for _, p := range s.Tree.Pages {
		total += int64(len(p.Body))
	}
	if limit > 0 && total <= limit {
		return false
	}
	s.seed = maphash.MakeSeed()
	s.dropped = make(map[*content.Page]droppedSource, len(s.Tree.Pages))
	return true
}

// dropSource drops page p's source, once it is indexed. The home page's
// text opens the full report and stays; a section without _index.md has
// neither text nor file.
func (s *site) dropSource(p *content.Page) {
	if p == s.Tree.Home || p.Path == "" {
		return
	}
	s.dropped[p] = droppedSource{size: len(p.Body), sum: maphash.Bytes(s.seed, p.Body)}
	p.Body = nil
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
