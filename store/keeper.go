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
	"github.com/cayleygraph/quad"
)

// keeper keeps a store's read-model snapshot and the journal of the
// articles written since (see snapshot.go): bolt beside its quads
// (boltKeeper), PostgreSQL in tables of its own (pgKeeper). A backend
// without one (the memory store) keeps no snapshot.
type keeper interface {
	// has reports whether a snapshot was saved: writes must then be
	// journalled.
	has(ctx context.Context) (bool, error)
	// journal records labels, with the next number of the journal's
	// sequence, before a write changes their quads.
	journal(ctx context.Context, labels []quad.IRI) error
	// journalled returns the labels journalled after seq, and the
	// journal's sequence now.
	journalled(ctx context.Context, after uint64) ([]quad.IRI, uint64, error)
	// save replaces the snapshot with the bytes write writes, then drops
	// the journal's entries up to seq, which the snapshot covers.
	save(ctx context.Context, seq uint64, write func(io.Writer) error) error
	// open returns the snapshot's bytes; an error wrapping os.ErrNotExist
	// when there is none.
	open(ctx context.Context) (io.ReadCloser, error)
	// close releases what the keeper holds of its own.
	close() error
}

// boltKeeper keeps the snapshot in a file beside the bolt file, and the
// journal in a bucket of it.
type boltKeeper struct {
	db   *bolt.DB
	path string // the snapshot's file
}

func (k boltKeeper) has(context.Context) (bool, error) {
	_, err := os.Stat(k.path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	}
	return false, err
}

func (k boltKeeper) journal(_ context.Context, labels []quad.IRI) error {
	return k.db.Update(func(tx *bolt.Tx) error {
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
}

func (k boltKeeper) journalled(_ context.Context, after uint64) ([]quad.IRI, uint64, error) {
	var labels []quad.IRI
	var now uint64
	err := k.db.View(func(tx *bolt.Tx) error {
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
	return labels, now, err
}

// save writes the snapshot to a new file beside the old one, syncs it and
// renames it over the old one; only then does it trim the journal.
func (k boltKeeper) save(ctx context.Context, seq uint64, write func(io.Writer) error) error {
	dir := filepath.Dir(k.path)
	f, err := os.CreateTemp(dir, snapshotName+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, k.path); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		// The rename lasts only once the directory is synced; without it a
		// crash may bring the old snapshot back, which the journal, not yet
		// trimmed, still covers.
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("sync %s: %w", dir, err)
		}
	}
	err = k.db.Update(func(tx *bolt.Tx) error {
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

func (k boltKeeper) open(context.Context) (io.ReadCloser, error) { return os.Open(k.path) }

func (k boltKeeper) close() error { return nil } // the store closes the bolt file
