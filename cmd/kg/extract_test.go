package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunExtract(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(good, []byte("7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "b.txt")
	if err := os.WriteFile(empty, []byte("  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(dir, "c.txt")
	if err := os.WriteFile(binary, []byte{0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02}, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		format    string
		args      []string
		wantErr   bool
		wantLines int    // JSON lines on stdout (jsonl)
		wantOut   string // substring of stdout
		wantStder string // substring of stderr
	}{
		{name: "one file is one object", args: []string{good}, wantOut: `"predicate": "relayed"`},
		{name: "directory is JSON Lines, bad files reported and skipped", args: []string{dir}, wantErr: true, wantLines: 1, wantStder: "b.txt: article has no text"},
		{name: "binary file reported", args: []string{binary, good}, wantErr: true, wantLines: 1, wantStder: "binary"},
		{name: "missing file reported", args: []string{filepath.Join(dir, "nope.txt"), good}, wantErr: true, wantLines: 1, wantStder: "nope.txt"},
		{name: "n-quads labelled with the article", format: "nquads", args: []string{good}, wantOut: "<kg:relayed> <kg:congress:党的二十届三中全会> <kg:article:a> ."},
		{name: "unknown format", format: "xml", args: []string{good}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runExtract(context.Background(), &out, &errOut, tt.format, "", tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v (stderr %s)", err, tt.wantErr, errOut.String())
			}
			if tt.wantOut != "" && !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantOut, out.String())
			}
			if tt.wantStder != "" && !strings.Contains(errOut.String(), tt.wantStder) {
				t.Errorf("stderr lacks %q: %s", tt.wantStder, errOut.String())
			}
			if tt.wantLines > 0 {
				lines := strings.Split(strings.TrimSpace(out.String()), "\n")
				if len(lines) != tt.wantLines {
					t.Fatalf("got %d lines, want %d", len(lines), tt.wantLines)
				}
				for _, l := range lines {
					var v map[string]any
					if err := json.Unmarshal([]byte(l), &v); err != nil {
						t.Errorf("line is not JSON: %v", err)
					}
				}
			}
		})
	}
}
