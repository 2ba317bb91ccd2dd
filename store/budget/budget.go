// Package budget bounds what one query may spend in Cayley's iterators: the
// quads it visits, the iterators it builds, its time and the heap it grows.
//
// A Meter holds one query's limits and counts; Wrap returns a quad store
// whose leaf iterators count every step on the meter. Cayley's composite
// iterators neither look at a context in every step nor pass errors up
// promptly, so a step taken after the meter trips does not return: it
// panics with a *goja.InterruptedError, the one value that Cayley's Gizmo
// runtime (goja) lets through its JavaScript frames and gives back as the
// program's error. The caller learns why from Meter.Err, and closes the
// iterators with Meter.Close once the query has stopped.
package budget

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
)

// Defaults of Limits.
const (
	DefaultMaxQuads     = 50_000_000
	DefaultMaxIterators = 100_000
	DefaultMaxMemory    = 64 << 20
)

// Limit names the bound a query ran into.
type Limit string

// Limits a query can run into.
const (
	LimitQuads     Limit = "quads"
	LimitIterators Limit = "iterators"
	LimitMemory    Limit = "memory"
	LimitDeadline  Limit = "deadline"
	LimitCanceled  Limit = "canceled"
	LimitWrite     Limit = "write"
)

// Limits bound one query. Zero fields take their defaults; negative ones
// mean no bound.
type Limits struct {
	// MaxQuads bounds the steps of leaf iterators: every quad or node an
	// index scan yields or checks. Default 50,000,000.
	MaxQuads int64
	// MaxIterators bounds the leaf iterators built, and the shapes
	// optimised, which path expressions such as a chain of Both() multiply.
	// Default 100,000.
	MaxIterators int64
	// MaxMemory bounds the growth of the live heap since the query
	// started, in bytes, or an eighth of the live heap at its start when
	// that is more (MemoryBound). The heap is the process's: queries that
	// run at once add up, and the figure is the last garbage collection's,
	// sampled every few thousand steps, so the bound is approximate; a
	// query stops once two collections in a row found the heap past it.
	// Default 64 MiB.
	MaxMemory int64
	// Timeout names the query's deadline in the error when its context
	// expires; it bounds nothing itself.
	Timeout time.Duration
}

// WithDefaults returns l with zero fields set to their defaults.
func (l Limits) WithDefaults() Limits {
	if l.MaxQuads == 0 {
		l.MaxQuads = DefaultMaxQuads
	}
	if l.MaxIterators == 0 {
		l.MaxIterators = DefaultMaxIterators
	}
	if l.MaxMemory == 0 {
		l.MaxMemory = DefaultMaxMemory
	}
	return l
}

// ErrStopped is wrapped by every error of a tripped meter.
var ErrStopped = errors.New("query stopped")

// Error says which limit stopped a query.
type Error struct {
	Limit Limit
	msg   string
}

func (e *Error) Error() string { return "query stopped: " + e.msg }

// Is makes errors.Is(err, ErrStopped) true.
func (e *Error) Is(target error) bool { return target == ErrStopped }

// NewError returns the error of a query stopped by limit, msg saying how.
func NewError(limit Limit, msg string) *Error { return &Error{Limit: limit, msg: msg} }

// ErrWriteWaiting stops queries that hold the store while a write waits.
var ErrWriteWaiting = NewError(LimitWrite, "a write is waiting")

// How often the costlier checks run, in steps.
const (
	ctxEvery    = 256
	memoryEvery = 16 << 10
)

// heapMetric is the runtime metric the memory bound samples: the heap the
// last garbage collection found live, so that garbage not yet collected
// does not count, and what a query holds on to does once a collection
// has run (they run the more often, the faster it allocates). cycleMetric
// numbers that collection.
const (
	heapMetric  = "/gc/heap/live:bytes"
	cycleMetric = "/gc/cycles/total:gc-cycles"
)

// Meter counts one query's spending. Its methods are safe for concurrent
// use.
type Meter struct {
	ctx   context.Context
	lim   Limits
	quads atomic.Int64
	its   atomic.Int64
	err   atomic.Pointer[Error]
	heap0 uint64
	bound uint64 // MemoryBound of MaxMemory and heap0
	// over is the number of the collection that last found the heap
	// grown past the bound, 0 while the last sample was under it.
	over atomic.Uint64
	// sample returns the live heap and the number of the collection that
	// measured it (heapSample; tests replace it).
	sample func() (live, cycle uint64)

	mu     sync.Mutex
	leaves []*leaf
	closed bool
}

// New returns a meter for a query that runs within ctx.
func New(ctx context.Context, lim Limits) *Meter {
	m := &Meter{ctx: ctx, lim: lim.WithDefaults(), sample: heapSample}
	m.heap0, _ = m.sample()
	m.bound = MemoryBound(m.lim.MaxMemory, m.heap0)
	return m
}

// heapSample returns the live heap the last collection found, and the
// number of that collection.
func heapSample() (live, cycle uint64) {
	s := []metrics.Sample{{Name: heapMetric}, {Name: cycleMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		cycle = s[1].Value.Uint64()
	}
	return live, cycle
}

// Err returns nil while the meter has not tripped, else the *Error that
// says why.
func (m *Meter) Err() error {
	if e := m.err.Load(); e != nil {
		return e
	}
	return nil
}

// Stop trips the meter: the query's next step fails with err. The first
// reason given stays.
func (m *Meter) Stop(err *Error) { m.err.CompareAndSwap(nil, err) }

// Quads returns the steps counted so far.
func (m *Meter) Quads() int64 { return m.quads.Load() }

// fail panics with the value goja passes through, once the meter tripped.
func (m *Meter) fail() {
	if m.err.Load() != nil {
		panic(&goja.InterruptedError{})
	}
}

// step counts one step of a leaf iterator.
func (m *Meter) step() {
	n := m.quads.Add(1)
	if m.lim.MaxQuads > 0 && n > m.lim.MaxQuads {
		m.Stop(NewError(LimitQuads, fmt.Sprintf("visited more than %d quads", m.lim.MaxQuads)))
	}
	if n%ctxEvery == 0 {
		m.checkContext()
	}
	if n%memoryEvery == 0 {
		m.checkMemory()
	}
	m.fail()
}

// built counts an iterator built or a shape optimised.
func (m *Meter) built() {
	n := m.its.Add(1)
	if m.lim.MaxIterators > 0 && n > m.lim.MaxIterators {
		m.Stop(NewError(LimitIterators, fmt.Sprintf("built more than %d iterators", m.lim.MaxIterators)))
	}
	m.checkContext()
	if n%(memoryEvery/ctxEvery) == 0 {
		m.checkMemory()
	}
	m.fail()
}

// Check fails, as a step would, when the meter has tripped or the query's
// context has ended, without counting anything.
func (m *Meter) Check() {
	m.checkContext()
	m.fail()
}

func (m *Meter) checkContext() {
	err := m.ctx.Err()
	switch {
	case err == nil:
	case errors.Is(err, context.DeadlineExceeded):
		m.Stop(NewError(LimitDeadline, fmt.Sprintf("deadline %v", m.lim.Timeout)))
	default:
		m.Stop(NewError(LimitCanceled, "canceled"))
	}
}

func (m *Meter) checkMemory() {
	if m.lim.MaxMemory <= 0 {
		return
	}
	h, cycle := m.sample()
	if h <= m.heap0 || h-m.heap0 <= m.bound {
		m.over.Store(0)
		return
	}
	// A collection counts as live what the process allocates while it
	// marks, which the next one may free: a busy server's heap swings by
	// hundreds of MiB from one collection to the next, whatever this
	// query holds. Only a second collection in a row past the bound
	// stops the query.
	if prev := m.over.Load(); prev != 0 && prev != cycle {
		m.Stop(NewError(LimitMemory, fmt.Sprintf("heap grew by more than %d MiB", m.bound>>20)))
		return
	}
	m.over.CompareAndSwap(0, cycle)
}

// MemoryBound returns how much a query may grow the live heap when its
// bound is limit bytes and the live heap at its start is live: limit, or
// an eighth of live when that is more. The live heap is the process's, and a
// collection counts as live what other requests allocate while it marks,
// which takes the longer, the larger the heap: on a heap of 2.7 GB under
// two writes a second, 64 MiB stopped 1–3 queries in 690 that held
// nothing. A query that runs away still stops, past an eighth of the heap.
func MemoryBound(limit int64, live uint64) uint64 {
	return max(uint64(limit), live/8)
}

// track records a leaf iterator for Close.
func (m *Meter) track(l *leaf) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	m.leaves = append(m.leaves, l)
}

// Close closes every leaf iterator the query built that is still open
// (iterators of a query stopped by a panic are left unclosed by Cayley):
// call it once the query's code has stopped, before the store is given
// back. It returns the first error of a Close.
func (m *Meter) Close() error {
	m.mu.Lock()
	leaves := m.leaves
	m.leaves, m.closed = nil, true
	m.mu.Unlock()
	var first error
	for _, l := range leaves {
		if err := l.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
