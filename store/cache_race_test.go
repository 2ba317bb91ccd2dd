package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
)

// TestReadsDuringReplacements replaces one article over and over while
// readers look its nodes up: every replacement must be reported as one and
// leave the new hash. Without the read/write lock, Cayley's node-ID cache
// let a reader bring back the ID of a node a write had just deleted, and
// from the second replacement on the store kept the old hash.
func TestReadsDuringReplacements(t *testing.T) {
	ctx := context.Background()
	st := openT(t, filepath.Join(t.TempDir(), "db"))
	art := kggraph.ArticleIRI("A")
	mk := func(i int) Article {
		ev := quad.IRI(fmt.Sprintf("kg:ev:A:%d", i%3))
		return Article{ID: "A", Hash: fmt.Sprint("h", i), Quads: []quad.Quad{
			{Subject: art, Predicate: kggraph.PredType, Object: kggraph.TypeArticle},
			{Subject: art, Predicate: kggraph.PredHash, Object: quad.String(fmt.Sprint("h", i))},
			{Subject: art, Predicate: kggraph.PredText, Object: quad.String(fmt.Sprint("text ", i))},
			{Subject: ev, Predicate: kggraph.PredType, Object: kggraph.TypeEvidence},
			{Subject: ev, Predicate: kggraph.PredSubject, Object: quad.IRI("kg:union:X")},
		}}
	}
	if _, err := st.Put(ctx, []Article{mk(0)}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_ = st.View(func(qs graph.QuadStore) error {
					qs.ValueOf(art)
					qs.ValueOf(quad.IRI("kg:ev:A:1"))
					return nil
				})
			}
		}()
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	n := 500
	if testing.Short() {
		n = 100
	}
	for i := 1; i <= n; i++ {
		res, err := st.Put(ctx, []Article{mk(i)})
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.Hash(ctx, "A")
		if res.Outcomes[0] != Updated || err != nil || h != fmt.Sprint("h", i) {
			t.Fatalf("replacement %d: outcome %v, then Hash = %q, %v; want updated, h%d", i, res.Outcomes[0], h, err, i)
		}
	}
}
