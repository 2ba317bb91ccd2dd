package api

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

// Person is a person's profile.
type Person struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Positions []Position    `json:"positions"`
	Chaired   []EventRef    `json:"chaired"`
	Spoke     []EventRef    `json:"spoke"`
	Articles  []*ArticleRef `json:"articles"`
}

// Position is a title held in a body, as reported.
type Position struct {
	Title    string        `json:"title"`
	Org      *NodeRef      `json:"org,omitempty"`
	Date     string        `json:"date,omitempty"`
	Articles []*ArticleRef `json:"articles"`
}

func (s *Server) person(c *gin.Context, r *reader) (any, error) {
	iri, err := s.entity(c, r, "Person")
	if err != nil {
		return nil, err
	}
	n := r.node(iri)
	p := Person{ID: n.ID, Name: n.Name, Positions: []Position{}, Chaired: []EventRef{}, Spoke: []EventRef{}}
	var labels []quad.Value
	byPred := map[quad.IRI][]edge{}
	for _, e := range r.out(iri, "") {
		byPred[e.pred] = append(byPred[e.pred], e)
	}
	for _, g := range group(byPred[kg.PredHoldsPosition]) {
		pos := Position{Articles: r.articles(g.labels)}
		for _, e := range r.out(g.node, "") {
			switch e.pred {
			case kg.PredTitle:
				pos.Title = valueString(e.node)
			case kg.PredOrg:
				pos.Org = r.node(e.node)
			case kg.PredDate:
				if d := valueString(e.node); d > pos.Date {
					pos.Date = d
				}
			}
		}
		p.Positions = append(p.Positions, pos)
	}
	sort.SliceStable(p.Positions, func(i, j int) bool { return p.Positions[i].Date > p.Positions[j].Date })
	for _, g := range group(byPred[kg.PredChaired]) {
		p.Chaired = append(p.Chaired, *s.eventRef(r, g.node))
	}
	for _, g := range group(byPred[kg.PredSpokeAt]) {
		p.Spoke = append(p.Spoke, *s.eventRef(r, g.node))
	}
	for _, e := range byPred[kg.PredReportedIn] {
		labels = append(labels, e.label)
	}
	p.Articles = r.articles(labels)
	return p, nil
}

// SloganSummary is a slogan in a list.
type SloganSummary struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Bodies   int    `json:"bodies"`
	Articles int    `json:"articles"`
	First    string `json:"first,omitempty"`
	Last     string `json:"last,omitempty"`
}

// Slogan is a slogan's usage.
type Slogan struct {
	SloganSummary
	BodyUsage  []BodyUse     `json:"body_usage"`
	ArticleSet []*ArticleRef `json:"article_list"`
	ByMonth    []MonthCount  `json:"by_month"`
	ByProvince []RegionCount `json:"by_province"`
	// Limit and Offset cut BodyUsage and ArticleSet, whose whole lengths
	// are Bodies and Articles: a slogan may be used in tens of thousands
	// of articles.
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// MonthCount counts articles in a month ("2024-07").
type MonthCount struct {
	Month string `json:"month"`
	Count int    `json:"count"`
}

// RegionCount counts bodies' uses in a province.
type RegionCount struct {
	Province string `json:"province"`
	Count    int    `json:"count"`
}

// sloganInfo reads a slogan. Its articles are dated by their publication
// date, else by the earliest dated event (meeting held, document issued)
// of a body that used the slogan in the article, else by the article's
// earliest dated meeting, document or relay: most articles give no
// publication date, and the event is when the slogan was used.
func (s *Server) sloganInfo(r *reader, iri quad.IRI, full bool, ev *eventDates) (*Slogan, error) {
	n := r.node(iri)
	if n.Type != "Slogan" {
		return nil, errNotFound
	}
	sl := &Slogan{SloganSummary: SloganSummary{ID: n.ID, Name: n.Name}}
	var labels []quad.Value
	for _, e := range r.out(iri, kg.PredReportedIn) {
		labels = append(labels, e.label)
	}
	// A line of the list needs the articles' dates, not their titles: a
	// slogan that many articles use is read again after every write that
	// uses it.
	var arts []*ArticleRef
	published := map[string]string{} // article ID → publication date or ""
	if full {
		arts = r.articles(labels)
		for _, a := range arts {
			published[a.ID] = a.Published
		}
	} else {
		published = r.published(labels)
	}
	users := group(r.in(iri, kg.PredMentions))
	sl.Bodies, sl.Articles = len(users), len(published)
	dated := sloganDates(labels, users, published, ev)
	sl.First, sl.Last = span(dated)
	if !full {
		return sl, nil
	}
	sl.ArticleSet = arts
	sl.BodyUsage = []BodyUse{}
	prov := map[string]int{}
	for _, g := range users {
		sl.BodyUsage = append(sl.BodyUsage, BodyUse{Body: r.node(g.node), Articles: r.articles(g.labels)})
		if b := s.bodyRef(r, g.node); b.Province != "" {
			prov[b.Province] += len(g.labels)
		}
	}
	months := map[string]int{}
	for _, d := range dated {
		if len(d) >= len("2006-01") && d[0] != '-' {
			months[d[:7]]++
		}
	}
	sl.ByMonth = []MonthCount{}
	for m, n := range months {
		sl.ByMonth = append(sl.ByMonth, MonthCount{m, n})
	}
	sort.Slice(sl.ByMonth, func(i, j int) bool { return sl.ByMonth[i].Month < sl.ByMonth[j].Month })
	sl.ByProvince = []RegionCount{}
	for p, n := range prov {
		sl.ByProvince = append(sl.ByProvince, RegionCount{p, n})
	}
	sort.Slice(sl.ByProvince, func(i, j int) bool {
		if sl.ByProvince[i].Count != sl.ByProvince[j].Count {
			return sl.ByProvince[i].Count > sl.ByProvince[j].Count
		}
		return sl.ByProvince[i].Province < sl.ByProvince[j].Province
	})
	return sl, nil
}

// sloganDates dates the articles of a slogan's labels: by publication
// date, else by the earliest dated event in the article of a body that
// used the slogan there (users, by the labels of their uses), else by the
// article's earliest dated event.
func sloganDates(labels []quad.Value, users []grouped, published map[string]string, ev *eventDates) map[string]string {
	dated := map[string]string{} // article ID → date
	for id, d := range published {
		if d != "" {
			dated[id] = d
		}
	}
	if len(dated) < len(published) {
		for _, g := range users {
			byLabel := ev.of(g.node)
			for _, l := range g.labels {
				id, ok := articleID(l)
				if !ok || published[id] != "" {
					continue
				}
				if d := byLabel[l.String()]; d != "" && (dated[id] == "" || d < dated[id]) {
					dated[id] = d
				}
			}
		}
	}
	for _, l := range labels {
		if id, ok := articleID(l); ok && dated[id] == "" {
			if d := ev.inArticle(l); d != "" {
				dated[id] = d
			}
		}
	}
	return dated
}

// span returns the least and the greatest of dates.
func span(dates map[string]string) (first, last string) {
	for _, d := range dates {
		first, last = minDate(first, d), max(last, d)
	}
	return first, last
}

// minDate is the lesser of two dates, "" being none.
func minDate(a, b string) string {
	if a == "" || b != "" && b < a {
		return b
	}
	return a
}

// sloganParts is the number of articles from which a slogan's line is
// computed in parts, one per bucket of labels (readmodel.LabelBucket), as
// from which the read model stamps a list per bucket: a write then
// recomputes the part of its article, not the whole line of a slogan that
// tens of thousands of articles use.
const sloganParts = 512

// sloganPart is a slogan's line computed from the articles of one bucket
// of labels: how many, and the first and last date among them.
type sloganPart struct {
	articles    int
	first, last string
}

// sloganPartOf computes a slogan's line for the articles of one bucket,
// as sloganInfo does for all of them: the bodies that used it there are
// those whose use the same articles state.
func (s *Server) sloganPartOf(r *reader, iri quad.IRI, bucket int) sloganPart {
	var labels []quad.Value
	for _, e := range r.scanBucket(quad.Subject, iri, kg.PredReportedIn, quad.Object, bucket) {
		labels = append(labels, e.label)
	}
	published := r.published(labels)
	users := group(r.scanBucket(quad.Object, iri, kg.PredMentions, quad.Subject, bucket))
	p := sloganPart{articles: len(published)}
	p.first, p.last = span(sloganDates(labels, users, published, newEventDates(r)))
	return p
}

func (s *Server) slogans(c *gin.Context, r *reader) (any, error) {
	var all []SloganSummary
	for _, iri := range r.typed(kg.TypeSlogan) {
		if sl := s.sloganSummary(r, iri); sl != nil {
			all = append(all, sl.SloganSummary)
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

// sloganSummary is a slogan's line in the list, memoised; nil if iri is
// not a slogan.
func (s *Server) sloganSummary(r *reader, iri quad.IRI) *Slogan {
	return s.memo.get(r, "slogan\x00"+string(iri), func(r *reader) any {
		if r.count(quad.Subject, iri, kg.PredReportedIn, quad.Object) < s.sloganParts {
			sl, err := s.sloganInfo(r, iri, false, newEventDates(r))
			if err != nil {
				return (*Slogan)(nil)
			}
			return sl
		}
		n := r.node(iri)
		if n.Type != "Slogan" {
			return (*Slogan)(nil)
		}
		sl := &Slogan{SloganSummary: SloganSummary{ID: n.ID, Name: n.Name,
			Bodies: r.count(quad.Object, iri, kg.PredMentions, quad.Subject)}}
		for b := range readmodel.LabelBuckets {
			key := "slogan-part\x00" + string(iri) + "\x00" + strconv.Itoa(b)
			p := s.memo.get(r, key, func(r *reader) any { return s.sloganPartOf(r, iri, b) }).(sloganPart)
			sl.Articles += p.articles
			sl.First, sl.Last = minDate(sl.First, p.first), max(sl.Last, p.last)
		}
		return sl
	}).(*Slogan)
}

func (s *Server) slogan(c *gin.Context, r *reader) (any, error) {
	iri, err := s.entity(c, r, "Slogan")
	if err != nil {
		return nil, err
	}
	limit, offset, per, err := profilePaging(c)
	if err != nil {
		return nil, err
	}
	full := s.memo.get(r, "slogan-page\x00"+string(iri), func(r *reader) any {
		sl, err := s.sloganInfo(r, iri, true, newEventDates(r))
		if err != nil {
			return (*Slogan)(nil)
		}
		return sl
	}).(*Slogan)
	if full == nil {
		return nil, errNotFound
	}
	sl := *full
	sl.Limit, sl.Offset = limit, offset
	sl.BodyUsage = cutArticles(window(sl.BodyUsage, offset, limit), per,
		func(u *BodyUse) (*[]*ArticleRef, *int) { return &u.Articles, &u.ArticlesTotal })
	sl.ArticleSet = window(sl.ArticleSet, offset, limit)
	return &sl, nil
}

// eventDates are the dates of the events of bodies, by article, read
// once per body for one answer.
type eventDates struct {
	r         *reader
	byBody    map[string]map[string]string // body → article label → earliest date
	byArticle map[string]string            // article label → earliest date
}

func newEventDates(r *reader) *eventDates {
	return &eventDates{r: r, byBody: map[string]map[string]string{}, byArticle: map[string]string{}}
}

// inArticle returns the earliest full date of the meetings, documents and
// relays (Evidence) an article reports, or "". A congress's date is not
// the article's.
func (e *eventDates) inArticle(label quad.Value) string {
	k := labelString(label)
	if d, ok := e.byArticle[k]; ok {
		return d
	}
	var earliest string
	for _, q := range e.r.labelled(label) {
		if q.Predicate != kg.PredDate {
			continue
		}
		d := valueString(q.Object)
		if _, err := time.Parse(time.DateOnly, d); err != nil || earliest != "" && d >= earliest {
			continue
		}
		switch e.r.node(q.Subject).Type {
		case "Meeting", "Document", "Evidence":
			earliest = d
		}
	}
	e.byArticle[k] = earliest
	return earliest
}

// of returns the earliest full date (YYYY-MM-DD) of the meetings a body
// held and the documents it issued, by the label of the article that
// reports them.
func (e *eventDates) of(body quad.Value) map[string]string {
	if m, ok := e.byBody[body.String()]; ok {
		return m
	}
	m := map[string]string{}
	for _, p := range []quad.IRI{kg.PredHeld, kg.PredIssued} {
		for _, g := range group(e.r.out(body, p)) {
			d := e.r.str(g.node, kg.PredDate)
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				continue // none, or --07-25: the year unknown
			}
			for _, l := range g.labels {
				if k := labelString(l); m[k] == "" || d < m[k] {
					m[k] = d
				}
			}
		}
	}
	e.byBody[body.String()] = m
	return m
}

// NodeView is any node with its attributes and edges.
type NodeView struct {
	NodeRef
	Aliases    []string            `json:"aliases"`
	Attributes map[string][]string `json:"attributes"`
	Out        []NodeEdge          `json:"out"`
	In         []NodeEdge          `json:"in"`
}

// NodeEdge is an edge seen from a node.
type NodeEdge struct {
	Predicate string        `json:"predicate"`
	Node      *NodeRef      `json:"node"`
	Articles  []*ArticleRef `json:"articles"`
}

// maxNodeEdges bounds the edges a node view lists per direction: hubs such
// as 中华全国总工会 have one per article.
const maxNodeEdges = 500

func (s *Server) nodeView(c *gin.Context, r *reader) (any, error) {
	iri, err := s.entity(c, r)
	if err != nil {
		return nil, err
	}
	out := r.out(iri, "")
	if len(out) == 0 {
		return nil, errNotFound
	}
	v := NodeView{NodeRef: *r.node(iri), Aliases: []string{}, Attributes: map[string][]string{}, Out: []NodeEdge{}, In: []NodeEdge{}}
	var edges []edge
	for _, e := range out {
		if _, isIRI := e.node.(quad.IRI); isIRI && e.pred != kg.PredType {
			edges = append(edges, e)
			continue
		}
		name := kg.Local(e.pred)
		if e.pred == kg.PredAlias {
			v.Aliases = appendUnique(v.Aliases, valueString(e.node))
			continue
		}
		v.Attributes[name] = appendUnique(v.Attributes[name], valueString(e.node))
	}
	v.Out = s.nodeEdges(r, edges)
	v.In = s.nodeEdges(r, r.in(iri, ""))
	return v, nil
}

func (s *Server) nodeEdges(r *reader, es []edge) []NodeEdge {
	type key struct{ p, o string }
	idx := map[key]int{}
	out := []NodeEdge{}
	var labels [][]quad.Value
	var nodes []quad.Value
	for _, e := range es {
		k := key{string(e.pred), e.node.String()}
		i, ok := idx[k]
		if !ok {
			if len(out) >= maxNodeEdges {
				continue
			}
			i = len(out)
			idx[k] = i
			out = append(out, NodeEdge{Predicate: kg.Local(e.pred)})
			labels = append(labels, nil)
			nodes = append(nodes, e.node)
		}
		labels[i] = append(labels[i], e.label)
	}
	for i := range out {
		out[i].Node = r.node(nodes[i])
		out[i].Articles = r.articles(labels[i])
	}
	return out
}

// Stats is the size of the graph.
type Stats struct {
	Nodes      int64 `json:"nodes"`
	Quads      int64 `json:"quads"`
	Articles   int   `json:"articles"`
	Congresses int   `json:"congresses"`
	Bodies     int   `json:"bodies"`
	Persons    int   `json:"persons"`
	Slogans    int   `json:"slogans"`
}

func (s *Server) stats(c *gin.Context, r *reader) (any, error) {
	size, err := s.size(r.ctx)
	if err != nil {
		return nil, err
	}
	// Counts of subjects, without reading their names: an Article node per
	// article.
	typed := func(t quad.IRI) int { return r.count(quad.Object, t, kg.PredType, quad.Subject) }
	return Stats{
		Nodes: size.Nodes.Size, Quads: size.Quads.Size,
		Articles:   typed(kg.TypeArticle),
		Congresses: typed(kg.TypeCongress),
		Bodies:     typed(kg.TypeUnion) + typed(kg.TypeOrg),
		Persons:    typed(kg.TypePerson),
		Slogans:    typed(kg.TypeSlogan),
	}, r.ctx.Err()
}

// size returns the store's exact node and quad counts.
func (s *Server) size(ctx context.Context) (graph.Stats, error) {
	if src, ok := s.source(ctx).(modelSource); ok {
		return src.size(ctx) // counted as it changes
	}
	v, _, err := s.cache.get(ctx, "size", s.st.Generation(),
		func(ctx context.Context) (any, int64, error) {
			st, err := newReader(ctx, s.storeSource()).size()
			return st, 64, err
		})
	if err != nil {
		return graph.Stats{}, err
	}
	return v.(graph.Stats), nil
}

// normalize turns search input into the form names are stored in:
// Simplified script, no surrounding space.
func (s *Server) normalize(q string) string {
	q = strings.TrimSpace(q)
	if q == "" || s.t2s == nil {
		return q
	}
	return s.t2s.Convert(q)
}
