package api

import (
	"slices"
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
					out = append(out, vEdgeRef{vLink{s: id, p: "holdsPosition", o: kg.Local(org), title: title}, e.label})
				}
				continue
			}
			if hiddenType(r.node(o).Type) {
				continue
			}
			out = append(out, vEdgeRef{vLink{s: id, p: kg.Local(p), o: kg.Local(o)}, e.label})
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
						out = append(out, vEdgeRef{vLink{s: kg.Local(hp), p: "holdsPosition", o: id, title: title}, h.label})
					}
				}
				continue
			}
			if hiddenType(r.node(sub).Type) {
				continue
			}
			out = append(out, vEdgeRef{vLink{s: kg.Local(sub), p: kg.Local(p), o: id}, e.label})
		}
	}
	return out
}

// vEdgeRef is a view edge as one article states it.
type vEdgeRef struct {
	vLink
	label quad.Value
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
	links, err := shortestPath(r, newViewFilter(c), from, to, maxHops)
	if err != nil {
		return nil, err
	}
	g := newViewGraph()
	g.addNode(to)
	for i := len(links) - 1; i >= 0; i-- {
		l := links[i]
		g.addNode(l.other(to))
		for _, label := range l.labels(r) {
			g.addEdge(l.s, l.p, l.o, l.title, label)
		}
		to = l.other(to)
	}
	return s.render(c, r, g), nil
}

// vLink is a view edge without the articles that state it: what a path
// search walks. via is the Position of a holdsPosition edge.
type vLink struct {
	s, p, o, title string
	via            quad.IRI
}

func (l vLink) other(id string) string {
	if l.s == id {
		return l.o
	}
	return l.s
}

// labels returns the articles stating l, read from its end with fewer
// values of the predicate: an edge at a hub is one quad among a hub's
// thousands.
func (l vLink) labels(r *reader) []quad.Value {
	var out []quad.Value
	pick := func(es []edge, want quad.IRI) {
		for _, e := range es {
			if e.node == want {
				out = append(out, e.label)
			}
		}
	}
	if l.via != "" {
		pick(r.scan(quad.Object, l.via, kg.PredHoldsPosition, quad.Subject), iriOf(l.s))
		return out
	}
	s, o, p := iriOf(l.s), iriOf(l.o), iriOf(l.p)
	if r.count(quad.Subject, s, p, quad.Object) <= r.count(quad.Object, o, p, quad.Subject) {
		pick(r.scan(quad.Subject, s, p, quad.Object), o)
	} else {
		pick(r.scan(quad.Object, o, p, quad.Subject), s)
	}
	return out
}

// pathSearch is a breadth-first search from both ends of a path at once,
// over the distinct view edges of each node (never its quads one per
// article), reading of each node met only its type.
type pathSearch struct {
	r     *reader
	f     viewFilter
	types map[string]string
}

// typeOf returns the type of a node by its ID.
func (ps *pathSearch) typeOf(id string) string {
	t, ok := ps.types[id]
	if !ok {
		t = ps.r.str(iriOf(id), kg.PredType)
		ps.types[id] = t
	}
	return t
}

func (ps *pathSearch) keep(l vLink, other string) bool {
	if ps.f.preds != nil && !ps.f.preds[l.p] {
		return false
	}
	return ps.f.types == nil || ps.f.types[ps.typeOf(other)]
}

// sortedIRIs returns the IRIs among vs in the read model's order
// (inNQuadsOrder): the same whichever source read them.
func sortedIRIs(vs []quad.Value) []quad.IRI {
	out := make([]quad.IRI, 0, len(vs))
	for _, v := range inNQuadsOrder(vs) {
		if iri, ok := v.(quad.IRI); ok {
			out = append(out, iri)
		}
	}
	return out
}

// links calls fn with the distinct view edges at a node, as neighbours
// folds them, until fn returns false.
func (ps *pathSearch) links(id string, fn func(vLink) bool) bool {
	r, iri := ps.r, iriOf(id)
	for _, p := range linkPreds() {
		if p == kg.PredOrg {
			continue
		}
		for _, o := range sortedIRIs(r.values(iri, p)) {
			l := vLink{s: id, p: kg.Local(p), o: kg.Local(o)}
			if p == kg.PredHoldsPosition {
				org := asIRI(r.least(o, kg.PredOrg))
				if org == "" {
					continue
				}
				l = vLink{s: id, p: "holdsPosition", o: kg.Local(org), title: r.str(o, kg.PredTitle), via: o}
			} else if hiddenType(ps.typeOf(l.o)) {
				continue
			}
			if !fn(l) {
				return false
			}
		}
	}
	for _, p := range linkPreds() {
		if p == kg.PredHoldsPosition {
			continue
		}
		for _, sub := range sortedIRIs(r.subjects(iri, p)) {
			if p == kg.PredOrg { // a Position in this body: its holders
				title := r.str(sub, kg.PredTitle)
				for _, h := range sortedIRIs(r.subjects(sub, kg.PredHoldsPosition)) {
					if !fn(vLink{s: kg.Local(h), p: "holdsPosition", o: id, title: title, via: sub}) {
						return false
					}
				}
				continue
			}
			l := vLink{s: kg.Local(sub), p: kg.Local(p), o: id}
			if hiddenType(ps.typeOf(l.s)) {
				continue
			}
			if !fn(l) {
				return false
			}
		}
	}
	return r.ctx.Err() == nil
}

// cost estimates the cost of expanding a frontier: its nodes' distinct
// values of the view's predicates, counted without reading them, up to
// more than limit.
func (ps *pathSearch) cost(frontier []string, limit int) int {
	n := 0
	for _, id := range frontier {
		for _, p := range linkPreds() {
			n += ps.r.count(quad.Subject, iriOf(id), p, quad.Object) + ps.r.count(quad.Object, iriOf(id), p, quad.Subject)
		}
		if n > limit {
			break
		}
	}
	return n
}

// pathSide is one end's half of the search: the link by which each node
// was reached (none at the end itself), its depth, and the nodes to
// expand next.
type pathSide struct {
	prev     map[string]vLink
	depth    map[string]int
	frontier []string
}

func newPathSide(id string) *pathSide {
	return &pathSide{prev: map[string]vLink{id: {}}, depth: map[string]int{id: 0}, frontier: []string{id}}
}

// shortestPath returns the links of a shortest path from one node to
// another within max hops, from the first end on, or errNotFound. It
// expands, one whole level at a time, the side whose frontier has fewer
// edges, so that a hub is expanded only when the other side cannot reach
// the meeting point more cheaply, and stops once the two sides meet or
// the nodes met exceed maxPathNodes.
func shortestPath(r *reader, f viewFilter, from, to string, max int) ([]vLink, error) {
	if from == to {
		return nil, nil
	}
	ps := &pathSearch{r: r, f: f, types: map[string]string{}}
	if f.types != nil && !f.types[ps.typeOf(to)] {
		// Every node after the first must be of a type asked for; the
		// other side's search starts at the last.
		return nil, errNotFound
	}
	a, b := newPathSide(from), newPathSide(to)
	meet, best := "", 0
	for hops := 0; hops < max && meet == ""; hops++ {
		if len(a.frontier) == 0 || len(b.frontier) == 0 {
			break
		}
		side, other := a, b
		if ca := ps.cost(a.frontier, 10*maxPathNodes); ps.cost(b.frontier, ca) < ca {
			side, other = b, a
		}
		var next []string
		for _, id := range side.frontier {
			d := side.depth[id] + 1
			ok := ps.links(id, func(l vLink) bool {
				o := l.other(id)
				if _, seen := side.prev[o]; seen || !ps.keep(l, o) {
					return true
				}
				side.prev[o], side.depth[o] = l, d
				next = append(next, o)
				if od, met := other.depth[o]; met && (meet == "" || d+od < best) {
					meet, best = o, d+od
				}
				return true
			})
			if !ok {
				return nil, r.ctx.Err()
			}
			if len(a.prev)+len(b.prev) > maxPathNodes {
				break
			}
		}
		if len(a.prev)+len(b.prev) > maxPathNodes && meet == "" {
			break
		}
		side.frontier = next
	}
	if meet == "" {
		return nil, errNotFound
	}
	var out []vLink
	for id := meet; id != from; {
		l := a.prev[id]
		out = append(out, l)
		id = l.other(id)
	}
	slices.Reverse(out)
	for id := meet; id != to; {
		l := b.prev[id]
		out = append(out, l)
		id = l.other(id)
	}
	return out, nil
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
