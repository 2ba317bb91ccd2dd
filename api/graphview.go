package api

import (
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
)

// vEdge is an edge of a graph view: merged across articles, with the
// plumbing nodes (Position, Evidence) folded away.
type vEdge struct {
	s, p, o string
	title   string
	labels  map[string]bool
}

// viewGraph accumulates a graph view.
type viewGraph struct {
	nodes map[string]bool
	order []string
	edges map[string]*vEdge
	eord  []string
}

func newViewGraph() *viewGraph {
	return &viewGraph{nodes: map[string]bool{}, edges: map[string]*vEdge{}}
}

func (g *viewGraph) addNode(id string) bool {
	if g.nodes[id] {
		return false
	}
	g.nodes[id] = true
	g.order = append(g.order, id)
	return true
}

func (g *viewGraph) addEdge(s, p, o, title string, label quad.Value) {
	k := s + "\x00" + p + "\x00" + o + "\x00" + title
	e := g.edges[k]
	if e == nil {
		e = &vEdge{s: s, p: p, o: o, title: title, labels: map[string]bool{}}
		g.edges[k] = e
		g.eord = append(g.eord, k)
	}
	if label != nil {
		if id, ok := kg.ArticleID(asIRI(label)); ok {
			e.labels[id] = true
		}
	}
}

func asIRI(v quad.Value) quad.IRI {
	iri, _ := v.(quad.IRI)
	return iri
}

// hidden node types are plumbing or would link everything to everything.
func hiddenType(t string) bool {
	return t == "Evidence" || t == "Article" || t == "Position" || t == ""
}

// linkPreds are the predicates of view edges. A node's quads are read per
// predicate, by index prefix: a hub's other quads (a name and a
// reportedIn quad per article, Evidence nodes pointing at it) run to the
// hundred thousand on a large graph and are never shown.
func linkPreds() []quad.IRI {
	return []quad.IRI{kg.PredRelayed, kg.PredHeld, kg.PredRelays, kg.PredChaired, kg.PredSpokeAt,
		kg.PredHoldsPosition, kg.PredOrg, kg.PredIssued, kg.PredMentions, kg.PredPartOf,
		kg.PredLocatedIn, kg.PredOrganized, kg.PredAuthored}
}

// neighbours returns the view edges at a node (in and out), folding
// positions into Person —holdsPosition→ body edges. It reads at most max
// quads per predicate and direction (max < 0: all).
func (s *Server) neighbours(r *reader, id string, max int) []vEdgeRef {
	iri := iriOf(id)
	var out []vEdgeRef
	for _, p := range linkPreds() {
		if p == kg.PredOrg {
			continue // a Position's: folded into holdsPosition below
		}
		for _, e := range r.scanN(quad.Subject, iri, p, quad.Object, max) {
			o, ok := e.node.(quad.IRI)
			if !ok {
				continue
			}
			if p == kg.PredHoldsPosition {
				title, org := r.str(o, kg.PredTitle), asIRI(r.least(o, kg.PredOrg))
				if org != "" {
					out = append(out, vEdgeRef{s: id, p: "holdsPosition", o: kg.Local(org), title: title, label: e.label})
				}
				continue
			}
			if hiddenType(r.node(o).Type) {
				continue
			}
			out = append(out, vEdgeRef{s: id, p: kg.Local(p), o: kg.Local(o), label: e.label})
		}
	}
	for _, p := range linkPreds() {
		if p == kg.PredHoldsPosition {
			continue // at a Position, which is hidden
		}
		for _, e := range r.scanN(quad.Object, iri, p, quad.Subject, max) {
			sub, ok := e.node.(quad.IRI)
			if !ok {
				continue
			}
			if p == kg.PredOrg { // a Position in this body: its holders
				title := r.str(sub, kg.PredTitle)
				for _, h := range r.scanN(quad.Object, sub, kg.PredHoldsPosition, quad.Subject, max) {
					if hp, ok := h.node.(quad.IRI); ok {
						out = append(out, vEdgeRef{s: kg.Local(hp), p: "holdsPosition", o: id, title: title, label: h.label})
					}
				}
				continue
			}
			if hiddenType(r.node(sub).Type) {
				continue
			}
			out = append(out, vEdgeRef{s: kg.Local(sub), p: kg.Local(p), o: id, label: e.label})
		}
	}
	return out
}

type vEdgeRef struct {
	s, p, o, title string
	label          quad.Value
}

func (v vEdgeRef) other(id string) string {
	if v.s == id {
		return v.o
	}
	return v.s
}

// viewFilter keeps the requested types and predicates.
type viewFilter struct {
	types, preds map[string]bool
}

// checkFormat refuses an unknown graph view format.
func checkFormat(c *gin.Context) error {
	switch c.Query("format") {
	case "", "cytoscape", "d3":
		return nil
	}
	return badRequest{"format must be cytoscape or d3"}
}

func newViewFilter(c *gin.Context) viewFilter {
	set := func(s string) map[string]bool {
		if s == "" {
			return nil
		}
		m := map[string]bool{}
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				m[x] = true
			}
		}
		return m
	}
	return viewFilter{types: set(c.Query("types")), preds: set(c.Query("predicates"))}
}

func (f viewFilter) keep(r *reader, e vEdgeRef, other string) bool {
	if f.preds != nil && !f.preds[e.p] {
		return false
	}
	return f.types == nil || f.types[r.node(iriOf(other)).Type]
}

func (s *Server) neighborhood(c *gin.Context, r *reader) (any, error) {
	if err := checkFormat(c); err != nil {
		return nil, err
	}
	start := c.Query("node")
	if start == "" {
		return nil, badRequest{"node is required"}
	}
	hops, err := intParam(c, "hops", 1, 1, 3)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(c, "limit", 200, 1, 2000)
	if err != nil {
		return nil, err
	}
	iri, err := s.paramEntity(c, r, "node")
	if err != nil {
		return nil, err
	}
	start = strings.TrimPrefix(string(iri), kg.Namespace)
	f := newViewFilter(c)
	g := newViewGraph()
	g.addNode(start)
	frontier := []string{start}
	for h := 0; h < hops && len(frontier) > 0; h++ {
		var next []string
		for _, id := range frontier {
			// Enough quads to fill the view, not a hub's every one.
			for _, e := range s.neighbours(r, id, 5*limit) {
				other := e.other(id)
				if !f.keep(r, e, other) {
					continue
				}
				if !g.nodes[other] {
					if len(g.order) >= limit {
						continue
					}
					g.addNode(other)
					next = append(next, other)
				}
				g.addEdge(e.s, e.p, e.o, e.title, e.label)
			}
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
		}
		frontier = next
	}
	return s.render(c, r, g), nil
}

// maxPathNodes bounds the search for a path: hub nodes (中华全国总工会, a
// province) reach most of the graph within a few hops.
const maxPathNodes = 20000

func (s *Server) path(c *gin.Context, r *reader) (any, error) {
	if err := checkFormat(c); err != nil {
		return nil, err
	}
	from, to := c.Query("from"), c.Query("to")
	if from == "" || to == "" {
		return nil, badRequest{"from and to are required"}
	}
	maxHops, err := intParam(c, "max", 6, 1, 10)
	if err != nil {
		return nil, err
	}
	for _, p := range []string{"from", "to"} {
		iri, err := s.paramEntity(c, r, p)
		if err != nil {
			return nil, err
		}
		if id := strings.TrimPrefix(string(iri), kg.Namespace); p == "from" {
			from = id
		} else {
			to = id
		}
	}
	f := newViewFilter(c)
	prev := map[string]vEdgeRef{from: {}}
	frontier := []string{from}
	found := from == to
	for h := 0; h < maxHops && !found && len(frontier) > 0; h++ {
		var next []string
		for _, id := range frontier {
			for _, e := range s.neighbours(r, id, -1) {
				other := e.other(id)
				if _, seen := prev[other]; seen || !f.keep(r, e, other) {
					continue
				}
				prev[other] = e
				next = append(next, other)
				if other == to {
					found = true
					break
				}
			}
			if found || len(prev) > maxPathNodes {
				break
			}
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
		}
		frontier = next
	}
	if !found {
		return nil, errNotFound
	}
	g := newViewGraph()
	for id := to; ; {
		g.addNode(id)
		if id == from {
			break
		}
		e := prev[id]
		g.addEdge(e.s, e.p, e.o, e.title, e.label)
		id = e.other(id)
	}
	return s.render(c, r, g), nil
}

// Cytoscape.js elements.
type cyGraph struct {
	Elements struct {
		Nodes []cyElem `json:"nodes"`
		Edges []cyElem `json:"edges"`
	} `json:"elements"`
}

type cyElem struct {
	Data    map[string]any `json:"data"`
	Classes string         `json:"classes,omitempty"`
}

// d3 nodes and links.
type d3Graph struct {
	Nodes []map[string]any `json:"nodes"`
	Links []map[string]any `json:"links"`
}

func (s *Server) render(c *gin.Context, r *reader, g *viewGraph) any {
	nodes := make([]map[string]any, 0, len(g.order))
	for _, id := range g.order {
		n := r.node(iriOf(id))
		nodes = append(nodes, map[string]any{"id": id, "label": n.Name, "type": n.Type})
	}
	edges := make([]map[string]any, 0, len(g.eord))
	for _, k := range g.eord {
		e := g.edges[k]
		ids := make([]string, 0, len(e.labels))
		for id := range e.labels {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		m := map[string]any{"id": e.s + "|" + e.p + "|" + e.o, "source": e.s, "target": e.o, "predicate": e.p,
			"articles": len(ids), "article_ids": ids}
		if e.title != "" {
			m["id"] = m["id"].(string) + "|" + e.title
			m["title"] = e.title
		}
		edges = append(edges, m)
	}
	if c.Query("format") == "d3" {
		return d3Graph{Nodes: nodes, Links: edges}
	}
	var cg cyGraph
	cg.Elements.Nodes = make([]cyElem, 0, len(nodes))
	cg.Elements.Edges = make([]cyElem, 0, len(edges))
	for _, n := range nodes {
		cg.Elements.Nodes = append(cg.Elements.Nodes, cyElem{Data: n, Classes: n["type"].(string)})
	}
	for _, e := range edges {
		cg.Elements.Edges = append(cg.Elements.Edges, cyElem{Data: e, Classes: e["predicate"].(string)})
	}
	return cg
}
