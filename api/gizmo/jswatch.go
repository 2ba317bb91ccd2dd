package gizmo

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Bounds the watcher holds a query to.
const (
	// watchEvery is how often the watcher samples.
	watchEvery = 2 * time.Millisecond
	// maxStackGrowth bounds the growth of the process's goroutine stacks
	// during a query: Go's own bound (1 GB) ends the process.
	maxStackGrowth = 64 << 20
	// maxHeapGrowth bounds the growth of the live heap during a query.
	maxHeapGrowth = 128 << 20
	// heapCheck is the growth of allocated heap, garbage included, past
	// which the watcher collects garbage to measure the live heap.
	heapCheck = 128 << 20
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

var (
	errStack  = &stopError{errStackMessage}
	errMemory = &stopError{"memory grew past 128 MiB"}
)

// watcher interrupts a query's JavaScript when its call stack is too deep
// or the process's stacks or live heap grow too much while it runs. The
// memory figures are the process's: queries running at once share them.
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
			heap := samples[sampleHeap].Value.Uint64()
			if grown(heap, baseHeap) <= heapCheck {
				continue
			}
			// Much allocated: collect, and see whether it is live.
			runtime.GC()
			metrics.Read(samples)
			if grown(samples[sampleHeapLive].Value.Uint64(), baseLive) > maxHeapGrowth {
				g.stop(errMemory)
				return
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
