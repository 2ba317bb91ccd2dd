package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// pgKeeper keeps the snapshot and the journal in PostgreSQL, in tables
// beside Cayley's: the snapshot in parts of pgPart bytes (a value of
// PostgreSQL holds at most 1 GB), the journal by label. A save replaces the
// parts and trims the journal in one transaction.
type pgKeeper struct {
	db *sql.DB
	// part is the size of a row of the snapshot (pgPart; tests lower it).
	part int
}

// pgPart is the size of a part of a snapshot in PostgreSQL: a load holds
// one at a time.
const pgPart = 16 << 20

const pgSchema = `
CREATE TABLE IF NOT EXISTS kg_readmodel_journal (label TEXT PRIMARY KEY, seq BIGINT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS kg_readmodel_journal_seq;
CREATE TABLE IF NOT EXISTS kg_readmodel_snapshot (part INTEGER PRIMARY KEY, data BYTEA NOT NULL);
`

// openPGKeeper connects to the database at addr (a postgres:// URL) and,
// unless readOnly, creates the keeper's tables.
func openPGKeeper(ctx context.Context, addr string, readOnly bool) (*pgKeeper, error) {
	db, err := sql.Open("postgres", addr)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(2)
	if !readOnly {
		if _, err := db.ExecContext(ctx, pgSchema); err != nil {
			db.Close()
			return nil, fmt.Errorf("create the read-model snapshot's tables: %w", err)
		}
	}
	return &pgKeeper{db: db, part: pgPart}, nil
}

// tables reports whether the keeper's tables exist (a store opened only
// read-only by this version has none).
func (k *pgKeeper) tables(ctx context.Context) (bool, error) {
	var ok bool
	err := k.db.QueryRowContext(ctx, `SELECT to_regclass('kg_readmodel_snapshot') IS NOT NULL AND to_regclass('kg_readmodel_journal') IS NOT NULL`).Scan(&ok)
	return ok, err
}

func (k *pgKeeper) has(ctx context.Context) (bool, error) {
	if ok, err := k.tables(ctx); err != nil || !ok {
		return false, err
	}
	var ok bool
	err := k.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM kg_readmodel_snapshot)`).Scan(&ok)
	return ok, err
}

func (k *pgKeeper) journal(ctx context.Context, labels []quad.IRI) error {
	ls := make([]string, 0, len(labels))
	for _, l := range labels {
		ls = append(ls, string(l))
	}
	// One row per label: ON CONFLICT cannot update a row twice.
	slices.Sort(ls)
	ls = slices.Compact(ls)
	_, err := k.db.ExecContext(ctx, `
WITH s AS (SELECT nextval('kg_readmodel_journal_seq') AS seq)
INSERT INTO kg_readmodel_journal (label, seq) SELECT l, s.seq FROM unnest($1::text[]) AS l, s
ON CONFLICT (label) DO UPDATE SET seq = EXCLUDED.seq`, pq.Array(ls))
	return err
}

func (k *pgKeeper) journalled(ctx context.Context, after uint64) ([]quad.IRI, uint64, error) {
	if ok, err := k.tables(ctx); err != nil || !ok {
		return nil, 0, err
	}
	tx, err := k.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	var now int64
	if err := tx.QueryRowContext(ctx, `SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM kg_readmodel_journal_seq`).Scan(&now); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT label FROM kg_readmodel_journal WHERE seq > $1`, int64(after))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var labels []quad.IRI
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, 0, err
		}
		labels = append(labels, quad.IRI(l))
	}
	return labels, uint64(now), rows.Err()
}

func (k *pgKeeper) save(ctx context.Context, seq uint64, write func(io.Writer) error) error {
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM kg_readmodel_snapshot`); err != nil {
		return err
	}
	w := &partWriter{ctx: ctx, tx: tx, size: k.part}
	if err := write(w); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM kg_readmodel_journal WHERE seq <= $1`, int64(seq)); err != nil {
		return err
	}
	return tx.Commit()
}

// partWriter writes a snapshot into the rows of kg_readmodel_snapshot,
// size bytes a row.
type partWriter struct {
	ctx  context.Context
	tx   *sql.Tx
	size int
	buf  []byte
	part int
}

func (w *partWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if w.buf == nil {
			w.buf = make([]byte, 0, w.size)
		}
		c := min(len(p), w.size-len(w.buf))
		w.buf = append(w.buf, p[:c]...)
		p = p[c:]
		if len(w.buf) == w.size {
			if err := w.flush(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

func (w *partWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO kg_readmodel_snapshot (part, data) VALUES ($1, $2)`, w.part, w.buf); err != nil {
		return fmt.Errorf("write part %d of the snapshot: %w", w.part, err)
	}
	w.part++
	w.buf = w.buf[:0]
	return nil
}

// open reads the parts one at a time, in a read-only transaction that sees
// one snapshot whatever a save does meanwhile.
func (k *pgKeeper) open(ctx context.Context) (io.ReadCloser, error) {
	if ok, err := k.tables(ctx); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("read-model snapshot: %w", os.ErrNotExist)
	}
	tx, err := k.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, err
	}
	var parts int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM kg_readmodel_snapshot`).Scan(&parts); err != nil {
		tx.Rollback()
		return nil, err
	}
	if parts == 0 {
		tx.Rollback()
		return nil, fmt.Errorf("read-model snapshot: %w", os.ErrNotExist)
	}
	return &partReader{ctx: ctx, tx: tx, parts: parts}, nil
}

// partReader reads a snapshot from its rows, in order.
type partReader struct {
	ctx   context.Context
	tx    *sql.Tx
	parts int
	next  int
	cur   bytes.Reader
}

func (r *partReader) Read(p []byte) (int, error) {
	for r.cur.Len() == 0 {
		if r.next == r.parts {
			return 0, io.EOF
		}
		var data []byte
		err := r.tx.QueryRowContext(r.ctx, `SELECT data FROM kg_readmodel_snapshot WHERE part = $1`, r.next).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("read-model snapshot: part %d of %d missing", r.next, r.parts)
		} else if err != nil {
			return 0, fmt.Errorf("read part %d of the read-model snapshot: %w", r.next, err)
		}
		r.next++
		r.cur.Reset(data)
	}
	return r.cur.Read(p)
}

func (r *partReader) Close() error { return r.tx.Rollback() }

func (k *pgKeeper) close() error { return k.db.Close() }
