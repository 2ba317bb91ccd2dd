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
	"io"
	"log/slog"
	"mime"
	"net"
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
	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/gazetteer"
	kg "github.com/unionkg/kg/graph"
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
	// GizmoMaxQuads, GizmoMaxIterators and GizmoMaxMemory (bytes) are
	// each Gizmo query's budget, GizmoConcurrency the Gizmo queries run at
	// once (see gizmo.Options); 0 means the default, a negative budget no
	// bound.
	GizmoMaxQuads, GizmoMaxIterators, GizmoMaxMemory int64
	// GizmoMaxScriptMemory bounds the live heap's growth while a Gizmo
	// query's JavaScript runs, in bytes (gizmo.Options.MaxScriptMemory).
	GizmoMaxScriptMemory int64
	GizmoConcurrency     int
	// ComputeTimeout bounds one computation of an answer, which runs in
	// the background and may outlast the request that started it (default 2 min, and at
	// least QueryTimeout).
	ComputeTimeout time.Duration
	// CacheBytes bounds the answers kept (default 256 MiB).
	CacheBytes int64
	// ReadRate, WriteRate and QueryRate limit each client's requests per
	// second to reads, to writes and to Gizmo queries, with a burst of
	// twice the rate; 0 means no limit. Each has its own buckets, keyed by
	// the client's address; writes that present the bearer token draw on
	// buckets of their own, so that requests without it (refused or not)
	// never spend a token holder's budget.
	ReadRate, WriteRate, QueryRate float64
	// BodyTimeout bounds the reading of a request's body (default 30 s):
	// a client that sends it slower is cut off with 408, and holds
	// nothing longer.
	BodyTimeout time.Duration
	// WriteTimeout bounds the writing of one answer (default QueryTimeout
	// plus 30 s): a client that stops reading is cut off. Answers are
	// computed, under the store's lock, before they are written, so a
	// slow client holds a connection and never the lock.
	WriteTimeout time.Duration
	// LockLimit is how long a hold of, or a wait for, the store's lock may
	// last before /healthz answers 503 (default three times QueryTimeout).
	LockLimit time.Duration
	// TrustedProxies lists the addresses and CIDR ranges of the reverse
	// proxies whose X-Forwarded-For and X-Real-IP name the client; from
	// anyone else they are ignored. Empty: the peer's address is the
	// client's. See CheckProxies.
	TrustedProxies []string
	// AllowedHosts, when not empty, lists the host names (without port)
	// that requests may name in Host; others get 403. A server on loopback
	// without a token lists the loopback names, so that a web page whose
	// name is rebound to 127.0.0.1 (DNS rebinding) reaches nothing. The
	// name localhost also allows its subdomains.
	AllowedHosts []string
}

// CheckProxies returns an error for an entry of Options.TrustedProxies
// that is neither an IP address nor a CIDR range.
func CheckProxies(proxies []string) error {
	for _, p := range proxies {
		if _, _, err := net.ParseCIDR(p); err == nil {
			continue
		}
		if net.ParseIP(p) == nil {
			return fmt.Errorf("trusted proxy %q is neither an IP address nor a CIDR range", p)
		}
	}
	return nil
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
	// gizmoStopped counts Gizmo queries stopped by a limit.
	gizmoStopped *prometheus.CounterVec
	dur          *prometheus.HistogramVec

	// Rate limits (nil: none): reads, writes without and with the token,
	// Gizmo queries.
	reads, writes, tokenWrites, queries *limiter
	// crossSite refuses writes that a browser sends for another site.
	crossSite *http.CrossOriginProtection

	// cal names the congresses an alias may mean even when the graph has
	// no relay of them (十八大: 党的十八大 and 中国工会十八大).
	cal *calendar.Calendar
	// levels and provinces are the values the province and level filters
	// accept.
	levels    levelNames
	provinces []string
	// memo keeps parts of answers computed from the read model.
	memo *memo
	// storeOnly answers from the store even when the read model is
	// built: the reference the read model's answers are checked against.
	storeOnly bool
	// loadWait is maxLoadWait; tests shorten it.
	loadWait time.Duration
	// sloganParts, bodyParts and congressParts are the constants; tests
	// lower them.
	sloganParts, bodyParts, congressParts int
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
	if opts.ComputeTimeout <= 0 {
		opts.ComputeTimeout = 2 * time.Minute
	}
	opts.ComputeTimeout = max(opts.ComputeTimeout, opts.QueryTimeout)
	if opts.BodyTimeout <= 0 {
		opts.BodyTimeout = 30 * time.Second
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = opts.QueryTimeout + 30*time.Second
	}
	if opts.LockLimit <= 0 {
		opts.LockLimit = 3 * opts.QueryTimeout
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = 256 << 20
	}
	procs := runtime.GOMAXPROCS(0)
	s := &Server{st: st, in: in, gaz: gaz, t2s: t2s, opts: opts, log: opts.Logger,
		cache: newCache(opts.CacheBytes, opts.ComputeTimeout, 4*procs),
		reg:   prometheus.NewRegistry(), memo: newMemo(), loadWait: maxLoadWait, sloganParts: sloganParts, bodyParts: bodyParts, congressParts: congressParts}
	// Both come from embedded data, which the data package's tests
	// check: a failure here is a broken build, said loudly, and leaves
	// the server up without aliases from the calendar or level words.
	var err error
	if s.cal, err = loadCalendar(); err != nil {
		s.log.Error("aliases of congresses without the calendar", "err", err)
	}
	if s.levels, err = loadLevels(); err != nil {
		s.log.Error("level filters without their words", "err", err)
	}
	s.provinces = provinceNames(gaz)
	s.reads = newLimiter(opts.ReadRate)
	s.writes, s.tokenWrites = newLimiter(opts.WriteRate), newLimiter(opts.WriteRate)
	s.queries = newLimiter(opts.QueryRate)
	// Browsers name the page that sends a request (Sec-Fetch-Site,
	// Origin); the origins allowed by CORS may write from their pages.
	s.crossSite = http.NewCrossOriginProtection()
	for _, o := range opts.CORSOrigins {
		if o == "*" {
			continue
		}
		if err := s.crossSite.AddTrustedOrigin(o); err != nil {
			s.log.Warn("CORS origin not trusted for writes", "origin", o, "err", err)
		}
	}
	s.reqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kg_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"route", "method", "status"})
	s.dur = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "kg_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
	computed := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "kg_answer_compute_seconds", Help: "Time to compute an answer that was not kept, or whose kept one a write changed.",
		Buckets: []float64{.001, .01, .1, .5, 1, 2.5, 5, 10, 30, 60, 120},
	})
	s.cache.observe = func(d time.Duration) { computed.Observe(d.Seconds()) }
	s.gizmoStopped = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kg_gizmo_queries_stopped_total", Help: "Gizmo queries stopped by a limit: quads, iterators, memory, deadline, write (a write was waiting) or canceled.",
	}, []string{"limit"})
	s.reg.MustRegister(s.reqs, s.dur, computed, s.gizmoStopped,
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
	// Routes match the path as the client escaped it, so that an ID
	// holding '/' is one segment written with %2F (/api/articles/
	// https:%2F%2Fx.cn%2Fa.html); parameters are unescaped.
	r.UseRawPath = true
	r.UnescapePathValues = true
	// X-Forwarded-For counts only from the configured proxies (gin's
	// default trusts every peer).
	if err := r.SetTrustedProxies(s.opts.TrustedProxies); err != nil {
		s.log.Error("trusted proxies ignored", "err", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.Use(s.recover, s.observe, s.allowedHost, s.deadlines, s.cors)
	r.NoRoute(s.noRoute)
	r.NoMethod(func(c *gin.Context) {
		fail(c, http.StatusMethodNotAllowed, "method_not_allowed", c.Request.Method+" is not allowed here")
	})

	r.GET("/healthz", s.health)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{})))
	r.GET("/api/openapi.json", s.openAPI)

	a := r.Group("/api", s.timeout, s.readLimit)
	a.GET("/stats", s.cached(s.stats))
	a.GET("/search", s.cached(s.search))
	a.GET("/congresses", s.cached(s.congresses))
	a.GET("/congresses/:id", s.cached(s.congress))
	a.GET("/congresses/:id/relays", varyAccept, s.cached(s.relays))
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
	// Writes: refused from other sites first, then the token is checked,
	// then the rate: a refused request spends the budget of its address,
	// never that of the token's holder.
	a.POST("/articles", s.sameSite, s.auth, s.writeLimit, s.postArticle)
	a.DELETE("/articles/:id", s.sameSite, s.auth, s.writeLimit, s.deleteArticle)
	if !s.opts.NoGizmo {
		gizmo.Register(r.Group("/", s.queryLimit, s.queryCap), s.st, gizmo.Options{
			Timeout: s.opts.QueryTimeout, MaxResults: s.opts.MaxResults, MaxBody: gizmo.DefaultMaxBody,
			MaxConcurrent: s.opts.GizmoConcurrency,
			MaxQuads:      s.opts.GizmoMaxQuads, MaxIterators: s.opts.GizmoMaxIterators, MaxMemory: s.opts.GizmoMaxMemory,
			MaxScriptMemory: s.opts.GizmoMaxScriptMemory,
			Stopped:         func(limit string) { s.gizmoStopped.WithLabelValues(limit).Inc() },
		})
	}
	return r
}

// health answers whether the server runs, and whether it takes writes.
// It takes no lock: it answers while the store's lock is held, and says so
// (503) once a hold or a wait has lasted past LockLimit.
func (s *Server) health(c *gin.Context) {
	ls := s.st.LockStatus()
	h := gin.H{"status": "ok", "writes": "ok", "lock": gin.H{
		"mode": ls.Mode, "holders": ls.Holders, "held_ms": ls.Held.Milliseconds(),
		"waiting": ls.Waiting, "waited_ms": ls.Waited.Milliseconds(),
	}}
	status := http.StatusOK
	if ls.Held > s.opts.LockLimit || ls.Waited > s.opts.LockLimit {
		status = http.StatusServiceUnavailable
		h["status"] = "degraded"
		h["lock_reason"] = fmt.Sprintf("the store's lock has been held for %s and waited for for %s, more than %s: a request is stuck under it, and writes wait",
			ls.Held.Round(time.Millisecond), ls.Waited.Round(time.Millisecond), s.opts.LockLimit)
	}
	switch err := s.st.Writable(); {
	case s.in == nil || errors.Is(err, store.ErrReadOnly):
		h["writes"] = "read_only"
	case !s.in.Loaded():
		h["writes"] = "starting"
	case errors.Is(err, store.ErrNoSpace):
		h["writes"] = "suspended"
		h["reason"] = msgNoSpace
	case err != nil:
		h["writes"] = "suspended"
		h["reason"] = msgSuspended
	}
	// Routes answer from the read model; while it is loaded or built,
	// they wait for it.
	switch m := s.st.ReadModel(); {
	case m == nil:
		h["read_model"] = "off"
	case m.Building():
		h["read_model"] = "building"
	case m.Loading():
		h["read_model"] = "loading"
	case m.Ready():
		h["read_model"] = "ready"
	default:
		// A write failed part way and dropped the model: routes read the
		// store until the next start builds it again.
		h["read_model"] = "dropped"
	}
	c.JSON(status, h)
}

// Messages of failed writes. They leave out the error itself, which names
// files of the server (the log has it).
const (
	msgNoSpace   = "the store is out of space (disk full, quota or file-size limit): the write failed; writes are refused until an operator makes room and restarts the server; reads still work"
	msgSuspended = "an earlier write to the store failed: writes are refused until an operator restarts the server; reads still work"
)

// readLimit, writeLimit and queryLimit apply the configured rates, by the
// client's address (gin's ClientIP, which takes X-Forwarded-For from
// trusted proxies only). writeLimit runs after auth: a request with the
// token draws on the token holders' buckets.
func (s *Server) readLimit(c *gin.Context) {
	if c.Request.Method == http.MethodGet {
		s.reads.middleware(c, c.ClientIP())
	}
}

func (s *Server) writeLimit(c *gin.Context) {
	if c.GetBool(ctxAuthenticated) {
		s.tokenWrites.middleware(c, c.ClientIP())
		return
	}
	s.writes.middleware(c, c.ClientIP())
}

func (s *Server) queryLimit(c *gin.Context) { s.queries.middleware(c, c.ClientIP()) }

// queryCap answers 413 to a Gizmo query given in the URL (GET
// /api/v2/query?qu=) that is larger than a query body may be.
func (s *Server) queryCap(c *gin.Context) {
	if c.Request.Method == http.MethodGet && c.Request.URL.RawQuery != "" {
		if qu := c.Query("qu"); len(qu) > gizmo.DefaultMaxBody {
			// Cayley's error shape, as the Gizmo endpoints answer.
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": fmt.Sprintf("query larger than %d bytes", gizmo.DefaultMaxBody)})
			return
		}
	}
	c.Next()
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
	case errors.Is(err, ingest.ErrInvalid), errors.Is(err, store.ErrInvalid), errors.Is(err, kg.ErrInvalidArticleID):
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
		"status", status, "duration", d, "bytes", c.Writer.Size(), "client", c.ClientIP())
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

// maxLoadWait bounds how long a read waits for the read model to load
// from its snapshot, or to be built from the quads, before its own time
// limit starts: on a large graph a load takes longer than that limit (12 s
// at 100,000 articles), which the wait would otherwise spend whole (a 504
// on a cold start). A read still waiting then gets 503 with Retry-After:
// reading the store instead would take longer still, and slow the build.
const maxLoadWait = 2 * time.Minute

// timeout bounds a request's work.
func (s *Server) timeout(c *gin.Context) {
	if m := s.st.ReadModel(); c.Request.Method == http.MethodGet && m != nil && !s.storeOnly && m.Loading() {
		wctx, cancel := context.WithTimeout(c.Request.Context(), s.loadWait)
		m.WaitLoad(wctx)
		cancel()
		if c.Request.Context().Err() != nil {
			c.Abort()
			return
		}
		if m.Loading() {
			what := "loaded from its snapshot"
			if m.Building() {
				what = "built from the store's quads"
			}
			c.Header("Retry-After", "10")
			fail(c, http.StatusServiceUnavailable, "starting", "the read model is still being "+what+"; retry shortly (GET /healthz says when it is ready)")
			return
		}
		_ = http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.opts.QueryTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// ctxAuthenticated marks, in a gin context, a request that presented the
// bearer token.
const ctxAuthenticated = "kg.authenticated"

// hasToken reports whether the request presents the server's bearer token.
func (s *Server) hasToken(c *gin.Context) bool {
	if s.opts.Token == "" {
		return false
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	return ok && constantTimeEqual(got, s.opts.Token)
}

// auth checks the bearer token of a write. A refused request counts
// against its address's write budget, so that guessing the token is
// throttled like any write.
func (s *Server) auth(c *gin.Context) {
	if s.in == nil {
		fail(c, http.StatusForbidden, "read_only", "this server does not accept writes")
		return
	}
	if s.opts.Token == "" {
		c.Next()
		return
	}
	if !s.hasToken(c) {
		if ok, wait := s.writes.allow(c.ClientIP()); !ok {
			tooMany(c, wait)
			return
		}
		c.Header("WWW-Authenticate", `Bearer realm="kg"`)
		fail(c, http.StatusUnauthorized, "unauthorized", "writes need a valid bearer token")
		return
	}
	c.Set(ctxAuthenticated, true)
	c.Next()
}

// sameSite refuses a write that a browser sends on behalf of another site
// (a form or a fetch of a page elsewhere): by Sec-Fetch-Site, else by
// Origin against Host, as net/http's CrossOriginProtection does; the
// origins CORS allows are trusted. A request with the bearer token passes,
// as browsers never add one by themselves. From a browser (a request that
// carries Origin or Sec-Fetch-Site) an article must be JSON: text/plain is
// what a form can send without asking.
func (s *Server) sameSite(c *gin.Context) {
	if s.hasToken(c) {
		c.Next()
		return
	}
	if err := s.crossSite.Check(c.Request); err != nil {
		fail(c, http.StatusForbidden, "cross_site", "writes from other sites are refused ("+err.Error()+"): send them from this server's own pages, from an origin given with --cors, or with the bearer token")
		return
	}
	if c.Request.Method == http.MethodPost && fromBrowser(c.Request) {
		if ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); ct != "application/json" {
			fail(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "a browser must send articles as application/json (text/plain is for scripts, which send no Origin)")
			return
		}
	}
	c.Next()
}

// fromBrowser reports a request that a browser sent: browsers add Origin
// to every cross-origin and every POST request, and Sec-Fetch-Site to all.
func fromBrowser(r *http.Request) bool {
	return r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != ""
}

// allowedHost answers 403 to a request whose Host is not one of
// AllowedHosts, when they are set.
func (s *Server) allowedHost(c *gin.Context) {
	if len(s.opts.AllowedHosts) == 0 {
		c.Next()
		return
	}
	host := c.Request.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	for _, a := range s.opts.AllowedHosts {
		a = strings.ToLower(strings.Trim(a, "[]"))
		if host == a || a == "localhost" && strings.HasSuffix(host, ".localhost") {
			c.Next()
			return
		}
	}
	fail(c, http.StatusForbidden, "host_not_allowed", fmt.Sprintf("this server answers to %s only, not to %q: it listens on loopback without a token, and a name that leads here from elsewhere is a DNS-rebinding attempt (kg serve --allowed-host NAME adds a name)",
		strings.Join(s.opts.AllowedHosts, ", "), host))
}

// deadlines bounds the time a client may take to send the request's body
// (BodyTimeout) and to read the answer (WriteTimeout). The body's deadline
// is lifted once it has been read, so that the work after it is bounded by
// the request's own timeout, not cut short: net/http cancels a request
// whose connection times out.
func (s *Server) deadlines(c *gin.Context) {
	rc := http.NewResponseController(c.Writer)
	now := time.Now()
	// Not every ResponseWriter has deadlines (a test recorder has not).
	_ = rc.SetWriteDeadline(now.Add(s.opts.WriteTimeout))
	if body := c.Request.Body; body != nil && body != http.NoBody {
		if err := rc.SetReadDeadline(now.Add(s.opts.BodyTimeout)); err == nil {
			c.Request.Body = &deadlineBody{ReadCloser: body, rc: rc}
		}
	}
	c.Next()
}

// deadlineBody lifts the read deadline of its request once the whole body
// has been read.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	done bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.done {
		b.done = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// bodyTimedOut reports an error of a body that did not arrive in time.
func bodyTimedOut(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

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
