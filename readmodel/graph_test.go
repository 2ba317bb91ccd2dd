package readmodel

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
)

func q(s, p, o string) quad.Quad { return quad.Make(quad.IRI(s), quad.IRI(p), quad.String(o), nil) }

func objects(g *Graph, s, p string, max int) []string {
	var out []string
	for _, row := range g.Rows(context.Background(), quad.Subject, quad.IRI(s), quad.IRI(p), max, quad.Object, quad.Label) {
		out = append(out, fmt.Sprint(row[0], "@", row[1]))
	}
	return out
}

func TestRows(t *testing.T) {
	g := New()
	g.Replace(quad.IRI("a2"), []quad.Quad{q("n", "name", "b"), q("n", "name", "a"), q("n", "alias", "z")})
	g.Replace(quad.IRI("a1"), []quad.Quad{q("n", "name", "b"), q("m", "name", "c")})
	tests := []struct {
		s, p string
		max  int
		want []string
	}{
		// By object, then by label, whatever the order of the writes.
		{"n", "name", -1, []string{`"a"@<a2>`, `"b"@<a1>`, `"b"@<a2>`}},
		{"n", "name", 1, []string{`"a"@<a2>`}},
		// Every predicate: by predicate first.
		{"n", "", -1, []string{`"z"@<a2>`, `"a"@<a2>`, `"b"@<a1>`, `"b"@<a2>`}},
		{"m", "name", -1, []string{`"c"@<a1>`}},
		{"m", "alias", -1, nil},
		{"x", "name", -1, nil},
	}
	for _, tt := range tests {
		if got := objects(g, tt.s, tt.p, tt.max); !slices.Equal(got, tt.want) {
			t.Errorf("Rows(%s, %s, %d) = %q, want %q", tt.s, tt.p, tt.max, got, tt.want)
		}
	}
	ctx := context.Background()
	if n := g.Count(ctx, quad.Subject, quad.IRI("n"), "name", quad.Object); n != 2 {
		t.Errorf("Count = %d, want 2 distinct names", n)
	}
	// Literals are listed at their object only as names and aliases.
	g.Replace(quad.IRI("a3"), []quad.Quad{quad.Make(quad.IRI("m"), kg.PredName, quad.String("b"), nil)})
	if d := g.Distinct(ctx, quad.Object, quad.String("b"), kg.PredName, quad.Subject); len(d) != 1 || d[0] != quad.IRI("m") {
		t.Errorf("Distinct by kg:name = %v, want [m]", d)
	}
	if d := g.Distinct(ctx, quad.Object, quad.String("b"), "name", quad.Subject); len(d) != 0 {
		t.Errorf("Distinct by another predicate = %v, want none", d)
	}
	g.Remove(quad.IRI("a3"))
	if rows := g.Rows(ctx, quad.Label, quad.IRI("a1"), "", -1, quad.Subject); len(rows) != 2 {
		t.Errorf("quads of a1: %v", rows)
	}
	// A replacement drops the article's earlier quads.
	g.Replace(quad.IRI("a2"), []quad.Quad{q("n", "name", "d")})
	if got, want := objects(g, "n", "", -1), []string{`"b"@<a1>`, `"d"@<a2>`}; !slices.Equal(got, want) {
		t.Errorf("after replacement: %q, want %q", got, want)
	}
}

// Every value is freed with the last quad that names it, and the size is
// that of the quads and values left: after a random sequence of writes
// and deletes, the Graph equals one built from what is left.
// LeastOf reads what Least reads, for many values at once: absent
// values, predicates and lists give nil.
func TestLeastOf(t *testing.T) {
	g := New()
	g.Replace(quad.IRI("a2"), []quad.Quad{q("n", "name", "b"), q("n", "name", "a"), q("n", "alias", "z")})
	g.Replace(quad.IRI("a1"), []quad.Quad{q("n", "name", "b"), q("m", "name", "c"), q("m", "alias", "y")})
	vs := []quad.Value{quad.IRI("n"), quad.IRI("m"), quad.IRI("x"), nil, quad.IRI("n"), quad.String("a")}
	for _, p := range []quad.IRI{"name", "alias", "none"} {
		got := g.LeastOf(vs, p)
		if len(got) != len(vs) {
			t.Fatalf("LeastOf(%s): %d values for %d", p, len(got), len(vs))
		}
		for i, v := range vs {
			if want := g.Least(v, p); got[i] != want {
				t.Errorf("LeastOf(%v, %s) = %v, want %v", v, p, got[i], want)
			}
		}
	}
	if got := g.LeastOf(vs[:2], "name"); got[0] != quad.String("a") || got[1] != quad.String("c") {
		t.Errorf("LeastOf = %v, want a and c", got)
	}
}

func TestRefcounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := New()
	arts := map[string][]quad.Quad{}
	for step := range 2000 {
		id := fmt.Sprint("art", rng.IntN(40))
		if rng.IntN(4) == 0 {
			g.Remove(quad.IRI(id))
			delete(arts, id)
			continue
		}
		var qs []quad.Quad
		for j := range rng.IntN(12) {
			qs = append(qs, q(fmt.Sprint("n", rng.IntN(30)), fmt.Sprint("p", rng.IntN(3)), fmt.Sprint("v", rng.IntN(50), "-", j)))
		}
		if rng.IntN(2) == 0 {
			// Texts are counted, not kept; two articles may share one.
			qs = append(qs, quad.Make(quad.IRI(id), kg.PredText, quad.String(fmt.Sprint("text", step%3)), nil))
		}
		g.Replace(quad.IRI(id), qs)
		arts[id] = qs
	}
	fresh := New()
	for id, qs := range arts {
		fresh.Replace(quad.IRI(id), qs)
	}
	n1, q1 := g.Size()
	n2, q2 := fresh.Size()
	if n1 != n2 || q1 != q2 {
		t.Fatalf("maintained: %d nodes %d quads; built from what is left: %d, %d", n1, q1, n2, q2)
	}
	for i := range 30 {
		for _, p := range []string{"", "p0", "p1", "p2"} {
			s := fmt.Sprint("n", i)
			if a, b := objects(g, s, p, -1), objects(fresh, s, p, -1); !slices.Equal(a, b) {
				t.Fatalf("%s %s: maintained %q, fresh %q", s, p, a, b)
			}
		}
	}
	for id := range arts {
		g.Remove(quad.IRI(id))
	}
	if n, qn := g.Size(); n != 0 || qn != 0 || len(g.ids)+len(g.iris) != 0 || len(g.texts) != 0 {
		t.Fatalf("all removed: %d nodes, %d quads, %d values, %d texts left", n, qn, len(g.ids)+len(g.iris), len(g.texts))
	}
}

// Reads run beside writes (go test -race).
func TestConcurrent(t *testing.T) {
	g := New()
	var wg sync.WaitGroup
	ctx := context.Background()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 500 {
			g.Replace(quad.IRI(fmt.Sprint("a", i%7)), []quad.Quad{q("hub", "name", fmt.Sprint(i)), q("hub", "alias", "x")})
		}
	}()
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				g.Rows(ctx, quad.Subject, quad.IRI("hub"), "", -1, quad.Object, quad.Label)
				g.Count(ctx, quad.Subject, quad.IRI("hub"), "name", quad.Object)
				g.Size()
			}
		}()
	}
	wg.Wait()
	if n := g.Count(ctx, quad.Subject, quad.IRI("hub"), "name", quad.Object); n != 7 {
		t.Fatalf("names of hub = %d, want one per article (7)", n)
	}
}

func TestLess(t *testing.T) {
	tests := []struct {
		a, b [3]string
		want bool
	}{
		{[3]string{"<p>", `"a"`, "<l2>"}, [3]string{"<q>", `"0"`, "<l1>"}, true},
		{[3]string{"<p>", `"a"`, "<l2>"}, [3]string{"<p>", `"b"`, "<l1>"}, true},
		{[3]string{"<p>", `"a"`, "<l2>"}, [3]string{"<p>", `"a"`, "<l1>"}, false},
		{[3]string{"<p>", `"a"`, ""}, [3]string{"<p>", `"a"`, "<l1>"}, true},
	}
	for _, tt := range tests {
		if got := Less(tt.a[0], tt.a[1], tt.a[2], tt.b[0], tt.b[1], tt.b[2]); got != tt.want {
			t.Errorf("Less(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// A stamp changes with the quads of its value and with nothing else.
func TestStamp(t *testing.T) {
	g := New()
	g.Replace(quad.IRI("a1"), []quad.Quad{q("x", "p", "1"), q("y", "p", "2")})
	x, y := g.Stamp(quad.IRI("x")), g.Stamp(quad.IRI("y"))
	if x == 0 || y == 0 {
		t.Fatalf("stamps of present values: %d, %d", x, y)
	}
	g.Replace(quad.IRI("a2"), []quad.Quad{q("y", "p", "3")})
	if g.Stamp(quad.IRI("x")) != x {
		t.Error("x's stamp changed with a write that did not touch it")
	}
	if g.Stamp(quad.IRI("y")) == y {
		t.Error("y's stamp did not change with a quad added to it")
	}
	g.Remove(quad.IRI("a1"))
	if g.Stamp(quad.IRI("x")) != 0 {
		t.Error("x's stamp after its last quad went: want 0")
	}
	if g.Stamp(quad.IRI("nowhere")) != 0 {
		t.Error("stamp of an absent value: want 0")
	}
	// A rebuild leaves no stamp as it was.
	y = g.Stamp(quad.IRI("y"))
	g.Reset()
	g.Replace(quad.IRI("a2"), []quad.Quad{q("y", "p", "3")})
	if g.Stamp(quad.IRI("y")) == y {
		t.Error("stamp unchanged across a rebuild")
	}
}

// TestNamesAndCounts checks Names and Count against a brute-force reading
// of the quads after a random sequence of replacements and removals, kept
// incrementally and built in bulk.
func TestNamesAndCounts(t *testing.T) {
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(7, 13))
	words := []string{"总工会", "市总工会", "工会", "党的二十大", "二十大", "劳模", "職工", "会议", "A", "全会"}
	nodes := []string{"n1", "n2", "n3", "n4", "n5"}
	articles := map[string][]quad.Quad{}
	randomQuads := func() []quad.Quad {
		var qs []quad.Quad
		for range 1 + rnd.IntN(12) {
			s := quad.IRI(nodes[rnd.IntN(len(nodes))])
			w := quad.String(words[rnd.IntN(len(words))] + words[rnd.IntN(len(words))])
			switch rnd.IntN(4) {
			case 0:
				qs = append(qs, quad.Make(s, kg.PredName, w, nil))
			case 1:
				qs = append(qs, quad.Make(s, kg.PredAlias, w, nil))
			case 2:
				qs = append(qs, quad.Make(s, kg.PredType, quad.IRI(nodes[rnd.IntN(2)]), nil))
			default:
				qs = append(qs, quad.Make(s, kg.PredDate, w, nil))
			}
		}
		return qs
	}
	check := func(name string, g *Graph) {
		t.Helper()
		for _, f := range append(words, "总", "工", "会议全", "不在", "") {
			want := map[string]bool{}
			for _, qs := range articles {
				for _, q := range qs {
					if (q.Predicate == kg.PredName || q.Predicate == kg.PredAlias) && f != "" && strings.Contains(string(q.Object.(quad.String)), f) {
						want[q.Object.String()] = true
					}
				}
			}
			got := map[string]bool{}
			for _, v := range g.Names(ctx, f) {
				if got[v.String()] {
					t.Errorf("%s: Names(%q) repeats %v", name, f, v)
				}
				got[v.String()] = true
			}
			if !maps.Equal(got, want) {
				t.Fatalf("%s: Names(%q) = %v, want %v", name, f, got, want)
			}
			// Named: the nodes so named that have one of the types asked
			// for, with those types, their least name and their aliases.
			types := []quad.IRI{"n2", "n1", "absent"}
			wantNodes := map[string]string{}
			for _, qs := range articles {
				for _, q := range qs {
					if want[q.Object.String()] && (q.Predicate == kg.PredName || q.Predicate == kg.PredAlias) {
						wantNodes[q.Subject.String()] = ""
					}
				}
			}
			for n := range wantNodes {
				ts := map[int]bool{}
				var names, aliases []string
				for _, qs := range articles {
					for _, q := range qs {
						if q.Subject.String() != n {
							continue
						}
						switch q.Predicate {
						case kg.PredType:
							if i := slices.Index(types, q.Object.(quad.IRI)); i >= 0 {
								ts[i] = true
							}
						case kg.PredName:
							names = append(names, q.Object.String())
						case kg.PredAlias:
							aliases = append(aliases, q.Object.String())
						}
					}
				}
				if len(ts) == 0 {
					delete(wantNodes, n)
					continue
				}
				slices.Sort(names)
				slices.Sort(aliases)
				wantNodes[n] = fmt.Sprint(slices.Sorted(maps.Keys(ts)), names[:min(len(names), 1)], slices.Compact(aliases))
			}
			// In order: the nodes reached through a name that begins with f
			// first, then by the length of the shortest name that holds f,
			// which is how long the name they were reached through is.
			reach := func(n string) (prefix bool, runes int) {
				for _, qs := range articles {
					for _, q := range qs {
						if q.Subject.String() != n || q.Predicate != kg.PredName && q.Predicate != kg.PredAlias {
							continue
						}
						text := string(q.Object.(quad.String))
						if f == "" || !strings.Contains(text, f) {
							continue
						}
						p, r := strings.HasPrefix(text, f), utf8.RuneCountInString(text)
						if p && !prefix || p == prefix && (runes == 0 || r < runes) {
							prefix, runes = p, r
						}
					}
				}
				return prefix, runes
			}
			named := g.Named(ctx, kg.PredType, types, f)
			for i, nn := range named {
				if p, r := reach(nn.Node.String()); nn.Prefix != p || nn.Runes != r {
					t.Fatalf("%s: Named(%q): %v reached with prefix %v, %d runes; want %v, %d", name, f, nn.Node, nn.Prefix, nn.Runes, p, r)
				}
				if i > 0 && (named[i-1].Prefix == nn.Prefix && named[i-1].Runes > nn.Runes || !named[i-1].Prefix && nn.Prefix) {
					t.Fatalf("%s: Named(%q): %v after %v", name, f, nn, named[i-1])
				}
			}
			calls := 0
			g.EachNamed(ctx, kg.PredType, types, func(*NamedNode) bool { calls++; return calls < 2 }, f)
			if calls != min(len(named), 2) {
				t.Fatalf("%s: EachNamed(%q) called on %d nodes after it was told to stop at the second of %d", name, f, calls, len(named))
			}
			gotNodes := map[string]string{}
			for _, nn := range named {
				var least []string
				if nn.Name != nil {
					least = append(least, nn.Name.String())
				}
				var aliases []string
				for _, v := range nn.Aliases {
					aliases = append(aliases, v.String())
				}
				if _, dup := gotNodes[nn.Node.String()]; dup {
					t.Errorf("%s: Named(%q) repeats %v", name, f, nn.Node)
				}
				gotNodes[nn.Node.String()] = fmt.Sprint(nn.Types, least, aliases)
			}
			if !maps.Equal(gotNodes, wantNodes) {
				t.Fatalf("%s: Named(%q) = %v, want %v", name, f, gotNodes, wantNodes)
			}
		}
		for _, n := range nodes {
			for _, p := range []quad.IRI{kg.PredName, kg.PredAlias, kg.PredType, kg.PredDate} {
				want := map[string]bool{}
				wantIn := map[string]bool{}
				for _, qs := range articles {
					for _, q := range qs {
						if q.Subject == quad.IRI(n) && q.Predicate == p {
							want[q.Object.String()] = true
						}
						if q.Object == quad.IRI(n) && q.Predicate == p {
							wantIn[q.Subject.String()] = true
						}
					}
				}
				d := map[string]bool{}
				for _, v := range g.Distinct(ctx, quad.Subject, quad.IRI(n), p, quad.Object) {
					if d[v.String()] {
						t.Fatalf("%s: Distinct(%s, %s →) repeats %v", name, n, p, v)
					}
					d[v.String()] = true
				}
				if !maps.Equal(d, want) {
					t.Fatalf("%s: Distinct(%s, %s →) = %v, want %v", name, n, p, d, want)
				}
				if got := g.Count(ctx, quad.Subject, quad.IRI(n), p, quad.Object); got != len(want) {
					t.Fatalf("%s: Count(%s, %s →) = %d, want %d", name, n, p, got, len(want))
				}
				if got := g.Count(ctx, quad.Object, quad.IRI(n), p, quad.Subject); got != len(wantIn) {
					t.Fatalf("%s: Count(← %s, %s) = %d, want %d", name, n, p, got, len(wantIn))
				}
			}
		}
	}
	g := New()
	for i := range 400 {
		label := fmt.Sprintf("a%d", rnd.IntN(30))
		if rnd.IntN(4) == 0 {
			delete(articles, label)
			g.Remove(quad.IRI(label))
		} else {
			qs := randomQuads()
			articles[label] = qs
			g.Replace(quad.IRI(label), qs)
		}
		if i%20 == 0 {
			check(fmt.Sprintf("after %d writes", i+1), g)
		}
	}
	check("incremental", g)
	b := New()
	b.StartBulk()
	for label, qs := range articles {
		b.Replace(quad.IRI(label), qs)
	}
	b.EndBulk()
	check("bulk", b)
}

// Loads nest: a load that turns into a build keeps readers waiting
// throughout, and they are let go only when the outermost ends.
func TestLoadNesting(t *testing.T) {
	g := New()
	state := func() string {
		switch {
		case g.Building():
			return "building"
		case g.Loading():
			return "loading"
		}
		return "idle"
	}
	steps := []struct {
		do   func()
		want string
	}{
		{g.BeginLoad, "loading"},
		{g.BeginLoad, "loading"}, // the snapshot load inside kg serve's
		{g.EndLoad, "loading"},   // the load failed
		{g.BeginBuild, "building"},
		{g.EndLoad, "building"}, // the build is over, the outer load not yet
		{g.EndLoad, "idle"},
		{g.EndLoad, "idle"}, // one too many does no harm
	}
	for i, s := range steps {
		s.do()
		if got := state(); got != s.want {
			t.Fatalf("step %d: %s, want %s", i, got, s.want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	g.WaitLoad(ctx) // nothing runs: returns at once
	if ctx.Err() != nil {
		t.Fatal("WaitLoad waited with no load running")
	}
}

// The type masks a search reads are kept current by writes (retype): after
// any sequence of replacements and removals they equal masks read afresh.
func TestTypeMasksKeptByWrites(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 5))
	g := New()
	types := []quad.IRI{"t0", "t1", "t2"}
	masks := func(fresh bool) []uint32 {
		g.mu.RLock()
		defer g.mu.RUnlock()
		if fresh {
			g.typed.Lock()
			g.typed.masks = nil
			g.typed.Unlock()
		}
		tids := make([]uint32, len(types))
		for i, ty := range types {
			tids[i] = g.iris[string(ty)]
		}
		return slices.Clone(g.typeMasks(g.iris[string(kg.PredType)], tids))
	}
	current := 0
	for step := range 300 {
		label := quad.IRI(fmt.Sprint("a", rnd.IntN(12)))
		if step == 150 {
			g.Reset() // the IDs the masks name mean other values after
			continue
		}
		if rnd.IntN(5) == 0 {
			g.Remove(label)
		} else {
			var qs []quad.Quad
			for range rnd.IntN(6) {
				s := quad.IRI(fmt.Sprint("n", rnd.IntN(10)))
				qs = append(qs, quad.Make(s, kg.PredType, types[rnd.IntN(len(types))], nil))
				qs = append(qs, quad.Make(s, kg.PredName, quad.String(fmt.Sprint("名", rnd.IntN(30))), nil))
			}
			g.Replace(label, qs)
		}
		if step < 3 {
			continue // the predicate and types exist from here on
		}
		g.typed.Lock()
		if g.typed.masks != nil && g.typed.gen == g.gen {
			current++ // kept by the write, not read again
		}
		g.typed.Unlock()
		kept := masks(false)
		if want := masks(true); !slices.Equal(kept, want) {
			t.Fatalf("step %d: kept masks %v, read afresh %v", step, kept, want)
		}
	}
	if current < 250 {
		t.Fatalf("the masks were kept by %d writes of 297: read again after the others", current)
	}
}

// TestReadDistinctOf checks which writes change the stamp of a read of a
// value's distinct values by one predicate: only those that change which
// values it has, not a restatement under another label nor a quad of
// another predicate.
func TestReadDistinctOf(t *testing.T) {
	typ := func(s, o string) quad.Quad { return quad.Make(quad.IRI(s), quad.IRI("type"), quad.IRI(o), nil) }
	snapshot := func(g *Graph) {
		var buf bytes.Buffer
		if err := g.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		if err := g.Load(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		v         string
		dir       quad.Direction
		p         string
		write     func(g *Graph)
		unchanged bool
	}{
		{"restated under another label", "x", quad.Subject, "name", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{q("x", "name", "X")})
		}, true},
		{"a quad of another predicate", "x", quad.Subject, "name", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{q("x", "mentions", "M")})
		}, true},
		{"another value", "x", quad.Subject, "name", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{q("x", "name", "X2")})
		}, false},
		{"one of two labels removed", "x", quad.Subject, "name", func(g *Graph) {
			g.Remove(quad.IRI("a2"))
		}, true},
		{"the last label removed", "y", quad.Subject, "name", func(g *Graph) {
			g.Remove(quad.IRI("a2"))
		}, false},
		// Replace removes, then adds: the values y had were gone a moment.
		{"its only label replaced by the same quads", "y", quad.Subject, "name", func(g *Graph) {
			g.Replace(quad.IRI("a2"), []quad.Quad{q("x", "name", "X"), q("y", "name", "Y"), typ("y", "T")})
		}, false},
		{"another label replaced by the same quads", "x", quad.Subject, "name", func(g *Graph) {
			g.Replace(quad.IRI("a2"), []quad.Quad{q("x", "name", "X"), q("y", "name", "Y"), typ("y", "T")})
		}, true},
		{"a list that was absent appears", "x", quad.Subject, "level", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{q("x", "level", "city")})
		}, false},
		{"an absent value appears", "z", quad.Subject, "name", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{q("z", "name", "Z")})
		}, false},
		{"subjects of a type: one more", "T", quad.Object, "type", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{typ("w", "T")})
		}, false},
		{"subjects of a type: restated", "T", quad.Object, "type", func(g *Graph) {
			g.Replace(quad.IRI("a3"), []quad.Quad{typ("x", "T")})
		}, true},
		{"a load from a snapshot", "x", quad.Subject, "name", snapshot, false},
		{"a rebuild", "x", quad.Subject, "name", func(g *Graph) {
			g.Reset()
			g.Replace(quad.IRI("a1"), []quad.Quad{q("x", "name", "X"), typ("x", "T")})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New()
			g.Replace(quad.IRI("a1"), []quad.Quad{q("x", "name", "X"), typ("x", "T")})
			g.Replace(quad.IRI("a2"), []quad.Quad{q("x", "name", "X"), q("y", "name", "Y"), typ("y", "T")})
			r := g.ReadDistinctOf(quad.IRI(tt.v), tt.dir, quad.IRI(tt.p))
			if !g.Unchanged([]Read{r}) {
				t.Fatal("changed before any write")
			}
			tt.write(g)
			if got := g.Unchanged([]Read{r}); got != tt.unchanged {
				t.Errorf("Unchanged = %v, want %v", got, tt.unchanged)
			}
		})
	}
}
