package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/dop251/goja"

	"github.com/unionkg/kg/store/budget"
)

// TestQueryPreemptedByWrite runs a query that scans without end, on the
// memory store (whose reads hold the lock alone) and on bolt (a read
// lock), and checks a write stops it and lands within a second.
func TestQueryPreemptedByWrite(t *testing.T) {
	for _, tt := range []struct{ name, dsn string }{{"memory", "memory"}, {"bolt", t.TempDir()}} {
		t.Run(tt.name, func(t *testing.T) {
			st := openT(t, tt.dsn)
			art := func(i int) Article {
				return Article{ID: fmt.Sprint("a", i), Hash: fmt.Sprint(i), Quads: []quad.Quad{
					quad.Make(quad.IRI(fmt.Sprint("kg:s", i)), quad.IRI("kg:p"), quad.IRI("kg:o"), quad.IRI("kg:article:"+fmt.Sprint("a", i)))}}
			}
			if _, err := st.Put(context.Background(), []Article{art(0), art(1)}); err != nil {
				t.Fatal(err)
			}
			running := make(chan struct{})
			done := make(chan error, 1)
			go func() {
				// No other bound: the meter keeps every iterator built, and
				// on a fast machine the heap grows past the default bound
				// before the write comes.
				limits := budget.Limits{MaxQuads: -1, MaxIterators: -1, MaxMemory: -1}
				done <- st.Query(context.Background(), limits, func(qs graph.QuadStore, _ *budget.Meter) error {
					defer func() {
						// As goja does with the meter's panic.
						if _, ok := recover().(*goja.InterruptedError); !ok {
							t.Error("the scan was not interrupted")
						}
					}()
					close(running)
					for {
						it := qs.QuadsAllIterator()
						for it.Next(context.Background()) {
						}
						it.Close()
					}
				})
			}()
			<-running
			time.Sleep(50 * time.Millisecond)
			start := time.Now()
			if _, err := st.Put(context.Background(), []Article{art(2)}); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("write took %v", took)
			}
			if err := <-done; !errors.Is(err, budget.ErrWriteWaiting) {
				t.Errorf("query: %v, want %v", err, budget.ErrWriteWaiting)
			}
		})
	}
}
