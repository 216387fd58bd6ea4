package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reportgen"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/scaffold"
)

// A site in French gets the theme's French words everywhere the theme
// writes its own, the date in French words, and its own strings over them.
func TestFrenchSite(t *testing.T) {
	dir := t.TempDir()
	if _, err := scaffold.CreateSite(dir, scaffold.SiteRequest{Title: "Les pluies", Date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(dir, "content", "site.yaml")
	src, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), "language: en-GB", "language: fr-FR\nstrings:\n  start_reading: \"Lire le rapport\"", 1)
	if err := os.WriteFile(yaml, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{Src: dir, Out: out, Theme: reportgen.Theme(), Features: siteFeatures()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	home, results, notFound := read("index.html"), read("results/index.html"), read("404.html")
	for _, c := range []struct{ page, want string }{
		{home, `lang="fr-FR"`},
		{home, `<h2 id="contents-heading">Sommaire</h2>`},
		{home, `placeholder="Rechercher dans le rapport"`},
		{home, `<dt>Publié</dt><dd>5 mars 2024</dd>`},
		{home, `Publication : 5 mars 2024, par Your organisation.`},
		{home, `Lire le rapport`},
		{home, `Citer ce rapport`},
		{home, `"copy":"Copier"`},
		{results, `Tableau de l’édition 1`},
		{results, `Figure de l’édition 1`},
		{results, `Filtrer les lignes`},
		{results, `Télécharger les données :`},
		{notFound, `Page introuvable`},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("missing %q", c.want)
		}
	}
	for _, english := range []string{"Search the report", ">Contents<", "Table 1", "Start reading", "Filter rows", ">Published<", "Published 5", "Cite this report", "Page not found"} {
		for name, page := range map[string]string{"home": home, "results": results, "404": notFound} {
			if strings.Contains(page, english) {
				t.Errorf("%s page still says %q", name, english)
			}
		}
	}
}

// A misspelt key under strings: stops the build at site.yaml's line.
func TestUnknownStringIsAnError(t *testing.T) {
	dir := t.TempDir()
	if _, err := scaffold.CreateSite(dir, scaffold.SiteRequest{Title: "T", Date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(dir, "content", "site.yaml")
	src, _ := os.ReadFile(yaml)
	if err := os.WriteFile(yaml, append(src, "strings:\n  contnets: Inhalt\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := pipeline.Build(pipeline.Options{Src: dir, Out: filepath.Join(t.TempDir(), "public"), Theme: reportgen.Theme(), Features: siteFeatures()})
	if err == nil || !strings.Contains(err.Error(), "content/site.yaml:") || !strings.Contains(err.Error(), "contnets") {
		t.Errorf("got %v", err)
	}
}
