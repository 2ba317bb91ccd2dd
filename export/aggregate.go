package export

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// termKey identifies a term. IRIs, blank nodes and plain strings, nearly all
// of the graph, are keyed by their text without building their N-Quads form;
// other literals by that form, which tells "5" from 5.
type termKey struct {
	kind byte
	s    string
}

func keyOf(v quad.Value) termKey {
	switch v := v.(type) {
	case quad.IRI:
		return termKey{'i', string(v)}
	case quad.BNode:
		return termKey{'b', string(v)}
	case quad.String:
		return termKey{'s', string(v)}
	}
	return termKey{'o', v.String()}
}

// term is an interned value with its text, kept for sorting and output.
type term struct {
	v    quad.Value
	key  termKey
	text string
}

// triple is a distinct (subject, predicate, object), as term indexes.
type triple struct{ s, p, o int32 }

// fact is a triple with the distinct articles (label term indexes) that
// state it, in order of first appearance.
type fact struct {
	triple
	articles []int32
}

// aggregate merges a quad stream into distinct facts. Terms are interned so
// each string is stored once and facts are three small integers.
type aggregate struct {
	ids     map[termKey]int32
	terms   []term
	index   map[triple]int32
	facts   []fact
	support map[[2]int32]struct{} // (fact, article) pairs already counted
}

// aggregateQuads reads the whole stream into an aggregate.
func aggregateQuads(ctx context.Context, quads iter.Seq2[quad.Quad, error]) (*aggregate, error) {
	a := &aggregate{
		ids:     make(map[termKey]int32),
		index:   make(map[triple]int32),
		support: make(map[[2]int32]struct{}),
	}
	err := each(ctx, quads, func(q quad.Quad) error {
		a.add(q)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (a *aggregate) intern(v quad.Value) int32 {
	k := keyOf(v)
	if id, ok := a.ids[k]; ok {
		return id
	}
	id := int32(len(a.terms))
	a.terms = append(a.terms, term{v: v, key: k, text: text(v)})
	a.ids[k] = id
	return id
}

func (a *aggregate) add(q quad.Quad) {
	t := triple{a.intern(q.Subject), a.intern(q.Predicate), a.intern(q.Object)}
	fi, ok := a.index[t]
	if !ok {
		fi = int32(len(a.facts))
		a.facts = append(a.facts, fact{triple: t})
		a.index[t] = fi
	}
	if q.Label == nil {
		return
	}
	l := a.intern(q.Label)
	if _, seen := a.support[[2]int32{fi, l}]; seen {
		return
	}
	a.support[[2]int32{fi, l}] = struct{}{}
	a.facts[fi].articles = append(a.facts[fi].articles, l)
}

// cmpTerms orders terms by text, then by key so that terms with the same
// text (the string "5" and the integer 5) still sort the same way every run.
func (a *aggregate) cmpTerms(x, y int32) int {
	if x == y {
		return 0
	}
	tx, ty := &a.terms[x], &a.terms[y]
	if c := strings.Compare(tx.text, ty.text); c != 0 {
		return c
	}
	if c := cmp.Compare(tx.key.kind, ty.key.kind); c != 0 {
		return c
	}
	return strings.Compare(tx.key.s, ty.key.s)
}

// sortedFacts returns the facts ordered by subject, predicate and object.
func (a *aggregate) sortedFacts() []fact {
	fs := slices.Clone(a.facts)
	slices.SortFunc(fs, func(x, y fact) int {
		if c := a.cmpTerms(x.s, y.s); c != 0 {
			return c
		}
		if c := a.cmpTerms(x.p, y.p); c != 0 {
			return c
		}
		return a.cmpTerms(x.o, y.o)
	})
	return fs
}

// articleTexts returns the sorted texts of a fact's articles.
func (a *aggregate) articleTexts(f fact) []string {
	out := make([]string, len(f.articles))
	for i, l := range f.articles {
		out[i] = a.terms[l].text
	}
	slices.Sort(out)
	return out
}

// isEdge reports whether a fact is drawn as an edge between two nodes:
// its object is a node and it is not a type statement.
func (a *aggregate) isEdge(f fact) bool {
	return isNode(a.terms[f.o].v) && !isType(a.terms[f.p].v)
}

// node is a node of the graph views (GraphML, GEXF) with its attributes
// resolved.
type node struct {
	term  int32
	label string
	typ   string
	attrs []string // by column of graphView.columns; "" when absent
}

// column is a literal predicate shown as a node attribute.
type column struct {
	pred int32
	name string
}

// graphView is the aggregate seen as a property graph: nodes with
// attributes, and one edge per distinct triple between two nodes.
type graphView struct {
	a       *aggregate
	columns []column
	nodes   []node
	edges   []fact
}

// attrSep joins the values of a multi-valued attribute.
const attrSep = " | "

// view builds the property-graph view. reserved lists attribute names the
// format already uses, so a literal predicate with that short name keeps its
// full IRI as name instead.
func (a *aggregate) view(ctx context.Context, reserved ...string) (*graphView, error) {
	facts := a.sortedFacts()
	g := &graphView{a: a}

	// Columns: every predicate with a literal object, by name.
	colOf := make(map[int32]int)
	for _, f := range facts {
		if _, ok := colOf[f.p]; !ok && !isNode(a.terms[f.o].v) {
			colOf[f.p] = -1
			g.columns = append(g.columns, column{pred: f.p})
		}
	}
	slices.SortFunc(g.columns, func(x, y column) int { return a.cmpTerms(x.pred, y.pred) })
	used := make(map[string]bool)
	for _, r := range reserved {
		used[r] = true
	}
	for i := range g.columns {
		c := &g.columns[i]
		c.name = uniqueName(used, shortName(a.terms[c.pred].v), a.terms[c.pred].text)
		colOf[c.pred] = i
	}

	// Nodes: subjects and objects of edges, but not objects of rdf:type
	// alone, which are classes rather than things in the news.
	isNodeTerm := make(map[int32]bool)
	first := make(map[int32]int) // subject → index of its first fact
	for i, f := range facts {
		if _, ok := first[f.s]; !ok {
			first[f.s] = i
		}
		isNodeTerm[f.s] = true
		if a.isEdge(f) {
			isNodeTerm[f.o] = true
			g.edges = append(g.edges, f)
		}
	}
	ids := make([]int32, 0, len(isNodeTerm))
	for id := range isNodeTerm {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, a.cmpTerms)

	g.nodes = make([]node, len(ids))
	for i, id := range ids {
		if err := check(ctx, i); err != nil {
			return nil, err
		}
		g.nodes[i] = a.resolveNode(id, facts, first, colOf, len(g.columns))
	}
	return g, nil
}

// resolveNode gathers a node's type, label and attributes from its facts,
// which are contiguous in the sorted facts.
func (a *aggregate) resolveNode(id int32, facts []fact, first map[int32]int, colOf map[int32]int, ncol int) node {
	n := node{term: id, attrs: make([]string, ncol)}
	var (
		types    []string
		vals     = make([][]string, ncol)
		bestName = -1 // articles behind the chosen kg:name
	)
	if start, ok := first[id]; ok {
		for _, f := range facts[start:] {
			if f.s != id {
				break
			}
			p, o := a.terms[f.p], a.terms[f.o]
			switch {
			case isNode(o.v) && isType(p.v):
				types = append(types, shortName(o.v))
			case !isNode(o.v):
				c := colOf[f.p]
				vals[c] = appendNew(vals[c], o.text)
				// The name most articles agree on labels the node; ties go
				// to the first in sort order, so the choice is stable.
				if p.v == kgName && len(f.articles) > bestName {
					n.label, bestName = o.text, len(f.articles)
				}
			}
		}
	}
	if bestName < 0 {
		n.label = lastSegment(a.terms[id].text)
	}
	n.typ = "Unknown"
	if len(types) > 0 {
		// Sorted again because rdf:type may come both short and full.
		slices.Sort(types)
		types = slices.Compact(types)
		n.typ = strings.Join(types, attrSep)
	}
	for c, vs := range vals {
		n.attrs[c] = strings.Join(vs, attrSep)
	}
	return n
}

// appendNew appends s unless it is the last element already; the input is
// sorted, so equal texts are adjacent.
func appendNew(list []string, s string) []string {
	if len(list) > 0 && list[len(list)-1] == s {
		return list
	}
	return append(list, s)
}

// uniqueName returns the first of the candidates not yet used, or the last
// one suffixed with a number, and marks it used.
func uniqueName(used map[string]bool, candidates ...string) string {
	for _, c := range candidates {
		if !used[c] {
			used[c] = true
			return c
		}
	}
	last := candidates[len(candidates)-1]
	for i := 2; ; i++ {
		c := last + "#" + strconv.Itoa(i)
		if !used[c] {
			used[c] = true
			return c
		}
	}
}
