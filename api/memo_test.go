package api

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unionkg/kg/readmodel"
)

// A part wanted by several readers at once is computed once, the others
// waiting for it; a part computed inside another never waits for a reader
// outside (which could be waiting for the outer one), and computes itself.
func TestMemoOneComputationPerPart(t *testing.T) {
	ctx := context.Background()
	g := readmodel.New()
	g.MarkReady()
	src := modelSource{g: g}
	m := newMemo()

	var runs atomic.Int64
	slow := func(*reader) any {
		runs.Add(1)
		time.Sleep(50 * time.Millisecond)
		return "v"
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := m.get(newReader(ctx, src), "k", slow); v != "v" {
				t.Errorf("got %v", v)
			}
		}()
	}
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Fatalf("8 readers at once computed the part %d times, want 1", n)
	}

	// inner is being computed by a reader outside any part, held back;
	// outer needs it, and must not wait for that reader.
	release := make(chan struct{})
	started := make(chan struct{})
	go m.get(newReader(ctx, src), "inner", func(*reader) any {
		close(started)
		<-release
		return "held"
	})
	<-started
	done := make(chan any, 1)
	go func() {
		done <- m.get(newReader(ctx, src), "outer", func(r *reader) any {
			return m.get(r, "inner", func(*reader) any { return "own" })
		})
	}()
	select {
	case v := <-done:
		if v != "own" {
			t.Errorf("outer = %v, want its own computation of inner", v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a part computed inside another waited for a reader outside")
	}
	close(release)
}
