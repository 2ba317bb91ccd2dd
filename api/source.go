package api

import (
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

// quadSource is where a reader reads the graph from.
type quadSource interface {
	rows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, max int, dirs ...quad.Direction) [][]quad.Value
	subjects(ctx context.Context, o quad.Value, p quad.IRI) []quad.Value
	count(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) int
	size(ctx context.Context) (graph.Stats, error)
	// least returns the least object of the quads (s, p, ?) in N-Quads
	// order, or nil.
	least(ctx context.Context, s quad.Value, p quad.IRI) quad.Value
	// leastOf is least for each of vs.
	leastOf(ctx context.Context, vs []quad.Value, p quad.IRI) []quad.Value
	// read returns v with the read model's stamp of it
	// (readmodel.Graph.ReadOf); the store has none (0).
	read(v quad.Value) readmodel.Read
	// readDistinct returns the read model's stamp of the distinct values
	// at the other end of v's quads with predicate p, v in direction dir
	// (readmodel.Graph.ReadDistinctOf); the store has none (0).
	readDistinct(v quad.Value, dir quad.Direction, p quad.IRI) readmodel.Read
	// bucketRows is rows of the quads of v's list with predicate p, v in
	// direction dir, labelled in one bucket (readmodel.LabelBucket).
	bucketRows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, bucket int, dirs ...quad.Direction) [][]quad.Value
	// readBucket returns the read model's stamp of those quads
	// (readmodel.Graph.ReadBucketOf); the store has none (0).
	readBucket(v quad.Value, dir quad.Direction, p quad.IRI, bucket int) readmodel.Read
	// ordered reports whether rows lists a subject's or an object's quads
	// in the order of readmodel.Less.
	ordered() bool
}

// source returns the read model when it is built (after waiting for a load
// from its snapshot, if one runs), else the store.
func (s *Server) source(ctx context.Context) quadSource {
	m := s.st.ReadModel()
	if m != nil && !s.storeOnly {
		// A load from a snapshot takes seconds; reading the store instead
		// could take minutes.
		m.WaitLoad(ctx)
	}
	if m != nil && !s.storeOnly && m.Ready() {
		return modelSource{g: m, store: s.storeSource()}
	}
	return s.storeSource()
}

func (s *Server) storeSource() *storeSource { return &storeSource{view: s.st.View} }

// modelSource reads the read model; the texts of articles, which it does
// not keep, come from the store.
type modelSource struct {
	g     *readmodel.Graph
	store *storeSource
}

func (m modelSource) rows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, max int, dirs ...quad.Direction) [][]quad.Value {
	if p == kg.PredText {
		return m.store.rows(ctx, dir, v, p, max, dirs...)
	}
	out := m.g.Rows(ctx, dir, v, p, max, dirs...)
	if dir == quad.Label && p == "" && (max < 0 || len(out) < max) {
		// An article's own quads: its text too.
		if iri, ok := v.(quad.IRI); ok {
			if _, ok := kg.ArticleID(iri); ok {
				for _, row := range m.store.rows(ctx, quad.Subject, iri, kg.PredText, -1, append(dirs, quad.Label)...) {
					if l := row[len(dirs)]; l != nil && l.String() == v.String() {
						out = append(out, row[:len(dirs)])
					}
				}
			}
		}
	}
	return out
}

func (modelSource) ordered() bool { return true }

func (m modelSource) read(v quad.Value) readmodel.Read { return m.g.ReadOf(v) }

func (m modelSource) readDistinct(v quad.Value, dir quad.Direction, p quad.IRI) readmodel.Read {
	return m.g.ReadDistinctOf(v, dir, p)
}

func (m modelSource) bucketRows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, bucket int, dirs ...quad.Direction) [][]quad.Value {
	return m.g.BucketRows(ctx, dir, v, p, bucket, dirs...)
}

func (m modelSource) readBucket(v quad.Value, dir quad.Direction, p quad.IRI, bucket int) readmodel.Read {
	return m.g.ReadBucketOf(v, dir, p, bucket)
}

func (m modelSource) least(ctx context.Context, s quad.Value, p quad.IRI) quad.Value {
	if ctx.Err() != nil {
		return nil
	}
	return m.g.Least(s, p)
}

func (m modelSource) leastOf(ctx context.Context, vs []quad.Value, p quad.IRI) []quad.Value {
	if ctx.Err() != nil {
		return make([]quad.Value, len(vs))
	}
	return m.g.LeastOf(vs, p)
}

func (m modelSource) subjects(ctx context.Context, o quad.Value, p quad.IRI) []quad.Value {
	return m.g.Distinct(ctx, quad.Object, o, p, quad.Subject)
}

func (m modelSource) count(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) int {
	return m.g.Count(ctx, dir, v, p, other)
}

func (m modelSource) size(ctx context.Context) (graph.Stats, error) {
	n, q := m.g.Size()
	return graph.Stats{Nodes: graph.Size{Size: n, Exact: true}, Quads: graph.Size{Size: q, Exact: true}}, ctx.Err()
}

// storeSource reads the quad store.
//
// It reads in short steps, each under the store's read lock of its own
// (view), not in one long view: an answer on the 100,000-article graph can
// read for a minute, and writes wait for the lock, so one long view would
// hold every write back that long and, as Go's read/write lock queues new
// readers behind a waiting writer, every other read too. An answer may so
// see a write that landed between two of its steps; a node deleted
// meanwhile reads as absent.
type storeSource struct {
	view func(func(graph.QuadStore) error) error
}

func (*storeSource) ordered() bool { return false }

func (*storeSource) read(v quad.Value) readmodel.Read { return readmodel.Read{V: v} }

func (*storeSource) readDistinct(v quad.Value, _ quad.Direction, _ quad.IRI) readmodel.Read {
	return readmodel.Read{V: v}
}

// least reads the distinct objects' references of (s, p) first, and the
// values of those alone: a hub's name is stated under every article, one
// value a hundred thousand times.
func (r *storeSource) least(ctx context.Context, s quad.Value, p quad.IRI) quad.Value {
	if ctx.Err() != nil || s == nil {
		return nil
	}
	refs := r.distinct(ctx, quad.Subject, s, p, quad.Object)
	var least quad.Value
	for i := 0; i < len(refs) && ctx.Err() == nil; i += 2048 {
		var vals []quad.Value
		r.step(func(qs graph.QuadStore) { vals, _ = graph.ValuesOf(ctx, qs, refs[i:min(i+2048, len(refs))]) })
		for _, v := range vals {
			if v != nil && (least == nil || v.String() < least.String()) {
				least = v
			}
		}
	}
	return least
}

func (r *storeSource) bucketRows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, bucket int, dirs ...quad.Direction) [][]quad.Value {
	var out [][]quad.Value
	for _, row := range r.rows(ctx, dir, v, p, -1, append(slices.Clone(dirs), quad.Label)...) {
		if readmodel.LabelBucket(row[len(dirs)]) == bucket {
			out = append(out, row[:len(dirs)])
		}
	}
	return out
}

func (*storeSource) readBucket(v quad.Value, _ quad.Direction, _ quad.IRI, _ int) readmodel.Read {
	return readmodel.Read{V: v}
}

func (r *storeSource) leastOf(ctx context.Context, vs []quad.Value, p quad.IRI) []quad.Value {
	out := make([]quad.Value, len(vs))
	for i, v := range vs {
		out[i] = r.least(ctx, v, p)
	}
	return out
}

// step runs fn under the store's read lock.
func (r *storeSource) step(fn func(qs graph.QuadStore)) {
	_ = r.view(func(qs graph.QuadStore) error {
		fn(qs)
		return nil
	})
}

// rows returns, for each of the quads with v in direction dir (and
// predicate p, when given), at most max of them (max < 0: all), the values
// in directions dirs.
//
// It reads the quads' references first, in one step, and closes the
// iterator before it looks their values up, in batches of a step each. On
// bolt the iterator holds a read transaction, and each lookup opens one
// more: a second read transaction in the same goroutine deadlocks against
// a write that has to grow the file, as bolt's remap waits for the first to
// end and the second waits for the remap (a server hung so, every read and
// write, in a load test on the 100,000-article graph). Batches also cost
// one transaction per few thousand values instead of one per value, and a
// write waits for one batch at most.
func (r *storeSource) rows(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, max int, dirs ...quad.Direction) [][]quad.Value {
	if ctx.Err() != nil || v == nil {
		return nil
	}
	var refs []graph.Ref
	r.step(func(qs graph.QuadStore) {
		it := quadsOf(qs, dir, v, p)
		if it == nil {
			return
		}
		defer it.Close()
		for n := 0; n != max && it.Next(ctx); n++ {
			for _, d := range dirs {
				refs = append(refs, qs.QuadDirection(it.Result(), d))
			}
		}
	})
	var out [][]quad.Value
	batch := len(dirs) * 2048
	for i := 0; i < len(refs) && ctx.Err() == nil; i += batch {
		var vals []quad.Value
		r.step(func(qs graph.QuadStore) {
			vals, _ = graph.ValuesOf(ctx, qs, refs[i:min(i+batch, len(refs))])
		})
		if len(vals) == 0 {
			break
		}
		for j := 0; j+len(dirs) <= len(vals); j += len(dirs) {
			out = append(out, vals[j:j+len(dirs)])
		}
	}
	return out
}

// subjects returns the distinct subjects of the quads (?, p, o), reading
// each value once: a hub's name is stated again under every article.
func (r *storeSource) subjects(ctx context.Context, o quad.Value, p quad.IRI) []quad.Value {
	if ctx.Err() != nil || o == nil {
		return nil
	}
	refs := r.distinct(ctx, quad.Object, o, p, quad.Subject)
	var vals []quad.Value
	if len(refs) > 0 {
		r.step(func(qs graph.QuadStore) { vals, _ = graph.ValuesOf(ctx, qs, refs) })
	}
	return vals
}

// distinct returns the distinct references in direction other of the
// quads with v in direction dir and predicate p, in one read step.
func (r *storeSource) distinct(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) []graph.Ref {
	var refs []graph.Ref
	seen := map[any]bool{}
	r.step(func(qs graph.QuadStore) {
		it := quadsOf(qs, dir, v, p)
		if it == nil {
			return
		}
		defer it.Close()
		for it.Next(ctx) {
			ref := qs.QuadDirection(it.Result(), other)
			if k := graph.ToKey(ref); k != nil && !seen[k] {
				seen[k] = true
				refs = append(refs, ref)
			}
		}
	})
	return refs
}

// count returns the number of distinct nodes at direction other of the
// quads with v in direction dir and predicate p, without reading their
// values.
func (r *storeSource) count(ctx context.Context, dir quad.Direction, v quad.Value, p quad.IRI, other quad.Direction) int {
	return len(r.distinct(ctx, dir, v, p, other))
}

// stats returns the backend's node and quad counts, exact or estimated.
func (r *storeSource) stats(ctx context.Context, exact bool) (graph.Stats, error) {
	var st graph.Stats
	err := r.view(func(qs graph.QuadStore) error {
		var err error
		st, err = qs.Stats(ctx, exact)
		return err
	})
	return st, err
}

// nodeStep is how many nodes countNodes counts in one read step.
const nodeStep = 20000

// size returns the exact node and quad counts. Cayley's own exact count
// on bolt reads every node and quad record (25 million on the
// 100,000-article graph, most of a minute) in one go, and under the read
// lock that would hold every write back as long; its iterator reads
// records in small transactions of their own, so here it runs in steps,
// and writes land between them. The count is then the count at no single
// moment, off by what the writes during it changed.
func (r *storeSource) size(ctx context.Context) (graph.Stats, error) {
	kvStore := false
	r.step(func(qs graph.QuadStore) {
		_, kvStore = graph.Unwrap(qs).(*kv.QuadStore)
	})
	if !kvStore {
		return r.stats(ctx, true) // one query on SQL; small stores in memory
	}
	st, err := r.stats(ctx, false) // kv keeps the number of quads
	if err != nil {
		return st, err
	}
	var it graph.Iterator
	var n int64
	done := false
	defer func() {
		if it != nil {
			it.Close()
		}
	}()
	for !done && ctx.Err() == nil {
		r.step(func(qs graph.QuadStore) {
			if it == nil {
				it = qs.NodesAllIterator()
			}
			for i := 0; i < nodeStep; i++ {
				if !it.Next(ctx) {
					done = true
					return
				}
				n++
			}
		})
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if err := it.Err(); err != nil {
		return st, fmt.Errorf("count nodes: %w", err)
	}
	st.Nodes = graph.Size{Size: n, Exact: true}
	return st, nil
}
