package readmodel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
)

// randomGraph writes a random sequence of replacements and removals of
// articles with names, aliases, node and literal objects, dates and texts.
func randomGraph(seed uint64, steps int) *Graph {
	rng := rand.New(rand.NewPCG(seed, 7))
	g := New()
	for step := range steps {
		randomWrite(g, rng, step)
	}
	return g
}

// randomWrite writes or removes one random article of randomGraph's kind.
func randomWrite(g *Graph, rng *rand.Rand, step int) {
	id := quad.IRI(fmt.Sprint("kg:article:", rng.IntN(60)))
	if rng.IntN(5) == 0 {
		g.Remove(id)
		return
	}
	var qs []quad.Quad
	for j := range rng.IntN(15) {
		s := quad.IRI(fmt.Sprint("kg:union:n", rng.IntN(40)))
		switch rng.IntN(5) {
		case 0:
			qs = append(qs, quad.Make(s, kg.PredName, quad.String(fmt.Sprint("成都市总工会", rng.IntN(30))), nil))
		case 1:
			qs = append(qs, quad.Make(s, kg.PredAlias, quad.String(fmt.Sprint("市总", rng.IntN(9), j)), nil))
		case 2:
			qs = append(qs, quad.Make(s, kg.PredRelayed, quad.IRI(fmt.Sprint("kg:congress:c", rng.IntN(5))), nil))
		case 3:
			d := time.Date(2022, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			qs = append(qs, quad.Make(s, kg.PredDate, quad.Time(d), nil))
		default:
			qs = append(qs, quad.Make(s, kg.PredType, kg.TypeUnion, nil))
		}
	}
	if rng.IntN(2) == 0 {
		qs = append(qs, quad.Make(id, kg.PredText, quad.String(fmt.Sprint("正文", step%4)), nil))
	}
	g.Replace(id, qs)
}

// layout lists everything a Graph derives from its quads, by the values'
// forms: the lists by subject and by object with their runs, the labels'
// lists, the gram index and the text counts.
func layout(g *Graph) string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var lines []string
	lists := func(kind string, m [][]group) {
		for id, gs := range m {
			for _, gr := range gs {
				var qs []string
				for _, qi := range gr.qs {
					ids := g.quads[qi]
					qs = append(qs, g.strs[ids[0]]+" "+g.strs[ids[2]]+" "+g.strs[ids[3]])
				}
				lines = append(lines, fmt.Sprintf("%s %s %s runs=%d: %s", kind, g.strs[id], g.strs[gr.pred], gr.runs, strings.Join(qs, "; ")))
			}
		}
	}
	lists("out", g.out)
	lists("in", g.in)
	for l, qs := range g.byLabel {
		var ss []string
		for _, qi := range qs {
			ids := g.quads[qi]
			ss = append(ss, g.strs[ids[0]]+" "+g.strs[ids[1]]+" "+g.strs[ids[2]])
		}
		lines = append(lines, "label "+g.strs[l]+": "+strings.Join(ss, "; "))
	}
	for k, p := range g.grams {
		// In order, with each name's length: a search reads them so.
		var ss []string
		for _, b := range p {
			for _, id := range b.ids {
				if g.nameRunes[id] != b.runes {
					ss = append(ss, "in the wrong bucket:")
				}
				ss = append(ss, fmt.Sprint(g.nameRunes[id], " ", g.strs[id]))
			}
		}
		lines = append(lines, fmt.Sprintf("gram %d %d: %s", k[0], k[1], strings.Join(ss, "|")))
	}
	for d, n := range g.texts {
		lines = append(lines, fmt.Sprintf("text %x %d", d[:4], n))
	}
	for id, n := range g.refs {
		if n > 0 {
			lines = append(lines, fmt.Sprintf("refs %s %d", g.strs[id], n))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// A Graph loaded from its snapshot holds the same quads, lists, runs,
// grams and reference counts as the Graph written write by write, and
// answers the same.
func TestSnapshotRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, seed := range []uint64{1, 2, 3} {
		g := randomGraph(seed, 3000)
		var buf bytes.Buffer
		if err := g.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		loaded := randomGraph(seed+100, 50) // Load replaces what it held
		stamp := loaded.Stamp(quad.IRI("kg:union:n1"))
		if err := loaded.Load(ctx, bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
		if loaded.Ready() {
			t.Error("a loaded Graph is ready before its caller says so")
		}
		if g.Fingerprint() != loaded.Fingerprint() {
			t.Fatalf("seed %d: fingerprints differ", seed)
		}
		if a, b := layout(g), layout(loaded); a != b {
			t.Fatalf("seed %d: layouts differ:\nwritten:\n%.2000s\nloaded:\n%.2000s", seed, a, b)
		}
		n1, q1 := g.Size()
		n2, q2 := loaded.Size()
		if n1 != n2 || q1 != q2 {
			t.Errorf("sizes %d/%d, loaded %d/%d", n1, q1, n2, q2)
		}
		if s := loaded.Stamp(quad.IRI("kg:union:n1")); s <= stamp {
			t.Errorf("stamp after Load %d, before %d: what was read before must look changed", s, stamp)
		}
		if a, b := len(g.Names(ctx, "总工会")), len(loaded.Names(ctx, "总工会")); a != b || a == 0 {
			t.Errorf("names: written %d, loaded %d", a, b)
		}
		// Writes after a Load work as on any Graph.
		for _, x := range []*Graph{g, loaded} {
			x.Replace(quad.IRI("kg:article:1"), []quad.Quad{quad.Make(quad.IRI("kg:union:new"), kg.PredName, quad.String("新工会"), nil)})
			x.Remove(quad.IRI("kg:article:2"))
		}
		if a, b := layout(g), layout(loaded); a != b {
			t.Fatalf("seed %d: layouts differ after writes", seed)
		}
	}
}

// An empty Graph round-trips too.
func TestSnapshotEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := New().Encode(&buf); err != nil {
		t.Fatal(err)
	}
	g := randomGraph(5, 100)
	if err := g.Load(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if n, qn := g.Size(); n != 0 || qn != 0 {
		t.Errorf("%d nodes, %d quads", n, qn)
	}
}

// A damaged, truncated or foreign snapshot is refused with ErrSnapshot
// and the Graph keeps what it held.
func TestSnapshotDamaged(t *testing.T) {
	g := randomGraph(9, 500)
	var buf bytes.Buffer
	if err := g.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flip := func(at int) []byte {
		b := slices.Clone(good)
		b[at] ^= 0x40
		return b
	}
	cases := map[string][]byte{
		"empty":           nil,
		"foreign":         []byte("<a> <b> <c> .\n"),
		"truncated head":  good[:10],
		"truncated half":  good[:len(good)/2],
		"no checksum":     good[:len(good)-4],
		"trailing bytes":  append(slices.Clone(good), 0),
		"byte flipped":    flip(len(good) / 3),
		"checksum wrong":  flip(len(good) - 1),
		"version changed": flip(len(snapshotMagic)),
	}
	want := g.Fingerprint()
	for name, b := range cases {
		err := g.Load(context.Background(), bytes.NewReader(b))
		if !errors.Is(err, ErrSnapshot) {
			t.Errorf("%s: err %v, want ErrSnapshot", name, err)
		}
		if g.Fingerprint() != want {
			t.Fatalf("%s: the Graph changed", name)
		}
	}
}

// A cancelled Load stops and changes nothing.
func TestSnapshotCancelled(t *testing.T) {
	g := randomGraph(11, 500)
	var buf bytes.Buffer
	if err := g.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h := New()
	if err := h.Load(ctx, &buf); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if n, _ := h.Size(); n != 0 {
		t.Errorf("a cancelled Load left %d nodes", n)
	}
}

func BenchmarkSnapshot(b *testing.B) {
	g := randomGraph(1, 20000)
	var buf bytes.Buffer
	if err := g.Encode(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			if err := g.Encode(&bytes.Buffer{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		h := New()
		for b.Loop() {
			if err := h.Load(context.Background(), bytes.NewReader(buf.Bytes())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// WaitLoad returns when the load ends, or when its context is done, and at
// once when no load runs.
func TestWaitLoad(t *testing.T) {
	g := New()
	g.WaitLoad(context.Background()) // no load: returns
	g.BeginLoad()
	if !g.Loading() {
		t.Fatal("not loading after BeginLoad")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	g.WaitLoad(ctx) // returns at the deadline
	if ctx.Err() == nil {
		t.Fatal("WaitLoad returned before the load ended or its deadline")
	}
	done := make(chan struct{})
	go func() {
		g.WaitLoad(context.Background())
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("WaitLoad returned while loading")
	case <-time.After(20 * time.Millisecond):
	}
	g.EndLoad()
	<-done
	if g.Loading() {
		t.Fatal("loading after EndLoad")
	}
}

// BenchmarkLoadFile loads the snapshot of a real store, which
// KG_SNAPSHOT names (a bolt store's readmodel.snap, written by kg serve or
// kg reindex); it is skipped without one.
func BenchmarkLoadFile(b *testing.B) {
	path := os.Getenv("KG_SNAPSHOT")
	if path == "" {
		b.Skip("KG_SNAPSHOT names no snapshot")
	}
	const storeHeader = len("kg-store-snapshot\n") + 16 // see package store
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Seek(int64(storeHeader), io.SeekStart); err != nil {
			b.Fatal(err)
		}
		if err := New().Load(context.Background(), f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkReplaceLoaded times the write of one article of new names into
// a real store's model (KG_SNAPSHOT, as BenchmarkLoadFile): what a write
// holds the model's lock for.
func BenchmarkReplaceLoaded(b *testing.B) {
	path := os.Getenv("KG_SNAPSHOT")
	if path == "" {
		b.Skip("KG_SNAPSHOT names no snapshot")
	}
	const storeHeader = len("kg-store-snapshot\n") + 16 // see package store
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(int64(storeHeader), io.SeekStart); err != nil {
		b.Fatal(err)
	}
	g := New()
	if err := g.Load(context.Background(), f); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		label := quad.IRI(fmt.Sprint("kg:article:bench-", i))
		var qs []quad.Quad
		for j := range 40 {
			s := quad.IRI(fmt.Sprint("kg:meeting:bench-", i, "-", j))
			qs = append(qs, quad.Make(s, kg.PredType, kg.TypeUnion, nil),
				quad.Make(s, kg.PredName, quad.String(fmt.Sprint("某市总工会召开会议传达学习精神", i, j)), nil))
		}
		g.Replace(label, qs)
	}
}

// Every kind of value comes back from a snapshot as it was written, with
// its N-Quads form, whether it is read by the fast path (IRIs and strings
// with nothing to escape) or by Cayley's decoder.
func TestSnapshotValueKinds(t *testing.T) {
	ctx := context.Background()
	objects := []quad.Value{
		quad.IRI("kg:union:成都市总工会"), quad.IRI(""), quad.String("成都市总工会"), quad.String(""),
		quad.String(`一个"引号"`), quad.String(`反斜杠\`), quad.String("换行\n制表\t回车\r"),
		quad.BNode("b1"), quad.TypedString{Value: "12", Type: "xsd:integer"},
		quad.LangString{Value: "union", Lang: "en"}, quad.Int(-7), quad.Float(2.5), quad.Bool(true),
		quad.Time(time.Date(2022, 10, 16, 0, 0, 0, 0, time.UTC)),
	}
	g := New()
	var qs []quad.Quad
	for i, o := range objects {
		qs = append(qs, quad.Make(quad.IRI(fmt.Sprint("kg:n", i)), kg.PredName, o, nil))
	}
	g.Replace(quad.IRI("kg:article:1"), qs)
	var buf bytes.Buffer
	if err := g.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	loaded := New()
	if err := loaded.Load(ctx, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	for _, o := range objects {
		id, ok := loaded.lookup(o)
		if !ok {
			t.Errorf("%#v: not found after a load", o)
			continue
		}
		if got := loaded.vals[id]; got != o {
			t.Errorf("loaded %#v, want %#v", got, o)
		}
		if got := loaded.strs[id]; got != o.String() {
			t.Errorf("form %q, want %q", got, o.String())
		}
	}
	if a, b := layout(g), layout(loaded); a != b {
		t.Fatalf("layouts differ:\nwritten:\n%s\nloaded:\n%s", a, b)
	}
}

func TestPlainValue(t *testing.T) {
	tests := []struct {
		name    string
		b       []byte
		text    string
		iri, ok bool
	}{
		{"iri", []byte{3<<3 | 2, 3, 'a', 'b', 'c'}, "abc", true, true},
		{"string", []byte{2<<3 | 2, 2, 'h', 'i'}, "hi", false, true},
		{"empty string", []byte{2<<3 | 2, 0}, "", false, true},
		{"a string to escape", []byte{2<<3 | 2, 2, '"', 'x'}, "", false, false},
		{"length past the end", []byte{3<<3 | 2, 5, 'a'}, "", false, false},
		{"a second field", []byte{3<<3 | 2, 1, 'a', 2<<3 | 2, 0}, "", false, false},
		{"a bnode", []byte{4<<3 | 2, 1, 'a'}, "", false, false},
		{"nothing", nil, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, iri, ok := plainValue(tt.b)
			if ok != tt.ok || ok && (string(text) != tt.text || iri != tt.iri) {
				t.Errorf("plainValue(%v) = %q, %v, %v; want %q, %v, %v", tt.b, text, iri, ok, tt.text, tt.iri, tt.ok)
			}
		})
	}
}

// A value boxed in place is the value: equal to one converted the usual
// way, of its type, a map key like it, and kept alive by the interface
// alone.
func TestBoxed(t *testing.T) {
	iris := []quad.IRI{"kg:union:成都市总工会", ""}
	lits := []quad.String{"成都市总工会", ""}
	vals := []quad.Value{boxed(&iris[0]), boxed(&iris[1]), boxed(&lits[0]), boxed(&lits[1])}
	want := []quad.Value{quad.IRI("kg:union:成都市总工会"), quad.IRI(""), quad.String("成都市总工会"), quad.String("")}
	m := map[quad.Value]int{}
	for i, w := range want {
		m[w] = i
	}
	iris, lits = nil, nil
	runtime.GC()
	for i, v := range vals {
		if v != want[i] || v.String() != want[i].String() {
			t.Errorf("boxed %#v, want %#v", v, want[i])
		}
		if j, ok := m[v]; !ok || j != i {
			t.Errorf("boxed %#v is not the map key of %#v", v, want[i])
		}
		switch v.(type) {
		case quad.IRI:
			if i >= 2 {
				t.Errorf("%#v is an IRI", v)
			}
		case quad.String:
			if i < 2 {
				t.Errorf("%#v is a string", v)
			}
		default:
			t.Errorf("%#v of type %T", v, v)
		}
	}
}
