package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
)

// buildStep is about how many quads BuildReadModel copies under one hold
// of the read lock, in whole articles: writes wait for one step at most.
const buildStep = 20000

// modelWrite applies a committed write of one article to the read model.
// It runs under the write lock.
func (s *Store) modelWrite(label quad.IRI, quads []quad.Quad) {
	if s.model == nil {
		return
	}
	s.model.Replace(label, quads)
	if s.building != nil {
		s.building[label.String()] = true
	}
}

// modelLost empties the read model after a write that failed part way:
// which of its quads the backend kept is unknown. Readers fall back to the
// store until BuildReadModel runs again. It runs under the write lock.
func (s *Store) modelLost(err error) {
	if s.model == nil {
		return
	}
	slog.Warn("read model dropped after a failed write; it is rebuilt when the store is opened again", "err", err)
	s.model.Reset()
	s.building = nil
}

// BuildReadModel fills the read model (Options.ReadModel) with the store's
// quads, article by article, and marks it ready. It reads in steps of a few
// hundred articles, each under the read lock, so writes go on meanwhile: a
// write replaces its article in the model at once and the build leaves the
// articles written since it began alone. One goroutine reads the next step
// while another copies the last into the model. progress, if not nil, is
// called after each step with the number of articles read and in all.
func (s *Store) BuildReadModel(ctx context.Context, progress func(done, total int)) error {
	if s.model == nil {
		return nil
	}
	// Readers wait for the build rather than read the store meanwhile.
	s.model.BeginBuild()
	defer s.model.EndLoad()
	unlock := s.lock()
	s.model.Reset()
	s.building = map[string]bool{}
	unlock()

	labels, err := s.articleLabels(ctx)
	if err != nil {
		return fmt.Errorf("build read model: %w", err)
	}
	step := s.buildStep
	if step <= 0 {
		step = buildStep
	}
	type batch struct {
		labels []quad.IRI
		quads  [][]quad.Quad
		passed int // labels read or skipped
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		cache := valueCache{}
		for i := 0; i < len(labels); {
			var b batch
			err := func() error {
				defer s.rlock()()
				for n := 0; n < step && i < len(labels); i++ {
					b.passed++
					l := labels[i]
					if s.building != nil && s.building[l.String()] {
						continue // written since: the model has it
					}
					quads, err := s.labelQuads(ctx, l, cache)
					if err != nil {
						return err
					}
					b.labels, b.quads = append(b.labels, l), append(b.quads, quads)
					n += len(quads)
				}
				return nil
			}()
			if err != nil {
				readErr <- err
				return
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	s.model.StartBulk()
	var applyErr error
	done := 0
	for b := range batches {
		done += b.passed
		if progress != nil {
			progress(done, len(labels))
		}
		func() {
			defer s.rlock()()
			if s.building == nil {
				applyErr = errors.New("a write failed meanwhile")
				return
			}
			for j, l := range b.labels {
				// Checked again: the write may have come after the read.
				if !s.building[l.String()] {
					s.model.Replace(l, b.quads[j])
				}
			}
		}()
		if applyErr != nil {
			cancel()
		}
	}
	select {
	case err := <-readErr:
		return fmt.Errorf("build read model: %w", err)
	default:
	}
	if applyErr != nil {
		return fmt.Errorf("build read model: %w", applyErr)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("build read model: %w", err)
	}
	unlock = s.lock()
	defer unlock()
	if s.building == nil {
		return errors.New("build read model: a write failed meanwhile")
	}
	s.building = nil
	s.model.EndBulk()
	s.model.MarkReady()
	slog.Debug("read model built", "articles", len(labels))
	return nil
}

// valueCache keeps the IRIs a build has read by reference: the nodes,
// predicates and types every article names are looked up once. Literals,
// most of them one article's, are not kept.
type valueCache map[any]quad.Value

// maxCached bounds a valueCache.
const maxCached = 1 << 21

// labelQuads returns the quads labelled label, looking each distinct
// value up once: an article's quads name its nodes many times over.
func (s *Store) labelQuads(ctx context.Context, label quad.IRI, cache valueCache) ([]quad.Quad, error) {
	ref := s.qs.ValueOf(label)
	if ref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	dirs := []quad.Direction{quad.Subject, quad.Predicate, quad.Object}
	var rows [][3]int
	idx := map[any]int{}
	var refs []graph.Ref
	for it.Next(ctx) {
		var row [3]int
		for i, d := range dirs {
			r := s.qs.QuadDirection(it.Result(), d)
			k := graph.ToKey(r)
			j, ok := idx[k]
			if !ok {
				j = len(refs)
				idx[k] = j
				refs = append(refs, r)
			}
			row[i] = j
		}
		rows = append(rows, row)
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read quads of %s: %w", label, err)
	}
	vals := make([]quad.Value, len(refs))
	var missing []graph.Ref
	var at []int
	for i, r := range refs {
		if v, ok := cache[graph.ToKey(r)]; ok {
			vals[i] = v
		} else {
			missing, at = append(missing, r), append(at, i)
		}
	}
	found, err := graph.ValuesOf(ctx, s.qs, missing)
	if err != nil {
		return nil, fmt.Errorf("read values of %s: %w", label, err)
	}
	for j, v := range found {
		vals[at[j]] = v
		if _, ok := v.(quad.IRI); ok && len(cache) < maxCached {
			cache[graph.ToKey(missing[j])] = v
		}
	}
	out := make([]quad.Quad, 0, len(rows))
	for _, r := range rows {
		out = append(out, quad.Quad{Subject: vals[r[0]], Predicate: vals[r[1]], Object: vals[r[2]], Label: label})
	}
	return out, nil
}

// articleLabels returns the IRIs of the articles the store holds: the
// subjects typed kg:Article.
func (s *Store) articleLabels(ctx context.Context) ([]quad.IRI, error) {
	defer s.rlock()()
	ref := s.qs.ValueOf(kggraph.TypeArticle)
	pref := s.qs.ValueOf(kggraph.PredType)
	if ref == nil || pref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(quad.Object, ref)
	defer it.Close()
	var refs []graph.Ref
	for it.Next(ctx) {
		if graph.ToKey(s.qs.QuadDirection(it.Result(), quad.Predicate)) == graph.ToKey(pref) {
			refs = append(refs, s.qs.QuadDirection(it.Result(), quad.Subject))
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	vals, err := graph.ValuesOf(ctx, s.qs, refs)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	seen := map[string]bool{}
	var out []quad.IRI
	for _, v := range vals {
		if iri, ok := v.(quad.IRI); ok && !seen[string(iri)] {
			seen[string(iri)] = true
			out = append(out, iri)
		}
	}
	return out, nil
}
