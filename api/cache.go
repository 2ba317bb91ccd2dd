package api

import (
	"container/list"
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// cache keeps computed answers by key (the request URL), each with the
// store generation it was computed at. The headline reads (a congress's
// relays, the congress list, search) touch up to millions of quads on a
// large graph and take longer than a request may, so:
//
//   - an answer is computed once however many requests want it at once
//     (one flight per key), and in the background, so that the work is not
//     lost when the request that started it times out: the next request
//     finds it;
//   - after a write, the answer kept is stale; a request waits a little
//     (Options.StaleWait) for a fresh one and otherwise gets the stale one
//     at once, marked X-Cache: stale with its Age, while one background
//     computation refreshes it. A client that must see its own write sends
//     Cache-Control: no-cache and waits for a fresh answer instead;
//   - refreshes are few at a time (refresh slots), so that they cannot
//     take every core from the requests that have no answer at all; a
//     stale answer requested while every slot is busy waits its turn, and
//     a freed slot refreshes the oldest waiting answer first, so that a
//     costly answer cannot starve the others;
//   - the cache is bounded in bytes: the profile of a hub body lists
//     thousands of articles.
//
// This is HTTP's stale-while-revalidate, done by the server, for answers
// computed from the store. An answer computed from the read model carries
// a check of what it read (reply.current): after a write it is kept if the
// check holds, and otherwise computed afresh and waited for (the caller
// asks fresh), so none is ever served stale.
type cache struct {
	maxBytes  int64
	staleWait time.Duration
	timeout   time.Duration // of a background computation
	// base is cancelled by close: background computations end with the
	// server.
	base context.Context
	stop context.CancelFunc
	// work bounds computations at once; refresh bounds refreshes of stale
	// answers, which only start when a slot is free.
	work, refresh chan struct{}
	// gen reads the store's generation when a waiting refresh starts.
	gen func() uint64
	// observe, if not nil, is told what each computation cost.
	observe func(refresh bool, d time.Duration)

	mu      sync.Mutex
	bytes   int64
	order   *list.List // front: most recently used
	items   map[string]*list.Element
	flights map[string]*flight
	waiting map[string]computeFunc // stale answers requested while no refresh slot was free
}

type cacheEntry struct {
	key  string
	gen  uint64
	val  any
	size int64
	at   time.Time
	cost time.Duration // to compute
}

// flight is one computation of a key.
type flight struct {
	done chan struct{}
	gen  uint64
	val  any
	err  error
}

// computeFunc computes an answer and its size in bytes.
type computeFunc func(ctx context.Context) (val any, size int64, err error)

// cacheState says where an answer came from.
type cacheState string

const (
	cacheHit   cacheState = "hit"   // kept, and current
	cacheMiss  cacheState = "miss"  // computed for this request
	cacheStale cacheState = "stale" // kept, and older than the last write
)

func newCache(maxBytes int64, staleWait, timeout time.Duration, workers, refreshers int, gen func() uint64) *cache {
	base, stop := context.WithCancel(context.Background())
	return &cache{
		maxBytes: maxBytes, staleWait: staleWait, timeout: timeout, base: base, stop: stop,
		work: make(chan struct{}, workers), refresh: make(chan struct{}, refreshers), gen: gen,
		order: list.New(), items: map[string]*list.Element{}, flights: map[string]*flight{},
		waiting: map[string]computeFunc{},
	}
}

// close cancels the background computations.
func (c *cache) close() { c.stop() }

// get returns the answer of key at generation gen: kept, joined from a
// computation under way, or computed by fn. With fresh set, only an answer
// of gen will do, and the caller waits for it until ctx ends. A kept
// answer younger than hold times what it cost to compute counts as current
// whatever the generation: for answers that must hold writes back while
// they are computed, so that they do so a bounded share of the time.
func (c *cache) get(ctx context.Context, key string, gen uint64, fresh bool, hold float64, fn computeFunc) (any, cacheState, time.Duration, error) {
	c.mu.Lock()
	var kept *cacheEntry
	if el, ok := c.items[key]; ok {
		kept = el.Value.(*cacheEntry)
		c.order.MoveToFront(el)
		if kept.gen == gen || !fresh && time.Since(kept.at) < time.Duration(hold*float64(kept.cost)) {
			c.mu.Unlock()
			return kept.val, cacheHit, 0, nil
		}
		// Written to since, but maybe not what the answer read: checked
		// outside the lock (an answer may have read thousands of values).
		val := kept.val
		c.mu.Unlock()
		if holds(val) {
			c.mu.Lock()
			if kept.gen < gen {
				kept.gen = gen
			}
			c.mu.Unlock()
			return val, cacheHit, 0, nil
		}
		c.mu.Lock()
		if el, ok := c.items[key]; ok {
			kept = el.Value.(*cacheEntry)
			if kept.gen == gen {
				c.mu.Unlock()
				return kept.val, cacheHit, 0, nil
			}
		} else {
			kept = nil
		}
	}
	f := c.flights[key]
	if f != nil && fresh && f.gen != gen {
		f = nil // started before the last write: not fresh enough
	}
	switch {
	case f != nil:
	case kept != nil && !fresh:
		// A refresh, if a slot is free; the stale answer otherwise.
		select {
		case c.refresh <- struct{}{}:
			f = c.start(key, gen, fn, true)
		default:
			c.waiting[key] = fn
			c.mu.Unlock()
			return kept.val, cacheStale, time.Since(kept.at), nil
		}
	default:
		f = c.start(key, gen, fn, false)
	}
	c.mu.Unlock()

	var wait <-chan time.Time
	if kept != nil && !fresh {
		t := time.NewTimer(c.staleWait)
		defer t.Stop()
		wait = t.C
	}
	select {
	case <-f.done:
		if f.err != nil && kept != nil && !fresh && ctx.Err() == nil && isTimeout(f.err) {
			return kept.val, cacheStale, time.Since(kept.at), nil
		}
		return f.val, cacheMiss, 0, f.err
	case <-wait:
		return kept.val, cacheStale, time.Since(kept.at), nil
	case <-ctx.Done():
		return nil, cacheMiss, 0, ctx.Err()
	}
}

// start begins computing key in the background; c.mu is held. A refresh
// holds a refresh slot, which it hands on when it ends (next).
func (c *cache) start(key string, gen uint64, fn computeFunc, refresh bool) *flight {
	f := &flight{done: make(chan struct{}), gen: gen}
	if cur := c.flights[key]; cur == nil || cur.gen <= gen {
		c.flights[key] = f
	}
	delete(c.waiting, key)
	go func() {
		ctx, cancel := context.WithTimeout(c.base, c.timeout)
		defer cancel()
		var size int64
		var cost time.Duration
		select {
		case c.work <- struct{}{}:
			t := time.Now()
			f.val, size, f.err = fn(ctx)
			cost = time.Since(t)
			<-c.work
			if c.observe != nil {
				c.observe(refresh, cost)
			}
		case <-ctx.Done():
			f.err = ctx.Err()
		}
		c.mu.Lock()
		if c.flights[key] == f {
			delete(c.flights, key)
		}
		if f.err == nil {
			c.put(key, gen, f.val, size, cost)
		}
		if refresh {
			c.next()
		}
		c.mu.Unlock()
		close(f.done)
	}()
	return f
}

// next hands a freed refresh slot to the waiting stale answer that is
// oldest, or frees it; c.mu is held.
func (c *cache) next() {
	if c.base.Err() == nil {
		var key string
		var oldest time.Time
		gen := c.gen()
		for k := range c.waiting {
			el, ok := c.items[k]
			if !ok || c.flights[k] != nil || el.Value.(*cacheEntry).gen == gen {
				delete(c.waiting, k) // evicted, being computed, or current already
				continue
			}
			if at := el.Value.(*cacheEntry).at; key == "" || at.Before(oldest) {
				key, oldest = k, at
			}
		}
		if key != "" {
			c.start(key, gen, c.waiting[key], true)
			return
		}
	}
	<-c.refresh
}

// put keeps an answer unless a newer one is kept; c.mu is held.
func (c *cache) put(key string, gen uint64, val any, size int64, cost time.Duration) {
	e := &cacheEntry{key: key, gen: gen, val: val, size: size, at: time.Now(), cost: cost}
	if el, ok := c.items[key]; ok {
		old := el.Value.(*cacheEntry)
		if old.gen > gen {
			return
		}
		c.bytes += size - old.size
		el.Value = e
		c.order.MoveToFront(el)
	} else {
		c.items[key] = c.order.PushFront(e)
		c.bytes += size
	}
	for c.bytes > c.maxBytes && c.order.Len() > 1 {
		last := c.order.Back()
		old := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.items, old.key)
		c.bytes -= old.size
	}
}

// isTimeout reports whether err is a computation's time running out.
func isTimeout(err error) bool { return errors.Is(err, context.DeadlineExceeded) }

// readFunc computes a read answer: a value to send as JSON, or a *reply.
type readFunc func(c *gin.Context, r *reader) (any, error)

// jsonType is the content type of JSON answers.
const jsonType = "application/json; charset=utf-8"

// reply is an answer as it is sent. The cache keeps replies, so that a
// redirect, a choice or a CSV file is kept like a JSON answer.
type reply struct {
	status int
	ctype  string
	header [][2]string
	body   []byte
	// current, when set, reports whether the answer still holds after
	// writes: what it was computed from is unchanged.
	current func() bool
}

// holds reports whether a kept answer still holds after writes.
func holds(v any) bool {
	rp, ok := v.(*reply)
	return ok && rp.current != nil && rp.current()
}

func (rp *reply) size() int64 {
	n := int64(len(rp.body) + len(rp.ctype))
	for _, h := range rp.header {
		n += int64(len(h[0]) + len(h[1]))
	}
	return n
}

// cached wraps a read: the answer comes from the cache, which computes it
// in short read steps (see reader) when it has no current one. The key is
// the request's URL and, for routes that answer CSV too, the format the
// Accept header asks for.
func (s *Server) cached(fn readFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		// The computation may outlive the handler, and gin reuses its
		// contexts: it gets a copy.
		cp := c.Copy()
		key := c.Request.URL.RequestURI()
		if acceptsCSV(c) {
			key += "\x00text/csv"
		}
		src := s.source(c.Request.Context())
		// From the read model, answers are fresh: one is kept as long as
		// what it read is unchanged, and computed again (waited for) when
		// a write changed it. From the store (before the model is built,
		// or without one), stale-while-revalidate.
		model, fromModel := src.(modelSource)
		v, state, age, err := s.cache.get(c.Request.Context(), key, s.st.Generation(), noCache(c) || fromModel, 0,
			func(ctx context.Context) (any, int64, error) {
				r := newReader(ctx, src)
				if fromModel {
					r.recording()
				}
				v, err := fn(cp, r)
				var ew *elsewhere
				if errors.As(err, &ew) {
					v, err = ew.rep, nil
				}
				if err == nil {
					err = ctx.Err()
				}
				if err != nil {
					return nil, 0, err
				}
				rep, ok := v.(*reply)
				if !ok {
					b, err := marshal(v)
					if err != nil {
						return nil, 0, err
					}
					rep = &reply{status: http.StatusOK, ctype: jsonType, body: b}
				}
				if fromModel {
					rep.current = s.currentFunc(model.g, r)
				}
				return rep, rep.size() + int64(len(r.reads))*48, nil
			})
		if err != nil {
			s.answer(c, nil, err)
			return
		}
		rep := v.(*reply)
		c.Header("X-Cache", string(state))
		if state == cacheStale {
			c.Header("Age", strconv.Itoa(int(age.Seconds())))
		}
		for _, h := range rep.header {
			c.Header(h[0], h[1])
		}
		c.Data(rep.status, rep.ctype, rep.body)
	}
}

// noCache reports whether the request asks for a fresh answer
// (Cache-Control: no-cache or max-age=0, or Pragma: no-cache).
func noCache(c *gin.Context) bool {
	for _, d := range strings.Split(c.GetHeader("Cache-Control"), ",") {
		switch strings.ToLower(strings.TrimSpace(d)) {
		case "no-cache", "max-age=0":
			return true
		}
	}
	return strings.EqualFold(strings.TrimSpace(c.GetHeader("Pragma")), "no-cache")
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
