// Command storebench compares writing the graph into bolt through the
// project's store with Cayley's own bulk loader writing the same quads, so
// that the figures are ratios measured in one run on one machine.
//
//	storebench prepare -n 100000 -o quads.nq   synthetic corpus → extract → N-Quads
//	storebench ours    -in quads.nq -db DIR     store.Put, a batch of articles per transaction
//	storebench cayley  -in quads.nq -db DIR     graph.NewQuadWriter + quad.CopyBatch
//
// Each mode runs in its own process so that its peak memory (max RSS) is
// its own; bench/run.sh runs them and writes the table. Each prints one
// JSON line: mode, quads, seconds, quads_per_sec, max_rss_mib.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // Cayley's loader writes into bolt
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/store"
	"github.com/unionkg/kg/synth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: storebench prepare|ours|cayley [flags]")
		os.Exit(2)
	}
	var err error
	switch mode, args := os.Args[1], os.Args[2:]; mode {
	case "prepare":
		err = prepare(ctx, args)
	case "ours":
		err = ours(ctx, args)
	case "cayley":
		err = cayley(ctx, args)
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "storebench:", err)
		os.Exit(1)
	}
}

// result is one mode's figures.
type result struct {
	Mode      string  `json:"mode"`
	Articles  int     `json:"articles,omitempty"`
	Quads     int     `json:"quads"`
	Seconds   float64 `json:"seconds"`
	QuadsPerS float64 `json:"quads_per_sec"`
	MaxRSSMiB float64 `json:"max_rss_mib"`
	// GoSysMiB is the memory the Go runtime took from the system: the
	// heap at its peak, without bolt's memory-mapped file pages, which
	// max RSS counts though the kernel can drop them.
	GoSysMiB float64 `json:"go_sys_mib"`
}

func report(mode string, articles, quads int, d time.Duration) error {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return fmt.Errorf("getrusage: %w", err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return json.NewEncoder(os.Stdout).Encode(result{
		GoSysMiB: float64(ms.Sys) / (1 << 20),
		Mode:     mode, Articles: articles, Quads: quads, Seconds: d.Seconds(),
		QuadsPerS: float64(quads) / d.Seconds(), MaxRSSMiB: float64(ru.Maxrss) / 1024,
	})
}

// prepare extracts a synthetic corpus on all cores and writes its quads,
// article after article.
func prepare(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ExitOnError)
	n := fs.Int("n", 100000, "articles")
	seed := fs.Int64("seed", 1, "corpus seed")
	out := fs.String("o", "quads.nq", "output N-Quads file")
	fs.Parse(args)
	gen, err := synth.New(synth.Config{Seed: *seed, Articles: *n})
	if err != nil {
		return err
	}
	x, err := extract.New(ctx)
	if err != nil {
		return err
	}
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		return err
	}
	b := kggraph.NewBuilder(gaz)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Now()
	// Workers extract articles by index; the writer puts them in order.
	type done struct {
		i  int
		qs []quad.Quad
	}
	jobs, results := make(chan int), make(chan done, 64)
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				a := gen.Article(i)
				ex, err := x.Extract(ctx, extract.Input{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Text: a.Text})
				if err != nil {
					once.Do(func() { firstErr = err })
					results <- done{i: i}
					continue
				}
				results <- done{i: i, qs: b.Quads(ex, a.Text)}
			}
		}()
	}
	go func() {
		for i := range *n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	pending := map[int][]quad.Quad{}
	next, total := 0, 0
	qw := nquads.NewWriter(w)
	for r := range results {
		pending[r.i] = r.qs
		for qs, ok := pending[next]; ok; qs, ok = pending[next] {
			delete(pending, next)
			next++
			if _, err := qw.WriteQuads(qs); err != nil {
				return err
			}
			total += len(qs)
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return report("prepare", *n, total, time.Since(start))
}

// readArticles reads N-Quads and yields the runs of quads that share a
// label: one article each.
func readArticles(path string, fn func(store.Article) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := nquads.NewReader(bufio.NewReaderSize(f, 1<<20), false)
	var cur store.Article
	var label quad.Value
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if label == nil || q.Label.String() != label.String() {
			if len(cur.Quads) > 0 {
				if err := fn(cur); err != nil {
					return err
				}
			}
			id, _ := kggraph.ArticleID(q.Label.(quad.IRI))
			cur, label = store.Article{ID: id}, q.Label
		}
		if q.Predicate == kggraph.PredHash {
			cur.Hash = quad.ToString(q.Object)
		}
		cur.Quads = append(cur.Quads, q)
	}
	if len(cur.Quads) > 0 {
		return fn(cur)
	}
	return nil
}

func ours(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ours", flag.ExitOnError)
	in := fs.String("in", "quads.nq", "N-Quads from prepare")
	db := fs.String("db", "", "bolt directory to create")
	batch := fs.Int("batch", 512, "articles per transaction")
	bloom := fs.Bool("bloom", false, "keep bolt's bloom filters")
	release := fs.Bool("release", true, "hand bolt's mapped pages back after each batch, as kg ingest does")
	prof := fs.String("cpuprofile", "", "write a CPU profile")
	fs.Parse(args)
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	st, err := store.Open(ctx, *db, store.Options{Bloom: *bloom, ReleaseMap: *release})
	if err != nil {
		return err
	}
	start := time.Now()
	var buf []store.Article
	articles, quads := 0, 0
	flush := func() error {
		res, err := st.Put(ctx, buf)
		quads += res.Added
		articles += len(buf)
		buf = buf[:0]
		return err
	}
	err = readArticles(*in, func(a store.Article) error {
		buf = append(buf, a)
		if len(buf) >= *batch {
			return flush()
		}
		return nil
	})
	if err == nil && len(buf) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	return report("ours", articles, quads, time.Since(start))
}

func cayley(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("cayley", flag.ExitOnError)
	in := fs.String("in", "quads.nq", "N-Quads from prepare")
	db := fs.String("db", "", "bolt directory to create")
	fs.Parse(args)
	if err := graph.InitQuadStore("bolt", *db, nil); err != nil {
		return err
	}
	qs, err := graph.NewQuadStore("bolt", *db, nil)
	if err != nil {
		return err
	}
	start := time.Now()
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	qw, err := qs.NewQuadWriter()
	if err != nil {
		return err
	}
	n, err := quad.CopyBatch(qw, nquads.NewReader(bufio.NewReaderSize(f, 1<<20), false), quad.DefaultBatch)
	if err != nil {
		return err
	}
	if err := qw.Close(); err != nil {
		return err
	}
	if err := qs.Close(); err != nil {
		return err
	}
	_ = ctx
	return report("cayley", 0, n, time.Since(start))
}
