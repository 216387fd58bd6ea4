// Package flow reads flows (routes of steps, each resting on a sentence of
// the text), one per YAML file: a schema and a strict loader whose errors
// name file and line. It holds the model only; the
// diagram drawer (markdown/ext/flowchart) lays the paths out.
//
// A file describes one path:
//
//	id: apprentice-to-master      # lower-case letters, digits, hyphens
//	example: 1                    # optional: the path's place in the order (default: file name order)
//	title: From apprentice to master
//	summary: One or two sentences on the path, titled by what it shows.
//	data_row:                     # optional: the dataset row this path is, when certain
//	  dataset: survey             #   (optional when the site has one dataset)
//	  key: 3                      #   the row's key
//	  only: posts = 6             #   a fact of the text that only this row has
//	steps:
//	  - id: journeyman
//	    role: Journeyman
//	    setting: The guild        # optional: where, as the text puts it
//	    note: optional short remark
//	    evidence: The exact sentence or clause of the text it rests on.
//	    branch: master            # optional: an alternative route to another step
//	    next: master              # optional: where the route goes, when not the following step
//	    end: true                 # optional: the route ends here although steps follow
//
// A step leads to the step after it unless it sets next or end. Evidence is
// quoted as it stands in the markdown (straight quotes); whether it is
// really there is checked against the parsed pages by the build.
package flow

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/yamlfile"

	"gopkg.in/yaml.v3"
)

// Set is the career paths of a site.
type Set struct {
	// Paths are ordered by example number.
	Paths []*Path
	// Evidence holds each distinct quoted text once, in path and step
	// order; steps quoting the same words share one anchor.
	Evidence []*Evidence
	byID     map[string]*Path
}

// Path finds a path by id.
func (s *Set) Path(id string) (*Path, bool) {
	if s == nil {
		return nil, false
	}
	p, ok := s.byID[id]
	return p, ok
}

// IDs lists the path ids in example order, for hints.
func (s *Set) IDs() []string {
	var ids []string
	if s != nil {
		for _, p := range s.Paths {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Path is one career path.
type Path struct {
	ID string
	// Example orders the paths; 0 when the file gives no number.
	Example int
	Title   string
	Summary string
	// Row is the dataset row this path is the career of; nil unless the
	// data leaves no doubt.
	Row   *DataRow
	Steps []*Step
	// File is the source file; Line the line of its id; StepsAt where
	// its list of steps starts.
	File    string
	Line    int
	StepsAt Pos
}

// Step is one role on a path.
type Step struct {
	ID, Role, Setting, Note string
	// Quote is the evidence as written; Evidence the shared anchor of its
	// normalised text.
	Quote    string
	Evidence *Evidence
	// Next is where the route goes after this step (nil at an end);
	// Branch an alternative route, nil when there is none.
	Next, Branch *Step
	// Number is the step's position in the diagram's reading order, from
	// 1, given when the path is laid out for drawing (flowchart.Lay).
	Number int
	Path   *Path
	// Line is the line of the step's entry; EvidenceAt where its evidence
	// value starts.
	Line       int
	EvidenceAt Pos
}

// DataRow ties a path to one row of a dataset. Only is a condition on the
// data ("posts = 6") that the build checks holds for that row and no
// other, so a path is tied to a person only where the data leaves no doubt.
type DataRow struct {
	Dataset, Key, Only string
	// At is the position of the key; OnlyAt of the condition.
	At, OnlyAt Pos
}

// Pos is a line and column in a source file.
type Pos struct{ Line, Col int }

// Evidence is a quoted sentence or clause of the report, anchored once in
// the text however many steps rest on it.
type Evidence struct {
	// ID is the anchor id without page prefix ("ev-secondary-care-ceo").
	ID string
	// Text is the quote with its white space collapsed and curly quotes
	// made straight, as the page text is compared.
	Text  string
	Steps []*Step
}

// Normalize collapses runs of white space to one space, trims the ends and
// makes curly quotes straight, so a quote matches the markdown however it
// was wrapped or copied.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0':
			space = b.Len() > 0
			continue
		case '\u2018', '\u2019':
			r = '\''
		case '\u201c', '\u201d':
			r = '"'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var idRe = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

type fileYAML struct {
	ID      string     `yaml:"id"`
	Example int        `yaml:"example"`
	Title   string     `yaml:"title"`
	Summary string     `yaml:"summary"`
	DataRow *rowYAML   `yaml:"data_row"`
	Steps   []stepYAML `yaml:"steps"`
}

type rowYAML struct {
	Dataset string `yaml:"dataset"`
	Key     string `yaml:"key"`
	Only    string `yaml:"only"`
}

type stepYAML struct {
	ID       string `yaml:"id"`
	Role     string `yaml:"role"`
	Setting  string `yaml:"setting"`
	Note     string `yaml:"note"`
	Evidence string `yaml:"evidence"`
	Branch   string `yaml:"branch"`
	Next     string `yaml:"next"`
	End      bool   `yaml:"end"`
}

// Load reads every .yaml (or .yml) file in dir of fsys, one path per file.
// A site without the directory has no career paths, which is no error.
func Load(fsys fs.FS, dir string) (*Set, *diag.List) {
	var errs diag.List
	set := &Set{byID: map[string]*Path{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			errs.Add(diag.Errorf(dir, 0, 0, "cannot read career paths: %v", err))
		}
		return set, &errs
	}
	byExample := map[int]*Path{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || (path.Ext(name) != ".yaml" && path.Ext(name) != ".yml") {
			continue
		}
		file := path.Join(dir, name)
		src, err := yamlfile.Read(fsys, file)
		if e := yamlfile.TooBig(file, err); e != nil {
			errs.Add(e)
			continue
		}
		if err != nil {
			errs.Add(diag.Errorf(file, 0, 0, "cannot read: %v", err))
			continue
		}
		p, l := Parse(file, src)
		errs.Merge(l)
		if p == nil {
			continue
		}
		if prev, dup := set.byID[p.ID]; dup {
			errs.Add(diag.Errorf(file, p.Line, 1, "career path id %q is already used by %s", p.ID, prev.File).
				WithHint("give each path its own id"))
			continue
		}
		if prev, dup := byExample[p.Example]; dup && p.Example > 0 {
			errs.Add(diag.Errorf(file, p.Line, 1, "example %d is already used by %s", p.Example, prev.File).
				WithHint("number the paths 1, 2, 3, ... once each"))
			continue
		}
		set.byID[p.ID] = p
		byExample[p.Example] = p
		set.Paths = append(set.Paths, p)
	}
	// Numbered paths first, in their order; the others in file name order.
	order := func(p *Path) int {
		if p.Example == 0 {
			return int(^uint(0) >> 1)
		}
		return p.Example
	}
	sort.SliceStable(set.Paths, func(i, j int) bool { return order(set.Paths[i]) < order(set.Paths[j]) })
	byText := map[string]*Evidence{}
	for _, p := range set.Paths {
		for _, s := range p.Steps {
			key := Normalize(s.Quote)
			ev, ok := byText[key]
			if !ok {
				ev = &Evidence{ID: "ev-" + p.ID + "-" + s.ID, Text: key}
				byText[key] = ev
				set.Evidence = append(set.Evidence, ev)
			}
			ev.Steps = append(ev.Steps, s)
			s.Evidence = ev
		}
	}
	return set, &errs
}

// Parse reads one path file. It returns nil and the problems when the file
// is not a valid path.
func Parse(file string, src []byte) (*Path, *diag.List) {
	var errs diag.List
	var f fileYAML
	if l := yamlfile.Decode(file, src, &f); l.Len() > 0 {
		for _, e := range l.Items() {
			// The YAML parser gives no line for a file that stops in the
			// middle of a value: that is its last line.
			if e.Line < 1 {
				e.Line = 1
				if strings.Contains(e.Msg, "end of stream") {
					e.Line = 1 + strings.Count(strings.TrimRight(string(src), "\n"), "\n")
				}
			}
		}
		return nil, l
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		// yamlfile accepted it, so this cannot happen; say so rather than
		// crash if the two ever disagree.
		errs.Add(diag.Errorf(file, 1, 1, "cannot read: %v", err))
		return nil, &errs
	}
	if n := aliased(&root); n != nil {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "anchors and aliases (& and *) are not supported in career path files").
			WithHint("write each value out in full"))
		return nil, &errs
	}
	top := mapping(&root)
	if top == nil {
		errs.Add(diag.Errorf(file, 1, 1, "the file holds no career path").
			WithHint("write id, example, title, summary and steps"))
		return nil, &errs
	}
	p := &Path{ID: f.ID, Example: f.Example, Title: strings.TrimSpace(f.Title), Summary: strings.TrimSpace(f.Summary),
		File: file, Line: top.Line}
	if k, _ := lookup(top, "id"); k != nil {
		p.Line = k.Line
	}
	missing := func(m *yaml.Node, key, what string) bool {
		k, v := lookup(m, key)
		if k == nil || v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) == "" {
			line, col := m.Line, m.Column
			if k != nil {
				line, col = k.Line, k.Column
			}
			errs.Add(diag.Errorf(file, line, col, "missing %s", key).WithHint("%s", what))
			return true
		}
		return false
	}
	if !missing(top, "id", "give the path an id of lower-case letters, digits and hyphens (id: secondary-care)") && !idRe.MatchString(f.ID) {
		_, v := lookup(top, "id")
		errs.Add(diag.Errorf(file, v.Line, v.Column, "path id %q is not usable in a link", f.ID).
			WithHint("use lower-case letters, digits and hyphens, e.g. %s", suggestID(f.ID)))
	}
	if k, v := lookup(top, "example"); k != nil && f.Example < 1 {
		errs.Add(diag.Errorf(file, v.Line, v.Column, "example must be 1 or more, not %d", f.Example).
			WithHint("number the paths 1, 2, 3, ..., or leave example out to order them by file name"))
	}
	missing(top, "title", "give the path a short title")
	missing(top, "summary", "say in a sentence or two what the path shows")
	if k, v := lookup(top, "data_row"); k != nil {
		p.Row = &DataRow{At: Pos{k.Line, k.Column}}
		if f.DataRow != nil {
			p.Row.Dataset, p.Row.Key, p.Row.Only = f.DataRow.Dataset, strings.TrimSpace(f.DataRow.Key), strings.TrimSpace(f.DataRow.Only)
		}
		for _, key := range []string{"key", "only"} {
			kk, vv := lookup(v, key)
			switch {
			case kk == nil || strings.TrimSpace(vv.Value) == "":
				errs.Add(diag.Errorf(file, k.Line, k.Column, "data_row has no %s", key).
					WithHint("give the row's key and a fact only that row has (only: posts = 6), or remove data_row unless the data leaves no doubt which row the path is"))
			case key == "key":
				p.Row.At = Pos{vv.Line, vv.Column}
			default:
				p.Row.OnlyAt = Pos{vv.Line, vv.Column}
			}
		}
	}
	sk, sv := lookup(top, "steps")
	if sk == nil {
		errs.Add(diag.Errorf(file, top.Line, top.Column, "missing steps").
			WithHint("list the path's steps in order, each with id, role, setting and evidence"))
		return nil, &errs
	}
	if sv.Kind != yaml.SequenceNode || len(sv.Content) == 0 {
		errs.Add(diag.Errorf(file, sk.Line, sk.Column, "the path has no steps").
			WithHint("list the path's steps in order, each with id, role, setting and evidence"))
		return nil, &errs
	}
	p.StepsAt = Pos{Line: sk.Line, Col: sk.Column}
	// Steps are read node by node (the strict decode above has checked
	// their keys and types) so each keeps its position, empty ones too.
	items := sv.Content
	steps := make([]stepYAML, len(items))
	byID := map[string]*Step{}
	for i, item := range items {
		if item.Kind != yaml.MappingNode {
			errs.Add(diag.Errorf(file, item.Line, item.Column, "step %d is empty", i+1).
				WithHint("give each step id, role, setting and evidence"))
			continue
		}
		if err := item.Decode(&steps[i]); err != nil {
			errs.Add(diag.Errorf(file, item.Line, item.Column, "step %d: %v", i+1, err))
			continue
		}
		sy := steps[i]
		s := &Step{ID: sy.ID, Role: strings.TrimSpace(sy.Role), Setting: strings.TrimSpace(sy.Setting),
			Note: strings.TrimSpace(sy.Note), Quote: sy.Evidence, Path: p, Line: item.Line}
		label := fmt.Sprintf("step %d", i+1)
		if sy.ID != "" {
			label += " (" + sy.ID + ")"
		}
		need := func(key, what string) bool {
			k, v := lookup(item, key)
			if k == nil || strings.TrimSpace(v.Value) == "" {
				line, col := item.Line, item.Column
				if k != nil {
					line, col = k.Line, k.Column
				}
				errs.Add(diag.Errorf(file, line, col, "%s has no %s", label, key).WithHint("%s", what))
				return false
			}
			return true
		}
		if need("id", "give each step an id of lower-case letters, digits and hyphens") {
			_, v := lookup(item, "id")
			if !idRe.MatchString(sy.ID) {
				errs.Add(diag.Errorf(file, v.Line, v.Column, "step id %q is not usable in a link", sy.ID).
					WithHint("use lower-case letters, digits and hyphens, e.g. %s", suggestID(sy.ID)))
			} else if prev, dup := byID[sy.ID]; dup {
				errs.Add(diag.Errorf(file, v.Line, v.Column, "step id %q is already used on line %d", sy.ID, prev.Line).
					WithHint("give each step of a path its own id"))
			} else {
				byID[sy.ID] = s
			}
		}
		need("role", "say what the role was (role: Site engineer)")
		if need("evidence", "quote the sentence or clause of the report this step rests on") {
			_, v := lookup(item, "evidence")
			s.EvidenceAt = Pos{v.Line, v.Column}
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				// A block scalar's text starts after its indicator line.
				s.EvidenceAt = textStart(src, v.Line+1)
			}
		}
		if sy.End && sy.Next != "" {
			k, _ := lookup(item, "next")
			errs.Add(diag.Errorf(file, k.Line, k.Column, "%s both ends the path and has next: %s", label, sy.Next).
				WithHint("remove end: true or next"))
		}
		p.Steps = append(p.Steps, s)
	}
	if errs.Len() > 0 {
		return nil, &errs
	}
	// Link the steps.
	for i, sy := range steps {
		s, item := p.Steps[i], items[i]
		ref := func(key, id string) *Step {
			t, ok := byID[id]
			if !ok {
				_, v := lookup(item, key)
				errs.Add(diag.Errorf(file, v.Line, v.Column, "%s to unknown step %q", key, id).
					WithHint("steps of this path: %s", strings.Join(stepIDs(p), ", ")))
			}
			return t
		}
		switch {
		case sy.Next != "":
			s.Next = ref("next", sy.Next)
		case !sy.End && i+1 < len(p.Steps):
			s.Next = p.Steps[i+1]
		}
		if sy.Branch != "" {
			s.Branch = ref("branch", sy.Branch)
			if s.Branch != nil && s.Branch == s.Next {
				_, v := lookup(item, "branch")
				errs.Add(diag.Errorf(file, v.Line, v.Column, "branch to %q is where the path goes anyway", sy.Branch).
					WithHint("branch to another step, or remove the branch"))
			}
		}
	}
	if errs.Len() > 0 {
		return nil, &errs
	}
	if e := findCycle(p, items); e != nil {
		errs.Add(e)
		return nil, &errs
	}
	return p, &errs
}

// findCycle reports a route that comes back to a step it left, at the
// key of the edge that closes it.
func findCycle(p *Path, items []*yaml.Node) *diag.Error {
	const (
		white = iota
		grey
		black
	)
	color := map[*Step]int{}
	index := map[*Step]int{}
	for i, s := range p.Steps {
		index[s] = i
	}
	var found *diag.Error
	var visit func(s *Step)
	visit = func(s *Step) {
		color[s] = grey
		for _, e := range []struct {
			key string
			to  *Step
		}{{"next", s.Next}, {"branch", s.Branch}} {
			if e.to == nil || found != nil {
				continue
			}
			switch color[e.to] {
			case grey:
				line, col := s.Line, 1
				if k, _ := lookup(items[index[s]], e.key); k != nil {
					line, col = k.Line, k.Column
				} else {
					e.key = "the step after it"
				}
				found = diag.Errorf(p.File, line, col, "step %q leads back to step %q (%s), so the path goes round in a circle", s.ID, e.to.ID, e.key).
					WithHint("a career path must move forward: point %s at a later step", e.key)
			case white:
				visit(e.to)
			}
		}
		color[s] = black
	}
	for _, s := range p.Steps {
		if color[s] == white && found == nil {
			visit(s)
		}
	}
	return found
}

func stepIDs(p *Path) []string {
	var ids []string
	for _, s := range p.Steps {
		ids = append(ids, s.ID)
	}
	return ids
}

// suggestID turns a written id into a usable one for the hint.
func suggestID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "step-1"
	}
	return b.String()
}

// textStart is the first non-blank character at or after line.
func textStart(src []byte, line int) Pos {
	l, col := 1, 1
	for _, c := range src {
		if l >= line && c != ' ' && c != '\n' && c != '\r' {
			return Pos{l, col}
		}
		col++
		if c == '\n' {
			l, col = l+1, 1
		}
	}
	return Pos{line, 1}
}

// mapping returns the top-level mapping of a document node.
func mapping(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// lookup finds key in a mapping node: the key node and its value.
func lookup(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// aliased finds the first anchor or alias in a document: positions are
// read from the node tree, where a reused value has no place of its own.
func aliased(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := aliased(c); a != nil {
			return a
		}
	}
	return nil
}
