package groups

import (
	"context"
	"strconv"

	"github.com/ocu-project/ocu/views"
)

// The graph is laid out here, on the server, in three columns: the cases
// the reader sees, the members they see (each drawn to its case), and the
// identifiers two or more of those members share (drawn to each of them).
// Its 360-unit width scales to the page (viewBox), so at 390 px the boxes
// and their 10.5-unit labels keep about their size and nothing scrolls
// sideways; it grows downwards, one row of 40 units per box.
const (
	graphWidth = 360
	colWidth   = 112
	boxHeight  = 28
	rowHeight  = 40
	top        = 28
)

var colX = [3]int{4, 124, 244}

// layout draws d's graph.
func layout(ctx context.Context, d *Detail) views.GroupGraph {
	g := views.GroupGraph{Width: graphWidth,
		Title: views.T(ctx, "groups.graph_title", d.Name),
		Desc: views.T(ctx, "groups.graph_desc", views.NumIn(ctx, int64(len(d.Cases))), views.NumIn(ctx, int64(len(d.Members))),
			views.NumIn(ctx, int64(len(d.Shared))))}
	for i, k := range []string{"groups.graph.cases", "groups.graph.people", "groups.graph.identifiers"} {
		g.Headings = append(g.Headings, views.GraphText{X: colX[i], Y: 16, Label: views.T(ctx, k)})
	}
	box := func(col, row int, kind, label string) views.GraphNode {
		return views.GraphNode{X: colX[col], Y: top + row*rowHeight, W: colWidth, H: boxHeight, Kind: kind, Label: label}
	}
	caseRow := map[int64]int{}
	for i, c := range d.Cases {
		caseRow[c.ID] = i
		g.Nodes = append(g.Nodes, box(0, i, "case", c.Reference))
	}
	personRow := map[int64]int{}
	for i, m := range d.Members {
		personRow[m.ID] = i
		g.Nodes = append(g.Nodes, box(1, i, "person", m.Pseudonym))
		if r, ok := caseRow[m.CaseID]; ok {
			g.Edges = append(g.Edges, edge(0, r, 1, i))
		}
	}
	count := map[string]int{}
	for i, s := range d.Shared {
		count[s.Kind]++
		g.Nodes = append(g.Nodes, box(2, i, "identifier", views.T(ctx, "groups.identifier."+s.Kind)+" "+strconv.Itoa(count[s.Kind])))
		for _, pid := range s.People {
			if r, ok := personRow[pid]; ok {
				g.Edges = append(g.Edges, edge(1, r, 2, i))
			}
		}
	}
	rows := max(len(d.Cases), len(d.Members), len(d.Shared), 1)
	g.Height = top + rows*rowHeight
	return g
}

// edge joins the right side of a box to the left side of one in the next
// column.
func edge(fromCol, fromRow, toCol, toRow int) views.GraphEdge {
	return views.GraphEdge{X1: colX[fromCol] + colWidth, Y1: top + fromRow*rowHeight + boxHeight/2,
		X2: colX[toCol], Y2: top + toRow*rowHeight + boxHeight/2}
}

// sharedLines says in words what the graph's identifier column shows.
func sharedLines(ctx context.Context, d *Detail) []string {
	names := map[int64]string{}
	for _, m := range d.Members {
		names[m.ID] = m.Pseudonym
	}
	count := map[string]int{}
	var out []string
	for _, s := range d.Shared {
		count[s.Kind]++
		who := ""
		for i, pid := range s.People {
			if i > 0 {
				who += ", "
			}
			who += names[pid]
		}
		out = append(out, views.T(ctx, "groups.shared_line", views.T(ctx, "groups.identifier."+s.Kind)+" "+strconv.Itoa(count[s.Kind]), who))
	}
	return out
}
