package gizmo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/gin-gonic/gin"

	"github.com/cayleygraph/cayley/query"
	cgizmo "github.com/cayleygraph/cayley/query/gizmo"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"

	"github.com/unionkg/kg/store"
	"github.com/unionkg/kg/store/budget"
)

// Defaults of Options.
const (
	DefaultTimeout    = 10 * time.Second
	DefaultMaxResults = 10000
	DefaultMaxBody    = 64 << 10
)

// cayleyLimit is the number of results Cayley's handlers return per All
// when the client names no limit.
const cayleyLimit = 100

// Options bound what one query may cost. Zero fields take their defaults.
type Options struct {
	// Timeout bounds a query's run, including its wait for a free slot.
	// Default 10s.
	Timeout time.Duration
	// MaxResults caps the results of one query, whatever ?limit= asks.
	// Default 10000.
	MaxResults int
	// MaxBody caps the size of a query, in bytes. Default 64 KiB.
	MaxBody int64
	// MaxConcurrent caps the queries that run at once, so that runaway
	// queries cannot take every CPU: the REST routes keep the rest.
	// Default half of GOMAXPROCS, at least 1.
	MaxConcurrent int
	// MaxQuads, MaxIterators and MaxMemory are each query's budget in
	// Cayley's iterators: the quads and nodes its index scans may visit,
	// the iterators it may build, and how far the heap may grow (process
	// wide, so approximate) while it runs. A query past one is stopped and
	// answered 400. Defaults those of package budget (50,000,000 quads,
	// 100,000 iterators, 64 MiB, or an eighth of the live heap at the
	// query's start when that is more); negative means no bound.
	MaxQuads     int64
	MaxIterators int64
	MaxMemory    int64
	// MaxScriptMemory bounds how far the live heap may grow while a
	// query's JavaScript runs (process wide, so approximate), in bytes:
	// s = s + s, which no builtin sees. Default DefaultMaxScriptMemory,
	// or an eighth of the live heap at the query's start when that is
	// more (budget.MemoryBound); negative means no bound.
	MaxScriptMemory int64
	// Stopped, when set, is called with the name of the limit (a
	// budget.Limit: "quads", "iterators", "memory", "deadline", "write",
	// "canceled") each time one stops a query.
	Stopped func(limit string)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxResults <= 0 {
		o.MaxResults = DefaultMaxResults
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxScriptMemory == 0 {
		o.MaxScriptMemory = DefaultMaxScriptMemory
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = max(1, runtime.GOMAXPROCS(0)/2)
	}
	return o
}

// Register mounts the endpoints on r (a gin router group at the server
// root, so paths are as in the package documentation).
//
// Register sets regexp2.DefaultMatchTimeout, a variable of the package
// goja runs backtracking regular expressions with, to 100ms if it is
// unbounded: this package's one change to state outside it, as goja gives
// no other way to bound a match. A query whose match times out is stopped.
func Register(r gin.IRoutes, st *store.Store, opts Options) {
	if regexp2.DefaultMatchTimeout > regexTimeout {
		regexp2.DefaultMatchTimeout = regexTimeout
	}
	e := newEngine(st, opts.withDefaults())
	r.POST("/api/v1/query/gizmo", e.serveV1Query)
	r.POST("/api/v2/query", e.serveV2Query)
	r.GET("/api/v2/query", e.serveV2Query)
	registerV2Data(r, e)
}

// serveV1Query answers like Cayley's ServeV1Query (internal/http/query.go):
// {"result": [...]} through a default json.Encoder, which escapes < and >.
func (e *engine) serveV1Query(c *gin.Context) {
	qu, ok := e.readQuery(c)
	if !ok {
		return
	}
	ans, err := e.run(c.Request.Context(), request{
		query:     qu,
		limit:     parseLimit(c.Query("limit")),
		collation: query.JSON,
	})
	if err != nil {
		e.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(struct {
		Result any `json:"result"`
	}{ans.results}); err != nil {
		// Cayley writes nothing here; an Emit of NaN or of a function is
		// the query's doing, so say so.
		writeJSONError(c, http.StatusBadRequest, fmt.Errorf("encode results: %w", err).Error())
		return
	}
	e.writeAnswer(c, "application/json", ans, buf.Bytes())
}

// serveV2Query answers like Cayley's APIv2.ServeQuery (server/http/api_v2.go),
// which cannot be mounted as it is: it neither holds the store's read lock
// nor waits for the JavaScript to stop, and it lets a query raise its own
// result limit.
func (e *engine) serveV2Query(c *gin.Context) {
	lang := c.Query("lang")
	if lang == "" {
		writeJSONError(c, http.StatusBadRequest, "query language not specified")
		return
	}
	if lang != cgizmo.Name {
		writeJSONError(c, http.StatusBadRequest, "unknown query language")
		return
	}
	var qu string
	if c.Request.Method == http.MethodGet {
		qu = c.Query("qu")
	} else {
		var ok bool
		if qu, ok = e.readQuery(c); !ok {
			return
		}
	}
	if qu == "" {
		writeJSONError(c, http.StatusBadRequest, "query is empty")
		return
	}
	col, ctype := query.JSON, "application/json"
	if specs := cayleyhttp.ParseAccept(c.Request.Header, "Accept"); len(specs) != 0 && specs[0].Value == "application/ld+json" {
		col, ctype = query.JSONLD, "application/ld+json"
	}
	ans, err := e.run(c.Request.Context(), request{
		query:     qu,
		limit:     parseLimit(c.Query("limit")),
		collation: col,
	})
	if err != nil {
		e.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"result": ans.results}); err != nil {
		writeJSONError(c, http.StatusBadRequest, fmt.Errorf("encode results: %w", err).Error())
		return
	}
	e.writeAnswer(c, ctype, ans, buf.Bytes())
}

// parseLimit reads ?limit= as Cayley does: unparsable or 0 means Cayley's
// default, negative means no limit but ours.
func parseLimit(s string) int {
	n, _ := strconv.Atoi(s)
	if n == 0 {
		return cayleyLimit
	}
	return n
}

// readQuery reads the query from the request body, answering 413 when it
// is larger than MaxBody.
func (e *engine) readQuery(c *gin.Context) (string, bool) {
	body := http.MaxBytesReader(c.Writer, c.Request.Body, e.opts.MaxBody)
	data, err := io.ReadAll(body)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			writeJSONError(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("query larger than %d bytes", e.opts.MaxBody))
		} else {
			writeJSONError(c, http.StatusBadRequest, fmt.Errorf("read query: %w", err).Error())
		}
		return "", false
	}
	return string(data), true
}

func (e *engine) writeAnswer(c *gin.Context, ctype string, ans answer, body []byte) {
	if ans.truncated {
		c.Header("X-Result-Truncated", "true")
	}
	c.Data(http.StatusOK, ctype, body)
}

// writeError answers a failed query: 504 on timeout, 400 for the query's
// own errors as Cayley does and for a query past its budget, 503 for one
// stopped for a write.
func (e *engine) writeError(c *gin.Context, err error) {
	be, _ := errors.AsType[*budget.Error](err)
	switch {
	case errors.Is(err, errTimedOut), be != nil && be.Limit == budget.LimitDeadline:
		writeJSONError(c, http.StatusGatewayTimeout, fmt.Sprintf("query timed out after %v", e.opts.Timeout))
	case be != nil && (be.Limit == budget.LimitWrite || be.Limit == budget.LimitCanceled):
		writeJSONError(c, http.StatusServiceUnavailable, err.Error())
	case errors.Is(err, errCanceled):
		// The client has gone; the answer is for the logs.
		writeJSONError(c, http.StatusServiceUnavailable, err.Error())
	case errors.Is(err, errInternal):
		writeJSONError(c, http.StatusInternalServerError, err.Error())
	default:
		writeJSONError(c, http.StatusBadRequest, err.Error())
	}
}

// writeJSONError writes Cayley's error shape, {"error": "message"}.
func writeJSONError(c *gin.Context, status int, msg string) {
	data, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	c.Data(status, "application/json", append(data, '\n'))
}
