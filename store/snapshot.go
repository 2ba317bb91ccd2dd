package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/readmodel"
)

// A bolt store keeps a snapshot of its read model beside its quads, so
// that a server starts from it instead of reading every quad, and a
// journal of the articles written since, in the bolt file:
//
//   - Every write (Put, Delete) first records its articles in the journal,
//     each with the next number of the journal's sequence, in a bolt
//     transaction of its own, committed before Cayley's transactions that
//     change the quads. An article whose quads may differ from the
//     snapshot's is therefore always in the journal, whatever the moment a
//     process is killed (write-ahead: an entry for a write that then failed
//     costs a needless re-read, nothing else).
//   - A snapshot records the journal's sequence at the moment it was taken,
//     under the store's write lock. Loading it and then re-reading from the
//     quads the articles journalled after that number gives the model of
//     the store as it is.
//   - The snapshot is written to a new file, synced and renamed over the
//     old one; only then are the journal entries it covers removed.
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
// snapshot of its read model (backends other than bolt).
var ErrNoSnapshot = errors.New("this backend keeps no read-model snapshot (only bolt does)")

// snapshotPath returns where the store's snapshot lives, or "" for
// backends that keep none.
func (s *Store) snapshotPath() string {
	if s.bolt == nil {
		return ""
	}
	return filepath.Join(s.addr, snapshotName)
}

// journal records labels in the journal before a write changes their
// quads. It runs under the write lock.
func (s *Store) journal(labels []quad.IRI) error {
	if !s.journaling || len(labels) == 0 {
		return nil
	}
	err := s.bolt.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(journalBucket))
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		v := binary.BigEndian.AppendUint64(nil, seq)
		for _, l := range labels {
			if err := b.Put([]byte(l), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record the write in the read-model journal: %w", err)
	}
	return nil
}

// journalled returns the labels journalled after seq, and the journal's
// sequence now.
func (s *Store) journalled(after uint64) ([]quad.IRI, uint64, error) {
	var labels []quad.IRI
	var now uint64
	err := s.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(journalBucket))
		if b == nil {
			return nil
		}
		now = b.Sequence()
		return b.ForEach(func(k, v []byte) error {
			if len(v) == 8 && binary.BigEndian.Uint64(v) > after {
				labels = append(labels, quad.IRI(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read the read-model journal: %w", err)
	}
	return labels, now, nil
}

// SaveReadModel writes the snapshot of the built read model. Writes wait
// meanwhile; reads of the model go on. It returns ErrNoSnapshot for a
// backend that keeps none.
func (s *Store) SaveReadModel(ctx context.Context) error {
	path := s.snapshotPath()
	if path == "" {
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
	_, seq, err := s.journalled(^uint64(0))
	if err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	if err := writeSnapshot(ctx, path, seq, s.model); err != nil {
		return err
	}
	// From now on every write must be journalled: the snapshot exists.
	s.journaling = true
	s.savedGen.Store(s.model.Gen())
	err = s.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(journalBucket))
		if b == nil {
			return nil
		}
		var done [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if len(v) != 8 || binary.BigEndian.Uint64(v) <= seq {
				done = append(done, k)
			}
			return nil
		})
		for _, k := range done {
			if err == nil {
				err = b.Delete(k)
			}
		}
		return err
	})
	if err != nil {
		// The snapshot is written; the entries left are re-read needlessly.
		slog.Warn("read-model journal not trimmed", "err", err)
	}
	return nil
}

// writeSnapshot writes the model's snapshot to a new file beside path,
// syncs it and renames it over path.
func writeSnapshot(ctx context.Context, path string, seq uint64, m *readmodel.Graph) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, snapshotName+".*.tmp")
	if err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	head := append([]byte(snapshotMagic), binary.BigEndian.AppendUint64(nil, seq)...)
	head = binary.BigEndian.AppendUint64(head, ^seq)
	if _, err := f.Write(head); err != nil {
		return fmt.Errorf("save read model to %s: %w", tmp, err)
	}
	if err := m.Encode(f); err != nil {
		return fmt.Errorf("save read model to %s: %w", tmp, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("save read model to %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save read model to %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save read model: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		// The rename lasts only once the directory is synced; without it a
		// crash may bring the old snapshot back, which the journal, not yet
		// trimmed, still covers.
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("save read model: sync %s: %w", dir, err)
		}
	}
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
	path := s.snapshotPath()
	if path == "" || s.model == nil {
		return false, nil
	}
	f, err := os.Open(path)
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
		slog.Warn("read-model snapshot has no header; building the model from the quads", "file", path)
		return false, nil
	}
	seq := binary.BigEndian.Uint64(head[len(snapshotMagic):])
	if ^seq != binary.BigEndian.Uint64(head[len(snapshotMagic)+8:]) {
		slog.Warn("read-model snapshot's header is damaged; building the model from the quads", "file", path)
		return false, nil
	}
	// Decoded before the store is locked: writes meanwhile are journalled
	// and re-read below.
	if err := s.model.Load(ctx, f); err != nil {
		if errors.Is(err, readmodel.ErrSnapshot) {
			slog.Warn("read-model snapshot not used; building the model from the quads", "file", path, "err", err)
			return false, nil
		}
		return false, fmt.Errorf("load read model: %w", err)
	}
	unlock := s.lock()
	defer unlock()
	labels, _, err := s.journalled(seq)
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
	s.journaling = s.bolt != nil && !s.readOnly
	s.savedGen.Store(s.model.Gen())
	slog.Debug("read model loaded from its snapshot", "replayed", len(labels))
	return true, nil
}

// ReadModelChanged reports whether the read model changed since it was
// last loaded or saved: whether SaveReadModel has anything new to write.
func (s *Store) ReadModelChanged() bool {
	return s.model != nil && s.model.Ready() && s.model.Gen() != s.savedGen.Load()
}
