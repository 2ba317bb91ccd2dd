package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
	"github.com/unionkg/kg/store"
)

// A body's profile computed in parts, one per bucket of labels, or at
// once, is the profile as computed before there were parts
// (wholeLists, the code of that time): the same lists, in the same
// order, on every body of the sample graph.
func TestBodyProfileParts(t *testing.T) {
	f := getFixture(t)
	ctx := context.Background()
	var bodies []quad.IRI
	r := newReader(ctx, f.srv.storeSource())
	for _, typ := range []quad.IRI{kg.TypeUnion, kg.TypeOrg} {
		bodies = append(bodies, r.typed(typ)...)
	}
	if len(bodies) < 10 {
		t.Fatalf("%d bodies", len(bodies))
	}
	for _, parts := range []int{1, 1 << 30} {
		s := *f.srv
		s.bodyParts = parts
		for _, iri := range bodies {
			b := s.bodyProfileOf(newReader(ctx, s.storeSource()), iri)
			got, _ := json.Marshal(b)
			whole := *b
			wholeLists(&s, newReader(ctx, s.storeSource()), iri, &whole)
			want, _ := json.Marshal(&whole)
			if string(got) != string(want) {
				t.Fatalf("parts from %d, %s:\n got %s\nwant %s", parts, iri, got, want)
			}
		}
	}
}

// wholeLists and wholeRelayedBy are the lists by article of
// bodyProfileOf, and relayedBy, as they were before the profile was
// computed in parts.
func wholeLists(s *Server, r *reader, iri quad.IRI, b *Body) {
	b.Meetings, b.Congresses, b.Documents, b.Slogans = []Meeting{}, []RelayedCongress{}, []*NodeRef{}, []SloganUse{}
	byPred := map[quad.IRI][]edge{}
	for _, p := range []quad.IRI{kg.PredHeld, kg.PredIssued, kg.PredRelayed, kg.PredMentions, kg.PredReportedIn} {
		byPred[p] = r.out(iri, p)
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
	b.Congresses = wholeRelayedBy(s, r, iri, byPred[kg.PredRelayed])
	for _, g := range group(byPred[kg.PredMentions]) {
		b.Slogans = append(b.Slogans, SloganUse{Slogan: r.node(g.node), Articles: r.articles(g.labels)})
	}
	sort.SliceStable(b.Slogans, func(i, j int) bool { return len(b.Slogans[i].Articles) > len(b.Slogans[j].Articles) })
	var labels []quad.Value
	for _, e := range byPred[kg.PredReportedIn] {
		labels = append(labels, e.label)
	}
	b.Articles = r.articles(labels)
}
func wholeRelayedBy(s *Server, r *reader, body quad.IRI, edges []edge) []RelayedCongress {
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
		if rc, to, ok := s.relayOf(r, ev, relaying); ok {
			dated[to.String()] = true
			out = append(out, rc)
		}
	}
	for _, g := range group(edges) {
		if !dated[g.node.String()] {
			out = append(out, RelayedCongress{Congress: r.node(g.node), Articles: r.articles(g.labels)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

// The merge of a profile's parts orders as the lists did whole: among
// meetings of one date those held before documents issued, relays by
// their evidence's place in the body's list whatever the part, a
// congress with a dated relay in one part not listed undated from
// another, and each item's articles from all parts, oldest first, once.
func TestMergeBodyParts(t *testing.T) {
	a := func(id, date string) *ArticleRef { return &ArticleRef{ID: id, Published: date} }
	ref := func(id string) *NodeRef { return &NodeRef{ID: id} }
	mtg := func(id, typ, date string, arts ...*ArticleRef) Meeting {
		return Meeting{EventRef: EventRef{ID: id, Type: typ, Date: date}, Relays: []*NodeRef{}, Articles: arts}
	}
	p1 := &bodyPart{
		meetings: map[string]*partMeeting{
			"<kg:meeting:m>":  {m: mtg("meeting:m", "Meeting", "2024-01-02", a("a2", "2024-01-03")), held: true},
			"<kg:document:d>": {m: mtg("document:d", "Document", "2024-01-02", a("a3", "")), doc: ref("document:d")},
		},
		dated:    []partRelay{{key: "<kg:evidence:b:1>\x00<kg:article:b>", rc: RelayedCongress{Congress: ref("congress:x"), Date: "2024-01-05", Articles: []*ArticleRef{a("b", "")}}}},
		datedTo:  map[string]bool{"<kg:congress:x>": true},
		undated:  map[string]*partUse{"<kg:congress:x>": {key: "<kg:congress:x>", node: ref("congress:x"), articles: []*ArticleRef{a("b", "")}}},
		slogans:  map[string]*partUse{"<kg:slogan:s>": {key: "<kg:slogan:s>", node: ref("slogan:s"), articles: []*ArticleRef{a("a2", "2024-01-03")}}},
		articles: []*ArticleRef{a("a2", "2024-01-03"), a("a3", "")},
	}
	p2 := &bodyPart{
		meetings: map[string]*partMeeting{
			"<kg:meeting:m>": {m: mtg("meeting:m", "Meeting", "2024-01-02", a("a1", "2024-01-02")), held: true},
		},
		dated:    []partRelay{{key: "<kg:evidence:a:1>\x00<kg:article:a>", rc: RelayedCongress{Congress: ref("congress:x"), Date: "2024-01-05", Articles: []*ArticleRef{a("a", "")}}}},
		datedTo:  map[string]bool{"<kg:congress:x>": true},
		undated:  map[string]*partUse{"<kg:congress:y>": {key: "<kg:congress:y>", node: ref("congress:y"), articles: []*ArticleRef{a("c", "")}}},
		slogans:  map[string]*partUse{"<kg:slogan:s>": {key: "<kg:slogan:s>", node: ref("slogan:s"), articles: []*ArticleRef{a("a1", "2024-01-02")}}},
		articles: []*ArticleRef{a("a1", "2024-01-02")},
	}
	for _, parts := range [][]*bodyPart{{p1, p2}, {p2, p1}} {
		var b Body
		mergeBodyParts(&b, parts)
		ids := func(as []*ArticleRef) (out []string) {
			for _, x := range as {
				out = append(out, x.ID)
			}
			return out
		}
		var got []string
		for _, m := range b.Meetings {
			got = append(got, m.ID+fmt.Sprint(ids(m.Articles)))
		}
		for _, c := range b.Congresses {
			got = append(got, c.Congress.ID+"@"+c.Date+fmt.Sprint(ids(c.Articles)))
		}
		for _, su := range b.Slogans {
			got = append(got, su.Slogan.ID+fmt.Sprint(ids(su.Articles)))
		}
		got = append(got, fmt.Sprint(ids(b.Articles)), fmt.Sprint(len(b.Documents)))
		want := []string{"meeting:m[a1 a2]", "document:d[a3]", "congress:x@2024-01-05[a]", "congress:x@2024-01-05[b]", "congress:y@[c]",
			"slogan:s[a1 a2]", "[a3 a1 a2]", "1"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("merged %v\nwant   %v", got, want)
		}
		if len(p1.meetings["<kg:meeting:m>"].m.Articles) != 1 {
			t.Fatal("the merge changed a part")
		}
	}
}

// A congress's relays read from the read model in runs, one per bucket of
// labels, merged, are those read whole from the store's quads: on a graph
// with relays of one body told by several articles (in several buckets),
// relays through meetings and without evidence, before and after writes
// that the memoised runs must follow.
func TestRelaysInRuns(t *testing.T) {
	f := getFixture(t)
	ctx := context.Background()
	st, err := store.Open(ctx, "memory", store.Options{ReadModel: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The congress's lists keep a stamp per bucket, as a large congress's.
	st.ReadModel().SetBucketsFrom(8)
	c := quad.IRI(kg.Namespace + "congress:c")
	article := func(i, day int) store.Article {
		label := kg.ArticleIRI(fmt.Sprint("a", i))
		body := quad.IRI(fmt.Sprint(kg.Namespace, "union:u", i%7))
		qs := []quad.Quad{
			quad.Make(c, kg.PredType, kg.TypeCongress, label),
			quad.Make(c, kg.PredName, quad.String("大会"), label),
			quad.Make(c, kg.PredEnd, quad.Time(time.Date(2023, 12, 20, 0, 0, 0, 0, time.UTC)), label),
			quad.Make(body, kg.PredType, kg.TypeUnion, label),
			quad.Make(body, kg.PredRelayed, c, label),
			quad.Make(label, kg.PredType, kg.TypeArticle, label),
			quad.Make(label, kg.PredPublished, quad.Time(time.Date(2024, 2, 1+i%5, 0, 0, 0, 0, time.UTC)), label),
		}
		if i%3 != 0 { // evidence, dated by body: one relay told by several articles
			ev := quad.IRI(fmt.Sprint(kg.Namespace, "evidence:a", i, ":0"))
			d := time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC)
			qs = append(qs, quad.Make(ev, kg.PredType, kg.TypeEvidence, label), quad.Make(ev, kg.PredSubject, body, label),
				quad.Make(ev, kg.PredPredicate, kg.PredRelayed, label), quad.Make(ev, kg.PredObject, c, label),
				quad.Make(ev, kg.PredDate, quad.Time(d), label))
			if i%4 == 1 { // through a meeting: another relay of the body that day
				m := quad.IRI(fmt.Sprint(kg.Namespace, "meeting:m", i/4%2))
				p := quad.IRI(fmt.Sprint(kg.Namespace, "person:p", i%3))
				qs = append(qs, quad.Make(m, kg.PredType, kg.TypeMeeting, label), quad.Make(ev, kg.PredVia, m, label),
					quad.Make(p, kg.PredType, kg.TypePerson, label), quad.Make(p, kg.PredChaired, m, label))
			}
		}
		return store.Article{ID: fmt.Sprint("a", i), Hash: fmt.Sprint("h", day), Quads: qs}
	}
	var arts []store.Article
	for i := range 90 {
		arts = append(arts, article(i, 1+i%7))
	}
	if _, err := st.Put(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if err := st.BuildReadModel(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s := New(st, nil, f.srv.gaz, f.srv.t2s, Options{Logger: discardLogger()})
	defer s.Close()
	s.congressParts = 1
	check := func(when string) {
		t.Helper()
		src := s.source(ctx)
		if _, ok := src.(modelSource); !ok {
			t.Fatal("no read model")
		}
		wc, want, err := s.congressInfo(newReader(ctx, s.storeSource()), c)
		if err != nil {
			t.Fatal(err)
		}
		gc, got, err := s.congressInfoMemo(newReader(ctx, src), c)
		if err != nil {
			t.Fatal(err)
		}
		wb, _ := json.Marshal([]any{wc, want})
		gb, _ := json.Marshal([]any{gc, got})
		if string(wb) != string(gb) {
			t.Errorf("%s: in runs\n%s\nwhole\n%s", when, gb, wb)
		}
		if len(want) < 10 || len(want[0].Articles) < 2 {
			t.Fatalf("%s: %d relays, the first told by %d articles: the graph does not test merging", when, len(want), len(want[0].Articles))
		}
	}
	check("built")
	// A new article citing a meeting of others, with its chair: the runs
	// of the other buckets of labels hold (the meeting is read by which
	// chairs it has, not by who cites it).
	versions := func() map[string]uint64 {
		s.memo.mu.Lock()
		defer s.memo.mu.Unlock()
		vs := map[string]uint64{}
		for k, e := range s.memo.entries {
			if strings.HasPrefix(k, "relays\x00") {
				vs[k] = e.version
			}
		}
		return vs
	}
	before := versions()
	if len(before) != readmodel.LabelBuckets {
		t.Fatalf("%d runs kept, want %d", len(before), readmodel.LabelBuckets)
	}
	if _, err := st.Put(ctx, []store.Article{article(97, 2)}); err != nil {
		t.Fatal(err)
	}
	check("after a new article citing a meeting")
	changed := 0
	for k, v := range versions() {
		if before[k] != v {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("a new article made %d runs compute again, want 1 (its bucket's)", changed)
	}
	if _, err := st.Put(ctx, []store.Article{article(4, 9), article(95, 2)}); err != nil {
		t.Fatal(err)
	}
	check("after a replacement and a new article")
	if _, err := st.Delete(ctx, "a8"); err != nil {
		t.Fatal(err)
	}
	check("after a deletion")
}
