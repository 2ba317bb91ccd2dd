package export

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// writeNQuads writes one N-Quads line per quad as it arrives, labels
// included, so memory stays flat whatever the size of the graph.
func writeNQuads(ctx context.Context, w io.Writer, quads iter.Seq2[quad.Quad, error]) error {
	qw := nquads.NewWriter(w)
	err := each(ctx, quads, func(q quad.Quad) error {
		if err := qw.WriteQuad(q); err != nil {
			return fmt.Errorf("write quad: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}
