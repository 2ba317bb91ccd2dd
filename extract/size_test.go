package extract_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unionkg/kg/extract"
)

// bigArticle is one article of at least mb MiB: the sample articles over
// and over, one paragraph after another, so that it names bodies,
// congresses, persons and dates as often as real news does per MB.
func bigArticle(tb testing.TB, mb int) string {
	tb.Helper()
	files, _ := filepath.Glob("../data/sample/*.txt")
	var parts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		parts = append(parts, string(b))
	}
	if len(parts) == 0 {
		tb.Fatal("no sample articles")
	}
	one := strings.Join(parts, "\n")
	var b strings.Builder
	for b.Len() < mb<<20 {
		b.WriteString(one)
		b.WriteString("\n")
	}
	return b.String()
}

// BenchmarkExtractSize shows that extraction is linear in an article's
// size: ms/MB at 1 MB and at 8 MB are about the same (make bench-size).
// It used to grow with the size, the recognisers scanning every mention
// found for each position they looked at: 4 MB took 15 s, 16 MB a minute.
func BenchmarkExtractSize(b *testing.B) {
	x, err := extract.New(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for _, mb := range []int{1, 8} {
		text := bigArticle(b, mb)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := x.Extract(context.Background(), extract.Input{Text: text}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/(float64(len(text))/(1<<20)), "ms/MB")
		})
	}
}

// TestExtractLinear fails if the time per MB of an 8 MB article is more
// than three times that of a 1 MB one (quadratic work would make it eight).
func TestExtractLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts a 1 MB and an 8 MB article")
	}
	x, err := extract.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	perMB := func(mb int) float64 {
		text := bigArticle(t, mb)
		best := time.Duration(0)
		for range 2 {
			start := time.Now()
			if _, err := x.Extract(context.Background(), extract.Input{Text: text}); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); best == 0 || d < best {
				best = d
			}
		}
		return best.Seconds() * 1000 / (float64(len(text)) / (1 << 20))
	}
	small, big := perMB(1), perMB(8)
	t.Logf("%.0f ms/MB at 1 MB, %.0f ms/MB at 8 MB: ratio %.2f", small, big, big/small)
	if big > 3*small {
		t.Errorf("extraction is not linear: %.0f ms/MB at 8 MB, %.0f ms/MB at 1 MB", big, small)
	}
}

// TestExtractStopsWhenCanceled: an extraction of an 8 MB article returns
// the context's error within a second of its end, wherever it is.
func TestExtractStopsWhenCanceled(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts an 8 MB article")
	}
	x, err := extract.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	text := bigArticle(t, 8)
	for _, after := range []time.Duration{100 * time.Millisecond, 700 * time.Millisecond, 1500 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			timer := time.AfterFunc(after, cancel)
			defer timer.Stop()
			start := time.Now()
			_, err := x.Extract(ctx, extract.Input{Text: text})
			late := time.Since(start) - after
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Skipf("finished before the cancel (%v in %s)", err, time.Since(start))
			}
			if late > time.Second {
				t.Errorf("returned %s after the cancel", late)
			}
		})
	}
}
