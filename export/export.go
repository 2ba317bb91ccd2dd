// Package export writes a knowledge graph, given as a stream of labelled
// quads, in interchange formats read by other tools: N-Quads and JSON-LD for
// RDF tooling, GraphML and GEXF for graph explorers such as Gephi, and a CSV
// edge list for spreadsheets and data frames.
//
// The graph follows the conventions of package graph: nodes are IRIs such as
// kg:union:成都市总工会, rdf:type gives a node's type (kg:Union), kg:name its
// display name, other literal-valued predicates are node attributes, quads
// whose object is an IRI or blank node are edges, and every quad is labelled
// with the IRI of the article it came from (kg:article:ID). A quad without a
// label is a fact with no article behind it.
//
// The formats:
//
//   - "nquads": one line per quad, labels kept. It streams: memory does not
//     grow with the graph.
//   - "jsonld": a JSON-LD document whose @context maps kg: to
//     https://unionkg.github.io/ns# (and rdf:, xsd:). Its top-level @graph
//     holds one named graph per article, with the article's IRI as @id, so
//     provenance survives; unlabelled quads are in the default graph. Nodes
//     carry @type; integers, floats, booleans and times are typed literals
//     (xsd:integer, xsd:double, xsd:boolean, and xsd:date for a time at
//     midnight UTC, which is how dates are stored, else xsd:dateTime).
//   - "graphml" and "gexf" (GEXF 1.3): a property graph. Nodes are the
//     subjects and the IRI or blank-node objects of edges; classes that are
//     only objects of rdf:type are not nodes. Each node has a label (its
//     kg:name, the one most articles give; else the last segment of its IRI),
//     a type (rdf:type without kg:, "Unknown" if none; several joined with
//     " | ") and one string attribute per literal predicate met, named without
//     kg: (several values joined with " | "). There is one edge per distinct
//     (subject, predicate, object) between nodes, rdf:type excluded, with
//     attributes predicate (without kg:) and articles (distinct labels stating
//     it), and weight = articles, so a fact only stated without a label
//     weighs 0. GraphML node ids are n0, n1… because GraphML ids must be XML
//     name tokens, which not every IRI is; the IRI is the node's iri
//     attribute. GEXF node ids are the IRIs, the label is GEXF's own, and
//     each edge's kind is its predicate so that Gephi keeps parallel edges of
//     different predicates apart.
//   - "csv": an edge list with header subject, predicate, object,
//     object_type, articles, article_ids: one row per distinct (subject,
//     predicate, object), literal objects and rdf:type included, article_ids
//     being the labels joined with ";". Terms are plain text (IRIs without
//     angle brackets, literals as their lexical form); object_type is "iri",
//     "bnode", "string", "string@LANG", "int", "float", "bool", "time" or
//     "typed:DATATYPE".
//
// Every format but nquads holds the graph in memory while writing, because
// it groups or merges quads: jsonld keeps one map of nodes per article;
// graphml, gexf and csv keep every distinct (subject, predicate, object)
// with the set of articles supporting it, terms interned once. Their output
// is deterministic: graphs, nodes, edges and rows are sorted, and for
// graphml, gexf and csv it does not depend on the order of the quads.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
)

// ErrUnknownFormat is returned, wrapped, by Write for a format name that is
// not in Formats.
var ErrUnknownFormat = errors.New("unknown export format")

// Format names accepted by Write.
const (
	NQuads  = "nquads"
	JSONLD  = "jsonld"
	GraphML = "graphml"
	GEXF    = "gexf"
	CSV     = "csv"
)

// Formats lists the supported format names: "nquads", "jsonld", "graphml",
// "gexf", "csv".
func Formats() []string {
	return []string{NQuads, JSONLD, GraphML, GEXF, CSV}
}

// Write writes the quads in the named format to w.
//
// An unknown format is an error wrapping ErrUnknownFormat that lists the
// supported ones. An error yielded by quads aborts the export and is
// returned wrapped; so is a quad without subject, predicate or object. A nil
// sequence is an empty graph. Write looks at ctx every thousand quads (and
// every thousand nodes or rows while writing) and returns ctx.Err(), not
// wrapped, once ctx is done. Output already written to w is not taken back
// on error.
func Write(ctx context.Context, w io.Writer, format string, quads iter.Seq2[quad.Quad, error]) error {
	var write func(context.Context, io.Writer, iter.Seq2[quad.Quad, error]) error
	switch format {
	case NQuads:
		write = writeNQuads
	case JSONLD:
		write = writeJSONLD
	case GraphML:
		write = writeGraphML
	case GEXF:
		write = writeGEXF
	case CSV:
		write = writeCSV
	default:
		return fmt.Errorf("export %q: %w (supported: %s)", format, ErrUnknownFormat, strings.Join(Formats(), ", "))
	}
	if err := write(ctx, w, quads); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return ctxErr
		}
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}

// checkEvery is how many quads, nodes or rows are handled between two looks
// at the context: often enough to stop promptly, rarely enough to cost
// nothing.
const checkEvery = 1000

// check returns ctx.Err() on every checkEvery-th call, counting with i.
func check(ctx context.Context, i int) error {
	if i%checkEvery != 0 {
		return nil
	}
	return ctx.Err()
}

// each calls fn for every quad of the sequence, stopping at the first error
// from the sequence, from fn or from ctx.
func each(ctx context.Context, quads iter.Seq2[quad.Quad, error], fn func(quad.Quad) error) error {
	if quads == nil {
		return ctx.Err()
	}
	n := 0
	for q, err := range quads {
		if err := check(ctx, n); err != nil {
			return err
		}
		n++
		if err != nil {
			return fmt.Errorf("read quad %d: %w", n, err)
		}
		// Writers dereference all three terms; a nil one would panic deep
		// inside an encoder instead of naming the bad quad.
		if !q.IsValid() {
			return fmt.Errorf("quad %d lacks a subject, predicate or object: %v", n, q)
		}
		if err := fn(q); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Vocabulary of the graph.
const (
	kgPrefix    = "kg:"
	rdfType     = quad.IRI("rdf:type")
	rdfTypeFull = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
	kgName      = quad.IRI("kg:name")
)

// isType reports whether p is rdf:type, short or full.
func isType(p quad.Value) bool {
	iri, ok := p.(quad.IRI)
	return ok && (iri == rdfType || iri == rdfTypeFull)
}

// isNode reports whether v names a node (IRI or blank node) rather than
// being a literal.
func isNode(v quad.Value) bool {
	switch v.(type) {
	case quad.IRI, quad.BNode:
		return true
	}
	return false
}

// text is the plain text of a term: an IRI without angle brackets, a blank
// node as _:id, a literal as its lexical form without quotes or datatype.
func text(v quad.Value) string {
	switch v := v.(type) {
	case quad.IRI:
		return string(v)
	case quad.BNode:
		return "_:" + string(v)
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedString:
		return string(v.Value)
	case quad.Int:
		return strconv.FormatInt(int64(v), 10)
	case quad.Float:
		return strconv.FormatFloat(float64(v), 'g', -1, 64)
	case quad.Bool:
		return strconv.FormatBool(bool(v))
	case quad.Time:
		s, _ := timeLexical(time.Time(v))
		return s
	case nil:
		return ""
	}
	return v.String()
}

// kind names the sort of a term for the CSV object_type column.
func kind(v quad.Value) string {
	switch v := v.(type) {
	case quad.IRI:
		return "iri"
	case quad.BNode:
		return "bnode"
	case quad.String:
		return "string"
	case quad.LangString:
		return "string@" + v.Lang
	case quad.TypedString:
		return "typed:" + string(v.Type)
	case quad.Int:
		return "int"
	case quad.Float:
		return "float"
	case quad.Bool:
		return "bool"
	case quad.Time:
		return "time"
	}
	return "other"
}

// timeLexical formats t as an xsd:date when it is midnight UTC, which is how
// the graph stores calendar dates, and as an xsd:dateTime otherwise. The
// second result is the local name of the XSD datatype.
func timeLexical(t time.Time) (string, string) {
	u := t.UTC()
	if u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return u.Format(time.DateOnly), "date"
	}
	return t.Format(time.RFC3339Nano), "dateTime"
}

// shortName is a predicate or type IRI without the kg: prefix.
func shortName(v quad.Value) string {
	return strings.TrimPrefix(text(v), kgPrefix)
}

// lastSegment is the part of an IRI after its last ':', '/' or '#', the most
// readable stand-in for a node without a kg:name (kg:person:51:王小明 →
// 王小明).
func lastSegment(s string) string {
	if i := strings.LastIndexAny(s, ":/#"); i >= 0 && i < len(s)-1 {
		return s[i+1:]
	}
	return s
}
