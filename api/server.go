// Package api serves the knowledge graph over HTTP with gin: REST
// traversals for scripts (congresses and who relayed them, bodies, persons,
// slogans, articles with their evidence, search), graph views for
// visualisation frontends (Cytoscape.js elements or d3 nodes and links),
// Cayley-compatible Gizmo queries, and article writes. docs/api.md is the
// contract; /api/openapi.json describes it for machines.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/unionkg/kg/api/gizmo"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/hans"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/store"
)

// Options configure a Server.
type Options struct {
	// Token, when set, is the bearer token writes must present.
	Token string
	// CORSOrigins lists the origins allowed to call the API from a
	// browser; "*" allows any. Empty: no CORS headers.
	CORSOrigins []string
	// WebDir holds the built explorer (web/dist), served at /.
	WebDir string
	// QueryTimeout bounds one request's work (default 10 s).
	QueryTimeout time.Duration
	// MaxResults caps Gizmo results (default 10,000).
	MaxResults int
	// MaxBody caps a request body (default 4 MiB; Gizmo queries 64 KiB).
	MaxBody int64
	// Logger receives one line per request; nil means slog.Default().
	Logger *slog.Logger
	// NoGizmo leaves the Gizmo endpoints out: Cayley v0.7.7's JavaScript
	// engine has no memory or stack limit, so a hostile query can still
	// bring the process down (see package gizmo); a public server that
	// cannot restart itself should not offer it.
	NoGizmo bool
	// StaleWait is how long a read waits for a fresh answer, after a
	// write made the kept one stale, before it takes the stale one (marked
	// X-Cache: stale, with its Age) and leaves the refresh to finish in the
	// background (default 300 ms). Requests with Cache-Control: no-cache
	// always wait for a fresh answer.
	StaleWait time.Duration
	// RefreshTimeout bounds one background computation of an answer,
	// which may outlast the request that started it (default 2 min, and at
	// least QueryTimeout).
	RefreshTimeout time.Duration
	// CacheBytes bounds the answers kept (default 256 MiB).
	CacheBytes int64
	// ReadRate and WriteRate limit each client's requests per second to
	// reads and to costly requests (writes and Gizmo queries), with a
	// burst of twice the rate; 0 means no limit.
	ReadRate, WriteRate float64
}

// Server serves one store.
type Server struct {
	st    *store.Store
	in    *ingest.Ingester
	gaz   *gazetteer.Gazetteer
	t2s   *hans.Converter
	opts  Options
	log   *slog.Logger
	cache *cache
	reg   *prometheus.Registry
	reqs  *prometheus.CounterVec
	dur   *prometheus.HistogramVec

	reads, writes *limiter
}

// New returns a Server for the store; in performs writes (nil: read-only).
func New(st *store.Store, in *ingest.Ingester, gaz *gazetteer.Gazetteer, t2s *hans.Converter, opts Options) *Server {
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 10 * time.Second
	}
	if opts.MaxResults <= 0 {
		opts.MaxResults = 10000
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 4 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.StaleWait <= 0 {
		opts.StaleWait = 300 * time.Millisecond
	}
	if opts.RefreshTimeout <= 0 {
		opts.RefreshTimeout = 2 * time.Minute
	}
	opts.RefreshTimeout = max(opts.RefreshTimeout, opts.QueryTimeout)
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = 256 << 20
	}
	// Refreshes get half the cores at most, so that requests with no
	// answer at all still find one free.
	procs := runtime.GOMAXPROCS(0)
	s := &Server{st: st, in: in, gaz: gaz, t2s: t2s, opts: opts, log: opts.Logger,
		cache: newCache(opts.CacheBytes, opts.StaleWait, opts.RefreshTimeout, 4*procs, max(1, procs/2), st.Generation),
		reg:   prometheus.NewRegistry()}
	if opts.ReadRate > 0 {
		s.reads = newLimiter(opts.ReadRate, int(2*opts.ReadRate)+1)
	}
	if opts.WriteRate > 0 {
		s.writes = newLimiter(opts.WriteRate, int(2*opts.WriteRate)+1)
	}
	s.reqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kg_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"route", "method", "status"})
	s.dur = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "kg_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
	computed := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "kg_answer_compute_seconds", Help: "Time to compute an answer in the background: for a request with none kept (cold) or to refresh a stale one (refresh).",
		Buckets: []float64{.001, .01, .1, .5, 1, 2.5, 5, 10, 30, 60, 120},
	}, []string{"kind"})
	s.cache.observe = func(refresh bool, d time.Duration) {
		kind := "cold"
		if refresh {
			kind = "refresh"
		}
		computed.WithLabelValues(kind).Observe(d.Seconds())
	}
	s.reg.MustRegister(s.reqs, s.dur, computed,
		// The Go heap and the process's memory, for watching a long-running
		// server (bench/soak reads the heap from here).
		prometheus.NewGoCollector(),
		prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}),
		// The heap the last collection found live: the Go collector's
		// heap figures include garbage not yet collected, which swings by
		// hundreds of MiB with the answers being computed, and hides a
		// slow leak.
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kg_go_heap_live_bytes", Help: "Heap bytes live after the last garbage collection (runtime/metrics /gc/heap/live:bytes)."},
			heapLive),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kg_store_generation", Help: "Writes applied to the store since start."},
			func() float64 { return float64(st.Generation()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kg_store_writable", Help: "1 while the server accepts writes, 0 when read-only or after a failed write."},
			func() float64 {
				if s.in == nil || st.Writable() != nil {
					return 0
				}
				return 1
			}))
	return s
}

// heapLive reads the heap the last garbage collection marked live.
func heapLive() float64 {
	m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(m)
	if m[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(m[0].Value.Uint64())
}

// Close ends the background computations of answers. Call it before
// closing the store.
func (s *Server) Close() { s.cache.close() }

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(s.recover, s.observe, s.cors)
	r.NoRoute(s.noRoute)
	r.NoMethod(func(c *gin.Context) {
		fail(c, http.StatusMethodNotAllowed, "method_not_allowed", c.Request.Method+" is not allowed here")
	})

	r.GET("/healthz", s.health)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{})))
	r.GET("/api/openapi.json", s.openAPI)

	a := r.Group("/api", s.timeout, s.readLimit)
	a.GET("/stats", s.cached(s.stats))
	a.GET("/search", s.search)
	a.GET("/congresses", s.cached(s.congresses))
	a.GET("/congresses/:id", s.cached(s.congress))
	a.GET("/congresses/:id/relays", s.cached(s.relays))
	a.GET("/bodies", s.cached(s.bodies))
	a.GET("/bodies/:id", s.cached(s.body))
	a.GET("/persons/:id", s.cached(s.person))
	a.GET("/slogans", s.cached(s.slogans))
	a.GET("/slogans/:id", s.cached(s.slogan))
	a.GET("/articles", s.cached(s.articleList))
	a.GET("/articles/:id", s.cached(s.articleView))
	a.GET("/nodes/:id", s.cached(s.nodeView))
	a.GET("/graph/neighborhood", s.cached(s.neighborhood))
	a.GET("/graph/path", s.cached(s.path))
	a.POST("/articles", s.writeLimit, s.auth, s.postArticle)
	a.DELETE("/articles/:id", s.writeLimit, s.auth, s.deleteArticle)
	if !s.opts.NoGizmo {
		gizmo.Register(r.Group("/", s.writeLimit), s.st, gizmo.Options{Timeout: s.opts.QueryTimeout, MaxResults: s.opts.MaxResults})
	}
	return r
}

// health answers whether the server runs, and whether it takes writes.
func (s *Server) health(c *gin.Context) {
	h := gin.H{"status": "ok", "writes": "ok"}
	switch err := s.st.Writable(); {
	case s.in == nil || errors.Is(err, store.ErrReadOnly):
		h["writes"] = "read_only"
	case errors.Is(err, store.ErrNoSpace):
		h["writes"] = "suspended"
		h["reason"] = msgNoSpace
	case err != nil:
		h["writes"] = "suspended"
		h["reason"] = msgSuspended
	}
	c.JSON(http.StatusOK, h)
}

// Messages of failed writes. They leave out the error itself, which names
// files of the server (the log has it).
const (
	msgNoSpace   = "the store is out of space (disk full, quota or file-size limit): the write failed; writes are refused until an operator makes room and restarts the server; reads still work"
	msgSuspended = "an earlier write to the store failed: writes are refused until an operator restarts the server; reads still work"
)

// readLimit and writeLimit apply the configured rates.
func (s *Server) readLimit(c *gin.Context) {
	if s.reads != nil && c.Request.Method == http.MethodGet {
		s.reads.middleware(c)
	}
}

func (s *Server) writeLimit(c *gin.Context) {
	if s.writes != nil {
		s.writes.middleware(c)
	}
}

// apiError is the body of every error answer.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func fail(c *gin.Context, status int, code, msg string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, msg
	c.AbortWithStatusJSON(status, e)
}

// errNotFound reports an unknown entity.
var errNotFound = errors.New("not found")

// badRequest is an error in the request's parameters.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

// answer sends what a read handler computed, or the right error.
func (s *Server) answer(c *gin.Context, v any, err error) {
	switch {
	case err == nil:
		c.JSON(http.StatusOK, v)
	case errors.Is(err, errNotFound), errors.Is(err, store.ErrNotFound):
		fail(c, http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, store.ErrNoSpace):
		s.log.Error("write failed", "path", c.Request.URL.Path, "err", err)
		fail(c, http.StatusInsufficientStorage, "insufficient_storage", msgNoSpace)
	case errors.Is(err, store.ErrWritesSuspended):
		s.log.Error("write failed", "path", c.Request.URL.Path, "err", err)
		fail(c, http.StatusServiceUnavailable, "writes_suspended", msgSuspended)
	case errors.Is(err, store.ErrReadOnly):
		fail(c, http.StatusForbidden, "read_only", "the store is read-only")
	case errors.As(err, new(badRequest)):
		fail(c, http.StatusBadRequest, "bad_request", err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		fail(c, http.StatusGatewayTimeout, "timeout", "the request took longer than "+s.opts.QueryTimeout.String())
	case errors.Is(err, context.Canceled):
		// The client went away; 499 (nginx's "client closed request")
		// keeps it apart from answers in the logs and metrics.
		c.AbortWithStatus(499)
	default:
		s.log.Error("request failed", "path", c.Request.URL.Path, "err", err)
		fail(c, http.StatusInternalServerError, "internal", "internal error")
	}
}

func (s *Server) recover(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic serving request", "path", c.Request.URL.Path, "panic", fmt.Sprint(p))
			fail(c, http.StatusInternalServerError, "internal", "internal error")
		}
	}()
	c.Next()
}

// observe logs each request and counts it in the metrics.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	d := time.Since(start)
	status := c.Writer.Status()
	s.reqs.WithLabelValues(route, c.Request.Method, strconv.Itoa(status)).Inc()
	s.dur.WithLabelValues(route).Observe(d.Seconds())
	s.log.Info("request", "method", c.Request.Method, "path", c.Request.URL.Path, "route", route,
		"status", status, "duration", d, "bytes", c.Writer.Size())
}

func (s *Server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" || len(s.opts.CORSOrigins) == 0 {
		c.Next()
		return
	}
	allowed := ""
	for _, o := range s.opts.CORSOrigins {
		if o == "*" || o == origin {
			allowed = o
			break
		}
	}
	if allowed == "" {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", allowed)
	h.Add("Vary", "Origin")
	if c.Request.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// timeout bounds a request's work.
func (s *Server) timeout(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.opts.QueryTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// auth checks the bearer token of a write.
func (s *Server) auth(c *gin.Context) {
	if s.in == nil {
		fail(c, http.StatusForbidden, "read_only", "this server does not accept writes")
		return
	}
	if s.opts.Token == "" {
		c.Next()
		return
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || !constantTimeEqual(got, s.opts.Token) {
		c.Header("WWW-Authenticate", `Bearer realm="kg"`)
		fail(c, http.StatusUnauthorized, "unauthorized", "writes need a valid bearer token")
		return
	}
	c.Next()
}

// noRoute serves the explorer for non-API paths, and JSON 404s for API
// ones.
func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		fail(c, http.StatusNotFound, "not_found", "no route "+c.Request.Method+" "+p)
		return
	}
	if s.opts.WebDir == "" {
		fail(c, http.StatusNotFound, "not_found", "no explorer configured (kg serve --web DIR)")
		return
	}
	index := filepath.Join(s.opts.WebDir, "index.html")
	if _, err := os.Stat(index); err != nil {
		c.Data(http.StatusServiceUnavailable, "text/plain; charset=utf-8",
			[]byte("The explorer is not built. Build it with:\n\n    make web\n\n(or: cd web && npm ci && npm run build), then reload.\n"))
		return
	}
	// Files under the web directory only: http.Dir refuses paths that
	// climb out of it.
	clean := filepath.Clean("/" + p)
	if f, err := http.Dir(s.opts.WebDir).Open(clean); err == nil {
		st, err := f.Stat()
		f.Close()
		if err == nil && !st.IsDir() {
			c.FileFromFS(clean, http.Dir(s.opts.WebDir))
			return
		}
	}
	c.File(index) // a view's address: the single-page app routes it
}
