package api

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	kg "github.com/unionkg/kg/graph"
)

// distances returns the hops from a node to every node within max, by a
// breadth-first search over neighbours, one side at a time: the search
// the path route made before it searched from both ends.
func distances(s *Server, r *reader, f viewFilter, from string, max int) map[string]int {
	d := map[string]int{from: 0}
	frontier := []string{from}
	for h := 1; h <= max && len(frontier) > 0; h++ {
		var next []string
		for _, id := range frontier {
			for _, e := range s.neighbours(r, id, -1) {
				o := e.other(id)
				if _, seen := d[o]; seen || !f.keep(r, e, o) {
					continue
				}
				d[o] = h
				next = append(next, o)
			}
		}
		frontier = next
	}
	return d
}

// A path found from both ends is as short as the one-sided search's, of
// edges the view has, from one end to the other; and none is found when
// that search finds none within max hops.
func TestShortestPath(t *testing.T) {
	f := getFixture(t)
	ctx := context.Background()
	r := newReader(ctx, f.srv.storeSource())
	var ids []string
	for _, typ := range []quad.IRI{kg.TypeUnion, kg.TypeCongress, kg.TypePerson, kg.TypeMeeting, kg.TypeSlogan, kg.TypeDocument} {
		all := r.typed(typ)
		for i := 0; i < len(all); i += max(1, len(all)/5) { // five of each kind
			ids = append(ids, kg.Local(all[i]))
		}
	}
	if len(ids) < 20 {
		t.Fatalf("only %d nodes in the sample graph", len(ids))
	}
	filters := []viewFilter{
		{},
		{types: map[string]bool{"Union": true, "Congress": true, "Meeting": true}},
		{preds: map[string]bool{"relayed": true, "held": true, "relays": true, "partOf": true}},
	}
	pairs, found := 0, 0
	for fi, vf := range filters {
		for _, from := range ids {
			all := distances(f.srv, r, vf, from, 4)
			for _, max := range []int{2, 4} {
				want := map[string]int{}
				for id, d := range all {
					if d <= max {
						want[id] = d
					}
				}
				for _, to := range ids {
					name := fmt.Sprintf("filter %d, max %d, %s → %s", fi, max, from, to)
					links, err := shortestPath(r, vf, from, to, max)
					pairs++
					d, reachable := want[to]
					if !reachable {
						if err != errNotFound {
							t.Fatalf("%s: %v, %v; want not found", name, links, err)
						}
						continue
					}
					if err != nil || len(links) != d {
						t.Fatalf("%s: %d links (%v), %v; want %d", name, len(links), links, err, d)
					}
					found++
					at := from
					for _, l := range links {
						if !hasView(f.srv, r, vf, at, l) {
							t.Fatalf("%s: %+v is not a view edge at %s", name, l, at)
						}
						at = l.other(at)
					}
					if at != to {
						t.Fatalf("%s: the path ends at %s", name, at)
					}
				}
			}
		}
	}
	if found < pairs/10 {
		t.Fatalf("%d of %d pairs joined: too few to test", found, pairs)
	}
}

// hasView reports whether the view edge l is at a node, as neighbours
// lists them, and is kept by the filter.
func hasView(s *Server, r *reader, f viewFilter, at string, l vLink) bool {
	for _, e := range s.neighbours(r, at, -1) {
		if e.s == l.s && e.p == l.p && e.o == l.o && e.title == l.title && f.keep(r, e, e.other(at)) {
			return true
		}
	}
	return false
}

// The path's edges name every article that states them, as the
// neighbourhood's do.
func TestPathEdgeArticles(t *testing.T) {
	f := getFixture(t)
	r := newReader(context.Background(), f.srv.storeSource())
	congresses := r.typed(kg.TypeCongress)
	if len(congresses) == 0 {
		t.Fatal("no congress")
	}
	c := kg.Local(congresses[0])
	n := 0
	for _, e := range f.srv.neighbours(r, c, -1) {
		links, err := shortestPath(r, viewFilter{}, c, e.other(c), 1)
		if err != nil || len(links) != 1 {
			t.Fatalf("%s → %s: %v, %v", c, e.other(c), links, err)
		}
		var wantIDs, gotIDs []string
		for _, x := range f.srv.neighbours(r, c, -1) {
			if x.s == links[0].s && x.p == links[0].p && x.o == links[0].o && x.title == links[0].title {
				id, _ := articleID(x.label)
				wantIDs = append(wantIDs, id)
			}
		}
		for _, l := range links[0].labels(r) {
			id, _ := articleID(l)
			gotIDs = append(gotIDs, id)
		}
		if fmt.Sprint(sortedCopy(gotIDs)) != fmt.Sprint(sortedCopy(wantIDs)) {
			t.Fatalf("%+v: articles %v, want %v", links[0], gotIDs, wantIDs)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("%s has no view edges", c)
	}
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
