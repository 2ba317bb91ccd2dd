package extract_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/unionkg/kg/extract"
)

// TestRelationsReferToEntities checks that every relation's subject, object
// and via are entities of the same extraction (but for a byline's object,
// the article itself): the graph would otherwise hold nodes with no type or
// name.
func TestRelationsReferToEntities(t *testing.T) {
	x, err := extract.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../data/sample/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := x.Extract(context.Background(), extract.Input{ID: filepath.Base(f), Text: string(b)})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, e := range ex.Entities {
			if ids[e.ID] {
				t.Errorf("%s: entity %s listed twice", f, e.ID)
			}
			ids[e.ID] = true
		}
		for _, r := range ex.Relations {
			for _, id := range []string{r.Subject, r.Object, r.Via} {
				if id != "" && !ids[id] && !(r.Predicate == extract.PredAuthored && id == r.Object) {
					t.Errorf("%s: %s %s %s refers to %s, which is not an entity", f, r.Subject, r.Predicate, r.Object, id)
				}
			}
		}
	}
}
