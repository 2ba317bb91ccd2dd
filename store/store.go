// Package store keeps the knowledge graph in a Cayley quad store and writes
// it one article at a time: each article's quads are replaced as a unit in
// one backend transaction, so a crash leaves every article either fully
// present or absent, and writing the same article twice changes nothing.
//
// Backends are Cayley's: bolt in a directory (the embedded default), the
// memory store (for tests and throwaway graphs) and the SQL family
// (PostgreSQL, and CockroachDB, which speaks PostgreSQL's protocol and
// spreads the same tables over a cluster).
//
// A write that fails (a full disk among the causes) leaves the store as it
// was before the write. Bolt stores then refuse further writes until they
// are reopened: see ErrWritesSuspended.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"

	// Backends that Open can name. Bolt stores are opened here rather
	// than through Cayley's registration (which waits for a lock without
	// end and cannot open read-only), but it registers the name.
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"
	_ "github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"

	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/readmodel"
	"github.com/unionkg/kg/store/budget"
)

// Backend names, as Cayley registers them.
const (
	BackendBolt      = "bolt"
	BackendMemory    = "memstore"
	BackendPostgres  = "postgres"
	BackendCockroach = "cockroach"
)

// ErrNotFound is returned for an article the store does not hold.
var ErrNotFound = errors.New("article not found")

// Errors of stores that cannot be written.
var (
	// ErrReadOnly is returned by writes to a store opened read-only, and
	// by Open for a bolt store this process may not write (file or
	// directory permissions, a read-only file system).
	ErrReadOnly = errors.New("read-only")
	// ErrNoSpace marks a write that failed for want of space: a full disk
	// (ENOSPC), an exhausted quota (EDQUOT) or the process's file-size
	// limit (EFBIG). Nothing of the failed transaction was stored.
	ErrNoSpace = errors.New("out of space")
	// ErrWritesSuspended is returned by every write to a bolt store after
	// one write failed, until the store is reopened. Bolt rolls the failed
	// transaction back cleanly, but Cayley v0.7.7's kv quad store keeps
	// the IDs it gave the transaction's new nodes in its cache, and the
	// next transaction hands the same IDs to other nodes: further writes
	// through the same handle would store quads that point at the wrong
	// nodes. Reads stay correct, and a reopened store starts with an
	// empty cache.
	ErrWritesSuspended = errors.New("writes suspended")
	// ErrLocked is returned by Open when another process holds a bolt
	// store's lock beyond Options.LockTimeout: bolt lets one process write
	// a store, or several read it, at a time.
	ErrLocked = errors.New("in use by another process")
)

// ErrInvalid is returned, wrapped, by Put for an article whose ID is not
// valid (see graph.CheckArticleID) or one of whose quads holds a value
// that N-Quads cannot carry: an IRI with a control character, a space or
// one of <>"\, or any value with a NUL or bytes that are not
// UTF-8. Nothing of the batch is written.
var ErrInvalid = errors.New("invalid article")

// DefaultLockTimeout is how long Open waits for another process to release
// a bolt store.
const DefaultLockTimeout = 3 * time.Second

// Options tune how a store is opened.
type Options struct {
	// Bloom keeps bolt's bloom filters, which cost about 150 MiB of memory
	// per open store (more while a new store is first filled) to save a
	// disk lookup per quad written. Off by default: the per-article
	// content hash already tells which articles are new, and a server
	// should not hold that memory for a speed-up only bulk loads see.
	Bloom bool
	// NoSync skips bolt's fsync after each transaction: faster bulk loads,
	// at the risk of losing the last transactions (never of corrupting the
	// store) if the machine, not just the process, goes down.
	NoSync bool
	// ReadOnly opens the store for reading: nothing is created or changed
	// on disk (a bolt store that does not exist is an error), several
	// processes may read one bolt store at once, and Put and Delete fail
	// with ErrReadOnly.
	ReadOnly bool
	// LockTimeout bounds the wait for another process's lock on a bolt
	// store; 0 means DefaultLockTimeout.
	LockTimeout time.Duration
	// ReleaseMap hands the pages of bolt's memory map back to the kernel
	// after every write, for bulk loads: bolt reads the file through a map
	// of all of it, so a long load otherwise keeps every page it touched in
	// its resident memory, which then grows with the store. The pages stay
	// in the page cache; reading one again costs a minor fault. A server
	// leaves it off, as its reads are faster with the pages kept.
	ReleaseMap bool
	// ReadModel keeps the store's quads in memory as well, indexed for
	// the REST routes (see package readmodel), and applies every write to
	// them. BuildReadModel fills it; until it has, ReadModel().Ready() is
	// false.
	ReadModel bool
}

// Store is a knowledge graph in a Cayley quad store. Reads may run
// concurrently with each other and with writes; writes are serialised,
// because Cayley's memory store is not safe for concurrent writes and each
// write reads what the article held before.
type Store struct {
	qs      graph.QuadStore
	backend string
	addr    string
	// mu serialises writes and keeps reads out while one runs. Cayley
	// v0.7.7 caches the IDs of named nodes: a read whose snapshot predates
	// a write could put back the ID of a node that write deleted, and the
	// next write would give that ID to a new node, storing quads that
	// point at the wrong one. Reads run beside each other, except on the
	// memory store (lockReads), whose maps have no locks of their own and
	// whose iterators cache into them even when reading, and on the SQL
	// backends, whose shape optimiser numbers its tables with a counter
	// shared by every query (a data race between two reads, seen by the
	// race detector in two lookups of an ingest).
	mu        sync.RWMutex
	lockReads bool
	// watch records who holds mu and who waits for it, since when.
	watch lockWatch
	// gen counts successful writes, so that readers can cache answers
	// and know when they are stale.
	gen atomic.Uint64
	// readOnly refuses writes; suspended, once set, is why writes are
	// refused after a failed one (see ErrWritesSuspended).
	readOnly  bool
	suspended atomic.Pointer[error]
	// release is the bolt database whose map is released after each
	// write (Options.ReleaseMap); nil otherwise.
	release *bolt.DB
	// queries are the meters of the queries that hold the lock through
	// Query, which a write waiting for it stops.
	queries queryMeters
	// model, if not nil, is the read model every write is applied to
	// (Options.ReadModel); building holds the labels written while
	// BuildReadModel runs, whose quads it no longer copies. Both change
	// under mu only.
	model    *readmodel.Graph
	building map[string]bool
	// buildStep, when positive, replaces buildStep (tests).
	buildStep int
	// betweenRewrites, if set, runs between the two transactions of a
	// rewrite (tests: a crash there); an error it returns stands for the
	// second transaction's.
	betweenRewrites func() error
	// keeper keeps the read model's snapshot and journal (see
	// snapshot.go); nil for a backend that keeps none (memory).
	// journaling, set under mu, is whether writes record themselves in
	// the journal: once a snapshot exists. savedGen is the model's
	// generation when it was last loaded or saved.
	keeper     keeper
	journaling bool
	savedGen   atomic.Uint64
}

// ReadModel returns the store's read model, or nil when it keeps none.
func (s *Store) ReadModel() *readmodel.Graph { return s.model }

// Generation returns a number that changes after every write: answers
// computed at one generation stay true until it changes.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Open opens the store that dsn names, creating it on first use:
//
//	memory                         the memory store
//	postgres://user@host/db?…      PostgreSQL through Cayley's SQL backend
//	cockroach://user@host:26257/db CockroachDB, through the same backend family
//	bolt:PATH or PATH              bolt in the directory PATH
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	backend, addr := ParseDSN(dsn)
	if !graph.IsRegistered(backend) {
		return nil, fmt.Errorf("open store %q: backend %q is not compiled into this binary", dsn, backend)
	}
	gopts := graph.Options{}
	var qs graph.QuadStore
	var bdb *bolt.DB
	var err error
	switch {
	case backend == BackendBolt:
		gopts[kv.OptNoBloom] = !opts.Bloom
		qs, bdb, err = openBolt(ctx, addr, opts, gopts)
		if err != nil {
			return nil, err
		}
	default:
		if graph.IsPersistent(backend) && !opts.ReadOnly {
			err := graph.InitQuadStore(backend, addr, gopts)
			if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
				return nil, fmt.Errorf("initialise %s store: %w", backend, err)
			}
		}
		qs, err = graph.NewQuadStore(backend, addr, gopts)
		if err != nil {
			return nil, fmt.Errorf("open %s store %s: %w", backend, redact(addr), err)
		}
	}
	st := &Store{qs: qs, backend: backend, addr: addr, lockReads: backend != BackendBolt, readOnly: opts.ReadOnly}
	if opts.ReleaseMap && !opts.ReadOnly {
		st.release = bdb
	}
	switch {
	case bdb != nil:
		st.keeper = boltKeeper{db: bdb, path: filepath.Join(addr, snapshotName)}
	case backend == BackendPostgres:
		k, err := openPGKeeper(ctx, addr, opts.ReadOnly)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("open %s store: %w", backend, err), st.Close())
		}
		st.keeper = k
	}
	if st.keeper != nil && !opts.ReadOnly {
		has, err := st.keeper.has(ctx)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("open %s store: read-model snapshot: %w", backend, err), st.Close())
		}
		st.journaling = has
	}
	if opts.ReadModel {
		st.model = readmodel.New()
	}
	if opts.ReadOnly {
		if marks, err := st.interrupted(ctx); err == nil && len(marks) > 0 {
			slog.Warn("articles half-rewritten when a writer stopped; open the store for writing to remove them", "articles", len(marks))
		}
	} else if err := st.repairRewrites(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open %s store: %w", backend, err), st.Close())
	}
	return st, nil
}

// openBolt opens the bolt store in dir, creating it first unless it is
// opened read-only.
func openBolt(ctx context.Context, dir string, opts Options, gopts graph.Options) (graph.QuadStore, *bolt.DB, error) {
	if dir == "" {
		return nil, nil, errors.New("open bolt store: no directory given")
	}
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	file := filepath.Join(dir, "indexes.bolt")
	if opts.ReadOnly {
		// bolt would create a missing file, even read-only.
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("open bolt store %s read-only: there is no store (no %s)", dir, file)
		} else if err != nil {
			return nil, nil, fmt.Errorf("open bolt store %s read-only: %w", dir, err)
		}
	} else if err := initBolt(ctx, dir, timeout); err != nil {
		return nil, nil, err
	}
	db, err := hbolt.Open(file, &bolt.Options{ReadOnly: opts.ReadOnly, Timeout: timeout})
	if err != nil {
		return nil, nil, boltOpenError(dir, timeout, err)
	}
	// As Cayley's own bolt backend does.
	db.DB().NoSync = opts.NoSync
	db.DB().NoGrowSync = opts.NoSync
	qs, err := kv.New(db, gopts)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("open bolt store %s: %w", dir, err)
	}
	return qs, db.DB(), nil
}

// boltOpenError says why bolt could not open the store in dir.
func boltOpenError(dir string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return fmt.Errorf("bolt store %s is %w: its lock was not released within %s", dir, ErrLocked, timeout)
	case errors.Is(err, os.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("bolt store %s is %w for this process: %w", dir, ErrReadOnly, err)
	}
	return fmt.Errorf("open bolt store %s: %w", dir, err)
}

// ParseDSN returns the backend a store address names (BackendBolt for a
// directory) and the address to give that backend.
func ParseDSN(dsn string) (backend, addr string) {
	switch {
	case dsn == "memory" || dsn == "mem" || dsn == "memstore":
		return BackendMemory, ""
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return BackendPostgres, dsn
	case strings.HasPrefix(dsn, "cockroach://"), strings.HasPrefix(dsn, "cockroachdb://"):
		_, rest, _ := strings.Cut(dsn, "://")
		return BackendCockroach, "postgres://" + rest
	}
	return BackendBolt, strings.TrimPrefix(dsn, "bolt:")
}

// redact hides a password in a connection URL for error messages.
func redact(addr string) string {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok {
		return addr
	}
	cred, host, ok := strings.Cut(rest, "@")
	if !ok {
		return addr
	}
	if user, _, hasPw := strings.Cut(cred, ":"); hasPw {
		return scheme + "://" + user + ":***@" + host
	}
	return addr
}

// indexes are the bolt indexes of a new store: Cayley's two defaults
// (subject-predicate for forward traversals, object-predicate-subject for
// reverse ones) and one on the label, without which replacing or deleting
// an article would scan every quad in the store.
func indexes() []kv.QuadIndex {
	return []kv.QuadIndex{
		{Dirs: []quad.Direction{quad.Subject, quad.Predicate}},
		{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}},
		{Dirs: []quad.Direction{quad.Label}},
	}
}

// initBolt creates a bolt store with the label index if the directory does
// not hold one yet.
func initBolt(ctx context.Context, dir string, timeout time.Duration) error {
	file := filepath.Join(dir, "indexes.bolt")
	if _, err := os.Stat(file); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("open bolt store %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create bolt store %s: %w", dir, err)
	}
	db, err := hbolt.Open(file, &bolt.Options{Timeout: timeout})
	if err != nil {
		return boltOpenError(dir, timeout, err)
	}
	defer db.Close()
	if err := kv.Init(db, graph.Options{}); err != nil {
		return fmt.Errorf("initialise bolt store %s: %w", dir, err)
	}
	// Cayley reads the index list from the store's metadata on open, so
	// writing ours there before the first open is all it takes.
	data, err := json.Marshal(indexes())
	if err != nil {
		return fmt.Errorf("initialise bolt store %s: %w", dir, err)
	}
	key := hkv.Key{[]byte("meta"), []byte("indexes")}
	if err := hkv.Update(ctx, db, func(tx hkv.Tx) error { return tx.Put(key, data) }); err != nil {
		return fmt.Errorf("initialise bolt store %s: write indexes: %w", dir, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("initialise bolt store %s: %w", dir, err)
	}
	return nil
}

// Backend returns the name of the Cayley backend in use.
func (s *Store) Backend() string { return s.backend }

// name names the store in messages: its backend and address.
func (s *Store) name() string {
	if s.addr == "" {
		return s.backend + " store"
	}
	return s.backend + " store " + redact(s.addr)
}

// Writable returns nil when the store accepts writes, else why not: an
// error that wraps ErrReadOnly, or ErrWritesSuspended and the failure that
// suspended them.
func (s *Store) Writable() error {
	if s.readOnly {
		return fmt.Errorf("%s is opened %w", s.name(), ErrReadOnly)
	}
	if err := s.suspended.Load(); err != nil {
		return *err
	}
	return nil
}

// writeFailed returns the error of a failed backend write, marked with
// ErrNoSpace when space ran out, and suspends further writes to a bolt
// store (see ErrWritesSuspended).
func (s *Store) writeFailed(err error) error {
	if isNoSpace(err) {
		err = fmt.Errorf("%s is %w: %w", s.name(), ErrNoSpace, err)
	} else {
		err = fmt.Errorf("%s: %w", s.name(), err)
	}
	if s.backend == BackendBolt {
		why := fmt.Errorf("%w until the store is reopened, after a failed write: %w", ErrWritesSuspended, err)
		s.suspended.CompareAndSwap(nil, &why)
	}
	return err
}

// isNoSpace reports an error of a write that found no space. bolt v1.3.1
// formats some errors with %s ("file resize error: truncate …: file too
// large"), so the message counts as well as the chain.
func isNoSpace(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG} {
		if errors.Is(err, errno) || strings.Contains(msg, errno.Error()) {
			return true
		}
	}
	return false
}

// QuadStore returns the underlying Cayley quad store. Write through the
// Store, not through it, and read through View when writes may be running.
func (s *Store) QuadStore() graph.QuadStore { return s.qs }

// View runs fn with the quad store, safe against concurrent writes.
func (s *Store) View(fn func(graph.QuadStore) error) error {
	defer s.rlock()()
	return fn(s.qs)
}

// Query runs fn, a query, with the quad store metered by a budget of lim
// (see package budget), safe against concurrent writes as View is. When
// the meter trips, the query's next step panics with a value that Gizmo's
// JavaScript runtime returns as its error; a caller that runs Cayley's
// iterators itself recovers it. Every leaf iterator fn built is closed
// before Query returns. A write that waits for the lock longer than
// PreemptAfter stops the query (budget.ErrWriteWaiting), so a long query
// never holds writes back for long. Query returns the meter's error when
// it tripped, else fn's.
func (s *Store) Query(ctx context.Context, lim budget.Limits, fn func(graph.QuadStore, *budget.Meter) error) error {
	defer s.rlock()()
	m := budget.New(ctx, lim)
	s.queries.add(m)
	defer s.queries.remove(m)
	defer m.Close()
	err := fn(budget.Wrap(s.qs, m), m)
	if merr := m.Err(); merr != nil {
		return merr
	}
	return err
}

// Close closes the store.
func (s *Store) Close() error {
	defer s.lock()()
	var kerr error
	if s.keeper != nil {
		kerr = s.keeper.close()
	}
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("close %s store: %w", s.backend, err)
	}
	if kerr != nil {
		return fmt.Errorf("close %s store: %w", s.backend, kerr)
	}
	return nil
}

// Article is one article's facts, ready to store.
type Article struct {
	// ID is the article's ID; its IRI labels every quad.
	ID string
	// Hash identifies the article's content: an article stored with the
	// same hash is left alone.
	Hash string
	// Quads are all the article's quads, labelled with its IRI.
	Quads []quad.Quad
}

// Outcome says what a write did to one article.
type Outcome int

// Outcomes of Put.
const (
	// Unchanged: the store already held the article with this hash.
	Unchanged Outcome = iota
	// Added: the article was new.
	Added
	// Updated: the article's earlier facts were replaced.
	Updated
)

// String returns "unchanged", "added" or "updated".
func (o Outcome) String() string {
	switch o {
	case Added:
		return "added"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// Result is what Put did.
type Result struct {
	Outcomes []Outcome // one per article, in order
	Added    int       // quads added
	Removed  int       // quads removed
}

// Put stores a batch of articles: new articles in one transaction, all of
// them or none. An article already stored with the same hash is left alone;
// one stored with another hash is rewritten by its difference: the quads it
// no longer has are removed in a first transaction, the ones it gains are
// added in the second (see rewrite.go for why two, and how a crash between
// them is repaired), so that, once the store is opened again, it is either
// whole or absent. If the batch holds the same ID twice, the last one
// wins.
func (s *Store) Put(ctx context.Context, arts []Article) (Result, error) {
	res := Result{Outcomes: make([]Outcome, len(arts))}
	last := make(map[string]int, len(arts))
	for i, a := range arts {
		if a.ID == "" {
			return res, fmt.Errorf("put article %d of batch: no ID", i)
		}
		if err := kggraph.CheckArticleID(a.ID); err != nil {
			return res, fmt.Errorf("put article %d of batch: %w: %w", i, ErrInvalid, err)
		}
		for _, q := range a.Quads {
			if err := checkQuad(q); err != nil {
				return res, fmt.Errorf("put article %s: %w: %w", a.ID, ErrInvalid, err)
			}
		}
		last[a.ID] = i
	}
	defer s.lock()()
	if err := s.Writable(); err != nil {
		return res, err
	}
	// dels and adds are the two transactions (see rewrite.go); marks are
	// the rewrite markers among them.
	var dels, adds []graph.Delta
	var marks []quad.Quad
	type written struct {
		label quad.IRI
		quads []quad.Quad
	}
	var wrote []written
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return Result{Outcomes: make([]Outcome, len(arts))}, err
		}
		if last[a.ID] != i {
			continue
		}
		label := kggraph.ArticleIRI(a.ID)
		old, oldHash, err := s.articleQuads(ctx, label)
		if err != nil {
			return Result{Outcomes: make([]Outcome, len(arts))}, fmt.Errorf("put article %s: %w", a.ID, err)
		}
		switch {
		case old == nil:
			res.Outcomes[i] = Added
		case oldHash == a.Hash && a.Hash != "":
			res.Outcomes[i] = Unchanged
			continue
		default:
			res.Outcomes[i] = Updated
		}
		fresh := make(map[quadKey]bool, len(a.Quads))
		w := written{label: label}
		added, removed := 0, 0
		for _, q := range a.Quads {
			q.Label = label
			k := keyOf(q)
			if fresh[k] {
				continue
			}
			fresh[k] = true
			if s.model != nil {
				w.quads = append(w.quads, q)
			}
			if _, kept := old[k]; !kept {
				adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
				added++
			}
		}
		for k, q := range old {
			if !fresh[k] {
				dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
				removed++
			}
		}
		if added > 0 && removed > 0 {
			// Half-written between the two transactions: marked in the
			// first, unmarked in the second.
			m := rewriteMarker(label)
			marks = append(marks, m)
			dels = append(dels, graph.Delta{Quad: m, Action: graph.Add})
			adds = append(adds, graph.Delta{Quad: m, Action: graph.Delete})
		}
		wrote = append(wrote, w)
	}
	for i := range res.Outcomes {
		if j := last[arts[i].ID]; j != i {
			res.Outcomes[i] = Unchanged // superseded by a later copy in the batch
		}
	}
	// The read model's journal first (write-ahead, see snapshot.go).
	labels := make([]quad.IRI, len(wrote))
	for i, w := range wrote {
		labels[i] = w.label
	}
	if err := s.journal(ctx, labels); err != nil {
		return Result{Outcomes: make([]Outcome, len(arts))}, s.writeFailed(err)
	}
	// The facts a rewrite drops go in the first transaction, the ones it
	// gains in the second (see rewrite.go).
	if len(dels) > 0 {
		defer s.gen.Add(1)
		if err := s.qs.ApplyDeltas(dels, graph.IgnoreOpts{IgnoreMissing: true, IgnoreDup: true}); err != nil {
			s.modelLost(err)
			return Result{Outcomes: make([]Outcome, len(arts))}, s.writeFailed(fmt.Errorf("remove %d old quads: %w", len(dels)-len(marks), err))
		}
	}
	if len(adds) > 0 {
		var err error
		if s.betweenRewrites != nil && len(marks) > 0 {
			err = s.betweenRewrites()
		}
		if err == nil {
			err = s.qs.ApplyDeltas(adds, graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
		}
		if err != nil {
			// Rewritten articles are half-written: removed now if the
			// store lets us, else when it is next opened for writing.
			for _, m := range marks {
				if _, rerr := s.removeHalfWritten(ctx, m); rerr != nil {
					slog.Warn("a half-rewritten article stays until the store is opened again for writing", "err", rerr)
				}
			}
			s.modelLost(err)
			return Result{Outcomes: make([]Outcome, len(arts))}, s.writeFailed(fmt.Errorf("write %d quads: %w", len(adds)-len(marks), err))
		}
	}
	for _, w := range wrote {
		s.modelWrite(w.label, w.quads)
	}
	res.Added, res.Removed = len(adds)-len(marks), len(dels)-len(marks)
	s.gen.Add(1)
	if s.release != nil {
		// Advice only: if the kernel refuses it, the pages stay resident
		// and the write has still succeeded.
		_ = releaseMapped(s.release)
	}
	return res, nil
}

// articleQuads returns the quads labelled with an article's IRI, and the
// content hash its Article node records; nil if the store has none.
func (s *Store) articleQuads(ctx context.Context, label quad.IRI) (map[quadKey]quad.Quad, string, error) {
	ref := s.qs.ValueOf(label)
	if ref == nil {
		return nil, "", nil
	}
	it := s.qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	var quads map[quadKey]quad.Quad
	hash := ""
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if quads == nil {
			quads = make(map[quadKey]quad.Quad)
		}
		quads[keyOf(q)] = q
		if q.Subject == label && q.Predicate == kggraph.PredHash {
			hash = quad.ToString(q.Object)
		}
	}
	if err := it.Err(); err != nil {
		return nil, "", fmt.Errorf("read quads of %s: %w", label, err)
	}
	return quads, hash, nil
}

// Hash returns the content hash stored for an article, or ErrNotFound.
// It reads one quad through the subject-predicate index, so that a
// re-ingest of unchanged articles costs a lookup each.
func (s *Store) Hash(ctx context.Context, id string) (string, error) {
	return s.articleLiteral(ctx, id, kggraph.PredHash)
}

// MetaHash returns the hash of the metadata an article was given with
// (extract.MetaHash), or ErrNotFound when it was given none or is not
// stored.
func (s *Store) MetaHash(ctx context.Context, id string) (string, error) {
	return s.articleLiteral(ctx, id, kggraph.PredMetaHash)
}

// ExtractorVersion returns the version of the extractor that read an
// article, or ErrNotFound.
func (s *Store) ExtractorVersion(ctx context.Context, id string) (string, error) {
	return s.articleLiteral(ctx, id, kggraph.PredExtractor)
}

// articleLiteral returns the object of the article's first quad with
// predicate p.
func (s *Store) articleLiteral(ctx context.Context, id string, p quad.IRI) (string, error) {
	defer s.rlock()()
	art := kggraph.ArticleIRI(id)
	it := shape.BuildIterator(s.qs, shape.Quads{
		{Dir: quad.Subject, Values: shape.Lookup{art}},
		{Dir: quad.Predicate, Values: shape.Lookup{p}},
	})
	defer it.Close()
	for it.Next(ctx) {
		return quad.ToString(s.qs.NameOf(s.qs.QuadDirection(it.Result(), quad.Object))), nil
	}
	if err := it.Err(); err != nil {
		return "", fmt.Errorf("read %s of %s: %w", p, id, err)
	}
	return "", fmt.Errorf("article %s: %w", id, ErrNotFound)
}

// Delete removes exactly the quads of one article, and with them every
// node left with no quads. It returns the number of quads removed, or
// ErrNotFound.
func (s *Store) Delete(ctx context.Context, id string) (int, error) {
	defer s.lock()()
	if err := s.Writable(); err != nil {
		return 0, fmt.Errorf("delete article %s: %w", id, err)
	}
	n, found, err := s.removeArticle(ctx, kggraph.ArticleIRI(id))
	if err != nil {
		return 0, fmt.Errorf("delete article %s: %w", id, err)
	}
	if !found {
		return 0, fmt.Errorf("delete article %s: %w", id, ErrNotFound)
	}
	return n, nil
}

// removeArticle removes the quads labelled with an article, and the
// deletions extra with them, in one transaction journalled for the read
// model. It returns the number of the article's quads removed and whether
// it had any; with none and no extra, it writes nothing. The caller holds
// the lock.
func (s *Store) removeArticle(ctx context.Context, label quad.IRI, extra ...graph.Delta) (int, bool, error) {
	old, _, err := s.articleQuads(ctx, label)
	if err != nil {
		return 0, false, err
	}
	if old == nil && len(extra) == 0 {
		return 0, false, nil
	}
	deltas := make([]graph.Delta, 0, len(old)+len(extra))
	for _, q := range old {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	deltas = append(deltas, extra...)
	if err := s.journal(ctx, []quad.IRI{label}); err != nil {
		return 0, false, s.writeFailed(err)
	}
	err = s.qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreMissing: true})
	s.gen.Add(1) // even on error: a backend may have applied part of it
	if err != nil {
		s.modelLost(err)
		return 0, false, s.writeFailed(err)
	}
	s.modelWrite(label, nil)
	return len(old), old != nil, nil
}

// Quads returns every quad in the store.
func (s *Store) Quads(ctx context.Context) iter.Seq2[quad.Quad, error] {
	return func(yield func(quad.Quad, error) bool) {
		defer s.rlock()()
		it := s.qs.QuadsAllIterator()
		defer it.Close()
		for it.Next(ctx) {
			if !yield(s.qs.Quad(it.Result()), nil) {
				return
			}
		}
		if err := it.Err(); err != nil {
			yield(quad.Quad{}, fmt.Errorf("read quads: %w", err))
		}
	}
}

// ArticleQuads returns the quads of one article, or ErrNotFound.
func (s *Store) ArticleQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	defer s.rlock()()
	quads, _, err := s.articleQuads(ctx, kggraph.ArticleIRI(id))
	if err != nil {
		return nil, err
	}
	if quads == nil {
		return nil, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	out := make([]quad.Quad, 0, len(quads))
	for _, q := range quads {
		out = append(out, q)
	}
	return out, nil
}

// Stats are the size of the graph.
type Stats struct {
	Nodes int64 `json:"nodes"`
	Quads int64 `json:"quads"`
	// Exact is false when the backend only estimated the counts.
	Exact bool `json:"exact"`
}

// Stats returns the number of nodes and quads.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	defer s.rlock()()
	st, err := s.qs.Stats(ctx, true)
	if err != nil {
		return Stats{}, fmt.Errorf("%s store stats: %w", s.backend, err)
	}
	return Stats{Nodes: st.Nodes.Size, Quads: st.Quads.Size, Exact: st.Nodes.Exact && st.Quads.Exact}, nil
}

// checkQuad returns an error for a quad N-Quads cannot carry (see
// ErrInvalid).
func checkQuad(q quad.Quad) error {
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		var s string
		iri := false
		switch v := v.(type) {
		case nil:
			continue
		case quad.IRI:
			s, iri = string(v), true
		case quad.BNode:
			s, iri = string(v), true
		case quad.String:
			s = string(v)
		case quad.LangString:
			s = string(v.Value) + string(v.Lang)
		case quad.TypedString:
			s = string(v.Value) + string(v.Type)
		default:
			continue // numbers, times, booleans
		}
		if !utf8.ValidString(s) {
			return fmt.Errorf("value %.60q is not valid UTF-8", s)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("value %.60q holds a NUL", s)
		}
		if iri {
			for _, c := range []byte(s) {
				if c <= ' ' || c == 0x7f || strings.IndexByte(`<>"\`, c) >= 0 {
					return fmt.Errorf("IRI %.60q holds %q", s, c)
				}
			}
		}
	}
	return nil
}

// quadKey identifies a quad by the N-Quads form of its values: quad values
// are interfaces whose Go equality is not value equality for all kinds
// (times read back from a backend differ in representation).
type quadKey [4]string

func keyOf(q quad.Quad) quadKey {
	var k quadKey
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v != nil {
			k[i] = v.String()
		}
	}
	return k
}
