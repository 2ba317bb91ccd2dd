package api

import (
	"context"
	"sync"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

// memo keeps computed parts of answers (a congress's relays, a slogan's or
// a body's counts, a node's names for search) with the
// values they were read from and those values' stamps in the read model.
// A part holds as long as every stamp does: a write changes the stamp of
// every node whose quads it adds or removes, so a part is recomputed
// exactly when a write touched something it read, never by age. It is
// used only with the read model.
type memo struct {
	mu      sync.Mutex
	entries map[string]memoEntry
}

type memoEntry struct {
	val   any
	reads []readmodel.Read
	// gen is the read model's Gen when the reads were last found current.
	gen uint64
}

// maxMemo bounds the parts kept (most are a few hundred bytes); past it
// the memo starts afresh.
const maxMemo = 1 << 20

func newMemo() *memo { return &memo{entries: map[string]memoEntry{}} }

// get returns the part kept under key if every value it was read from is
// as it was, else computes it with fn, which reads through the reader it
// is given, and keeps it. Without the read model it just computes.
func (m *memo) get(r *reader, key string, fn func(*reader) any) any {
	src, ok := r.src.(modelSource)
	if !ok {
		return fn(r)
	}
	gen := src.g.Gen()
	m.mu.Lock()
	e, found := m.entries[key]
	m.mu.Unlock()
	if found && (e.gen == gen || src.g.Unchanged(e.reads)) {
		if e.gen != gen {
			m.mu.Lock()
			e.gen = gen
			m.entries[key] = e
			m.mu.Unlock()
		}
		return e.val
	}
	// A reader of its own: what the caller's has cached was not recorded.
	rr := newReader(r.ctx, src)
	rr.reads = map[any]stampedValue{}
	val := fn(rr)
	if r.ctx.Err() != nil {
		return val
	}
	reads := make([]readmodel.Read, 0, len(rr.reads))
	for _, sv := range rr.reads {
		reads = append(reads, readmodel.Read{V: sv.v, Stamp: sv.stamp})
	}
	m.mu.Lock()
	if len(m.entries) >= maxMemo {
		m.entries = map[string]memoEntry{}
	}
	// The stamps were read while computing, after gen: checked again at
	// the next get unless nothing was written meanwhile.
	m.entries[key] = memoEntry{val: val, reads: reads, gen: gen}
	m.mu.Unlock()
	return val
}

// congressPart is a congress with its relays, memoised.
type congressPart struct {
	c      *Congress
	relays []Relay
	err    error
}

// congressInfoMemo is congressInfo through the memo. Callers must not
// change what it returns: it is shared by later answers.
func (s *Server) congressInfoMemo(r *reader, iri quad.IRI) (*Congress, []Relay, error) {
	p := s.memo.get(r, "congress\x00"+string(iri), func(r *reader) any {
		c, relays, err := s.congressInfo(r, iri)
		return congressPart{c, relays, err}
	}).(congressPart)
	return p.c, p.relays, p.err
}

// Warm computes the memoised parts of answers (every congress's relays,
// the lines of the slogan and body lists, the search index) from the read
// model, so that the first requests find them. It does nothing before the
// read model is built.
func (s *Server) Warm(ctx context.Context) {
	src, ok := s.source().(modelSource)
	if !ok {
		return
	}
	r := newReader(ctx, src)
	for _, iri := range r.typed(kg.TypeCongress) {
		_, _, _ = s.congressInfoMemo(r, iri)
	}
	for _, iri := range r.typed(kg.TypeSlogan) {
		s.sloganSummary(r, iri)
	}
	for _, t := range []quad.IRI{kg.TypeUnion, kg.TypeOrg} {
		for _, iri := range r.typed(t) {
			s.bodySummary(r, iri)
		}
	}
	s.searchIndex(r)
}
