package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/readmodel"
)

func openModel(t *testing.T, dir string, readOnly bool) *Store {
	t.Helper()
	st, err := Open(context.Background(), dir, Options{ReadModel: true, ReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// snapshotBackends are the backends that keep a snapshot, each a function
// giving the DSN of an empty store: bolt in a new directory, and
// PostgreSQL when KG_TEST_POSTGRES names a server (emptied, its snapshot
// and journal dropped).
func snapshotBackends(t *testing.T) map[string]func(t *testing.T) string {
	t.Helper()
	m := map[string]func(t *testing.T) string{
		"bolt": func(t *testing.T) string { return filepath.Join(t.TempDir(), "db") },
	}
	if dsn := os.Getenv("KG_TEST_POSTGRES"); dsn != "" {
		m["postgres"] = func(t *testing.T) string {
			st, err := Open(context.Background(), dsn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clearStore(t, st)
			_, err = st.keeper.(*pgKeeper).db.Exec(`DROP TABLE IF EXISTS kg_readmodel_snapshot, kg_readmodel_journal;
DROP SEQUENCE IF EXISTS kg_readmodel_journal_seq`)
			if err != nil {
				t.Fatal(err)
			}
			return dsn
		}
	}
	return m
}

// pgExec runs statements on the PostgreSQL database of a store.
func pgExec(t *testing.T, st *Store, query string, args ...any) {
	t.Helper()
	if _, err := st.keeper.(*pgKeeper).db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

// rebuiltFingerprint is the fingerprint of a model built afresh from the
// store's quads.
func rebuiltFingerprint(t *testing.T, st *Store) [32]byte {
	t.Helper()
	saved := st.model
	st.model = readmodel.New()
	defer func() { st.model = saved }()
	if err := st.BuildReadModel(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return st.model.Fingerprint()
}

// randomWrites makes n writes: new articles, replacements and deletes.
func randomWrites(t *testing.T, st *Store, rng *rand.Rand, n, ids, version int) {
	t.Helper()
	ctx := context.Background()
	for v := range n {
		i := rng.IntN(ids)
		if rng.IntN(4) == 0 {
			if _, err := st.Delete(ctx, fmt.Sprint("a", i)); err != nil && !isNotFound(err) {
				t.Fatal(err)
			}
			continue
		}
		if _, err := st.Put(ctx, []Article{modelArticle(rng, i, version+v)}); err != nil {
			t.Fatal(err)
		}
	}
}

// savedStore opens the store dir names with n articles, checks that it has
// no snapshot to load yet, builds its read model and saves the snapshot.
func savedStore(t *testing.T, dir string, n int, seed uint64) *Store {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, seed))
	st := openModel(t, dir, false)
	if k, ok := st.keeper.(*pgKeeper); ok {
		k.part = 4096 // a snapshot in many rows
	}
	var arts []Article
	for i := range n {
		arts = append(arts, modelArticle(rng, i, 0))
	}
	if _, err := st.Put(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if loaded, err := st.LoadReadModel(ctx); err != nil || loaded {
		t.Fatalf("no snapshot yet: loaded %v, err %v", loaded, err)
	}
	if err := st.BuildReadModel(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveReadModel(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// A model loaded from its snapshot, with the articles written since
// re-read from the journal, equals one built from the quads: after a
// clean save, and after writes the process never saved (as after kill -9),
// read-only too.
func TestReadModelSnapshot(t *testing.T) {
	ctx := context.Background()
	for name, fresh := range snapshotBackends(t) {
		t.Run(name, func(t *testing.T) {
			dir := fresh(t)
			rng := rand.New(rand.NewPCG(8, 9))
			st := savedStore(t, dir, 400, 8)
			if st.ReadModelChanged() {
				t.Error("changed right after a save")
			}
			randomWrites(t, st, rng, 30, 420, 1)
			if !st.ReadModelChanged() {
				t.Error("not changed after writes")
			}
			maintained := st.model.Fingerprint()
			st.Close() // without saving: the journal holds the writes

			for round := range 3 {
				st = openModel(t, dir, round == 2)
				loaded, err := st.LoadReadModel(ctx)
				if err != nil || !loaded {
					t.Fatalf("round %d: loaded %v, err %v", round, loaded, err)
				}
				if !st.model.Ready() {
					t.Fatal("loaded but not ready")
				}
				got := st.model.Fingerprint()
				if got != maintained {
					t.Fatalf("round %d: the loaded model differs from the one maintained write by write", round)
				}
				if want := rebuiltFingerprint(t, st); got != want {
					t.Fatalf("round %d: the loaded model differs from one built from the quads", round)
				}
				if round < 2 {
					randomWrites(t, st, rng, 20, 420, 100*(round+1))
					maintained = st.model.Fingerprint()
				}
				if round == 1 {
					if err := st.SaveReadModel(ctx); err != nil {
						t.Fatal(err)
					}
					if labels, _, err := st.journalled(ctx, 0); err != nil || len(labels) != 0 {
						t.Errorf("journal after a save: %d entries, err %v", len(labels), err)
					}
				}
				if round == 2 {
					if err := st.SaveReadModel(ctx); err == nil {
						t.Error("a read-only store saved a snapshot")
					}
				}
				st.Close()
			}
		})
	}
}

// A snapshot that cannot be used is reported as not loaded, and the model
// is then built from the quads: damaged, of a store written since by a
// tool that keeps no journal, or with most articles written since.
func TestReadModelSnapshotNotUsed(t *testing.T) {
	ctx := context.Background()
	for backend, fresh := range snapshotBackends(t) {
		// spoil changes the snapshot's bytes: flips the one at the middle,
		// or cuts them to their first 20.
		spoil := func(t *testing.T, dir string, st *Store, cut bool) {
			if backend == "postgres" {
				if cut {
					pgExec(t, st, `DELETE FROM kg_readmodel_snapshot WHERE part > 0`)
					pgExec(t, st, `UPDATE kg_readmodel_snapshot SET data = substring(data from 1 for 20)`)
				} else {
					pgExec(t, st, `UPDATE kg_readmodel_snapshot SET data = set_byte(data, length(data)/2, get_byte(data, length(data)/2) # 1) WHERE part = 0`)
				}
				st.Close()
				return
			}
			st.Close()
			path := filepath.Join(dir, snapshotName)
			if cut {
				if err := os.Truncate(path, 20); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 1
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cases := map[string]func(t *testing.T, dir string, st *Store){
			"damaged":   func(t *testing.T, dir string, st *Store) { spoil(t, dir, st, false) },
			"truncated": func(t *testing.T, dir string, st *Store) { spoil(t, dir, st, true) },
			"written by another tool": func(t *testing.T, dir string, st *Store) {
				// Straight into Cayley, as its loader would: no journal.
				q := quad.Make(quad.IRI("kg:union:x"), quad.IRI("kg:name"), quad.String("外来"), quad.IRI("kg:article:other"))
				if err := st.qs.ApplyDeltas([]graph.Delta{{Quad: q, Action: graph.Add}}, graph.IgnoreOpts{}); err != nil {
					t.Fatal(err)
				}
				st.Close()
			},
			"most articles written since": func(t *testing.T, dir string, st *Store) {
				rng := rand.New(rand.NewPCG(2, 2))
				var arts []Article
				for i := range 150 {
					arts = append(arts, modelArticle(rng, i, 1))
				}
				if _, err := st.Put(ctx, arts); err != nil {
					t.Fatal(err)
				}
				st.Close()
			},
		}
		for name, spoil := range cases {
			t.Run(backend+"/"+name, func(t *testing.T) {
				dir := fresh(t)
				st := savedStore(t, dir, 200, 1)
				spoil(t, dir, st)
				st = openModel(t, dir, false)
				defer st.Close()
				loaded, err := st.LoadReadModel(ctx)
				if err != nil || loaded {
					t.Fatalf("loaded %v, err %v; want not loaded", loaded, err)
				}
				if n, _ := st.model.Size(); n != 0 || st.model.Ready() {
					t.Fatal("a snapshot not used left the model filled or ready")
				}
				if err := st.BuildReadModel(ctx, nil); err != nil {
					t.Fatal(err)
				}
				if err := st.SaveReadModel(ctx); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// Writes that land while a snapshot is decoded are in the model once it
// is loaded.
func TestLoadReadModelDuringWrites(t *testing.T) {
	ctx := context.Background()
	for name, fresh := range snapshotBackends(t) {
		t.Run(name, func(t *testing.T) {
			dir := fresh(t)
			st := savedStore(t, dir, 3000, 4)
			st.Close()
			st = openModel(t, dir, false)
			defer st.Close()
			done := make(chan struct{})
			go func() {
				defer close(done)
				randomWrites(t, st, rand.New(rand.NewPCG(5, 5)), 60, 3100, 1)
			}()
			loaded, err := st.LoadReadModel(ctx)
			<-done
			if err != nil || !loaded {
				t.Fatalf("loaded %v, err %v", loaded, err)
			}
			if got, want := st.model.Fingerprint(), rebuiltFingerprint(t, st); got != want {
				t.Fatal("the loaded model lost writes made while it was decoded")
			}
		})
	}
}

// The memory store keeps no snapshot.
func TestSaveReadModelMemory(t *testing.T) {
	st, err := Open(context.Background(), "memory", Options{ReadModel: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SaveReadModel(context.Background()); !errors.Is(err, ErrNoSnapshot) {
		t.Errorf("err %v, want ErrNoSnapshot", err)
	}
	if loaded, err := st.LoadReadModel(context.Background()); loaded || err != nil {
		t.Errorf("loaded %v, err %v", loaded, err)
	}
}

// A store never written has a snapshot too (of nothing), which loads.
func TestReadModelSnapshotEmptyStore(t *testing.T) {
	ctx := context.Background()
	for name, fresh := range snapshotBackends(t) {
		t.Run(name, func(t *testing.T) {
			dir := fresh(t)
			st := openModel(t, dir, false)
			if err := st.BuildReadModel(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if err := st.SaveReadModel(ctx); err != nil {
				t.Fatal(err)
			}
			st.Close()
			st = openModel(t, dir, false)
			defer st.Close()
			if loaded, err := st.LoadReadModel(ctx); err != nil || !loaded {
				t.Fatalf("loaded %v, err %v", loaded, err)
			}
		})
	}
}
