package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/export"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/store"
)

// defaultDB is where the graph lives when neither --db nor KG_DB says.
const defaultDB = "kg.db"

// storeFlags are the flags of every command that opens the store.
type storeFlags struct {
	db    string
	bloom bool
	// readOnly opens the store for reading: commands that only read set
	// it, so that they work on a store they may not write, and beside
	// other readers.
	readOnly bool
	// bulk marks a command that writes many articles in one run (kg
	// ingest): it hands bolt's mapped pages back after each batch, so its
	// memory does not grow with the store.
	bulk bool
	// readModel keeps the read model (kg serve): the quads in memory,
	// indexed for the REST routes and kept current by every write.
	readModel bool
}

func (f *storeFlags) register(cmd *cobra.Command) {
	def := os.Getenv("KG_DB")
	if def == "" {
		def = defaultDB
	}
	cmd.Flags().StringVar(&f.db, "db", def, "graph store: a bolt directory, memory, postgres://… or cockroach://… (env KG_DB)")
	cmd.Flags().BoolVar(&f.bloom, "bloom", false, "keep bolt's bloom filters (~150 MiB) to speed up bulk loads")
}

func (f *storeFlags) open(ctx context.Context) (*store.Store, error) {
	st, err := store.Open(ctx, f.db, store.Options{Bloom: f.bloom, ReadOnly: f.readOnly, ReleaseMap: f.bulk, ReadModel: f.readModel})
	if err != nil {
		return nil, explainStoreError(err)
	}
	return st, nil
}

// explainStoreError adds to an error opening a store what the user can do
// about it.
func explainStoreError(err error) error {
	switch {
	case errors.Is(err, store.ErrReadOnly):
		return fmt.Errorf("%w\n(commands that only read work on it: kg stats, kg export, kg serve --read-only)", err)
	case errors.Is(err, store.ErrLocked):
		return fmt.Errorf("%w\n(bolt lets one process write a store, or several read it; while kg serve runs, write and read through its API)", err)
	}
	return err
}

func newBuilder() (*graph.Builder, error) {
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		return nil, fmt.Errorf("load gazetteer: %w", err)
	}
	return graph.NewBuilder(gaz), nil
}

func newDeleteCmd() *cobra.Command {
	var sf storeFlags
	cmd := &cobra.Command{
		Use:   "delete ARTICLE...",
		Short: "Remove articles and every fact that came from them",
		Long: `Delete removes exactly the quads labelled with each article, and with them
every node no other article names. An unknown article is reported; the
others are still deleted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := sf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			return runDelete(cmd.Context(), st, cmd.OutOrStdout(), cmd.ErrOrStderr(), args)
		},
	}
	sf.register(cmd)
	return cmd
}

func runDelete(ctx context.Context, st *store.Store, stdout, stderr io.Writer, ids []string) error {
	failed := false
	for _, id := range ids {
		if err := graph.CheckArticleID(id); err != nil {
			fmt.Fprintln(stderr, "kg delete:", err)
			failed = true
			continue
		}
		n, err := st.Delete(ctx, id)
		if err != nil && st.Writable() != nil {
			// The store takes no more writes: the rest would fail alike.
			return err
		}
		if err != nil {
			fmt.Fprintln(stderr, "kg delete:", err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "deleted %s: %d quads\n", id, n)
	}
	if failed {
		return errors.New("some articles could not be deleted")
	}
	return nil
}

func newExportCmd() *cobra.Command {
	sf := storeFlags{readOnly: true}
	var format, output string
	cmd := &cobra.Command{
		Use:   "export [--format nquads|jsonld|graphml|gexf|csv] [-o FILE]",
		Short: "Write the whole graph in an interchange format",
		Long: `Export writes the graph: N-Quads keeps every quad with its article label;
JSON-LD has one named graph per article; GraphML and GEXF (for Gephi) have
node types as attributes and one edge per (subject, predicate, object) with
the number of articles supporting it; CSV is that edge list.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := sf.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			w := cmd.OutOrStdout()
			if output != "" && output != "-" {
				f, err := os.Create(output)
				if err != nil {
					return fmt.Errorf("export: %w", err)
				}
				defer f.Close()
				w = f
			}
			if err := export.Write(ctx, w, format, st.Quads(ctx)); err != nil {
				return err
			}
			if f, ok := w.(*os.File); ok && output != "" && output != "-" {
				if err := f.Close(); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVar(&format, "format", "nquads", "nquads, jsonld, graphml, gexf or csv")
	cmd.Flags().StringVarP(&output, "output", "o", "", "file to write (default standard output)")
	return cmd
}

func newStatsCmd() *cobra.Command {
	sf := storeFlags{readOnly: true}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Print the size of the graph",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := sf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.Stats(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backend %s: %d nodes, %d quads\n", st.Backend(), s.Nodes, s.Quads)
			return nil
		},
	}
	sf.register(cmd)
	return cmd
}

func newCompactCmd() *cobra.Command {
	sf := storeFlags{}
	quiet := false
	cmd := &cobra.Command{
		Use:   "compact",
		Short: "Rewrite a bolt store without its empty space",
		Long: `Compact rewrites a bolt store into a new file with full pages and puts it
in place of the old one. Bolt leaves the pages it appends to half full, so a
store written article by article is about half empty space; compact keeps
every quad and article and nothing else.

The store must not be in use (stop kg serve first). An interrupted compact
leaves the store as it was.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			backend, dir := store.ParseDSN(sf.db)
			if backend != store.BackendBolt {
				return fmt.Errorf("compact: %s is a %s store; only bolt stores are compacted", sf.db, backend)
			}
			stderr := cmd.ErrOrStderr()
			var progress func(int64)
			if file, ok := stderr.(*os.File); ok && !quiet && term.IsTerminal(int(file.Fd())) {
				bar := progressbar.NewOptions64(-1,
					progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("compacting"),
					progressbar.OptionShowBytes(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
				defer bar.Finish()
				progress = func(n int64) { bar.Set64(n) }
			}
			s, err := store.Compact(cmd.Context(), dir, 0, progress)
			if err != nil {
				return explainStoreError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "compacted %s: %d keys, %.1f MB -> %.1f MB (%.0f%%)\n",
				dir, s.Keys, float64(s.Before)/1e6, float64(s.After)/1e6, 100*float64(s.After)/float64(max(s.Before, 1)))
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func newReindexCmd() *cobra.Command {
	sf := storeFlags{readModel: true}
	quiet := false
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the read model's snapshot from the quads",
		Long: `Reindex builds the read model (the quads indexed as the REST routes read
them) afresh from the store's quads and saves its snapshot, which kg serve
loads at start instead of reading every quad.

kg serve keeps the snapshot current by itself: it saves one after building
the model and at shutdown, and every write records its article in a journal
that the next start re-reads. Run reindex after an upgrade, or after the
store was written by another tool (Cayley's own loader), which keeps no
journal. Only bolt and PostgreSQL stores keep a snapshot. The store must
not be in use (stop kg serve first).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if backend, _ := store.ParseDSN(sf.db); backend != store.BackendBolt && backend != store.BackendPostgres {
				return fmt.Errorf("reindex: %s is a %s store; only bolt and PostgreSQL stores keep a read-model snapshot (kg serve builds the model from the quads of other stores at each start)", sf.db, backend)
			}
			st, err := sf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			return runReindex(cmd.Context(), st, cmd.OutOrStdout(), cmd.ErrOrStderr(), quiet)
		},
	}
	sf.register(cmd)
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func runReindex(ctx context.Context, st *store.Store, stdout, stderr io.Writer, quiet bool) error {
	var progress func(done, total int)
	if bar := articleBar(stderr, "reading articles", quiet); bar != nil {
		defer bar.Finish()
		progress = func(done, total int) {
			bar.ChangeMax(total)
			bar.Set(done)
		}
	}
	start := time.Now()
	if err := st.BuildReadModel(ctx, progress); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	built := time.Since(start)
	if err := st.SaveReadModel(ctx); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	nodes, quads := st.ReadModel().Size()
	fmt.Fprintf(stdout, "reindexed: %d articles, %d nodes, %d quads; built in %s, saved in %s\n",
		st.ReadModel().Labels(), nodes, quads, built.Round(time.Millisecond), (time.Since(start) - built).Round(time.Millisecond))
	return nil
}

// articleBar returns a bar counting articles on stderr, or nil when stderr
// is not a terminal or quiet is set.
func articleBar(stderr io.Writer, desc string, quiet bool) *progressbar.ProgressBar {
	file, ok := stderr.(*os.File)
	if !ok || quiet || !term.IsTerminal(int(file.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("articles"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
