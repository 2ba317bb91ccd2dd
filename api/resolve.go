package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	"github.com/unionkg/kg/calendar"
	kg "github.com/unionkg/kg/graph"
)

// Candidate is an entity that an alias in a path may name.
type Candidate struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Kind is a congress's kind or a body's level.
	Kind string `json:"kind,omitempty"`
	// Start is a congress's first day.
	Start string `json:"start,omitempty"`
	// InGraph is false for a congress of the calendar that no article of
	// the graph names.
	InGraph bool `json:"in_graph"`
	// Location is the same route for this candidate, when it is in the
	// graph.
	Location string `json:"location,omitempty"`
}

// Choices is the answer (300 Multiple Choices) to a path whose alias names
// several entities: the error says so, for clients that only read errors.
type Choices struct {
	apiError
	Candidates []Candidate `json:"candidates"`
}

// elsewhere is the answer to a path that names an entity by an alias: a
// redirect to its canonical path, or the choice between several. It
// travels as an error, so that a handler returns it as it returns
// errNotFound, and the cache keeps it like any other answer.
type elsewhere struct {
	rep *reply
	msg string
}

func (e *elsewhere) Error() string { return e.msg }

// redirectMaxAge bounds how long a client may keep an alias's redirect:
// an article added later can make the alias ambiguous.
const redirectMaxAge = "max-age=3600"

// prefixTypes returns the node types that an ID prefix names, or nil.
func prefixTypes(prefix string) []string {
	switch prefix {
	case "union", "org":
		return []string{"Union", "Organization"}
	case "congress":
		return []string{"Congress"}
	case "person":
		return []string{"Person"}
	case "slogan":
		return []string{"Slogan"}
	case "figurative":
		return []string{"Figurative"}
	case "meeting":
		return []string{"Meeting"}
	case "doc":
		return []string{"Document"}
	case "place":
		return []string{"Place"}
	}
	return nil
}

// entity returns the node the route's :id names, of one of types (any
// type when none). The id is the node's ID, or else a name or alias,
// bare or behind a type's prefix (congress:二十大, 二十大, union:工联会):
// one match is answered with a permanent redirect (308) to the canonical
// path, several with 300 and the candidates, none with 404. Congresses may
// also be matched in the calendar, which knows congresses the graph may
// have no relay of.
func (s *Server) entity(c *gin.Context, r *reader, types ...string) (quad.IRI, error) {
	return s.lookup(c, r, c.Param("id"), func(id string) string { return canonicalPath(c, id) }, types...)
}

// paramEntity resolves a node named by the query parameter param as entity
// resolves a path's :id: an ID, or one name or alias (308 to the same URL
// with the parameter set to its ID), several (300), none (404).
func (s *Server) paramEntity(c *gin.Context, r *reader, param string) (quad.IRI, error) {
	return s.lookup(c, r, c.Query(param), func(id string) string {
		u := *c.Request.URL
		q := u.Query()
		q.Set(param, id)
		u.RawQuery = q.Encode()
		return u.RequestURI()
	})
}

// lookup resolves id to a node of one of types; location gives the URL
// that names a candidate by its ID.
func (s *Server) lookup(c *gin.Context, r *reader, id string, location func(id string) string, types ...string) (quad.IRI, error) {
	iri := iriOf(id)
	if t := r.node(iri).Type; t != "" && (len(types) == 0 || slices.Contains(types, t)) {
		return iri, nil
	}
	name := id
	if prefix, rest, ok := strings.Cut(id, ":"); ok && prefixTypes(prefix) != nil {
		name = rest
		types = narrow(types, prefixTypes(prefix))
	}
	if r.ctx.Err() != nil {
		return "", r.ctx.Err()
	}
	cands := s.candidates(r, name, types)
	for i := range cands {
		if cands[i].InGraph {
			cands[i].Location = location(cands[i].ID)
		}
	}
	switch {
	case len(cands) == 0:
		return "", fmt.Errorf("%w: no %s has the ID, name or alias %q", errNotFound, what(types), id)
	case len(cands) == 1 && !cands[0].InGraph:
		return "", fmt.Errorf("%w: %s (%s) is in the congress calendar, but no article of the graph names it", errNotFound, cands[0].Name, cands[0].Start)
	case len(cands) == 1:
		b, err := marshal(cands[0])
		if err != nil {
			return "", err
		}
		rep := &reply{status: http.StatusPermanentRedirect, ctype: jsonType, body: b,
			header: [][2]string{{"Location", cands[0].Location}, {"Cache-Control", redirectMaxAge}}}
		return "", &elsewhere{rep: rep, msg: fmt.Sprintf("%q is %s", id, cands[0].ID)}
	}
	ch := Choices{Candidates: cands}
	ch.Error.Code = "ambiguous"
	names := make([]string, len(cands))
	for i, cd := range cands {
		names[i] = cd.Name
	}
	ch.Error.Message = fmt.Sprintf("%q may mean %d entities: %s; choose one", name, len(cands), strings.Join(names, ", "))
	b, err := marshal(ch)
	if err != nil {
		return "", err
	}
	return "", &elsewhere{rep: &reply{status: http.StatusMultipleChoices, ctype: jsonType, body: b}, msg: ch.Error.Message}
}

// narrow keeps the types of a route that an ID prefix names too.
func narrow(route, prefix []string) []string {
	if len(route) == 0 {
		return prefix
	}
	var out []string
	for _, t := range route {
		if slices.Contains(prefix, t) {
			out = append(out, t)
		}
	}
	if out == nil {
		out = []string{"none"} // a prefix of another kind of entity: nothing matches
	}
	return out
}

// what names the types of a route in a message.
func what(types []string) string {
	if len(types) == 0 {
		return "node"
	}
	return strings.Join(types, " or ")
}

// canonicalPath is the path of the request's route for the entity id,
// with the request's query.
func canonicalPath(c *gin.Context, id string) string {
	p := strings.Replace(c.FullPath(), ":id", url.PathEscape(id), 1)
	if q := c.Request.URL.RawQuery; q != "" {
		p += "?" + q
	}
	return p
}

// candidates lists the entities of types (any when none) whose name or
// alias is name, in Simplified or Traditional script, and, when congresses
// are wanted, the congresses of the calendar that name may mean
// (calendar.Match): those in the graph are the graph's nodes, the others
// are marked not in the graph. Entities in the graph come first.
func (s *Server) candidates(r *reader, name string, types []string) []Candidate {
	forms := []string{strings.TrimSpace(name)}
	if n := s.normalize(name); n != forms[0] {
		forms = append(forms, n)
	}
	var out []Candidate
	seen := map[string]bool{}
	add := func(iri quad.IRI) {
		n := r.node(iri)
		if seen[n.ID] || n.Type == "" || len(types) > 0 && !slices.Contains(types, n.Type) {
			return
		}
		seen[n.ID] = true
		cd := Candidate{ID: n.ID, Name: n.Name, Type: n.Type, InGraph: true}
		switch n.Type {
		case "Congress":
			cd.Kind, cd.Start = r.str(iri, kg.PredKind), r.str(iri, kg.PredDate)
		case "Union", "Organization":
			cd.Kind = r.str(iri, kg.PredLevel)
		case "Meeting":
			cd.Kind, cd.Start = r.str(iri, kg.PredKind), r.str(iri, kg.PredDate)
		}
		out = append(out, cd)
	}
	for _, f := range forms {
		if f == "" {
			continue
		}
		for _, p := range []quad.IRI{kg.PredName, kg.PredAlias} {
			for _, v := range r.subjects(quad.String(f), p) {
				if iri, ok := v.(quad.IRI); ok {
					add(iri)
				}
			}
		}
	}
	if s.cal == nil || len(types) > 0 && !slices.Contains(types, "Congress") {
		return sortCandidates(out)
	}
	for _, f := range forms {
		for _, cg := range s.cal.Match(f) {
			iri := iriOf("congress:" + cg.Name)
			if r.node(iri).Type == "Congress" {
				add(iri)
				continue
			}
			if id := "congress:" + cg.Name; !seen[id] {
				seen[id] = true
				out = append(out, calendarCandidate(cg))
			}
		}
	}
	return sortCandidates(out)
}

// calendarCandidate is a congress of the calendar that the graph lacks.
func calendarCandidate(cg calendar.Congress) Candidate {
	return Candidate{ID: "congress:" + cg.Name, Name: cg.Name, Type: "Congress", Kind: cg.Kind,
		Start: cg.Start.Format(calendar.DateLayout), InGraph: false}
}

// sortCandidates puts the entities of the graph first, then the most
// recent, then by ID.
func sortCandidates(cs []Candidate) []Candidate {
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		switch {
		case a.InGraph != b.InGraph:
			if a.InGraph {
				return -1
			}
			return 1
		case a.Start != b.Start:
			return strings.Compare(b.Start, a.Start)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return cs
}
