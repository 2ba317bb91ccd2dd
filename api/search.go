package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
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

// searchEntries returns the entries a query may match, and the entry of a
// congress by its ID (nil when the graph has no such congress). From the
// read model: the entries of the nodes one of whose names or aliases
// contains a form of the query, found through its index of names, fresh
// at every request. From the store: every entry, the index being an answer
// of the cache like any other (computed once, refreshed after writes in
// the background).
func (s *Server) searchEntries(c *gin.Context, forms ...string) ([]searchEntry, func(string) *searchEntry, error) {
	ctx := c.Request.Context()
	src := s.source(ctx)
	if m, ok := src.(modelSource); ok {
		r := newReader(ctx, m)
		types := searchTypes()
		type key struct {
			t   int
			iri quad.IRI
		}
		type keyed struct {
			key
			e searchEntry
		}
		var found []keyed
		for _, n := range m.g.Named(ctx, kg.PredType, types, forms...) {
			iri, ok := n.Node.(quad.IRI)
			name := valueString(n.Name)
			if !ok || name == "" {
				continue
			}
			var aliases []string
			for _, v := range n.Aliases {
				aliases = appendUnique(aliases, valueString(v))
			}
			for _, i := range n.Types {
				found = append(found, keyed{key{i, iri}, searchEntry{id: kg.Local(iri), typ: kg.Local(types[i]), name: name, aliases: aliases}})
			}
		}
		// The order of the whole index: by type, then by node.
		slices.SortFunc(found, func(a, b keyed) int {
			if a.t != b.t {
				return a.t - b.t
			}
			return strings.Compare(string(a.iri), string(b.iri))
		})
		entries := make([]searchEntry, len(found))
		for i, k := range found {
			entries[i] = k.e
		}
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
		return entries, congress, ctx.Err()
	}
	v, _, err := s.cache.get(ctx, "search index", s.st.Generation(),
		func(ctx context.Context) (any, int64, error) {
			r := newReader(ctx, src)
			idx, size := s.searchIndex(r)
			return idx, size, ctx.Err()
		})
	if err != nil {
		return nil, nil, err
	}
	idx := v.([]searchEntry)
	inGraph := map[string]*searchEntry{}
	for i, e := range idx {
		if e.typ == "Congress" {
			inGraph[e.id] = &idx[i]
		}
	}
	return idx, func(id string) *searchEntry { return inGraph[id] }, nil
}

func (s *Server) search(c *gin.Context) {
	q := s.normalize(c.Query("q"))
	raw := strings.TrimSpace(c.Query("q"))
	if q == "" {
		fail(c, http.StatusBadRequest, "bad_request", "q is required")
		return
	}
	limit, err := intParam(c, "limit", 20, 1, 200)
	if err != nil {
		s.answer(c, nil, err)
		return
	}
	typ := c.Query("type")
	entries, congress, err := s.searchEntries(c, q, raw)
	if err != nil {
		s.answer(c, nil, err)
		return
	}
	var hits []SearchHit
	for _, e := range entries {
		if typ != "" && e.typ != typ {
			continue
		}
		match := ""
		for _, name := range append([]string{e.name}, e.aliases...) {
			switch {
			case name == q || name == raw:
				match = "exact"
			case strings.HasPrefix(name, q) || strings.HasPrefix(name, raw):
				if match != "exact" {
					match = "prefix"
				}
			case match == "" && (strings.Contains(name, q) || strings.Contains(name, raw)):
				match = "substring"
			}
		}
		if match != "" {
			hits = append(hits, SearchHit{ID: e.id, Type: e.typ, Name: e.name, Aliases: e.aliases, Match: match, InGraph: true})
		}
	}
	if typ == "" || typ == "Congress" {
		hits = append(hits, s.calendarHits(congress, hits, q, raw)...)
	}
	// Exact matches first, then prefixes, then the rest; nodes of the graph
	// before congresses of the calendar; short names first; then by ID,
	// and in the order found. Keys computed once: a short query matches
	// most of the graph.
	rank := map[string]int{"exact": 0, "prefix": 1, "substring": 2}
	type ranked struct {
		i, match, runes int
		calendar        bool
	}
	keys := make([]ranked, len(hits))
	for i, h := range hits {
		keys[i] = ranked{i, rank[h.Match], utf8.RuneCountInString(h.Name), !h.InGraph}
	}
	slices.SortFunc(keys, func(a, b ranked) int {
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
		if c := strings.Compare(hits[a.i].ID, hits[b.i].ID); c != 0 {
			return c
		}
		return a.i - b.i
	})
	sorted := make([]SearchHit, 0, min(len(keys), limit))
	for _, k := range keys[:min(len(keys), limit)] {
		sorted = append(sorted, hits[k.i])
	}
	c.JSON(http.StatusOK, gin.H{"items": sorted})
}

// calendarHits are the congresses of the calendar that the query may mean
// (calendar.Match: 十八大 is 党的十八大 and 中国工会十八大) and that the
// graph's hits lack: a short name lists every congress it may mean, and
// those that no article names are marked not in the graph.
func (s *Server) calendarHits(inGraph func(id string) *searchEntry, hits []SearchHit, forms ...string) []SearchHit {
	if s.cal == nil {
		return nil
	}
	have := map[string]bool{}
	for _, h := range hits {
		have[h.ID] = true
	}
	var out []SearchHit
	for _, f := range forms {
		for _, cg := range s.cal.Match(f) {
			cd := calendarCandidate(cg)
			if have[cd.ID] {
				continue
			}
			have[cd.ID] = true
			match := "substring"
			if cg.Name == f || slices.Contains(cg.Aliases, f) {
				match = "exact"
			}
			h := SearchHit{ID: cd.ID, Type: cd.Type, Name: cd.Name, Aliases: cg.Aliases, Match: match, Start: cd.Start}
			if e := inGraph(cd.ID); e != nil {
				h.Aliases, h.InGraph, h.Start = e.aliases, true, ""
			}
			out = append(out, h)
		}
	}
	return out
}
