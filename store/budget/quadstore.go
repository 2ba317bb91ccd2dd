package budget

import (
	"context"
	"reflect"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
)

// QuadStore is a quad store whose iterators count their steps on a Meter.
type QuadStore struct {
	graph.QuadStore
	m *Meter
}

// Wrap returns qs metered by m: its leaf iterators count each step, and
// Cayley's shape optimiser counts each shape it visits as an iterator.
func Wrap(qs graph.QuadStore, m *Meter) *QuadStore {
	return &QuadStore{QuadStore: qs, m: m}
}

// QuadIterator returns the store's iterator, metered.
func (qs *QuadStore) QuadIterator(d quad.Direction, v graph.Ref) graph.Iterator {
	qs.m.built()
	return qs.wrap(qs.QuadStore.QuadIterator(d, v))
}

// NodesAllIterator returns the store's iterator, metered.
func (qs *QuadStore) NodesAllIterator() graph.Iterator {
	qs.m.built()
	return qs.wrap(qs.QuadStore.NodesAllIterator())
}

// QuadsAllIterator returns the store's iterator, metered.
func (qs *QuadStore) QuadsAllIterator() graph.Iterator {
	qs.m.built()
	return qs.wrap(qs.QuadStore.QuadsAllIterator())
}

// QuadIteratorSize checks the meter before asking the store.
func (qs *QuadStore) QuadIteratorSize(ctx context.Context, d quad.Direction, v graph.Ref) (graph.Size, error) {
	qs.m.Check()
	return qs.QuadStore.QuadIteratorSize(ctx, d, v)
}

// ValueOf counts a step: shapes resolve their nodes through it.
func (qs *QuadStore) ValueOf(v quad.Value) graph.Ref {
	qs.m.step()
	return qs.QuadStore.ValueOf(v)
}

// shapePkg is the package of Cayley's generic shapes.
var shapePkg = reflect.TypeOf(shape.AllNodes{}).PkgPath()

// OptimizeShape counts the shape, then hands it to the store's own
// optimiser, if it has one. The shapes that optimiser makes are built
// against the store itself (they would refuse a wrapper), so they are
// wrapped in turn; a result this cannot see through is not used.
func (qs *QuadStore) OptimizeShape(s shape.Shape) (shape.Shape, bool) {
	qs.m.built()
	o, ok := qs.QuadStore.(shape.Optimizer)
	if !ok {
		return s, false
	}
	ns, opt := o.OptimizeShape(s)
	if !opt {
		return s, false
	}
	ws, ok := qs.wrapShape(ns)
	if !ok {
		return s, false
	}
	return ws, true
}

// wrapShape wraps the store's own shapes within s, which the store's
// optimiser returned, in leafShape. It sees through the shapes Cayley's
// key-value and SQL optimisers return; false means s holds one of the
// store's shapes somewhere else.
func (qs *QuadStore) wrapShape(s shape.Shape) (shape.Shape, bool) {
	if _, ok := s.(leafShape); ok || s == nil {
		return s, true
	}
	if reflect.TypeOf(s).PkgPath() != shapePkg {
		return leafShape{inner: s, qs: qs}, true
	}
	switch s := s.(type) {
	case shape.NodesFrom:
		q, ok := qs.wrapShape(s.Quads)
		s.Quads = q
		return s, ok
	case shape.Intersect:
		out := make(shape.Intersect, len(s))
		for i, sub := range s {
			w, ok := qs.wrapShape(sub)
			if !ok {
				return s, false
			}
			out[i] = w
		}
		return out, true
	}
	foreign := false
	shape.Walk(s, func(sub shape.Shape) bool {
		if _, ok := sub.(leafShape); ok || sub == nil {
			return false
		}
		foreign = foreign || reflect.TypeOf(sub).PkgPath() != shapePkg
		return !foreign
	})
	return s, !foreign
}

// leafShape is a shape of the store's own, built against the store and
// metered.
type leafShape struct {
	inner shape.Shape
	qs    *QuadStore
}

// BuildIterator builds the inner shape on the wrapped store.
func (s leafShape) BuildIterator(graph.QuadStore) graph.Iterator {
	s.qs.m.built()
	return s.qs.wrap(s.inner.BuildIterator(s.qs.QuadStore))
}

// Optimize leaves the shape as it is: the store has optimised it.
func (s leafShape) Optimize(shape.Optimizer) (shape.Shape, bool) { return s, false }

// wrap meters it, unless it is empty.
func (qs *QuadStore) wrap(it graph.Iterator) graph.Iterator {
	if it == nil || iterator.IsNull(it) {
		return it
	}
	l := &leaf{Iterator: it, m: qs.m, qs: qs}
	qs.m.track(l)
	return l
}

// leaf is an iterator of the store that counts its steps.
type leaf struct {
	graph.Iterator
	m  *Meter
	qs *QuadStore

	once sync.Once
	err  error
}

func (it *leaf) Next(ctx context.Context) bool {
	it.m.step()
	return it.Iterator.Next(ctx)
}

func (it *leaf) NextPath(ctx context.Context) bool {
	it.m.step()
	return it.Iterator.NextPath(ctx)
}

func (it *leaf) Contains(ctx context.Context, v graph.Ref) bool {
	it.m.step()
	return it.Iterator.Contains(ctx, v)
}

func (it *leaf) Reset() {
	it.m.Check()
	it.Iterator.Reset()
}

// Optimize meters what the inner iterator becomes.
func (it *leaf) Optimize() (graph.Iterator, bool) {
	it.m.Check()
	n, ok := it.Iterator.Optimize()
	if !ok {
		return it, false
	}
	return it.qs.wrap(n), true
}

func (it *leaf) Close() error { return it.close() }

func (it *leaf) close() error {
	it.once.Do(func() { it.err = it.Iterator.Close() })
	return it.err
}

func (it *leaf) String() string { return "Metered(" + it.Iterator.String() + ")" }
