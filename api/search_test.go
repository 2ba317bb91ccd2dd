package api

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// topHits keeps what sorting every hit and cutting the list would: the
// same hits in the same order, for every limit, including ties on all but
// the ID and on all but the type.
func TestTopHits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var all []*rankedHit
	for i := range 500 {
		all = append(all, &rankedHit{match: rng.IntN(3), runes: 2 + rng.IntN(6), typ: rng.IntN(3), calendar: rng.IntN(20) == 0,
			hit: SearchHit{ID: fmt.Sprintf("n%03d", rng.IntN(200)), Name: fmt.Sprint(i)}})
	}
	want := slices.Clone(all)
	slices.SortStableFunc(want, compareHits)
	for _, n := range []int{0, 1, 2, 7, 20, 200, 499, 500, 600} {
		top := &topHits{n: n}
		for _, h := range all {
			top.offer(h)
		}
		got := top.sorted()
		if len(got) != min(n, len(all)) {
			t.Fatalf("limit %d: %d hits", n, len(got))
		}
		for i, h := range top.hits { // sorted by sorted
			if compareHits(h, want[i]) != 0 || got[i].ID != want[i].hit.ID {
				t.Fatalf("limit %d: hit %d is %+v, want %+v", n, i, *h, *want[i])
			}
		}
	}
}
