package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
)

// A rewrite of a stored article writes only the difference: the quads it
// no longer has go in a first transaction, the ones it gains in a second
// (Cayley's kv backends lose the quads added in a transaction that also
// lowers the reference count of one of their nodes). Rewriting the whole
// article cost a look-up of every one of its quads in the index lists of
// the hubs it names (Cayley decodes each list whole), most of a write's
// time and allocation, for quads an edit rarely changes.
//
// Between the two transactions the article is neither the old one nor the
// new one. The first transaction therefore also adds a marker quad, which
// the second removes; a store opened for writing after a crash between
// them finds the marker and removes the article, so that, as before, an
// article is whole or absent, and the next ingest adds it again. The
// marker's values occur in no article's quads, so no transaction lowers
// the count of a node that it also adds quads to.
var (
	predRewriting = quad.IRI(kggraph.Namespace + "rewriting")
	typeRewrite   = quad.IRI(kggraph.Namespace + "Rewrite")
	rewritesLabel = quad.IRI(kggraph.Namespace + "rewrites")
	rewritePrefix = kggraph.Namespace + "rewrite:"
)

// rewriteMarker is the quad that marks an article as being rewritten.
func rewriteMarker(label quad.IRI) quad.Quad {
	return quad.Quad{Subject: quad.IRI(rewritePrefix + string(label)), Predicate: predRewriting, Object: typeRewrite, Label: rewritesLabel}
}

// markedLabel returns the article label a marker's subject names.
func markedLabel(subject quad.Value) (quad.IRI, bool) {
	iri, ok := subject.(quad.IRI)
	if !ok {
		return "", false
	}
	l, ok := strings.CutPrefix(string(iri), rewritePrefix)
	return quad.IRI(l), ok && l != ""
}

// interrupted lists the markers left by rewrites that a crash cut short.
func (s *Store) interrupted(ctx context.Context) ([]quad.Quad, error) {
	ref := s.qs.ValueOf(predRewriting)
	if ref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(quad.Predicate, ref)
	defer it.Close()
	var marks []quad.Quad
	for it.Next(ctx) {
		marks = append(marks, s.qs.Quad(it.Result()))
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read rewrite markers: %w", err)
	}
	return marks, nil
}

// repairRewrites removes the articles whose rewrite a crash cut short. It
// runs when a store is opened for writing.
func (s *Store) repairRewrites(ctx context.Context) error {
	marks, err := s.interrupted(ctx)
	if err != nil || len(marks) == 0 {
		return err
	}
	defer s.lock()()
	for _, m := range marks {
		label, _ := markedLabel(m.Subject)
		id, _ := kggraph.ArticleID(label)
		n, err := s.removeHalfWritten(ctx, m)
		if err != nil {
			return err
		}
		slog.Warn("an article's rewrite was interrupted (a crash?): the article is removed; ingest it again", "article", id, "quads", n)
	}
	return nil
}

// removeHalfWritten removes, in one transaction, the article a marker
// names with the marker, and returns the number of the article's quads
// removed. The caller holds the lock. Deletions only: no node loses quads
// that the transaction adds.
func (s *Store) removeHalfWritten(ctx context.Context, mark quad.Quad) (int, error) {
	unmark := graph.Delta{Quad: mark, Action: graph.Delete}
	label, ok := markedLabel(mark.Subject)
	if !ok { // a marker naming no article: only itself to remove
		err := s.qs.ApplyDeltas([]graph.Delta{unmark}, graph.IgnoreOpts{IgnoreMissing: true})
		s.gen.Add(1)
		return 0, err
	}
	n, _, err := s.removeArticle(ctx, label, unmark)
	if err != nil {
		return 0, fmt.Errorf("remove half-rewritten %s: %w", label, err)
	}
	return n, nil
}
