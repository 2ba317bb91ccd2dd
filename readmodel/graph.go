// Package readmodel keeps, in memory, the quads the REST routes read,
// indexed the way they read them: by subject and predicate, by object and
// predicate, and by label (the article).
//
// The store (package store) applies every article write and delete to the
// Graph under its write lock, right after the quads are committed, so a
// read that follows a write sees it, and no read ever sees the Graph and
// the store disagree. A process builds it from the store's quads, or loads
// a snapshot of it (Encode, Load) and re-reads the articles written since,
// which the store journals (see package store).
//
// Articles' texts (kg:text) are not kept: they are the bulk of the bytes
// and only the view of one article reads one; the Graph counts them, so
// that it knows the store's size.
package readmodel

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
)

// Graph is the in-memory index of a store's quads. It is safe for
// concurrent use; writes are serialised by its caller (the store).
type Graph struct {
	mu sync.RWMutex
	// ids interns values by their N-Quads form, iris IRIs by the IRI;
	// vals, strs and refs are by ID: the value, its N-Quads form and the
	// number of kept quads that name it. An ID whose count falls to zero
	// is freed and may be given to a new value.
	ids  map[string]uint32
	iris map[string]uint32 // IRIs by the IRI itself: a lookup allocates nothing
	vals []quad.Value
	strs []string // N-Quads forms, the keys of ids
	// lbucket is by ID the bucket of labels (LabelBucket) of an IRI plus
	// one, 0 for other values (computed when asked): a hub's list is
	// read one bucket at a time.
	lbucket []uint8
	refs    []int32
	// mod is, by ID, the write (counted by gen) that last added or removed
	// a quad with the value as subject, object or label: what was read
	// from a value holds as long as its mod has not changed (Stamp).
	mod []uint64
	gen uint64
	// base is the gen of the last load or reset: a list's stamp (group.mod)
	// below it reads as base, so that a snapshot's lists need none.
	base uint64
	free []uint32
	// changes logs what the writes since logFrom changed, in the order of
	// the writes (see Touches).
	changes    []change
	logFrom    uint64
	maxChanges int
	// bucketsFrom is the length from which a list keeps a stamp per bucket
	// of labels (the constant; tests lower it).
	bucketsFrom int
	// quads are subject, predicate, object and label IDs; a removed
	// quad's slot is reused.
	quads     [][4]uint32
	freeQuads []uint32
	live      int64
	// out and in list the quads of a value by predicate, groups in the
	// order of the predicates' N-Quads forms, quads in the order of the
	// other end's and then the label's (see Less); byLabel lists the
	// quads of a label in the order of Replace. out and in are by ID,
	// like vals: most values are literals with no quads out and, but for
	// names and aliases (which searches look up), none in (see
	// indexedIn), but a slice costs 24 bytes a value where a map costs
	// more per entry and a hash per lookup, and loads from a snapshot by
	// filling, not hashing.
	// nameKey and aliasKey are kg:name's and kg:alias's forms.
	out, in [][]group
	byLabel map[uint32][]uint32
	// texts counts the articles' texts, which are not kept, by digest, so
	// that the node count includes them.
	texts     map[[32]byte]int32
	textQuads map[uint32]textRef // label ID → its text quad
	// grams indexes the strings of names and aliases (the literals listed
	// in in) by each of their characters and pairs of characters, and by
	// the one or two characters they begin with (startFlag), for Names: a
	// search reads the few names that hold a query's rarest pair, not every
	// name, and the names that begin with the query apart. Each list is
	// by length (nameRunes), then ID: a search that wants the shortest
	// names stops early.
	grams map[gram]posting
	// nameRunes is, by value ID, the length in characters of the names and
	// aliases in grams (at most math.MaxUint16).
	nameRunes []uint16
	// ready is set once the Graph holds the whole store. While bulk is
	// set (a build), lists are appended to and sorted once at its end.
	ready, bulk bool

	nameKey, aliasKey string
	// loading, while not nil, is closed when a load from a snapshot or a
	// build ends (BeginLoad or BeginBuild, EndLoad); loads counts the
	// calls under way, building whether one is a build.
	loading  chan struct{}
	loads    int
	building bool
	// typed caches, for the generation gen, which of the types tids (by
	// the predicate tid) Named was last asked for each value has (see
	// typeMasks); writes keep it current (retype).
	typed struct {
		sync.Mutex
		gen   uint64
		key   string
		tid   uint32
		tids  []uint32
		masks []uint32
	}
}

type group struct {
	pred uint32
	// runs is the number of distinct values at the other end of the quads
	// in qs, which are sorted by it (outside a build): Count reads it.
	runs int32
	// mod is the write that last changed which values are at the other
	// end (a quad added that no other label states, or the last label of
	// one removed): the stamp of ReadDistinctOf.
	mod uint64
	// bmods, kept once the value's lists in this direction are long (a
	// hub's), is per bucket of the quads' labels (LabelBucket) the write
	// that last added or removed one of them: an answer built from a
	// hub's lists in parts, one per bucket, keeps the parts a write did
	// not touch. Until then a bucket is read as the value's quads.
	bmods *[LabelBuckets]uint64
	qs    []uint32
}

// LabelBuckets is the number of buckets of labels (LabelBucket) a hub's
// list keeps a stamp of each.
const LabelBuckets = 16

// bucketsFrom is the number of a value's quads in one direction from
// which its lists keep a stamp per bucket.
const bucketsFrom = 512

// LabelBucket returns the bucket of labels (0 to LabelBuckets-1) that a
// quad's label is in, by its N-Quads form (nil: that of ""): the same
// wherever the label is read.
func LabelBucket(label quad.Value) int { return bucketOf(valueKey(label)) }

func bucketOf(s string) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return int(h % LabelBuckets)
}

// iriBucket is what lbucket keeps of a value: its bucket of labels plus
// one for an IRI (whose N-Quads form is k), else 0.
func iriBucket(v quad.Value, k string) uint8 {
	if _, ok := v.(quad.IRI); ok {
		return uint8(bucketOf(k) + 1)
	}
	return 0
}

// labelBucket returns the bucket of labels of value id.
func (g *Graph) labelBucket(id uint32) int {
	if b := g.lbucket[id]; b != 0 {
		return int(b - 1)
	}
	return bucketOf(g.strs[id])
}

// stampBuckets gives every list of a hub (long) a stamp per bucket, of
// the current write, after a load: so that answers built in parts from a
// hub's lists read their buckets from the start, not the value's quads
// until a write.
// g.mu is held.
func (g *Graph) stampBuckets() {
	for _, m := range [][][]group{g.out, g.in} {
		for _, gs := range m {
			if !g.long(gs) {
				continue
			}
			for i := range gs {
				if gs[i].bmods == nil {
					gs[i].bmods = new([LabelBuckets]uint64)
					for b := range gs[i].bmods {
						gs[i].bmods[b] = g.gen
					}
				}
			}
		}
	}
}

// labelled is what a quad added to or removed from a list changed of the
// list's stamps per bucket of labels, for the change log: the bucket of
// its label, and whether the list keeps them (big).
type labelled struct {
	bucket int
	big    bool
}

// long reports whether a value's lists in one direction (gs) hold
// bucketsFrom quads or more: a hub's, whose every list then keeps a stamp
// per bucket, so that a part read from a bucket of a short list of a hub
// is not read as all the hub's quads.
func (g *Graph) long(gs []group) bool {
	n := 0
	for i := range gs {
		if n += len(gs[i].qs); n >= g.bucketsFrom {
			return true
		}
	}
	return false
}

// touch notes in gr's stamps (gr one of the value's lists gs) that quad
// qi was added or removed.
func (g *Graph) touch(gs []group, gr *group, qi uint32) labelled {
	l := labelled{bucket: g.labelBucket(g.quads[qi][3])}
	if gr.bmods == nil && g.long(gs) {
		// This write restamps the value: whoever read a bucket of it
		// read the value's stamp, and reads again.
		gr.bmods = new([LabelBuckets]uint64)
		for i := range gr.bmods {
			gr.bmods[i] = g.gen
		}
	}
	if gr.bmods != nil {
		gr.bmods[l.bucket] = g.gen
		l.big = true
	}
	return l
}

// gram is one character (second rune 0) or two adjacent characters.
type gram [2]rune

type textRef struct {
	digest [32]byte
	subj   uint32
}

// none is the ID of no value: IDs start at 1.
const none = 0

// New returns an empty Graph.
func New() *Graph {
	return &Graph{
		ids: map[string]uint32{}, iris: map[string]uint32{}, vals: []quad.Value{nil}, strs: []string{""}, lbucket: []uint8{uint8(bucketOf("") + 1)}, refs: []int32{0}, mod: []uint64{0},
		out: [][]group{nil}, in: [][]group{nil}, byLabel: map[uint32][]uint32{},
		texts: map[[32]byte]int32{}, textQuads: map[uint32]textRef{}, grams: map[gram]posting{},
		nameKey: quad.Value(kg.PredName).String(), aliasKey: quad.Value(kg.PredAlias).String(),
		maxChanges: maxChanges, bucketsFrom: bucketsFrom,
	}
}

// SetBucketsFrom sets the number of a value's quads (in one direction)
// from which its lists keep a stamp per bucket of labels (512 by
// default): a lower one makes more lists pay their memory and their log,
// for answers built in parts from values that large. A list of a value
// already larger takes them at its next write.
func (g *Graph) SetBucketsFrom(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.bucketsFrom = max(n, 1)
}

// Ready reports whether the Graph holds every quad of its store.
func (g *Graph) Ready() bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.ready
}

// MarkReady marks the Graph as holding every quad of its store (Reset
// marks it not ready again).
func (g *Graph) MarkReady() {
	g.mu.Lock()
	g.ready = true
	g.mu.Unlock()
}

// BeginLoad marks the Graph as being loaded from a snapshot, which takes
// seconds: readers had rather wait for it (WaitLoad) than read the store.
// Calls nest: the Graph is loading until as many EndLoad calls.
func (g *Graph) BeginLoad() { g.beginLoad(false) }

// BeginBuild is BeginLoad for a build from the store's quads, which
// Building reports.
func (g *Graph) BeginBuild() { g.beginLoad(true) }

func (g *Graph) beginLoad(build bool) {
	g.mu.Lock()
	if g.loading == nil {
		g.loading = make(chan struct{})
	}
	g.loads++
	g.building = g.building || build
	g.mu.Unlock()
}

// EndLoad ends what BeginLoad or BeginBuild began, whether the load
// succeeded or not.
func (g *Graph) EndLoad() {
	g.mu.Lock()
	if g.loads > 0 {
		g.loads--
	}
	if g.loads == 0 && g.loading != nil {
		close(g.loading)
		g.loading = nil
		g.building = false
	}
	g.mu.Unlock()
}

// Loading reports whether a load from a snapshot, or a build, runs.
func (g *Graph) Loading() bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.loading != nil
}

// Building reports whether the load that runs is a build from the quads.
func (g *Graph) Building() bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.building
}

// WaitLoad waits until a load from a snapshot or a build, if one runs,
// ends or ctx is done.
func (g *Graph) WaitLoad(ctx context.Context) {
	g.mu.RLock()
	ch := g.loading
	g.mu.RUnlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// StartBulk makes the writes that follow append to the lists unsorted, as
// a build does, until EndBulk sorts them all at once: keeping a hub's list
// sorted costs a move of half of it per insertion.
func (g *Graph) StartBulk() {
	g.mu.Lock()
	g.bulk = true
	g.mu.Unlock()
}

// EndBulk sorts every list and ends bulk writes.
func (g *Graph) EndBulk() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sortLists()
	g.bulk = false
	g.restartLog()
}

// sortLists sorts every list and counts its runs; g.mu is held or g is
// not shared yet.
func (g *Graph) sortLists() {
	sortAll := func(m [][]group, other int) {
		for _, gs := range m {
			for i := range gs {
				qs := gs[i].qs
				slices.SortFunc(qs, func(x, y uint32) int { return g.cmp(x, y, other) })
				gs[i].runs = 0
				for j := range qs {
					if j == 0 || g.quads[qs[j]][other] != g.quads[qs[j-1]][other] {
						gs[i].runs++
					}
				}
			}
		}
	}
	sortAll(g.out, 2)
	sortAll(g.in, 0)
}

// Reset empties the Graph and marks it not ready.
func (g *Graph) Reset() {
	fresh := New()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ids, g.iris, g.vals, g.strs, g.refs, g.mod, g.free = fresh.ids, fresh.iris, fresh.vals, fresh.strs, fresh.refs, fresh.mod, nil
	g.lbucket = fresh.lbucket
	g.gen++ // never reset: stamps taken before stay stale
	g.base = g.gen
	g.restartLog()
	g.quads, g.freeQuads, g.live = nil, nil, 0
	g.out, g.in, g.byLabel = fresh.out, fresh.in, fresh.byLabel
	g.texts, g.textQuads, g.grams, g.nameRunes = fresh.texts, fresh.textQuads, fresh.grams, nil
	g.ready, g.bulk = false, false
	g.dropTyped()
}

// dropTyped drops the kept type masks, which name values by ID: after a
// reset or a load the IDs mean other values. g.mu is held for writing.
func (g *Graph) dropTyped() {
	g.typed.Lock()
	g.typed.masks, g.typed.tid, g.typed.tids = nil, none, nil
	g.typed.Unlock()
}

// Replace makes the quads of label those given: it removes the quads the
// Graph holds under label and adds quads (each labelled label). A nil
// quads removes the article. The label's quads are kept in the order of
// their subjects', predicates' and objects' N-Quads forms, whatever the
// order given.
func (g *Graph) Replace(label quad.Value, quads []quad.Quad) {
	type keyed struct {
		q   quad.Quad
		key [3]string
	}
	sorted := make([]keyed, len(quads))
	for i, q := range quads {
		sorted[i] = keyed{q, [3]string{valueKey(q.Subject), valueKey(q.Predicate), valueKey(q.Object)}}
	}
	slices.SortFunc(sorted, func(a, b keyed) int {
		for i := range a.key {
			if c := strings.Compare(a.key[i], b.key[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen++
	defer g.endWrite(len(g.changes))
	retyped := g.typedSubjects(label)
	g.remove(label)
	tid := g.typedPredicate()
	for _, k := range sorted {
		k.q.Label = label
		g.add(k.q)
		if tid != nil && k.q.Predicate == tid {
			if id, ok := g.lookup(k.q.Subject); ok {
				retyped = append(retyped, id)
			}
		}
	}
	g.retype(retyped)
}

func valueKey(v quad.Value) string {
	if v == nil {
		return ""
	}
	return v.String()
}

// Remove removes every quad of label.
func (g *Graph) Remove(label quad.Value) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen++
	defer g.endWrite(len(g.changes))
	retyped := g.typedSubjects(label)
	g.remove(label)
	g.retype(retyped)
}

func (g *Graph) add(q quad.Quad) {
	if q.Subject == nil || q.Predicate == nil || q.Object == nil {
		return
	}
	if q.Predicate == kg.PredText && q.Label != nil {
		l := g.intern(q.Label)
		if _, ok := g.textQuads[l]; ok {
			g.release(l)
			return
		}
		d := sha256.Sum256([]byte(quad.ToString(q.Object)))
		g.texts[d]++
		// The label's and the subject's references stay, for the text.
		subj := g.intern(q.Subject)
		g.textQuads[l] = textRef{digest: d, subj: subj}
		g.mod[l], g.mod[subj] = g.gen, g.gen
		g.logValue(l)
		g.logValue(subj)
		return
	}
	var ids [4]uint32
	ids[0], ids[1], ids[2] = g.intern(q.Subject), g.intern(q.Predicate), g.intern(q.Object)
	if q.Label != nil {
		ids[3] = g.intern(q.Label)
	}
	g.addIDs(ids)
}

// addIDs adds a quad whose values are interned (their references taken).
func (g *Graph) addIDs(ids [4]uint32) {
	var qi uint32
	if n := len(g.freeQuads); n > 0 {
		qi = g.freeQuads[n-1]
		g.freeQuads = g.freeQuads[:n-1]
		g.quads[qi] = ids
	} else {
		qi = uint32(len(g.quads))
		g.quads = append(g.quads, ids)
	}
	g.live++
	g.mod[ids[0]], g.mod[ids[2]], g.mod[ids[3]] = g.gen, g.gen, g.gen
	g.logValue(ids[0])
	g.logValue(ids[2])
	g.logValue(ids[3])
	g.link(g.out, ids[0], quad.Subject, ids[1], qi)
	if g.indexedIn(ids) {
		if len(g.in[ids[2]]) == 0 && !isNode(g.vals[ids[2]]) {
			g.indexGrams(ids[2], true)
		}
		g.link(g.in, ids[2], quad.Object, ids[1], qi)
	}
	if ids[3] != none {
		g.byLabel[ids[3]] = append(g.byLabel[ids[3]], qi)
	}
}

func (g *Graph) remove(label quad.Value) {
	if label == nil {
		return
	}
	l, ok := g.lookup(label)
	if !ok {
		return
	}
	if t, ok := g.textQuads[l]; ok {
		g.mod[l], g.mod[t.subj] = g.gen, g.gen
		g.logValue(l)
		g.logValue(t.subj)
		delete(g.textQuads, l)
		if g.texts[t.digest]--; g.texts[t.digest] <= 0 {
			delete(g.texts, t.digest)
		}
		g.release(t.subj)
		g.release(l)
	}
	qs := g.byLabel[l]
	delete(g.byLabel, l)
	for _, qi := range qs {
		ids := g.quads[qi]
		g.mod[ids[0]], g.mod[ids[2]], g.mod[ids[3]] = g.gen, g.gen, g.gen
		g.logValue(ids[0])
		g.logValue(ids[2])
		g.logValue(ids[3])
		g.unlink(g.out, ids[0], quad.Subject, ids[1], qi)
		if g.indexedIn(ids) {
			g.unlink(g.in, ids[2], quad.Object, ids[1], qi)
			if len(g.in[ids[2]]) == 0 && !isNode(g.vals[ids[2]]) {
				g.indexGrams(ids[2], false)
			}
		}
		g.quads[qi] = [4]uint32{}
		g.freeQuads = append(g.freeQuads, qi)
		g.live--
		for _, id := range ids {
			g.release(id)
		}
	}
}

// otherEnd is the position in a quad of the value at the other end of a
// list of value id in direction dir.
func otherEnd(dir quad.Direction) int {
	if dir == quad.Subject {
		return 2
	}
	return 0
}

// link adds quad qi to value id's list of predicate pid (m is g.out or
// g.in, as dir says) and logs what that changed.
func (g *Graph) link(m [][]group, id uint32, dir quad.Direction, pid, qi uint32) {
	gs, changed, b := g.insert(m[id], pid, qi, otherEnd(dir))
	m[id] = gs
	if changed {
		g.logList(id, dir, pid)
	}
	g.logLabelled(id, dir, pid, b)
}

// unlink removes quad qi from value id's list of predicate pid (m is
// g.out or g.in, as dir says) and logs what that changed.
func (g *Graph) unlink(m [][]group, id uint32, dir quad.Direction, pid, qi uint32) {
	gs, changed, b, emptied := g.delete(m[id], pid, qi, otherEnd(dir))
	setGroups(m, id, gs)
	if changed {
		g.logList(id, dir, pid)
	}
	g.logLabelled(id, dir, pid, b)
	if emptied {
		g.logBuckets(id, dir, pid)
	}
}

// Less orders the quads a value's list holds: by predicate, then by the
// value at the other end, then by label, each by its N-Quads form (a nil
// label first). Answers list edges in this order whatever the backend,
// so that they do not depend on where they were read.
func Less(predA, otherA, labelA, predB, otherB, labelB string) bool {
	if predA != predB {
		return predA < predB
	}
	if otherA != otherB {
		return otherA < otherB
	}
	return labelA < labelB
}

// cmp compares quads a and b of one predicate's list, whose other end is
// at position other.
func (g *Graph) cmp(a, b uint32, other int) int {
	qa, qb := &g.quads[a], &g.quads[b]
	if c := strings.Compare(g.strs[qa[other]], g.strs[qb[other]]); c != 0 {
		return c
	}
	return strings.Compare(g.strs[qa[3]], g.strs[qb[3]])
}

// insert puts quad qi into the list of pred, in order; the list's stamp
// changes when the value at the other end is new to it, and insert then
// reports true. It returns what it changed of the stamps of labels too.
func (g *Graph) insert(gs []group, pred, qi uint32, other int) ([]group, bool, labelled) {
	i, found := slices.BinarySearchFunc(gs, g.strs[pred], func(gr group, p string) int { return strings.Compare(g.strs[gr.pred], p) })
	if !found {
		gs = slices.Insert(gs, i, group{pred: pred})
	}
	qs := gs[i].qs
	if g.bulk {
		gs[i].qs = append(qs, qi)
		gs[i].mod = g.gen
		return gs, true, g.touch(gs, &gs[i], qi)
	}
	j, _ := slices.BinarySearchFunc(qs, qi, func(x, y uint32) int { return g.cmp(x, y, other) })
	fresh := !g.sameEnd(qs, j-1, qi, other) && !g.sameEnd(qs, j, qi, other)
	if fresh {
		gs[i].runs++
		gs[i].mod = g.gen
	}
	gs[i].qs = slices.Insert(qs, j, qi)
	return gs, fresh, g.touch(gs, &gs[i], qi)
}

// delete removes quad qi from the list of pred; the list's stamp changes
// when the value at the other end leaves it, and delete then reports true.
// It returns what it changed of the stamps of labels too, and whether the
// list, gone, kept a stamp per bucket.
func (g *Graph) delete(gs []group, pred, qi uint32, other int) ([]group, bool, labelled, bool) {
	i, found := slices.BinarySearchFunc(gs, g.strs[pred], func(gr group, p string) int { return strings.Compare(g.strs[gr.pred], p) })
	if !found {
		return gs, false, labelled{}, false
	}
	b := g.touch(gs, &gs[i], qi)
	qs := gs[i].qs
	j := 0
	if !g.bulk {
		j, _ = slices.BinarySearchFunc(qs, qi, func(x, y uint32) int { return g.cmp(x, y, other) })
	}
	gone := g.bulk
	if gone {
		gs[i].mod = g.gen
	}
	for ; j < len(qs); j++ {
		if qs[j] == qi {
			qs = slices.Delete(qs, j, j+1)
			if !g.bulk && !g.sameEnd(qs, j-1, qi, other) && !g.sameEnd(qs, j, qi, other) {
				gs[i].runs--
				gs[i].mod = g.gen
				gone = true
			}
			break
		}
	}
	if len(qs) == 0 {
		bucketed := gs[i].bmods != nil
		return slices.Delete(gs, i, i+1), gone, b, bucketed
	}
	gs[i].qs = qs
	return gs, gone, b, false
}

// sameEnd reports whether qs[j] exists and has quad qi's value at its
// other end.
func (g *Graph) sameEnd(qs []uint32, j int, qi uint32, other int) bool {
	return j >= 0 && j < len(qs) && g.quads[qs[j]][other] == g.quads[qi][other]
}

// isNode reports whether v is a node (an IRI or a blank node), not a
// literal.
func isNode(v quad.Value) bool {
	switch v.(type) {
	case quad.IRI, quad.BNode:
		return true
	}
	return false
}

// literalText is the text of a literal, or "".
func literalText(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedString:
		return string(v.Value)
	}
	return ""
}

// grams calls fn with every character and every pair of adjacent
// characters of s, repeats included.
func grams(s string, fn func(gram)) {
	prev := rune(-1)
	for _, r := range s {
		fn(gram{r, 0})
		if prev >= 0 {
			fn(gram{prev, r})
		}
		prev = r
	}
}

// startFlag marks, in a gram's first character, the grams of the
// characters a name begins with.
const startFlag = 1 << 22

// startGrams calls fn with the grams of the first character of s and of
// its first two (marked with startFlag): the names that begin with a
// query are among those that begin as it does.
func startGrams(s string, fn func(gram)) {
	var first []rune
	for _, r := range s {
		if first = append(first, r); len(first) == 2 {
			break
		}
	}
	if len(first) > 0 {
		fn(gram{first[0] | startFlag, 0})
	}
	if len(first) > 1 {
		fn(gram{first[0] | startFlag, first[1]})
	}
}

// startGram is the start gram a name that begins with s is listed under.
func startGram(s string) gram {
	var k gram
	startGrams(s, func(g gram) { k = g })
	return k
}

// posting lists the names under one gram, by length: a bucket per length,
// ascending, each with its names' IDs sorted. Buckets keep an insertion
// cheap: a new name, usually the newest ID, goes at the end of its
// length's bucket, not into the middle of one long list.
type posting []bucket

type bucket struct {
	runes uint16
	ids   []uint32
}

// size returns the number of names in p.
func (p posting) size() int {
	n := 0
	for _, b := range p {
		n += len(b.ids)
	}
	return n
}

// byLength orders the IDs of names by their length, then by ID.
func (g *Graph) byLength(a, b uint32) int {
	return cmp.Or(cmp.Compare(g.nameRunes[a], g.nameRunes[b]), cmp.Compare(a, b))
}

// indexGrams adds (or removes) literal id, which became (or is no longer)
// a name or an alias, to (from) the gram index.
func (g *Graph) indexGrams(id uint32, add bool) {
	text := literalText(g.vals[id])
	if add {
		if n := int(id) + 1; n > len(g.nameRunes) {
			g.nameRunes = slices.Grow(g.nameRunes, n-len(g.nameRunes))[:n]
		}
		g.nameRunes[id] = uint16(min(utf8.RuneCountInString(text), math.MaxUint16))
	}
	runes := g.nameRunes[id]
	index := func(k gram) {
		p := g.grams[k]
		bi, found := slices.BinarySearchFunc(p, runes, func(b bucket, r uint16) int { return cmp.Compare(b.runes, r) })
		if !found {
			if !add {
				return
			}
			p = slices.Insert(p, bi, bucket{runes: runes})
		}
		ids := p[bi].ids
		i, has := slices.BinarySearch(ids, id)
		switch {
		case add && !has:
			p[bi].ids = slices.Insert(ids, i, id)
		case !add && has:
			p[bi].ids = slices.Delete(ids, i, i+1)
		}
		switch {
		case len(p[bi].ids) > 0:
			g.grams[k] = p
		case len(p) == 1:
			delete(g.grams, k)
		default:
			g.grams[k] = slices.Delete(p, bi, bi+1)
		}
	}
	grams(text, index)
	startGrams(text, index)
}

// Names returns the names and aliases (the literals that are objects of
// kg:name or kg:alias quads) whose text contains one of forms, each once,
// in no particular order. An empty form matches nothing.
func (g *Graph) Names(ctx context.Context, forms ...string) []quad.Value {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out []quad.Value
	for _, id := range g.names(ctx, forms) {
		out = append(out, g.vals[id])
	}
	return out
}

// names is Names by ID; g.mu is held.
func (g *Graph) names(ctx context.Context, forms []string) []uint32 {
	var out []uint32
	g.eachName(ctx, forms, func(l namedLit) bool {
		out = append(out, l.id)
		return true
	})
	return out
}

// namedLit is a name or alias that holds a form of a query: whether it
// begins with one, and its length in characters.
type namedLit struct {
	id     uint32
	runes  int
	prefix bool
}

// eachName calls fn with the names and aliases that hold one of forms,
// until it returns false: those that begin with one first, then the
// others, each part by length, shortest first, then by ID. Both parts read
// sorted lists of the gram index (those of the forms' first characters,
// then those of their rarest pairs) in step, so that a caller that stops
// early reads the few names it wants. g.mu is held.
func (g *Graph) eachName(ctx context.Context, forms []string, fn func(namedLit) bool) {
	var fs []string
	for _, f := range forms {
		if f != "" && !slices.Contains(fs, f) {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return
	}
	begins := func(text string) bool {
		return slices.ContainsFunc(fs, func(f string) bool { return strings.HasPrefix(text, f) })
	}
	holds := func(text string) bool {
		return slices.ContainsFunc(fs, func(f string) bool { return strings.Contains(text, f) })
	}
	seen := make([]uint64, len(g.vals)/64+1) // a bit per value ID
	var starts, rarest []posting
	for _, f := range fs {
		if p := g.grams[startGram(f)]; len(p) > 0 {
			starts = append(starts, p)
		}
		// The smallest posting of the form's grams: its pairs, or its one
		// character.
		var best posting
		bestSize := 0
		found := true
		grams(f, func(k gram) {
			if !found || k[1] == 0 && len([]rune(f)) > 1 {
				return
			}
			p, ok := g.grams[k]
			if !ok {
				found = false
				return
			}
			if n := p.size(); best == nil || n < bestSize {
				best, bestSize = p, n
			}
		})
		if found {
			rarest = append(rarest, best)
		}
	}
	n := 0
	visit := func(prefix bool) func(uint32) bool {
		return func(id uint32) bool {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return false
			}
			if seen[id/64]&(1<<(id%64)) != 0 {
				return true
			}
			text := literalText(g.vals[id])
			if begins(text) != prefix || !holds(text) {
				return true
			}
			seen[id/64] |= 1 << (id % 64)
			return fn(namedLit{id: id, runes: int(g.nameRunes[id]), prefix: prefix})
		}
	}
	if g.merge(starts, visit(true)) {
		g.merge(rarest, visit(false))
	}
}

// merge calls fn with the IDs of postings in the order of byLength, until
// fn returns false; it reports whether fn never did.
func (g *Graph) merge(ps []posting, fn func(uint32) bool) bool {
	type cursor struct{ b, i int }
	at := make([]cursor, len(ps))
	head := func(k int) (uint32, bool) {
		c := at[k]
		if c.b >= len(ps[k]) {
			return 0, false
		}
		return ps[k][c.b].ids[c.i], true
	}
	for {
		best, bestID := -1, uint32(0)
		for k := range ps {
			if id, ok := head(k); ok && (best < 0 || g.byLength(id, bestID) < 0) {
				best, bestID = k, id
			}
		}
		if best < 0 {
			return true
		}
		c := &at[best]
		if c.i++; c.i == len(ps[best][c.b].ids) {
			c.b, c.i = c.b+1, 0
		}
		if !fn(bestID) {
			return false
		}
	}
}

// NamedNode is a node Named found: the types it has among those asked
// for, its name and its aliases.
type NamedNode struct {
	Node quad.Value
	// Types are the indexes, ascending, of the types asked for that the
	// node has.
	Types []int
	// Name is the least object of the node's kg:name quads (nil if none);
	// Aliases the distinct objects of its kg:alias quads, in order.
	Name    quad.Value
	Aliases []quad.Value
	// Prefix reports whether the node was reached through a name or alias
	// that begins with one of the forms, and Runes is that name's length
	// in characters (see EachNamed).
	Prefix bool
	Runes  int
}

// Named returns the nodes (subjects of kg:name or kg:alias quads) one of
// whose names or aliases contains one of forms, and that are objects of
// one of types by a typ quad, each once, in no particular order, with
// their name and aliases: what a search reads of every node it finds, in
// one pass under one lock, skipping without a copy the nodes of other
// types (most of those a broad query names are meetings and positions).
func (g *Graph) Named(ctx context.Context, typ quad.IRI, types []quad.IRI, forms ...string) []NamedNode {
	var out []NamedNode
	g.EachNamed(ctx, typ, types, func(n *NamedNode) bool {
		c := *n
		c.Types, c.Aliases = slices.Clone(n.Types), slices.Clone(n.Aliases)
		out = append(out, c)
		return true
	}, forms...)
	if ctx.Err() != nil {
		return nil
	}
	return out
}

// EachNamed is Named calling fn with each node instead of listing them: a
// broad query names tens of thousands, which a list would copy. The nodes
// come in the order of the names and aliases they are reached through:
// first those that begin with a form, then the others by their length,
// shortest first. So a node reached after those begins with no form, and
// every name or alias of it that holds one is at least as long as the one
// it was reached through (NamedNode.Runes): a caller that wants the nodes
// with the shortest names stops (fn returns false) once the names get
// longer than those it has. fn runs under the Graph's read lock, so it
// must not call the Graph; n and its slices are reused after fn returns.
func (g *Graph) EachNamed(ctx context.Context, typ quad.IRI, types []quad.IRI, fn func(n *NamedNode) bool, forms ...string) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	tid := g.iris[string(typ)]
	if tid == none {
		return
	}
	tids := make([]uint32, len(types))
	for i, t := range types {
		tids[i] = g.iris[string(t)]
	}
	name, alias := g.iris[string(kg.PredName)], g.iris[string(kg.PredAlias)]
	masks := g.typeMasks(tid, tids)
	// A bit per value ID: a broad query names most nodes, which a map
	// would grow and rehash for.
	seen := make([]uint64, len(g.vals)/64+1)
	var n NamedNode
	stop := false
	g.eachName(ctx, forms, func(lit namedLit) bool {
		for _, gr := range g.in[lit.id] {
			if gr.pred != name && gr.pred != alias {
				continue
			}
			g.ends(gr.qs, 0, !g.bulk, func(s uint32) {
				if stop || seen[s/64]&(1<<(s%64)) != 0 {
					return
				}
				seen[s/64] |= 1 << (s % 64)
				if masks[s] == 0 {
					return
				}
				n = NamedNode{Node: g.vals[s], Types: n.Types[:0], Aliases: n.Aliases[:0], Prefix: lit.prefix, Runes: int(lit.runes)}
				for i := range tids {
					if masks[s]&(1<<i) != 0 {
						n.Types = append(n.Types, i)
					}
				}
				for _, og := range g.out[s] {
					switch og.pred {
					case name:
						// The least: lists are sorted by their other end
						// (as Least reads them).
						if len(og.qs) > 0 {
							n.Name = g.vals[g.quads[og.qs[0]][2]]
						}
					case alias:
						g.ends(og.qs, 2, !g.bulk, func(o uint32) {
							if !g.bulk || !slices.Contains(n.Aliases, g.vals[o]) {
								n.Aliases = append(n.Aliases, g.vals[o])
							}
						})
					}
				}
				stop = !fn(&n)
			})
		}
		return !stop
	})
}

// typeMasks returns, by value ID, a bit for each of the types tids (at
// most 32) the value is the subject of a quad of predicate tid to. The
// masks are read from the types' lists of subjects, a run per node, and
// kept until the next write: a broad search names most nodes, and reading
// the types of each where it is stored costs a cache miss or two a node.
// g.mu is held, for reading at least.
func (g *Graph) typeMasks(tid uint32, tids []uint32) []uint32 {
	key := fmt.Sprint(tid, tids)
	g.typed.Lock()
	defer g.typed.Unlock()
	if g.typed.masks != nil && g.typed.gen == g.gen && g.typed.key == key && len(g.typed.masks) == len(g.vals) {
		return g.typed.masks
	}
	masks := make([]uint32, len(g.vals))
	for i, t := range tids[:min(len(tids), 32)] {
		if t == none {
			continue
		}
		for _, gr := range g.in[t] {
			if gr.pred == tid {
				g.ends(gr.qs, 0, !g.bulk, func(s uint32) { masks[s] |= 1 << i })
			}
		}
	}
	g.typed.gen, g.typed.key, g.typed.masks = g.gen, key, masks
	g.typed.tid, g.typed.tids = tid, slices.Clone(tids[:min(len(tids), 32)])
	return masks
}

// typedPredicate returns the predicate of the kept type masks, or nil;
// g.mu is held for writing.
func (g *Graph) typedPredicate() quad.Value {
	g.typed.Lock()
	defer g.typed.Unlock()
	if g.typed.masks == nil || g.typed.tid == none || int(g.typed.tid) >= len(g.vals) {
		return nil
	}
	return g.vals[g.typed.tid]
}

// typedSubjects returns the subjects of label's quads of the kept type
// masks' predicate: a write of label may change their types. g.mu is held
// for writing.
func (g *Graph) typedSubjects(label quad.Value) []uint32 {
	g.typed.Lock()
	tid := g.typed.tid
	kept := g.typed.masks != nil
	g.typed.Unlock()
	l, ok := g.lookup(label)
	if !kept || !ok {
		return nil
	}
	var out []uint32
	for _, qi := range g.byLabel[l] {
		if g.quads[qi][1] == tid {
			out = append(out, g.quads[qi][0])
		}
	}
	return out
}

// retype brings the kept type masks up to date after a write (g.gen is
// that write's) that added or removed type quads of subjects: a search
// after each write would otherwise read every typed node again. Masks
// that were already out of date are dropped. g.mu is held for writing.
func (g *Graph) retype(subjects []uint32) {
	g.typed.Lock()
	defer g.typed.Unlock()
	if g.typed.masks == nil {
		return
	}
	if g.typed.gen != g.gen-1 || g.bulk {
		g.typed.masks = nil
		return
	}
	if n := len(g.vals); len(g.typed.masks) < n {
		g.typed.masks = append(g.typed.masks, make([]uint32, n-len(g.typed.masks))...)
	}
	for _, s := range subjects {
		var m uint32
		if int(s) < len(g.out) {
			for _, gr := range g.out[s] {
				if gr.pred == g.typed.tid {
					g.ends(gr.qs, 2, true, func(o uint32) {
						if i := slices.Index(g.typed.tids, o); i >= 0 {
							m |= 1 << i
						}
					})
				}
			}
		}
		g.typed.masks[s] = m
	}
	g.typed.gen = g.gen
}

// lookup returns the ID of a value.
func (g *Graph) lookup(v quad.Value) (uint32, bool) {
	if iri, ok := v.(quad.IRI); ok {
		id, ok := g.iris[string(iri)]
		return id, ok
	}
	id, ok := g.ids[v.String()]
	return id, ok
}

func (g *Graph) intern(v quad.Value) uint32 {
	if id, ok := g.lookup(v); ok {
		g.refs[id]++
		return id
	}
	k := v.String()
	var id uint32
	if n := len(g.free); n > 0 {
		id = g.free[n-1]
		g.free = g.free[:n-1]
		g.vals[id], g.strs[id], g.refs[id], g.mod[id] = v, k, 1, g.gen
		g.lbucket[id] = iriBucket(v, k)
		g.logValue(id) // a freed ID given to another value
	} else {
		id = uint32(len(g.vals))
		g.vals = append(g.vals, v)
		g.out, g.in = append(g.out, nil), append(g.in, nil)
		g.strs = append(g.strs, k)
		g.lbucket = append(g.lbucket, iriBucket(v, k))
		g.refs = append(g.refs, 1)
		g.mod = append(g.mod, g.gen)
	}
	if iri, ok := v.(quad.IRI); ok {
		g.iris[string(iri)] = id
	} else {
		g.ids[k] = id
	}
	return id
}

func (g *Graph) release(id uint32) {
	if id == none {
		return
	}
	if g.refs[id]--; g.refs[id] > 0 {
		return
	}
	if iri, ok := g.vals[id].(quad.IRI); ok {
		delete(g.iris, string(iri))
	} else {
		delete(g.ids, g.strs[id])
	}
	g.vals[id], g.strs[id] = nil, ""
	g.out[id], g.in[id] = nil, nil
	delete(g.byLabel, id)
	g.free = append(g.free, id)
}

// indexedIn reports whether a quad is listed at its object: always for a
// node, for a literal only when it is a name or an alias.
func (g *Graph) indexedIn(ids [4]uint32) bool {
	if isNode(g.vals[ids[2]]) {
		return true
	}
	p := g.strs[ids[1]]
	return p == g.nameKey || p == g.aliasKey
}

func setGroups(m [][]group, id uint32, gs []group) {
	if len(gs) == 0 {
		gs = nil // no empty list keeps its array
	}
	m[id] = gs
}

// dirIndex is the position of a direction in a stored quad.
func dirIndex(d quad.Direction) int {
	switch d {
	case quad.Subject:
		return 0
	case quad.Predicate:
		return 1
	case quad.Object:
		return 2
	}
	return 3
}

// list returns the quads with v in direction dir and predicate p: at a
// subject or an object (p required; each merges the predicates' lists),
// by Less; at a label (p "" for any), in the order of Replace.
func (g *Graph) list(dir quad.Direction, v quad.Value, p quad.IRI) []uint32 {
	id, ok := g.lookup(v)
	if !ok {
		return nil
	}
	var pid uint32
	if p != "" {
		if pid, ok = g.iris[string(p)]; !ok {
			return nil
		}
	}
	if dir == quad.Label {
		qs := g.byLabel[id]
		if pid == none {
			return qs
		}
		var out []uint32
		for _, qi := range qs {
			if g.quads[qi][1] == pid {
				out = append(out, qi)
			}
		}
		return out
	}
	if gr := g.group(id, dir, pid); gr != nil {
		return gr.qs
	}
	return nil
}

// groups returns value id's lists of quads by predicate, id in direction
// dir (quad.Subject or quad.Object).
func (g *Graph) groups(id uint32, dir quad.Direction) []group {
	switch dir {
	case quad.Subject:
		return g.out[id]
	case quad.Object:
		return g.in[id]
	}
	return nil
}

// group returns the list of value id's quads with predicate pid, id in
// direction dir (quad.Subject or quad.Object), or nil. By ID, not by the
// predicates' order: a node has a few predicates, and comparing IDs is
// cheaper than comparing IRIs.
func (g *Graph) group(id uint32, dir quad.Direction, pid uint32) *group {
	gs := g.groups(id, dir)
	for i := range gs {
		if gs[i].pred == pid {
			return &gs[i]
		}
	}
	return nil
}

// BucketRows is Rows of the quads of v's list with predicate p, v in
// direction dir, whose labels are in one bucket (LabelBucket): what
// ReadBucketOf stamps.
func (g *Graph) BucketRows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, bucket int, dirs ...quad.Direction) [][]quad.Value {
	if v == nil || p == "" || ctx.Err() != nil {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out [][]quad.Value
	for _, qi := range g.list(dir, v, p) {
		ids := &g.quads[qi]
		if g.labelBucket(ids[3]) != bucket {
			continue
		}
		row := make([]quad.Value, len(dirs))
		for i, d := range dirs {
			row[i] = g.vals[ids[dirIndex(d)]]
		}
		out = append(out, row)
	}
	return out
}

// Rows returns, for each quad with v in direction dir (and predicate p,
// when given), at most max of them (max < 0: all), the values in
// directions dirs. A direction a quad has no value in (an unlabelled
// quad's label) gives nil.
func (g *Graph) Rows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, max int, dirs ...quad.Direction) [][]quad.Value {
	if v == nil || ctx.Err() != nil {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out [][]quad.Value
	var flat []quad.Value
	g.each(dir, v, p, func(qs []uint32) bool {
		if max >= 0 && len(out)+len(qs) > max {
			qs = qs[:max-len(out)]
		}
		if out == nil {
			// One allocation for the common case of one list.
			out = make([][]quad.Value, 0, len(qs))
			flat = make([]quad.Value, 0, len(qs)*len(dirs))
		}
		for _, qi := range qs {
			ids := &g.quads[qi]
			start := len(flat)
			for _, d := range dirs {
				flat = append(flat, g.vals[ids[dirIndex(d)]])
			}
			out = append(out, flat[start:len(flat):len(flat)])
		}
		return max < 0 || len(out) < max
	})
	return out
}

// Stamp returns a number that changes whenever a quad with v as subject,
// object or label is added or removed, and is 0 while the Graph holds no
// quad naming v. An answer computed from what the Graph says of some values
// holds as long as their stamps do.
func (g *Graph) Stamp(v quad.Value) uint64 { return g.ReadOf(v).Stamp }

// Read is a value an answer was computed from, with its stamp then.
type Read struct {
	V     quad.Value
	Stamp uint64
	// id is V's ID when read (none if absent): Unchanged checks it without
	// looking V up. An ID freed and given to another value gets a stamp of
	// that later write, so it never passes for the value read.
	id uint32
	// kind is readDistinct for a read of the distinct values at the other
	// end of V's quads in direction dir with predicate P (ReadDistinctOf),
	// readBucket for one of the list's buckets of labels (ReadBucketOf):
	// Stamp is then that list's or that bucket's, and present whether the
	// list existed.
	kind    readKind
	bucket  int
	present bool
	dir     quad.Direction
	P       quad.IRI
	pid     uint32 // P's ID when read (none if absent)
}

// Whole reports whether r is a read of all of a value's quads (ReadOf),
// which covers any read of part of them.
func (r Read) Whole() bool { return r.kind == readWhole }

// ReadOf returns v with its stamp, for Unchanged.
func (g *Graph) ReadOf(v quad.Value) Read {
	if v == nil {
		return Read{}
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	if id, ok := g.lookup(v); ok {
		return Read{V: v, Stamp: g.mod[id], id: id}
	}
	return Read{V: v}
}

// ReadDistinctOf returns, for Unchanged, a read of which values are at
// the other end of v's quads with predicate p, v in direction dir
// (quad.Subject or quad.Object): its name, its type, the subjects typed
// by it. Its stamp changes only when those values do, not when another
// article restates one of them or when v gains quads of another
// predicate, as a hub that every article names does at every write.
func (g *Graph) ReadDistinctOf(v quad.Value, dir quad.Direction, p quad.IRI) Read {
	r := Read{V: v, kind: readDistinct, dir: dir, P: p}
	if v == nil {
		return r
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	r.pid = g.iris[string(p)]
	if id, ok := g.lookup(v); ok {
		r.id = id
		r.present, r.Stamp = g.listStamp(id, dir, r.pid)
	}
	return r
}

// ReadBucketOf returns, for Unchanged, a read of the quads of v's list
// with predicate p, v in direction dir, whose labels are in one bucket
// (LabelBucket), with those labels. Its stamp changes only when a quad of
// that bucket is added or removed, once the list keeps a stamp per bucket
// (a hub's lists do); another list's is read as v's quads (ReadOf).
func (g *Graph) ReadBucketOf(v quad.Value, dir quad.Direction, p quad.IRI, bucket int) Read {
	if v == nil {
		return Read{}
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	id, ok := g.lookup(v)
	if !ok {
		return Read{V: v}
	}
	r := Read{V: v, id: id, kind: readBucket, bucket: bucket, dir: dir, P: p, pid: g.iris[string(p)]}
	if gr := g.group(id, dir, r.pid); r.pid != none && gr != nil && gr.bmods != nil {
		r.present, r.Stamp = g.kindStamp(id, dir, r.pid, readBucket, bucket)
		return r
	}
	return Read{V: v, Stamp: g.mod[id], id: id}
}

// listStamp returns whether value id has a list of quads with predicate
// pid in direction dir, and its stamp; g.mu is held.
func (g *Graph) listStamp(id uint32, dir quad.Direction, pid uint32) (bool, uint64) {
	return g.kindStamp(id, dir, pid, readDistinct, 0)
}

// kindStamp returns whether value id has a list of quads with predicate
// pid in direction dir, and the stamp of what a read of that kind read of
// it; g.mu is held. A bucket of a list that no longer keeps stamps per
// bucket (it was gone since, or the Graph was loaded) reads as the
// value's stamp, which its going or the load changed.
func (g *Graph) kindStamp(id uint32, dir quad.Direction, pid uint32, kind readKind, bucket int) (bool, uint64) {
	if pid == none {
		return false, 0
	}
	gr := g.group(id, dir, pid)
	switch {
	case gr == nil:
		return false, 0
	case kind != readBucket:
		return true, max(gr.mod, g.base)
	case gr.bmods == nil:
		return true, g.mod[id]
	}
	return true, max(gr.bmods[bucket], g.base)
}

// Unchanged reports whether every value read has the stamp it had.
func (g *Graph) Unchanged(reads []Read) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.unchanged(reads)
}

// unchanged is Unchanged with g.mu held.
func (g *Graph) unchanged(reads []Read) bool {
	for _, r := range reads {
		if r.kind != readWhole {
			id, pid := r.id, r.pid
			if id == none && r.V != nil {
				id, _ = g.lookup(r.V)
			}
			if pid == none {
				pid = g.iris[string(r.P)]
			}
			var present bool
			var now uint64
			if id != none && int(id) < len(g.vals) {
				present, now = g.kindStamp(id, r.dir, pid, r.kind, r.bucket)
			}
			if present != r.present || present && now != r.Stamp {
				return false
			}
			continue
		}
		var now uint64
		switch {
		case r.id != none:
			if int(r.id) < len(g.mod) {
				now = g.mod[r.id]
			}
		case r.V != nil:
			// Absent when read: still absent?
			if id, ok := g.lookup(r.V); ok {
				now = g.mod[id]
			}
		}
		if now != r.Stamp {
			return false
		}
	}
	return true
}

// Gen returns the number of writes applied so far (and rebuilds begun):
// while it stays the same, so does every stamp.
func (g *Graph) Gen() uint64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.gen
}

// Least returns the least object of the quads (s, p, ?), or nil.
func (g *Graph) Least(s quad.Value, p quad.IRI) quad.Value {
	g.mu.RLock()
	defer g.mu.RUnlock()
	pid, ok := g.iris[string(p)]
	if !ok {
		return nil
	}
	return g.least(s, pid)
}

// LeastOf returns, for each of vs, Least(v, p), under one hold of the
// lock: an answer that names a hub's articles reads thousands.
func (g *Graph) LeastOf(vs []quad.Value, p quad.IRI) []quad.Value {
	out := make([]quad.Value, len(vs))
	g.mu.RLock()
	defer g.mu.RUnlock()
	pid, ok := g.iris[string(p)]
	if !ok {
		return out
	}
	for i, v := range vs {
		out[i] = g.least(v, pid)
	}
	return out
}

// least is Least with predicate pid's ID; g.mu is held.
func (g *Graph) least(s quad.Value, pid uint32) quad.Value {
	if s == nil {
		return nil
	}
	if id, ok := g.lookup(s); ok {
		if gr := g.group(id, quad.Subject, pid); gr != nil && len(gr.qs) > 0 {
			return g.vals[g.quads[gr.qs[0]][2]]
		}
	}
	return nil
}

// each calls fn with the lists of the quads with v in direction dir and
// predicate p (every predicate's, in order, when p is ""), until fn
// returns false.
func (g *Graph) each(dir quad.Direction, v quad.Value, p quad.IRI, fn func([]uint32) bool) {
	if dir == quad.Label || p != "" {
		if qs := g.list(dir, v, p); len(qs) > 0 {
			fn(qs)
		}
		return
	}
	id, ok := g.lookup(v)
	if !ok {
		return
	}
	for _, gr := range g.groups(id, dir) {
		if !fn(gr.qs) {
			return
		}
	}
}

// Distinct returns the distinct values in direction other of the quads
// with v in direction dir and predicate p, in the order first met.
func (g *Graph) Distinct(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) []quad.Value {
	if v == nil || ctx.Err() != nil {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	k := dirIndex(other)
	// One predicate's list at a subject or an object is sorted by its other
	// end (outside a build): repeats are neighbours. Elsewhere a set.
	sorted := p != "" && !g.bulk && (dir == quad.Subject && other == quad.Object || dir == quad.Object && other == quad.Subject)
	var out []quad.Value
	seen := map[uint32]bool{}
	g.each(dir, v, p, func(qs []uint32) bool {
		g.ends(qs, k, sorted, func(id uint32) {
			if id == none || !sorted && seen[id] {
				return
			}
			if !sorted {
				seen[id] = true
			}
			out = append(out, g.vals[id])
		})
		return true
	})
	return out
}

// ends calls fn with the value at position k of the quads in qs: once per
// run of equal values when qs is sorted by it (a run skipped by galloping:
// a hub's name is stated once per article), else once per quad, repeats
// included.
func (g *Graph) ends(qs []uint32, k int, sorted bool, fn func(id uint32)) {
	for i := 0; i < len(qs); i++ {
		fn(g.quads[qs[i]][k])
		if sorted {
			i = g.runEnd(qs, i, k) - 1
		}
	}
}

// runEnd returns the end of the run of quads in qs from i on that have
// qs[i]'s value at position k, qs being sorted by that value: by doubling
// steps and then halving, so that a run of n costs log n comparisons.
func (g *Graph) runEnd(qs []uint32, i, k int) int {
	id := g.quads[qs[i]][k]
	lo, step := i, 1 // qs[lo] is in the run
	for lo+step < len(qs) && g.quads[qs[lo+step]][k] == id {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(qs)) // qs[hi] is past the run, or the end
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if g.quads[qs[mid]][k] == id {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// Count returns the number of distinct values in direction other of the
// quads with v in direction dir and predicate p.
func (g *Graph) Count(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) int {
	if v == nil || ctx.Err() != nil {
		return 0
	}
	if p != "" && (dir == quad.Subject && other == quad.Object || dir == quad.Object && other == quad.Subject) {
		// One predicate's list, sorted by the other end: its runs are
		// counted as it changes.
		g.mu.RLock()
		n, ok := g.runs(dir, v, p)
		g.mu.RUnlock()
		if ok {
			return n
		}
	}
	return len(g.Distinct(ctx, dir, v, p, other))
}

// runs returns the distinct count of the list of v's quads with
// predicate p in direction dir, outside a build.
func (g *Graph) runs(dir quad.Direction, v quad.Value, p quad.IRI) (int, bool) {
	if g.bulk {
		return 0, false
	}
	id, ok := g.lookup(v)
	if !ok {
		return 0, true
	}
	pid, ok := g.iris[string(p)]
	if !ok {
		return 0, true
	}
	gs := g.out[id]
	if dir == quad.Object {
		gs = g.in[id]
	}
	for _, gr := range gs {
		if gr.pred == pid {
			return int(gr.runs), true
		}
	}
	return 0, true
}

// Labels returns the number of labels (articles) the Graph holds quads of.
func (g *Graph) Labels() int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	n := len(g.byLabel)
	for l := range g.textQuads {
		if _, ok := g.byLabel[l]; !ok {
			n++
		}
	}
	return n
}

// Size returns the number of nodes (distinct values, texts included) and
// quads of the store the Graph mirrors.
func (g *Graph) Size() (nodes, quads int64) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	nodes = int64(len(g.ids) + len(g.iris) + len(g.texts))
	if _, ok := g.iris[string(kg.PredText)]; !ok && len(g.textQuads) > 0 {
		nodes++ // the predicate kg:text
	}
	return nodes, g.live + int64(len(g.textQuads))
}
