package api

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
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
	Body          *NodeRef      `json:"body"`
	Articles      []*ArticleRef `json:"articles"`
	ArticlesTotal int           `json:"articles_total"`
}

func (s *Server) body(c *gin.Context, r *reader) (any, error) {
	iri, err := s.entity(c, r, "Union", "Organization")
	if err != nil {
		return nil, err
	}
	limit, offset, per, err := profilePaging(c)
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

// bodyProfileOf computes a body's whole profile: the lists read from its
// quads by article (meetings, congresses relayed, slogans, articles) in
// parts, one per bucket of labels (readmodel.LabelBucket), for a body in
// bodyParts articles or more, else at once; the merge is the same either
// way.
func (s *Server) bodyProfileOf(r *reader, iri quad.IRI) *Body {
	b := &Body{BodyRef: s.bodyRef(r, iri), Aliases: []string{}, Children: []*NodeRef{}}
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
	b.Officials = s.officials(r, iri)
	var parts []*bodyPart
	if r.count(quad.Subject, iri, kg.PredReportedIn, quad.Object) < s.bodyParts {
		parts = append(parts, s.bodyPartOf(r, iri, func(dir quad.Direction, v quad.Value, p quad.IRI) []edge {
			if dir == quad.Subject {
				return r.out(v, p)
			}
			return r.in(v, p)
		}))
	} else {
		for bucket := range readmodel.LabelBuckets {
			key := "profile-part\x00" + string(iri) + "\x00" + strconv.Itoa(bucket)
			parts = append(parts, s.memo.get(r, key, func(r *reader) any {
				return s.bodyPartOf(r, iri, func(dir quad.Direction, v quad.Value, p quad.IRI) []edge {
					other := quad.Object
					if dir == quad.Object {
						other = quad.Subject
					}
					return r.scanBucket(dir, v, p, other, bucket)
				})
			}).(*bodyPart))
		}
	}
	mergeBodyParts(b, parts)
	return b
}

// bodyParts is the number of articles from which a body's profile is
// computed in parts (see bodyProfileOf), as from which the read model
// stamps a list per bucket of labels.
const bodyParts = 512

// bodyPart is what a body's lists by article say in some of its articles
// (those of one bucket of labels, or all): its meetings and documents,
// relays, slogans and articles, each with the articles of the part, not
// yet in the profile's order. Callers must not change it.
type bodyPart struct {
	meetings map[string]*partMeeting // by the node's N-Quads form
	dated    []partRelay             // relays with evidence
	// datedTo are the congresses (by N-Quads form) of dated.
	datedTo  map[string]bool
	undated  map[string]*partUse // congress relayed → the articles that say so
	slogans  map[string]*partUse // slogan → the articles that use it
	articles []*ArticleRef
}

// partMeeting is a meeting or document of a body in a part.
type partMeeting struct {
	m    Meeting
	doc  *NodeRef // for a document: its reference in the profile's list
	held bool     // held, not (only) issued: listed first
}

// partRelay is a relay with evidence in a part, keyed by where the
// evidence is in the body's list (its node's and its label's N-Quads
// forms).
type partRelay struct {
	key string
	rc  RelayedCongress
}

// partUse is a congress or slogan (its node's N-Quads form key) with
// articles of a part.
type partUse struct {
	key      string
	node     *NodeRef
	articles []*ArticleRef
}

// bodyPartOf reads a part of a body's profile from the edges read gives
// of its lists by article.
func (s *Server) bodyPartOf(r *reader, iri quad.IRI, read func(dir quad.Direction, v quad.Value, p quad.IRI) []edge) *bodyPart {
	bp := &bodyPart{meetings: map[string]*partMeeting{}, datedTo: map[string]bool{}, undated: map[string]*partUse{}, slogans: map[string]*partUse{}}
	held := group(read(quad.Subject, iri, kg.PredHeld))
	isHeld := make(map[string]bool, len(held))
	for _, g := range held {
		isHeld[g.node.String()] = true
	}
	for _, g := range append(held, group(read(quad.Subject, iri, kg.PredIssued))...) {
		k := g.node.String()
		if pm := bp.meetings[k]; pm != nil { // held and issued
			pm.m.Articles = append(pm.m.Articles, r.articles(g.labels)...)
			continue
		}
		pm := &partMeeting{m: Meeting{EventRef: *s.eventRef(r, g.node), Relays: []*NodeRef{}, Articles: r.articles(g.labels)}, held: isHeld[k]}
		for _, rg := range group(r.out(g.node, kg.PredRelays)) {
			pm.m.Relays = append(pm.m.Relays, r.node(rg.node))
		}
		if pm.m.Type == "Document" {
			pm.doc = r.node(g.node)
		}
		bp.meetings[k] = pm
	}
	relayed := read(quad.Subject, iri, kg.PredRelayed)
	// The evidence of a relay is in an article that states the relay, and
	// says kg:relayed: of a hub's evidence (facts of every article that
	// names it), only that is read whole.
	relaying := map[string]bool{}
	for _, e := range relayed {
		relaying[labelString(e.label)] = true
	}
	for _, ev := range read(quad.Object, iri, kg.PredSubject) {
		if rc, to, ok := s.relayOf(r, ev, relaying); ok {
			bp.datedTo[to.String()] = true
			bp.dated = append(bp.dated, partRelay{key: ev.node.String() + "\x00" + labelString(ev.label), rc: rc})
		}
	}
	for _, g := range group(relayed) {
		bp.undated[g.node.String()] = &partUse{key: g.node.String(), node: r.node(g.node), articles: r.articles(g.labels)}
	}
	for _, g := range group(read(quad.Subject, iri, kg.PredMentions)) {
		bp.slogans[g.node.String()] = &partUse{key: g.node.String(), node: r.node(g.node), articles: r.articles(g.labels)}
	}
	var labels []quad.Value
	for _, e := range read(quad.Subject, iri, kg.PredReportedIn) {
		labels = append(labels, e.label)
	}
	bp.articles = r.articles(labels)
	return bp
}

// relayOf reads the relay a piece of evidence of a body (ev, an edge of
// the body's kg:subject quads) states, if it states one, and the congress
// relayed; relaying are the labels of the body's kg:relayed quads.
func (s *Server) relayOf(r *reader, ev edge, relaying map[string]bool) (RelayedCongress, quad.Value, bool) {
	if !relaying[labelString(ev.label)] || r.least(ev.node, kg.PredPredicate) != kg.PredRelayed {
		return RelayedCongress{}, nil, false
	}
	e := r.evidenceOf(ev.node, nil)
	if e.pred != kg.PredRelayed || e.obj == nil {
		return RelayedCongress{}, nil, false
	}
	rc := RelayedCongress{Congress: r.node(e.obj), Date: e.date, Articles: r.articles([]quad.Value{ev.label})}
	if e.via != nil {
		rc.Via = s.eventRef(r, e.via)
	}
	return rc, e.obj, true
}

// mergeUses merges the congresses or slogans of parts, each with the
// articles of all, in the order of their N-Quads forms.
func mergeUses(parts []*bodyPart, of func(*bodyPart) map[string]*partUse) []*partUse {
	all := map[string]*partUse{}
	for _, bp := range parts {
		for k, u := range of(bp) {
			if x := all[k]; x != nil {
				x.articles = append(x.articles, u.articles...)
				continue
			}
			all[k] = &partUse{key: k, node: u.node, articles: slices.Clone(u.articles)}
		}
	}
	out := make([]*partUse, 0, len(all))
	for _, k := range slices.Sorted(maps.Keys(all)) {
		all[k].articles = sortArticles(all[k].articles)
		out = append(out, all[k])
	}
	return out
}

// mergeBodyParts fills a profile's lists by article from its parts, in
// the order of the body's lists (by the nodes' N-Quads forms) and then of
// the profile: meetings latest first (held before issued among equals),
// congresses latest relay first (relays with evidence before others
// among equals), slogans most used first, articles oldest first.
func mergeBodyParts(b *Body, parts []*bodyPart) {
	b.Meetings, b.Congresses, b.Documents, b.Slogans = []Meeting{}, []RelayedCongress{}, []*NodeRef{}, []SloganUse{}
	meetings := map[string]*partMeeting{}
	for _, bp := range parts {
		for k, pm := range bp.meetings {
			if m := meetings[k]; m != nil {
				m.m.Articles = append(m.m.Articles, pm.m.Articles...)
				continue
			}
			c := *pm
			c.m.Articles = slices.Clone(pm.m.Articles)
			meetings[k] = &c
		}
	}
	keys := slices.Collect(maps.Keys(meetings))
	slices.SortFunc(keys, func(a, b string) int {
		if ha, hb := meetings[a].held, meetings[b].held; ha != hb {
			if ha {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		pm := meetings[k]
		pm.m.Articles = sortArticles(pm.m.Articles)
		if pm.doc != nil {
			b.Documents = append(b.Documents, pm.doc)
		}
		b.Meetings = append(b.Meetings, pm.m)
	}
	sort.SliceStable(b.Meetings, func(i, j int) bool { return b.Meetings[i].Date > b.Meetings[j].Date })

	var dated []partRelay
	datedTo := map[string]bool{}
	for _, bp := range parts {
		dated = append(dated, bp.dated...)
		maps.Copy(datedTo, bp.datedTo)
	}
	slices.SortStableFunc(dated, func(a, b partRelay) int { return strings.Compare(a.key, b.key) })
	for _, d := range dated {
		b.Congresses = append(b.Congresses, d.rc)
	}
	for _, u := range mergeUses(parts, func(bp *bodyPart) map[string]*partUse { return bp.undated }) {
		if !datedTo[u.key] {
			b.Congresses = append(b.Congresses, RelayedCongress{Congress: u.node, Articles: u.articles})
		}
	}
	sort.SliceStable(b.Congresses, func(i, j int) bool { return b.Congresses[i].Date > b.Congresses[j].Date })

	for _, u := range mergeUses(parts, func(bp *bodyPart) map[string]*partUse { return bp.slogans }) {
		b.Slogans = append(b.Slogans, SloganUse{Slogan: u.node, Articles: u.articles})
	}
	sort.SliceStable(b.Slogans, func(i, j int) bool { return len(b.Slogans[i].Articles) > len(b.Slogans[j].Articles) })

	b.Articles = []*ArticleRef{}
	for _, bp := range parts {
		b.Articles = append(b.Articles, bp.articles...)
	}
	b.Articles = sortArticles(b.Articles)
}

// officials lists who holds a position in a body, through the Position
// nodes whose kg:org is the body.
func (s *Server) officials(r *reader, body quad.IRI) []Official {
	out := []Official{}
	positions := group(r.in(body, kg.PredOrg))
	for _, pg := range positions {
		if len(positions) < memoPositionsFrom {
			out = s.appendHolders(out, r, pg.node)
			continue
		}
		// A hub's positions each apart: a write that names one holder
		// reads that position again, not the thousands of the body.
		hs := s.memo.get(r, "holders\x00"+labelString(pg.node), func(r *reader) any {
			return s.appendHolders(nil, r, pg.node)
		}).([]Official)
		out = append(out, hs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].Person.ID < out[j].Person.ID
	})
	return out
}

// memoPositionsFrom is the number of a body's positions from which the
// holders of each are memoised apart.
const memoPositionsFrom = 32

// appendHolders appends to out the holders of position pos, each an
// Official with the position's title and date.
func (s *Server) appendHolders(out []Official, r *reader, pos quad.Value) []Official {
	// The greatest title, the latest date, of the distinct values: a
	// position is restated by every article that names its holder.
	title, date := "", ""
	if ts := r.values(pos, kg.PredTitle); len(ts) > 0 {
		title = valueString(ts[len(ts)-1])
	}
	for _, v := range r.values(pos, kg.PredDate) {
		date = max(date, valueString(v))
	}
	for _, hg := range group(r.in(pos, kg.PredHoldsPosition)) {
		out = append(out, Official{Person: r.node(hg.node), Title: title, Date: date, Articles: r.articles(hg.labels)})
	}
	return out
}

// inNQuadsOrder sorts values by their N-Quads forms, the order of a
// list's values in the read model (readmodel.Less), whatever the source.
func inNQuadsOrder(vs []quad.Value) []quad.Value {
	slices.SortFunc(vs, func(a, b quad.Value) int { return strings.Compare(a.String(), b.String()) })
	return vs
}
