package api

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counter is a computation that counts its runs and, when gate is not
// nil, waits for it.
type counter struct {
	runs atomic.Int64
	gate chan struct{}
	cost time.Duration
}

func (k *counter) fn(val string) computeFunc {
	return func(ctx context.Context) (any, int64, error) {
		k.runs.Add(1)
		time.Sleep(k.cost)
		if k.gate != nil {
			select {
			case <-k.gate:
			case <-ctx.Done():
				return nil, 0, ctx.Err()
			}
		}
		return val, int64(len(val)), nil
	}
}

func newTestCache() *cache { return newCache(1<<20, time.Minute, 8) }

// waitFlights waits until the cache has no computation under way.
func waitFlights(t *testing.T, c *cache) {
	t.Helper()
	for range 500 {
		c.mu.Lock()
		n := len(c.flights)
		c.mu.Unlock()
		if n == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("computations still under way after 2.5 s")
}

func TestCacheStates(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// The answer "old" is kept at generation 1; then get at gen, the
		// computation taking cost.
		gen       uint64
		cost      time.Duration
		wantVal   string
		wantState cacheState
		wantRuns  int64
	}{
		{"current answer", 1, 0, "old", cacheHit, 0},
		{"after a write, a quick computation", 2, 0, "new", cacheMiss, 1},
		// Never the answer from before the write, however long the new
		// one takes.
		{"after a write, a slow computation is waited for", 2, 300 * time.Millisecond, "new", cacheMiss, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCache()
			defer c.close()
			var first counter
			if v, st, err := c.get(ctx, "k", 1, first.fn("old")); err != nil || v != "old" || st != cacheMiss {
				t.Fatalf("first get: %v %v %v", v, st, err)
			}
			k := counter{cost: tt.cost}
			v, st, err := c.get(ctx, "k", tt.gen, k.fn("new"))
			if err != nil || v != tt.wantVal || st != tt.wantState {
				t.Errorf("get = %v, %v, %v; want %v, %v", v, st, err, tt.wantVal, tt.wantState)
			}
			if got := k.runs.Load(); got != tt.wantRuns {
				t.Errorf("computed %d times, want %d", got, tt.wantRuns)
			}
			if v, st, _ := c.get(ctx, "k", tt.gen, k.fn("never")); st != cacheHit || v != tt.wantVal {
				t.Errorf("then: %v %v, want %v kept", v, st, tt.wantVal)
			}
		})
	}
}

// An answer whose check says that nothing it read changed stays current
// after writes; one whose check fails is computed again.
func TestCacheCheckedAnswers(t *testing.T) {
	ctx := context.Background()
	for _, unchanged := range []bool{true, false} {
		c := newTestCache()
		old := &reply{body: []byte("old"), current: func() bool { return unchanged }}
		c.get(ctx, "k", 1, func(context.Context) (any, int64, error) { return old, 3, nil })
		var k counter
		v, st, err := c.get(ctx, "k", 5, k.fn("new"))
		switch {
		case err != nil:
			t.Fatalf("unchanged=%v: %v", unchanged, err)
		case unchanged && (v != old || st != cacheHit || k.runs.Load() != 0):
			t.Errorf("unchanged: %v %v after %d runs, want the kept answer", v, st, k.runs.Load())
		case !unchanged && (v != "new" || st != cacheMiss || k.runs.Load() != 1):
			t.Errorf("changed: %v %v after %d runs, want a new answer", v, st, k.runs.Load())
		}
		c.close()
	}
}

// A computation that began before a write is not joined by a request
// after it: it may have read the store before the write.
func TestCacheNoFlightFromBeforeAWrite(t *testing.T) {
	ctx := context.Background()
	c := newTestCache()
	defer c.close()
	before := counter{gate: make(chan struct{})}
	go c.get(ctx, "k", 1, before.fn("before"))
	for before.runs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	var after counter
	if v, st, err := c.get(ctx, "k", 2, after.fn("after")); v != "after" || st != cacheMiss || err != nil {
		t.Fatalf("get after the write: %v %v %v, want its own computation", v, st, err)
	}
	close(before.gate)
	waitFlights(t, c)
	// The older answer, finished last, does not replace the newer.
	if v, st, _ := c.get(ctx, "k", 2, after.fn("never")); v != "after" || st != cacheHit {
		t.Fatalf("then: %v %v, want the answer from after the write", v, st)
	}
}

func TestCacheOneComputationPerKey(t *testing.T) {
	c := newTestCache()
	defer c.close()
	k := counter{cost: 20 * time.Millisecond}
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _, err := c.get(context.Background(), "k", 1, k.fn("v")); err != nil || v != "v" {
				t.Errorf("get: %v %v", v, err)
			}
		}()
	}
	wg.Wait()
	if n := k.runs.Load(); n != 1 {
		t.Fatalf("50 concurrent gets computed %d times, want 1", n)
	}
}

// An answer that takes longer than its request may is finished in the
// background, and the next request gets it.
func TestCacheOutlivesTheRequest(t *testing.T) {
	c := newTestCache()
	defer c.close()
	k := counter{cost: 100 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, _, err := c.get(ctx, "k", 1, k.fn("v")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("get under a short deadline: %v, want a deadline error", err)
	}
	waitFlights(t, c)
	v, st, err := c.get(context.Background(), "k", 1, k.fn("v"))
	if err != nil || v != "v" || st != cacheHit || k.runs.Load() != 1 {
		t.Fatalf("next get: %v %v %v after %d runs; want the kept answer of the one run", v, st, err, k.runs.Load())
	}
}

func TestCacheErrorsAreNotKept(t *testing.T) {
	c := newTestCache()
	defer c.close()
	runs := 0
	fail := func(context.Context) (any, int64, error) { runs++; return nil, 0, errNotFound }
	for range 2 {
		if _, _, err := c.get(context.Background(), "k", 1, fail); !errors.Is(err, errNotFound) {
			t.Fatalf("get: %v, want not found", err)
		}
	}
	if runs != 2 {
		t.Fatalf("%d runs, want 2: an error is not an answer to keep", runs)
	}
}

func TestCacheBytesBound(t *testing.T) {
	c := newCache(100, time.Minute, 4)
	defer c.close()
	ctx := context.Background()
	for i := range 10 {
		var k counter
		val := fmt.Sprintf("%030d", i) // 30 bytes each
		c.get(ctx, fmt.Sprint(i), 1, k.fn(val))
	}
	c.mu.Lock()
	n, b := len(c.items), c.bytes
	c.mu.Unlock()
	if n != 3 || b != 90 {
		t.Fatalf("kept %d answers of %d bytes, want the last 3 (90 bytes) within 100", n, b)
	}
	var k counter
	if _, st, _ := c.get(ctx, "9", 1, k.fn("x")); st != cacheHit {
		t.Fatalf("the newest answer was evicted: %v", st)
	}
	if _, st, _ := c.get(ctx, "0", 1, k.fn("x")); st != cacheMiss {
		t.Fatalf("the oldest answer is still kept: %v", st)
	}
}

// TestCacheNested checks that computations which wait for another answer
// of the cache (a search for the search index, the stats for the size)
// finish when they hold every slot: the answer they wait for is computed
// outside the slots.
func TestCacheNested(t *testing.T) {
	const slots = 2
	c := newCache(1<<20, time.Minute, slots)
	defer c.close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var inner counter
	// Every outer computation holds a slot until all of them do, then
	// waits for the inner answer.
	var started sync.WaitGroup
	started.Add(slots)
	outer := func(ctx context.Context) (any, int64, error) {
		started.Done()
		started.Wait()
		v, _, err := c.get(ctx, "inner", 1, inner.fn("in"))
		if err != nil {
			return nil, 0, err
		}
		return v.(string) + "+out", 8, nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, slots)
	for i := range slots {
		wg.Go(func() {
			v, _, err := c.get(ctx, fmt.Sprintf("outer %d", i), 1, outer)
			if err == nil && v != "in+out" {
				err = fmt.Errorf("outer %d: got %v", i, v)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a computation waiting for another with every slot held: %v", err)
		}
	}
	if n := inner.runs.Load(); n != 1 {
		t.Errorf("inner answer computed %d times, want once", n)
	}
}
