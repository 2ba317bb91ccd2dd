package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"
)

// allQuads returns every quad of the store, as sorted strings.
func allQuads(t *testing.T, st *Store) []string {
	t.Helper()
	var out []string
	for q, err := range st.Quads(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q.String())
	}
	sort.Strings(out)
	return out
}

// TestCompact fills a bolt store with writes, replacements and deletes,
// compacts it, and checks that it holds the same quads and articles in a
// smaller file, that it takes further writes, that a store in use is not
// compacted, and that a leftover file of an interrupted run goes.
func TestCompact(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := Open(ctx, dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for b := range 20 {
		var batch []Article
		for i := range 25 {
			id := fmt.Sprintf("a%d", (b*25+i)%400)
			batch = append(batch, article(id, fmt.Sprintf("h%d", b), 12))
		}
		if _, err := st.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 40 {
		if _, err := st.Delete(ctx, fmt.Sprintf("a%d", i*7)); err != nil {
			t.Fatal(err)
		}
	}
	want := allQuads(t, st)
	wantHash, err := st.Hash(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	// While the store is open, it is not compacted.
	if _, err := Compact(ctx, dir, 50*time.Millisecond, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("Compact of an open store: %v; want ErrLocked", err)
	}
	st.Close()
	// A leftover of an interrupted run is replaced.
	file := filepath.Join(dir, "indexes.bolt")
	if err := os.WriteFile(file+".compact", []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	calls := 0
	stats, err := Compact(ctx, dir, 0, func(int64) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("compacted %d keys: %d -> %d bytes", stats.Keys, stats.Before, stats.After)
	if stats.After >= stats.Before || stats.Keys == 0 || calls == 0 {
		t.Errorf("Compact = %+v after %d progress calls; want a smaller file", stats, calls)
	}
	st = reopenHolding(t, dir, want)
	if h, err := st.Hash(ctx, "a1"); err != nil || h != wantHash {
		t.Fatalf("after Compact Hash(a1) = %q, %v; want %q", h, err, wantHash)
	}
	// It takes writes, deletes and replacements as before.
	if _, err := st.Put(ctx, []Article{article("new", "hn", 5), article("a1", "h-again", 4)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Delete(ctx, "a2"); err != nil {
		t.Fatal(err)
	}
	if got := quadsOf(t, st, "new"); len(got) != 3+3*5 {
		t.Fatalf("a new article after Compact: %d quads; want %d", len(got), 3+3*5)
	}
	if got := quadsOf(t, st, "a2"); got != nil {
		t.Fatalf("a deleted article after Compact: %v", got)
	}
}

// TestCompactCanceled checks that a canceled compaction leaves the store
// as it was, and no new file beside it.
func TestCompactCanceled(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := Open(ctx, dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, []Article{article("a", "h", 3)}); err != nil {
		t.Fatal(err)
	}
	want := allQuads(t, st)
	st.Close()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Compact(canceled, dir, 0, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Compact with a canceled context: %v", err)
	}
	reopenHolding(t, dir, want)
}

// reopenHolding checks that no new file is left beside the store in dir,
// and opens it, to be closed at the test's end, checking that it holds
// the quads want.
func reopenHolding(t *testing.T, dir string, want []string) *Store {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "indexes.bolt.compact")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a new file is left beside the store: %v", err)
	}
	st := openT(t, dir)
	if got := allQuads(t, st); !slices.Equal(got, want) {
		t.Fatalf("after Compact: %d quads; want the %d before", len(got), len(want))
	}
	return st
}
