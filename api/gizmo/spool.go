package gizmo

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/gin-gonic/gin"
)

// Bounds of a spooled answer.
const (
	// spoolMemory is kept in memory; more goes to a temporary file.
	spoolMemory = 1 << 20
	// spoolMax is the largest answer /api/v2/read gives: a dump of the
	// whole graph belongs to kg export.
	spoolMax = 2 << 30
)

// errSpoolTimeout and errSpoolTooLarge end a read that took longer than
// the query timeout, or wrote more than spoolMax.
var (
	errSpoolTimeout  = errors.New("read timed out")
	errSpoolTooLarge = errors.New("answer too large")
)

// serveSpooled runs h, a handler of Cayley's that reads the quad store,
// under the store's read lock into a spool (memory, then a temporary
// file), and sends the spool once the lock is given back. A client that
// reads slowly so holds its connection, never the lock: every write would
// wait behind it, and on the memory store every read too. The read under
// the lock takes a query slot and is bounded by the query timeout (504
// past it); the client's reading is bounded by the server's write
// deadline.
func (e *engine) serveSpooled(c *gin.Context, h http.HandlerFunc) {
	ctx := c.Request.Context()
	select {
	case e.slots <- struct{}{}:
	case <-time.After(e.opts.Timeout):
		writeJSONError(c, http.StatusGatewayTimeout, fmt.Sprintf("no free query slot within %v", e.opts.Timeout))
		return
	case <-ctx.Done():
		return
	}
	sp := &spool{header: http.Header{}, deadline: time.Now().Add(e.opts.Timeout)}
	defer sp.close()
	func() {
		defer func() { <-e.slots }()
		_ = e.st.View(func(graph.QuadStore) error {
			h(sp, c.Request)
			return nil
		})
	}()
	switch {
	case errors.Is(sp.err, errSpoolTimeout):
		writeJSONError(c, http.StatusGatewayTimeout, fmt.Sprintf("read timed out after %v: narrow it with sub, pred, obj or label, or use kg export", e.opts.Timeout))
		return
	case errors.Is(sp.err, errSpoolTooLarge):
		writeJSONError(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("the answer is larger than %d bytes: narrow it with sub, pred, obj or label, or use kg export", int64(spoolMax)))
		return
	case sp.err != nil:
		slog.Error("spool /api/v2/read", "err", sp.err)
		writeJSONError(c, http.StatusInternalServerError, "internal error")
		return
	}
	if ctx.Err() != nil {
		return // the client has gone
	}
	for k, vs := range sp.header {
		c.Writer.Header()[k] = vs
	}
	c.Header("Content-Length", strconv.FormatInt(sp.size, 10))
	c.Status(cmp.Or(sp.status, http.StatusOK))
	c.Writer.WriteHeaderNow()
	if err := sp.copyTo(c.Writer); err != nil {
		slog.Debug("send /api/v2/read", "err", err)
	}
}

// spool is an http.ResponseWriter that keeps the answer: its first
// spoolMemory bytes in memory, the rest in an unlinked temporary file.
type spool struct {
	header   http.Header
	status   int
	mem      bytes.Buffer
	file     *os.File
	size     int64
	deadline time.Time
	err      error
}

func (s *spool) Header() http.Header { return s.header }

func (s *spool) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
}

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.WriteHeader(http.StatusOK)
	switch {
	case time.Now().After(s.deadline):
		s.err = errSpoolTimeout
	case s.size+int64(len(p)) > spoolMax:
		s.err = errSpoolTooLarge
	}
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil && s.mem.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp("", "kg-read-*")
		if err != nil {
			s.err = fmt.Errorf("spool: %w", err)
			return 0, s.err
		}
		// Unlinked at once: the space is freed when the file is closed,
		// whatever happens to the process.
		_ = os.Remove(f.Name())
		s.file = f
		if _, err := s.mem.WriteTo(f); err != nil {
			s.err = fmt.Errorf("spool: %w", err)
			return 0, s.err
		}
	}
	var n int
	var err error
	if s.file != nil {
		n, err = s.file.Write(p)
	} else {
		n, err = s.mem.Write(p)
	}
	s.size += int64(n)
	if err != nil {
		s.err = fmt.Errorf("spool: %w", err)
	}
	return n, s.err
}

// copyTo sends the spooled answer.
func (s *spool) copyTo(w io.Writer) error {
	if s.file == nil {
		_, err := s.mem.WriteTo(w)
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.file)
	return err
}

func (s *spool) close() {
	if s.file != nil {
		s.file.Close()
	}
}
