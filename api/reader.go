package api

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

// reader answers questions from the graph, for one computation, through
// a source: the read model (package readmodel) when the store keeps one
// and it is built, else the store itself.
type reader struct {
	ctx    context.Context
	src    quadSource
	refs   map[string]*NodeRef    // node IRI → reference, filled as met
	arts   map[string]*ArticleRef // article IRI → reference
	dates  map[string]string      // article IRI → publication date, read without the title
	bodies map[string]BodyRef     // body IRI → reference
	// reads, when not nil, records the values read from and their stamps
	// (see memo); parts the memoised parts read through (memo key →
	// version); volatile that something without a stamp was read (the
	// store's size), which any write changes.
	reads    map[readKey]readmodel.Read
	parts    map[string]uint64
	volatile bool
	// inPart is set in the reader of a memoised part's computation.
	inPart bool
}

// recording makes the reader record what it reads.
func (r *reader) recording() *reader {
	r.reads, r.parts = map[readKey]readmodel.Read{}, map[string]uint64{}
	return r
}

// readKey keys a recorded read: a value, and for a read of its distinct
// values only, the direction and predicate (dir quad.Any for a read of its
// quads with the articles that state them).
type readKey struct {
	v   any
	dir quad.Direction
	p   quad.IRI
	// bucket is, for a read of one bucket of labels of a list, its
	// number plus one.
	bucket int
}

// record notes a read from v, for a memoised answer: of its quads with
// the articles that state them.
func (r *reader) record(v quad.Value) {
	if r.reads == nil || v == nil {
		return
	}
	k := readKey{v: valueKey(v)}
	if _, ok := r.reads[k]; !ok {
		r.reads[k] = r.src.read(v)
	}
}

// recordDistinct notes a read of the distinct values at the other end of
// v's quads with predicate p, v in direction dir (its names, its types,
// the subjects of a type; not which articles state them): the memoised
// answer then holds while articles restate them and while v gains quads
// of other predicates.
func (r *reader) recordDistinct(v quad.Value, dir quad.Direction, p quad.IRI) {
	if r.reads == nil || v == nil {
		return
	}
	if p == "" {
		r.record(v)
		return
	}
	k := readKey{v: valueKey(v), dir: dir, p: p}
	if _, ok := r.reads[k]; !ok {
		r.reads[k] = r.src.readDistinct(v, dir, p)
	}
}

// recordBucket notes a read of the quads of v's list with predicate p, v
// in direction dir, labelled in one bucket (readmodel.LabelBucket): the
// memoised answer then holds while writes touch other buckets of a long
// list. The read model reads a short list's bucket as all of v's quads.
func (r *reader) recordBucket(v quad.Value, dir quad.Direction, p quad.IRI, bucket int) {
	if r.reads == nil || v == nil {
		return
	}
	whole := readKey{v: valueKey(v)}
	if _, ok := r.reads[whole]; ok {
		return
	}
	k := readKey{v: whole.v, dir: dir, p: p, bucket: bucket + 1}
	if _, ok := r.reads[k]; ok {
		return
	}
	if rd := r.src.readBucket(v, dir, p, bucket); rd.Whole() {
		r.reads[whole] = rd
	} else {
		r.reads[k] = rd
	}
}

// scanBucket is scan of the quads of v's list with predicate p, v in
// direction dir, labelled in one bucket (readmodel.LabelBucket).
func (r *reader) scanBucket(dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction, bucket int) []edge {
	if r.ctx.Err() != nil || v == nil {
		return nil
	}
	r.recordBucket(v, dir, p, bucket)
	var out []edge
	for _, row := range r.src.bucketRows(r.ctx, dir, v, p, bucket, other, quad.Label) {
		if row[0] != nil {
			out = append(out, edge{pred: p, node: row[0], label: row[1]})
		}
	}
	if !r.src.ordered() {
		sortEdges(out)
	}
	return out
}

func newReader(ctx context.Context, src quadSource) *reader {
	return &reader{ctx: ctx, src: src, refs: map[string]*NodeRef{}, arts: map[string]*ArticleRef{}, dates: map[string]string{}, bodies: map[string]BodyRef{}}
}

// edge is one quad seen from a node: the node at the other end and the
// article that states it.
type edge struct {
	pred  quad.IRI
	node  quad.Value
	label quad.Value
}

// scan returns the quads with v in direction dir (and predicate p, when
// given), as edges to the value in direction other.
func (r *reader) scan(dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) []edge {
	return r.scanN(dir, v, p, other, -1)
}

// scanN is scan stopping after max edges (max < 0: all of them), in the
// read model's order (readmodel.Less) whatever the source.
func (r *reader) scanN(dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction, max int) []edge {
	dirs := []quad.Direction{other, quad.Label}
	if p == "" {
		dirs = append(dirs, quad.Predicate)
	}
	canonical := dir == quad.Subject || dir == quad.Object
	n := max
	if canonical && max >= 0 && !r.src.ordered() {
		n = -1 // the first max in order are among all of them
	}
	var out []edge
	for _, row := range r.rows(dir, v, p, n, dirs...) {
		// A node gone since the scan was removed by a write.
		if row[0] == nil {
			continue
		}
		e := edge{pred: p, node: row[0], label: row[1]}
		if p == "" {
			e.pred, _ = row[2].(quad.IRI)
		}
		out = append(out, e)
	}
	if canonical && !r.src.ordered() {
		sortEdges(out)
	}
	if max >= 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// sortEdges puts edges in the read model's order (readmodel.Less), which
// the store's backends do not keep: answers that list edges in the order
// read are then the same whichever the source.
func sortEdges(es []edge) {
	less := func(a, b edge) int {
		pa, pb := quad.Value(a.pred).String(), quad.Value(b.pred).String()
		oa, ob := a.node.String(), b.node.String()
		la, lb := labelKey(a.label), labelKey(b.label)
		switch {
		case readmodel.Less(pa, oa, la, pb, ob, lb):
			return -1
		case readmodel.Less(pb, ob, lb, pa, oa, la):
			return 1
		}
		return 0
	}
	if !slices.IsSortedFunc(es, less) {
		slices.SortFunc(es, less)
	}
}

func labelKey(l quad.Value) string {
	if l == nil {
		return ""
	}
	return l.String()
}

// rows returns, for each of the quads with v in direction dir (and
// predicate p, when given), at most max of them (max < 0: all), the values
// in directions dirs.
func (r *reader) rows(dir quad.Direction, v quad.Value, p quad.IRI, max int, dirs ...quad.Direction) [][]quad.Value {
	if r.ctx.Err() != nil || v == nil {
		return nil
	}
	r.record(v)
	return r.src.rows(r.ctx, dir, v, p, max, dirs...)
}

// subjects returns the distinct subjects of the quads (?, p, o).
func (r *reader) subjects(o quad.Value, p quad.IRI) []quad.Value {
	if r.ctx.Err() != nil || o == nil {
		return nil
	}
	r.recordDistinct(o, quad.Object, p)
	return r.src.subjects(r.ctx, o, p)
}

// values returns the distinct objects of the quads (s, p, ?) in the order
// of readmodel.Less: from the read model without walking a hub's quad of
// every article.
func (r *reader) values(s quad.Value, p quad.IRI) []quad.Value {
	return r.ends(quad.Subject, s, p)
}

// valuesIn returns the distinct subjects of the quads (?, p, o), as values
// does objects. Unlike a scan, it is stamped by which subjects there are,
// not by every quad of o: a document that thousands of articles cite
// keeps its chairs while they cite it again.
func (r *reader) valuesIn(o quad.Value, p quad.IRI) []quad.Value {
	return r.ends(quad.Object, o, p)
}

// ends returns the distinct values at the other end of the quads with v
// in direction dir (quad.Subject or quad.Object) and predicate p, in the
// order of readmodel.Less.
func (r *reader) ends(dir quad.Direction, v quad.Value, p quad.IRI) []quad.Value {
	if r.ctx.Err() != nil || v == nil {
		return nil
	}
	other := quad.Object
	if dir == quad.Object {
		other = quad.Subject
	}
	if m, ok := r.src.(modelSource); ok {
		r.recordDistinct(v, dir, p)
		return m.g.Distinct(r.ctx, dir, v, p, other)
	}
	var out []quad.Value
	var last quad.Value
	for _, e := range r.scan(dir, v, p, other) {
		if last == nil || e.node.String() != last.String() {
			out = append(out, e.node)
		}
		last = e.node
	}
	return out
}

// count returns the number of distinct nodes at direction other of the
// quads with v in direction dir and predicate p, without reading their
// values.
func (r *reader) count(dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) int {
	if r.ctx.Err() != nil || v == nil {
		return 0
	}
	if p != "" && (dir == quad.Subject && other == quad.Object || dir == quad.Object && other == quad.Subject) {
		r.recordDistinct(v, dir, p) // the count of the values recordDistinct covers
	} else {
		r.record(v)
	}
	return r.src.count(r.ctx, dir, v, p, other)
}

// labelled returns the quads labelled with label.
func (r *reader) labelled(label quad.Value) []quad.Quad {
	var out []quad.Quad
	for _, row := range r.rows(quad.Label, label, "", -1, quad.Subject, quad.Predicate, quad.Object, quad.Label) {
		if row[0] != nil && row[1] != nil && row[2] != nil {
			out = append(out, quad.Quad{Subject: row[0], Predicate: row[1], Object: row[2], Label: row[3]})
		}
	}
	return out
}

// size returns the graph's exact node and quad counts.
func (r *reader) size() (graph.Stats, error) {
	r.volatile = true
	return r.src.size(r.ctx)
}

// quadsOf iterates the quads with v in direction dir and predicate p (any
// when empty). On bolt it scans the subject-predicate or
// object-predicate-subject index by the (v, p) prefix directly: Cayley's
// optimizer intersects a subject scan with a predicate check instead, which
// on a hub (one quad per article) reads thousands of quads to find one.
func quadsOf(qs graph.QuadStore, dir quad.Direction, v quad.Value, p quad.IRI) graph.Iterator {
	ref := qs.ValueOf(v)
	if ref == nil {
		return nil
	}
	var pref graph.Ref
	if p != "" {
		if pref = qs.ValueOf(p); pref == nil {
			return nil
		}
	}
	if kq, ok := graph.Unwrap(qs).(*kv.QuadStore); ok && (dir == quad.Subject || dir == quad.Object) {
		vid, ok1 := ref.(kv.Int64Value)
		pid, ok2 := pref.(kv.Int64Value)
		if ok1 && (pref == nil || ok2) {
			ind := kv.QuadIndex{Dirs: []quad.Direction{quad.Subject, quad.Predicate}}
			if dir == quad.Object {
				ind = kv.QuadIndex{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}}
			}
			prefix := []uint64{uint64(vid)}
			if pref != nil {
				prefix = append(prefix, uint64(pid))
			}
			return kv.NewQuadIterator(kq, ind, prefix)
		}
	}
	filters := shape.Quads{{Dir: dir, Values: shape.Fixed{ref}}}
	if pref != nil {
		filters = append(filters, shape.QuadFilter{Dir: quad.Predicate, Values: shape.Fixed{pref}})
	}
	return shape.BuildIterator(qs, filters)
}

func (r *reader) out(s quad.Value, p quad.IRI) []edge { return r.scan(quad.Subject, s, p, quad.Object) }
func (r *reader) in(o quad.Value, p quad.IRI) []edge  { return r.scan(quad.Object, o, p, quad.Subject) }

// str returns the least value of s via p (in N-Quads order) as a string,
// or "": two articles may state two values (a document's date), and the
// answer must not depend on which was read first.
func (r *reader) str(s quad.Value, p quad.IRI) string {
	if r.ctx.Err() != nil || s == nil {
		return ""
	}
	r.recordDistinct(s, quad.Subject, p)
	return valueString(r.src.least(r.ctx, s, p))
}

// least returns the least value of s via p, or nil.
func (r *reader) least(s quad.Value, p quad.IRI) quad.Value {
	if r.ctx.Err() != nil || s == nil {
		return nil
	}
	r.recordDistinct(s, quad.Subject, p)
	return r.src.least(r.ctx, s, p)
}

// valueString renders a literal for JSON: dates as YYYY-MM-DD, strings as
// they are, IRIs without the namespace.
func valueString(v quad.Value) string {
	switch v := v.(type) {
	case quad.Time:
		t := time.Time(v).UTC()
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format(time.DateOnly)
		}
		return t.Format(time.RFC3339)
	case quad.IRI:
		return kg.Local(v)
	case nil:
		return ""
	}
	return quad.ToString(v)
}

// NodeRef names a node in an answer.
type NodeRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// ArticleRef names an article in an answer.
type ArticleRef struct {
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
}

// node returns the reference of a node IRI.
func (r *reader) node(v quad.Value) *NodeRef {
	iri, ok := v.(quad.IRI)
	if !ok {
		return &NodeRef{ID: valueString(v), Type: "Literal", Name: valueString(v)}
	}
	if n := r.refs[string(iri)]; n != nil {
		return n
	}
	// Two index lookups, not a scan of the node's quads: hubs such as
	// 中华全国总工会 have one kg:reportedIn quad per article.
	n := &NodeRef{ID: kg.Local(iri), Type: r.str(iri, kg.PredType), Name: r.str(iri, kg.PredName)}
	if n.Name == "" {
		n.Name = n.ID[strings.LastIndex(n.ID, ":")+1:]
	}
	r.refs[string(iri)] = n
	return n
}

// article returns the reference of an article IRI (a quad label).
func (r *reader) article(v quad.Value) *ArticleRef {
	iri, ok := v.(quad.IRI)
	if !ok {
		return nil
	}
	if a := r.arts[string(iri)]; a != nil {
		return a
	}
	id, _ := kg.ArticleID(iri)
	// Index lookups: the Article node also holds the whole text. One
	// stamp for both: an article's quads change only when it is written.
	r.record(iri)
	a := &ArticleRef{ID: id}
	if r.ctx.Err() == nil {
		a.Title = valueString(r.src.least(r.ctx, iri, kg.PredName))
		a.Published = valueString(r.src.least(r.ctx, iri, kg.PredPublished))
	}
	r.arts[string(iri)] = a
	return a
}

// articleID returns the ID of the article a label names, as article does.
func articleID(l quad.Value) (string, bool) {
	iri, ok := l.(quad.IRI)
	if !ok {
		return "", false
	}
	id, _ := kg.ArticleID(iri)
	return id, true
}

// readLabels reads the titles (when titles is set) and publication dates
// of the articles of labels that the reader has not read yet, in one read
// of each, into r.arts, or r.dates for dates alone.
//
// The labels are of quads read with them (a scan's edges), whose values'
// reads the reader recorded: no article's read is recorded, since a write
// of an article restamps every value it states quads of (Replace removes
// them all, then adds them), so those reads hold for its title and date
// too. An answer about a hub names tens of thousands of articles.
func (r *reader) readLabels(labels []quad.Value, titles bool) {
	var miss []quad.Value
	queued := map[quad.IRI]bool{}
	for _, l := range labels {
		iri, ok := l.(quad.IRI)
		if !ok || queued[iri] || r.arts[string(iri)] != nil {
			continue
		}
		if _, ok := r.dates[string(iri)]; ok && !titles {
			continue
		}
		queued[iri] = true
		miss = append(miss, iri)
	}
	if len(miss) == 0 {
		return
	}
	var names []quad.Value
	if titles {
		names = r.src.leastOf(r.ctx, miss, kg.PredName)
	}
	dates := r.src.leastOf(r.ctx, miss, kg.PredPublished)
	for i, l := range miss {
		iri := string(l.(quad.IRI))
		if !titles {
			r.dates[iri] = valueString(dates[i])
			continue
		}
		id, _ := kg.ArticleID(l.(quad.IRI))
		r.arts[iri] = &ArticleRef{ID: id, Title: valueString(names[i]), Published: valueString(dates[i])}
	}
}

// labelArticle is article for the label of a quad read with it (see
// readLabels).
func (r *reader) labelArticle(l quad.Value) *ArticleRef {
	iri, ok := l.(quad.IRI)
	if !ok {
		return nil
	}
	r.readLabels([]quad.Value{l}, true)
	return r.arts[string(iri)]
}

// published returns the distinct articles of a set of labels of quads read
// with them (see readLabels), by ID, with their publication dates (""
// when none): articles without their titles.
func (r *reader) published(labels []quad.Value) map[string]string {
	r.readLabels(labels, false)
	out := make(map[string]string, len(labels))
	for _, l := range labels {
		id, ok := articleID(l)
		if !ok {
			continue
		}
		if a := r.arts[string(l.(quad.IRI))]; a != nil {
			out[id] = a.Published
		} else {
			out[id] = r.dates[string(l.(quad.IRI))]
		}
	}
	return out
}

// articles returns the distinct articles of a set of labels of quads read
// with them (see readLabels), oldest first.
func (r *reader) articles(labels []quad.Value) []*ArticleRef {
	r.readLabels(labels, true)
	seen := make(map[string]bool, len(labels))
	out := []*ArticleRef{}
	for _, l := range labels {
		iri, ok := l.(quad.IRI)
		if !ok || seen[string(iri)] {
			continue
		}
		seen[string(iri)] = true
		if a := r.arts[string(iri)]; a != nil {
			out = append(out, a)
		}
	}
	return sortArticles(out)
}

// sortArticles puts articles oldest first, then by ID, once each: the
// same article may come from two lists.
func sortArticles(as []*ArticleRef) []*ArticleRef {
	slices.SortFunc(as, func(a, b *ArticleRef) int {
		if a.Published != b.Published {
			return strings.Compare(a.Published, b.Published)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return slices.CompactFunc(as, func(a, b *ArticleRef) bool { return a.ID == b.ID })
}

// typed returns the distinct subjects whose rdf:type is t, sorted.
func (r *reader) typed(t quad.IRI) []quad.IRI {
	var out []quad.IRI
	for _, v := range r.subjects(t, kg.PredType) {
		if iri, ok := v.(quad.IRI); ok {
			out = append(out, iri)
		}
	}
	slices.Sort(out)
	return out
}

// group collects edges by the node at the other end, keeping the labels
// of each, in first-seen order.
type grouped struct {
	node   quad.Value
	labels []quad.Value
}

func group(es []edge) []grouped {
	idx := make(map[any]int, len(es))
	var out []grouped
	for _, e := range es {
		k := valueKey(e.node)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, grouped{node: e.node})
		}
		out[i].labels = append(out[i].labels, e.label)
	}
	return out
}

// valueKey is a map key for a value that allocates nothing for IRIs and
// strings: the value itself, except for times, whose locations would make
// two equal times unequal.
func valueKey(v quad.Value) any {
	switch v := v.(type) {
	case quad.IRI, quad.String, quad.BNode:
		return v
	case nil:
		return nil
	}
	return v.String()
}

// iriOf turns an API entity ID into a node IRI.
func iriOf(id string) quad.IRI { return quad.IRI(kg.Namespace + id) }

// evidence is what an Evidence node says of one fact.
type evidence struct {
	subj, pred, obj, via quad.Value
	date                 string
	span                 string
}

// evidenceOf reads an Evidence node. Only quads labelled with label count
// when label is non-nil (an article's own view of a shared node).
func (r *reader) evidenceOf(ev quad.Value, label quad.Value) evidence {
	var mine []edge
	for _, x := range r.out(ev, "") {
		if label == nil || x.label != nil && x.label.String() == label.String() {
			mine = append(mine, x)
		}
	}
	return evidenceFrom(mine)
}

// evidenceFrom reads an Evidence node's out-edges.
func evidenceFrom(es []edge) evidence {
	var e evidence
	for _, x := range es {
		switch x.pred {
		case kg.PredSubject:
			e.subj = x.node
		case kg.PredPredicate:
			e.pred = x.node
		case kg.PredObject:
			e.obj = x.node
		case kg.PredVia:
			e.via = x.node
		case kg.PredDate:
			e.date = valueString(x.node)
		case kg.PredSpan:
			e.span = valueString(x.node)
		}
	}
	return e
}
