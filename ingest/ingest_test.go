package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/source"
	"github.com/unionkg/kg/store"
)

// extractor is shared by the tests: loading gse's dictionary takes a second.
var extractor = sync.OnceValues(func() (*extract.Extractor, error) { return extract.New(context.Background()) })

func newIngester(t *testing.T, dsn string) (*Ingester, *store.Store) {
	t.Helper()
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(x, graph.NewBuilder(gaz), st), st
}

func copySamples(t *testing.T, dir string, n int) []string {
	t.Helper()
	files, err := filepath.Glob("../data/sample/*.txt")
	if err != nil || len(files) < n {
		t.Fatalf("samples: %v (%d files)", err, len(files))
	}
	var out []string
	for _, f := range files[:n] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func countQuads(t *testing.T, st *store.Store) int {
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

func TestRunIdempotentAndUpdates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	files := copySamples(t, dir, 4)
	// A JSONL file with one good record and one bad line.
	jsonl := filepath.Join(dir, "feed.jsonl")
	if err := os.WriteFile(jsonl, []byte(`{"id":"feed-1","title":"t","published":"2024-07-23","text":"7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"}`+"\n{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, st := newIngester(t, filepath.Join(t.TempDir(), "db"))
	run := func() Summary {
		t.Helper()
		sum, err := in.Run(ctx, source.Read(ctx, []string{dir}, source.Options{}), Options{Workers: 2, BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := run()
	if first.Added != 5 || first.Articles != 5 || len(first.Skipped) != 1 {
		t.Fatalf("first run: %+v, want 5 added, 1 skipped", first)
	}
	if !strings.Contains(first.Skipped[0].Reason, "feed.jsonl") || first.Skipped[0].Line != 2 {
		t.Errorf("skip %+v does not name the bad line", first.Skipped[0])
	}
	total := countQuads(t, st)
	if total != first.Quads {
		t.Fatalf("store holds %d quads, summary says %d added", total, first.Quads)
	}

	second := run()
	if second.Unchanged != 5 || second.Added+second.Updated != 0 || second.Quads != 0 {
		t.Fatalf("second run: %+v, want all unchanged", second)
	}
	if n := countQuads(t, st); n != total {
		t.Fatalf("second run changed the store: %d quads, was %d", n, total)
	}

	// Change one article: its facts are replaced, the others untouched.
	b, _ := os.ReadFile(files[0])
	if err := os.WriteFile(files[0], append(b, []byte("\n会议强调，要坚持“四个意识”。\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	third := run()
	if third.Updated != 1 || third.Unchanged != 4 {
		t.Fatalf("third run: %+v, want 1 updated, 4 unchanged", third)
	}
	if n := countQuads(t, st); n != total-third.Removed+third.Quads {
		t.Fatalf("after the update %d quads, want %d", n, total-third.Removed+third.Quads)
	}

	// Deleting every article empties the store.
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		if _, err := st.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Delete(ctx, "feed-1"); err != nil {
		t.Fatal(err)
	}
	if n := countQuads(t, st); n != 0 {
		t.Fatalf("%d quads left after deleting every article", n)
	}
}

func TestOne(t *testing.T) {
	ctx := context.Background()
	in, _ := newIngester(t, "memory")
	a := extract.Input{ID: "one", Text: "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"}
	ex, out, err := in.One(ctx, a, false)
	if err != nil || out != store.Added || ex == nil {
		t.Fatalf("One: %v, %v, %v", ex, out, err)
	}
	ex, out, err = in.One(ctx, a, false)
	if err != nil || out != store.Unchanged || ex != nil {
		t.Fatalf("One again: %v, %v, %v; want unchanged", ex, out, err)
	}
	if _, _, err := in.One(ctx, extract.Input{ID: "empty", Text: " "}, false); err == nil {
		t.Fatal("One accepted an empty article")
	}
}

// TestOneRefusesInvalid: bad IDs, NULs and bytes that are not UTF-8 are
// refused before extraction, and nothing is stored.
func TestOneRefusesInvalid(t *testing.T) {
	ctx := context.Background()
	in, st := newIngester(t, "memory")
	text := "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"
	tests := []struct {
		name string
		in   extract.Input
	}{
		{"NUL in the ID", extract.Input{ID: "a\x00b", Text: text}},
		{"line break in the ID", extract.Input{ID: "a\nb", Text: text}},
		{"ID not UTF-8", extract.Input{ID: "a\xff", Text: text}},
		{"ID too long", extract.Input{ID: strings.Repeat("a", graph.MaxArticleIDBytes+1), Text: text}},
		{"NUL in the text", extract.Input{ID: "x", Text: text + "\x00"}},
		{"text not UTF-8", extract.Input{ID: "x", Text: text + "\xff"}},
		{"NUL in the title", extract.Input{ID: "x", Title: "t\x00", Text: text}},
		{"NUL in the url", extract.Input{ID: "x", URL: "https://x.cn/\x00", Text: text}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := in.One(ctx, tt.in, false); !errors.Is(err, ErrInvalid) {
				t.Fatalf("One: %v, want ErrInvalid", err)
			}
		})
	}
	if n := countQuads(t, st); n != 0 {
		t.Errorf("%d quads stored", n)
	}
}

func TestConcurrentRuns(t *testing.T) {
	// Several ingests and readers at once on one store: writes are
	// serialised, and the final count is exact.
	ctx := context.Background()
	dir := t.TempDir()
	copySamples(t, dir, 6)
	in, st := newIngester(t, "memory")
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := in.Run(ctx, source.Read(ctx, []string{dir}, source.Options{}), Options{Workers: 2, BatchSize: 1}); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			for range 5 {
				for _, err := range st.Quads(ctx) {
					if err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	ref, refSt := newIngester(t, "memory")
	if _, err := ref.Run(ctx, source.Read(ctx, []string{dir}, source.Options{}), Options{}); err != nil {
		t.Fatal(err)
	}
	if got, want := countQuads(t, st), countQuads(t, refSt); got != want {
		t.Fatalf("concurrent ingests left %d quads, one ingest %d", got, want)
	}
}

// TestRereadByNewExtractor: an unchanged text stored by another version of
// the extractor is read again, so a new binary's rules reach old graphs.
func TestRereadByNewExtractor(t *testing.T) {
	ctx := context.Background()
	in, st := newIngester(t, "memory")
	a := extract.Input{ID: "old", Text: "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"}
	if _, _, err := in.One(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	qs, err := st.ArticleQuads(ctx, "old")
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range qs {
		if q.Predicate == graph.PredExtractor {
			qs[i].Object = quad.String("0.0.1")
		}
	}
	if _, err := st.Put(ctx, []store.Article{{ID: "old", Quads: qs}}); err != nil {
		t.Fatal(err)
	}
	ex, out, err := in.One(ctx, a, false)
	if err != nil || ex == nil || out != store.Updated {
		t.Fatalf("One after an extractor change: %v, %v, %v; want re-read and updated", ex, out, err)
	}
	if v, err := st.ExtractorVersion(ctx, "old"); err != nil || v != extract.Version {
		t.Fatalf("stored version %q, %v; want %s", v, err, extract.Version)
	}
	if _, out, _ := in.One(ctx, a, false); out != store.Unchanged {
		t.Fatalf("third read: %v, want unchanged", out)
	}
}

// TestRereadWithNewMeta checks that an article given again with the same
// text is left alone only if its title, URL and date are the same too.
func TestRereadWithNewMeta(t *testing.T) {
	ctx := context.Background()
	const text = "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"
	first := extract.Input{ID: "meta", Title: "沈阳市总工会传达学习全会精神", URL: "http://example.org/a", Published: "2024-07-23", Text: text}
	tests := []struct {
		name  string
		again func(extract.Input) extract.Input
		want  store.Outcome
		title string
	}{
		{"all the same", func(a extract.Input) extract.Input { return a }, store.Unchanged, first.Title},
		{"new title", func(a extract.Input) extract.Input { a.Title = "新标题"; return a }, store.Updated, "新标题"},
		{"new URL", func(a extract.Input) extract.Input { a.URL = "http://example.org/b"; return a }, store.Updated, first.Title},
		{"new date", func(a extract.Input) extract.Input { a.Published = "2024-07-24"; return a }, store.Updated, first.Title},
		// The title read from the text replaces the one given before.
		{"metadata dropped", func(a extract.Input) extract.Input { return extract.Input{ID: a.ID, Text: a.Text} }, store.Updated, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, st := newIngester(t, "memory")
			if _, out, err := in.One(ctx, first, false); err != nil || out != store.Added {
				t.Fatalf("first write: %v, %v", out, err)
			}
			again := tt.again(first)
			_, out, err := in.One(ctx, again, false)
			if err != nil || out != tt.want {
				t.Fatalf("second write: %v, %v; want %v", out, err, tt.want)
			}
			if _, out, _ := in.One(ctx, again, false); out != store.Unchanged {
				t.Errorf("third write, the same as the second: %v, want unchanged", out)
			}
			qs, err := st.ArticleQuads(ctx, "meta")
			if err != nil {
				t.Fatal(err)
			}
			got := map[quad.IRI]string{}
			for _, q := range qs {
				if q.Subject == graph.ArticleIRI("meta") {
					if p, ok := q.Predicate.(quad.IRI); ok {
						got[p] = quad.ToString(q.Object)
					}
				}
			}
			if tt.title != "" && got[graph.PredName] != tt.title {
				t.Errorf("stored title %q, want %q", got[graph.PredName], tt.title)
			}
			if got[graph.PredURL] != again.URL {
				t.Errorf("stored URL %q, want %q", got[graph.PredURL], again.URL)
			}
			if m := extract.MetaHash(again); got[graph.PredMetaHash] != m {
				t.Errorf("stored metadata hash %q, want %q", got[graph.PredMetaHash], m)
			}
		})
	}
}

// An Ingester whose extractor loads in the background: a write waits for
// it, one whose context ends first fails with that, and a failed load is
// every write's error.
func TestNewLoading(t *testing.T) {
	ctx := context.Background()
	loaded, st := newIngester(t, "memory")
	release := make(chan struct{})
	in := NewLoading(ctx, func(context.Context) (*extract.Extractor, error) { <-release; return loaded.x, nil }, loaded.b, st)
	a := extract.Input{ID: "lazy", Text: "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"}
	if in.Loaded() {
		t.Fatal("Loaded before the load ended")
	}
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, _, err := in.One(short, a, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a write before the extractor loaded: %v, want its deadline", err)
	}
	done := make(chan error, 1)
	go func() {
		_, out, err := in.One(ctx, a, false)
		if err == nil && out != store.Added {
			err = fmt.Errorf("outcome %v", out)
		}
		done <- err
	}()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("a write waiting for the extractor: %v", err)
	}
	if !in.Loaded() {
		t.Fatal("not Loaded after a write used the extractor")
	}
	failed := errors.New("no dictionary")
	in = NewLoading(ctx, func(context.Context) (*extract.Extractor, error) { return nil, failed }, loaded.b, st)
	if _, _, err := in.One(ctx, extract.Input{ID: "lazy2", Text: a.Text}, false); !errors.Is(err, failed) {
		t.Fatalf("a write after a failed load: %v", err)
	}
}
