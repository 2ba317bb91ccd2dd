package gizmo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"

	"github.com/unionkg/kg/store"
	"github.com/unionkg/kg/store/budget"
)

// Errors of run that are not the query's own.
var (
	errTimedOut = errors.New("query timed out")
	errCanceled = errors.New("query canceled")
	errInternal = errors.New("internal error")
)

// engine runs Gizmo queries within the bounds of Options.
type engine struct {
	st   *store.Store
	opts Options
	// slots holds a token for each query whose JavaScript may still be
	// running, which can outlast its request.
	slots chan struct{}
}

func newEngine(st *store.Store, opts Options) *engine {
	return &engine{st: st, opts: opts, slots: make(chan struct{}, opts.MaxConcurrent)}
}

type request struct {
	query string
	// limit is the client's, as Cayley reads it: > 0 bounds each All,
	// otherwise only MaxResults does.
	limit     int
	collation query.Collation
}

type answer struct {
	results []any
	// truncated says the results were cut at MaxResults.
	truncated bool
}

type outcome struct {
	answer
	err error
}

// run runs a query and returns its results, or an error wrapping
// errTimedOut, errCanceled or errInternal, or the query's own error. It
// returns by the timeout even if the query's JavaScript cannot be stopped
// yet.
func (e *engine) run(ctx context.Context, req request) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return answer{}, ctxError(ctx)
	}
	done := make(chan outcome, 1)
	go e.work(ctx, req, done)
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		// The worker may be waiting for the store's lock, behind a write.
		o.err = ctxError(ctx)
	}
	e.stopped(o.err)
	return o.answer, o.err
}

// stopped reports a query stopped by a limit to Options.Stopped.
func (e *engine) stopped(err error) {
	if e.opts.Stopped == nil || err == nil {
		return
	}
	if be, ok := errors.AsType[*budget.Error](err); ok {
		e.opts.Stopped(string(be.Limit))
	} else if errors.Is(err, errTimedOut) {
		e.opts.Stopped(string(budget.LimitDeadline))
	}
}

func ctxError(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errTimedOut
	}
	return errCanceled
}

// work runs the query in a session of Cayley's on the store metered by the
// query's budget, and sends its outcome on done, which has room for it. It
// gives back the query's slot, and the store, once the session's
// JavaScript has stopped: the session runs it on a goroutine of its own
// that reads the store until then. A query stopped by its budget stops
// there promptly: its next step in Cayley's iterators fails.
func (e *engine) work(ctx context.Context, req request, done chan<- outcome) {
	defer func() { <-e.slots }()
	sent := false
	send := func(o outcome) {
		sent = true
		done <- o
	}
	// A panic in Cayley's iterators here would end the process, since no
	// handler's recovery covers this goroutine.
	defer func() {
		if r := recover(); r != nil {
			slog.Error("gizmo query panicked", "panic", r, "query", req.query)
			if !sent {
				send(outcome{err: fmt.Errorf("%w: run query: %v", errInternal, r)})
			}
		}
	}()
	err := e.st.Query(ctx, e.limits(), func(qs graph.QuadStore, m *budget.Meter) error {
		if ctx.Err() != nil {
			send(outcome{err: ctxError(ctx)})
			return nil
		}
		it, err := e.execute(ctx, qs, req)
		if err != nil {
			// The query's own errors go to the client as Cayley words them.
			send(outcome{err: err})
			return nil
		}
		// Close interrupts the JavaScript; the session's Next returns false
		// once it has stopped.
		defer func() {
			it.Close()
			for it.Next(context.Background()) {
			}
		}()
		send(e.collect(ctx, it, m))
		return nil
	})
	if err != nil && !sent {
		send(outcome{err: err})
	}
}

// limits is the budget of one query.
func (e *engine) limits() budget.Limits {
	return budget.Limits{
		MaxQuads:     e.opts.MaxQuads,
		MaxIterators: e.opts.MaxIterators,
		MaxMemory:    e.opts.MaxMemory,
		Timeout:      e.opts.Timeout,
	}
}

// sessionLimit is the limit to give Cayley's session: the client's, or one
// more than MaxResults, so that collect can tell that results were cut.
func (e *engine) sessionLimit(limit int) int {
	if limit <= 0 || limit > e.opts.MaxResults {
		return e.opts.MaxResults + 1
	}
	return limit
}

// collect reads the results, at most MaxResults of them: the session's
// limit alone does not bound them, as each All starts its count afresh and
// a query may set its own limit.
//
// A query whose meter tripped has the meter's error, whatever it answered.
func (e *engine) collect(ctx context.Context, it query.Iterator, m *budget.Meter) outcome {
	var out []any
	for it.Next(ctx) {
		if len(out) == e.opts.MaxResults {
			return outcome{answer: answer{results: out, truncated: true}}
		}
		out = append(out, it.Result())
	}
	if err := m.Err(); err != nil {
		return outcome{err: err}
	}
	if ctx.Err() != nil {
		return outcome{err: ctxError(ctx)}
	}
	if err := it.Err(); err != nil {
		return outcome{err: err}
	}
	return outcome{answer: answer{results: out}}
}
