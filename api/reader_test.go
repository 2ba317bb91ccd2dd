package api

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/store"
)

// The node count read in steps equals Cayley's own exact count, on bolt
// (stepped, over more than one step) and in memory (Cayley's count), and
// so does the read model's, kept as the quads were written.
func TestSize(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"bolt:" + filepath.Join(t.TempDir(), "kg"), "memory"} {
		t.Run(dsn[:4], func(t *testing.T) {
			st, err := store.Open(ctx, dsn, store.Options{NoSync: true, ReadModel: true})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			var arts []store.Article
			for i := range 500 {
				var qs []quad.Quad
				for j := range 50 {
					qs = append(qs, quad.Make(quad.IRI(fmt.Sprintf("n%d", j)), quad.IRI("p"), quad.String(fmt.Sprintf("v%d-%d", i, j)), nil))
				}
				// A text, which the read model counts without keeping;
				// two articles share one.
				qs = append(qs, quad.Make(kggraph.ArticleIRI(fmt.Sprint("a", i)), kggraph.PredType, kggraph.TypeArticle, nil))
				qs = append(qs, quad.Make(kggraph.ArticleIRI(fmt.Sprint("a", i)), kggraph.PredText, quad.String(fmt.Sprint("text ", i/2)), nil))
				arts = append(arts, store.Article{ID: fmt.Sprint("a", i), Hash: "h", Quads: qs})
			}
			if _, err := st.Put(ctx, arts); err != nil {
				t.Fatal(err)
			}
			var want graph.Stats
			st.View(func(qs graph.QuadStore) error {
				want, err = qs.Stats(ctx, true)
				return err
			})
			if err != nil || want.Nodes.Size <= nodeStep {
				t.Fatalf("Cayley's count: %+v, %v; want more than one step's nodes", want, err)
			}
			if err := st.BuildReadModel(ctx, nil); err != nil {
				t.Fatal(err)
			}
			for _, src := range []quadSource{&storeSource{view: st.View}, modelSource{g: st.ReadModel()}} {
				got, err := newReader(ctx, src).size()
				if err != nil || got.Nodes != want.Nodes || got.Quads.Size != want.Quads.Size {
					t.Fatalf("%T: size = %+v, %v; want %+v", src, got, err, want)
				}
			}
		})
	}
}
