package api

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// BenchmarkReadAfterWrite measures what a write costs the answer after it:
// each operation writes one article (another synthetic article's text
// under an ID already in the graph, so the graph keeps its size; not
// timed) and then asks a route whose kept answer the write may have
// dropped (timed). KG_BENCH_N sets the graph's size (default 3,000
// articles, in the memory store).
func BenchmarkReadAfterWrite(b *testing.B) {
	n, input := synthInputs(b, "KG_BENCH_N", 3000, 1, func(n int) int { return 2 * n })
	ctx := context.Background()
	p := newModelPair(b, "memory")
	for i := range n {
		if _, _, err := p.in.One(ctx, input(i), false); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.st.BuildReadModel(ctx, nil); err != nil {
		b.Fatal(err)
	}
	p.srv.Warm(ctx)
	next := 0
	for _, route := range []struct{ name, path string }{
		{"congresses", "/api/congresses"},
		{"relays", "/api/congresses/" + url.PathEscape("congress:党的二十大") + "/relays"},
		{"slogans", "/api/slogans"},
		{"body", "/api/bodies/" + url.PathEscape("union:中华全国总工会")},
		{"stats", "/api/stats"},
	} {
		b.Run(route.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				a := input(n + next%n)
				a.ID = input(next % n).ID
				next++
				if _, _, err := p.in.One(ctx, a, false); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				resp, err := http.Get(p.model.URL + route.path)
				if err != nil {
					b.Fatal(err)
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s: %d %v", route.path, resp.StatusCode, err)
				}
			}
		})
	}
}
