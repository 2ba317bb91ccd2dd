package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
)

// backends returns the stores every test runs against: memory, bolt in a
// temporary directory, and PostgreSQL when KG_TEST_POSTGRES names a
// database (.ci/run starts one).
func backends(t *testing.T) map[string]func(t *testing.T) *Store {
	t.Helper()
	m := map[string]func(t *testing.T) *Store{
		"memory": func(t *testing.T) *Store { return openT(t, "memory") },
		"bolt":   func(t *testing.T) *Store { return openT(t, filepath.Join(t.TempDir(), "db")) },
	}
	if dsn := os.Getenv("KG_TEST_POSTGRES"); dsn != "" {
		m["postgres"] = func(t *testing.T) *Store {
			st := openT(t, dsn)
			clearStore(t, st)
			return st
		}
	}
	return m
}

func openT(t *testing.T, dsn string) *Store {
	t.Helper()
	st, err := Open(context.Background(), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// clearStore empties a shared database before a test.
func clearStore(t *testing.T, st *Store) {
	t.Helper()
	ctx := context.Background()
	seen := map[string]bool{}
	for q, err := range st.Quads(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := kggraph.ArticleID(asIRI(q.Label)); ok && !seen[id] {
			seen[id] = true
		}
	}
	for id := range seen {
		if _, err := st.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
}

func asIRI(v quad.Value) quad.IRI {
	iri, _ := v.(quad.IRI)
	return iri
}

// article builds a small synthetic article: n facts about shared nodes, so
// that articles overlap in nodes but never in quads.
func article(id, hash string, n int) Article {
	label := kggraph.ArticleIRI(id)
	qs := []quad.Quad{
		{Subject: label, Predicate: kggraph.PredType, Object: kggraph.TypeArticle, Label: label},
		{Subject: label, Predicate: kggraph.PredHash, Object: quad.String(hash), Label: label},
		{Subject: label, Predicate: kggraph.PredPublished, Object: quad.Time(time.Date(2024, 7, 25, 0, 0, 0, 0, time.UTC)), Label: label},
	}
	for i := range n {
		u := quad.IRI(fmt.Sprintf("kg:union:%d号工会", i%5))
		qs = append(qs,
			quad.Quad{Subject: u, Predicate: kggraph.PredRelayed, Object: quad.IRI("kg:congress:党的二十大"), Label: label},
			quad.Quad{Subject: u, Predicate: kggraph.PredName, Object: quad.String(fmt.Sprintf("%d号工会", i%5)), Label: label},
			quad.Quad{Subject: quad.IRI(fmt.Sprintf("kg:meeting:%s:%d", id, i)), Predicate: kggraph.PredRelays, Object: quad.IRI("kg:congress:党的二十大"), Label: label},
		)
	}
	return Article{ID: id, Hash: hash, Quads: qs}
}

func quadsOf(t *testing.T, st *Store, id string) []string {
	t.Helper()
	qs, err := st.ArticleQuads(context.Background(), id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.String())
	}
	sort.Strings(out)
	return out
}

func countQuads(t *testing.T, st *Store) int {
	t.Helper()
	n := 0
	for _, err := range st.Quads(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func TestPutIdempotentReplaceDelete(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			a, b := article("a", "h1", 4), article("b", "h1", 3)
			res, err := st.Put(ctx, []Article{a, b})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcomes[0] != Added || res.Outcomes[1] != Added {
				t.Fatalf("first put: %v, want added twice", res.Outcomes)
			}
			if want := len(a.Quads) + len(b.Quads); res.Added != want {
				t.Fatalf("added %d quads, want %d", res.Added, want)
			}
			total := countQuads(t, st)
			if total != res.Added {
				t.Fatalf("store holds %d quads, Put reported %d added", total, res.Added)
			}

			// Same content again: nothing changes.
			res, err = st.Put(ctx, []Article{a})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcomes[0] != Unchanged || res.Added != 0 || res.Removed != 0 {
				t.Fatalf("second put: %+v, want unchanged and nothing written", res)
			}
			if n := countQuads(t, st); n != total {
				t.Fatalf("after an unchanged put: %d quads, want %d", n, total)
			}

			// Changed content: the article's facts are replaced, b's kept.
			a2 := article("a", "h2", 2)
			res, err = st.Put(ctx, []Article{a2})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcomes[0] != Updated {
				t.Fatalf("changed put: %v, want updated", res.Outcomes[0])
			}
			want := quadsOf(t, openMemoryWith(t, a2), "a")
			if got := quadsOf(t, st, "a"); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("after update a holds\n%v\nwant\n%v", got, want)
			}
			if h, err := st.Hash(ctx, "a"); err != nil || h != "h2" {
				t.Fatalf("Hash(a) = %q, %v; want h2", h, err)
			}
			bQuads := quadsOf(t, st, "b")
			if len(bQuads) == 0 {
				t.Fatal("b lost its quads")
			}

			// Delete removes exactly a's quads.
			n, err := st.Delete(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Fatalf("Delete removed %d quads, want %d", n, len(want))
			}
			if got := quadsOf(t, st, "a"); got != nil {
				t.Fatalf("a still holds %v", got)
			}
			if got := quadsOf(t, st, "b"); fmt.Sprint(got) != fmt.Sprint(bQuads) {
				t.Fatal("deleting a changed b")
			}
			if _, err := st.Delete(ctx, "a"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("second delete: %v, want ErrNotFound", err)
			}
			// Nodes only a named are gone; shared ones stay.
			if hasNode(t, st, quad.IRI("kg:meeting:a:0")) {
				t.Error("node named only by the deleted article is still in the store")
			}
			if !hasNode(t, st, quad.IRI("kg:congress:党的二十大")) {
				t.Error("shared node was removed")
			}
		})
	}
}

func openMemoryWith(t *testing.T, arts ...Article) *Store {
	t.Helper()
	st := openT(t, "memory")
	if _, err := st.Put(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestPutBatchLastWins(t *testing.T) {
	st := openT(t, "memory")
	res, err := st.Put(context.Background(), []Article{article("a", "h1", 1), article("a", "h2", 2)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcomes[0] != Unchanged || res.Outcomes[1] != Added {
		t.Fatalf("outcomes %v, want [unchanged added]", res.Outcomes)
	}
	if h, _ := st.Hash(context.Background(), "a"); h != "h2" {
		t.Fatalf("hash %q, want h2", h)
	}
}

func TestPutRejectsMissingID(t *testing.T) {
	st := openT(t, "memory")
	if _, err := st.Put(context.Background(), []Article{{Hash: "x"}}); err == nil {
		t.Fatal("Put accepted an article without ID")
	}
}

// TestPutRejectsInvalid: what N-Quads cannot carry (and what Cayley's
// own parser would refuse in an export) never reaches the store.
func TestPutRejectsInvalid(t *testing.T) {
	with := func(id string, q quad.Quad) Article {
		a := article(id, "h", 1)
		q.Label = kggraph.ArticleIRI(id)
		a.Quads = append(a.Quads, q)
		return a
	}
	node := quad.IRI("kg:union:x")
	tests := []struct {
		name string
		art  Article
	}{
		{"NUL in the ID", article("a\x00b", "h", 1)},
		{"invalid UTF-8 in the ID", article("a\xffb", "h", 1)},
		{"line break in the ID", article("a\nb", "h", 1)},
		{"NUL in a literal", with("ok", quad.Quad{Subject: node, Predicate: kggraph.PredName, Object: quad.String("x\x00y")})},
		{"invalid UTF-8 in a literal", with("ok", quad.Quad{Subject: node, Predicate: kggraph.PredName, Object: quad.String("x\xffy")})},
		{"space in an IRI", with("ok", quad.Quad{Subject: quad.IRI("kg:union:a b"), Predicate: kggraph.PredName, Object: quad.String("x")})},
		{"control character in an IRI", with("ok", quad.Quad{Subject: quad.IRI("kg:union:a\x01b"), Predicate: kggraph.PredName, Object: quad.String("x")})},
		{"quote in an IRI", with("ok", quad.Quad{Subject: node, Predicate: kggraph.PredName, Object: quad.IRI(`kg:"x`)})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openT(t, "memory")
			_, err := st.Put(context.Background(), []Article{article("fine", "h", 1), tt.art})
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Put: %v, want ErrInvalid", err)
			}
			if n := countQuads(t, st); n != 0 {
				t.Errorf("%d quads stored from a refused batch", n)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		dsn, backend string
		wantErr      bool
	}{
		{"memory", BackendMemory, false},
		{filepath.Join(dir, "new"), BackendBolt, false},
		{"bolt:" + filepath.Join(dir, "prefixed"), BackendBolt, false},
		{"bolt:", "", true},
		{filepath.Join(dir, "file", "sub"), "", true}, // parent is a file
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		st, err := Open(context.Background(), tt.dsn, Options{})
		if tt.wantErr {
			if err == nil {
				st.Close()
				t.Errorf("Open(%q) succeeded, want an error", tt.dsn)
			}
			continue
		}
		if err != nil {
			t.Errorf("Open(%q): %v", tt.dsn, err)
			continue
		}
		if st.Backend() != tt.backend {
			t.Errorf("Open(%q) backend %s, want %s", tt.dsn, st.Backend(), tt.backend)
		}
		st.Close()
	}
}

func TestBoltReopenKeepsDataAndLabelIndex(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, []Article{article("a", "h1", 3)}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if h, err := st.Hash(ctx, "a"); err != nil || h != "h1" {
		t.Fatalf("after reopen Hash(a) = %q, %v", h, err)
	}
	// The label index is in use: a lookup by label is a prefix scan,
	// not a filter over every quad.
	it := st.QuadStore().QuadIterator(quad.Label, st.QuadStore().ValueOf(kggraph.ArticleIRI("a")))
	defer it.Close()
	if s := it.String(); strings.Contains(s, "All") {
		t.Fatalf("lookup by label uses %s, want an index scan", s)
	}
}

func TestParseDSN(t *testing.T) {
	tests := []struct{ dsn, backend, addr string }{
		{"memory", BackendMemory, ""},
		{"postgres://u:p@localhost/kg?sslmode=disable", BackendPostgres, "postgres://u:p@localhost/kg?sslmode=disable"},
		{"postgresql://localhost/kg", BackendPostgres, "postgresql://localhost/kg"},
		{"cockroach://root@db:26257/kg?sslmode=disable", BackendCockroach, "postgres://root@db:26257/kg?sslmode=disable"},
		{"bolt:/var/kg", BackendBolt, "/var/kg"},
		{"./graph.db", BackendBolt, "./graph.db"},
	}
	for _, tt := range tests {
		b, a := ParseDSN(tt.dsn)
		if b != tt.backend || a != tt.addr {
			t.Errorf("ParseDSN(%q) = %q, %q; want %q, %q", tt.dsn, b, a, tt.backend, tt.addr)
		}
	}
	if got := redact("postgres://kg:secret@host/db"); got != "postgres://kg:***@host/db" {
		t.Errorf("redact = %q", got)
	}
}

// hasNode reports whether the store lists v among its nodes. (ValueOf is no
// test: the SQL backend computes it from the value's hash.)
func hasNode(t *testing.T, st *Store, v quad.Value) bool {
	t.Helper()
	ctx := context.Background()
	qs := st.QuadStore()
	it := qs.NodesAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		if n := qs.NameOf(it.Result()); n != nil && n.String() == v.String() {
			return true
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return false
}
