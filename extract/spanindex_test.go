package extract

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestIndexesAgreeWithScans checks the indexes of spanindex.go against the
// scans they replace, on random spans.
func TestIndexesAgreeWithScans(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		size := 1 + r.IntN(20000)
		var spans [][2]int
		for range r.IntN(300) {
			st := r.IntN(size)
			spans = append(spans, [2]int{st, min(size, st+1+r.IntN(40))})
		}
		span := func(k int) (int, int) { return spans[k][0], spans[k][1] }

		var cov coverage
		cov.sync(size, len(spans), span)
		x := newStartIndex(len(spans), span)
		ps := newPosSet(size)
		for _, sp := range spans {
			ps.add(sp[0])
		}
		for range 50 {
			lo := r.IntN(size+10) - 5
			hi := lo + r.IntN(size/2+1)
			var in, over []int
			covered, anyIn := false, false
			last := -1
			for k, sp := range spans {
				if sp[0] >= lo && sp[0] < hi {
					in = append(in, k)
					last = max(last, sp[0])
				}
				if sp[0] < hi && sp[1] > lo {
					over = append(over, k)
				}
				covered = covered || lo >= sp[0] && lo < sp[1]
				anyIn = anyIn || sp[0] < hi && sp[1] > lo
			}
			if got := x.in(lo, hi, nil); !slices.Equal(got, in) && len(got)+len(in) > 0 {
				t.Fatalf("round %d: in(%d, %d) = %v, want %v", round, lo, hi, got, in)
			}
			got := x.overlapping(lo, hi, nil)
			var kept []int
			for _, k := range got {
				if spans[k][0] < hi && spans[k][1] > lo {
					kept = append(kept, k)
				}
			}
			if !slices.Equal(kept, over) && len(kept)+len(over) > 0 {
				t.Fatalf("round %d: overlapping(%d, %d) keeps %v, want %v", round, lo, hi, kept, over)
			}
			if cov.has(lo) != covered {
				t.Fatalf("round %d: has(%d) = %v, want %v", round, lo, !covered, covered)
			}
			if hi > lo && cov.any(lo, hi) != anyIn {
				t.Fatalf("round %d: any(%d, %d) = %v, want %v", round, lo, hi, !anyIn, anyIn)
			}
			if got := ps.lastBefore(lo, hi); got != last {
				t.Fatalf("round %d: lastBefore(%d, %d) = %d, want %d", round, lo, hi, got, last)
			}
		}
	}
}
