// Command gencorpus writes a synthetic corpus of union news as JSON Lines,
// for benchmarking the extractor and the graph at scale:
//
//	go run ./bench/gencorpus -n 100000 -seed 1 -o corpus.jsonl
//
// With no -o the corpus goes to standard output. A one-line summary goes to
// standard error.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/unionkg/kg/synth"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		n     = flag.Int("n", 100000, "number of articles")
		seed  = flag.Int64("seed", 1, "random seed; the same seed gives the same corpus")
		out   = flag.String("o", "", "output file (default standard output)")
		clean = flag.Bool("clean", false, "leave out articles with damaged (half-width) punctuation")
	)
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	start := time.Now()
	g, err := synth.New(synth.Config{Seed: *seed, Articles: *n, Clean: *clean})
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	st, err := g.WriteJSONL(ctx, w)
	if f != nil {
		// A failed close can lose written data, so it is an error too.
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	d := time.Since(start)
	fmt.Fprintf(os.Stderr, "gencorpus: %d articles, %d bytes (%.1f MB), %d distinct bodies, %d distinct persons, %.2fs (%.0f articles/s, %.1f MB/s)\n",
		st.Articles, st.Bytes, float64(st.Bytes)/1e6, st.Bodies, st.Persons, d.Seconds(),
		float64(st.Articles)/d.Seconds(), float64(st.Bytes)/1e6/d.Seconds())
	return nil
}
