package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
)

// Namespaces of the JSON-LD context.
const (
	kgNamespace  = "https://unionkg.github.io/ns#"
	rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	xsdNamespace = "http://www.w3.org/2001/XMLSchema#"
)

// ldContext maps the prefixes used in compact IRIs; a struct rather than a
// map keeps the keys in this order.
type ldContext struct {
	KG  string `json:"kg"`
	RDF string `json:"rdf"`
	XSD string `json:"xsd"`
}

// ldRef is a value that is a node.
type ldRef struct {
	ID string `json:"@id"`
}

// ldLiteral is a typed or language-tagged literal; plain strings are
// written as JSON strings.
type ldLiteral struct {
	Value    string `json:"@value"`
	Type     string `json:"@type,omitempty"`
	Language string `json:"@language,omitempty"`
}

// ldNode is a node object of one graph, its values in order of first
// appearance.
type ldNode struct {
	id    string
	types []string
	props map[string][]any
}

// ldGraph is the default graph or the named graph of one article.
type ldGraph struct {
	nodes map[string]*ldNode
	seen  map[[3]termKey]struct{} // triples already added, to drop repeats
}

func newLDGraph() *ldGraph {
	return &ldGraph{nodes: make(map[string]*ldNode), seen: make(map[[3]termKey]struct{})}
}

func (g *ldGraph) add(q quad.Quad) error {
	if !isNode(q.Subject) {
		return fmt.Errorf("subject %v is a literal, which JSON-LD cannot express", q.Subject)
	}
	k := [3]termKey{keyOf(q.Subject), keyOf(q.Predicate), keyOf(q.Object)}
	if _, dup := g.seen[k]; dup {
		return nil
	}
	g.seen[k] = struct{}{}
	id := text(q.Subject)
	n := g.nodes[id]
	if n == nil {
		n = &ldNode{id: id, props: make(map[string][]any)}
		g.nodes[id] = n
	}
	if isType(q.Predicate) && isNode(q.Object) {
		n.types = append(n.types, text(q.Object))
		return nil
	}
	p := text(q.Predicate)
	n.props[p] = append(n.props[p], ldValue(q.Object))
	return nil
}

// ldValue converts an object to its JSON-LD value. Native numbers, booleans
// and times get XSD datatypes (Cayley's own defaults are schema.org types,
// which JSON-LD tools do not know); calendar dates are stored as midnight
// UTC and become xsd:date.
func ldValue(v quad.Value) any {
	switch v := v.(type) {
	case quad.IRI, quad.BNode:
		return ldRef{ID: text(v)}
	case quad.String:
		return string(v)
	case quad.LangString:
		return ldLiteral{Value: string(v.Value), Language: v.Lang}
	case quad.TypedString:
		return ldLiteral{Value: string(v.Value), Type: string(v.Type)}
	case quad.Int:
		return ldLiteral{Value: strconv.FormatInt(int64(v), 10), Type: "xsd:integer"}
	case quad.Float:
		return ldLiteral{Value: strconv.FormatFloat(float64(v), 'g', -1, 64), Type: "xsd:double"}
	case quad.Bool:
		return ldLiteral{Value: strconv.FormatBool(bool(v)), Type: "xsd:boolean"}
	case quad.Time:
		s, dt := timeLexical(time.Time(v))
		return ldLiteral{Value: s, Type: "xsd:" + dt}
	}
	return text(v)
}

// writeJSONLD writes a JSON-LD document whose top-level @graph holds one
// named graph per article (its @id is the label) plus the nodes of the
// default graph, for unlabelled quads. Where an article node has unlabelled
// quads too, both sit in one object: its properties in the default graph and
// its @graph. Everything is sorted by @id; values keep their input order.
func writeJSONLD(ctx context.Context, w io.Writer, quads iter.Seq2[quad.Quad, error]) error {
	def := newLDGraph()
	named := make(map[string]*ldGraph)
	err := each(ctx, quads, func(q quad.Quad) error {
		g := def
		if q.Label != nil {
			if !isNode(q.Label) {
				return fmt.Errorf("label %v of %v is a literal, which cannot name a JSON-LD graph", q.Label, q)
			}
			l := text(q.Label)
			if g = named[l]; g == nil {
				g = newLDGraph()
				named[l] = g
			}
		}
		if err := g.add(q); err != nil {
			return fmt.Errorf("quad %v: %w", q, err)
		}
		return nil
	})
	if err != nil {
		return err
	}

	lw := newLDWriter(w)
	lw.bw.WriteString(`{"@context":`)
	if err := lw.value(ldContext{KG: kgNamespace, RDF: rdfNamespace, XSD: xsdNamespace}); err != nil {
		return err
	}
	lw.bw.WriteString(",\n\"@graph\":[\n")
	ids := slices.Sorted(maps.Keys(def.nodes))
	for id := range named {
		if def.nodes[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	count := 0
	for i, id := range ids {
		if i > 0 {
			lw.bw.WriteString(",\n")
		}
		var members []*ldNode
		if g := named[id]; g != nil {
			members = sortedNodes(g)
		}
		if err := lw.entry(ctx, &count, id, def.nodes[id], members); err != nil {
			return err
		}
	}
	lw.bw.WriteString("\n]}\n")
	if err := lw.bw.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

func sortedNodes(g *ldGraph) []*ldNode {
	out := slices.Collect(maps.Values(g.nodes))
	slices.SortFunc(out, func(a, b *ldNode) int {
		return strings.Compare(a.id, b.id)
	})
	return out
}

// ldWriter writes JSON pieces to a buffered writer. Write errors stick in
// the bufio.Writer and surface at Flush.
type ldWriter struct {
	bw  *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newLDWriter(w io.Writer) *ldWriter {
	lw := &ldWriter{bw: bufio.NewWriter(w)}
	lw.enc = json.NewEncoder(&lw.buf)
	// Keep A&B<工会> readable; escaping is only for embedding in HTML.
	lw.enc.SetEscapeHTML(false)
	return lw
}

// value writes v as JSON.
func (lw *ldWriter) value(v any) error {
	lw.buf.Reset()
	if err := lw.enc.Encode(v); err != nil {
		return fmt.Errorf("encode %v: %w", v, err)
	}
	lw.bw.Write(bytes.TrimSuffix(lw.buf.Bytes(), []byte("\n")))
	return nil
}

// entry writes one top-level object: node n (which may be nil) with the
// named graph members (none for a plain default-graph node). count tallies
// the nodes written, to look at ctx every so often.
func (lw *ldWriter) entry(ctx context.Context, count *int, id string, n *ldNode, members []*ldNode) error {
	if err := check(ctx, *count); err != nil {
		return err
	}
	*count++
	if n == nil {
		n = &ldNode{id: id}
	}
	if err := lw.node(n, false); err != nil {
		return err
	}
	if len(members) > 0 {
		lw.bw.WriteString(`,"@graph":[`)
		for i, m := range members {
			if err := check(ctx, *count); err != nil {
				return err
			}
			*count++
			if i > 0 {
				lw.bw.WriteByte(',')
			}
			lw.bw.WriteString("\n ")
			if err := lw.node(m, true); err != nil {
				return err
			}
		}
		lw.bw.WriteByte(']')
	}
	lw.bw.WriteByte('}')
	return nil
}

// node writes the members of a node object, and its closing brace when
// closed is set; otherwise the caller may add @graph first.
func (lw *ldWriter) node(n *ldNode, closed bool) error {
	lw.bw.WriteString(`{"@id":`)
	if err := lw.value(n.id); err != nil {
		return err
	}
	if len(n.types) > 0 {
		lw.bw.WriteString(`,"@type":`)
		if err := lw.value(oneOrMany(n.types)); err != nil {
			return err
		}
	}
	for _, p := range slices.Sorted(maps.Keys(n.props)) {
		lw.bw.WriteByte(',')
		if err := lw.value(p); err != nil {
			return err
		}
		lw.bw.WriteByte(':')
		if err := lw.value(oneOrMany(n.props[p])); err != nil {
			return err
		}
	}
	if closed {
		lw.bw.WriteByte('}')
	}
	return nil
}

// oneOrMany unwraps a single value, the usual JSON-LD style; several stay
// an array.
func oneOrMany[T any](vs []T) any {
	if len(vs) == 1 {
		return vs[0]
	}
	return vs
}
