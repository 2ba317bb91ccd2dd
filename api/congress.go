package api

import (
	"sort"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
)

// Congress is a congress with its relay counts.
type Congress struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases,omitempty"`
	Kind       string   `json:"kind,omitempty"`
	Start      string   `json:"start,omitempty"`
	End        string   `json:"end,omitempty"`
	Relays     int      `json:"relays"`
	Bodies     int      `json:"bodies"`
	FirstRelay string   `json:"first_relay,omitempty"`
	LastRelay  string   `json:"last_relay,omitempty"`
}

// Relay is one body's relay of a congress.
type Relay struct {
	Body     BodyRef       `json:"body"`
	Date     string        `json:"date,omitempty"`
	LagDays  *int          `json:"lag_days,omitempty"`
	Via      *EventRef     `json:"via,omitempty"`
	Chairs   []*NodeRef    `json:"chairs"`
	Articles []*ArticleRef `json:"articles"`
}

// BodyRef names a body with where it is.
type BodyRef struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Level    string `json:"level,omitempty"`
	Province string `json:"province,omitempty"`
	Place    string `json:"place,omitempty"`
}

// EventRef names a meeting or document.
type EventRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
	Date string `json:"date,omitempty"`
}

// RelaysAnswer is the answer of /congresses/{id}/relays.
type RelaysAnswer struct {
	Congress *Congress `json:"congress"`
	Page[Relay]
}

func (s *Server) congressInfo(r *reader, iri quad.IRI) (*Congress, []Relay, error) {
	n := r.node(iri)
	if n.Type != "Congress" {
		return nil, nil, errNotFound
	}
	c := &Congress{ID: n.ID, Name: n.Name}
	for _, e := range r.out(iri, "") {
		switch e.pred {
		case kg.PredAlias:
			c.Aliases = appendUnique(c.Aliases, valueString(e.node))
		case kg.PredKind:
			c.Kind = valueString(e.node)
		case kg.PredDate:
			c.Start = valueString(e.node)
		case kg.PredEnd:
			c.End = valueString(e.node)
		}
	}
	if c.End == "" {
		c.End = c.Start
	}
	relays := s.relayEvents(r, iri, c)
	bodies := map[string]bool{}
	for _, rl := range relays {
		bodies[rl.Body.ID] = true
		if rl.Date != "" && rl.Date[0] != '-' {
			if c.FirstRelay == "" || rl.Date < c.FirstRelay {
				c.FirstRelay = rl.Date
			}
			if rl.Date > c.LastRelay {
				c.LastRelay = rl.Date
			}
		}
	}
	c.Relays, c.Bodies = len(relays), len(bodies)
	return c, relays, nil
}

// relayEvents lists the relays of a congress from the Evidence nodes of
// its relayed edges, which carry each relay's date and meeting or
// document; a relayed edge without evidence still counts, undated.
func (s *Server) relayEvents(r *reader, iri quad.IRI, c *Congress) []Relay {
	end, _ := time.Parse(time.DateOnly, c.End)
	type key struct{ body, via, date string }
	idx := map[key]int{}
	var out []Relay
	type bodyIn struct{ body, label any }
	covered := map[bodyIn]bool{} // covered by evidence
	for _, ev := range r.in(iri, kg.PredObject) {
		e := r.evidenceOf(ev.node, nil)
		subj, via, date := e.subj, e.via, e.date
		if e.pred != kg.PredRelayed || subj == nil {
			continue
		}
		covered[bodyIn{valueKey(subj), valueKey(ev.label)}] = true
		var vref *EventRef
		if via != nil {
			vref = s.eventRef(r, via)
			if date == "" {
				date = vref.Date
			}
		}
		k := key{subj.String(), "", date}
		if vref != nil {
			k.via = vref.ID
		}
		if i, ok := idx[k]; ok {
			out[i].Articles = appendArticle(out[i].Articles, r.article(ev.label))
			continue
		}
		rl := Relay{Body: s.bodyRef(r, subj), Date: date, Via: vref, Chairs: []*NodeRef{}, Articles: []*ArticleRef{}}
		if a := r.article(ev.label); a != nil {
			rl.Articles = append(rl.Articles, a)
		}
		if vref != nil {
			for _, ch := range group(r.in(via, kg.PredChaired)) {
				rl.Chairs = append(rl.Chairs, r.node(ch.node))
			}
		}
		if d, err := time.Parse(time.DateOnly, date); err == nil && !end.IsZero() {
			lag := int(d.Sub(end).Hours() / 24)
			rl.LagDays = &lag
		}
		idx[k] = len(out)
		out = append(out, rl)
	}
	for _, g := range group(r.in(iri, kg.PredRelayed)) {
		for _, l := range g.labels {
			if covered[bodyIn{valueKey(g.node), valueKey(l)}] {
				continue
			}
			rl := Relay{Body: s.bodyRef(r, g.node), Chairs: []*NodeRef{}, Articles: []*ArticleRef{}}
			if a := r.article(l); a != nil {
				rl.Articles = append(rl.Articles, a)
			}
			out = append(out, rl)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		// Dated relays first, by date; then by body.
		if (a.Date == "") != (b.Date == "") {
			return a.Date != ""
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return a.Body.ID < b.Body.ID
	})
	return out
}

func labelString(v quad.Value) string {
	if v == nil {
		return ""
	}
	return v.String()
}

func appendArticle(as []*ArticleRef, a *ArticleRef) []*ArticleRef {
	if a == nil {
		return as
	}
	for _, x := range as {
		if x.ID == a.ID {
			return as
		}
	}
	return append(as, a)
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func (s *Server) eventRef(r *reader, v quad.Value) *EventRef {
	n := r.node(v)
	return &EventRef{ID: n.ID, Type: n.Type, Name: n.Name, Kind: r.str(v, kg.PredKind), Date: r.str(v, kg.PredDate)}
}

func (s *Server) bodyRef(r *reader, v quad.Value) BodyRef {
	if b, ok := r.bodies[v.String()]; ok {
		return b
	}
	n := r.node(v)
	b := BodyRef{ID: n.ID, Name: n.Name, Type: n.Type, Level: r.str(v, kg.PredLevel), Place: r.str(v, kg.PredPlaceCode)}
	if b.Place != "" {
		if d, ok := s.gaz.ByCode(b.Place); ok {
			b.Province = s.gaz.Province(d).Name
		}
	}
	r.bodies[v.String()] = b
	return b
}

func (s *Server) congresses(c *gin.Context, r *reader) (any, error) {
	var all []*Congress
	for _, iri := range r.typed(kg.TypeCongress) {
		cg, _, err := s.congressInfoMemo(r, iri)
		if err != nil {
			continue
		}
		all = append(all, cg)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Start != all[j].Start {
			return all[i].Start > all[j].Start // most recent first
		}
		return all[i].ID < all[j].ID
	})
	return page(c, all)
}

func (s *Server) congress(c *gin.Context, r *reader) (any, error) {
	iri, err := s.entity(c, r, "Congress")
	if err != nil {
		return nil, err
	}
	cg, _, err := s.congressInfoMemo(r, iri)
	return cg, err
}

func (s *Server) relays(c *gin.Context, r *reader) (any, error) {
	asCSV, err := relaysAsCSV(c)
	if err != nil {
		return nil, err
	}
	f, err := s.bodyFilter(c)
	if err != nil {
		return nil, err
	}
	iri, err := s.entity(c, r, "Congress")
	if err != nil {
		return nil, err
	}
	cg, all, err := s.congressInfoMemo(r, iri)
	if err != nil {
		return nil, err
	}
	if f != (bodyFilter{}) {
		var kept []Relay
		for _, rl := range all {
			if f.keeps(rl.Body) {
				kept = append(kept, rl)
			}
		}
		all = kept
	}
	if asCSV {
		return s.relayTable(cg, all)
	}
	p, err := page(c, all)
	return RelaysAnswer{Congress: cg, Page: p}, err
}
