// Command kg builds a knowledge graph of Chinese trade-union news: it
// extracts bodies, officials, congresses, relay meetings, documents and
// slogans from articles, and stores and serves them.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status. (A write
// past the file-size limit, RLIMIT_FSIZE, fails with EFBIG and is reported
// like a full disk: the Go runtime catches SIGXFSZ and does not die of it.)
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := &cobra.Command{
		Use:           "kg",
		Short:         "Knowledge graph of Chinese trade-union news",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	var verbose bool
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "log debug messages")
	root.PersistentPreRun = func(*cobra.Command, []string) {
		level := slog.LevelInfo
		if verbose {
			level = slog.LevelDebug
		}
		slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))
	}
	root.AddCommand(newExtractCmd(), newIngestCmd(), newDeleteCmd(), newExportCmd(), newStatsCmd(), newCompactCmd(), newReindexCmd(), newServeCmd())
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "kg:", err)
		return 1
	}
	return 0
}
