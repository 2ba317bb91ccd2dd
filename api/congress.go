package api

import (
	"bytes"
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
// congress's relays are computed in parts, one per bucket of labels, with
// the read model: a write then reads again the relays of one bucket, not
// the tens of thousands of a large congress.
const congressParts = 512

// congressSummary is a congress with its relays counted, memoised.
func (s *Server) congressSummary(r *reader, iri quad.IRI) (*Congress, error) {
	type summary struct {
		c   *Congress
		err error
	}
	sm := s.memo.get(r, "congress-line\x00"+string(iri), func(r *reader) any {
		c, _, err := s.congressInfoMemo(r, iri)
		return summary{c, err}
	}).(summary)
	return sm.c, sm.err
}

// relayEvents lists the relays of a congress from the Evidence nodes of
// its relayed edges, which carry each relay's date and meeting or
// document; a relayed edge without evidence still counts, undated. With
// the read model, a congress with congressParts pieces of evidence or
// more is read in one memoised run per bucket of labels (relayRunOf), and
// the runs merged.
func (s *Server) relayEvents(r *reader, iri quad.IRI, c *Congress) []Relay {
	end, _ := time.Parse(time.DateOnly, c.End)
	if _, ok := r.src.(modelSource); !ok || r.count(quad.Object, iri, kg.PredObject, quad.Subject) < s.congressParts {
		run := s.relayRunOf(r, r.in(iri, kg.PredObject), r.in(iri, kg.PredRelayed))
		return mergeRelays([]relayRun{run}, end)
	}
	runs := make([]relayRun, 0, readmodel.LabelBuckets)
	for b := range readmodel.LabelBuckets {
		key := "relays\x00" + string(iri) + "\x00" + strconv.Itoa(b)
		runs = append(runs, s.memo.get(r, key, func(r *reader) any {
			return s.relayRunOf(r, r.scanBucket(quad.Object, iri, kg.PredObject, quad.Subject, b),
				r.scanBucket(quad.Object, iri, kg.PredRelayed, quad.Subject, b))
		}).(relayRun))
	}
	return mergeRelays(runs, end)
}

// relayRun is the relays of a congress told in a set of articles (one
// bucket of labels, or all), in relay order (cmpRelayEntry), without their
// lags. It is shared by later answers: callers copy before they change it.
type relayRun []relayEntry

// relayEntry is a relay of a run: one with evidence (covered), by its
// key, or a relayed edge without evidence in one article.
type relayEntry struct {
	key     relayKey
	covered bool
	article string // the article of one without evidence
	rl      Relay
}

// relayRunOf reads the relays told by the evidence edges evs and the
// relayed edges of a congress, both of the same articles.
func (s *Server) relayRunOf(r *reader, evs, relayed []edge) relayRun {
	idx := make(map[relayKey]int, len(evs))
	var run relayRun
	type bodyIn struct{ body, label any }
	covered := make(map[bodyIn]bool, len(evs)) // covered by evidence
	for _, ev := range evs {
		// What each evidence node says is kept apart (memoised): after a
		// write, only the evidence it touched is read again.
		f := s.relayFragment(r, ev)
		if !f.relay {
			continue
		}
		covered[bodyIn{f.subj, valueKey(ev.label)}] = true
		if i, ok := idx[f.key]; ok {
			run[i].rl.Articles = appendArticle(run[i].rl.Articles, f.article)
			continue
		}
		rl := f.rl
		rl.Articles = []*ArticleRef{}
		if f.article != nil {
			rl.Articles = append(rl.Articles, f.article)
		}
		idx[f.key] = len(run)
		run = append(run, relayEntry{key: f.key, covered: true, rl: rl})
	}
	for _, g := range group(relayed) {
		for _, l := range g.labels {
			if covered[bodyIn{valueKey(g.node), valueKey(l)}] {
				continue
			}
			e := relayEntry{key: relayKey{body: g.node.String()},
				rl: Relay{Body: s.bodyRef(r, g.node), Chairs: []*NodeRef{}, Articles: []*ArticleRef{}}}
			if a := r.labelArticle(l); a != nil {
				e.rl.Articles = append(e.rl.Articles, a)
				e.article = a.ID
			}
			run = append(run, e)
		}
	}
	for i := range run {
		if len(run[i].rl.Articles) > 1 {
			slices.SortFunc(run[i].rl.Articles, cmpArticle)
		}
	}
	slices.SortFunc(run, cmpRelayEntry)
	return run
}

// cmpRelayEntry is the order of relays: dated ones first, by date; then
// by body; then those with evidence, by meeting or document, before those
// without, by article. Two with evidence compare equal when they are the
// same relay (the same key).
func cmpRelayEntry(a, b relayEntry) int {
	switch {
	case (a.rl.Date == "") != (b.rl.Date == ""):
		if a.rl.Date != "" {
			return -1
		}
		return 1
	case a.rl.Date != b.rl.Date:
		return strings.Compare(a.rl.Date, b.rl.Date)
	case a.rl.Body.ID != b.rl.Body.ID:
		return strings.Compare(a.rl.Body.ID, b.rl.Body.ID)
	case a.key.body != b.key.body:
		return strings.Compare(a.key.body, b.key.body)
	case a.covered != b.covered:
		if a.covered {
			return -1
		}
		return 1
	case a.covered:
		return strings.Compare(a.key.via, b.key.via)
	}
	return strings.Compare(a.article, b.article)
}

// cmpArticle is the order of a relay's articles: by publication date,
// undated last, then by ID.
func cmpArticle(a, b *ArticleRef) int {
	switch {
	case (a.Published == "") != (b.Published == ""):
		if a.Published != "" {
			return -1
		}
		return 1
	case a.Published != b.Published:
		return strings.Compare(a.Published, b.Published)
	}
	return strings.Compare(a.ID, b.ID)
}

// mergeRelays merges runs of disjoint sets of articles into the relays of
// a congress that ended on end, in relay order, with their lags: a relay
// with evidence in several runs is one relay with the articles of each.
// The runs are not changed.
func mergeRelays(runs []relayRun, end time.Time) []Relay {
	n := 0
	for _, run := range runs {
		n += len(run)
	}
	out := make([]Relay, 0, n)
	// A binary heap of the runs not exhausted, by their next entry.
	next := make([]int, len(runs))
	heap := make([]int, 0, len(runs))
	less := func(i, j int) bool {
		c := cmpRelayEntry(runs[heap[i]][next[heap[i]]], runs[heap[j]][next[heap[j]]])
		return c < 0 || c == 0 && heap[i] < heap[j]
	}
	down := func(i int) {
		for {
			m := i
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < len(heap) && less(c, m) {
					m = c
				}
			}
			if m == i {
				return
			}
			heap[i], heap[m] = heap[m], heap[i]
			i = m
		}
	}
	for i, run := range runs {
		if len(run) > 0 {
			heap = append(heap, i)
		}
	}
	for i := len(heap)/2 - 1; i >= 0; i-- {
		down(i)
	}
	var last *relayEntry // the entry out's last relay began with
	for len(heap) > 0 {
		k := heap[0]
		e := &runs[k][next[k]]
		if next[k]++; next[k] == len(runs[k]) {
			heap[0] = heap[len(heap)-1]
			heap = heap[:len(heap)-1]
		}
		down(0)
		if last != nil && e.covered && last.covered && e.key == last.key {
			rl := &out[len(out)-1]
			rl.Articles = append(slices.Clip(rl.Articles), e.rl.Articles...)
			slices.SortFunc(rl.Articles, cmpArticle)
			continue
		}
		rl := e.rl
		if d, err := time.Parse(time.DateOnly, rl.Date); err == nil && !end.IsZero() {
			lag := int(d.Sub(end).Hours() / 24)
			rl.LagDays = &lag
		}
		out = append(out, rl)
		last = e
	}
	return out
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
		for _, ch := range r.valuesIn(via, kg.PredChaired) {
			f.rl.Chairs = append(f.rl.Chairs, r.node(ch))
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
