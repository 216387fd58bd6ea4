package flowchart

import (
	"fmt"
	"math"
	"sort"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/flow"
)

// Limits of what a diagram can draw legibly on a phone.
const (
	MaxColumns = 4
	MaxRows    = 16
)

// Layout is where a path's steps are drawn, in rows and columns. It is the
// layered method of Sugiyama and colleagues, sized for paths of a dozen
// steps: longest-path layering (a step sits one row below the lowest step
// leading to it), a lane for every line that skips rows, barycentre
// ordering so that lines do not cross, and columns from that order.
type Layout struct {
	// Columns is the width of the widest row.
	Columns int
	Rows    []Row
	// Gaps[i] are the lines drawn between Rows[i] and Rows[i+1].
	Gaps [][]Segment
}

// Row is one layer of the diagram.
type Row struct{ Cells []Cell }

// Cell is a step, or a lane where a line passes a row it skips.
type Cell struct {
	Step *flow.Step // nil for a lane
	// Branch marks a lane that carries a branch.
	Branch bool
	// Col is the first column (from 0) and Span the number of columns the
	// cell covers.
	Col, Span int
}

// Segment is a line between two cells of neighbouring rows; From and To
// are the cells' centres as fractions of the diagram's width.
type Segment struct {
	From, To float64
	Branch   bool
}

// Center is the middle of c as a fraction of the diagram's width.
func (l *Layout) Center(c Cell) float64 {
	return (float64(c.Col) + float64(c.Span)/2) / float64(l.Columns)
}

// vnode is a step or a lane segment of a long edge during layout.
type vnode struct {
	step   int // index in the path; -1 for a lane
	layer  int
	key    float64 // tie-break: the path order of the step (or edge source)
	branch bool
	col    int
	span   int
}

// LayAll lays out every path of set, reporting each one too long or too
// wide to draw where its steps are listed. The paths' steps are numbered
// in reading order.
func LayAll(set *flow.Set) (map[*flow.Path]*Layout, *diag.List) {
	var errs diag.List
	out := make(map[*flow.Path]*Layout, len(set.Paths))
	for _, p := range set.Paths {
		lay, err := Lay(p)
		if err != nil {
			errs.Add(diag.Errorf(p.File, p.StepsAt.Line, p.StepsAt.Col, "%v", err).
				WithHint("split the path into two simpler paths"))
			continue
		}
		out[p] = lay
	}
	return out, &errs
}

// Lay lays out the steps of p and numbers them in the diagram's reading
// order: row by row (Step.Number).
func Lay(p *flow.Path) (*Layout, error) {
	n := len(p.Steps)
	index := make(map[*flow.Step]int, n)
	for i, s := range p.Steps {
		index[s] = i
	}
	type edge struct {
		from, to int
		branch   bool
	}
	var edges []edge
	for i, s := range p.Steps {
		if s.Next != nil {
			edges = append(edges, edge{i, index[s.Next], false})
		}
		if s.Branch != nil {
			edges = append(edges, edge{i, index[s.Branch], true})
		}
	}

	// Longest-path layering in topological order (the path has no cycle:
	// the loader checked).
	indeg := make([]int, n)
	out := make([][]edge, n)
	for _, e := range edges {
		indeg[e.to]++
		out[e.from] = append(out[e.from], e)
	}
	layer := make([]int, n)
	var queue []int
	for i := range n {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	seen := 0
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		seen++
		for _, e := range out[u] {
			layer[e.to] = max(layer[e.to], layer[u]+1)
			if indeg[e.to]--; indeg[e.to] == 0 {
				queue = append(queue, e.to)
			}
		}
	}
	if seen != n {
		return nil, fmt.Errorf("the path goes round in a circle")
	}
	rows := 0
	for _, l := range layer {
		rows = max(rows, l+1)
	}
	if rows > MaxRows {
		return nil, fmt.Errorf("the path is %d steps long; a diagram can show at most %d in a row", rows, MaxRows)
	}

	// Steps, then a lane node in every row a long edge skips.
	nodes := make([]*vnode, 0, n)
	for i := range n {
		nodes = append(nodes, &vnode{step: i, layer: layer[i], key: float64(i)})
	}
	type vedge struct {
		from, to *vnode
		branch   bool
	}
	var vedges []vedge
	for _, e := range edges {
		prev := nodes[e.from]
		for l := layer[e.from] + 1; l < layer[e.to]; l++ {
			lane := &vnode{step: -1, layer: l, key: float64(e.from) + 0.5, branch: e.branch}
			nodes = append(nodes, lane)
			vedges = append(vedges, vedge{prev, lane, e.branch})
			prev = lane
		}
		vedges = append(vedges, vedge{prev, nodes[e.to], e.branch})
	}
	preds := map[*vnode][]*vnode{}
	succs := map[*vnode][]*vnode{}
	for _, e := range vedges {
		preds[e.to] = append(preds[e.to], e.from)
		succs[e.from] = append(succs[e.from], e.to)
	}
	layers := make([][]*vnode, rows)
	for _, v := range nodes {
		layers[v.layer] = append(layers[v.layer], v)
	}
	pos := map[*vnode]float64{}
	order := func(l int, bary map[*vnode]float64) {
		vs := layers[l]
		sort.SliceStable(vs, func(i, j int) bool {
			a, b := vs[i], vs[j]
			if bary != nil && bary[a] != bary[b] {
				return bary[a] < bary[b]
			}
			// Branch lanes go to the side of the main route.
			if a.branch != b.branch {
				return b.branch
			}
			return a.key < b.key
		})
		for i, v := range vs {
			pos[v] = float64(i)
		}
	}
	for l := range layers {
		order(l, nil)
	}
	barycentre := func(l int, nbrs map[*vnode][]*vnode) map[*vnode]float64 {
		bary := map[*vnode]float64{}
		for _, v := range layers[l] {
			if len(nbrs[v]) == 0 {
				bary[v] = pos[v]
				continue
			}
			sum := 0.0
			for _, u := range nbrs[v] {
				sum += pos[u]
			}
			bary[v] = sum / float64(len(nbrs[v]))
		}
		return bary
	}
	// A few sweeps down and up settle graphs this small.
	for range 4 {
		for l := 1; l < rows; l++ {
			order(l, barycentre(l, preds))
		}
		for l := rows - 2; l >= 0; l-- {
			order(l, barycentre(l, succs))
		}
	}

	cols := 0
	for _, vs := range layers {
		cols = max(cols, len(vs))
	}
	if cols > MaxColumns {
		return nil, fmt.Errorf("the path has %d steps side by side; a diagram can show at most %d", cols, MaxColumns)
	}
	center := func(v *vnode) float64 { return float64(v.col) + float64(v.span)/2 }
	for l, vs := range layers {
		w := len(vs)
		switch {
		case w == cols:
			for i, v := range vs {
				v.col, v.span = i, 1
			}
		case w == 1:
			vs[0].col, vs[0].span = 0, cols
		default:
			// Put each cell as near as it can go to the middle of the
			// cells leading to it, keeping the order.
			next := 0
			for i, v := range vs {
				want := (float64(i)+0.5)*float64(cols)/float64(w) - 0.5
				if l > 0 && len(preds[v]) > 0 {
					sum := 0.0
					for _, u := range preds[v] {
						sum += center(u)
					}
					want = sum/float64(len(preds[v])) - 0.5
				}
				c := int(math.Round(want))
				c = max(c, next)
				c = min(c, cols-(w-i))
				v.col, v.span = c, 1
				next = c + 1
			}
		}
	}

	lay := &Layout{Columns: cols, Rows: make([]Row, rows), Gaps: make([][]Segment, max(rows-1, 0))}
	number := 0
	for l, vs := range layers {
		for _, v := range vs {
			c := Cell{Branch: v.branch, Col: v.col, Span: v.span}
			if v.step >= 0 {
				c.Step = p.Steps[v.step]
				number++
				c.Step.Number = number
			}
			lay.Rows[l].Cells = append(lay.Rows[l].Cells, c)
		}
	}
	width := float64(cols)
	for _, e := range vedges {
		lay.Gaps[e.from.layer] = append(lay.Gaps[e.from.layer], Segment{
			From: center(e.from) / width, To: center(e.to) / width, Branch: e.branch,
		})
	}
	return lay, nil
}
