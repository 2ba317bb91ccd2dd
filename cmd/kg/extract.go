package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/source"
)

func newExtractCmd() *cobra.Command {
	var format, encoding string
	cmd := &cobra.Command{
		Use:   "extract [--format json|jsonl|nquads] PATH...",
		Short: "Extract entities and relations from articles and print them",
		Long: `Extract reads articles (.txt, .html and .jsonl files, or directories of them;
UTF-8, GBK/GB18030 or Big5) and prints what it finds: one JSON object for a
single text or HTML file (--format json, the default then), JSON Lines
otherwise (--format jsonl), or N-Quads labelled with each article (--format
nquads). A file or line that cannot be read is reported on stderr and
skipped; the exit status is then non-zero, but the rest is still extracted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), format, encoding, args)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output format: json, jsonl or nquads (default json for one file, jsonl otherwise)")
	cmd.Flags().StringVar(&encoding, "encoding", "auto", "input encoding: auto, utf-8, gbk, gb18030 or big5")
	return cmd
}

// errSomeFailed reports that some inputs were skipped.
var errSomeFailed = errors.New("some inputs could not be extracted")

func runExtract(ctx context.Context, stdout, stderr io.Writer, format, encoding string, args []string) error {
	opts := source.Options{Encoding: encoding}
	if err := opts.Validate(); err != nil {
		return err
	}
	if format != "" && format != "json" && format != "jsonl" && format != "nquads" {
		return fmt.Errorf("unknown format %q (want json, jsonl or nquads)", format)
	}
	if format == "" {
		format = "jsonl"
		if len(args) == 1 {
			if st, err := os.Stat(args[0]); err == nil && !st.IsDir() && !isJSONL(args[0]) {
				format = "json"
			}
		}
	}
	x, err := extract.New(ctx)
	if err != nil {
		return err
	}
	b, err := newBuilder()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if format == "json" {
		enc.SetIndent("", "  ")
	}
	failed := false
	for item := range source.Read(ctx, args, opts) {
		if item.Err != nil {
			fmt.Fprintln(stderr, "kg extract:", item.Err)
			failed = true
			continue
		}
		ex, err := x.Extract(ctx, item.Input)
		if err != nil {
			fmt.Fprintf(stderr, "kg extract: %s: %v\n", item.Input.Source, err)
			failed = true
			continue
		}
		switch format {
		case "nquads":
			err = graph.WriteNQuads(w, b.Quads(ex, item.Input.Text))
		default:
			err = enc.Encode(ex)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", item.Input.Source, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed {
		return errSomeFailed
	}
	return nil
}

func isJSONL(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json-lines":
		return true
	}
	return false
}
