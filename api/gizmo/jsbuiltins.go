package gizmo

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// install replaces the builtins a query could use to recurse natively or
// allocate without bound, and the session's graph objects and functions,
// with guarded versions. Answers of queries that stay within the bounds
// do not change.
func (g *guard) install() error {
	type patch struct {
		obj, name string
		wrap      func(orig goja.Callable) func(goja.FunctionCall) goja.Value
	}
	var ok bool
	if g.newArray, ok = goja.AssertFunction(g.vm.Get("Array")); !ok {
		return fmt.Errorf("goja has no function Array")
	}
	push, err := g.method("Array.prototype", "push")
	if err != nil {
		return err
	}
	g.arrayPush = push
	patches := []patch{
		{"Array.prototype", "join", g.join},
		{"Array.prototype", "toLocaleString", g.nested},
		{"Array.prototype", "push", g.push},
		{"Array.prototype", "forEach", g.lengthCap},
		{"Array.prototype", "map", g.lengthCap},
		{"Array.prototype", "filter", g.lengthCap},
		{"Array.prototype", "some", g.lengthCap},
		{"Array.prototype", "every", g.lengthCap},
		{"Array.prototype", "reduce", g.lengthCap},
		{"Array.prototype", "reduceRight", g.lengthCap},
		{"Array.prototype", "indexOf", g.lengthCap},
		{"Array.prototype", "lastIndexOf", g.lengthCap},
		{"Array.prototype", "sort", g.lengthCap},
		{"Array.prototype", "reverse", g.lengthCap},
		{"Array.prototype", "slice", g.lengthCap},
		{"Array.prototype", "splice", g.lengthCap},
		{"Array.prototype", "shift", g.lengthCap},
		{"Array.prototype", "unshift", g.lengthCap},
		{"JSON", "parse", g.parse},
		{"Array.prototype", "concat", g.arrayConcat},
		{"Function.prototype", "apply", g.apply},
		{"String.prototype", "concat", g.stringConcat},
		{"JSON", "stringify", g.stringify},
		{"RegExp.prototype", "exec", g.regex(regexThis, func(r goja.Value, _ goja.FunctionCall) bool { return goja.IsNull(r) })},
		{"RegExp.prototype", "test", g.regex(regexThis, func(r goja.Value, _ goja.FunctionCall) bool { return !r.ToBoolean() })},
		{"String.prototype", "match", g.regex(regexArg, func(r goja.Value, _ goja.FunctionCall) bool { return goja.IsNull(r) })},
		{"String.prototype", "search", g.regex(regexArg, func(r goja.Value, _ goja.FunctionCall) bool { return r.ToInteger() < 0 })},
		{"String.prototype", "replace", g.replaceCap},
		{"String.prototype", "replace", g.regex(regexObjectArg, func(r goja.Value, call goja.FunctionCall) bool {
			return r.String() == call.This.String()
		})},
		{"String.prototype", "split", g.splitCap},
		{"String.prototype", "split", g.regex(regexObjectArg, func(r goja.Value, _ goja.FunctionCall) bool {
			o, ok := r.(*goja.Object)
			return ok && o.Get("length").ToInteger() <= 1
		})},
	}
	for _, p := range patches {
		orig, err := g.method(p.obj, p.name)
		if err != nil {
			// Not in this build of goja.
			continue
		}
		obj, err := g.path(p.obj)
		if err != nil {
			return err
		}
		f := g.vm.ToValue(p.wrap(orig))
		if err := obj.DefineDataProperty(p.name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("replace %s.%s: %w", p.obj, p.name, err)
		}
	}
	if err := g.installEval(); err != nil {
		return err
	}
	if err := g.installRegExp(); err != nil {
		return err
	}
	// The graph: our wrapper, under both of its names, with its methods
	// bound as Cayley's are (var V = g.V; V() works).
	target := g.vm.Get("graph")
	gv := g.wrap(target)
	if o, ok := gv.(*goja.Object); ok {
		for _, name := range methodNames(target.ExportType()) {
			f, ok := goja.AssertFunction(target.ToObject(g.vm).Get(name))
			if !ok {
				continue
			}
			if err := o.DefineDataProperty(name, g.vm.ToValue(func(call goja.FunctionCall) goja.Value {
				return g.wrap(g.call(f, target, call.Arguments))
			}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
				return fmt.Errorf("bind g.%s: %w", name, err)
			}
		}
	}
	for _, name := range []string{"graph", "g"} {
		g.vm.Set(name, gv)
	}
	// The globals Cayley's session adds besides graph and g.
	for _, name := range []string{"iri", "bnode", "raw", "str", "lang", "typed", "lt", "lte", "gt", "gte", "regex", "like"} {
		orig, ok := goja.AssertFunction(g.vm.Get(name))
		if !ok {
			return fmt.Errorf("cayley's session has no function %s", name)
		}
		g.vm.Set(name, func(call goja.FunctionCall) goja.Value {
			return g.call(orig, call.This, call.Arguments)
		})
	}
	return nil
}

// installEval replaces eval and Function with versions that refuse
// deeply nested sources (see maxSourceNesting). A call of the new eval is
// not a direct eval: the code it runs sees the global scope only.
func (g *guard) installEval() error {
	check := func(args []goja.Value) {
		for _, a := range args {
			if sourceNesting(a.String()) > maxSourceNesting {
				g.fail(errSourceNesting)
			}
		}
	}
	eval, ok := goja.AssertFunction(g.vm.Get("eval"))
	if !ok {
		return fmt.Errorf("eval is not a function")
	}
	g.vm.Set("eval", func(call goja.FunctionCall) goja.Value {
		if s := call.Argument(0); s.ExportType() == reflect.TypeFor[string]() {
			check(call.Arguments[:1])
		}
		return invoke(eval, goja.Undefined(), call.Arguments...)
	})
	fn, ok := goja.AssertFunction(g.vm.Get("Function"))
	if !ok {
		return fmt.Errorf("function is not a function")
	}
	return g.replaceConstructor("Function", func(call goja.ConstructorCall) *goja.Object {
		check(call.Arguments)
		return invoke(fn, goja.Undefined(), call.Arguments...).(*goja.Object)
	})
}

// installRegExp replaces the RegExp constructor with one that refuses
// deeply nested patterns (see maxSourceNesting), as goja's and regexp2's
// parsers recurse natively.
func (g *guard) installRegExp() error {
	re, ok := goja.AssertFunction(g.vm.Get("RegExp"))
	if !ok {
		return fmt.Errorf("goja has no function RegExp")
	}
	return g.replaceConstructor("RegExp", func(call goja.ConstructorCall) *goja.Object {
		if p := call.Argument(0); p.ExportType() == reflect.TypeFor[string]() && sourceNesting(p.String()) > maxSourceNesting {
			g.fail(errSourceNesting)
		}
		return invoke(re, goja.Undefined(), call.Arguments...).(*goja.Object)
	})
}

// replaceConstructor sets the global name to a constructor running f,
// with the prototype of the one it replaces, whose constructor it becomes.
func (g *guard) replaceConstructor(name string, f func(goja.ConstructorCall) *goja.Object) error {
	proto, err := g.path(name + ".prototype")
	if err != nil {
		return err
	}
	ctor := g.vm.ToValue(f).(*goja.Object)
	if err := ctor.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("set %s.prototype: %w", name, err)
	}
	if err := proto.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("set %s.prototype.constructor: %w", name, err)
	}
	g.vm.Set(name, ctor)
	return nil
}

// replaceCap bounds the string replace makes with a replacement string:
// one copy of it for each match could make terabytes. It counts the
// matches, with the original match, only when the bound could be passed.
func (g *guard) replaceCap(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	match, err := g.method("String.prototype", "match")
	if err != nil {
		match = nil
	}
	return func(call goja.FunctionCall) goja.Value {
		rep := call.Argument(1)
		if goja.IsUndefined(call.This) || goja.IsNull(call.This) || rep.ExportType() != reflect.TypeFor[string]() {
			return invoke(orig, call.This, call.Arguments...)
		}
		this := g.vm.ToValue(call.This.String())
		n, l := jsLen(this.String()), jsLen(rep.String())
		if n+(n+1)*l > maxStringLen && match != nil {
			matches := int64(1)
			if p, ok := call.Argument(0).(*goja.Object); ok && implType(p) == "*goja.regexpObject" && p.Get("global").ToBoolean() {
				matches = 0
				if m, ok := invoke(match, this, p).(*goja.Object); ok {
					matches = m.Get("length").ToInteger()
				}
			}
			if n+matches*l > maxStringLen {
				g.fail(errStringLen)
			}
		}
		return invoke(orig, this, call.Arguments...)
	}
}

// splitCap bounds the parts split makes of a string at a string
// separator: split("") of a long string makes one string per character.
func (g *guard) splitCap(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		sep, limit := call.Argument(0), call.Argument(1)
		if sep.ExportType() == reflect.TypeFor[string]() && goja.IsUndefined(limit) &&
			!goja.IsUndefined(call.This) && !goja.IsNull(call.This) {
			s := call.This.String()
			n := len(s)
			if sep.String() != "" {
				n = strings.Count(s, sep.String())
			}
			if n > maxArrayLen {
				g.fail(errArrayLen)
			}
		}
		return invoke(orig, call.This, call.Arguments...)
	}
}

// path returns the object at a dotted path of globals.
func (g *guard) path(p string) (*goja.Object, error) {
	var v goja.Value = g.vm.GlobalObject()
	for name := range strings.SplitSeq(p, ".") {
		o, ok := v.(*goja.Object)
		if !ok {
			return nil, fmt.Errorf("%s is not an object", p)
		}
		v = o.Get(name)
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", p)
	}
	return o, nil
}

func (g *guard) method(obj, name string) (goja.Callable, error) {
	o, err := g.path(obj)
	if err != nil {
		return nil, err
	}
	f, ok := goja.AssertFunction(o.Get(name))
	if !ok {
		return nil, fmt.Errorf("%s.%s is not a function", obj, name)
	}
	return f, nil
}

// invoke calls a builtin, rethrowing what it throws.
func invoke(f goja.Callable, this goja.Value, args ...goja.Value) goja.Value {
	v, err := f(this, args...)
	if err != nil {
		panic(err)
	}
	return v
}

// join is Array.prototype.join, giving "" for an array being joined
// already (as browsers do), so that a cyclic array converts to a string
// rather than recursing until the Go stack overflows. Array toString calls
// join; their nesting is bounded, and so is the length of the result.
func (g *guard) join(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	nested := g.nested(orig)
	return func(call goja.FunctionCall) goja.Value {
		if o, ok := call.This.(*goja.Object); ok {
			n := o.Get("length").ToInteger()
			if n > maxArrayLen {
				g.fail(errArrayLen)
			}
			sep := int64(1)
			if s := call.Argument(0); !goja.IsUndefined(s) {
				sep = int64(len(s.String()))
			}
			if n > 0 && (n-1)*sep > maxStringLen {
				g.fail(errStringLen)
			}
		}
		v := nested(call)
		if s, ok := v.Export().(string); ok && len(s) > maxStringLen {
			g.fail(errStringLen)
		}
		return v
	}
}

// nested calls orig unless this is being joined already, and bounds the
// nesting.
func (g *guard) nested(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		o, ok := call.This.(*goja.Object)
		if !ok {
			return invoke(orig, call.This, call.Arguments...)
		}
		if g.joining[o] {
			return g.vm.ToValue("")
		}
		if g.nesting >= maxNesting {
			g.fail(errNesting)
		}
		g.joining[o] = true
		g.nesting++
		defer func() {
			delete(g.joining, o)
			g.nesting--
		}()
		return invoke(orig, call.This, call.Arguments...)
	}
}

// lengthCap bounds the length of the array a builtin loops over: goja
// loops natively over every index of a sparse array, so a.length = 4e9
// would keep it busy for minutes.
func (g *guard) lengthCap(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		if o, ok := call.This.(*goja.Object); ok && o.Get("length").ToInteger() > maxArrayLen {
			g.fail(errArrayLen)
		}
		return invoke(orig, call.This, call.Arguments...)
	}
}

// parse is JSON.parse with the nesting of its text bounded, as goja's
// parser recurses natively.
func (g *guard) parse(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		text := g.vm.ToValue(call.Argument(0).String())
		if sourceNesting(text.String()) > maxNesting {
			g.fail(errNesting)
		}
		return invoke(orig, call.This, append([]goja.Value{text}, call.Arguments[min(1, len(call.Arguments)):]...)...)
	}
}

func (g *guard) push(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		if o, ok := call.This.(*goja.Object); ok && o.Get("length").ToInteger()+int64(len(call.Arguments)) > maxArrayLen {
			g.fail(errArrayLen)
		}
		return invoke(orig, call.This, call.Arguments...)
	}
}

func (g *guard) arrayConcat(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		n := int64(0)
		for _, v := range append([]goja.Value{call.This}, call.Arguments...) {
			if o, ok := v.(*goja.Object); ok && isArray(o) {
				n += o.Get("length").ToInteger()
			} else {
				n++
			}
		}
		if n > maxArrayLen {
			g.fail(errArrayLen)
		}
		return invoke(orig, call.This, call.Arguments...)
	}
}

func (g *guard) apply(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		if o, ok := call.Argument(1).(*goja.Object); ok && o.Get("length").ToInteger() > maxArrayLen {
			g.fail(errArrayLen)
		}
		return invoke(orig, call.This, call.Arguments...)
	}
}

// jsLen bounds the length of a string in JavaScript's UTF-16 units from
// above: its length in bytes.
func jsLen(s string) int64 { return int64(len(s)) }

func (g *guard) stringConcat(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		if goja.IsUndefined(call.This) || goja.IsNull(call.This) {
			return invoke(orig, call.This, call.Arguments...)
		}
		this := g.vm.ToValue(call.This.String())
		n := jsLen(this.String())
		args := make([]goja.Value, len(call.Arguments))
		for i, a := range call.Arguments {
			s := a.String()
			n += jsLen(s)
			args[i] = g.vm.ToValue(s)
		}
		if n > maxStringLen {
			g.fail(errStringLen)
		}
		return invoke(orig, this, args...)
	}
}

// stringify is JSON.stringify with the nesting of its value bounded, as
// goja's recurses natively (it finds cycles itself).
func (g *guard) stringify(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		if o, ok := call.Argument(0).(*goja.Object); ok && g.depth(o) > maxNesting {
			g.fail(errNesting)
		}
		return invoke(orig, call.This, call.Arguments...)
	}
}

// depth returns the nesting of arrays, plain objects and Go containers in
// o, counting each object once, without recursing natively; it gives up past
// maxNesting.
func (g *guard) depth(o *goja.Object) int {
	type item struct {
		o *goja.Object
		d int
	}
	seen := map[*goja.Object]bool{o: true}
	stack := []item{{o, 1}}
	deepest := 0
	for len(stack) > 0 && len(seen) < maxCopyNodes {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		deepest = max(deepest, it.d)
		if deepest > maxNesting {
			break
		}
		if !plain(it.o) && !goContainer(it.o) {
			continue
		}
		for _, k := range it.o.Keys() {
			if c, ok := it.o.Get(k).(*goja.Object); ok && !seen[c] {
				seen[c] = true
				stack = append(stack, item{c, it.d + 1})
			}
		}
	}
	return deepest
}

// plain says o is an array or a plain object of JavaScript's (not a
// function, a date, a regular expression or a Go value), which Cayley's
// session exports recursively.
func plain(o *goja.Object) bool {
	switch implType(o) {
	case "*goja.baseObject", "*goja.arrayObject", "*goja.sparseArrayObject":
		return true
	}
	return false
}

// goContainer says o is a Go map or slice, such as the results of
// ToArray: a query can make one contain itself, and goja wraps it anew at
// each access, so only its depth shows the cycle.
func goContainer(o *goja.Object) bool {
	switch implType(o) {
	case "*goja.objectGoMapSimple", "*goja.objectGoMapReflect", "*goja.objectGoSlice", "*goja.objectGoSliceReflect":
		return true
	}
	return false
}

func goList(o *goja.Object) bool {
	switch implType(o) {
	case "*goja.objectGoSlice", "*goja.objectGoSliceReflect":
		return true
	}
	return false
}

func isArray(o *goja.Object) bool {
	switch implType(o) {
	case "*goja.arrayObject", "*goja.sparseArrayObject":
		return true
	}
	return false
}

// implType names the type goja implements o with; TestSessionFields
// checks the names used.
func implType(o *goja.Object) string {
	self := reflect.ValueOf(o).Elem().FieldByName("self")
	if !self.IsValid() || self.Kind() != reflect.Interface || self.IsNil() {
		return ""
	}
	return self.Elem().Type().String()
}

// Where a regular expression is, for regex.
const (
	regexThis      = iota // this
	regexArg              // the first argument, a RegExp or a pattern
	regexObjectArg        // the first argument if it is a RegExp
)

// regex wraps a builtin that matches a regular expression, to surface
// regexp2's match timeout, which goja reports as no match: a call that
// found no match after regexTimeout or more, with an expression regexp2
// runs, timed out.
func (g *guard) regex(where int, noMatch func(goja.Value, goja.FunctionCall) bool) func(orig goja.Callable) func(goja.FunctionCall) goja.Value {
	return func(orig goja.Callable) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if where == regexArg {
				if p := call.Argument(0); p.ExportType() == reflect.TypeFor[string]() && sourceNesting(p.String()) > maxSourceNesting {
					g.fail(errSourceNesting)
				}
			}
			start := time.Now()
			v := invoke(orig, call.This, call.Arguments...)
			if time.Since(start) < regexTimeout {
				return v
			}
			re := call.This
			if where != regexThis {
				re = call.Argument(0)
			}
			backtracks := false
			if o, ok := re.(*goja.Object); ok {
				backtracks = regexp2Backed(o)
			} else if where == regexArg {
				// A pattern compiled for this call; assume the worst.
				backtracks = true
			}
			if backtracks && noMatch(v, call) {
				g.fail(errRegexTimeout)
			}
			return v
		}
	}
}

// regexp2Backed says o is a RegExp that goja runs with regexp2 (one Go's
// regexp cannot run, with backreferences or lookaround), the one engine
// that backtracks.
func regexp2Backed(o *goja.Object) bool {
	if implType(o) != "*goja.regexpObject" {
		return false
	}
	pat := reflect.ValueOf(o).Elem().FieldByName("self").Elem().Elem().FieldByName("pattern")
	if !pat.IsValid() || pat.Kind() != reflect.Interface || pat.IsNil() {
		return true
	}
	return pat.Elem().Type().String() != "*goja.regexpWrapper"
}
