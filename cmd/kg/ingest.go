package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/source"
	"github.com/unionkg/kg/store"
)

type ingestFlags struct {
	store    storeFlags
	encoding string
	workers  int
	batch    int
	force    bool
	json     bool
	quiet    bool
}

func newIngestCmd() *cobra.Command {
	var f ingestFlags
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Extract articles and store their facts in the graph",
		Long: `Ingest reads articles from files and directories (.txt, .html, .jsonl with
{id,url,title,published,text} per line; UTF-8, GBK/GB18030 or Big5, detected
or given with --encoding), extracts them on all cores and writes their facts
into the store, one transaction per batch. An article already stored with the
same content is left alone; a changed one has its facts replaced. Unreadable
files and bad JSONL lines are reported and skipped. It ends with a summary.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIngest(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f, args)
		},
	}
	f.store.register(cmd)
	cmd.Flags().StringVar(&f.encoding, "encoding", "auto", "input encoding: auto, utf-8, gbk, gb18030 or big5")
	cmd.Flags().IntVar(&f.workers, "workers", 0, "articles extracted at once (default: one per CPU)")
	cmd.Flags().IntVar(&f.batch, "batch", 64, "articles written per transaction")
	cmd.Flags().BoolVar(&f.force, "force", false, "re-extract unchanged articles (after an extractor upgrade)")
	cmd.Flags().BoolVar(&f.json, "json", false, "print the summary as JSON")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func runIngest(ctx context.Context, stdout, stderr io.Writer, f ingestFlags, paths []string) error {
	opts := source.Options{Encoding: f.encoding}
	if err := opts.Validate(); err != nil {
		return err
	}
	// The store first: a store that cannot be written is said at once,
	// not after the dictionaries are loaded.
	f.store.bulk = true
	st, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	x, err := extract.New(ctx)
	if err != nil {
		return err
	}
	b, err := newBuilder()
	if err != nil {
		return err
	}

	iopts := ingest.Options{Workers: f.workers, BatchSize: f.batch, Force: f.force,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if bar := articleBar(stderr, "ingesting", f.quiet); bar != nil {
		defer bar.Finish()
		iopts.Progress = func(p ingest.Progress) { bar.Set(p.Written) }
		// Skipped inputs are listed in the summary; log lines would tear
		// the bar.
		iopts.Logger = nil
	}
	sum, err := ingest.New(x, b, st).Run(ctx, source.Read(ctx, paths, opts), iopts)
	if werr := writeSummary(stdout, st.Backend(), sum, f.json); werr != nil && err == nil {
		err = werr
	}
	if errors.Is(err, store.ErrNoSpace) {
		// A failed transaction leaves nothing behind (bolt and SQL roll
		// it back) and the batches before it are committed.
		return fmt.Errorf("ingest: %w\nThe store is intact: the %d articles before the failed batch are stored whole, and nothing of that batch is. "+
			"Make room (free disk space, or raise the quota or the file-size limit), then run the same command again to finish: articles already stored are skipped as unchanged", err, sum.Articles)
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return fmt.Errorf("ingest interrupted: the %d articles written before stay stored; run the same command again to finish (articles already stored are skipped as unchanged)", sum.Articles)
	}
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if len(sum.Skipped) > 0 {
		return fmt.Errorf("ingest: %d inputs skipped", len(sum.Skipped))
	}
	return nil
}

func writeSummary(w io.Writer, backend string, sum ingest.Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	rate := 0.0
	if s := sum.Elapsed.Seconds(); s > 0 {
		rate = float64(sum.Articles) / s
	}
	fmt.Fprintf(w, "articles   %d (%d new, %d updated, %d unchanged) in %s, %.0f/s\n",
		sum.Articles, sum.Added, sum.Updated, sum.Unchanged, sum.Elapsed.Round(time.Millisecond), rate)
	fmt.Fprintf(w, "extracted  %d entities, %d relations\n", sum.Entities, sum.Relations)
	fmt.Fprintf(w, "quads      %d added, %d removed (%s store)\n", sum.Quads, sum.Removed, backend)
	fmt.Fprintf(w, "skipped    %d\n", len(sum.Skipped))
	for _, s := range sum.Skipped {
		where := s.Path
		if s.Line > 0 {
			where = fmt.Sprintf("%s:%d", s.Path, s.Line)
		}
		fmt.Fprintf(w, "  %s: %s\n", where, s.Reason)
	}
	return nil
}
