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

// GEXF 1.3 document, written element by element like GraphML.
type (
	gexfAttribute struct {
		XMLName xml.Name `xml:"attribute"`
		ID      string   `xml:"id,attr"`
		Title   string   `xml:"title,attr"`
		Type    string   `xml:"type,attr"`
	}
	gexfAttributes struct {
		XMLName    xml.Name        `xml:"attributes"`
		Class      string          `xml:"class,attr"`
		Attributes []gexfAttribute `xml:"attribute"`
	}
	gexfValue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	}
	gexfNode struct {
		XMLName xml.Name    `xml:"node"`
		ID      string      `xml:"id,attr"`
		Label   string      `xml:"label,attr"`
		Values  []gexfValue `xml:"attvalues>attvalue"`
	}
	gexfEdge struct {
		XMLName xml.Name    `xml:"edge"`
		ID      string      `xml:"id,attr"`
		Source  string      `xml:"source,attr"`
		Target  string      `xml:"target,attr"`
		Kind    string      `xml:"kind,attr"`
		Label   string      `xml:"label,attr"`
		Weight  string      `xml:"weight,attr"`
		Values  []gexfValue `xml:"attvalues>attvalue"`
	}
	gexfMeta struct {
		XMLName     xml.Name `xml:"meta"`
		Creator     string   `xml:"creator"`
		Description string   `xml:"description"`
	}
)

// Fixed GEXF attribute ids (and titles).
const (
	gexfType      = "type"
	gexfPredicate = "predicate"
	gexfArticles  = "articles"
)

// writeGEXF writes the graph as GEXF 1.3 for Gephi. Node ids are the IRIs
// (GEXF ids are plain strings) and the node label is native. Each edge's
// kind is its predicate, so that Gephi keeps, say, kg:held and kg:chaired
// between the same two nodes as parallel edges instead of merging them.
func writeGEXF(ctx context.Context, w io.Writer, quads iter.Seq2[quad.Quad, error]) error {
	a, err := aggregateQuads(ctx, quads)
	if err != nil {
		return err
	}
	g, err := a.view(ctx, gexfType)
	if err != nil {
		return err
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{
		Name: xml.Name{Local: "gexf"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "xmlns"}, Value: "http://gexf.net/1.3"},
			{Name: xml.Name{Local: "xmlns:xsi"}, Value: "http://www.w3.org/2001/XMLSchema-instance"},
			{Name: xml.Name{Local: "xsi:schemaLocation"}, Value: "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"},
			{Name: xml.Name{Local: "version"}, Value: "1.3"},
		},
	}
	graph := xml.StartElement{
		Name: xml.Name{Local: "graph"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "mode"}, Value: "static"},
			{Name: xml.Name{Local: "defaultedgetype"}, Value: "directed"},
		},
	}
	nodes := xml.StartElement{Name: xml.Name{Local: "nodes"}}
	edges := xml.StartElement{Name: xml.Name{Local: "edges"}}

	if err := enc.EncodeToken(root); err != nil {
		return fmt.Errorf("write gexf element: %w", err)
	}
	// No lastmodifieddate: the same graph must give the same bytes.
	meta := gexfMeta{Creator: "unionkg export", Description: "Trade-union news knowledge graph; edge weight = number of supporting articles"}
	if err := enc.Encode(meta); err != nil {
		return fmt.Errorf("write meta: %w", err)
	}
	if err := enc.EncodeToken(graph); err != nil {
		return fmt.Errorf("write graph element: %w", err)
	}
	nodeAttrs := gexfAttributes{Class: "node", Attributes: []gexfAttribute{{ID: gexfType, Title: gexfType, Type: "string"}}}
	for i, c := range g.columns {
		nodeAttrs.Attributes = append(nodeAttrs.Attributes, gexfAttribute{ID: "a" + strconv.Itoa(i), Title: c.name, Type: "string"})
	}
	edgeAttrs := gexfAttributes{Class: "edge", Attributes: []gexfAttribute{
		{ID: gexfPredicate, Title: gexfPredicate, Type: "string"},
		{ID: gexfArticles, Title: gexfArticles, Type: "integer"},
	}}
	for _, attrs := range []gexfAttributes{nodeAttrs, edgeAttrs} {
		if err := enc.Encode(attrs); err != nil {
			return fmt.Errorf("write %s attributes: %w", attrs.Class, err)
		}
	}

	if err := enc.EncodeToken(nodes); err != nil {
		return fmt.Errorf("write nodes element: %w", err)
	}
	for i, n := range g.nodes {
		if err := check(ctx, i); err != nil {
			return err
		}
		el := gexfNode{ID: a.terms[n.term].text, Label: n.label, Values: []gexfValue{{For: gexfType, Value: n.typ}}}
		for c, v := range n.attrs {
			if v != "" {
				el.Values = append(el.Values, gexfValue{For: "a" + strconv.Itoa(c), Value: v})
			}
		}
		if err := enc.Encode(el); err != nil {
			return fmt.Errorf("write node %s: %w", el.ID, err)
		}
	}
	if err := enc.EncodeToken(nodes.End()); err != nil {
		return fmt.Errorf("close nodes element: %w", err)
	}

	if err := enc.EncodeToken(edges); err != nil {
		return fmt.Errorf("write edges element: %w", err)
	}
	for i, e := range g.edges {
		if err := check(ctx, i); err != nil {
			return err
		}
		pred := shortName(a.terms[e.p].v)
		articles := strconv.Itoa(len(e.articles))
		el := gexfEdge{
			ID:     strconv.Itoa(i),
			Source: a.terms[e.s].text,
			Target: a.terms[e.o].text,
			Kind:   pred,
			Label:  pred,
			Weight: articles,
			Values: []gexfValue{
				{For: gexfPredicate, Value: pred},
				{For: gexfArticles, Value: articles},
			},
		}
		if err := enc.Encode(el); err != nil {
			return fmt.Errorf("write edge %s: %w", el.ID, err)
		}
	}
	for _, end := range []xml.EndElement{edges.End(), graph.End(), root.End()} {
		if err := enc.EncodeToken(end); err != nil {
			return fmt.Errorf("close %s element: %w", end.Name.Local, err)
		}
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write final newline: %w", err)
	}
	return nil
}
