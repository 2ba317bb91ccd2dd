package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/boltdb/bolt"
)

// CompactStats is what Compact did.
type CompactStats struct {
	// Before and After are the store file's sizes in bytes.
	Before, After int64
	// Keys is the number of keys copied, in every bucket.
	Keys int64
}

// compactTxBytes bounds the bytes copied in one transaction of the new
// file, so that compacting a large store needs little memory.
const compactTxBytes = 64 << 20

// Compact rewrites the bolt store in dir into a new file with full pages
// and puts it in place of the old one. Bolt splits a page it appends to
// when it is half full, so a store written by appends (Cayley's log of
// quads, and its indexes, are most of it) is about half empty space;
// Compact keeps every key and value, and nothing else.
//
// It holds the store's lock throughout (ErrLocked if another process has
// the store open) and writes the new file beside the old one, synced,
// before renaming it over the old: if it is interrupted, the store is the
// old one, whole, and a leftover new file is removed by the next Compact.
// progress, when not nil, is called with the bytes of values and keys
// copied so far.
func Compact(ctx context.Context, dir string, timeout time.Duration, progress func(copied int64)) (CompactStats, error) {
	var st CompactStats
	if dir == "" {
		return st, errors.New("compact bolt store: no directory given")
	}
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	file := filepath.Join(dir, "indexes.bolt")
	fi, err := os.Stat(file)
	if err != nil {
		return st, fmt.Errorf("compact bolt store %s: %w", dir, err)
	}
	st.Before = fi.Size()
	// Opened for writing, so that bolt's lock is exclusive: no other
	// process reads or writes the store while it is copied and replaced.
	src, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		return st, boltOpenError(dir, timeout, err)
	}
	defer src.Close()
	tmp := file + ".compact"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return st, fmt.Errorf("compact bolt store %s: remove leftover %s: %w", dir, tmp, err)
	}
	dst, err := bolt.Open(tmp, fi.Mode().Perm(), &bolt.Options{Timeout: timeout})
	if err != nil {
		return st, fmt.Errorf("compact bolt store %s: create %s: %w", dir, tmp, err)
	}
	keep := false
	defer func() {
		if !keep {
			dst.Close()
			os.Remove(tmp)
		}
	}()
	// Syncing once at the end is enough: the file is not in use until the
	// rename, which follows the sync.
	dst.NoSync = true
	if err := copyBolt(ctx, src, dst, &st, progress); err != nil {
		return st, fmt.Errorf("compact bolt store %s: %w", dir, err)
	}
	if err := dst.Sync(); err != nil {
		return st, fmt.Errorf("compact bolt store %s: sync %s: %w", dir, tmp, err)
	}
	if err := dst.Close(); err != nil {
		return st, fmt.Errorf("compact bolt store %s: close %s: %w", dir, tmp, err)
	}
	keep = true
	if err := ctx.Err(); err != nil {
		os.Remove(tmp)
		return st, err
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return st, fmt.Errorf("compact bolt store %s: replace %s: %w", dir, file, err)
	}
	if d, err := os.Open(dir); err == nil {
		// The rename is durable once the directory is synced.
		d.Sync()
		d.Close()
	}
	if fi, err := os.Stat(file); err == nil {
		st.After = fi.Size()
	}
	return st, nil
}

// copyBolt copies every bucket of src into dst, nested buckets included,
// with full pages, in transactions of about compactTxBytes.
func copyBolt(ctx context.Context, src, dst *bolt.DB, st *CompactStats, progress func(int64)) error {
	return src.View(func(stx *bolt.Tx) error {
		tx, err := dst.Begin(true)
		if err != nil {
			return err
		}
		defer func() {
			if tx != nil {
				tx.Rollback()
			}
		}()
		var copied, inTx int64
		// path names the bucket being written, from the top, so that a new
		// transaction can find it again.
		var walk func(path [][]byte, from *bolt.Bucket) error
		bucket := func(path [][]byte) *bolt.Bucket {
			b := tx.Bucket(path[0])
			for _, name := range path[1:] {
				b = b.Bucket(name)
			}
			b.FillPercent = 1
			return b
		}
		walk = func(path [][]byte, from *bolt.Bucket) error {
			if err := bucket(path).SetSequence(from.Sequence()); err != nil {
				return err
			}
			to := bucket(path)
			return from.ForEach(func(k, v []byte) error {
				if v == nil {
					sub := append(path[:len(path):len(path)], k)
					if _, err := to.CreateBucket(k); err != nil {
						return err
					}
					if err := walk(sub, from.Bucket(k)); err != nil {
						return err
					}
					to = bucket(path) // the transaction may have changed
					return nil
				}
				if err := to.Put(k, v); err != nil {
					return err
				}
				st.Keys++
				n := int64(len(k) + len(v))
				copied += n
				inTx += n
				if inTx < compactTxBytes {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := tx.Commit(); err != nil {
					return err
				}
				if progress != nil {
					progress(copied)
				}
				inTx = 0
				if tx, err = dst.Begin(true); err != nil {
					return err
				}
				to = bucket(path)
				return nil
			})
		}
		err = stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
			return walk([][]byte{name}, b)
		})
		if err != nil {
			return err
		}
		err = tx.Commit()
		tx = nil
		if err == nil && progress != nil {
			progress(copied)
		}
		return err
	})
}
