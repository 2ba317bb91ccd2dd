package api

import (
	"bytes"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
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
	c, err := s.congressHead(r, iri)
	if err != nil {
		return nil, nil, err
	}
	relays := s.relayEvents(r, iri, c)
	bodies := map[string]bool{}
	for _, rl := range relays {
		bodies[rl.Body.ID] = true
		c.FirstRelay, c.LastRelay = relaySpan(c.FirstRelay, c.LastRelay, rl.Date)
	}
	c.Relays, c.Bodies = len(relays), len(bodies)
	return c, relays, nil
}

// relaySpan widens the span of relay dates first–last by date, if it is
// a date with its year.
func relaySpan(first, last, date string) (string, string) {
	if date == "" || date[0] == '-' {
		return first, last
	}
	return minDate(first, date), max(last, date)
}

// congressHead reads a congress without its relays.
func (s *Server) congressHead(r *reader, iri quad.IRI) (*Congress, error) {
	n := r.node(iri)
	if n.Type != "Congress" {
		return nil, errNotFound
	}
	c := &Congress{ID: n.ID, Name: n.Name}
	// By predicate, not a walk of every quad: a congress has its name and
	// aliases stated under every article that names it.
	for _, v := range r.values(iri, kg.PredAlias) {
		c.Aliases = appendUnique(c.Aliases, valueString(v))
	}
	last := func(p quad.IRI) string { // the greatest, as the walk kept
		vs := r.values(iri, p)
		if len(vs) == 0 {
			return ""
		}
		return valueString(vs[len(vs)-1])
	}
	c.Kind, c.Start, c.End = last(kg.PredKind), last(kg.PredDate), last(kg.PredEnd)
	if c.End == "" {
		c.End = c.Start
	}
	return c, nil
}

// congressParts is the number of pieces of evidence from which a
// congress's line in the congress list (and the congress alone) is
// computed in parts, one per bucket of labels: a write then reads the
// relays of one bucket again, not the tens of thousands of a large
// congress.
const congressParts = 512

// congressBucket is what the relays of one bucket of labels of a
// congress count: the relays with evidence (by what makes two pieces one
// relay), those without, the bodies, and the span of relay dates.
type congressBucket struct {
	keys        map[relayKey]bool
	uncovered   int
	bodies      map[string]bool
	first, last string
}

// congressBucketOf reads the relays of a congress in the articles of one
// bucket, as relayEvents reads them all.
func (s *Server) congressBucketOf(r *reader, iri quad.IRI, bucket int) congressBucket {
	cb := congressBucket{keys: map[relayKey]bool{}, bodies: map[string]bool{}}
	type bodyIn struct{ body, label any }
	covered := map[bodyIn]bool{}
	for _, ev := range r.scanBucket(quad.Object, iri, kg.PredObject, quad.Subject, bucket) {
		f := s.relayFragment(r, ev)
		if !f.relay {
			continue
		}
		covered[bodyIn{f.subj, valueKey(ev.label)}] = true
		cb.keys[f.key] = true
		cb.bodies[f.rl.Body.ID] = true
		cb.first, cb.last = relaySpan(cb.first, cb.last, f.rl.Date)
	}
	for _, g := range group(r.scanBucket(quad.Object, iri, kg.PredRelayed, quad.Subject, bucket)) {
		for _, l := range g.labels {
			if !covered[bodyIn{valueKey(g.node), valueKey(l)}] {
				cb.uncovered++
				cb.bodies[s.bodyRef(r, g.node).ID] = true
			}
		}
	}
	return cb
}

// congressSummary is a congress with its relays counted, memoised: for a
// congress with congressParts pieces of evidence or more, from one part
// per bucket of labels; else as congressInfo counts them.
func (s *Server) congressSummary(r *reader, iri quad.IRI) (*Congress, error) {
	type summary struct {
		c   *Congress
		err error
	}
	sm := s.memo.get(r, "congress-line\x00"+string(iri), func(r *reader) any {
		if r.count(quad.Object, iri, kg.PredObject, quad.Subject) < s.congressParts {
			c, _, err := s.congressInfoMemo(r, iri)
			return summary{c, err}
		}
		c, err := s.congressHead(r, iri)
		if err != nil {
			return summary{nil, err}
		}
		keys, bodies := map[relayKey]bool{}, map[string]bool{}
		for b := range readmodel.LabelBuckets {
			key := "congress-part\x00" + string(iri) + "\x00" + strconv.Itoa(b)
			cb := s.memo.get(r, key, func(r *reader) any { return s.congressBucketOf(r, iri, b) }).(congressBucket)
			maps.Copy(keys, cb.keys)
			maps.Copy(bodies, cb.bodies)
			c.Relays += cb.uncovered
			c.FirstRelay, c.LastRelay = relaySpan(c.FirstRelay, c.LastRelay, cb.first)
			c.FirstRelay, c.LastRelay = relaySpan(c.FirstRelay, c.LastRelay, cb.last)
		}
		c.Relays += len(keys)
		c.Bodies = len(bodies)
		return summary{c, nil}
	}).(summary)
	return sm.c, sm.err
}

// relayEvents lists the relays of a congress from the Evidence nodes of
// its relayed edges, which carry each relay's date and meeting or
// document; a relayed edge without evidence still counts, undated.
func (s *Server) relayEvents(r *reader, iri quad.IRI, c *Congress) []Relay {
	end, _ := time.Parse(time.DateOnly, c.End)
	evs := r.in(iri, kg.PredObject)
	idx := make(map[relayKey]int, len(evs))
	var out []Relay
	type bodyIn struct{ body, label any }
	covered := make(map[bodyIn]bool, len(evs)) // covered by evidence
	for _, ev := range evs {
		// What each evidence node says is kept apart (memoised): after a
		// write, only the evidence it touched is read again, not every
		// relay of the congress.
		f := s.relayFragment(r, ev)
		if !f.relay {
			continue
		}
		covered[bodyIn{f.subj, valueKey(ev.label)}] = true
		if i, ok := idx[f.key]; ok {
			out[i].Articles = appendArticle(out[i].Articles, f.article)
			continue
		}
		rl := f.rl
		rl.Articles = []*ArticleRef{}
		if f.article != nil {
			rl.Articles = append(rl.Articles, f.article)
		}
		if d, err := time.Parse(time.DateOnly, rl.Date); err == nil && !end.IsZero() {
			lag := int(d.Sub(end).Hours() / 24)
			rl.LagDays = &lag
		}
		idx[f.key] = len(out)
		out = append(out, rl)
	}
	for _, g := range group(r.in(iri, kg.PredRelayed)) {
		for _, l := range g.labels {
			if covered[bodyIn{valueKey(g.node), valueKey(l)}] {
				continue
			}
			rl := Relay{Body: s.bodyRef(r, g.node), Chairs: []*NodeRef{}, Articles: []*ArticleRef{}}
			if a := r.labelArticle(l); a != nil {
				rl.Articles = append(rl.Articles, a)
			}
			out = append(out, rl)
		}
	}
	// Dated relays first, by date; then by body; then as found. Sorted by
	// index: a large congress has thousands of relays, each a sizeable
	// struct to move.
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &out[i], &out[j]
		switch {
		case (a.Date == "") != (b.Date == ""):
			if a.Date != "" {
				return -1
			}
			return 1
		case a.Date != b.Date:
			return strings.Compare(a.Date, b.Date)
		case a.Body.ID != b.Body.ID:
			return strings.Compare(a.Body.ID, b.Body.ID)
		}
		return i - j
	})
	sorted := make([]Relay, len(out))
	for k, i := range order {
		sorted[k] = out[i]
	}
	return sorted
}

// relayKey is what makes two pieces of evidence one relay: the body, the
// meeting and the date.
type relayKey struct{ body, via, date string }

// relayFragment is what one evidence node of a congress says of a relay:
// nothing (relay false) unless it states kg:relayed, else the relay with
// its body, date, meeting and chairs (no articles, no lag) and the article.
// It is shared by later answers: callers copy before they change it.
type relayFragment struct {
	relay   bool
	subj    any // the body's value key
	key     relayKey
	rl      Relay
	article *ArticleRef
}

// relayFragment is relayFragmentOf, memoised.
func (s *Server) relayFragment(r *reader, ev edge) relayFragment {
	return s.memo.get(r, "relay\x00"+labelString(ev.node)+"\x00"+labelString(ev.label), func(r *reader) any {
		return s.relayFragmentOf(r, ev)
	}).(relayFragment)
}

func (s *Server) relayFragmentOf(r *reader, ev edge) relayFragment {
	e := r.evidenceOf(ev.node, nil)
	subj, via, date := e.subj, e.via, e.date
	if e.pred != kg.PredRelayed || subj == nil {
		return relayFragment{}
	}
	var vref *EventRef
	if via != nil {
		vref = s.eventRef(r, via)
		if date == "" {
			date = vref.Date
		}
	}
	f := relayFragment{relay: true, subj: valueKey(subj), key: relayKey{subj.String(), "", date}, article: r.labelArticle(ev.label)}
	if vref != nil {
		f.key.via = vref.ID
	}
	f.rl = Relay{Body: s.bodyRef(r, subj), Date: date, Via: vref, Chairs: []*NodeRef{}}
	if vref != nil {
		for _, ch := range group(r.in(via, kg.PredChaired)) {
			f.rl.Chairs = append(f.rl.Chairs, r.node(ch.node))
		}
	}
	return f
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
		cg, err := s.congressSummary(r, iri)
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
	return s.congressSummary(r, iri)
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
	part := s.congressPartMemo(r, iri)
	cg, all, err := part.c, part.relays, part.err
	if err != nil {
		return nil, err
	}
	kept := make([]int, 0, len(all))
	for i, rl := range all {
		if f == (bodyFilter{}) || f.keeps(rl.Body) {
			kept = append(kept, i)
		}
	}
	if asCSV {
		rows := make([]Relay, len(kept))
		for j, i := range kept {
			rows[j] = all[i]
		}
		return s.relayTable(cg, rows)
	}
	p, err := page(c, kept)
	if err != nil {
		return nil, err
	}
	// The page's relays, each encoded once for the part, joined: the
	// bytes of RelaysAnswer encoded whole (TestRelaysPageEncoding),
	// without copying the relays into a page or compacting what is
	// compact.
	enc := make([][]byte, len(p.Items))
	head, err := marshal(cg)
	if err != nil {
		return nil, err
	}
	size := len(head) + 96
	for j, i := range p.Items {
		if enc[j], err = part.encoded(i); err != nil {
			return nil, err
		}
		size += len(enc[j]) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, `{"congress":`...)
	b = append(b, bytes.TrimSuffix(head, []byte("\n"))...)
	b = append(b, `,"items":[`...)
	for j := range p.Items {
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, enc[j]...)
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(p.Total), 10)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(p.Limit), 10)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, int64(p.Offset), 10)
	b = append(b, "}\n"...)
	return &reply{status: http.StatusOK, ctype: jsonType, body: b}, nil
}
