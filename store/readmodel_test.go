package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
)

func modelArticle(rng *rand.Rand, i, version int) Article {
	id := fmt.Sprint("a", i)
	qs := []quad.Quad{
		quad.Make(kggraph.ArticleIRI(id), kggraph.PredType, kggraph.TypeArticle, nil),
		quad.Make(kggraph.ArticleIRI(id), kggraph.PredText, quad.String(fmt.Sprint("text ", i, " ", version)), nil),
	}
	for j := range 5 + rng.IntN(20) {
		qs = append(qs, quad.Make(quad.IRI(fmt.Sprint("kg:n", rng.IntN(50))), quad.IRI(fmt.Sprint("kg:p", j%4)),
			quad.String(fmt.Sprint("v", rng.IntN(100))), nil))
	}
	return Article{ID: id, Hash: fmt.Sprint(i, "/", version), Quads: qs}
}

// A read model built while writes land equals one built from the quads
// the store holds at the end; so does one maintained through a failed
// build's writes once rebuilt.
func TestBuildReadModelDuringWrites(t *testing.T) {
	ctx := context.Background()
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			st.model = readmodel.New()
			st.buildStep = 40 // many steps, with writes between them
			rng := rand.New(rand.NewPCG(3, 4))
			var arts []Article
			for i := range 300 {
				arts = append(arts, modelArticle(rng, i, 0))
			}
			if _, err := st.Put(ctx, arts); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				wrng := rand.New(rand.NewPCG(5, 6))
				for v := 1; v <= 200; v++ {
					i := wrng.IntN(320)
					if wrng.IntN(3) == 0 {
						if _, err := st.Delete(ctx, fmt.Sprint("a", i)); err != nil && !isNotFound(err) {
							done <- err
							return
						}
						continue
					}
					if _, err := st.Put(ctx, []Article{modelArticle(wrng, i, v)}); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}()
			if err := st.BuildReadModel(ctx, nil); err != nil {
				t.Fatal(err)
			}
			st.buildStep = 1 << 20
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !st.ReadModel().Ready() {
				t.Fatal("not ready")
			}
			want := readmodel.New()
			var all []quad.Quad
			for q, err := range st.Quads(ctx) {
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, q)
			}
			byLabel := map[quad.Value][]quad.Quad{}
			for _, q := range all {
				byLabel[q.Label] = append(byLabel[q.Label], q)
			}
			for l, qs := range byLabel {
				want.Replace(l, qs)
			}
			n1, q1 := st.ReadModel().Size()
			n2, q2 := want.Size()
			if n1 != n2 || q1 != q2 {
				stt, _ := st.Stats(ctx)
				t.Logf("store stats %+v; all iterator %d quads", stt, len(all))
				for i := range 320 {
					l := kggraph.ArticleIRI(fmt.Sprint("a", i))
					a := st.ReadModel().Rows(ctx, quad.Label, l, "", -1, quad.Subject)
					b := want.Rows(ctx, quad.Label, l, "", -1, quad.Subject)
					if len(a) != len(b) {
						t.Logf("%s: model %d, store %d", l, len(a), len(b))
					}
				}
				t.Fatalf("model %d nodes %d quads; the store's quads %d, %d", n1, q1, n2, q2)
			}
			for i := range 50 {
				s := quad.IRI(fmt.Sprint("kg:n", i))
				a := st.ReadModel().Rows(ctx, quad.Subject, s, "", -1, quad.Predicate, quad.Object, quad.Label)
				b := want.Rows(ctx, quad.Subject, s, "", -1, quad.Predicate, quad.Object, quad.Label)
				if !slices.EqualFunc(a, b, func(x, y []quad.Value) bool { return fmt.Sprint(x) == fmt.Sprint(y) }) {
					t.Fatalf("%s: model %v, store %v", s, a, b)
				}
			}
		})
	}
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
