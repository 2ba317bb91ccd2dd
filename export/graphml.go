package export

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/cayleygraph/quad"
)

// GraphML document, written element by element with encoding/xml so that
// names like A&B<工会> are escaped and the whole tree is never built.
type (
	graphMLKey struct {
		XMLName xml.Name `xml:"key"`
		ID      string   `xml:"id,attr"`
		For     string   `xml:"for,attr"`
		Name    string   `xml:"attr.name,attr"`
		Type    string   `xml:"attr.type,attr"`
	}
	graphMLData struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	graphMLNode struct {
		XMLName xml.Name      `xml:"node"`
		ID      string        `xml:"id,attr"`
		Data    []graphMLData `xml:"data"`
	}
	graphMLEdge struct {
		XMLName xml.Name      `xml:"edge"`
		ID      string        `xml:"id,attr"`
		Source  string        `xml:"source,attr"`
		Target  string        `xml:"target,attr"`
		Data    []graphMLData `xml:"data"`
	}
)

// Fixed GraphML key ids and attribute names.
const (
	gmlLabel     = "label"
	gmlType      = "type"
	gmlIRI       = "iri"
	gmlPredicate = "predicate"
	gmlArticles  = "articles"
	gmlWeight    = "weight"
)

// writeGraphML writes the graph as GraphML. Node ids are n0, n1… in IRI
// order, because GraphML ids are XML name tokens and IRIs with spaces or
// Chinese quotation marks are not; the IRI is the "iri" attribute.
func writeGraphML(ctx context.Context, w io.Writer, quads iter.Seq2[quad.Quad, error]) error {
	a, err := aggregateQuads(ctx, quads)
	if err != nil {
		return err
	}
	g, err := a.view(ctx, gmlLabel, gmlType, gmlIRI)
	if err != nil {
		return err
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{
		Name: xml.Name{Local: "graphml"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "xmlns"}, Value: "http://graphml.graphdrawing.org/xmlns"},
			{Name: xml.Name{Local: "xmlns:xsi"}, Value: "http://www.w3.org/2001/XMLSchema-instance"},
			{Name: xml.Name{Local: "xsi:schemaLocation"}, Value: "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"},
		},
	}
	graph := xml.StartElement{
		Name: xml.Name{Local: "graph"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "id"}, Value: "G"},
			{Name: xml.Name{Local: "edgedefault"}, Value: "directed"},
		},
	}
	if err := enc.EncodeToken(root); err != nil {
		return fmt.Errorf("write graphml element: %w", err)
	}

	keys := []graphMLKey{
		{ID: gmlLabel, For: "node", Name: gmlLabel, Type: "string"},
		{ID: gmlType, For: "node", Name: gmlType, Type: "string"},
		{ID: gmlIRI, For: "node", Name: gmlIRI, Type: "string"},
	}
	for i, c := range g.columns {
		keys = append(keys, graphMLKey{ID: "a" + strconv.Itoa(i), For: "node", Name: c.name, Type: "string"})
	}
	keys = append(keys,
		graphMLKey{ID: gmlPredicate, For: "edge", Name: gmlPredicate, Type: "string"},
		graphMLKey{ID: gmlArticles, For: "edge", Name: gmlArticles, Type: "int"},
		graphMLKey{ID: gmlWeight, For: "edge", Name: gmlWeight, Type: "double"},
	)
	for _, k := range keys {
		if err := enc.Encode(k); err != nil {
			return fmt.Errorf("write key %s: %w", k.Name, err)
		}
	}
	if err := enc.EncodeToken(graph); err != nil {
		return fmt.Errorf("write graph element: %w", err)
	}

	nodeID := make(map[int32]string, len(g.nodes))
	for i, n := range g.nodes {
		if err := check(ctx, i); err != nil {
			return err
		}
		id := "n" + strconv.Itoa(i)
		nodeID[n.term] = id
		el := graphMLNode{ID: id, Data: []graphMLData{
			{Key: gmlLabel, Value: n.label},
			{Key: gmlType, Value: n.typ},
			{Key: gmlIRI, Value: a.terms[n.term].text},
		}}
		for c, v := range n.attrs {
			if v != "" {
				el.Data = append(el.Data, graphMLData{Key: "a" + strconv.Itoa(c), Value: v})
			}
		}
		if err := enc.Encode(el); err != nil {
			return fmt.Errorf("write node %s: %w", a.terms[n.term].text, err)
		}
	}
	for i, e := range g.edges {
		if err := check(ctx, i); err != nil {
			return err
		}
		articles := strconv.Itoa(len(e.articles))
		el := graphMLEdge{
			ID:     "e" + strconv.Itoa(i),
			Source: nodeID[e.s],
			Target: nodeID[e.o],
			Data: []graphMLData{
				{Key: gmlPredicate, Value: shortName(a.terms[e.p].v)},
				{Key: gmlArticles, Value: articles},
				{Key: gmlWeight, Value: articles},
			},
		}
		if err := enc.Encode(el); err != nil {
			return fmt.Errorf("write edge %s: %w", el.ID, err)
		}
	}

	if err := enc.EncodeToken(graph.End()); err != nil {
		return fmt.Errorf("close graph element: %w", err)
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return fmt.Errorf("close graphml element: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write final newline: %w", err)
	}
	return nil
}
