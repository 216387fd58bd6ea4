// Package scaffold plans new content files: a numbered markdown file (or a
// section folder with its _index.md) placed after the last entry of its
// folder, with the front matter an editor has to fill in.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"reportgen/generator/internal/input/frontmatter"
	"reportgen/generator/internal/slug"
)

// File is a file to create, relative to the site root.
type File struct {
	Path string // "content/13-new-chapter.md"
	Data []byte
}

// Request says what to create.
type Request struct {
	Title string
	// In is the folder below content/ to put it in ("" for the top level,
	// "08-findings" for a page of the findings).
	In string
	// Folder makes a section folder that will hold pages of its own
	// ("content/13-part/_index.md") instead of a single file.
	Folder bool
}

var prefixRe = regexp.MustCompile(`^(\d+)[-_. ]+`)

// Plan works out the file for r in the site fsys: named after the title,
// numbered one after the highest-ordered entry of its folder so it comes
// last in reading order. It refuses a title whose URL an existing page
// already has.
func Plan(fsys fs.FS, r Request) (*File, error) {
	title := strings.TrimSpace(r.Title)
	if title == "" {
		return nil, errors.New("give a title, e.g. new section \"Findings\"")
	}
	pageSlug := slug.Make(title)
	if pageSlug == "" {
		return nil, fmt.Errorf("title %q has no letters or digits to make a URL from", title)
	}
	in := strings.Trim(path.Clean("/"+filepath.ToSlash(r.In)), "/")
	if strings.HasPrefix(in, "content/") {
		in = strings.TrimPrefix(in, "content/")
	} else if in == "content" {
		in = ""
	}
	dir := path.Join("content", in)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no folder %s/; name one of the folders of content/", dir)
		}
		return nil, err
	}

	highest, width := 0, 2
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if !e.IsDir() && path.Ext(name) != ".md" {
			continue
		}
		m := readMeta(fsys, dir, e)
		if e.IsDir() && m == nil {
			// A folder without pages of its own (content/data) is no
			// section.
			if !hasMarkdown(fsys, path.Join(dir, name)) {
				continue
			}
		}
		weight := 0
		if m != nil {
			weight = m.Weight
		}
		if p := prefixRe.FindStringSubmatch(name); p != nil {
			width = max(width, len(p[1]))
			if weight == 0 {
				weight, _ = strconv.Atoi(p[1])
			}
		}
		highest = max(highest, weight)
		existing := strings.TrimSuffix(prefixRe.ReplaceAllString(name, ""), ".md")
		if m != nil && m.Slug != "" {
			existing = m.Slug
		} else {
			existing = slug.Make(existing)
		}
		if existing == pageSlug {
			return nil, fmt.Errorf("%s already has the URL slug %q; choose another title, or set slug: in the new file's front matter", path.Join(dir, name), pageSlug)
		}
	}
	name := fmt.Sprintf("%0*d-%s", width, highest+1, pageSlug)
	f := &File{Data: frontMatter(title)}
	if r.Folder {
		f.Path = path.Join(dir, name, "_index.md")
	} else {
		f.Path = path.Join(dir, name+".md")
	}
	return f, nil
}

// readMeta reads the front matter of a page, or of a folder's _index.md;
// nil when there is none or it does not parse (the build reports that).
func readMeta(fsys fs.FS, dir string, e fs.DirEntry) *frontmatter.Meta {
	p := path.Join(dir, e.Name())
	if e.IsDir() {
		p = path.Join(p, "_index.md")
	}
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil
	}
	doc, _ := frontmatter.Parse(p, src)
	if doc == nil {
		return nil
	}
	return &doc.Meta
}

func hasMarkdown(fsys fs.FS, dir string) bool {
	found := false
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".md" {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// frontMatter is what a new file starts with. The description is left
// empty for the editor: search engines and link previews show it, and the
// build warns while it is missing.
func frontMatter(title string) []byte {
	return []byte("---\ntitle: " + strconv.Quote(title) + "\n" +
		"# One sentence on what this part of the report says, for search results and link previews.\n" +
		"description: \"\"\n---\n\n")
}

// Create plans r in the site at root and writes the file, never replacing
// an existing one.
func Create(root string, r Request) (*File, error) {
	f, err := Plan(os.DirFS(root), r)
	if err != nil {
		return nil, err
	}
	full := filepath.Join(root, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	w, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s already exists; it was left as it is", f.Path)
		}
		return nil, err
	}
	if _, err := w.Write(f.Data); err != nil {
		w.Close()
		return nil, err
	}
	return f, w.Close()
}
