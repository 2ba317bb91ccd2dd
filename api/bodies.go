package api

import (
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
)

// BodySummary is a body in a list.
type BodySummary struct {
	BodyRef
	Relays   int `json:"relays"`
	Articles int `json:"articles"`
}

func (s *Server) bodies(c *gin.Context, r *reader) (any, error) {
	f, err := s.bodyFilter(c)
	if err != nil {
		return nil, err
	}
	q := s.normalize(c.Query("q"))
	var all []BodySummary
	for _, t := range []quad.IRI{kg.TypeUnion, kg.TypeOrg} {
		for _, iri := range r.typed(t) {
			b := s.bodySummary(r, iri)
			if !f.keeps(b.BodyRef) || q != "" && !strings.Contains(b.Name, q) {
				continue
			}
			all = append(all, b)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Articles != all[j].Articles {
			return all[i].Articles > all[j].Articles
		}
		return all[i].ID < all[j].ID
	})
	return page(c, all)
}

// bodySummary is a body's line in the list, memoised.
func (s *Server) bodySummary(r *reader, iri quad.IRI) BodySummary {
	return s.memo.get(r, "body\x00"+string(iri), func(r *reader) any {
		return BodySummary{
			BodyRef:  s.bodyRef(r, iri),
			Relays:   len(group(r.out(iri, kg.PredRelayed))),
			Articles: len(group(r.out(iri, kg.PredReportedIn))),
		}
	}).(BodySummary)
}

// Body is a body's profile.
type Body struct {
	BodyRef
	Aliases    []string          `json:"aliases"`
	PlaceNode  *NodeRef          `json:"place_node,omitempty"`
	Parent     *NodeRef          `json:"parent,omitempty"`
	Children   []*NodeRef        `json:"children"`
	Officials  []Official        `json:"officials"`
	Meetings   []Meeting         `json:"meetings"`
	Congresses []RelayedCongress `json:"congresses"`
	Documents  []*NodeRef        `json:"documents"`
	Slogans    []SloganUse       `json:"slogans"`
	Articles   []*ArticleRef     `json:"articles"`
	// Totals are the lengths of the lists before Limit and Offset cut
	// each of them: a body that many articles name has thousands of
	// meetings and articles.
	Totals BodyTotals `json:"totals"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
}

// BodyTotals are the lengths of a body profile's lists.
type BodyTotals struct {
	Children   int `json:"children"`
	Officials  int `json:"officials"`
	Meetings   int `json:"meetings"`
	Congresses int `json:"congresses"`
	Documents  int `json:"documents"`
	Slogans    int `json:"slogans"`
	Articles   int `json:"articles"`
}

// Official is a person holding a position in a body.
type Official struct {
	Person   *NodeRef      `json:"person"`
	Title    string        `json:"title"`
	Date     string        `json:"date,omitempty"`
	Articles []*ArticleRef `json:"articles"`
	// ArticlesTotal is the length of Articles before the profile's
	// articles parameter cut it.
	ArticlesTotal int `json:"articles_total"`
}

// Meeting is a meeting with what it relayed.
type Meeting struct {
	EventRef
	Relays        []*NodeRef    `json:"relays"`
	Articles      []*ArticleRef `json:"articles"`
	ArticlesTotal int           `json:"articles_total"`
}

// RelayedCongress is a congress a body relayed.
type RelayedCongress struct {
	Congress      *NodeRef      `json:"congress"`
	Date          string        `json:"date,omitempty"`
	Via           *EventRef     `json:"via,omitempty"`
	Articles      []*ArticleRef `json:"articles"`
	ArticlesTotal int           `json:"articles_total"`
}

// SloganUse is a slogan a body used, with the articles that say so.
type SloganUse struct {
	Slogan        *NodeRef      `json:"slogan"`
	Articles      []*ArticleRef `json:"articles"`
	ArticlesTotal int           `json:"articles_total"`
}

// BodyUse is a body that used a slogan, with the articles that say so.
type BodyUse struct {
	Body     *NodeRef      `json:"body"`
	Articles []*ArticleRef `json:"articles"`
}

func (s *Server) body(c *gin.Context, r *reader) (any, error) {
	iri, err := s.entity(c, r, "Union", "Organization")
	if err != nil {
		return nil, err
	}
	limit, offset, err := paging(c)
	if err != nil {
		return nil, err
	}
	// A hub's meeting or slogan is stated by thousands of articles.
	per, err := intParam(c, "articles", 20, 0, 1000)
	if err != nil {
		return nil, err
	}
	full := s.bodyProfile(r, iri)
	b := *full
	b.Limit, b.Offset = limit, offset
	b.Totals = BodyTotals{Children: len(b.Children), Officials: len(b.Officials), Meetings: len(b.Meetings),
		Congresses: len(b.Congresses), Documents: len(b.Documents), Slogans: len(b.Slogans), Articles: len(b.Articles)}
	b.Children = window(b.Children, offset, limit)
	b.Officials = cutArticles(window(b.Officials, offset, limit), per,
		func(o *Official) (*[]*ArticleRef, *int) { return &o.Articles, &o.ArticlesTotal })
	b.Meetings = cutArticles(window(b.Meetings, offset, limit), per,
		func(m *Meeting) (*[]*ArticleRef, *int) { return &m.Articles, &m.ArticlesTotal })
	b.Congresses = cutArticles(window(b.Congresses, offset, limit), per,
		func(rc *RelayedCongress) (*[]*ArticleRef, *int) { return &rc.Articles, &rc.ArticlesTotal })
	b.Documents = window(b.Documents, offset, limit)
	b.Slogans = cutArticles(window(b.Slogans, offset, limit), per,
		func(su *SloganUse) (*[]*ArticleRef, *int) { return &su.Articles, &su.ArticlesTotal })
	b.Articles = window(b.Articles, offset, limit)
	return b, nil
}

// cutArticles returns a copy of items (the memoised profile's are shared)
// with the article list of each cut to its first n, and its length
// before in the total beside it.
func cutArticles[T any](items []T, n int, arts func(*T) (*[]*ArticleRef, *int)) []T {
	out := slices.Clone(items)
	for i := range out {
		a, total := arts(&out[i])
		*total = len(*a)
		*a = (*a)[:min(n, len(*a))]
	}
	return out
}

// window returns the part [offset, offset+limit) of a list, never nil.
func window[T any](all []T, offset, limit int) []T {
	if offset >= len(all) {
		return []T{}
	}
	return all[offset:min(offset+limit, len(all))]
}

// bodyProfile is a body's whole profile, memoised: it reads every
// meeting, relay and article of the body, which for a body that many
// articles name is most of the answer's time. Callers must not change
// what it returns.
func (s *Server) bodyProfile(r *reader, iri quad.IRI) *Body {
	return s.memo.get(r, "profile\x00"+string(iri), func(r *reader) any {
		return s.bodyProfileOf(r, iri)
	}).(*Body)
}

func (s *Server) bodyProfileOf(r *reader, iri quad.IRI) *Body {
	b := &Body{BodyRef: s.bodyRef(r, iri), Aliases: []string{}, Children: []*NodeRef{}, Officials: []Official{},
		Meetings: []Meeting{}, Congresses: []RelayedCongress{}, Documents: []*NodeRef{}, Slogans: []SloganUse{}}
	// By predicate, only those the profile shows: a hub body has a name and
	// a type quad under every article that names it.
	byPred := map[quad.IRI][]edge{}
	for _, p := range []quad.IRI{kg.PredHeld, kg.PredIssued, kg.PredRelayed, kg.PredMentions, kg.PredReportedIn} {
		byPred[p] = r.out(iri, p)
	}
	for _, v := range r.values(iri, kg.PredAlias) {
		b.Aliases = appendUnique(b.Aliases, valueString(v))
	}
	if vs := r.values(iri, kg.PredLocatedIn); len(vs) > 0 {
		b.PlaceNode = r.node(vs[0])
	}
	if vs := r.values(iri, kg.PredPartOf); len(vs) > 0 {
		b.Parent = r.node(vs[0])
	}
	// Distinct: each child's partOf is stated under every article that
	// names it.
	for _, v := range inNQuadsOrder(r.subjects(iri, kg.PredPartOf)) {
		b.Children = append(b.Children, r.node(v))
	}
	for _, g := range group(append(byPred[kg.PredHeld], byPred[kg.PredIssued]...)) {
		m := Meeting{EventRef: *s.eventRef(r, g.node), Relays: []*NodeRef{}, Articles: r.articles(g.labels)}
		for _, rg := range group(r.out(g.node, kg.PredRelays)) {
			m.Relays = append(m.Relays, r.node(rg.node))
		}
		if m.Type == "Document" {
			b.Documents = append(b.Documents, r.node(g.node))
		}
		b.Meetings = append(b.Meetings, m)
	}
	sort.SliceStable(b.Meetings, func(i, j int) bool { return b.Meetings[i].Date > b.Meetings[j].Date })
	b.Congresses = s.relayedBy(r, iri, byPred[kg.PredRelayed])
	for _, g := range group(byPred[kg.PredMentions]) {
		b.Slogans = append(b.Slogans, SloganUse{Slogan: r.node(g.node), Articles: r.articles(g.labels)})
	}
	sort.SliceStable(b.Slogans, func(i, j int) bool { return len(b.Slogans[i].Articles) > len(b.Slogans[j].Articles) })
	b.Officials = s.officials(r, iri)
	var labels []quad.Value
	for _, e := range byPred[kg.PredReportedIn] {
		labels = append(labels, e.label)
	}
	b.Articles = r.articles(labels)
	return b
}

// relayedBy lists the congresses a body relayed, with date and meeting
// from the evidence of each relay.
func (s *Server) relayedBy(r *reader, body quad.IRI, edges []edge) []RelayedCongress {
	out := []RelayedCongress{}
	dated := map[string]bool{}
	// The evidence of a relay is in an article that states the relay, and
	// says kg:relayed: of a hub's evidence (facts of every article that
	// names it), only that is read whole.
	relaying := map[string]bool{}
	for _, e := range edges {
		relaying[labelString(e.label)] = true
	}
	for _, ev := range r.in(body, kg.PredSubject) {
		if !relaying[labelString(ev.label)] || r.least(ev.node, kg.PredPredicate) != kg.PredRelayed {
			continue
		}
		e := r.evidenceOf(ev.node, nil)
		if e.pred != kg.PredRelayed || e.obj == nil {
			continue
		}
		rc := RelayedCongress{Congress: r.node(e.obj), Date: e.date, Articles: r.articles([]quad.Value{ev.label})}
		if e.via != nil {
			rc.Via = s.eventRef(r, e.via)
		}
		dated[e.obj.String()] = true
		out = append(out, rc)
	}
	for _, g := range group(edges) {
		if !dated[g.node.String()] {
			out = append(out, RelayedCongress{Congress: r.node(g.node), Articles: r.articles(g.labels)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

// officials lists who holds a position in a body, through the Position
// nodes whose kg:org is the body.
func (s *Server) officials(r *reader, body quad.IRI) []Official {
	out := []Official{}
	for _, pg := range group(r.in(body, kg.PredOrg)) {
		// The greatest title, the latest date, of the distinct values: a
		// position is restated by every article that names its holder.
		title, date := "", ""
		if ts := r.values(pg.node, kg.PredTitle); len(ts) > 0 {
			title = valueString(ts[len(ts)-1])
		}
		for _, v := range r.values(pg.node, kg.PredDate) {
			date = max(date, valueString(v))
		}
		for _, hg := range group(r.in(pg.node, kg.PredHoldsPosition)) {
			out = append(out, Official{Person: r.node(hg.node), Title: title, Date: date, Articles: r.articles(hg.labels)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].Person.ID < out[j].Person.ID
	})
	return out
}

// inNQuadsOrder sorts values by their N-Quads forms, the order of a
// list's values in the read model (readmodel.Less), whatever the source.
func inNQuadsOrder(vs []quad.Value) []quad.Value {
	slices.SortFunc(vs, func(a, b quad.Value) int { return strings.Compare(a.String(), b.String()) })
	return vs
}
