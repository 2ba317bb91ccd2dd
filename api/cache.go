package api

import (
	"container/list"
	"crypto/subtle"
	"net/http"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/gin-gonic/gin"
)

// cache keeps computed answers by request URL until the store changes:
// the headline reads (a congress's relays, a body's profile) touch
// thousands of quads, and a graph that is read far more than written
// should not recompute them per request.
type cache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent
	items map[string]*list.Element
}

type cacheEntry struct {
	key  string
	gen  uint64
	body []byte
}

func newCache(max int) *cache {
	return &cache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *cache) get(key string, gen uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if e.gen != gen {
		c.order.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.body, true
}

func (c *cache) put(key string, gen uint64, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &cacheEntry{key: key, gen: gen, body: body}
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, gen: gen, body: body})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}

// readFunc computes a read answer.
type readFunc func(c *gin.Context, r *reader) (any, error)

// cached wraps a read: the answer is computed under the store's read view
// and kept until the next write.
func (s *Server) cached(fn readFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		key := c.Request.URL.RequestURI()
		gen := s.st.Generation()
		if body, ok := s.cache.get(key, gen); ok {
			c.Header("X-Cache", "hit")
			c.Data(http.StatusOK, "application/json; charset=utf-8", body)
			return
		}
		var v any
		err := s.st.View(func(qs graph.QuadStore) error {
			var err error
			v, err = fn(c, newReader(c.Request.Context(), qs))
			if err == nil {
				err = c.Request.Context().Err()
			}
			return err
		})
		if err != nil {
			s.answer(c, nil, err)
			return
		}
		body, err := marshal(v)
		if err != nil {
			s.answer(c, nil, err)
			return
		}
		s.cache.put(key, gen, body)
		c.Header("X-Cache", "miss")
		c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	}
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
