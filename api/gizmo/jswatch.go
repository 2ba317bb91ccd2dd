package gizmo

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"time"

	"github.com/unionkg/kg/store/budget"
)

// Bounds the watcher holds a query to.
const (
	// watchEvery is how often the watcher samples.
	watchEvery = 2 * time.Millisecond
	// maxStackGrowth bounds the growth of the process's goroutine stacks
	// during a query: Go's own bound (1 GB) ends the process.
	maxStackGrowth = 64 << 20
	// DefaultMaxScriptMemory bounds the growth of the live heap while a
	// query's JavaScript runs, unless Options.MaxScriptMemory says
	// otherwise.
	DefaultMaxScriptMemory = 128 << 20
)

const (
	metricStacks    = "/memory/classes/heap/stacks:bytes"
	metricHeap      = "/memory/classes/heap/objects:bytes"
	metricHeapLive  = "/gc/heap/live:bytes"
	sampleStacks    = 0
	sampleHeap      = 1
	sampleHeapLive  = 2
	errStackMessage = "stack grew past 64 MiB"
)

var errStack = &stopError{errStackMessage}

// memoryError is the stop of a query whose live heap grew past limit
// bytes.
func memoryError(limit int64) error {
	return &stopError{fmt.Sprintf("memory grew past %d MiB", limit>>20)}
}

// watcher interrupts a query's JavaScript when its call stack is too deep
// or the process's stacks or live heap grow too much while it runs. The
// memory figures are the process's: queries running at once share them.
// The live heap is measured (by collecting garbage) only once the
// allocated heap, garbage included, has grown by the bound, as it cannot
// have grown more than that.
type watcher struct {
	done chan struct{}
}

func startWatcher(g *guard) *watcher {
	w := &watcher{done: make(chan struct{})}
	samples := []metrics.Sample{{Name: metricStacks}, {Name: metricHeap}, {Name: metricHeapLive}}
	metrics.Read(samples)
	baseStacks := samples[sampleStacks].Value.Uint64()
	baseHeap := samples[sampleHeap].Value.Uint64()
	baseLive := samples[sampleHeapLive].Value.Uint64()
	depth := callDepthReader(g.vm)
	maxHeap := g.maxHeap
	if maxHeap >= 0 {
		// As the store's meter bounds the heap (budget.MemoryBound).
		maxHeap = int64(budget.MemoryBound(maxHeap, baseLive))
	}
	go func() {
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			}
			if depth() > maxCallDepth {
				g.stop(errCallDepth)
				return
			}
			metrics.Read(samples)
			if grown(samples[sampleStacks].Value.Uint64(), baseStacks) > maxStackGrowth {
				g.stop(errStack)
				return
			}
			if maxHeap < 0 {
				continue
			}
			heap := samples[sampleHeap].Value.Uint64()
			if grown(heap, baseHeap) <= uint64(maxHeap) {
				continue
			}
			// Much allocated: collect, and see whether it is live. A
			// collection counts as live what the process allocates while
			// it marks, which the next one may free: on a busy server's
			// large heap that is hundreds of MiB, so a second collection
			// must agree.
			pastAfterGC := func() bool {
				runtime.GC()
				metrics.Read(samples)
				return grown(samples[sampleHeapLive].Value.Uint64(), baseLive) > uint64(maxHeap)
			}
			if pastAfterGC() {
				if pastAfterGC() { // a second collection agrees
					g.stop(memoryError(maxHeap))
					return
				}
			}
			baseHeap = samples[sampleHeap].Value.Uint64()
		}
	}()
	return w
}

func (w *watcher) close() { close(w.done) }

func grown(now, base uint64) uint64 {
	if now < base {
		return 0
	}
	return now - base
}
