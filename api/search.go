package api

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	"github.com/unionkg/kg/calendar"
	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

// searchEntry is one searchable node.
type searchEntry struct {
	id, typ, name string
	aliases       []string
}

// SearchHit is one search result.
type SearchHit struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	// Match is "exact", "prefix" or "substring".
	Match string `json:"match"`
	// InGraph is false for a congress of the calendar that no article of
	// the graph names, listed because the query may mean it (十八大).
	InGraph bool `json:"in_graph"`
	// Start is the first day of a congress of the calendar.
	Start string `json:"start,omitempty"`
}

// searchTypes are the node types search finds.
func searchTypes() []quad.IRI {
	return []quad.IRI{kg.TypeUnion, kg.TypeOrg, kg.TypePerson, kg.TypeCongress,
		kg.TypeSlogan, kg.TypeFigurative, kg.TypeDocument, kg.TypePlace, kg.TypeArticle}
}

// searchIndex reads the names of every searchable node (from the store:
// the read model has an index of names, see searchEntries).
func (s *Server) searchIndex(r *reader) ([]searchEntry, int64) {
	idx := []searchEntry{}
	var size int64
	for _, t := range searchTypes() {
		for _, iri := range r.typed(t) {
			if e := searchEntryOf(r, t, iri); e.name != "" {
				idx = append(idx, e)
				size += int64(64 + len(e.id) + len(e.typ) + len(e.name))
				for _, a := range e.aliases {
					size += int64(16 + len(a))
				}
			}
		}
	}
	return idx, size
}

// searchEntry reads the search entry of node iri as a node of type t: two
// lookups by subject and predicate, not a scan of the node's quads (a hub
// has a name quad per article).
func searchEntryOf(r *reader, t, iri quad.IRI) searchEntry {
	e := searchEntry{id: kg.Local(iri), typ: kg.Local(t), name: r.str(iri, kg.PredName)}
	for _, v := range r.values(iri, kg.PredAlias) {
		e.aliases = appendUnique(e.aliases, valueString(v))
	}
	return e
}

// eachSearchEntry calls fn with the entries a query may match, each
// entry of a node as a node of one type, until fn returns false, and
// returns a lookup of the graph's entry of a congress by its ID (nil when
// the graph has no such congress). With type set, only entries of that
// type. From the read model: the nodes one of whose names or aliases
// contains a form of the query, found through its index of names as it is
// when the search is computed, in the order of readmodel.Graph.EachNamed, with
// reached set (the node was reached through a name that begins with no
// form, of length runes: any name of it that holds a form is as long);
// fn's entry is reused after it returns. From the store: every entry, the
// index being an answer of the cache like any other (computed once, and
// again after a write), with reached unset.
func (s *Server) eachSearchEntry(r *reader, typ string, fn func(e *searchEntry, reached *reach) bool, forms ...string) (func(string) *searchEntry, error) {
	ctx, src := r.ctx, r.src
	if m, ok := src.(modelSource); ok {
		// Every type, whatever the filter: the model keeps the masks of
		// one list of types current, and a filter of its own would
		// replace them.
		types := searchTypes()
		var e searchEntry
		m.g.EachNamed(ctx, kg.PredType, types, func(n *readmodel.NamedNode) bool {
			iri, ok := n.Node.(quad.IRI)
			name := valueString(n.Name)
			if !ok || name == "" {
				return true
			}
			e = searchEntry{id: kg.Local(iri), name: name, aliases: e.aliases[:0]}
			for _, v := range n.Aliases {
				e.aliases = appendUnique(e.aliases, valueString(v))
			}
			var at *reach
			if !n.Prefix {
				at = &reach{runes: n.Runes}
			}
			for _, i := range n.Types {
				if e.typ = kg.Local(types[i]); typ != "" && e.typ != typ {
					continue
				}
				if !fn(&e, at) {
					return false
				}
			}
			return true
		}, forms...)
		congress := func(id string) *searchEntry {
			iri := iriOf(id)
			for _, te := range r.out(iri, kg.PredType) {
				if te.node == quad.Value(kg.TypeCongress) {
					if e := searchEntryOf(r, kg.TypeCongress, iri); e.name != "" {
						return &e
					}
				}
			}
			return nil
		}
		return congress, ctx.Err()
	}
	v, _, err := s.cache.get(ctx, "search index", s.st.Generation(),
		func(ctx context.Context) (any, int64, error) {
			r := newReader(ctx, src)
			idx, size := s.searchIndex(r)
			return idx, size, ctx.Err()
		})
	if err != nil {
		return nil, err
	}
	idx := v.([]searchEntry)
	inGraph := map[string]*searchEntry{}
	for i := range idx {
		if e := &idx[i]; e.typ == "Congress" {
			inGraph[e.id] = e
		}
	}
	for i := range idx {
		e := &idx[i]
		if (typ == "" || e.typ == typ) && !fn(e, nil) {
			break
		}
	}
	return func(id string) *searchEntry { return inGraph[id] }, nil
}

// reach is where the read model's walk of names has got to: a node
// reached through a name that begins with no form of the query, of that
// many characters.
type reach struct{ runes int }

// matchOf says how a query (in its normalised and its raw form) matches an
// entry: "exact" (a name or alias is the query), "prefix", "substring", or
// "" for no match; and the length in characters of the shortest name or
// alias that holds the query.
func matchOf(e *searchEntry, q, raw string) (string, int) {
	match, runes := "", 0
	for i := -1; i < len(e.aliases); i++ {
		name := e.name
		if i >= 0 {
			name = e.aliases[i]
		}
		if !strings.Contains(name, q) && !strings.Contains(name, raw) {
			continue
		}
		if n := utf8.RuneCountInString(name); runes == 0 || n < runes {
			runes = n
		}
		switch {
		case name == q || name == raw:
			match = "exact"
		case match != "exact" && (strings.HasPrefix(name, q) || strings.HasPrefix(name, raw)):
			match = "prefix"
		case match == "":
			match = "substring"
		}
	}
	return match, runes
}

// rankedHit is a hit with its place in the order of answers: exact
// matches first, then prefixes, then the rest; nodes of the graph before
// congresses of the calendar; then by the length of the shortest name or
// alias that holds the query (runes; a congress of the calendar, by its
// name), shortest first; then by ID, and a node of two types by the order
// of searchTypes.
type rankedHit struct {
	match, runes, typ int
	calendar          bool
	hit               SearchHit
}

var matchRank = map[string]int{"exact": 0, "prefix": 1, "substring": 2}

func compareHits(a, b *rankedHit) int {
	switch {
	case a.match != b.match:
		return a.match - b.match
	case a.calendar != b.calendar:
		if a.calendar {
			return 1
		}
		return -1
	case a.runes != b.runes:
		return a.runes - b.runes
	}
	if c := strings.Compare(a.hit.ID, b.hit.ID); c != 0 {
		return c
	}
	return a.typ - b.typ
}

// topHits keeps the first n hits offered, in the order of compareHits:
// a query of one character matches most of the graph, of which an answer
// lists a few dozen. It is a heap with the last kept hit on top.
type topHits struct {
	n    int
	hits []*rankedHit
}

func (t *topHits) offer(h *rankedHit) {
	if len(t.hits) < t.n {
		t.hits = append(t.hits, h)
		t.up(len(t.hits) - 1)
		return
	}
	if t.n == 0 || compareHits(h, t.hits[0]) >= 0 {
		return
	}
	t.hits[0] = h
	t.down(0)
}

// worse reports whether a is the later of two kept hits.
func (t *topHits) worse(i, j int) bool { return compareHits(t.hits[i], t.hits[j]) > 0 }

func (t *topHits) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.worse(i, p) {
			return
		}
		t.hits[i], t.hits[p] = t.hits[p], t.hits[i]
		i = p
	}
}

func (t *topHits) down(i int) {
	for {
		w := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(t.hits) && t.worse(c, w) {
				w = c
			}
		}
		if w == i {
			return
		}
		t.hits[i], t.hits[w] = t.hits[w], t.hits[i]
		i = w
	}
}

// sorted returns the hits kept, in order.
func (t *topHits) sorted() []SearchHit {
	slices.SortFunc(t.hits, compareHits)
	out := make([]SearchHit, len(t.hits))
	for i, h := range t.hits {
		out[i] = h.hit
	}
	return out
}

func (s *Server) search(c *gin.Context, r *reader) (any, error) {
	// The walk of names records no reads: the answer is kept until the
	// next write (every article write adds a name, its title).
	r.volatile = true
	q := s.normalize(c.Query("q"))
	raw := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return nil, badRequest{"q is required"}
	}
	limit, err := intParam(c, "limit", 20, 1, 200)
	if err != nil {
		return nil, err
	}
	typ := c.Query("type")
	// The congresses of the calendar the query may mean, and which of
	// them the graph's hits list.
	var cal []calendarMatch
	if s.cal != nil && (typ == "" || typ == "Congress") {
		for _, f := range []string{q, raw} {
			for _, cg := range s.cal.Match(f) {
				cal = append(cal, calendarMatch{cg, f})
			}
		}
	}
	calIDs := map[string]bool{}
	for _, m := range cal {
		calIDs[calendarCandidate(m.cg).ID] = false
	}
	top := &topHits{n: limit}
	typeOrder := map[string]int{}
	for i, t := range searchTypes() {
		typeOrder[kg.Local(t)] = i
	}
	congress, err := s.eachSearchEntry(r, typ, func(e *searchEntry, at *reach) bool {
		if at != nil && len(top.hits) == top.n {
			// Every node from here on matches as a substring, through a
			// name no shorter than at.runes: none can come before the
			// last kept hit once that is shorter or matches better.
			if w := top.hits[0]; w.match < matchRank["substring"] || w.runes < at.runes {
				return false
			}
		}
		match, runes := matchOf(e, q, raw)
		if match == "" {
			return true
		}
		if _, ok := calIDs[e.id]; ok {
			calIDs[e.id] = true
		}
		h := &rankedHit{match: matchRank[match], runes: runes, typ: typeOrder[e.typ],
			hit: SearchHit{ID: e.id, Type: e.typ, Name: e.name, Match: match, InGraph: true}}
		if len(top.hits) == top.n && compareHits(h, top.hits[0]) >= 0 {
			return true // not kept: its aliases are not copied
		}
		h.hit.Aliases = slices.Clone(e.aliases)
		top.offer(h)
		return true
	}, q, raw)
	if err != nil {
		return nil, err
	}
	// A congress of the graph that the query may mean and that the walk
	// stopped before is a hit of the graph all the same.
	for id, seen := range calIDs {
		if e := congress(id); !seen && e != nil {
			if match, runes := matchOf(e, q, raw); match != "" {
				calIDs[id] = true
				top.offer(&rankedHit{match: matchRank[match], runes: runes, typ: typeOrder[e.typ],
					hit: SearchHit{ID: e.id, Type: e.typ, Name: e.name, Aliases: e.aliases, Match: match, InGraph: true}})
			}
		}
	}
	for _, h := range calendarHits(congress, calIDs, cal) {
		top.offer(&rankedHit{match: matchRank[h.Match], runes: utf8.RuneCountInString(h.Name), calendar: !h.InGraph, typ: typeOrder[h.Type], hit: h})
	}
	return gin.H{"items": top.sorted()}, nil
}

// calendarMatch is a congress of the calendar that a form of the query
// may mean (calendar.Match: 十八大 is 党的十八大 and 中国工会十八大).
type calendarMatch struct {
	cg   calendar.Congress
	form string
}

// calendarHits are the congresses of the calendar that the query may mean
// and that the graph's hits lack (have, by ID): a short name lists every
// congress it may mean, and those that no article names are marked not in
// the graph.
func calendarHits(inGraph func(id string) *searchEntry, have map[string]bool, cal []calendarMatch) []SearchHit {
	var out []SearchHit
	for _, m := range cal {
		cd := calendarCandidate(m.cg)
		if have[cd.ID] {
			continue
		}
		have[cd.ID] = true
		match := "substring"
		if m.cg.Name == m.form || slices.Contains(m.cg.Aliases, m.form) {
			match = "exact"
		}
		h := SearchHit{ID: cd.ID, Type: cd.Type, Name: cd.Name, Aliases: m.cg.Aliases, Match: match, Start: cd.Start}
		if e := inGraph(cd.ID); e != nil {
			h.Aliases, h.InGraph, h.Start = e.aliases, true, ""
		}
		out = append(out, h)
	}
	return out
}
