package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/graph"
)

func newExtractCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "extract [--format json|jsonl|nquads] PATH...",
		Short: "Extract entities and relations from articles and print them",
		Long: `Extract reads articles (UTF-8 text files, or directories of them) and prints
what it finds: one JSON object for a single file (--format json, the default
for one file), JSON Lines for several files or a directory (--format jsonl),
or N-Quads labelled with each article (--format nquads). A file that cannot
be read or is empty is reported on stderr and skipped; the exit status is
then non-zero, but the other files are still extracted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), format, args)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output format: json, jsonl or nquads (default json for one file, jsonl otherwise)")
	return cmd
}

// errSomeFailed reports that some inputs were skipped.
var errSomeFailed = errors.New("some inputs could not be extracted")

func runExtract(ctx context.Context, stdout, stderr io.Writer, format string, args []string) error {
	files, listErrs := listFiles(args)
	for _, err := range listErrs {
		fmt.Fprintln(stderr, "kg extract:", err)
	}
	if format == "" {
		format = "jsonl"
		if len(files) == 1 && len(args) == 1 {
			format = "json"
		}
	}
	if format != "json" && format != "jsonl" && format != "nquads" {
		return fmt.Errorf("unknown format %q (want json, jsonl or nquads)", format)
	}
	x, err := extract.New(ctx)
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
	failed := len(listErrs) > 0
	for _, path := range files {
		ex, err := extractFile(ctx, x, path)
		if err != nil {
			fmt.Fprintln(stderr, "kg extract:", err)
			failed = true
			continue
		}
		switch format {
		case "nquads":
			if err := graph.WriteNQuads(w, graph.Quads(ex)); err != nil {
				return fmt.Errorf("write %s: %w", path, err)
			}
		default:
			if err := enc.Encode(ex); err != nil {
				return fmt.Errorf("write %s: %w", path, err)
			}
		}
	}
	if failed {
		return errSomeFailed
	}
	return nil
}

func extractFile(ctx context.Context, x *extract.Extractor, path string) (*extract.Extraction, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, fmt.Errorf("%s: %w", path, extract.ErrEmpty)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%s: not valid UTF-8 text", path)
	}
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	ex, err := x.Extract(ctx, extract.Input{ID: id, Source: path, Text: string(b)})
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", path, err)
	}
	return ex, nil
}

// listFiles expands directories to the regular files under them, sorted.
func listFiles(args []string) ([]string, []error) {
	var files []string
	var errs []error
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if de.Type().IsRegular() && !strings.HasPrefix(de.Name(), ".") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, errs
}
