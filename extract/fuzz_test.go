package extract_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/unionkg/kg/extract"
)

// FuzzExtract feeds the extractor arbitrary text, seeded with the shared
// dev articles and the project's own: it must not panic or hang, and every
// span it reports must lie inside the text and say what the text says.
func FuzzExtract(f *testing.F) {
	for _, pattern := range []string{"../data/sample/*.txt", "../../shared/corpus/dev/*"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	for _, s := range []string{"", "會(huì)議", "20201124日至26日", "市总工会“四个意识", "（", "\x00\xff"} {
		f.Add(s)
	}
	x, err := extract.New(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return // articles, not books: keep each run short
		}
		checkSpans(t, x, text)
	})
}

// TestMutatedArticles runs the extractor on the sample articles damaged
// in seeded random ways (bytes changed, cut, spliced from other articles,
// repeated), with a watchdog: go test -fuzz instruments gse's dictionary
// code so heavily that the fuzzer above makes little progress in CI's
// time, so this is the bounded check CI relies on.
func TestMutatedArticles(t *testing.T) {
	x, err := extract.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../data/sample/*.txt")
	var seeds [][]byte
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 600
	if testing.Short() {
		n = 100
	}
	for i := range n {
		b := mutate(rng, seeds)
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkSpans(t, x, string(b))
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("input %d (%d bytes) takes over 10 s: %q", i, len(b), b)
		}
	}
}

func mutate(rng *rand.Rand, seeds [][]byte) []byte {
	b := append([]byte(nil), seeds[rng.IntN(len(seeds))]...)
	for range 1 + rng.IntN(8) {
		p := rng.IntN(len(b))
		switch rng.IntN(4) {
		case 0: // change a byte: broken UTF-8 included
			b[p] = byte(rng.IntN(256))
		case 1: // cut
			b = append(b[:p], b[min(len(b), p+rng.IntN(50)):]...)
		case 2: // splice a piece of another article
			o := seeds[rng.IntN(len(seeds))]
			s := rng.IntN(len(o))
			piece := o[s:min(len(o), s+rng.IntN(200))]
			b = append(b[:p], append(append([]byte(nil), piece...), b[p:]...)...)
		case 3: // repeat
			e := min(len(b), p+rng.IntN(20))
			b = append(b[:e], append(append([]byte(nil), b[p:e]...), b[e:]...)...)
		}
		if len(b) == 0 {
			b = []byte("x")
		}
	}
	return b
}

// checkSpans extracts text and checks every span it reports.
func checkSpans(t *testing.T, x *extract.Extractor, text string) {
	t.Helper()
	ex, err := x.Extract(context.Background(), extract.Input{ID: "fuzz", Text: text})
	if err != nil {
		return // empty text is an error, not a crash
	}
	{
		runes := []rune(text)
		check := func(what string, s extract.Span) {
			if s.Start < 0 || s.End < s.Start || s.End > len(runes) {
				t.Errorf("%s span %d-%d outside the text (%d runes)", what, s.Start, s.End, len(runes))
			}
			if s.Text != "" && utf8.ValidString(text) && s.Text != string(runes[s.Start:s.End]) {
				t.Errorf("%s span %d-%d says %q, the text %q", what, s.Start, s.End, s.Text, string(runes[s.Start:s.End]))
			}
		}
		for _, e := range ex.Entities {
			for _, m := range e.Mentions {
				check("mention of "+e.ID, m)
			}
		}
		for _, r := range ex.Relations {
			if r.Evidence != nil {
				check("evidence of "+r.Predicate, *r.Evidence)
			}
		}
	}
}
