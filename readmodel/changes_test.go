package readmodel

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
)

// TestTouchesSound checks Touches against Unchanged over random writes
// (and UnchangedReads, the compact form, against Unchanged):
// whenever Touches clears a set of reads (no write since touched its
// deps), the reads are unchanged. It also checks that it clears some and
// not others, that the log's trimming, a snapshot load and a rebuild make
// it defer to Unchanged, and that an open set is never cleared.
func TestTouchesSound(t *testing.T) {
	for _, maxLog := range []int{maxChanges, 300} {
		t.Run(fmt.Sprint("log ", maxLog), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, uint64(maxLog)))
			g := randomGraph(5, 100)
			g.maxChanges = maxLog
			g.bucketsFrom = 6 // lists that keep stamps per bucket, and lists that do not
			type kept struct {
				gen   uint64
				reads []Read
				deps  Deps
			}
			var all []kept
			var cleared, touched, deferred int
			preds := []quad.IRI{kg.PredName, kg.PredAlias, kg.PredRelayed, kg.PredDate, kg.PredType}
			for step := range 400 {
				// Some reads, as an answer would take them.
				k := kept{gen: g.Gen()}
				for range 1 + rng.IntN(6) {
					n := quad.IRI(fmt.Sprint("kg:union:n", rng.IntN(40)))
					switch rng.IntN(6) {
					case 0:
						k.reads = append(k.reads, g.ReadOf(n))
					case 1:
						k.reads = append(k.reads, g.ReadOf(quad.IRI(fmt.Sprint("kg:article:", rng.IntN(60)))))
					case 2:
						k.reads = append(k.reads, g.ReadDistinctOf(quad.IRI(fmt.Sprint("kg:congress:c", rng.IntN(5))), quad.Object, kg.PredRelayed))
					case 3:
						k.reads = append(k.reads, g.ReadBucketOf(quad.IRI(fmt.Sprint("kg:congress:c", rng.IntN(5))), quad.Object, kg.PredRelayed, rng.IntN(LabelBuckets)))
					case 4:
						k.reads = append(k.reads, g.ReadBucketOf(n, quad.Subject, preds[rng.IntN(len(preds))], rng.IntN(LabelBuckets)))
					default:
						k.reads = append(k.reads, g.ReadDistinctOf(n, quad.Subject, preds[rng.IntN(len(preds))]))
					}
				}
				k.deps = DepsOf(Keep(k.reads))
				all = append(all, k)
				switch {
				case step == 200:
					var buf bytes.Buffer
					if err := g.Encode(&buf); err != nil {
						t.Fatal(err)
					}
					if err := g.Load(context.Background(), &buf); err != nil {
						t.Fatal(err)
					}
					g.MarkReady()
				default:
					randomWrite(g, rng, step)
				}
				for i, k := range all {
					if a, b := g.Unchanged(k.reads), g.UnchangedReads(Keep(k.reads)); a != b {
						t.Fatalf("step %d, set %d: Unchanged %v, UnchangedReads %v", step, i, a, b)
					}
					hit, ok := g.Touches(k.deps, k.gen)
					if i%2 == 1 { // the whole log since, however long
						hit, ok = g.touches(k.deps, k.gen, -1)
					}
					switch {
					case !ok:
						deferred++
					case hit:
						touched++
					default:
						cleared++
						if !g.Unchanged(k.reads) || !g.UnchangedReads(Keep(k.reads)) {
							t.Fatalf("step %d, set %d (from gen %d): Touches cleared reads that changed", step, i, k.gen)
						}
					}
				}
			}
			if cleared == 0 || touched == 0 || deferred == 0 {
				t.Errorf("cleared %d, touched %d, deferred %d: want some of each", cleared, touched, deferred)
			}
			t.Logf("cleared %d, touched %d, deferred %d", cleared, touched, deferred)
			if hit, ok := g.Touches(OpenDeps(), g.Gen()); ok || !hit {
				t.Error("an open set was cleared")
			}
		})
	}
}

// A read of a bucket of a list holds only while the bucket's quads are
// the same (BucketRows), through random writes and a load, on lists that
// keep stamps per bucket and lists that do not; and a write to one bucket
// of a long list leaves the others' reads holding.
func TestBucketStamps(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	g := randomGraph(7, 100)
	g.bucketsFrom = 10
	type kept struct {
		read Read
		rows string
		v    quad.Value
		dir  quad.Direction
		p    quad.IRI
		b    int
	}
	rowsOf := func(v quad.Value, dir quad.Direction, p quad.IRI, b int) string {
		var out []string
		for _, r := range g.BucketRows(ctx, dir, v, p, b, quad.Subject, quad.Object, quad.Label) {
			if LabelBucket(r[2]) != b {
				t.Fatalf("BucketRows(%v, %d) gave a quad of bucket %d", v, b, LabelBucket(r[2]))
			}
			out = append(out, fmt.Sprint(r))
		}
		return fmt.Sprint(out)
	}
	var all []kept
	held, kept0 := 0, 0
	for step := range 300 {
		for range 3 {
			k := kept{v: quad.IRI(fmt.Sprint("kg:congress:c", rng.IntN(5))), dir: quad.Object, p: kg.PredRelayed, b: rng.IntN(LabelBuckets)}
			if rng.IntN(2) == 0 {
				k.v, k.dir, k.p = quad.IRI(fmt.Sprint("kg:union:n", rng.IntN(40))), quad.Subject, kg.PredName
			}
			k.read, k.rows = g.ReadBucketOf(k.v, k.dir, k.p, k.b), rowsOf(k.v, k.dir, k.p, k.b)
			all = append(all, k)
		}
		if step == 150 {
			var buf bytes.Buffer
			if err := g.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			if err := g.Load(ctx, &buf); err != nil {
				t.Fatal(err)
			}
		} else {
			randomWrite(g, rng, step)
		}
		for i, k := range all {
			if !g.Unchanged([]Read{k.read}) {
				continue
			}
			held++
			if got := rowsOf(k.v, k.dir, k.p, k.b); got != k.rows {
				t.Fatalf("step %d, read %d (%v bucket %d): held, but its quads changed:\n%s\n%s", step, i, k.v, k.b, k.rows, got)
			}
			if k.dir == quad.Object {
				kept0++
			}
		}
	}
	if kept0 == 0 {
		t.Errorf("no read of a bucket of a long list held across a write (%d held in all)", held)
	}
}

// DepsOf's merge of sorted sets is their union, sorted, whatever their
// number and overlap.
func TestDepsOfUnion(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, tc := range []struct{ parts, size, span int }{
		{0, 0, 10}, {1, 5, 10}, {2, 50, 60}, {3, 1000, 100000}, {16, 2000, 30000}, {2000, 10, 5000},
	} {
		var reads []stamped
		want := map[uint64]bool{}
		for range rng.IntN(20) {
			dep := uint64(rng.IntN(tc.span+1)) << 32
			reads = append(reads, stamped{dep: dep, stamp: 1})
			want[dep] = true
		}
		var parts []Deps
		for range tc.parts {
			var ids []uint64
			for range rng.IntN(tc.size + 1) {
				ids = append(ids, uint64(rng.IntN(tc.span+1))<<32)
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			for _, id := range ids {
				want[id] = true
			}
			parts = append(parts, Deps{ids: ids})
		}
		got := DepsOf(Reads{kept: reads}, parts...)
		wantIDs := slices.Sorted(maps.Keys(want))
		if !slices.Equal(got.ids, wantIDs) && (len(got.ids) > 0 || len(wantIDs) > 0) {
			t.Errorf("%+v: %d deps, want %d", tc, len(got.ids), len(wantIDs))
		}
		if got.open {
			t.Errorf("%+v: open", tc)
		}
	}
	if !DepsOf(Reads{}, Deps{ids: []uint64{1}}, OpenDeps()).open {
		t.Error("a part's open deps are not open")
	}
}
