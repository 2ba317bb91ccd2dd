// Package ingest runs articles through the extractor into the store:
// reading, extraction in parallel on all cores, and writing in batches,
// one transaction per batch, so that every article is stored whole or not
// at all.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/source"
	"github.com/unionkg/kg/store"
)

// Options tune an ingest.
type Options struct {
	// Workers is the number of articles extracted at once; 0 means one per
	// CPU.
	Workers int
	// BatchSize is the number of articles written per transaction; 0 means
	// 64. Larger batches write faster; a crash loses at most one batch.
	BatchSize int
	// Force re-extracts and rewrites articles whose content is unchanged,
	// after an extractor upgrade.
	Force bool
	// Progress, if set, is called after each batch is written.
	Progress func(Progress)
	// Logger receives a line per skipped input; nil discards them.
	Logger *slog.Logger
}

// Progress is a running count.
type Progress struct {
	Read    int // inputs read, including skipped ones
	Written int // articles written or found unchanged
	Skipped int
}

// Skip is an input that was not ingested, and why.
type Skip struct {
	Path   string `json:"path"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}

// Summary is what an ingest did.
type Summary struct {
	Articles  int           `json:"articles"`
	Added     int           `json:"added"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Entities  int           `json:"entities"` // entities extracted, summed over articles
	Relations int           `json:"relations"`
	Quads     int           `json:"quads_added"`
	Removed   int           `json:"quads_removed"`
	Skipped   []Skip        `json:"skipped"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	// GoSysMiB is the memory the Go runtime took from the system by the
	// end: the heap's high-water mark, without the store's memory-mapped
	// file, which the kernel pages in and out as it needs.
	GoSysMiB float64 `json:"go_sys_mib"`
}

// finish stamps the elapsed time and memory on a summary.
func (sum *Summary) finish(start time.Time) {
	sum.Elapsed = time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	sum.GoSysMiB = float64(ms.Sys) / (1 << 20)
}

// Ingester writes articles into a store.
type Ingester struct {
	// x, or xerr, is set before ready is closed.
	ready chan struct{}
	x     *extract.Extractor
	xerr  error
	b     *graph.Builder
	st    *store.Store
}

// New returns an Ingester.
func New(x *extract.Extractor, b *graph.Builder, st *store.Store) *Ingester {
	ready := make(chan struct{})
	close(ready)
	return &Ingester{ready: ready, x: x, b: b, st: st}
}

// NewLoading returns an Ingester whose extractor load runs in the
// background: loading the segmenter's dictionaries takes seconds, which a
// server need not wait for before it answers reads. Extraction waits for
// the load (or its context).
func NewLoading(ctx context.Context, load func(context.Context) (*extract.Extractor, error), b *graph.Builder, st *store.Store) *Ingester {
	in := &Ingester{ready: make(chan struct{}), b: b, st: st}
	go func() {
		defer close(in.ready)
		in.x, in.xerr = load(ctx)
	}()
	return in
}

// Loaded reports whether the extractor's load is over (Extractor returns
// without waiting).
func (in *Ingester) Loaded() bool {
	select {
	case <-in.ready:
		return true
	default:
		return false
	}
}

// Extractor waits for the Ingester's extractor and returns it, or the
// error that kept it from loading.
func (in *Ingester) Extractor(ctx context.Context) (*extract.Extractor, error) {
	select {
	case <-in.ready:
		return in.x, in.xerr
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for the extractor: %w", ctx.Err())
	}
}

// Hash is the content hash of an article's text, as the extractor records
// it.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// ErrInvalid is wrapped by the errors of Check.
var ErrInvalid = errors.New("invalid article")

// Check returns an error wrapping ErrInvalid for an article the store must
// not take: an ID that graph.CheckArticleID refuses, or a field with bytes
// that are not UTF-8 or with a NUL (binary data, not an article). An empty
// ID is fine: the hash of the text stands in for it.
func Check(a extract.Input) error {
	if a.ID != "" {
		if err := graph.CheckArticleID(a.ID); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	for _, f := range []struct{ name, v string }{{"url", a.URL}, {"title", a.Title}, {"published", a.Published}, {"text", a.Text}, {"source", a.Source}} {
		switch {
		case !utf8.ValidString(f.v):
			return fmt.Errorf("%w: its %s is not valid UTF-8", ErrInvalid, f.name)
		case strings.IndexByte(f.v, 0) >= 0:
			return fmt.Errorf("%w: its %s holds a NUL character (binary data?)", ErrInvalid, f.name)
		}
	}
	return nil
}

// One extracts and stores a single article. It returns the extraction
// (nil when the article was unchanged and force is false) and what the
// write did.
func (in *Ingester) One(ctx context.Context, a extract.Input, force bool) (*extract.Extraction, store.Outcome, error) {
	r := in.prepare(ctx, job{in: a}, force)
	if r.err != nil {
		return nil, store.Unchanged, r.err
	}
	if r.art == nil {
		return nil, store.Unchanged, nil
	}
	res, err := in.st.Put(ctx, []store.Article{*r.art})
	if err != nil {
		return nil, store.Unchanged, err
	}
	return r.ex, res.Outcomes[0], nil
}

type job struct {
	seq  int
	item source.Item
	in   extract.Input
}

type result struct {
	seq  int
	item source.Item
	ex   *extract.Extraction
	art  *store.Article // nil: unchanged, nothing to write
	err  error
}

// prepare extracts one article and builds its quads, unless the store
// already holds it with the same content.
func (in *Ingester) prepare(ctx context.Context, j job, force bool) result {
	r := result{seq: j.seq, item: j.item}
	if err := Check(j.in); err != nil {
		r.err = err
		return r
	}
	id := j.in.ID
	if id == "" {
		id = Hash(j.in.Text)[:16]
		j.in.ID = id
	}
	if !force {
		h, err := in.st.Hash(ctx, id)
		switch {
		case err == nil && h == Hash(j.in.Text):
			// The same text read by another extractor, or given with
			// another title, URL or date, is read again.
			v, err := in.st.ExtractorVersion(ctx, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				r.err = err
				return r
			}
			m, err := in.st.MetaHash(ctx, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				r.err = err
				return r
			}
			if v == extract.Version && m == extract.MetaHash(j.in) {
				return r
			}
			force = true // write the difference, though the text is the same
		case err != nil && !errors.Is(err, store.ErrNotFound):
			r.err = err
			return r
		}
	}
	x, err := in.Extractor(ctx)
	if err != nil {
		r.err = fmt.Errorf("extract %s: %w", id, err)
		return r
	}
	ex, err := x.Extract(ctx, j.in)
	if err != nil {
		r.err = fmt.Errorf("extract %s: %w", id, err)
		return r
	}
	r.ex = ex
	hash := ex.Document.Hash
	if force {
		hash = "" // never equal: rewrite (only the difference is written)
	}
	r.art = &store.Article{ID: ex.Document.ID, Hash: hash, Quads: in.b.Quads(ex, j.in.Text)}
	return r
}

// articleIDs lists the IDs of a batch's articles for a message, the first
// few of a long batch.
func articleIDs(arts []store.Article) string {
	const most = 4
	var ids []string
	for i, a := range arts {
		if i == most {
			return fmt.Sprintf("articles %s and %d more", strings.Join(ids, ", "), len(arts)-most)
		}
		ids = append(ids, a.ID)
	}
	return "articles " + strings.Join(ids, ", ")
}

// Run ingests every item. Items that carry an error, and articles that
// cannot be extracted, are skipped and listed in the summary; an error
// writing to the store stops the run (the batches written before it stay
// written, the failed batch leaves no trace).
func (in *Ingester) Run(ctx context.Context, items iter.Seq[source.Item], opts Options) (Summary, error) {
	start := time.Now()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := opts.BatchSize
	if batchSize <= 0 {
		batchSize = 64
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan job, workers*2)
	results := make(chan result, workers*2)
	go func() {
		defer close(jobs)
		seq := 0
		for it := range items {
			select {
			case jobs <- job{seq: seq, item: it, in: it.Input}:
				seq++
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var r result
				if j.item.Err != nil {
					r = result{seq: j.seq, item: j.item, err: j.item.Err}
				} else {
					r = in.prepare(ctx, j, opts.Force)
				}
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var sum Summary
	var prog Progress
	var batch []result
	batches := 0
	flush := func() error {
		var arts []store.Article
		for _, r := range batch {
			if r.art != nil {
				arts = append(arts, *r.art)
			}
		}
		batches++
		res, err := in.st.Put(ctx, arts)
		if err != nil {
			return fmt.Errorf("write batch %d (%s): %w", batches, articleIDs(arts), err)
		}
		k := 0
		for _, r := range batch {
			sum.Articles++
			prog.Written++
			if r.art == nil {
				sum.Unchanged++
				continue
			}
			switch res.Outcomes[k] {
			case store.Added:
				sum.Added++
			case store.Updated:
				sum.Updated++
			default:
				sum.Unchanged++
			}
			k++
			sum.Entities += len(r.ex.Entities)
			sum.Relations += len(r.ex.Relations)
		}
		sum.Quads += res.Added
		sum.Removed += res.Removed
		batch = batch[:0]
		if opts.Progress != nil {
			opts.Progress(prog)
		}
		return nil
	}
	// Results arrive out of order; hold them until their turn so that
	// batches follow the input order, and a later copy of an article in
	// the input replaces an earlier one.
	pending := make(map[int]result)
	next := 0
	for r := range results {
		pending[r.seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			prog.Read++
			if r.err != nil {
				if errors.Is(r.err, context.Canceled) && ctx.Err() != nil {
					continue
				}
				s := Skip{Path: r.item.Path, Line: r.item.Line, Reason: r.err.Error()}
				sum.Skipped = append(sum.Skipped, s)
				prog.Skipped++
				log.Warn("skipped input", "path", s.Path, "line", s.Line, "reason", s.Reason)
				continue
			}
			batch = append(batch, r)
			if len(batch) >= batchSize {
				if err := flush(); err != nil {
					cancel()
					sum.finish(start)
					return sum, err
				}
			}
		}
	}
	if err := ctx.Err(); err != nil {
		sum.finish(start)
		return sum, err
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			sum.finish(start)
			return sum, err
		}
	}
	sum.finish(start)
	return sum, nil
}
