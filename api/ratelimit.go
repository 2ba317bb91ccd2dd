package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per key (a client's address). A nil
// limiter allows everything.
type limiter struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// newLimiter returns a limiter of perSecond requests per key, with a burst
// of twice that; nil for perSecond <= 0.
func newLimiter(perSecond float64) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{rate: rate.Limit(perSecond), burst: int(2*perSecond) + 1, clients: map[string]*client{}, swept: time.Now()}
}

// allow takes one token from key's bucket, or says how long until one is
// there.
func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	// Forget clients idle for a while, so the map does not grow with
	// every address ever seen.
	if now.Sub(l.swept) > time.Minute {
		for k, c := range l.clients {
			if now.Sub(c.seen) > 5*time.Minute {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c := l.clients[key]
	if c == nil {
		c = &client{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	r := c.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// middleware answers 429 to a request whose key is over its rate.
func (l *limiter) middleware(c *gin.Context, key string) {
	if ok, wait := l.allow(key); !ok {
		tooMany(c, wait)
		return
	}
	c.Next()
}

// tooMany answers 429 with Retry-After.
func tooMany(c *gin.Context, wait time.Duration) {
	c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	fail(c, http.StatusTooManyRequests, "rate_limited", "too many requests; retry after "+wait.Round(time.Millisecond).String())
}
