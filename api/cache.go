package api

import (
	"container/list"
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// cache keeps computed answers by key (the request URL), each with the
// store generation it was computed at and, for answers from the read
// model, a check of what it read (reply.current). Every answer it gives
// is current: one kept from before a write is given only if its check
// holds (nothing it read changed), and otherwise computed again and waited
// for. So:
//
//   - an answer is computed once however many requests want it at once
//     (one flight per key), and in the background, so that the work is not
//     lost when the request that started it times out: the next request
//     finds it;
//   - computations at once are bounded (work), so that a burst of distinct
//     requests queues instead of taking every core;
//   - the cache is bounded in bytes: the profile of a hub body lists
//     thousands of articles.
//
// Answers from the store (kg serve --no-read-model, or after a failed
// write dropped the model) carry no check: any write makes them old.
type cache struct {
	maxBytes int64
	timeout  time.Duration // of a background computation
	// base is cancelled by close: background computations end with the
	// server.
	base context.Context
	stop context.CancelFunc
	work chan struct{}
	// observe, if not nil, is told what each computation cost.
	observe func(d time.Duration)

	mu      sync.Mutex
	bytes   int64
	order   *list.List // front: most recently used
	items   map[string]*list.Element
	flights map[string]*flight
}

type cacheEntry struct {
	key  string
	gen  uint64
	val  any
	size int64
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
	cacheHit  cacheState = "hit"  // kept, and current
	cacheMiss cacheState = "miss" // computed for this request
)

func newCache(maxBytes int64, timeout time.Duration, workers int) *cache {
	base, stop := context.WithCancel(context.Background())
	return &cache{
		maxBytes: maxBytes, timeout: timeout, base: base, stop: stop,
		work:  make(chan struct{}, workers),
		order: list.New(), items: map[string]*list.Element{}, flights: map[string]*flight{},
	}
}

// close cancels the background computations.
func (c *cache) close() { c.stop() }

// get returns the answer of key at generation gen: kept and current,
// joined from a computation under way since gen, or computed by fn, which
// the caller waits for until ctx ends.
func (c *cache) get(ctx context.Context, key string, gen uint64, fn computeFunc) (any, cacheState, error) {
	if v, ok := c.kept(key, gen); ok {
		return v, cacheHit, nil
	}
	c.mu.Lock()
	f := c.flights[key]
	if f == nil || f.gen < gen {
		// none, or started before the last write
		f = c.start(key, gen, fn, ctx.Value(inSlot{}) != nil)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.val, cacheMiss, f.err
	case <-ctx.Done():
		return nil, cacheMiss, ctx.Err()
	}
}

// kept returns the answer kept for key if it is current at gen: computed
// at gen, or checked to be unchanged by the writes since.
func (c *cache) kept(key string, gen uint64) (any, bool) {
	c.mu.Lock()
	el, ok := c.items[key]
	if !ok {
		c.mu.Unlock()
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	c.order.MoveToFront(el)
	if e.gen >= gen {
		c.mu.Unlock()
		return e.val, true
	}
	// Checked outside the lock: an answer may have read thousands of
	// values.
	c.mu.Unlock()
	if !holds(e.val) {
		return nil, false
	}
	c.mu.Lock()
	if e.gen < gen {
		e.gen = gen
	}
	c.mu.Unlock()
	return e.val, true
}

// inSlot marks the context of a computation that holds a slot of
// c.work: an answer it waits for (the search index of a search, the size
// of the stats) is computed without one, as the slots it would wait for
// may all be held by computations waiting like it.
type inSlot struct{}

// start begins computing key in the background, in a slot of c.work
// unless nested (the caller holds one); c.mu is held.
func (c *cache) start(key string, gen uint64, fn computeFunc, nested bool) *flight {
	f := &flight{done: make(chan struct{}), gen: gen}
	c.flights[key] = f
	go func() {
		ctx, cancel := context.WithTimeout(context.WithValue(c.base, inSlot{}, true), c.timeout)
		defer cancel()
		var size int64
		compute := func() {
			t := time.Now()
			f.val, size, f.err = fn(ctx)
			if c.observe != nil {
				c.observe(time.Since(t))
			}
		}
		if nested {
			compute()
		} else {
			select {
			case c.work <- struct{}{}:
				compute()
				<-c.work
			case <-ctx.Done():
				f.err = ctx.Err()
			}
		}
		c.mu.Lock()
		if c.flights[key] == f {
			delete(c.flights, key)
		}
		if f.err == nil {
			c.put(key, gen, f.val, size)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	return f
}

// put keeps an answer unless a newer one is kept; c.mu is held.
func (c *cache) put(key string, gen uint64, val any, size int64) {
	e := &cacheEntry{key: key, gen: gen, val: val, size: size}
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
		// Answers are current: from the read model, one is kept as long
		// as what it read is unchanged; from the store, until any write.
		model, fromModel := src.(modelSource)
		v, state, err := s.cache.get(c.Request.Context(), key, s.st.Generation(),
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
		for _, h := range rep.header {
			c.Header(h[0], h[1])
		}
		c.Data(rep.status, rep.ctype, rep.body)
	}
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
