package gizmo

// Guards against hostile Gizmo JavaScript (issue 14). Cayley's session runs
// the query on a goja runtime that cannot bound time spent in native code,
// memory, or native recursion, and on a goroutine of Cayley's with no
// recovery. execute runs each query's program from a native function of
// ours instead, so that a Go panic is recovered; replaces the builtins that
// can recurse natively or allocate without bound with guarded versions;
// hands graph methods bounded, acyclic copies of their arguments; and runs
// a watcher (jswatch.go) that interrupts the runtime on call depth, stack
// growth and heap growth.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/dop251/goja"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	cgizmo "github.com/cayleygraph/cayley/query/gizmo"
)

// Bounds of the guards. They are far above what a graph query needs.
const (
	// regexTimeout bounds one match of a regular expression that needs
	// backtracking (regexp2); see Register.
	regexTimeout = 100 * time.Millisecond
	// maxCallDepth bounds the JavaScript call stack.
	maxCallDepth = 10000
	// maxNesting bounds the nesting of arrays joined or converted to
	// strings, and of values given to JSON.stringify.
	maxNesting = 4000
	// maxArrayLen bounds arrays grown by push and concat, and the
	// arguments of apply.
	maxArrayLen = 1 << 20
	// maxStringLen bounds strings made by concat, join and replace.
	maxStringLen = 1 << 25
	// maxCopyDepth and maxCopyNodes bound a value given to a graph method.
	maxCopyDepth = 1000
	maxCopyNodes = 1 << 20
	// maxSourceNesting bounds the nesting of brackets in a query's source
	// and in sources given to eval and Function, as goja's parser recurses
	// natively, and slowly.
	maxSourceNesting = 1000
)

// runnerName is the global through which the session runs the query's
// program; it is cleared before the program starts.
const runnerName = "__kgRunGuarded"

// stopError is a guard's reason to stop a query; the client gets it as 400.
type stopError struct{ reason string }

func (e *stopError) Error() string { return "query stopped: " + e.reason }

var (
	errRegexTimeout  = &stopError{fmt.Sprintf("regular expression ran longer than %v", regexTimeout)}
	errCallDepth     = &stopError{fmt.Sprintf("call depth passed %d", maxCallDepth)}
	errNesting       = &stopError{fmt.Sprintf("nesting of values passed %d", maxNesting)}
	errArrayLen      = &stopError{fmt.Sprintf("array longer than %d elements", maxArrayLen)}
	errStringLen     = &stopError{fmt.Sprintf("string longer than %d characters", maxStringLen)}
	errCyclicArg     = &stopError{"cyclic value passed to a graph method"}
	errDeepArg       = &stopError{fmt.Sprintf("value passed to a graph method nested deeper than %d", maxCopyDepth)}
	errSourceNesting = &stopError{fmt.Sprintf("source nested deeper than %d", maxSourceNesting)}
	errLargeArg      = &stopError{fmt.Sprintf("value passed to a graph method larger than %d elements", maxCopyNodes)}
)

// execute starts the query in a new session of Cayley's on qs, guarded. The
// iterator's Err reports a guard's stop, then an internal error, then the
// query's own error.
func (e *engine) execute(ctx context.Context, qs graph.QuadStore, req request) (query.Iterator, error) {
	if sourceNesting(req.query) > maxSourceNesting {
		return nil, errSourceNesting
	}
	// Compiled as Cayley's session compiles it, so syntax errors read the
	// same.
	prg, err := goja.Compile("", req.query, false)
	if err != nil {
		return nil, err
	}
	s := cgizmo.NewSession(qs)
	vm, err := sessionRuntime(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errInternal, err)
	}
	g := newGuard(vm)
	g.maxShapes = e.limits().WithDefaults().MaxIterators
	g.maxHeap = e.opts.MaxScriptMemory
	if err := g.install(); err != nil {
		return nil, fmt.Errorf("%w: guard runtime: %w", errInternal, err)
	}
	vm.Set(runnerName, func(goja.FunctionCall) goja.Value { return g.run(prg, req.query) })
	it, err := s.Execute(ctx, runnerName+"()", query.Options{
		Collation: req.collation,
		Limit:     e.sessionLimit(req.limit),
	})
	if err != nil {
		return nil, err
	}
	return &guardedIterator{Iterator: it, g: g}, nil
}

// sessionRuntime returns the goja runtime of Cayley's session, an
// unexported field read through its offset; TestSessionFields checks the
// layout this assumes.
func sessionRuntime(s *cgizmo.Session) (*goja.Runtime, error) {
	f, ok := reflect.TypeFor[cgizmo.Session]().FieldByName("vm")
	if !ok || f.Type != reflect.TypeFor[*goja.Runtime]() {
		return nil, errors.New("cayley's gizmo.Session has no field vm *goja.Runtime")
	}
	vm := *(**goja.Runtime)(unsafe.Add(unsafe.Pointer(s), f.Offset))
	if vm == nil {
		return nil, errors.New("cayley's gizmo.Session has no runtime")
	}
	return vm, nil
}

// guardedIterator is the session's iterator, with the guard's errors first.
type guardedIterator struct {
	query.Iterator
	g *guard
}

// Err returns the guard's stop or internal error, the query's own error,
// or the session's.
func (it *guardedIterator) Err() error {
	if err := it.g.failure(); err != nil {
		return err
	}
	return it.Iterator.Err()
}

// guard holds the state of one query's guards. Its maps are used only on
// the query's JavaScript goroutine.
type guard struct {
	vm *goja.Runtime

	mu sync.Mutex
	// stopped is a guard's stop or an internal error; queryErr the query's
	// own error.
	stopped, queryErr error

	// joining holds the arrays being joined, nesting their depth.
	joining map[*goja.Object]bool
	nesting int
	// targets maps our wrappers of Cayley's graph and path objects to them.
	targets map[*goja.Object]goja.Value
	protos  map[reflect.Type]*goja.Object
	// newArray and arrayPush are goja's Array and Array.prototype.push.
	newArray, arrayPush goja.Callable
	// sizes estimates the shape tree of each path wrapper (shapeSize);
	// maxShapes bounds it, 0 for no bound.
	sizes     map[*goja.Object]int64
	maxShapes int64
	// maxHeap bounds the live heap's growth while the query runs, in
	// bytes; negative for no bound.
	maxHeap int64
}

func newGuard(vm *goja.Runtime) *guard {
	return &guard{
		vm:      vm,
		joining: make(map[*goja.Object]bool),
		targets: make(map[*goja.Object]goja.Value),
		protos:  make(map[reflect.Type]*goja.Object),
		sizes:   make(map[*goja.Object]int64),
		maxHeap: DefaultMaxScriptMemory,
	}
}

// stop records err, unless an error is recorded already, and interrupts
// the JavaScript.
func (g *guard) stop(err error) {
	g.mu.Lock()
	if g.stopped == nil {
		g.stopped = err
	}
	g.mu.Unlock()
	g.vm.Interrupt(err)
}

// fail stops the query from a native function: it throws, so that the
// native code returns, and the interrupt ends the script at its next step
// whatever catches the throw.
func (g *guard) fail(err error) {
	g.stop(err)
	panic(g.vm.NewGoError(err))
}

func (g *guard) failure() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped != nil {
		return g.stopped
	}
	return g.queryErr
}

// run runs the query's program on the session's goroutine, within the
// watcher, recovering a panic. It returns true for a last value that
// Cayley adds a null result for, as the value itself may be cyclic and
// Cayley exports it.
//
// The program runs nested in the session's, which goja leaves in disorder
// when the nested run ends in an interrupt or a panic; run then throws, so
// that the session's run unwinds and restores it.
func (g *guard) run(prg *goja.Program, src string) goja.Value {
	g.vm.Set(runnerName, goja.Undefined())
	w := startWatcher(g)
	defer w.close()
	v, err, ok := g.runProgram(prg, src)
	if !ok {
		panic(g.vm.ToValue("query stopped"))
	}
	if err != nil {
		var intr *goja.InterruptedError
		interrupted := errors.As(err, &intr)
		err, clean := g.queryError(err)
		g.mu.Lock()
		g.queryErr = err
		g.mu.Unlock()
		if interrupted || !clean {
			panic(g.vm.ToValue("query stopped"))
		}
		return goja.Undefined()
	}
	if v == nil || goja.IsNull(v) || goja.IsUndefined(v) {
		return goja.Undefined()
	}
	return g.vm.ToValue(true)
}

// runProgram runs prg, recording a panic as an internal error and
// returning ok false for it.
func (g *guard) runProgram(prg *goja.Program, src string) (v goja.Value, err error, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			slog.Error("gizmo query panicked", "panic", r, "query", src)
			g.mu.Lock()
			if g.stopped == nil {
				g.stopped = fmt.Errorf("%w: run query: %v", errInternal, r)
			}
			g.mu.Unlock()
			ok = false
		}
	}()
	v, err = g.vm.RunProgram(prg)
	return v, err, true
}

// queryError words err as Cayley's session does, the Go error a script
// threw as itself. It renders the error here, under the guards, since
// rendering a thrown object runs its toString; clean is false if that was
// interrupted or panicked.
func (g *guard) queryError(err error) (out error, clean bool) {
	var ex *goja.Exception
	if errors.As(err, &ex) && ex.Value() != nil {
		if et := ex.Value().ExportType(); et != nil && et.Implements(reflect.TypeFor[error]()) {
			if e, ok := ex.Value().Export().(error); ok {
				return e, true
			}
		}
	}
	defer func() {
		if r := recover(); r != nil {
			out, clean = errors.New("query threw a value that cannot be shown"), false
		}
	}()
	return errors.New(err.Error()), true
}

// sourceNesting returns the deepest nesting of brackets in JavaScript
// source, counting those in strings and comments too: an upper bound.
func sourceNesting(src string) int {
	depth, deepest := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ')', ']', '}':
			depth = max(0, depth-1)
		}
	}
	return deepest
}
