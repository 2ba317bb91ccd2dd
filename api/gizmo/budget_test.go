package gizmo

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/store"
)

// chain is g.V() followed by n Both(), whose shape Cayley builds as a tree
// of 2^n branches, then .Count().
func chain(n int) string { return "g.V()" + strings.Repeat(".Both()", n) + ".Count()" }

// hostile are queries written to run away, each with the word its answer
// names; dense ones run away on the synthetic graph only, whose unions
// share a few congresses.
var hostile = []struct {
	name, query, want string
	dense             bool
}{
	{"16 Both then Count", chain(16), "iterators", false},
	{"nested ForEach", `g.V().ForEach(function(a) { g.V().ForEach(function(b) { g.V().ForEach(function(c) { g.V().Out().Count() }) }) })`, "quads", false},
	{"loop of scans", `while (true) { g.V().Out().Count() }`, "quads", false},
	{"And of two full scans", `g.Emit(g.V().Both().Both().And(g.V().Both().Both()).Count())`, "quads", true},
	{"FollowRecursive over a dense path", `g.Emit(g.V().FollowRecursive(g.M().Out().In()).Count())`, "quads", true},
}

// budgetOptions are small limits, so that the hostile queries stop fast.
var budgetOptions = Options{Timeout: 2 * time.Second, MaxQuads: 200_000, MaxIterators: 5_000, MaxResults: 100}

// hostileStore is a memory store with the test graph and 2,000 synthetic
// articles: 4,000-odd nodes, 10,000 quads.
func hostileStore(t *testing.T) *store.Store {
	st := openTestStore(t)
	fillSynthetic(t, st, 2000)
	return st
}

// checkStopped checks that w names a limit and came within the timeout
// and a second.
func checkStopped(t *testing.T, w *httptest.ResponseRecorder, took, timeout time.Duration, want string) {
	t.Helper()
	body := w.Body.String()
	switch {
	case w.Code == http.StatusBadRequest && strings.Contains(body, "query stopped:") && strings.Contains(body, want):
	case w.Code == http.StatusGatewayTimeout && strings.Contains(body, "timed out"):
	default:
		t.Errorf("status %d, body %.300s; want 400 naming %s, or 504", w.Code, body, want)
	}
	if took > timeout+time.Second {
		t.Errorf("answered after %v", took)
	}
}

// waitIdle waits until the goroutines are back to base, or fails.
func waitIdle(t *testing.T, base int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines %v after the answers, %d before:\n%s", n, within, base, buf[:runtime.Stack(buf, true)])
	}
}

// TestHostile runs each runaway query alone, with a simple query beside
// it, and checks each stops, naming its limit, and leaves nothing running.
func TestHostile(t *testing.T) {
	st := hostileStore(t)
	r := newRouter(st, budgetOptions)
	for _, tt := range hostile {
		t.Run(tt.name, func(t *testing.T) {
			base := runtime.NumGoroutine()
			var w *httptest.ResponseRecorder
			var took time.Duration
			var wg sync.WaitGroup
			wg.Go(func() {
				start := time.Now()
				w = do(r, http.MethodPost, v1, tt.query)
				took = time.Since(start)
			})
			time.Sleep(20 * time.Millisecond)
			start := time.Now()
			if w := do(r, http.MethodPost, v1, headline); w.Code != http.StatusOK {
				t.Errorf("simple query meanwhile: status %d after %v, body %.200s", w.Code, time.Since(start), w.Body)
			}
			wg.Wait()
			checkStopped(t, w, took, budgetOptions.Timeout, tt.want)
			waitIdle(t, base, time.Second)
		})
	}
}

// TestHostileTogether runs four runaway queries at once.
func TestHostileTogether(t *testing.T) {
	st := hostileStore(t)
	r := newRouter(st, budgetOptions)
	base := runtime.NumGoroutine()
	var wg sync.WaitGroup
	for i := range 4 {
		tt := hostile[i%2]
		wg.Go(func() {
			start := time.Now()
			w := do(r, http.MethodPost, v1, tt.query)
			checkStopped(t, w, time.Since(start), budgetOptions.Timeout, tt.want)
		})
	}
	wg.Wait()
	waitIdle(t, base, time.Second)
}

// TestStoppedMetric checks Options.Stopped hears of each limit.
func TestStoppedMetric(t *testing.T) {
	st := hostileStore(t)
	var mu sync.Mutex
	stops := map[string]int{}
	opts := budgetOptions
	opts.Stopped = func(l string) {
		mu.Lock()
		defer mu.Unlock()
		stops[l]++
	}
	r := newRouter(st, opts)
	for _, q := range []string{chain(16), hostile[1].query} {
		do(r, http.MethodPost, v1, q)
	}
	if stops["iterators"] != 1 || stops["quads"] != 1 {
		t.Errorf("stops %v, want one of iterators and one of quads", stops)
	}
}

// TestWriteDuringRunaway checks a write lands within a second while a
// query with no budget but its timeout runs away on the memory store,
// which the query holds: the write stops it.
func TestWriteDuringRunaway(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a query for seconds")
	}
	st := hostileStore(t)
	r := newRouter(st, Options{Timeout: 10 * time.Second, MaxQuads: -1, MaxIterators: -1, MaxMemory: -1})
	var w *httptest.ResponseRecorder
	var wg sync.WaitGroup
	wg.Go(func() { w = do(r, http.MethodPost, v1, `while (true) { g.V().Out().Count() }`) })
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	q := quad.Make(quad.IRI("kg:union:new"), kggraph.PredRelayed, cong20, nil)
	if _, err := st.Put(context.Background(), []store.Article{{ID: "new", Hash: "1", Quads: []quad.Quad{q}}}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("write took %v", took)
	}
	wg.Wait()
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "query stopped: a write is waiting") {
		t.Errorf("runaway query: status %d, body %.300s", w.Code, w.Body)
	}
}

// TestLongChain runs the 20 Both() chain of the issue, and longer ones,
// with the default budget: Cayley's shape optimiser, which nothing meters,
// would spend seconds and hundreds of MiB on them before the first
// iterator is built, so the path's size is refused as it is built.
func TestLongChain(t *testing.T) {
	r := newRouter(hostileStore(t), Options{})
	base := runtime.NumGoroutine()
	for _, n := range []int{20, 40} {
		start := time.Now()
		w := do(r, http.MethodPost, v1, chain(n))
		took := time.Since(start)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "the path would build more than 100000 iterators") {
			t.Errorf("%d Both: status %d, body %.300s; want 400 naming the iterators", n, w.Code, w.Body)
		}
		if took > time.Second {
			t.Errorf("%d Both: answered after %v", n, took)
		}
	}
	// A query that builds its chain in a loop is refused as well.
	w := do(r, http.MethodPost, v1, `var p = g.V(); for (var i = 0; i < 30; i++) { p = p.Both() }; p.Count()`)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "iterators") {
		t.Errorf("loop of Both: status %d, body %.300s", w.Code, w.Body)
	}
	// Follow multiplies by its morphism's size.
	w = do(r, http.MethodPost, v1, `var m = g.M()`+strings.Repeat(".Both()", 9)+`; g.V().Follow(m).Follow(m).Count()`)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "iterators") {
		t.Errorf("Follow of Both: status %d, body %.300s", w.Code, w.Body)
	}
	// Short chains answer (the compatibility table holds more of them).
	small := newRouter(openTestStore(t), Options{})
	if w := do(small, http.MethodPost, v1, chain(2)); w.Code != http.StatusOK {
		t.Errorf("2 Both: status %d, body %.300s", w.Code, w.Body)
	}
	waitIdle(t, base, time.Second)
}

// TestHostileCayleyData runs the hostile queries on Cayley's own test
// data, where they stop as on ours.
func TestHostileCayleyData(t *testing.T) {
	fx := cayleyDataFixture(t, "testdata.nq")
	opts := budgetOptions
	opts.MaxQuads = 5_000
	r := newRouter(fx.st, opts)
	for _, tt := range hostile {
		if tt.dense {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			w := do(r, http.MethodPost, v1, tt.query)
			checkStopped(t, w, time.Since(start), opts.Timeout, tt.want)
		})
	}
}

// TestBudgetBolt compares answers on a bolt store, whose optimiser builds
// shapes of its own that the budget wraps, with those of Cayley's session
// on the bare quad store.
func TestBudgetBolt(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Put(context.Background(), testArticles()); err != nil {
		t.Fatal(err)
	}
	r := newRouter(st, Options{})
	cayley := newCayleyServer(st.QuadStore())
	for _, q := range []string{
		headline,
		`g.V("<kg:union:成都市总工会>").Out("<kg:mentions>").Save("<kg:name>", "name").All()`,
		`g.V().Has("<rdf:type>", "<kg:Person>").Has("<kg:name>", "王小明").Out("<kg:chaired>").SaveOpt("<kg:date>", "date").All()`,
		`g.V().Tag("s").Out("<kg:relayed>").Tag("o").All()`,
		`g.Emit(g.V().Both().Both().Count())`,
	} {
		ours, theirs := do(r, http.MethodPost, v1, q), do(cayley, http.MethodPost, v1, q)
		if ours.Code != http.StatusOK || ours.Body.String() != theirs.Body.String() {
			t.Errorf("%s: ours %d %.300s, Cayley's %d %.300s", q, ours.Code, ours.Body, theirs.Code, theirs.Body)
		}
	}
}

// TestHostileMovies runs the runaway shapes on Cayley's 30k-movie graph,
// one at a time and four at once, with a simple query and a write during
// the four: each stops naming its limit within the timeout and a second,
// the simple query and the write are answered within a second, and
// nothing keeps running.
func TestHostileMovies(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the 30k-movie graph")
	}
	fx := cayleyDataFixture(t, "30kmoviedata.nq.gz")
	r := newRouter(fx.st, budgetOptions)
	shapes := []struct{ name, query, want string }{
		{"20 Both then Count", chain(20), "iterators"},
		// Which of the quads or iterators runs out first depends on the
		// graph; either is named.
		{"nested ForEach", hostile[1].query, ""},
		{"And of two full scans", `g.Emit(g.V().Both().And(g.V().Both()).Count())`, ""},
		{"FollowRecursive over a dense path", `g.Emit(g.V().FollowRecursive(g.M().Out().In()).Count())`, ""},
	}
	simple := `g.V("<kg:no-such-node>").Out().All()`
	base := runtime.NumGoroutine()
	for _, tt := range shapes {
		start := time.Now()
		w := do(r, http.MethodPost, v1, tt.query)
		checkStopped(t, w, time.Since(start), budgetOptions.Timeout, tt.want)
	}
	waitIdle(t, base, time.Second)

	var wg sync.WaitGroup
	for _, tt := range shapes {
		wg.Go(func() {
			start := time.Now()
			w := do(r, http.MethodPost, v1, tt.query)
			checkStopped(t, w, time.Since(start), budgetOptions.Timeout, tt.want)
		})
	}
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	if w := do(r, http.MethodPost, v1, simple); w.Code != http.StatusOK {
		t.Errorf("simple query during the four: status %d, body %.200s", w.Code, w.Body)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("simple query during the four answered after %v", d)
	}
	start = time.Now()
	if _, err := fx.st.Put(context.Background(), []store.Article{{ID: "movies-w", Hash: "hw", Quads: []quad.Quad{
		quad.Make(quad.IRI("kg:union:w"), quad.IRI("kg:name"), "w", nil),
	}}}); err != nil {
		t.Errorf("write during the four: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("write during the four stored after %v", d)
	}
	wg.Wait()
	// The fixture is shared with the compatibility tests.
	if _, err := fx.st.Delete(context.Background(), "movies-w"); err != nil {
		t.Errorf("delete the write: %v", err)
	}
	waitIdle(t, base, time.Second)
}
