package synth

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// newGen builds a generator or fails the test.
func newGen(tb testing.TB, cfg Config) *Generator {
	tb.Helper()
	g, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func corpus(tb testing.TB, cfg Config) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteJSONL(context.Background(), &buf, cfg); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestDeterminism(t *testing.T) {
	base := corpus(t, Config{Seed: 1, Articles: 300})
	tests := []struct {
		name string
		cfg  Config
		same bool
	}{
		{"same seed", Config{Seed: 1, Articles: 300}, true},
		{"other seed", Config{Seed: 2, Articles: 300}, false},
		{"negative seed", Config{Seed: -1, Articles: 300}, false},
		{"clean", Config{Seed: 1, Articles: 300, Clean: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := corpus(t, tt.cfg)
			if same := bytes.Equal(got, base); same != tt.same {
				t.Errorf("output equal to seed 1's: %v, want %v", same, tt.same)
			}
		})
	}
}

// TestArticleIndependence checks that an article does not depend on the
// ones generated before it, so corpora can be generated in parallel or
// resumed.
func TestArticleIndependence(t *testing.T) {
	g1 := newGen(t, Config{Seed: 7})
	g2 := newGen(t, Config{Seed: 7})
	var seq []Article
	for range 50 {
		seq = append(seq, g1.Next())
	}
	for _, i := range []int{49, 0, 17, 3} {
		if got := g2.Article(i); got.Text != seq[i].Text || got.ID != seq[i].ID {
			t.Errorf("Article(%d) differs from the %dth Next()", i, i)
		}
	}
}

// TestConcurrentArticles checks that Article may be called from several
// goroutines and gives the same articles as a sequential run.
func TestConcurrentArticles(t *testing.T) {
	const n, workers = 400, 4
	g := newGen(t, Config{Seed: 5})
	got := make([]string, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				got[i] = g.Article(i).Text
			}
		})
	}
	wg.Wait()
	for i := range n {
		if want := g.Article(i).Text; got[i] != want {
			t.Fatalf("article %d differs when generated concurrently", i)
		}
	}
}

func TestRecords(t *testing.T) {
	data := corpus(t, Config{Seed: 1, Articles: 500})
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	if len(lines) != 500 {
		t.Fatalf("got %d lines, want 500", len(lines))
	}
	g := newGen(t, Config{Seed: 1, Articles: 500})
	i := 0
	for want := range g.All() {
		line := lines[i]
		i++
		if !utf8.Valid(line) {
			t.Fatalf("line %d is not valid UTF-8", i)
		}
		var got Article
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if record(got) != record(want) {
			t.Fatalf("line %d does not round-trip: got %q", i, record(got))
		}
		// A record written again is the same bytes.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), line) {
			t.Fatalf("line %d re-encodes differently", i)
		}
		checkArticle(t, i-1, got)
	}
}

// record is the part of an Article written out.
func record(a Article) [5]string { return [5]string{a.ID, a.URL, a.Title, a.Published, a.Text} }

// checkArticle checks the fields of article i.
func checkArticle(t *testing.T, i int, a Article) {
	t.Helper()
	wantID := "synth-" + pad6(i+1)
	switch {
	case a.ID != wantID:
		t.Errorf("article %d: ID %q, want %q", i, a.ID, wantID)
	case a.URL != "https://example.org/news/"+wantID+".html":
		t.Errorf("article %d: URL %q", i, a.URL)
	case a.Title == "" || strings.ContainsAny(a.Title, "\n{}"):
		t.Errorf("article %d: bad title %q", i, a.Title)
	case len(a.Published) != 10 || a.Published[4] != '-':
		t.Errorf("article %d: published %q is not YYYY-MM-DD", i, a.Published)
	case strings.ContainsAny(a.Text, "{}") || !utf8.ValidString(a.Text):
		t.Errorf("article %d: text has an unfilled slot or bad UTF-8", i)
	}
}

func TestIDs(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "000001"}, {42, "000042"}, {100000, "100000"}, {1234567, "1234567"},
	}
	for _, tt := range tests {
		if got := pad6(tt.n); got != tt.want {
			t.Errorf("pad6(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestSizes(t *testing.T) {
	g := newGen(t, Config{Seed: 1, Articles: 2000})
	var sizes []int
	for a := range g.All() {
		sizes = append(sizes, len(a.Text))
	}
	slices.Sort(sizes)
	median, p90, largest := sizes[len(sizes)/2], sizes[len(sizes)*9/10], sizes[len(sizes)-1]
	t.Logf("bytes: min %d, median %d, p90 %d, max %d", sizes[0], median, p90, largest)
	checks := []struct {
		name     string
		got      int
		min, max int
	}{
		{"median", median, 1500, 2500},
		{"p90", p90, 3000, 6000},
		{"max", largest, 6000, 14000},
		{"min", sizes[0], 300, 1000},
	}
	for _, c := range checks {
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s size %d bytes, want %d to %d", c.name, c.got, c.min, c.max)
		}
	}
}

func TestKinds(t *testing.T) {
	g := newGen(t, Config{Seed: 1, Articles: 2000})
	count := map[string]int{}
	for a := range g.All() {
		count[a.Truth.Kind]++
		if a.Truth.Relays() != (a.Truth.Congress != "") {
			t.Errorf("%s: kind %s with congress %q", a.ID, a.Truth.Kind, a.Truth.Congress)
		}
		if len(a.Truth.Bodies) == 0 {
			t.Errorf("%s: no body", a.ID)
		}
		for _, b := range a.Truth.Bodies {
			if !strings.Contains(a.Text, strings.TrimSuffix(strings.TrimSuffix(b, "总工会"), "工会")) {
				t.Errorf("%s: body %s not in the text", a.ID, b)
			}
		}
		if a.Truth.Kind == KindNotice && !strings.HasPrefix(a.Text, "关于") {
			t.Errorf("%s: notice does not open with its title", a.ID)
		}
	}
	for _, k := range []string{KindRelay, KindNotice, KindNoticeNews, KindRoundup, KindActivity} {
		if count[k] < 40 {
			t.Errorf("%d articles of kind %s in 2000, want at least 40", count[k], k)
		}
	}
	if count[KindRelay] < 1000 {
		t.Errorf("%d relay reports in 2000, want most", count[KindRelay])
	}
}

// TestEntityReuse checks that bodies recur by a Zipf-like law: far fewer
// distinct bodies than articles, a head of bodies in many articles, and
// officials that keep their name and title across articles.
func TestEntityReuse(t *testing.T) {
	const n = 20000
	g := newGen(t, Config{Seed: 1, Articles: n})
	freq := map[string]int{}
	// who holds each title of each body, by year, to check rosters persist.
	holders := map[[3]string]map[string]bool{}
	for a := range g.All() {
		for _, b := range a.Truth.Bodies {
			freq[b]++
		}
		for _, p := range a.Truth.Persons {
			k := [3]string{p.Body, p.Title, a.Published[:4]}
			if holders[k] == nil {
				holders[k] = map[string]bool{}
			}
			holders[k][p.Name] = true
		}
	}
	counts := make([]int, 0, len(freq))
	for _, c := range freq {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top10 := 0
	for _, c := range counts[:10] {
		top10 += c
	}
	t.Logf("%d distinct bodies in %d articles; top body in %d, top 10 in %d", len(freq), n, counts[0], top10)
	if len(freq) > n/4 {
		t.Errorf("%d distinct bodies in %d articles, want far fewer", len(freq), n)
	}
	if len(freq) < 1000 {
		t.Errorf("only %d distinct bodies in %d articles", len(freq), n)
	}
	if counts[0] < n/100 || top10 < n/20 {
		t.Errorf("top body in %d articles, top 10 in %d: no popular head", counts[0], top10)
	}
	// A title held by one person per body and year, except where the roster
	// changed that year or the title is shared (several vice-chairs).
	single, multi := 0, 0
	for k, names := range holders {
		if strings.Contains(k[1], "副主席") && !strings.Contains(k[1], "常务") {
			continue
		}
		if len(names) == 1 {
			single++
		} else {
			multi++
		}
	}
	if multi*5 > single {
		t.Errorf("a single-holder title has several holders within a year %d times, one holder %d times", multi, single)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{{Articles: -1}, {Exponent: -1}} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", cfg)
		}
	}
}

func TestWriteJSONLCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if err := WriteJSONL(ctx, &buf, Config{Seed: 1, Articles: 10}); err == nil {
		t.Error("WriteJSONL with a cancelled context succeeded")
	}
}

func TestStats(t *testing.T) {
	g := newGen(t, Config{Seed: 1, Articles: 200})
	var buf bytes.Buffer
	st, err := g.WriteJSONL(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 200 || st.Bytes != int64(buf.Len()) || st.Bodies == 0 || st.Persons == 0 {
		t.Errorf("stats %+v for 200 articles of %d bytes", st, buf.Len())
	}
}

func TestChineseNumber(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "一"}, {9, "九"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {35, "三十五"},
	}
	for _, tt := range tests {
		if got := chineseNumber(tt.n); got != tt.want {
			t.Errorf("chineseNumber(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	g := newGen(b, Config{Seed: 1})
	var n int64
	i := 0
	for b.Loop() {
		n += int64(len(g.Article(i).Text))
		i++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds()/1e6, "MB/s")
}

func BenchmarkWriteJSONL(b *testing.B) {
	cfg := Config{Seed: 1, Articles: 1000}
	g := newGen(b, cfg)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if _, err := g.WriteJSONL(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
