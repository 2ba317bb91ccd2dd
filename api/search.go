package api

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"

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

// searchIndex reads the names of every searchable node.
func (s *Server) searchIndex(r *reader) ([]searchEntry, int64) {
	idx := []searchEntry{}
	var size int64
	for _, t := range searchTypes() {
		for _, iri := range r.typed(t) {
			e := s.memo.get(r, "search\x00"+string(t)+"\x00"+string(iri), func(r *reader) any {
				// Two lookups by subject and predicate, not a scan of the
				// node's quads: a hub has a name quad per article.
				e := searchEntry{id: kg.Local(iri), typ: kg.Local(t), name: r.str(iri, kg.PredName)}
				for _, x := range r.out(iri, kg.PredAlias) {
					e.aliases = appendUnique(e.aliases, valueString(x.node))
				}
				return e
			}).(searchEntry)
			if e.name != "" {
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
	// The index is an answer of the cache like any other: computed once,
	// refreshed after writes in the background.
	src := s.source()
	v, _, _, err := s.cache.get(c.Request.Context(), "search index", s.st.Generation(), noCache(c), 0,
		func(ctx context.Context) (any, int64, error) {
			r := newReader(ctx, src)
			idx, size := s.searchIndex(r)
			return idx, size, ctx.Err()
		})
	if err != nil {
		s.answer(c, nil, err)
		return
	}
	var hits []SearchHit
	for _, e := range v.([]searchEntry) {
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
		hits = append(hits, s.calendarHits(v.([]searchEntry), hits, q, raw)...)
	}
	rank := map[string]int{"exact": 0, "prefix": 1, "substring": 2}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if rank[a.Match] != rank[b.Match] {
			return rank[a.Match] < rank[b.Match]
		}
		if a.InGraph != b.InGraph {
			return a.InGraph
		}
		if len([]rune(a.Name)) != len([]rune(b.Name)) {
			return len([]rune(a.Name)) < len([]rune(b.Name))
		}
		return a.ID < b.ID
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if hits == nil {
		hits = []SearchHit{}
	}
	c.JSON(http.StatusOK, gin.H{"items": hits})
}

// calendarHits are the congresses of the calendar that the query may mean
// (calendar.Match: 十八大 is 党的十八大 and 中国工会十八大) and that the
// graph's hits lack: a short name lists every congress it may mean, and
// those that no article names are marked not in the graph.
func (s *Server) calendarHits(idx []searchEntry, hits []SearchHit, forms ...string) []SearchHit {
	if s.cal == nil {
		return nil
	}
	have := map[string]bool{}
	for _, h := range hits {
		have[h.ID] = true
	}
	inGraph := map[string]*searchEntry{}
	for i, e := range idx {
		if e.typ == "Congress" {
			inGraph[e.id] = &idx[i]
		}
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
			if e := inGraph[cd.ID]; e != nil {
				h.Aliases, h.InGraph, h.Start = e.aliases, true, ""
			}
			out = append(out, h)
		}
	}
	return out
}
