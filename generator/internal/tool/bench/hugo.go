// Package bench compares this generator with Hugo on the same markdown: it
// lays out the two source trees (a synthetic site, or the report converted
// to plain Hugo markdown), runs each build as a child process and measures
// its wall time and peak memory.
package bench

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"reportgen/generator/internal/tool/bench/synth"
)

// hugoLayouts is a minimal Hugo theme of the same shape as the project's
// templates: the same sidebar rule, an outline, the content, prev/next,
// and fingerprinted, minified CSS and JS with integrity attributes.
//
//go:embed all:hugo/layouts
var hugoLayouts embed.FS

// HugoSite writes a Hugo site into dir: its config, the minimal layouts,
// the given content files (paths start with "content/") and the project's
// assets, so that Hugo does the same work the generator does.
func HugoSite(dir, title string, content []synth.File, assets fs.FS) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), []byte(hugoConfig(title)), 0o644); err != nil {
		return err
	}
	err := fs.WalkDir(hugoLayouts, "hugo/layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoLayouts.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "hugo/"))), data)
	})
	if err != nil {
		return err
	}
	for _, f := range content {
		if !strings.HasPrefix(f.Path, "content/") || !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	if assets == nil {
		return nil
	}
	// Stylesheets and scripts go through Hugo Pipes (minify, fingerprint)
	// like ours; everything else, vendored libraries included, is copied.
	return fs.WalkDir(assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil && p == "." {
			return fs.SkipDir // the project has no assets
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(assets, p)
		if err != nil {
			return err
		}
		into := "static"
		if ext := path.Ext(p); (ext == ".css" || ext == ".js") && !strings.HasPrefix(p, "vendor/") {
			into = "assets"
		}
		return writeFile(filepath.Join(dir, into, filepath.FromSlash(p)), data)
	})
}

func hugoConfig(title string) string {
	// RSS and taxonomies are off because the generator makes neither;
	// code is highlighted with classes, as ours is; robots.txt and the
	// sitemap are on, as ours are.
	return fmt.Sprintf(`baseURL = "/"
languageCode = "en-GB"
title = %q
copyright = "Generated for a benchmark."
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[markup.highlight]
  noClasses = false
  guessSyntax = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
`, title)
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// CopyDir copies the files of fsys below dir into the directory to (used
// for the project's templates and assets).
func CopyDir(fsys fs.FS, dir, to string) error {
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(to, filepath.FromSlash(p)), data)
	})
}

// SyntheticSites lays out the synthetic site twice below dir: "ours" (the
// content plus the project's templates and assets, read from project) and
// "hugo" (the same content files with the minimal Hugo theme). Earlier
// copies are moved into aside (see SetAside).
func SyntheticSites(dir, aside string, site *synth.Site, project fs.FS) (ours, hugo string, err error) {
	ours, hugo = filepath.Join(dir, "ours"), filepath.Join(dir, "hugo")
	for _, d := range []string{ours, hugo} {
		if err := SetAside(d, aside); err != nil {
			return "", "", err
		}
	}
	if err := site.Write(ours); err != nil {
		return "", "", err
	}
	for _, sub := range []string{"templates", "assets"} {
		if err := CopyDir(project, sub, ours); err != nil {
			return "", "", fmt.Errorf("copying the project's %s: %w", sub, err)
		}
	}
	assets, err := fs.Sub(project, "assets")
	if err != nil {
		return "", "", err
	}
	if err := HugoSite(hugo, "Synthetic benchmark site", site.Files, assets); err != nil {
		return "", "", err
	}
	return ours, hugo, nil
}
