package gizmo

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/cayleygraph/quad"

	// Formats that /api/v2/read can write: N-Quads (Cayley's default),
	// JSON, JSON-LD and pquads (what Cayley's client asks for).
	_ "github.com/cayleygraph/quad/json"
	_ "github.com/cayleygraph/quad/jsonld"
	_ "github.com/cayleygraph/quad/nquads"
	_ "github.com/cayleygraph/quad/pquads"
)

// errReadOnly is what the v2 handle's writer answers: our writes go
// through store.Put, one article at a time.
var errReadOnly = errors.New("database is read-only")

// registerV2Data mounts Cayley's own v2 data handlers: read and formats as
// they are, and the writes of a read-only APIv2, which answer 403.
func registerV2Data(r gin.IRoutes, e *engine) {
	api := cayleyhttp.NewAPIv2(&graph.Handle{QuadStore: e.st.QuadStore(), QuadWriter: readOnlyWriter{}})
	api.SetReadOnly(true)
	read := e.viewing(api.ServeRead)
	r.GET("/api/v2/read", read)
	r.POST("/api/v2/read", read)
	r.GET("/api/v2/formats", gin.WrapF(api.ServeFormats))
	r.POST("/api/v2/write", gin.WrapF(api.ServeWrite))
	r.POST("/api/v2/delete", gin.WrapF(api.ServeDelete))
	r.POST("/api/v2/node/delete", gin.WrapF(api.ServeNodeDelete))
}

// viewing runs a handler of Cayley's that reads the quad store within
// Store.View, which the memory backend needs against concurrent writes,
// into a spool that is sent once the lock is given back (serveSpooled).
// The request's form (read's filters may come in the body) is capped at
// MaxBody and parsed first: Cayley reads it with FormValue, which drops a
// form it cannot parse and would then answer with every quad.
func (e *engine) viewing(h http.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, e.opts.MaxBody)
		if err := parseForm(c.Request, e.opts.MaxBody); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				writeJSONError(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("form larger than %d bytes", e.opts.MaxBody))
			} else {
				writeJSONError(c, http.StatusBadRequest, fmt.Errorf("read form: %w", err).Error())
			}
			return
		}
		e.serveSpooled(c, h)
	}
}

// parseForm parses a URL-encoded or multipart form. ParseMultipartForm
// alone would hide ParseForm's errors behind ErrNotMultipart.
func parseForm(r *http.Request, maxMemory int64) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	if err := r.ParseMultipartForm(maxMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return err
	}
	return nil
}

// readOnlyWriter is a graph.QuadWriter that refuses every write.
type readOnlyWriter struct{}

func (readOnlyWriter) AddQuad(quad.Quad) error                   { return errReadOnly }
func (readOnlyWriter) AddQuadSet([]quad.Quad) error              { return errReadOnly }
func (readOnlyWriter) RemoveQuad(quad.Quad) error                { return errReadOnly }
func (readOnlyWriter) ApplyTransaction(*graph.Transaction) error { return errReadOnly }
func (readOnlyWriter) RemoveNode(quad.Value) error               { return errReadOnly }
func (readOnlyWriter) Close() error                              { return nil }
