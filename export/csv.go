package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// writeCSV writes one row per distinct (subject, predicate, object), literal
// objects and rdf:type included, sorted by those three. Terms are written as
// text (IRIs without angle brackets, literals as their lexical form);
// object_type tells them apart: "iri", "bnode", "string", "string@LANG",
// "int", "float", "bool", "time" (a date or an RFC 3339 date-time) or
// "typed:DATATYPE".
func writeCSV(ctx context.Context, w io.Writer, quads iter.Seq2[quad.Quad, error]) error {
	a, err := aggregateQuads(ctx, quads)
	if err != nil {
		return err
	}
	header := []string{"subject", "predicate", "object", "object_type", "articles", "article_ids"}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	row := make([]string, len(header))
	for i, f := range a.sortedFacts() {
		if err := check(ctx, i); err != nil {
			return err
		}
		o := a.terms[f.o]
		row[0] = a.terms[f.s].text
		row[1] = a.terms[f.p].text
		row[2] = o.text
		row[3] = kind(o.v)
		row[4] = strconv.Itoa(len(f.articles))
		row[5] = strings.Join(a.articleTexts(f), ";")
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}
