package gizmo

// Fixtures and reference handlers of the differential test (compat_test.go):
// each fixture is the project's store, served by the package's router, and
// a separate Cayley memstore holding the same quads, inserted in the same
// order, served by Cayley's own handlers.

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	cgizmo "github.com/cayleygraph/cayley/query/gizmo"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/source"
	"github.com/unionkg/kg/store"
)

// compatFixture is one graph on both sides of the differential test.
type compatFixture struct {
	name  string
	quads int
	// ours is the package's router over the project's store, st.
	ours http.Handler
	st   *store.Store
	// cayley serves Cayley's answers over its own memstore: v1 as its
	// ServeV1Query does, v2 with its APIv2.ServeQuery.
	cayley http.Handler
}

// newCompatFixture serves st with the package's router and a new memstore
// holding the same quads with Cayley's handlers. src gives st's quads, in
// the order st was given them; with fill, they are added to st here, batch
// by batch, as they are added to the memstore.
func newCompatFixture(name string, st *store.Store, src quad.Reader, fill bool) (*compatFixture, error) {
	ref := memstore.New()
	read := 0
	buf := make([]quad.Quad, quad.DefaultBatch)
	for {
		n, rerr := readBatch(src, buf)
		read += n
		deltas := make([]graph.Delta, n)
		for i, q := range buf[:n] {
			deltas[i] = graph.Delta{Quad: q, Action: graph.Add}
		}
		// Duplicates ignored, as Cayley's loader does.
		opts := graph.IgnoreOpts{IgnoreDup: true}
		var wg sync.WaitGroup
		var errOurs error
		if fill {
			// Straight into the store's quad store: store.Put would
			// label each quad with an article, and the graph would no
			// longer be the one Cayley gets.
			wg.Go(func() { errOurs = st.QuadStore().ApplyDeltas(deltas, opts) })
		}
		errRef := ref.ApplyDeltas(deltas, opts)
		wg.Wait()
		if err := errors.Join(errOurs, errRef); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if rerr == io.EOF {
			break
		} else if rerr != nil {
			return nil, fmt.Errorf("%s: %w", name, rerr)
		}
	}
	// Both sides must hold the same quads, or nothing the test finds
	// means anything.
	n, err := countQuads(st.QuadStore())
	if err != nil {
		return nil, err
	}
	if m, err := countQuads(ref); err != nil || n != m || n != read {
		return nil, fmt.Errorf("%s: the project's store holds %d quads, Cayley's %d (%v); %d read", name, n, m, err, read)
	}
	// The memory budget measures the live heap a collection last found: one
	// now counts the fixture as live, not as the first query's growth.
	runtime.GC()
	return &compatFixture{name: name, quads: n, ours: newRouter(st, Options{}), st: st, cayley: newCayleyServer(ref)}, nil
}

// readBatch reads quads into buf until it is full or src ends (io.EOF).
func readBatch(src quad.Reader, buf []quad.Quad) (int, error) {
	for i := range buf {
		q, err := src.ReadQuad()
		if err != nil {
			return i, err
		}
		buf[i] = q
	}
	return len(buf), nil
}

func countQuads(qs graph.QuadStore) (int, error) {
	st, err := qs.Stats(context.Background(), true)
	if err != nil {
		return 0, err
	}
	return int(st.Quads.Size), nil
}

// openCompatStore opens an empty memory store, closed when t ends.
func openCompatStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), "memory", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sampleFixture is the project's sample graph: data/sample extracted and
// stored by the project's pipeline (as kg ingest does) into the memory
// store. Cayley's memstore gets the store's quads in the store's order,
// which, in a store only ever added to, is the order they were added in.
func sampleFixture(t *testing.T) *compatFixture {
	t.Helper()
	ctx := context.Background()
	x, err := extract.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		t.Fatal(err)
	}
	st := openCompatStore(t)
	in := ingest.New(x, kggraph.NewBuilder(gaz), st)
	if _, err := in.Run(ctx, source.Read(ctx, []string{"../../data/sample"}, source.Options{}), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	var quads []quad.Quad
	for q, err := range st.Quads(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		quads = append(quads, q)
	}
	f, err := newCompatFixture("sample", st, quad.NewReader(quads), false)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// cayleyDataFixture loads one of the data files of the Cayley module that
// go.mod requires, read where the go command keeps it, into the project's
// memory store and into Cayley's memstore.
func cayleyDataFixture(t *testing.T, file string) *compatFixture {
	t.Helper()
	dir, err := cayleyModuleDir()
	if err != nil {
		t.Skipf("Cayley's module directory, and so its data/%s, not found: %v", file, err)
	}
	path := filepath.Join(dir, "data", file)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(file, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer gz.Close()
		r = gz
	}
	fixture, err := newCompatFixture(file, openCompatStore(t), nquads.NewReader(r, false), true)
	if err != nil {
		t.Fatal(err)
	}
	return fixture
}

// cayleyModuleDir returns the directory of the Cayley module that go.mod
// requires, as the go command resolves it (in the module cache, or where a
// replace directive points).
var cayleyModuleDir = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		return "", fmt.Errorf("go list -m github.com/cayleygraph/cayley: %w", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", errors.New("go list -m github.com/cayleygraph/cayley: no directory (module not downloaded?)")
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err != nil {
		return "", err
	}
	return dir, nil
})

// newCayleyServer serves Cayley's query endpoints over qs: v2 is its own
// handler, APIv2.ServeQuery; v1 is cayleyV1Query, as its handler lives in
// an internal package.
func newCayleyServer(qs graph.QuadStore) http.Handler {
	v2 := cayleyhttp.NewAPIv2(&graph.Handle{QuadStore: qs, QuadWriter: readOnlyWriter{}})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/query/gizmo", func(w http.ResponseWriter, r *http.Request) { cayleyV1Query(qs, w, r) })
	mux.HandleFunc("/api/v2/query", v2.ServeQuery)
	return mux
}

// cayleyV1Query is Cayley's API.ServeV1Query (internal/http/query.go in
// cayley v0.7.7), line for line, for the gizmo language and with no
// timeout configured: ?limit= read with strconv.Atoi, 0 meaning 100; the
// session run with the JSON collation; the results written by WriteResult,
// a default json.Encoder of {"result": out}; errors by defaultErrorFunc.
func cayleyV1Query(qs graph.QuadStore, w http.ResponseWriter, r *http.Request) {
	ctx := context.TODO()
	errFunc := func(w http.ResponseWriter, err error) {
		data, _ := json.Marshal(err.Error())
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error" : `))
		w.Write(data)
		w.Write([]byte(`}`))
	}
	par, _ := url.ParseQuery(r.URL.RawQuery)
	limit, _ := strconv.Atoi(par.Get("limit"))
	if limit == 0 {
		limit = 100
	}
	var ses query.HTTP = cgizmo.NewSession(qs)
	bodyBytes, err := io.ReadAll(r.Body)
	if err != nil {
		errFunc(w, err)
		return
	}
	it, err := ses.Execute(ctx, string(bodyBytes), query.Options{
		Collation: query.JSON,
		Limit:     limit,
	})
	if err != nil {
		errFunc(w, err)
		return
	}
	defer it.Close()

	var out []any
	for it.Next(ctx) {
		out = append(out, it.Result())
	}
	if err = it.Err(); err != nil {
		errFunc(w, err)
		return
	}
	_ = json.NewEncoder(w).Encode(struct {
		Result any `json:"result"`
	}{out})
}
