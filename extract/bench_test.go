package extract_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-ego/gse"

	"github.com/unionkg/kg/extract"
)

// corpus returns the project's test articles, the realistic sample the
// benchmarks run over.
func corpus(b *testing.B) []string {
	b.Helper()
	files, _ := filepath.Glob("../data/sample/*.txt")
	var out []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(t))
	}
	if len(out) == 0 {
		b.Fatal("no articles")
	}
	return out
}

// setup builds the extractor and loads the corpus outside the timed part.
func setup(b *testing.B) (*extract.Extractor, []string) {
	b.Helper()
	x, err := extract.New(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	texts := corpus(b)
	b.SetBytes(size(texts))
	b.ResetTimer()
	return x, texts
}

// reportCPU starts measuring CPU time; the function it returns reports the
// throughput per CPU second (cpu-MB/s) beside the wall-clock MB/s.
func reportCPU(b *testing.B, bytes int64) func() {
	start := cpuTime()
	return func() {
		if used := cpuTime() - start; used > 0 {
			b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "cpu-MB/s")
		}
	}
}

func size(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

// BenchmarkExtract measures end-to-end extraction throughput (MB/s) on one
// goroutine; compare with BenchmarkGsePos, gse's own tagging of the same
// text in the same run.
func BenchmarkExtract(b *testing.B) {
	x, texts := setup(b)
	defer reportCPU(b, size(texts))()
	for b.Loop() {
		for _, t := range texts {
			if _, err := x.Extract(context.Background(), extract.Input{Text: t}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractParallel is BenchmarkExtract on all cores (-cpu 1,2 shows
// the scaling).
func BenchmarkExtractParallel(b *testing.B) {
	x, texts := setup(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, t := range texts {
				if _, err := x.Extract(context.Background(), extract.Input{Text: t}); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
}

// BenchmarkGsePos is the reference: gse's Pos over the same text, with the
// same embedded dictionary.
func BenchmarkGsePos(b *testing.B) {
	var seg gse.Segmenter
	seg.SkipLog = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		b.Fatal(err)
	}
	texts := corpus(b)
	b.SetBytes(size(texts))
	b.ResetTimer()
	defer reportCPU(b, size(texts))()
	for b.Loop() {
		for _, t := range texts {
			_ = seg.Pos(strings.TrimSpace(t), false)
		}
	}
}

// BenchmarkNew measures start-up: loading every dictionary and table.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := extract.New(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
