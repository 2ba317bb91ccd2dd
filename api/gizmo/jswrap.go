package gizmo

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dop251/goja"

	cgizmo "github.com/cayleygraph/cayley/query/gizmo"

	"github.com/unionkg/kg/store/budget"
)

// wrap returns our wrapper of a graph or path object of Cayley's session,
// or v itself if it is neither. A wrapper's methods copy their arguments
// (see copyArgs) and wrap what they return.
func (g *guard) wrap(v goja.Value) goja.Value {
	o, ok := v.(*goja.Object)
	if !ok {
		return v
	}
	if goList(o) {
		return g.jsArray(o)
	}
	t := o.ExportType()
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().PkgPath() != reflect.TypeFor[cgizmo.Session]().PkgPath() {
		return v
	}
	proto, ok := g.protos[t]
	if !ok {
		proto = g.vm.NewObject()
		names := methodNames(t)
		for _, name := range names {
			_ = proto.Set(name, func(call goja.FunctionCall) goja.Value {
				this, _ := call.This.(*goja.Object)
				target, ok := g.targets[this]
				if !ok {
					panic(g.vm.NewTypeError("%s called on an object that is not a graph path", name))
				}
				f, ok := goja.AssertFunction(target.(*goja.Object).Get(name))
				if !ok {
					panic(g.vm.NewTypeError("%s is not a function", name))
				}
				size := g.shapeSize(name, this, call.Arguments)
				out := g.wrap(g.call(f, target, call.Arguments))
				if o, ok := out.(*goja.Object); ok {
					if _, ok := g.targets[o]; ok {
						g.sizes[o] = size
					}
				}
				return out
			})
		}
		g.protos[t] = proto
	}
	w := g.vm.CreateObject(proto)
	g.targets[w] = v
	return w
}

// jsArray copies a Go slice a graph method returned (ToArray, TagArray)
// into an array of JavaScript's: goja converts a Go slice to a string
// with its own join, which recurses without end if the query makes the
// slice contain itself.
func (g *guard) jsArray(o *goja.Object) goja.Value {
	sl := reflect.ValueOf(o.Export())
	if sl.Kind() != reflect.Slice {
		return o
	}
	elems := make([]goja.Value, sl.Len())
	for i := range elems {
		elems[i] = g.vm.ToValue(sl.Index(i).Interface())
	}
	arr := invoke(g.newArray, goja.Undefined())
	invoke(g.arrayPush, arr, elems...)
	return arr
}

// methodNames are the names goja gives the methods of t in Cayley's
// session (its fieldNameMapper).
func methodNames(t reflect.Type) []string {
	seen := make(map[string]bool)
	var names []string
	for m := range t.Methods() {
		name := m.Name
		switch {
		case strings.HasPrefix(name, "Capitalized"):
			name = strings.TrimPrefix(name, "Capitalized")
		case strings.HasPrefix(name, "New"):
			name = strings.TrimPrefix(name, "New")
		default:
			r, size := utf8.DecodeRuneInString(name)
			name = string(unicode.ToLower(r)) + name[size:]
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// call calls a function of Cayley's session with copies of args.
func (g *guard) call(f goja.Callable, this goja.Value, args []goja.Value) goja.Value {
	c := copier{g: g, onPath: make(map[*goja.Object]bool)}
	copied := make([]goja.Value, len(args))
	for i, a := range args {
		copied[i] = a
		if o, ok := a.(*goja.Object); ok {
			if t, ok := g.targets[o]; ok {
				copied[i] = t
			} else if plain(o) || goContainer(o) {
				copied[i] = g.vm.ToValue(c.copy(o, 0))
			}
		}
	}
	return invoke(f, this, copied...)
}

// copier exports arrays and plain objects as Cayley's session would, with
// our wrappers as Cayley's objects, failing on cycles and on values too
// deep or too large, as Cayley's own export recurses without bound.
type copier struct {
	g      *guard
	onPath map[*goja.Object]bool
	nodes  int
}

func (c *copier) copy(v goja.Value, depth int) any {
	if v == nil {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return v.Export()
	}
	if t, ok := c.g.targets[o]; ok {
		return t.Export()
	}
	if !plain(o) && !goContainer(o) {
		return v.Export()
	}
	if c.onPath[o] {
		c.g.fail(errCyclicArg)
	}
	if depth >= maxCopyDepth {
		c.g.fail(errDeepArg)
	}
	c.onPath[o] = true
	defer delete(c.onPath, o)
	if isArray(o) || goList(o) {
		n := o.Get("length").ToInteger()
		if c.nodes += int(n); c.nodes > maxCopyNodes {
			c.g.fail(errLargeArg)
		}
		out := make([]any, n)
		for i := range n {
			out[i] = c.copy(o.Get(strconv.FormatInt(i, 10)), depth+1)
		}
		return out
	}
	keys := o.Keys()
	if c.nodes += len(keys); c.nodes > maxCopyNodes {
		c.g.fail(errLargeArg)
	}
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		out[k] = c.copy(o.Get(k), depth+1)
	}
	return out
}

// shapeSize estimates the size of the shape tree Cayley builds for the path
// that method name returns when called on this with args, and stops the
// query when it passes the iterator budget. Cayley builds Both() as a union
// of In and Out over the same path, written out twice: a chain of Both()
// doubles the tree at each step, and its shape optimiser walks the whole
// tree before any iterator exists, where the store's budget cannot see it.
// The estimate refuses such a chain before it is built.
func (g *guard) shapeSize(name string, this *goja.Object, args []goja.Value) int64 {
	if g.maxShapes <= 0 {
		return 0
	}
	w := g.sizes[this]
	var arg int64
	for _, a := range args {
		if o, ok := a.(*goja.Object); ok {
			arg += g.sizes[o]
		}
	}
	var size int64
	// Cayley's session offers each method capitalised too (Both, both).
	switch strings.ToLower(name) {
	case "both":
		size = 2*w + 2
	case "follow", "followr", "followrecursive":
		size = w*max(1, arg) + 1
	default:
		size = w + arg + 1
	}
	if size > g.maxShapes || size < 0 {
		g.fail(budget.NewError(budget.LimitIterators, fmt.Sprintf("the path would build more than %d iterators (each Both() doubles them)", g.maxShapes)))
	}
	return size
}
