package scaffold

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// The files of a new site, as templates: a README for its editor, the
// site metadata, a title page, two chapters, references, and a small
// dataset with a chart and figures in the text.
//
//go:embed all:site
var skeleton embed.FS

// SiteRequest says what new site to write.
type SiteRequest struct {
	Title string
	// Date is the publication date written into site.yaml.
	Date time.Time
}

// PlanSite returns the files of a new site, paths relative to its root.
func PlanSite(r SiteRequest) ([]File, error) {
	title := strings.TrimSpace(r.Title)
	if title == "" {
		return nil, errors.New("give a title, e.g. -title \"Rainfall in 2024\"")
	}
	data := struct{ Title, Date, Year string }{title, r.Date.Format("2006-01-02"), r.Date.Format("2006")}
	funcs := template.FuncMap{
		// A JSON string is a YAML double-quoted string.
		"yaml": func(s string) (string, error) {
			b, err := json.Marshal(s)
			return string(b), err
		},
	}
	var files []File
	err := fs.WalkDir(skeleton, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(skeleton, p)
		if err != nil {
			return err
		}
		t, err := template.New(p).Funcs(funcs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return err
		}
		files = append(files, File{Path: strings.TrimPrefix(p, "site/"), Data: buf.Bytes()})
		return nil
	})
	return files, err
}

// CreateSite writes a new site into dir, which must not exist or be empty:
// nothing already there is ever replaced.
func CreateSite(dir string, r SiteRequest) ([]File, error) {
	files, err := PlanSite(r)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s is not empty; give a new folder, or an empty one", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	for _, f := range files {
		full := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		w, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			w.Close()
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
	}
	return files, nil
}
