package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestRewriteWritesDifference checks that a rewrite writes only the quads
// that changed, and that the article then holds exactly its new quads.
func TestRewriteWritesDifference(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			b := article("b", "h1", 3)
			if _, err := st.Put(ctx, []Article{article("a", "h1", 4), b}); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				next           Article
				added, removed int
			}{
				// The hash, and the facts of a fifth union and meeting.
				{article("a", "h2", 5), 1 + 3, 1},
				// The hash, and the facts of the last three unions and
				// meetings.
				{article("a", "h3", 2), 1, 1 + 3*3},
				// Only the hash.
				{article("a", "h4", 2), 1, 1},
			} {
				res, err := st.Put(ctx, []Article{c.next})
				if err != nil {
					t.Fatal(err)
				}
				if res.Outcomes[0] != Updated || res.Added != c.added || res.Removed != c.removed {
					t.Errorf("rewrite to %s: %v, %d added, %d removed; want updated, %d and %d",
						c.next.Hash, res.Outcomes[0], res.Added, res.Removed, c.added, c.removed)
				}
				want := quadsOf(t, openMemoryWith(t, c.next), "a")
				if got := quadsOf(t, st, "a"); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("after the rewrite to %s a holds\n%v\nwant\n%v", c.next.Hash, got, want)
				}
				if n, want := countQuads(t, st), len(want)+len(b.Quads); n != want {
					t.Fatalf("after the rewrite to %s the store holds %d quads, want %d (no marker left)", c.next.Hash, n, want)
				}
			}
			// Nodes the rewrites dropped are gone.
			if hasNode(t, st, quad.IRI("kg:meeting:a:4")) {
				t.Error("a meeting the rewrite dropped is still a node")
			}
		})
	}
}

// crash is what betweenRewrites panics with to stop a Put where a crash
// would.
type crash struct{}

// putCrashing runs a Put that stops between the two transactions of a
// rewrite, as a process killed there would.
func putCrashing(t *testing.T, st *Store, arts ...Article) {
	t.Helper()
	st.betweenRewrites = func() error { panic(crash{}) }
	defer func() {
		st.betweenRewrites = nil
		if r := recover(); r == nil {
			t.Fatal("the rewrite did not reach its second transaction")
		} else if _, ok := r.(crash); !ok {
			panic(r)
		}
	}()
	st.Put(context.Background(), arts)
}

// TestRewriteInterrupted stops a rewrite between its transactions and
// checks that the store, opened again for writing, no longer holds the
// half-written article (and nothing else changed), that a read-only open
// changes nothing, and that the read model loaded from a snapshot agrees.
func TestRewriteInterrupted(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	st := openModel(t, dir, false)
	a, b := article("a", "h1", 4), article("b", "h1", 3)
	if _, err := st.Put(ctx, []Article{a, b}); err != nil {
		t.Fatal(err)
	}
	if err := st.BuildReadModel(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveReadModel(ctx); err != nil {
		t.Fatal(err)
	}
	bQuads := quadsOf(t, st, "b")
	// A batch: a rewritten, c new.
	putCrashing(t, st, article("a", "h2", 5), article("c", "h1", 2))
	if marks, err := st.interrupted(ctx); err != nil || len(marks) != 1 {
		t.Fatalf("markers after the crash: %v, %v; want one", marks, err)
	}
	st.Close()

	ro := openModel(t, dir, true)
	if marks, err := ro.interrupted(ctx); err != nil || len(marks) != 1 {
		t.Fatalf("a read-only open: markers %v, %v; want the one left, unchanged", marks, err)
	}
	ro.Close()

	st = openModel(t, dir, false)
	defer st.Close()
	if marks, err := st.interrupted(ctx); err != nil || len(marks) != 0 {
		t.Fatalf("markers after a writable open: %v, %v; want none", marks, err)
	}
	if got := quadsOf(t, st, "a"); got != nil {
		t.Fatalf("the half-rewritten article is still there:\n%v", got)
	}
	if got := quadsOf(t, st, "c"); got != nil {
		t.Fatalf("the new article of the interrupted batch is there:\n%v", got)
	}
	if got := quadsOf(t, st, "b"); fmt.Sprint(got) != fmt.Sprint(bQuads) {
		t.Fatalf("b changed:\n%v\nwant\n%v", got, bQuads)
	}
	if hasNode(t, st, quad.IRI("kg:meeting:a:0")) {
		t.Error("a node only the removed article named is still there")
	}
	if n := countQuads(t, st); n != len(b.Quads) {
		t.Fatalf("store holds %d quads, want b's %d", n, len(b.Quads))
	}
	loaded, err := st.LoadReadModel(ctx)
	if err != nil || !loaded {
		t.Fatalf("LoadReadModel = %v, %v", loaded, err)
	}
	if got, want := st.ReadModel().Fingerprint(), rebuiltFingerprint(t, st); got != want {
		t.Fatal("the model loaded from the snapshot and its journal differs from one built from the quads")
	}
	// The next ingest adds it again.
	res, err := st.Put(ctx, []Article{article("a", "h2", 5)})
	if err != nil || res.Outcomes[0] != Added {
		t.Fatalf("ingest after the repair: %+v, %v; want added", res, err)
	}
}

// TestRewriteFailed fails the second transaction of a rewrite and checks
// that the half-written article is removed at once, not left for readers
// until the store is opened again.
func TestRewriteFailed(t *testing.T) {
	ctx := context.Background()
	st := openT(t, filepath.Join(t.TempDir(), "db"))
	b := article("b", "h1", 3)
	if _, err := st.Put(ctx, []Article{article("a", "h1", 4), b}); err != nil {
		t.Fatal(err)
	}
	bQuads := quadsOf(t, st, "b")
	failure := errors.New("no room")
	st.betweenRewrites = func() error { return failure }
	if _, err := st.Put(ctx, []Article{article("a", "h2", 5)}); !errors.Is(err, failure) {
		t.Fatalf("Put = %v, want the second transaction's error", err)
	}
	if got := quadsOf(t, st, "a"); got != nil {
		t.Fatalf("the half-rewritten article is still there:\n%v", got)
	}
	if marks, err := st.interrupted(ctx); err != nil || len(marks) != 0 {
		t.Fatalf("markers: %v, %v; want none", marks, err)
	}
	if got := quadsOf(t, st, "b"); fmt.Sprint(got) != fmt.Sprint(bQuads) {
		t.Fatal("b changed")
	}
	if err := st.Writable(); !errors.Is(err, ErrWritesSuspended) {
		t.Fatalf("Writable after a failed write = %v, want ErrWritesSuspended", err)
	}
}
