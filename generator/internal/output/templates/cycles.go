package templates

import (
	"html/template"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"reportgen/generator/internal/diag"
)

// A template that calls itself with the same data never ends: Go stops it
// only 100,000 calls deep, which took 6 s and 300 MB on the report, for
// every page at once, and reported a depth rather than the mistake. So the
// calls are checked when the templates load, in a few microseconds: a
// template may call itself, directly or through others, only for the items
// of a field of its data ({{range .Children}}{{template "self" .}}{{end}}),
// each call a level further down a tree that ends. Any other cycle of
// {{template}} calls is an error at the call that closes it.

// call is one {{template}} call: from the template it is in to the one it
// names. down is true for a call on an item of a range over a field of
// the caller's data.
type call struct {
	to   string
	node *parse.TemplateNode
	tree *parse.Tree
	down bool
}

// calls lists the {{template}} calls of every template of set, by caller.
func calls(set *template.Template) map[string][]call {
	out := map[string][]call{}
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		name := t.Name()
		var walk func(n parse.Node, down bool)
		walk = func(n parse.Node, down bool) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n == nil {
					return
				}
				for _, c := range n.Nodes {
					walk(c, down)
				}
			case *parse.TemplateNode:
				out[name] = append(out[name], call{to: n.Name, node: n, tree: t.Tree, down: down && isDot(n.Pipe)})
			case *parse.IfNode:
				walk(n.List, down)
				walk(n.ElseList, down)
			case *parse.WithNode:
				// The data of {{with .}} or {{with .Field}} is as far
				// down as its holder's.
				walk(n.List, down && (isDot(n.Pipe) || isField(n.Pipe, 0)))
				walk(n.ElseList, down)
			case *parse.RangeNode:
				walk(n.List, down || isField(n.Pipe, 1))
				walk(n.ElseList, down)
			}
		}
		walk(t.Tree.Root, false)
	}
	return out
}

// isDot reports whether pipe is just "." .
func isDot(pipe *parse.PipeNode) bool {
	if pipe == nil || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	_, ok := pipe.Cmds[0].Args[0].(*parse.DotNode)
	return ok
}

// isField reports whether pipe is just a field of dot (".Children"), of
// at most max names when max is not 0.
func isField(pipe *parse.PipeNode, max int) bool {
	if pipe == nil || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	f, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode)
	return ok && (max == 0 || len(f.Ident) <= max)
}

var locationRe = regexp.MustCompile(`^(.*):(\d+):(\d+)$`)

// cycles reports every cycle of calls in set that does not go down its
// data, once each, at the call that closes it.
func cycles(dir string, set *template.Template, seen map[string]bool) []*diag.Error {
	graph := calls(set)
	var errs []*diag.Error
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	cyclic := false
	var visit func(name string)
	visit = func(name string) {
		state[name] = active
		stack = append(stack, name)
		for _, c := range graph[name] {
			if c.down {
				continue
			}
			switch state[c.to] {
			case unvisited:
				visit(c.to)
			case active:
				i := len(stack) - 1
				for stack[i] != c.to {
					i--
				}
				through := stack[i : len(stack)-1]
				cyclic = true
				// Each cycle once, whichever set or template it is
				// met from.
				key := "cycle " + strings.Join(slices.Sorted(slices.Values(stack[i:])), " ")
				if seen[key] {
					continue
				}
				seen[key] = true
				loc, _ := c.tree.ErrorContext(c.node)
				path, line, col := dir+"/"+name, 0, 0
				if m := locationRe.FindStringSubmatch(loc); m != nil {
					path = dir + "/" + m[1]
					line, _ = strconv.Atoi(m[2])
					col, _ = strconv.Atoi(m[3])
				}
				how := "calls itself"
				if len(through) > 0 {
					how = "calls itself through " + strings.Join(quoteAll(through), " and ")
				}
				errs = append(errs, diag.Errorf(path, line, col, "template %q %s with the same data, and would never end", name, how).
					WithHint(`a template may call itself only for the items of a field of its data, as in {{range .Children}}{{template %q .}}{{end}}`, name))
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = done
	}
	// In order of name, so that the same call closes a cycle every time.
	for _, name := range slices.Sorted(maps.Keys(graph)) {
		if state[name] == unvisited {
			visit(name)
		}
	}
	if cyclic {
		return errs // counting calls needs a graph without cycles
	}
	return fanOut(dir, graph, seen)
}

// MaxCalls is how many {{template}} calls one template may lead to, not
// counting those repeated over a range of the data. Without a cycle, calls
// can still multiply: thirty partials each calling the next twice make a
// billion calls per page, which never finishes. The default theme's
// layouts make 10 to 13.
const MaxCalls = 10_000

// fanOut reports the template where the calls a template leads to first
// pass MaxCalls: the one whose own calls each stay under it. graph has no
// cycle apart from calls down the data, which are not counted.
func fanOut(dir string, graph map[string][]call, seen map[string]bool) []*diag.Error {
	count := map[string]int{}
	var calls func(name string) int
	calls = func(name string) int {
		if n, ok := count[name]; ok {
			return n
		}
		n := 0
		for _, c := range graph[name] {
			if !c.down {
				n = min(MaxCalls+1, n+1+calls(c.to))
			}
		}
		count[name] = n
		return n
	}
	var errs []*diag.Error
	for _, name := range slices.Sorted(maps.Keys(graph)) {
		if calls(name) <= MaxCalls {
			continue
		}
		first := true
		for _, c := range graph[name] {
			if !c.down && calls(c.to) > MaxCalls {
				first = false
			}
		}
		if !first || len(graph[name]) == 0 {
			continue
		}
		c := graph[name][0]
		loc, _ := c.tree.ErrorContext(c.node)
		if seen[loc] {
			continue
		}
		seen[loc] = true
		path, line, col := dir+"/"+name, 0, 0
		if m := locationRe.FindStringSubmatch(loc); m != nil {
			path = dir + "/" + m[1]
			line, _ = strconv.Atoi(m[2])
			col, _ = strconv.Atoi(m[3])
		}
		errs = append(errs, diag.Errorf(path, line, col, "template %q leads to more than %d template calls for every page: the templates it calls call others several times each", name, MaxCalls).
			WithHint("call each partial once, or pass it what it needs, rather than calling it from several places that are themselves called often"))
	}
	return errs
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}
