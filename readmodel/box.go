package readmodel

import (
	"unsafe"

	"github.com/cayleygraph/quad"
)

// plain is the kinds of value a snapshot's values are mostly of.
type plain interface {
	quad.IRI | quad.String
	quad.Value
}

// boxed returns *p as a quad.Value that holds p itself as its data, where
// converting *p would copy it into a new object of its own. A loaded
// snapshot keeps its IRIs and strings in two slices and its values point
// into them: millions of values are then two objects for the garbage
// collector to mark, not millions, whose marking took the cores from the
// answers for seconds on a large graph.
//
// An interface holding a value of a non-pointer type is a type word and
// a pointer to the value, which the runtime never writes through; *p must
// not change afterwards either (the slices are never written again).
func boxed[T plain](p *T) quad.Value {
	var v quad.Value = T("") // the type word; an empty string boxes without allocating
	(*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1] = unsafe.Pointer(p)
	return v
}
