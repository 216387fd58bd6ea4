// Package synth generates a deterministic synthetic site for benchmarks:
// N pages of about 3 KB of markdown each, in sections of a fixed size, whose
// content files both this generator and Hugo can build unchanged.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// PerSection is how many pages each section holds.
const PerSection = 100

// File is one generated file, by its slash path below the site root.
type File struct {
	Path string
	Data []byte
}

// Site is a generated site.
type Site struct {
	// Pages is the number of ordinary pages; Sections the number of
	// sections holding them. Every section and the home page also have an
	// _index.md, so the site has Pages+Sections+1 markdown files.
	Pages, Sections int
	Files           []File
}

// Markdown is the number of markdown files, the pages a build renders.
func (s *Site) Markdown() int { return s.Pages + s.Sections + 1 }

// Bytes is the total size of the generated markdown.
func (s *Site) Bytes() int {
	n := 0
	for _, f := range s.Files {
		if strings.HasSuffix(f.Path, ".md") {
			n += len(f.Data)
		}
	}
	return n
}

// Generate makes a site of n pages in sections of PerSection. The same n
// always gives the same bytes.
func Generate(n int) *Site { return GenerateIn(n, PerSection) }

// GenerateIn makes a site of n pages in sections of per pages (the same
// text as Generate, in other places).
func GenerateIn(n, per int) *Site {
	if n < 1 {
		n = 1
	}
	if per < 1 {
		per = PerSection
	}
	sections := (n + per - 1) / per
	s := &Site{Pages: n, Sections: sections}
	s.Files = append(s.Files,
		File{"content/site.yaml", []byte(siteYAML(n))},
		File{"content/_index.md", []byte(homePage(n, sections))},
	)
	for sec := 1; sec <= sections; sec++ {
		s.Files = append(s.Files, File{SectionDir(sec) + "/_index.md", []byte(sectionPage(sec, per))})
	}
	l := layout{n, per}
	for i := 1; i <= n; i++ {
		s.Files = append(s.Files, File{SectionDir(l.section(i)) + "/" + pageName(i) + ".md", l.page(i)})
	}
	return s
}

// SectionDir is the folder of section sec (1-based).
func SectionDir(sec int) string { return fmt.Sprintf("content/section-%03d", sec) }

func pageName(i int) string { return fmt.Sprintf("page-%05d", i) }

// PageURL is the root-relative URL of page i (1-based) of a site made by
// Generate.
func PageURL(i int) string { return layout{per: PerSection}.url(i) }

// layout places pages: n of them, per to a section.
type layout struct{ n, per int }

func (l layout) section(i int) int { return (i-1)/l.per + 1 }

func (l layout) url(i int) string {
	return fmt.Sprintf("/section-%03d/%s/", l.section(i), pageName(i))
}

// Write writes the site's files below dir.
func (s *Site) Write(dir string) error {
	for _, f := range s.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// MapFS returns the site as an in-memory file system, for in-process
// benchmarks; extra files (templates, assets) may be added to it.
func (s *Site) MapFS() fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range s.Files {
		m[f.Path] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

func siteYAML(n int) string {
	return fmt.Sprintf(`# Synthetic benchmark site: %d pages, generated deterministically.
title: "Synthetic benchmark site"
description: "A generated site of %d pages for measuring build speed."
language: en-GB
publishers:
  - "Benchmark Press"
date: "2010-04"
date_text: "April 2010"
copyright: "Generated text, free to use."
`, n, n)
}

func homePage(n, sections int) string {
	return fmt.Sprintf(`---
title: "Synthetic benchmark site"
description: "The home page of a generated site of %d pages in %d sections."
---

This site has %d generated pages in %d sections. Start with [the first page](%s).
`, n, sections, n, sections, PageURL(1))
}

func sectionPage(sec, per int) string {
	return fmt.Sprintf(`---
title: "Section %d"
description: "Generated section %d."
weight: %d
---

Section %d holds up to %d generated pages on *%s*.
`, sec, sec, sec, sec, per, topics[(sec-1)%len(topics)])
}

var topics = []string{
	"clinical governance", "workforce planning", "service redesign", "patient safety",
	"financial balance", "civic leadership", "commissioning", "quality improvement",
	"board assurance", "public transport", "river services", "urban housing",
}

var words = strings.Fields(`the a of to and in that for is on with as by at from this
be are was were it an or which their have has had not but all been more one who would
they there can also its than other some into only such these two may our most many
river valley engineer bridge council signal market ledger harbour route
hospital director service patient health care role team change experience training
development support colleague organisation consultant practice primary tidal strategic
authority review interview report finding barrier facilitator progress pathway decision
management professional identity hybrid culture value evidence policy reform improvement
quality safety budget target staff nurse general specialist performance governance`)

var langs = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"}

// gen writes one page's text from a random source seeded by the page
// number, so every page differs but the site is the same on every run.
type gen struct {
	r *rand.Rand
	b strings.Builder
}

func (g *gen) word() string { return words[g.r.IntN(len(words))] }

func (g *gen) sentence(minWords, maxWords int) {
	n := minWords + g.r.IntN(maxWords-minWords+1)
	for i := 0; i < n; i++ {
		w := g.word()
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			g.b.WriteByte(' ')
		}
		switch g.r.IntN(14) {
		case 0:
			g.b.WriteString("*" + w + "*")
		case 1:
			g.b.WriteString("**" + w + "**")
		default:
			g.b.WriteString(w)
		}
	}
	g.b.WriteString(". ")
}

func (g *gen) paragraph(sentences int) {
	for i := 0; i < sentences; i++ {
		g.sentence(8, 18)
	}
	g.b.WriteString("\n\n")
}

func (g *gen) link(l layout) string {
	j := 1 + g.r.IntN(l.n)
	return fmt.Sprintf("[page %d](%s)", j, l.url(j))
}

func (l layout) page(i int) []byte {
	g := &gen{r: rand.New(rand.NewPCG(uint64(i), 0x5eed))}
	sec := l.section(i)
	topic := topics[g.r.IntN(len(topics))]
	fmt.Fprintf(&g.b, "---\ntitle: \"Page %d: %s\"\ndescription: \"Generated page %d, in section %d, on %s.\"\nweight: %d\n---\n\n",
		i, topic, i, sec, topic, (i-1)%l.per+1)

	g.b.WriteString("This page is about *" + topic + "*; it follows on from " + g.link(l) +
		" and leads to " + g.link(l) + ". ")
	g.paragraph(4)

	g.b.WriteString("## " + strings.ToUpper(topic[:1]) + topic[1:] + " in practice\n\n")
	g.paragraph(5)
	for k := 0; k < 6; k++ {
		g.b.WriteString("- ")
		g.sentence(4, 9)
		if k%2 == 0 {
			g.b.WriteString("See " + g.link(l) + ".")
		}
		g.b.WriteString("\n")
	}
	g.b.WriteString("\n### Figures for section " + fmt.Sprint(sec) + "\n\n")
	g.b.WriteString("| Measure | Count | Share |\n|:--|--:|--:|\n")
	for k := 0; k < 6; k++ {
		c := g.r.IntN(500)
		fmt.Fprintf(&g.b, "| %s %s | %d | %d.%d%% |\n", g.word(), g.word(), c, c/5, g.r.IntN(10))
	}
	g.b.WriteString("\n")
	g.paragraph(4)

	g.b.WriteString("## A worked example\n\n")
	g.paragraph(2)
	name := langs[g.r.IntN(len(langs))]
	fmt.Fprintf(&g.b, "```go\n// %s sums the counts of page %d.\nfunc %s(counts []int) (total int) {\n"+
		"\tfor _, c := range counts {\n\t\ttotal += c\n\t}\n\treturn total // %d\n}\n```\n\n", name, i, name, g.r.IntN(1000))
	g.paragraph(4)
	g.b.WriteString("Back to [section " + fmt.Sprint(sec) + "](" + fmt.Sprintf("/section-%03d/", sec) + ") or on to " + g.link(l) + ".\n")
	return []byte(g.b.String())
}
