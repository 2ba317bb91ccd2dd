package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/unionkg/kg/export"
)

const trickyName = `A&B<工会> "二十大"`

// testGraph is a small graph with the cases the formats must get right: a
// fact stated by two articles (and twice by one), names with XML-special
// characters and quotes, a date, an int, an unlabelled quad, a node without
// type or name.
func testGraph() []quad.Quad {
	var (
		a1       = quad.IRI("kg:article:A1")
		a2       = quad.IRI("kg:article:A2")
		union    = quad.IRI("kg:union:成都市总工会")
		congress = quad.IRI("kg:congress:党的二十大")
		meeting  = quad.IRI("kg:meeting:A1:1")
		person   = quad.IRI("kg:person:51:王小明")
		place    = quad.IRI("kg:place:510100")
		typ      = quad.IRI("rdf:type")
	)
	q := func(s, p, o, l quad.Value) quad.Quad {
		return quad.Quad{Subject: s, Predicate: p, Object: o, Label: l}
	}
	return []quad.Quad{
		q(a1, typ, quad.IRI("kg:Article"), a1),
		q(a1, quad.IRI("kg:name"), quad.String("成都市总工会传达学习党的二十大精神"), a1),
		q(union, typ, quad.IRI("kg:Union"), a1),
		q(union, quad.IRI("kg:name"), quad.String("成都市总工会"), a1),
		q(union, quad.IRI("kg:level"), quad.String("city"), a1),
		q(union, quad.IRI("kg:placeCode"), quad.String("510100"), a1),
		q(congress, typ, quad.IRI("kg:Congress"), a1),
		q(congress, quad.IRI("kg:name"), quad.String(trickyName), a1),
		q(union, quad.IRI("kg:relayed"), congress, a1),
		q(union, quad.IRI("kg:relayed"), congress, a1), // repeated: still one article
		q(union, quad.IRI("kg:held"), meeting, a1),
		q(meeting, typ, quad.IRI("kg:Meeting"), a1),
		q(meeting, quad.IRI("kg:date"), quad.Time(time.Date(2024, 7, 18, 0, 0, 0, 0, time.UTC)), a1),
		q(meeting, quad.IRI("kg:number"), quad.Int(3), a1),
		q(person, quad.IRI("kg:chaired"), meeting, a1),
		q(union, typ, quad.IRI("kg:Union"), a2),
		q(union, quad.IRI("kg:relayed"), congress, a2),
		q(union, quad.IRI("kg:alias"), quad.String("成都市總工會"), a2),
		q(union, quad.IRI("kg:locatedIn"), place, nil),
		q(place, typ, quad.IRI("kg:Place"), nil),
	}
}

// Shape of testGraph in the property-graph formats.
const (
	wantNodes = 6 // article A1, union, congress, meeting, person, place
	wantEdges = 4 // relayed, held, chaired, locatedIn
)

func seq(qs []quad.Quad) iter.Seq2[quad.Quad, error] {
	return func(yield func(quad.Quad, error) bool) {
		for _, q := range qs {
			if !yield(q, nil) {
				return
			}
		}
	}
}

func write(t testing.TB, format string, qs []quad.Quad) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(context.Background(), &buf, format, seq(qs)); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestFormats(t *testing.T) {
	want := []string{"nquads", "jsonld", "graphml", "gexf", "csv"}
	if got := export.Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		format string
		check  func(t *testing.T, out []byte)
		// stable: the output does not depend on the order of the quads.
		stable bool
	}{
		{"nquads", checkNQuads, false},
		{"jsonld", checkJSONLD, false},
		{"graphml", checkGraphML, true},
		{"gexf", checkGEXF, true},
		{"csv", checkCSV, true},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			out := write(t, tt.format, testGraph())
			tt.check(t, out)
			if again := write(t, tt.format, testGraph()); !bytes.Equal(out, again) {
				t.Error("two writes of the same graph differ")
			}
			if tt.stable {
				rev := slices.Clone(testGraph())
				slices.Reverse(rev)
				if got := write(t, tt.format, rev); !bytes.Equal(out, got) {
					t.Errorf("output depends on quad order:\n%s\nvs reversed input:\n%s", out, got)
				}
			}
		})
	}
}

func checkNQuads(t *testing.T, out []byte) {
	want := testGraph()
	r := nquads.NewReader(bytes.NewReader(out), false)
	var got []quad.Quad
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read back quad %d: %v", len(got)+1, err)
		}
		got = append(got, q)
	}
	if len(got) != len(want) {
		t.Fatalf("read back %d quads, want %d", len(got), len(want))
	}
	for i := range want {
		if !quadsEqual(got[i], want[i]) {
			t.Errorf("quad %d = %#v, want %#v", i, got[i], want[i])
		}
	}
}

func quadsEqual(a, b quad.Quad) bool {
	return valuesEqual(a.Subject, b.Subject) && valuesEqual(a.Predicate, b.Predicate) &&
		valuesEqual(a.Object, b.Object) && valuesEqual(a.Label, b.Label)
}

func valuesEqual(a, b quad.Value) bool {
	if e, ok := a.(quad.Equaler); ok {
		return e.Equal(b)
	}
	return a == b
}

func checkJSONLD(t *testing.T, out []byte) {
	var doc struct {
		Context map[string]string `json:"@context"`
		Graph   []map[string]any  `json:"@graph"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got := doc.Context["kg"]; got != "https://unionkg.github.io/ns#" {
		t.Errorf(`@context "kg" = %q`, got)
	}
	if got := doc.Context["rdf"]; got != "http://www.w3.org/1999/02/22-rdf-syntax-ns#" {
		t.Errorf(`@context "rdf" = %q`, got)
	}
	var named []string
	defaults := make(map[string]map[string]any)
	nodes := make(map[string]map[string]any) // every node object, by graph and @id
	for _, e := range doc.Graph {
		id, _ := e["@id"].(string)
		if g, ok := e["@graph"].([]any); ok {
			named = append(named, id)
			for _, n := range g {
				n := n.(map[string]any)
				nodes[id+" "+n["@id"].(string)] = n
			}
		} else {
			defaults[id] = e
		}
	}
	if want := []string{"kg:article:A1", "kg:article:A2"}; !slices.Equal(named, want) {
		t.Errorf("named graphs = %v, want %v", named, want)
	}
	// The unlabelled quads are in the default graph.
	if u := defaults["kg:union:成都市总工会"]; u == nil {
		t.Errorf("union not in default graph; default nodes: %v", defaults)
	} else if got := u["kg:locatedIn"]; !jsonEqual(got, map[string]any{"@id": "kg:place:510100"}) {
		t.Errorf("default graph union kg:locatedIn = %v", got)
	}
	if p := defaults["kg:place:510100"]; p == nil || p["@type"] != "kg:Place" {
		t.Errorf("default graph place = %v", p)
	}

	checks := []struct {
		node, prop string
		want       any
	}{
		{"kg:article:A1 kg:congress:党的二十大", "kg:name", trickyName},
		{"kg:article:A1 kg:congress:党的二十大", "@type", "kg:Congress"},
		{"kg:article:A1 kg:meeting:A1:1", "kg:date", map[string]any{"@value": "2024-07-18", "@type": "xsd:date"}},
		{"kg:article:A1 kg:meeting:A1:1", "kg:number", map[string]any{"@value": "3", "@type": "xsd:integer"}},
		{"kg:article:A1 kg:union:成都市总工会", "kg:relayed", map[string]any{"@id": "kg:congress:党的二十大"}},
		{"kg:article:A2 kg:union:成都市总工会", "kg:relayed", map[string]any{"@id": "kg:congress:党的二十大"}},
		{"kg:article:A2 kg:union:成都市总工会", "kg:alias", "成都市總工會"},
	}
	for _, c := range checks {
		n := nodes[c.node]
		if n == nil {
			t.Errorf("no node %s", c.node)
			continue
		}
		if got := n[c.prop]; !jsonEqual(got, c.want) {
			t.Errorf("%s %s = %#v, want %#v", c.node, c.prop, got, c.want)
		}
	}
}

func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// Just enough GraphML to read the output back.
type graphMLDoc struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string           `xml:"edgedefault,attr"`
		Nodes       []graphMLElement `xml:"node"`
		Edges       []graphMLElement `xml:"edge"`
	} `xml:"graph"`
}

type graphMLElement struct {
	ID     string `xml:"id,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
	Data   []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	} `xml:"data"`
}

func checkGraphML(t *testing.T, out []byte) {
	var doc graphMLDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, out)
	}
	if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" {
		t.Errorf("namespace = %q", doc.XMLName.Space)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault = %q", doc.Graph.EdgeDefault)
	}
	keyName := make(map[string]string) // key id → attr.name
	for _, k := range doc.Keys {
		if _, dup := keyName[k.ID]; dup {
			t.Errorf("key id %q declared twice", k.ID)
		}
		keyName[k.ID] = k.For + ":" + k.Name
	}
	for _, want := range []string{"node:label", "node:type", "node:iri", "node:date", "node:level", "node:placeCode", "node:name", "node:alias", "node:number", "edge:predicate", "edge:articles", "edge:weight"} {
		if !slices.Contains(slices.Collect(maps.Values(keyName)), want) {
			t.Errorf("no key %s; keys: %v", want, keyName)
		}
	}
	attrs := func(e graphMLElement) map[string]string {
		m := make(map[string]string)
		for _, d := range e.Data {
			name, ok := keyName[d.Key]
			if !ok {
				t.Errorf("%s: data for undeclared key %q", e.ID, d.Key)
			}
			m[strings.SplitN(name, ":", 2)[1]] = d.Value
		}
		return m
	}

	if len(doc.Graph.Nodes) != wantNodes {
		t.Errorf("%d nodes, want %d", len(doc.Graph.Nodes), wantNodes)
	}
	byIRI := make(map[string]map[string]string)
	idToIRI := make(map[string]string)
	for _, n := range doc.Graph.Nodes {
		a := attrs(n)
		byIRI[a["iri"]] = a
		idToIRI[n.ID] = a["iri"]
	}
	checkNodes(t, byIRI)

	if len(doc.Graph.Edges) != wantEdges {
		t.Errorf("%d edges, want %d", len(doc.Graph.Edges), wantEdges)
	}
	var relayed int
	for _, e := range doc.Graph.Edges {
		a := attrs(e)
		if a["predicate"] != "relayed" {
			continue
		}
		relayed++
		if s, o := idToIRI[e.Source], idToIRI[e.Target]; s != "kg:union:成都市总工会" || o != "kg:congress:党的二十大" {
			t.Errorf("relayed edge %s → %s", s, o)
		}
		if a["articles"] != "2" || a["weight"] != "2" {
			t.Errorf("relayed edge articles=%s weight=%s, want 2 and 2", a["articles"], a["weight"])
		}
	}
	if relayed != 1 {
		t.Errorf("%d relayed edges, want 1", relayed)
	}
}

// checkNodes checks the node attributes common to GraphML and GEXF, keyed by
// IRI then attribute name.
func checkNodes(t *testing.T, byIRI map[string]map[string]string) {
	t.Helper()
	tests := []struct {
		iri, attr, want string
	}{
		{"kg:union:成都市总工会", "type", "Union"},
		{"kg:union:成都市总工会", "label", "成都市总工会"},
		{"kg:union:成都市总工会", "level", "city"},
		{"kg:union:成都市总工会", "placeCode", "510100"},
		{"kg:congress:党的二十大", "label", trickyName},
		{"kg:congress:党的二十大", "type", "Congress"},
		{"kg:meeting:A1:1", "date", "2024-07-18"},
		{"kg:meeting:A1:1", "number", "3"},
		{"kg:person:51:王小明", "type", "Unknown"},
		{"kg:person:51:王小明", "label", "王小明"},
		{"kg:place:510100", "type", "Place"},
		{"kg:article:A1", "type", "Article"},
	}
	for _, tt := range tests {
		if got := byIRI[tt.iri][tt.attr]; got != tt.want {
			t.Errorf("node %s %s = %q, want %q", tt.iri, tt.attr, got, tt.want)
		}
	}
	for _, class := range []string{"kg:Union", "kg:Congress", "kg:Place"} {
		if byIRI[class] != nil {
			t.Errorf("type %s exported as a node", class)
		}
	}
}

// Just enough GEXF to read the output back.
type gexfDoc struct {
	XMLName xml.Name `xml:"gexf"`
	Version string   `xml:"version,attr"`
	Graph   struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Attributes      []struct {
			Class      string `xml:"class,attr"`
			Attributes []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []gexfElement `xml:"nodes>node"`
		Edges []gexfElement `xml:"edges>edge"`
	} `xml:"graph"`
}

type gexfElement struct {
	ID        string `xml:"id,attr"`
	Label     string `xml:"label,attr"`
	Source    string `xml:"source,attr"`
	Target    string `xml:"target,attr"`
	Weight    string `xml:"weight,attr"`
	Kind      string `xml:"kind,attr"`
	AttValues []struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	} `xml:"attvalues>attvalue"`
}

func checkGEXF(t *testing.T, out []byte) {
	var doc gexfDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, out)
	}
	if doc.XMLName.Space != "http://gexf.net/1.3" || doc.Version != "1.3" {
		t.Errorf("namespace %q version %q, want GEXF 1.3", doc.XMLName.Space, doc.Version)
	}
	if doc.Graph.DefaultEdgeType != "directed" {
		t.Errorf("defaultedgetype = %q", doc.Graph.DefaultEdgeType)
	}
	title := make(map[string]string) // class:id → title
	for _, as := range doc.Graph.Attributes {
		for _, a := range as.Attributes {
			title[as.Class+":"+a.ID] = a.Title
		}
	}
	attrs := func(class string, e gexfElement) map[string]string {
		m := map[string]string{"label": e.Label}
		for _, v := range e.AttValues {
			name, ok := title[class+":"+v.For]
			if !ok {
				t.Errorf("%s %s: value for undeclared attribute %q", class, e.ID, v.For)
			}
			m[name] = v.Value
		}
		return m
	}

	if len(doc.Graph.Nodes) != wantNodes {
		t.Errorf("%d nodes, want %d", len(doc.Graph.Nodes), wantNodes)
	}
	byIRI := make(map[string]map[string]string)
	for _, n := range doc.Graph.Nodes {
		byIRI[n.ID] = attrs("node", n)
	}
	checkNodes(t, byIRI)

	if len(doc.Graph.Edges) != wantEdges {
		t.Errorf("%d edges, want %d", len(doc.Graph.Edges), wantEdges)
	}
	var relayed int
	for _, e := range doc.Graph.Edges {
		if _, ok := byIRI[e.Source]; !ok {
			t.Errorf("edge %s from unknown node %q", e.ID, e.Source)
		}
		if _, ok := byIRI[e.Target]; !ok {
			t.Errorf("edge %s to unknown node %q", e.ID, e.Target)
		}
		a := attrs("edge", e)
		if a["predicate"] != "relayed" {
			continue
		}
		relayed++
		if e.Source != "kg:union:成都市总工会" || e.Target != "kg:congress:党的二十大" {
			t.Errorf("relayed edge %s → %s", e.Source, e.Target)
		}
		if a["articles"] != "2" || e.Weight != "2" || e.Kind != "relayed" {
			t.Errorf("relayed edge articles=%s weight=%s kind=%s, want 2, 2, relayed", a["articles"], e.Weight, e.Kind)
		}
	}
	if relayed != 1 {
		t.Errorf("%d relayed edges, want 1", relayed)
	}
}

func checkCSV(t *testing.T, out []byte) {
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	if want := []string{"subject", "predicate", "object", "object_type", "articles", "article_ids"}; !slices.Equal(rows[0], want) {
		t.Errorf("header = %v, want %v", rows[0], want)
	}
	rows = rows[1:]
	// testGraph has 20 quads: one repeated in the same article and two
	// (the union's type and its relaying) repeated by a second article.
	if len(rows) != 17 {
		t.Errorf("%d rows, want 17", len(rows))
	}
	if !slices.IsSortedFunc(rows, func(a, b []string) int {
		return strings.Compare(strings.Join(a[:3], "\x00"), strings.Join(b[:3], "\x00"))
	}) {
		t.Error("rows not sorted by subject, predicate, object")
	}
	want := map[string][]string{
		"kg:union:成都市总工会 kg:relayed":   {"kg:congress:党的二十大", "iri", "2", "kg:article:A1;kg:article:A2"},
		"kg:union:成都市总工会 rdf:type":     {"kg:Union", "iri", "2", "kg:article:A1;kg:article:A2"},
		"kg:union:成都市总工会 kg:locatedIn": {"kg:place:510100", "iri", "0", ""},
		"kg:congress:党的二十大 kg:name":    {trickyName, "string", "1", "kg:article:A1"},
		"kg:meeting:A1:1 kg:date":      {"2024-07-18", "time", "1", "kg:article:A1"},
		"kg:meeting:A1:1 kg:number":    {"3", "int", "1", "kg:article:A1"},
	}
	for _, r := range rows {
		k := r[0] + " " + r[1]
		if w, ok := want[k]; ok {
			if !slices.Equal(r[2:], w) {
				t.Errorf("row %s = %v, want %v", k, r[2:], w)
			}
			delete(want, k)
		}
	}
	for k := range want {
		t.Errorf("no row %s", k)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := export.Write(context.Background(), io.Discard, "turtle", seq(testGraph()))
	if !errors.Is(err, export.ErrUnknownFormat) {
		t.Fatalf("Write(turtle) = %v, want ErrUnknownFormat", err)
	}
	for _, f := range export.Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %s", err, f)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	boom := errors.New("store unreachable")
	failing := func(yield func(quad.Quad, error) bool) {
		for _, q := range testGraph()[:3] {
			if !yield(q, nil) {
				return
			}
		}
		yield(quad.Quad{}, boom)
	}
	incomplete := slices.Concat(testGraph(), []quad.Quad{{Subject: quad.IRI("kg:x"), Predicate: quad.IRI("kg:name")}})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name  string
		ctx   context.Context
		quads iter.Seq2[quad.Quad, error]
		want  error  // matched with errors.Is, when set
		text  string // contained in the message, when set
	}{
		{"sequence error", context.Background(), failing, boom, "read quad 4"},
		{"incomplete quad", context.Background(), seq(incomplete), nil, "quad 21 lacks"},
		{"cancelled", cancelled, seq(testGraph()), context.Canceled, ""},
		{"cancelled empty", cancelled, seq(nil), context.Canceled, ""},
	}
	for _, tt := range tests {
		for _, f := range export.Formats() {
			t.Run(tt.name+"/"+f, func(t *testing.T) {
				err := export.Write(tt.ctx, io.Discard, f, tt.quads)
				if err == nil {
					t.Fatal("Write succeeded")
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("Write = %v, want %v", err, tt.want)
				}
				if !strings.Contains(err.Error(), tt.text) {
					t.Errorf("Write = %q, want it to mention %q", err, tt.text)
				}
			})
		}
	}
}

// TestWriteCancelMidway checks that a cancellation during a long stream
// stops reading it soon after.
func TestWriteCancelMidway(t *testing.T) {
	const total, cancelAt = 10000, 1500
	for _, f := range export.Formats() {
		t.Run(f, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			read := 0
			quads := func(yield func(quad.Quad, error) bool) {
				for q := range syntheticGraph(total) {
					if read++; read == cancelAt {
						cancel()
					}
					if !yield(q, nil) {
						return
					}
				}
			}
			err := export.Write(ctx, io.Discard, f, quads)
			if err != context.Canceled {
				t.Errorf("Write = %v, want context.Canceled", err)
			}
			if read > cancelAt+1000 {
				t.Errorf("read %d quads after cancelling at %d", read, cancelAt)
			}
		})
	}
}

// TestWriteLabelForms checks values the project does not produce today but a
// store may hold: blank nodes, language strings, a literal label.
func TestWriteLabelForms(t *testing.T) {
	qs := []quad.Quad{
		{Subject: quad.BNode("b1"), Predicate: quad.IRI("kg:name"), Object: quad.LangString{Value: "工会", Lang: "zh"}, Label: quad.BNode("g")},
		{Subject: quad.BNode("b1"), Predicate: quad.IRI("kg:partOf"), Object: quad.IRI("kg:union:x"), Label: quad.String("not an IRI")},
	}
	for _, f := range []string{"nquads", "graphml", "gexf", "csv"} {
		t.Run(f, func(t *testing.T) { write(t, f, qs) })
	}
	t.Run("jsonld", func(t *testing.T) {
		err := export.Write(context.Background(), io.Discard, "jsonld", seq(qs))
		if err == nil || !strings.Contains(err.Error(), "label") {
			t.Errorf("Write(jsonld) with a literal label = %v, want an error about the label", err)
		}
	})
}

// TestWriteEmpty checks that an empty or nil sequence gives a valid, empty
// document in every format.
func TestWriteEmpty(t *testing.T) {
	valid := map[string]func([]byte) error{
		"nquads":  func(b []byte) error { return wantLen(b, 0) },
		"jsonld":  func(b []byte) error { var v any; return json.Unmarshal(b, &v) },
		"graphml": func(b []byte) error { var d graphMLDoc; return xml.Unmarshal(b, &d) },
		"gexf":    func(b []byte) error { var d gexfDoc; return xml.Unmarshal(b, &d) },
		"csv": func(b []byte) error {
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err == nil && len(rows) != 1 {
				err = fmt.Errorf("%d rows, want the header alone", len(rows))
			}
			return err
		},
	}
	for _, f := range export.Formats() {
		for name, quads := range map[string]iter.Seq2[quad.Quad, error]{"empty": seq(nil), "nil": nil} {
			t.Run(f+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := export.Write(context.Background(), &buf, f, quads); err != nil {
					t.Fatalf("Write: %v", err)
				}
				if err := valid[f](buf.Bytes()); err != nil {
					t.Errorf("invalid output: %v\n%s", err, buf.Bytes())
				}
			})
		}
	}
}

func wantLen(b []byte, n int) error {
	if len(b) != n {
		return fmt.Errorf("%d bytes, want %d", len(b), n)
	}
	return nil
}
