package budget

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	"github.com/dop251/goja"
)

// graphOf returns a memstore of n quads.
func graphOf(t *testing.T, n int) graph.QuadStore {
	t.Helper()
	qs := memstore.New()
	for i := range n {
		q := quad.Make(quad.IRI(fmt.Sprint("s", i)), quad.IRI("p"), quad.IRI(fmt.Sprint("o", i%7)), nil)
		if _, ok := qs.AddQuad(q); !ok {
			t.Fatalf("quad %v not added", q)
		}
	}
	return qs
}

// scan builds an iterator and iterates it to its end, or until a step
// panics; it returns the steps taken and whether one panicked with goja's
// value.
func scan(build func() graph.Iterator) (n int, interrupted bool) {
	defer func() {
		if r := recover(); r != nil {
			_, interrupted = r.(*goja.InterruptedError)
			if !interrupted {
				panic(r)
			}
		}
	}()
	it := build()
	for it.Next(context.Background()) {
		n++
	}
	return n, false
}

func TestLimits(t *testing.T) {
	qs := graphOf(t, 1000)
	expired, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-expired.Done()
	for _, tt := range []struct {
		name  string
		ctx   context.Context
		lim   Limits
		limit Limit // "": runs to the end
		msg   string
	}{
		{"within budget", context.Background(), Limits{}, "", ""},
		{"quads", context.Background(), Limits{MaxQuads: 100}, LimitQuads, "query stopped: visited more than 100 quads"},
		{"deadline", expired, Limits{Timeout: time.Second}, LimitDeadline, "query stopped: deadline 1s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.ctx, tt.lim)
			w := Wrap(qs, m)
			n, interrupted := scan(w.QuadsAllIterator)
			err := m.Err()
			if tt.limit == "" {
				if err != nil || interrupted || n != 1000 {
					t.Errorf("%d steps, interrupted %v, err %v; want all 1000", n, interrupted, err)
				}
				return
			}
			var be *Error
			if !interrupted || !errors.As(err, &be) || be.Limit != tt.limit || err.Error() != tt.msg || !errors.Is(err, ErrStopped) {
				t.Errorf("%d steps, interrupted %v, err %v; want %q", n, interrupted, err, tt.msg)
			}
		})
	}
}

func TestIterators(t *testing.T) {
	m := New(context.Background(), Limits{MaxIterators: 3})
	w := Wrap(graphOf(t, 10), m)
	defer func() {
		if _, ok := recover().(*goja.InterruptedError); !ok || m.Err() == nil {
			t.Errorf("building a 4th iterator: err %v", m.Err())
		}
	}()
	for range 4 {
		w.NodesAllIterator()
	}
}

func TestStopAndClose(t *testing.T) {
	m := New(context.Background(), Limits{})
	w := Wrap(graphOf(t, 100), m)
	it := w.QuadsAllIterator()
	if !it.Next(context.Background()) {
		t.Fatal("no quad")
	}
	m.Stop(ErrWriteWaiting)
	if _, interrupted := scan(func() graph.Iterator { return it }); !interrupted {
		t.Error("a stopped meter did not interrupt the next step")
	}
	if !errors.Is(m.Err(), ErrWriteWaiting) {
		t.Errorf("err %v", m.Err())
	}
	if err := m.Close(); err != nil {
		t.Error(err)
	}
	if err := it.Close(); err != nil {
		t.Errorf("closing again: %v", err)
	}
}

// A query may grow the heap by its bound, or by an eighth of the live heap
// at its start when that is more.
func TestMemoryBound(t *testing.T) {
	for _, tc := range []struct {
		limit int64
		live  uint64
		want  uint64
	}{
		{64 << 20, 0, 64 << 20},
		{64 << 20, 100 << 20, 64 << 20},
		{64 << 20, 512 << 20, 64 << 20},
		{64 << 20, 2700 << 20, 2700 << 20 / 8},
		{16 << 20, 256 << 20, 32 << 20},
	} {
		if got := MemoryBound(tc.limit, tc.live); got != tc.want {
			t.Errorf("MemoryBound(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.limit>>20, tc.live>>20, got>>20, tc.want>>20)
		}
	}
}

// The memory bound stops a query only when two collections in a row found
// the heap grown past it: one collection's count swings with what the
// process allocated while it marked.
func TestMemoryTwoCollections(t *testing.T) {
	const mib = 1 << 20
	type at struct{ live, cycle uint64 }
	for _, tc := range []struct {
		name    string
		samples []at
		stopped bool
	}{
		{"under the bound", []at{{150 * mib, 2}, {160 * mib, 3}, {163 * mib, 4}}, false},
		{"one collection past it, sampled often", []at{{300 * mib, 2}, {300 * mib, 2}, {300 * mib, 2}}, false},
		{"past it, then under, then past", []at{{300 * mib, 2}, {120 * mib, 3}, {300 * mib, 4}}, false},
		{"two collections in a row past it", []at{{300 * mib, 2}, {300 * mib, 2}, {310 * mib, 3}}, true},
		{"past it much later", []at{{110 * mib, 2}, {400 * mib, 9}, {420 * mib, 10}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New(context.Background(), Limits{MaxMemory: 64 * mib})
			next := 0
			m.sample = func() (uint64, uint64) { s := tc.samples[next]; next++; return s.live, s.cycle }
			m.heap0, m.bound = 100*mib, MemoryBound(64*mib, 100*mib)
			for range tc.samples {
				m.checkMemory()
			}
			if stopped := m.Err() != nil; stopped != tc.stopped {
				t.Errorf("stopped %v, want %v (%v)", stopped, tc.stopped, m.Err())
			}
		})
	}
}
