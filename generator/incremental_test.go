package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"reportgen"
	"reportgen/generator/internal/feature/search"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/bench/synth"
)

// The preview's incremental updates publish what a full build publishes:
// after each of a run of seeded random edits, the output a Session
// updated and the output of a full build of the same sources are the
// same files, byte for byte. The edits the session should apply without
// a full build (a page's text, a heading, the title of a page in a
// section) must be applied so, or the comparison would prove nothing.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	t.Run("synthetic", func(t *testing.T) {
		// Three sections of 60 pages: the sidebar of a long section is
		// collapsed around the current page.
		site := synth.GenerateIn(150, 60)
		dir := t.TempDir()
		for _, f := range site.Files {
			write(t, filepath.Join(dir, f.Path), f.Data)
		}
		// Titles edited again and again near one another, before the
		// random edits: what each update drew of a page's neighbours is
		// kept for the next.
		var titles []string
		for _, i := range []int{5, 6, 5, 16} {
			titles = append(titles, filepath.Join(dir, "content", "section-001", fmt.Sprintf("page-%05d.md", i)))
		}
		if inc := runEdits(t, dir, reportgen.Theme(), 7, 10, 64<<10, titles...); inc["title"] < len(titles) {
			t.Errorf("no edit of a title in a section was applied without a full build: %v", inc)
		}
	})
	t.Run("report", func(t *testing.T) {
		dir := t.TempDir()
		for _, d := range []string{"content", "templates", "assets"} {
			if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", d))); err != nil {
				t.Fatal(err)
			}
		}
		runEdits(t, dir, nil, 11, 12, search.MaxSingle,
			filepath.Join(dir, "content", "08-findings", "04-becoming-a-leader.md"),
			filepath.Join(dir, "content", "08-findings", "05-becoming-a-chief-executive.md"),
			filepath.Join(dir, "content", "08-findings", "04-becoming-a-leader.md"))
	})
}

// runEdits builds the site in dir in a session, retitles the pages titles
// one after the other, and makes n random edits.
// After each edit the session applied without a full build, it compares
// the session's output with a full build's. It returns how many edits of
// each kind were applied so. The search index is sharded past maxSingle
// bytes: a small site below search.MaxSingle has its shards updated too.
func runEdits(t *testing.T, dir string, theme fs.FS, seed uint64, n, maxSingle int, titles ...string) map[string]int {
	t.Helper()
	out, full := filepath.Join(t.TempDir(), "out"), filepath.Join(t.TempDir(), "full")
	opts := pipeline.Options{Src: dir, Out: out, BaseURL: "http://127.0.0.1:1313/", Theme: theme}
	features := func() []pipeline.Feature {
		fs := siteFeatures()
		for i, f := range fs {
			if _, ok := f.(*search.Feature); ok {
				fs[i] = search.NewSharded(maxSingle)
			}
		}
		return fs
	}
	ss := pipeline.NewSession(opts, features)
	defer ss.Close()
	if _, err := ss.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	sharded := maxSingle < search.MaxSingle
	if _, err := os.Stat(filepath.Join(out, "search", "t")); (err == nil) != sharded {
		t.Fatalf("the search index is sharded: %t, want %t", err == nil, sharded)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	incremental := map[string]int{}
	for i := range len(titles) + n {
		kind, changed := "title", titles[min(i, len(titles)-1):min(i+1, len(titles))]
		if i < len(titles) {
			retitle(t, titles[i], i)
		} else {
			kind, changed = randomEdit(t, r, dir, i)
		}
		res, err := ss.Update(context.Background(), changed)
		if err != nil {
			t.Fatalf("edit %d (%s of %v): %v", i, kind, changed, err)
		}
		t.Logf("edit %d: %s of %v: incremental %t, %d pages rendered", i, kind, changed, res.Incremental, res.Rendered)
		if !res.Incremental {
			continue // a full build already
		}
		incremental[kind]++
		fo := opts
		fo.Out, fo.Features = full, features()
		if _, err := pipeline.Build(fo); err != nil {
			t.Fatalf("edit %d (%s): full build: %v", i, kind, err)
		}
		if d := diffTrees(out, full); d != "" {
			t.Fatalf("edit %d (%s of %v, incremental %t): the updated output differs from a full build: %s", i, kind, changed, res.Incremental, d)
		}
	}
	if incremental["text"] == 0 {
		t.Errorf("no edit of a page's text was applied without a full build: %v", incremental)
	}
	return incremental
}

var headingRe = regexp.MustCompile(`(?m)^## .*\n`)

// randomEdit makes one edit of the site in dir and returns what kind it
// was and the files it changed.
func randomEdit(t *testing.T, r *rand.Rand, dir string, i int) (string, []string) {
	t.Helper()
	var pages []string
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			pages = append(pages, p)
		}
		return nil
	})
	slices.Sort(pages)
	p := pages[r.IntN(len(pages))]
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	head, body := splitFront(src)
	kinds := []string{"text", "text", "text", "text", "title", "title", "description", "heading+", "heading-", "citation", "new page", "delete", "rename"}
	kind := kinds[r.IntN(len(kinds))]
	switch kind {
	case "text":
		body = insertParagraph(r, body, fmt.Sprintf("An edited paragraph, number %d, with words to find.", i))
	case "title", "description":
		head = setKey(head, kind, fmt.Sprintf("Retitled %d", i))
	case "heading+":
		body = insertParagraph(r, body, fmt.Sprintf("## Added heading %d\n\nText under it.", i))
	case "heading-":
		if loc := headingRe.FindIndex(body); loc != nil {
			body = slices.Concat(body[:loc[0]], body[loc[1]:])
		}
	case "citation":
		cite := "(Ham and Dickinson, 2008)"
		if _, err := os.Stat(filepath.Join(dir, "content", "references.yaml")); err == nil {
			cite = "[@ham2008]"
		}
		body = insertParagraph(r, body, "A new claim cited "+cite+".")
	case "new page":
		np := filepath.Join(filepath.Dir(p), fmt.Sprintf("new-%d.md", i))
		write(t, np, []byte(fmt.Sprintf("---\ntitle: \"New page %d\"\ndescription: \"A page added.\"\n---\n\nIts text.\n", i)))
		return kind, []string{np}
	case "delete":
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return kind, []string{p}
	case "rename":
		np := filepath.Join(filepath.Dir(p), fmt.Sprintf("renamed-%d.md", i))
		if err := os.Rename(p, np); err != nil {
			t.Fatal(err)
		}
		return kind, []string{p, np}
	}
	write(t, p, slices.Concat(head, []byte("---\n"), body))
	return kind, []string{p}
}

// setKey sets a front matter key to a string in head.
func setKey(head []byte, key, value string) []byte {
	re := regexp.MustCompile(`(?m)^` + key + `: .*$`)
	line := fmt.Sprintf(`%s: %q`, key, value)
	if re.Match(head) {
		return re.ReplaceAll(head, []byte(line))
	}
	return append(head, line+"\n"...)
}

// retitle gives the page p a new title.
func retitle(t *testing.T, p string, i int) {
	t.Helper()
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	head, body := splitFront(src)
	write(t, p, slices.Concat(setKey(head, "title", fmt.Sprintf("Retitled %d", i)), []byte("---\n"), body))
}

// splitFront cuts a page after the opening --- line and its front
// matter (head, without the closing ---) from the body.
func splitFront(src []byte) (head, body []byte) {
	end := bytes.Index(src[3:], []byte("\n---\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) || end < 0 {
		return []byte("---\n"), src
	}
	return slices.Clone(src[:end+4]), slices.Clone(src[end+8:])
}

// insertParagraph puts para between two blocks of body, outside fenced
// blocks.
func insertParagraph(r *rand.Rand, body []byte, para string) []byte {
	var at []int
	fenced := false
	lines := bytes.SplitAfter(body, []byte("\n"))
	off := 0
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte("```")) {
			fenced = !fenced
		}
		off += len(l)
		if !fenced && len(bytes.TrimSpace(l)) == 0 && i > 0 && len(bytes.TrimSpace(lines[i-1])) > 0 {
			at = append(at, off)
		}
	}
	if len(at) == 0 {
		return slices.Concat(body, []byte("\n\n"+para+"\n"))
	}
	k := at[r.IntN(len(at))]
	return slices.Concat(body[:k], []byte(para+"\n\n"), body[k:])
}

func write(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffTrees names the first difference between two directory trees
// (files, folders and their contents), or returns "".
func diffTrees(a, b string) string {
	list := func(root string) map[string][]byte {
		m := map[string][]byte{}
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == root {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				m[rel+"/"] = nil
				return nil
			}
			data, err := os.ReadFile(p)
			m[rel] = data
			return err
		})
		return m
	}
	ma, mb := list(a), list(b)
	var diffs []string
	for rel, da := range ma {
		db, ok := mb[rel]
		switch {
		case !ok:
			diffs = append(diffs, rel+" only in the updated output")
		case !bytes.Equal(da, db):
			diffs = append(diffs, rel+" differs")
		}
	}
	for rel := range mb {
		if _, ok := ma[rel]; !ok {
			diffs = append(diffs, rel+" missing from the updated output")
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	return strings.Join(diffs, "; ")
}
