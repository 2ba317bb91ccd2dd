package store

import (
	"sync"
	"time"

	"github.com/unionkg/kg/store/budget"
)

// LockStatus says who holds the store's lock, and who waits for it, and
// for how long: a hold that lasts far beyond any request's time limit means
// a stuck reader, and every write waits behind it (see Store.LockStatus).
type LockStatus struct {
	// Mode is "read" or "write" while the lock is held, "" when it is free.
	// Reads of the memory store take it as writes do (see Store.View).
	Mode string
	// Holders is the number of holders: readers, or the one writer.
	Holders int
	// Held is how long the oldest current holder has held it.
	Held time.Duration
	// Waiting is the number of callers waiting for it; Waited is how long
	// the one waiting longest has waited.
	Waiting int
	Waited  time.Duration
}

// lockWatch records the holders of, and the callers waiting for, a Store's
// lock, with the time each started.
type lockWatch struct {
	mu      sync.Mutex
	next    uint64
	held    map[uint64]lockEntry
	waiting map[uint64]lockEntry
}

type lockEntry struct {
	since time.Time
	write bool
}

// wait records a caller about to wait for the lock and returns its ticket.
func (w *lockWatch) wait(write bool) uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting == nil {
		w.waiting, w.held = map[uint64]lockEntry{}, map[uint64]lockEntry{}
	}
	w.next++
	w.waiting[w.next] = lockEntry{since: time.Now(), write: write}
	return w.next
}

// acquired moves a ticket from waiting to holding.
func (w *lockWatch) acquired(t uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := w.waiting[t]
	delete(w.waiting, t)
	w.held[t] = lockEntry{since: time.Now(), write: e.write}
}

// released forgets a ticket.
func (w *lockWatch) released(t uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.held, t)
}

func (w *lockWatch) status() LockStatus {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	st := LockStatus{Holders: len(w.held), Waiting: len(w.waiting)}
	for _, e := range w.held {
		st.Mode = "read"
		if e.write {
			st.Mode = "write"
		}
		st.Held = max(st.Held, now.Sub(e.since))
	}
	for _, e := range w.waiting {
		st.Waited = max(st.Waited, now.Sub(e.since))
	}
	return st
}

// LockStatus reports the store's lock: how long it has been held and
// waited for. A read holds it for one step of its work, a write for one
// transaction; /healthz reports a hold or a wait far longer than that.
func (s *Store) LockStatus() LockStatus { return s.watch.status() }

// PreemptAfter is how long a write waits for the store's lock before it
// stops the queries that hold it (see Store.Query).
const PreemptAfter = 200 * time.Millisecond

// lock takes the lock for a write and returns its release.
func (s *Store) lock() func() {
	return s.exclusive(true)
}

// exclusive takes the lock alone and returns its release. A write
// (preempt) stops the queries that hold the lock after PreemptAfter.
func (s *Store) exclusive(preempt bool) func() {
	t := s.watch.wait(true)
	if preempt {
		timer := time.AfterFunc(PreemptAfter, s.queries.stop)
		defer timer.Stop()
	}
	s.mu.Lock()
	s.watch.acquired(t)
	return func() {
		s.watch.released(t)
		s.mu.Unlock()
	}
}

// rlock takes the lock a read needs and returns its release.
func (s *Store) rlock() func() {
	if s.lockReads {
		return s.exclusive(false)
	}
	t := s.watch.wait(false)
	s.mu.RLock()
	s.watch.acquired(t)
	return func() {
		s.watch.released(t)
		s.mu.RUnlock()
	}
}

// queryMeters are the meters of the queries that hold a Store's lock.
type queryMeters struct {
	mu     sync.Mutex
	meters map[*budget.Meter]struct{}
}

func (q *queryMeters) add(m *budget.Meter) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.meters == nil {
		q.meters = map[*budget.Meter]struct{}{}
	}
	q.meters[m] = struct{}{}
}

func (q *queryMeters) remove(m *budget.Meter) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.meters, m)
}

// stop stops every query, for a write that waits.
func (q *queryMeters) stop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for m := range q.meters {
		m.Stop(budget.ErrWriteWaiting)
	}
}
