package bench

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/bibliography"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/siteconfig"
	"reportgen/generator/internal/tool/bench/synth"

	"gopkg.in/yaml.v3"
)

// hugoMeta is the front matter of a converted page. Weights put the pages
// in the generator's reading order; the full report is kept out of lists.
type hugoMeta struct {
	Title       string            `yaml:"title"`
	Description string            `yaml:"description,omitempty"`
	Weight      int               `yaml:"weight,omitempty"`
	Layout      string            `yaml:"layout,omitempty"`
	Build       map[string]string `yaml:"_build,omitempty"`
}

// HugoReport converts the site in project (content/, references.yaml,
// site.yaml) into plain markdown files that Hugo builds into the same
// pages at the same URLs. Citations and shortcodes are this generator's
// own syntax; they become the plain text they stand for, so Hugo renders
// the same prose. It returns the site title with the files.
func HugoReport(project fs.FS) (title string, files []synth.File, err error) {
	var errs diag.List
	cfg, l := siteconfig.Load(project, "content/site.yaml")
	errs.Merge(l)
	bib, l := bibliography.Load(project, "content/references.yaml")
	errs.Merge(l)
	tree, l := content.Load(project, "content", false)
	errs.Merge(l)
	if errs.HasErrors(false) {
		return "", nil, &errs
	}
	conv := converter{bib: bib}
	add := func(p string, m hugoMeta, body string) error {
		fm, err := yaml.Marshal(m)
		if err != nil {
			return err
		}
		files = append(files, synth.File{Path: p, Data: []byte("---\n" + string(fm) + "---\n\n" + body)})
		return nil
	}
	for _, p := range tree.All() {
		m := hugoMeta{Title: p.Meta.Title, Description: p.Meta.Description, Weight: p.Order + 1}
		if p.Kind == content.KindHome {
			m.Weight = 0
		}
		if err := add(hugoPath(p), m, conv.convert(string(p.Body))); err != nil {
			return "", nil, err
		}
	}
	if cfg.FullReport != "" {
		m := hugoMeta{Title: cfg.Title, Layout: "full", Build: map[string]string{"list": "never"}}
		if err := add("content/"+cfg.FullReport+".md", m, ""); err != nil {
			return "", nil, err
		}
	}
	return cfg.Title, files, nil
}

// hugoPath is where Hugo wants a page so that it gets the same URL.
func hugoPath(p *content.Page) string {
	u := strings.Trim(p.URL, "/")
	switch {
	case p.Kind == content.KindHome:
		return "content/_index.md"
	case p.IsSection():
		return "content/" + u + "/_index.md"
	}
	return "content/" + u + ".md"
}

type converter struct{ bib *bibliography.Bibliography }

var (
	citeLinkRe  = regexp.MustCompile(`\[([^\]]*)\]\(cite:[^)\s]*\)`)
	bracketRe   = regexp.MustCompile(`\[(-?@[A-Za-z][\w:.-]*(?:\s*;\s*-?@[A-Za-z][\w:.-]*)*)\]`)
	narrativeRe = regexp.MustCompile(`(^|[^\w.@-])@([A-Za-z](?:[\w:.-]*[A-Za-z0-9])?)`)
	shortcodeRe = regexp.MustCompile(`\{\{[<%]\s*(/?)([\w-]+)[^}]*?[>%]\}\}`)
)

// convert replaces the generator's own syntax in a page body.
func (c converter) convert(body string) string {
	body = citeLinkRe.ReplaceAllString(body, "$1")
	body = bracketRe.ReplaceAllStringFunc(body, func(m string) string {
		var parts []string
		for _, k := range strings.Split(strings.Trim(m, "[]"), ";") {
			k = strings.TrimSpace(k)
			yearOnly := strings.HasPrefix(k, "-")
			parts = append(parts, c.cite(strings.TrimPrefix(strings.TrimPrefix(k, "-"), "@"), yearOnly))
		}
		return "(" + strings.Join(parts, "; ") + ")"
	})
	body = narrativeRe.ReplaceAllStringFunc(body, func(m string) string {
		sub := narrativeRe.FindStringSubmatch(m)
		key := sub[2]
		if e, ok := c.bib.Get(key); ok {
			return sub[1] + e.Short + " (" + e.YearText() + ")"
		}
		return sub[1] + c.cite(key, false)
	})
	// A shortcode that is closed later wraps text, which stays; one that
	// stands alone becomes its name, a word where the output would be.
	paired := map[string]bool{}
	for _, sub := range shortcodeRe.FindAllStringSubmatch(body, -1) {
		if sub[1] == "/" {
			paired[sub[2]] = true
		}
	}
	return shortcodeRe.ReplaceAllStringFunc(body, func(m string) string {
		sub := shortcodeRe.FindStringSubmatch(m)
		switch {
		case sub[1] == "/" || paired[sub[2]]:
			return ""
		case sub[2] == "references":
			var b strings.Builder
			for i, e := range c.bib.Entries {
				fmt.Fprintf(&b, "%d. %s\n", i+1, e.Text)
			}
			return b.String()
		}
		return sub[2]
	})
}

// cite is the plain text of one citation or cross-reference.
func (c converter) cite(key string, yearOnly bool) string {
	if strings.HasPrefix(key, "fig:") {
		return "Figure"
	}
	if strings.HasPrefix(key, "tbl:") {
		return "Table"
	}
	e, ok := c.bib.Get(key)
	if !ok {
		return key
	}
	if yearOnly {
		return e.YearText()
	}
	return e.Short + ", " + e.YearText()
}
