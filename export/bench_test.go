package export_test

import (
	"context"
	"io"
	"iter"
	"strconv"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/export"
)

// syntheticGraph yields n quads shaped like the extracted news: per article
// its own node, a union (of 1000) relaying a congress (of 20) at a dated
// meeting chaired by a person (of 3000), unions located in places (of 200).
// Unions, congresses and people recur across articles, so facts merge.
func syntheticGraph(n int) iter.Seq[quad.Quad] {
	typ := quad.IRI("rdf:type")
	day := time.Date(2022, 10, 23, 0, 0, 0, 0, time.UTC)
	return func(yield func(quad.Quad) bool) {
		count := 0
		for i := 0; ; i++ {
			id := strconv.Itoa(i)
			art := quad.IRI("kg:article:" + id)
			union := quad.IRI("kg:union:工会" + strconv.Itoa(i%1000))
			congress := quad.IRI("kg:congress:大会" + strconv.Itoa(i%20))
			meeting := quad.IRI("kg:meeting:" + id + ":1")
			person := quad.IRI("kg:person:51:人" + strconv.Itoa(i%3000))
			place := quad.IRI("kg:place:" + strconv.Itoa(510000+i%200))
			for _, t := range [][3]quad.Value{
				{art, typ, quad.IRI("kg:Article")},
				{art, quad.IRI("kg:name"), quad.String("传达学习第" + id + "号")},
				{art, quad.IRI("kg:published"), quad.Time(day.AddDate(0, 0, i%700))},
				{union, typ, quad.IRI("kg:Union")},
				{union, quad.IRI("kg:name"), quad.String("工会" + strconv.Itoa(i%1000))},
				{union, quad.IRI("kg:level"), quad.String("city")},
				{union, quad.IRI("kg:locatedIn"), place},
				{congress, typ, quad.IRI("kg:Congress")},
				{union, quad.IRI("kg:relayed"), congress},
				{union, quad.IRI("kg:held"), meeting},
				{meeting, typ, quad.IRI("kg:Meeting")},
				{meeting, quad.IRI("kg:date"), quad.Time(day.AddDate(0, 0, i%700))},
				{person, typ, quad.IRI("kg:Person")},
				{person, quad.IRI("kg:chaired"), meeting},
				{meeting, quad.IRI("kg:reportedIn"), art},
			} {
				if count == n || !yield(quad.Quad{Subject: t[0], Predicate: t[1], Object: t[2], Label: art}) {
					return
				}
				count++
			}
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	const n = 100_000
	var qs []quad.Quad
	for q := range syntheticGraph(n) {
		qs = append(qs, q)
	}
	for _, f := range export.Formats() {
		b.Run(f, func(b *testing.B) {
			var out countingWriter
			if err := export.Write(context.Background(), &out, f, seq(qs)); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := export.Write(context.Background(), io.Discard, f, seq(qs)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out.n), "out-bytes")
		})
	}
}

type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}
