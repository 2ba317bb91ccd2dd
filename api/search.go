package api

import (
	"net/http"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
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
}

// searchTypes are the node types search finds.
func searchTypes() []quad.IRI {
	return []quad.IRI{kg.TypeUnion, kg.TypeOrg, kg.TypePerson, kg.TypeCongress,
		kg.TypeSlogan, kg.TypeDocument, kg.TypePlace, kg.TypeArticle}
}

// searchIndex returns the names of every searchable node, rebuilt after
// writes.
func (s *Server) searchIndex(r *reader) []searchEntry {
	gen := s.st.Generation()
	s.searchMu.Lock()
	defer s.searchMu.Unlock()
	if s.searchIdx != nil && s.searchGen == gen {
		return s.searchIdx
	}
	idx := []searchEntry{}
	for _, t := range searchTypes() {
		for _, iri := range r.typed(t) {
			e := searchEntry{id: kg.Local(iri), typ: kg.Local(t)}
			for _, x := range r.out(iri, "") {
				switch x.pred {
				case kg.PredName:
					if e.name == "" {
						e.name = valueString(x.node)
					}
				case kg.PredAlias:
					e.aliases = appendUnique(e.aliases, valueString(x.node))
				}
			}
			if e.name != "" {
				idx = append(idx, e)
			}
		}
	}
	if r.ctx.Err() == nil {
		s.searchIdx, s.searchGen = idx, gen
	}
	return idx
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
	var hits []SearchHit
	err = s.st.View(func(qs graph.QuadStore) error {
		r := newReader(c.Request.Context(), qs)
		for _, e := range s.searchIndex(r) {
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
				hits = append(hits, SearchHit{ID: e.id, Type: e.typ, Name: e.name, Aliases: e.aliases, Match: match})
			}
		}
		return c.Request.Context().Err()
	})
	if err != nil {
		s.answer(c, nil, err)
		return
	}
	rank := map[string]int{"exact": 0, "prefix": 1, "substring": 2}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if rank[a.Match] != rank[b.Match] {
			return rank[a.Match] < rank[b.Match]
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
