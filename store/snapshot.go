package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/readmodel"
)

// A bolt or PostgreSQL store keeps a snapshot of its read model beside its
// quads, so that a server starts from it instead of reading every quad,
// and a journal of the articles written since (a keeper: bolt keeps the
// snapshot in a file beside its own and the journal in a bucket of it,
// PostgreSQL both in tables of their own):
//
//   - Every write (Put, Delete) first records its articles in the journal,
//     each with the next number of the journal's sequence, in a
//     transaction of its own, committed before Cayley's transactions that
//     change the quads. An article whose quads may differ from the
//     snapshot's is therefore always in the journal, whatever the moment a
//     process is killed (write-ahead: an entry for a write that then failed
//     costs a needless re-read, nothing else).
//   - A snapshot records the journal's sequence at the moment it was taken,
//     under the store's write lock. Loading it and then re-reading from the
//     quads the articles journalled after that number gives the model of
//     the store as it is.
//   - bolt writes the snapshot to a new file, synced and renamed over the
//     old one; only then are the journal entries it covers removed.
//     PostgreSQL replaces the snapshot's rows and removes those entries in
//     one transaction.
//
// A store written by a tool that keeps no journal (an older kg, Cayley's
// own loader) can leave a snapshot behind that no longer matches: the load
// compares the model's quad count with the store's and builds the model
// afresh when they differ; kg reindex rebuilds it on demand.
const (
	snapshotName  = "readmodel.snap"
	journalBucket = "kg_readmodel_journal"
	snapshotMagic = "kg-store-snapshot\n"
)

// maxReplay is the share of the model's articles above which a load
// builds the model afresh instead of re-reading the journalled ones: a
// build reads in bulk, a replay one article at a time.
const maxReplay = 0.2

// ErrNoSnapshot is returned by SaveReadModel for a store that keeps no
// snapshot of its read model (backends other than bolt and PostgreSQL).
var ErrNoSnapshot = errors.New("this backend keeps no read-model snapshot (only bolt and PostgreSQL do)")

// journal records labels in the journal before a write changes their
// quads. It runs under the write lock.
func (s *Store) journal(ctx context.Context, labels []quad.IRI) error {
	if !s.journaling || len(labels) == 0 {
		return nil
	}
	if err := s.keeper.journal(ctx, labels); err != nil {
		return fmt.Errorf("record the write in the read-model journal: %w", err)
	}
	return nil
}

// journalled returns the labels journalled after seq, and the journal's
// sequence now.
func (s *Store) journalled(ctx context.Context, after uint64) ([]quad.IRI, uint64, error) {
	labels, now, err := s.keeper.journalled(ctx, after)
	if err != nil {
		return nil, 0, fmt.Errorf("read the read-model journal: %w", err)
	}
	return labels, now, nil
}

// SaveReadModel writes the snapshot of the built read model. Writes wait
// meanwhile; reads of the model go on. It returns ErrNoSnapshot for a
// backend that keeps none.
func (s *Store) SaveReadModel(ctx context.Context) error {
	if s.keeper == nil {
		return ErrNoSnapshot
	}
	if s.model == nil {
		return errors.New("save read model: the store keeps none")
	}
	if err := s.Writable(); err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	unlock := s.lock()
	defer unlock()
	if !s.model.Ready() {
		return errors.New("save read model: it is not built")
	}
	_, seq, err := s.journalled(ctx, ^uint64(0))
	if err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	err = s.keeper.save(ctx, seq, func(w io.Writer) error {
		head := append([]byte(snapshotMagic), binary.BigEndian.AppendUint64(nil, seq)...)
		head = binary.BigEndian.AppendUint64(head, ^seq)
		if _, err := w.Write(head); err != nil {
			return err
		}
		return s.model.Encode(w)
	})
	if err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	// From now on every write must be journalled: the snapshot exists.
	s.journaling = true
	s.savedGen.Store(s.model.Gen())
	return nil
}

// LoadReadModel fills the read model from the store's snapshot, re-reads
// the articles written since, and marks the model ready. It reports false,
// leaving the model empty for BuildReadModel, when there is no snapshot,
// when it is damaged or of another version, when more than a fifth of the
// articles were written since, or when the result does not hold as many
// quads as the store (a store written by another tool). Other errors are
// the store's.
func (s *Store) LoadReadModel(ctx context.Context) (bool, error) {
	if s.keeper == nil || s.model == nil {
		return false, nil
	}
	f, err := s.keeper.open(ctx)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("load read model: %w", err)
	}
	defer f.Close()
	s.model.BeginLoad()
	defer s.model.EndLoad()
	head := make([]byte, len(snapshotMagic)+16)
	if _, err := io.ReadFull(f, head); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		slog.Warn("read-model snapshot has no header; building the model from the quads", "store", s.name())
		return false, nil
	}
	seq := binary.BigEndian.Uint64(head[len(snapshotMagic):])
	if ^seq != binary.BigEndian.Uint64(head[len(snapshotMagic)+8:]) {
		slog.Warn("read-model snapshot's header is damaged; building the model from the quads", "store", s.name())
		return false, nil
	}
	// Decoded before the store is locked: writes meanwhile are journalled
	// and re-read below.
	if err := s.model.Load(ctx, f); err != nil {
		if errors.Is(err, readmodel.ErrSnapshot) {
			slog.Warn("read-model snapshot not used; building the model from the quads", "store", s.name(), "err", err)
			return false, nil
		}
		return false, fmt.Errorf("load read model: %w", err)
	}
	unlock := s.lock()
	defer unlock()
	labels, _, err := s.journalled(ctx, seq)
	if err != nil {
		s.model.Reset()
		return false, fmt.Errorf("load read model: %w", err)
	}
	if arts := s.model.Labels(); len(labels) > 100 && float64(len(labels)) > maxReplay*float64(arts) {
		slog.Info("many articles written since the read-model snapshot; building the model from the quads", "written", len(labels), "articles", arts)
		s.model.Reset()
		return false, nil
	}
	cache := valueCache{}
	for _, l := range labels {
		quads, err := s.labelQuads(ctx, l, cache)
		if err != nil {
			s.model.Reset()
			return false, fmt.Errorf("load read model: %w", err)
		}
		s.model.Replace(l, quads)
	}
	st, err := s.qs.Stats(ctx, false)
	if err == nil && !st.Quads.Exact {
		// Cayley's SQL backend estimates unless asked: a count of its rows.
		st, err = s.qs.Stats(ctx, true)
	}
	if errors.Is(err, kv.ErrNoBucket) {
		// Cayley keeps the count in a bucket of the first write.
		st, err = graph.Stats{Quads: graph.Size{Size: 0, Exact: true}}, nil
	}
	if err != nil {
		s.model.Reset()
		return false, fmt.Errorf("load read model: %w", err)
	}
	if _, quads := s.model.Size(); st.Quads.Exact && st.Quads.Size != quads {
		slog.Warn("read-model snapshot does not match the store (written by another tool?); building the model from the quads",
			"store_quads", st.Quads.Size, "model_quads", quads)
		s.model.Reset()
		return false, nil
	}
	s.model.MarkReady()
	s.journaling = !s.readOnly
	s.savedGen.Store(s.model.Gen())
	slog.Debug("read model loaded from its snapshot", "replayed", len(labels))
	return true, nil
}

// ReadModelChanged reports whether the read model changed since it was
// last loaded or saved: whether SaveReadModel has anything new to write.
func (s *Store) ReadModelChanged() bool {
	return s.model != nil && s.model.Ready() && s.model.Gen() != s.savedGen.Load()
}
