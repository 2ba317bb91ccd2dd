package gizmo

import (
	"context"
	"net/http"
	"testing"
)

// BenchmarkGizmoRelays runs the headline query through the v1 handler on
// a graph of 50,000 quads, where 1,000 bodies relayed the congress.
func BenchmarkGizmoRelays(b *testing.B) {
	st := openStore(b)
	fillSynthetic(b, st, 10000)
	stats, err := st.Stats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	r := newRouter(st, Options{})
	const q = `g.V("<kg:congress:会议0>").In("<kg:relayed>").Unique().All()`
	for b.Loop() {
		w := do(r, http.MethodPost, v1+"?limit=-1", q)
		if w.Code != http.StatusOK || w.Body.Len() < 1000*20 {
			b.Fatalf("status %d, body %.200s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(stats.Quads), "quads")
}
