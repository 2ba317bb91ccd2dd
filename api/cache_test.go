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

func newTestCache() *cache {
	return newCache(1<<20, 50*time.Millisecond, time.Minute, 8, 1, func() uint64 { return 2 })
}

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
		// The answer "old" is kept at generation 1; then get at gen with
		// fresh, the computation blocking until released.
		gen       uint64
		fresh     bool
		block     bool
		wantVal   string
		wantState cacheState
		wantRuns  int64
	}{
		{"current answer", 1, false, true, "old", cacheHit, 0},
		{"current answer, no-cache", 1, true, true, "old", cacheHit, 0},
		{"after a write, a quick refresh", 2, false, false, "new", cacheMiss, 1},
		{"after a write, a slow refresh: stale", 2, false, true, "old", cacheStale, 1},
		{"after a write, no-cache waits", 2, true, false, "new", cacheMiss, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCache()
			defer c.close()
			var first counter
			if v, st, _, err := c.get(ctx, "k", 1, false, 0, first.fn("old")); err != nil || v != "old" || st != cacheMiss {
				t.Fatalf("first get: %v %v %v", v, st, err)
			}
			k := counter{}
			if tt.block {
				k.gate = make(chan struct{})
			}
			v, st, _, err := c.get(ctx, "k", tt.gen, tt.fresh, 0, k.fn("new"))
			if err != nil || v != tt.wantVal || st != tt.wantState {
				t.Errorf("get = %v, %v, %v; want %v, %v", v, st, err, tt.wantVal, tt.wantState)
			}
			if k.gate != nil {
				close(k.gate)
			}
			waitFlights(t, c)
			if got := k.runs.Load(); got != tt.wantRuns {
				t.Errorf("computed %d times, want %d", got, tt.wantRuns)
			}
			// Whatever happened, the refresh has landed by now.
			if v, st, _, _ := c.get(ctx, "k", tt.gen, false, 0, k.fn("never")); st != cacheHit || (tt.gen == 2 && v != "new") {
				t.Errorf("after the refresh: %v %v, want the new answer, current", v, st)
			}
		})
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
			if v, _, _, err := c.get(context.Background(), "k", 1, false, 0, k.fn("v")); err != nil || v != "v" {
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
	if _, _, _, err := c.get(ctx, "k", 1, false, 0, k.fn("v")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("get under a short deadline: %v, want a deadline error", err)
	}
	waitFlights(t, c)
	v, st, _, err := c.get(context.Background(), "k", 1, false, 0, k.fn("v"))
	if err != nil || v != "v" || st != cacheHit || k.runs.Load() != 1 {
		t.Fatalf("next get: %v %v %v after %d runs; want the kept answer of the one run", v, st, err, k.runs.Load())
	}
}

// Refreshes of stale answers take a free slot or do not start: the stale
// answer is served at once.
func TestCacheRefreshSlots(t *testing.T) {
	ctx := context.Background()
	// One refresh slot; a wait for a refresh would show as half a second.
	c := newCache(1<<20, 500*time.Millisecond, time.Minute, 8, 1, func() uint64 { return 2 })
	defer c.close()
	for _, key := range []string{"a", "b"} {
		var k counter
		c.get(ctx, key, 1, false, 0, k.fn(key+"1"))
	}
	slow := counter{gate: make(chan struct{})}
	if _, st, _, _ := c.get(ctx, "a", 2, false, 0, slow.fn("a2")); st != cacheStale {
		t.Fatalf("a: %v, want stale", st)
	}
	other := counter{}
	start := time.Now()
	v, st, _, _ := c.get(ctx, "b", 2, false, 0, other.fn("b2"))
	if st != cacheStale || v != "b1" || other.runs.Load() != 0 {
		t.Fatalf("b while a refreshes: %v %v, %d runs; want the stale answer and no computation", v, st, other.runs.Load())
	}
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("b waited %v with no refresh to wait for", d)
	}
	close(slow.gate)
	waitFlights(t, c)
	// The freed slot went to b, which waited for it.
	if v, st, _, _ := c.get(ctx, "b", 2, false, 0, other.fn("b3")); v != "b2" || st != cacheHit || other.runs.Load() != 1 {
		t.Fatalf("b once the slot is free: %v %v, %d runs; want the answer refreshed once, without another request", v, st, other.runs.Load())
	}
}

// A freed refresh slot goes to the oldest answer waiting for one.
func TestCacheRefreshOldestFirst(t *testing.T) {
	ctx := context.Background()
	c := newTestCache() // one refresh slot; waiting refreshes start at generation 2
	defer c.close()
	for _, key := range []string{"x", "oldest", "older", "newest"} {
		var k counter
		c.get(ctx, key, 1, false, 0, k.fn(key))
		time.Sleep(2 * time.Millisecond)
	}
	var mu sync.Mutex
	var order []string
	record := func(key string) computeFunc {
		return func(context.Context) (any, int64, error) {
			mu.Lock()
			order = append(order, key)
			mu.Unlock()
			return key, 1, nil
		}
	}
	busy := counter{gate: make(chan struct{})}
	c.get(ctx, "x", 2, false, 0, busy.fn("x2")) // takes the slot
	for _, key := range []string{"newest", "oldest", "older"} {
		if _, st, _, _ := c.get(ctx, key, 2, false, 0, record(key)); st != cacheStale {
			t.Fatalf("%s: %v, want stale", key, st)
		}
	}
	close(busy.gate)
	waitFlights(t, c)
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(order) != "[oldest older newest]" {
		t.Fatalf("refreshed in the order %v, want the oldest answer first", order)
	}
}

func TestCacheErrorsAreNotKept(t *testing.T) {
	c := newTestCache()
	defer c.close()
	runs := 0
	fail := func(context.Context) (any, int64, error) { runs++; return nil, 0, errNotFound }
	for range 2 {
		if _, _, _, err := c.get(context.Background(), "k", 1, false, 0, fail); !errors.Is(err, errNotFound) {
			t.Fatalf("get: %v, want not found", err)
		}
	}
	if runs != 2 {
		t.Fatalf("%d runs, want 2: an error is not an answer to keep", runs)
	}
}

func TestCacheBytesBound(t *testing.T) {
	c := newCache(100, time.Millisecond, time.Minute, 4, 1, func() uint64 { return 1 })
	defer c.close()
	ctx := context.Background()
	for i := range 10 {
		var k counter
		val := fmt.Sprintf("%030d", i) // 30 bytes each
		c.get(ctx, fmt.Sprint(i), 1, false, 0, k.fn(val))
	}
	c.mu.Lock()
	n, b := len(c.items), c.bytes
	c.mu.Unlock()
	if n != 3 || b != 90 {
		t.Fatalf("kept %d answers of %d bytes, want the last 3 (90 bytes) within 100", n, b)
	}
	var k counter
	if _, st, _, _ := c.get(ctx, "9", 1, false, 0, k.fn("x")); st != cacheHit {
		t.Fatalf("the newest answer was evicted: %v", st)
	}
	if _, st, _, _ := c.get(ctx, "0", 1, false, 0, k.fn("x")); st != cacheMiss {
		t.Fatalf("the oldest answer is still kept: %v", st)
	}
}

// An answer held for hold × its cost stands after writes, unless the
// request asks for a fresh one.
func TestCacheHold(t *testing.T) {
	ctx := context.Background()
	c := newTestCache()
	defer c.close()
	k := counter{cost: 20 * time.Millisecond}
	c.get(ctx, "k", 1, false, 1000, k.fn("v1"))
	if v, st, _, _ := c.get(ctx, "k", 2, false, 1000, k.fn("v2")); v != "v1" || st != cacheHit {
		t.Fatalf("within the hold: %v %v, want the held answer", v, st)
	}
	if v, _, _, _ := c.get(ctx, "k", 2, true, 1000, k.fn("v2")); v != "v2" {
		t.Fatalf("no-cache within the hold: %v, want a fresh answer", v)
	}
	c2 := newTestCache()
	defer c2.close()
	c2.get(ctx, "k", 1, false, 0.001, k.fn("v1"))
	time.Sleep(5 * time.Millisecond)
	if v, _, _, _ := c2.get(ctx, "k", 2, false, 0.001, k.fn("v2")); v != "v2" {
		t.Fatalf("past the hold: %v, want a fresh answer", v)
	}
}
