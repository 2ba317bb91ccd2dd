package api

import (
	"bytes"
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

// memo keeps computed parts of answers (a congress's relays, a slogan's or
// a body's counts) with the
// values they were read from and those values' stamps in the read model.
// A part holds as long as every stamp does: a write changes the stamp of
// every node whose quads it adds or removes, so a part is recomputed
// exactly when a write touched something it read, never by age. It is
// used only with the read model.
type memo struct {
	mu      sync.Mutex
	entries map[string]memoEntry
	version uint64
	// flights are the parts being computed for a reader outside any part,
	// closed when kept: another such reader waits rather than compute the
	// same part (kg serve's warm-up and the first congress list at start).
	// A part computed inside another never waits, so two cannot wait on
	// each other.
	flights map[string]chan struct{}
}

type memoEntry struct {
	val   any
	reads readmodel.Reads
	// parts are the memoised parts the computation used, by key and
	// version: the entry holds as long as they do.
	parts map[string]uint64
	// version numbers the memo's computations: a part read at version v
	// is the same part as long as its entry has version v.
	version uint64
	// gen is the read model's Gen when the reads were last found current.
	gen      uint64
	volatile bool
	// deps are the reads and those of the parts used, transitively: a
	// part built from thousands of others (a congress's relays) is found
	// current from what the writes since changed (Graph.Touches), without
	// checking each of them.
	deps readmodel.Deps
}

// maxMemo bounds the parts kept (most are a few hundred bytes); past it
// the memo starts afresh.
const maxMemo = 1 << 20

func newMemo() *memo {
	return &memo{entries: map[string]memoEntry{}, flights: map[string]chan struct{}{}}
}

// get returns the part kept under key if every value it was read from is
// as it was, else computes it with fn, which reads through the reader it
// is given, and keeps it. Without the read model it just computes.
func (m *memo) get(r *reader, key string, fn func(*reader) any) any {
	src, ok := r.src.(modelSource)
	if !ok {
		return fn(r)
	}
	var mine chan struct{}
	for {
		m.mu.Lock()
		e, found := m.entries[key]
		m.mu.Unlock()
		if found && m.current(src.g, key, e.version, 0) {
			r.usePart(key, e.version)
			return e.val
		}
		if r.inPart {
			break
		}
		m.mu.Lock()
		wait, busy := m.flights[key]
		if !busy {
			mine = make(chan struct{})
			m.flights[key] = mine
			m.mu.Unlock()
			break
		}
		m.mu.Unlock()
		select {
		case <-wait:
		case <-r.ctx.Done():
			return fn(r) // stops early: the answer is not given
		}
	}
	if mine != nil {
		defer func() {
			m.mu.Lock()
			delete(m.flights, key)
			m.mu.Unlock()
			close(mine)
		}()
	}
	gen := src.g.Gen()
	// A reader of its own: what the caller's has cached was not recorded.
	rr := newReader(r.ctx, src).recording()
	rr.inPart = true
	val := fn(rr)
	if r.ctx.Err() != nil {
		return val
	}
	// The stamps were read while computing, after gen: checked again at
	// the next get unless nothing was written meanwhile.
	e := memoEntry{val: val, reads: rr.stamps(), parts: rr.parts, gen: gen, volatile: rr.volatile}
	if len(e.parts) == 0 {
		e.parts = nil // most parts use none: one object less each to keep
	}
	// Outside the lock: a congress's deps are those of thousands of parts.
	e.deps = m.depsOf(e)
	m.mu.Lock()
	if len(m.entries) >= maxMemo {
		m.entries = map[string]memoEntry{}
	}
	m.version++
	e.version = m.version
	m.entries[key] = e
	m.mu.Unlock()
	r.usePart(key, e.version)
	return val
}

// depsOf returns the deps of an entry: its reads' and its parts' (open
// when a part is no longer kept as used, or the entry is volatile).
func (m *memo) depsOf(e memoEntry) readmodel.Deps {
	if e.volatile {
		return readmodel.OpenDeps()
	}
	parts := make([]readmodel.Deps, 0, len(e.parts))
	m.mu.Lock()
	for k, v := range e.parts {
		p, ok := m.entries[k]
		if !ok || p.version != v {
			m.mu.Unlock()
			return readmodel.OpenDeps()
		}
		parts = append(parts, p.deps)
	}
	m.mu.Unlock()
	return readmodel.DepsOf(e.reads, parts...)
}

// current reports whether the part kept under key at version is still
// what computing it afresh would give: every value it read, and every part
// it used, is as it was. depth bounds the parts' nesting.
func (m *memo) current(g *readmodel.Graph, key string, version uint64, depth int) bool {
	gen := g.Gen()
	m.mu.Lock()
	e, found := m.entries[key]
	m.mu.Unlock()
	switch {
	case !found || e.version != version || depth > 8:
		return false
	case e.gen == gen:
		return true
	}
	if touched, ok := g.Touches(e.deps, e.gen); ok && !touched {
		m.setGen(key, version, gen)
		return true
	}
	if e.volatile || !g.UnchangedReads(e.reads) {
		return false
	}
	for k, v := range e.parts {
		if !m.current(g, k, v, depth+1) {
			return false
		}
	}
	m.setGen(key, version, gen)
	return true
}

// setGen notes that the part kept under key at version was found current
// at the read model's gen.
func (m *memo) setGen(key string, version, gen uint64) {
	m.mu.Lock()
	if cur, ok := m.entries[key]; ok && cur.version == version {
		cur.gen = gen
		m.entries[key] = cur
	}
	m.mu.Unlock()
}

// stamps returns the values the reader recorded, with their stamps.
func (r *reader) stamps() readmodel.Reads {
	reads := make([]readmodel.Read, 0, len(r.reads))
	for _, rd := range r.reads {
		reads = append(reads, rd)
	}
	return readmodel.Keep(reads)
}

// usePart records, in a recording reader, that it used a memoised part.
func (r *reader) usePart(key string, version uint64) {
	if r.parts != nil {
		r.parts[key] = version
	}
}

// currentFunc returns a check that what a recording reader read from the
// read model g is still as it was: an answer computed through it is then
// still the answer.
func (s *Server) currentFunc(g *readmodel.Graph, r *reader) func() bool {
	if r.volatile {
		return func() bool { return false }
	}
	reads, parts := r.stamps(), r.parts
	return func() bool {
		if !g.UnchangedReads(reads) {
			return false
		}
		for k, v := range parts {
			if !s.memo.current(g, k, v, 0) {
				return false
			}
		}
		return true
	}
}

// congressPart is a congress with its relays, memoised, and each relay
// in JSON once a page has wanted it: the next pages join the encoded
// relays rather than encode them again, and a write that relays a large
// congress makes its relays new without encoding the tens of thousands
// no page shows.
type congressPart struct {
	c      *Congress
	relays []Relay
	err    error
	enc    []atomic.Pointer[[]byte]
}

// encoded returns relay i in JSON, encoding it at its first call (two
// at once may both encode it: the same bytes).
func (p congressPart) encoded(i int) ([]byte, error) {
	if b := p.enc[i].Load(); b != nil {
		return *b, nil
	}
	b, err := marshal(&p.relays[i])
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	p.enc[i].Store(&b)
	return b, nil
}

// congressInfoMemo is congressInfo through the memo. Callers must not
// change what it returns: it is shared by later answers.
func (s *Server) congressInfoMemo(r *reader, iri quad.IRI) (*Congress, []Relay, error) {
	p := s.congressPartMemo(r, iri)
	return p.c, p.relays, p.err
}

// congressPartMemo is the memoised part of a congress.
func (s *Server) congressPartMemo(r *reader, iri quad.IRI) congressPart {
	return s.memo.get(r, "congress\x00"+string(iri), func(r *reader) any {
		c, relays, err := s.congressInfo(r, iri)
		return congressPart{c: c, relays: relays, err: err, enc: make([]atomic.Pointer[[]byte], len(relays))}
	}).(congressPart)
}

// Warm computes, from the read model, the memoised parts of answers
// (every congress's relays, the lines of the slogan and body lists) and
// the masks of the types search reads, so that the first requests find
// them. The parts are independent and computed on every core; a request
// that needs one being computed waits for it. It does nothing before the
// read model is built.
func (s *Server) Warm(ctx context.Context) {
	src, ok := s.source(ctx).(modelSource)
	if !ok {
		return
	}
	// The masks of the types search reads, which writes then keep.
	src.g.EachNamed(ctx, kg.PredType, searchTypes(), func(*readmodel.NamedNode) bool { return false })
	r := newReader(ctx, src)
	var parts []func(*reader)
	for _, iri := range r.typed(kg.TypeCongress) {
		parts = append(parts, func(r *reader) { s.congressInfoMemo(r, iri); _, _ = s.congressSummary(r, iri) })
	}
	for _, iri := range r.typed(kg.TypeSlogan) {
		parts = append(parts, func(r *reader) { s.sloganSummary(r, iri) })
	}
	for _, t := range []quad.IRI{kg.TypeUnion, kg.TypeOrg} {
		for _, iri := range r.typed(t) {
			parts = append(parts, func(r *reader) { s.bodySummary(r, iri) })
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newReader(ctx, src)
			for i := next.Add(1) - 1; i < int64(len(parts)) && ctx.Err() == nil; i = next.Add(1) - 1 {
				parts[i](r)
			}
		}()
	}
	wg.Wait()
}
