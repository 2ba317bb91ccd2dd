//go:build !race

package gizmo

import (
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/dop251/goja"
)

// callDepthReader returns a function that reads the depth of vm's call
// stack from another goroutine. The read races with the runtime, benignly:
// a slice's length is one word, read atomically. Under the race detector
// the watcher goes without (jsdepth_race.go). It returns a function that
// reads 0 if goja's layout is not the one expected (TestSessionFields
// checks it).
func callDepthReader(vm *goja.Runtime) func() int {
	off, ok := callStackOffsets()
	if !ok {
		return func() int { return 0 }
	}
	inner := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(vm), off[0]))
	lenp := (*int64)(unsafe.Add(inner, off[1]+unsafe.Sizeof(uintptr(0))))
	return func() int { return int(atomic.LoadInt64(lenp)) }
}

// callStackOffsets returns the offsets of goja.Runtime's field vm and of
// that vm's field callStack, a slice.
func callStackOffsets() ([2]uintptr, bool) {
	rt := reflect.TypeFor[goja.Runtime]()
	f, ok := rt.FieldByName("vm")
	if !ok || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
		return [2]uintptr{}, false
	}
	cs, ok := f.Type.Elem().FieldByName("callStack")
	if !ok || cs.Type.Kind() != reflect.Slice {
		return [2]uintptr{}, false
	}
	return [2]uintptr{f.Offset, cs.Offset}, true
}
