// Package synth generates a synthetic corpus of Chinese trade-union news for
// benchmarks: reports of union bodies relaying the spirit of congresses
// (传达学习…精神), notices, roundups and a share of articles about other
// union activities.
//
// The corpus is built from the project's own data: union bodies at every
// level of the gazetteer plus industry unions, congresses from the calendar,
// and the lexicons of meeting kinds, relay verbs, surnames, slogans and
// figurative words. Bodies recur by a Zipf-like law, each with a roster of
// officials that persists across articles and changes now and then, so that
// a large corpus has the entity reuse of a real one. Sentences come from the
// templates in templates.txt.
//
// Generation is deterministic: the same Config gives the same articles, byte
// for byte, whatever order or concurrency they are generated in.
package synth

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/gazetteer"
)

//go:embed templates.txt
var templatesText string

//go:embed givennames.txt
var givenNamesText string

// givenNames returns the characters of givennames.txt.
func givenNames() string {
	var sb strings.Builder
	for line := range strings.Lines(givenNamesText) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sb.WriteString(strings.Join(strings.Fields(line), ""))
	}
	return sb.String()
}

// Config describes a synthetic corpus.
type Config struct {
	// Seed selects the corpus.
	Seed int64
	// Articles is the number of articles All and WriteJSONL produce.
	Articles int
	// Exponent is the exponent of the Zipf law by which bodies recur: the
	// body of popularity rank k (0 for the most popular) appears in
	// proportion to (k+4)^-Exponent. Zero means 1.
	Exponent float64
	// Clean leaves out the damaged copies (full-width punctuation turned
	// half-width) otherwise mixed in at one article in ten.
	Clean bool
}

func (c Config) exponent() float64 {
	if c.Exponent == 0 {
		return 1
	}
	return c.Exponent
}

// Article kinds, as recorded in Truth.Kind.
const (
	KindRelay      = "relay"       // a report of one body's relay meeting
	KindNotice     = "notice"      // a body's notice on relaying a congress, in full
	KindNoticeNews = "notice-news" // a report that a body has issued such a notice
	KindRoundup    = "roundup"     // several bodies' relay meetings, a section each
	KindActivity   = "activity"    // a union activity; relays nothing
)

// Article is one generated article, shaped as a JSON Lines record.
type Article struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"` // YYYY-MM-DD
	Text      string `json:"text"`
	// Truth is what the generator put into the article, for checking an
	// extractor against; it is not part of the record.
	Truth Truth `json:"-"`
}

// Truth records the facts an article was generated from.
type Truth struct {
	// Kind is one of the Kind constants.
	Kind string
	// Congress is the calendar ID of the congress relayed; "" for an
	// activity.
	Congress string
	// Bodies are the canonical names of the bodies that relay the congress
	// (or, for an activity, act), in the order of the text.
	Bodies []string
	// Persons are the officials named with their titles.
	Persons []Person
}

// Relays reports whether the article relays a congress.
func (t Truth) Relays() bool { return t.Kind != KindActivity && t.Kind != "" }

// Person is an official as a generated article names them.
type Person struct {
	Name  string
	Title string // titles held in Body: 党组书记、常务副主席
	Body  string
}

// lexicons are the project's word lists the generator draws on.
type lexicons struct {
	surnames, slogans, figurative, meetingKinds, relayVerbs, unionHeads []string
}

func loadLexicons() (lexicons, error) {
	var l lexicons
	for _, x := range []struct {
		name string
		dst  *[]string
	}{
		{"surnames", &l.surnames}, {"slogans", &l.slogans}, {"figurative", &l.figurative},
		{"meeting_kinds", &l.meetingKinds}, {"relay_verbs", &l.relayVerbs}, {"union_heads", &l.unionHeads},
	} {
		words, err := data.Lexicon(x.name)
		if err != nil {
			return l, err
		}
		*x.dst = words
	}
	return l, nil
}

// Generator produces the articles of a corpus. Article and All may be called
// concurrently; Next may not.
type Generator struct {
	cfg  Config
	w    *world
	next int
}

// New builds the world of the corpus cfg describes — its bodies, their
// rosters, the congress calendar — from the project's embedded data.
func New(cfg Config) (*Generator, error) {
	if cfg.Articles < 0 {
		return nil, fmt.Errorf("synth: negative number of articles %d", cfg.Articles)
	}
	if cfg.Exponent < 0 {
		return nil, fmt.Errorf("synth: negative exponent %g", cfg.Exponent)
	}
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	cal, err := calendar.Load(data.Congresses())
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	lex, err := loadLexicons()
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	w, err := buildWorld(cfg, gaz, cal, lex)
	if err != nil {
		return nil, err
	}
	return &Generator{cfg: cfg, w: w}, nil
}

// Article returns article i (counting from 0) of the corpus. Each article
// has its own random stream, so article i is the same however many articles
// are generated and in whatever order.
func (g *Generator) Article(i int) Article {
	r := rand.New(rand.NewPCG(mix(uint64(g.cfg.Seed)), mix(uint64(i)^0xa5a5_0000_0000)))
	c := composer{w: g.w, r: r}
	title, text, published := c.compose()
	if !g.cfg.Clean && r.Float64() < 0.1 {
		text = damage(text)
	}
	id := "synth-" + pad6(i+1)
	return Article{
		ID:        id,
		URL:       "https://example.org/news/" + id + ".html",
		Title:     title,
		Published: published.Format(time.DateOnly),
		Text:      text,
		Truth:     c.truth,
	}
}

// pad6 writes n with at least six digits.
func pad6(n int) string {
	s := strconv.Itoa(n)
	if len(s) < 6 {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return s
}

// Next returns the next article: article 0 on the first call, then 1, 2…
// It does not stop at Config.Articles.
func (g *Generator) Next() Article {
	a := g.Article(g.next)
	g.next++
	return a
}

// All yields the Config.Articles articles of the corpus in order.
func (g *Generator) All() iter.Seq[Article] {
	return func(yield func(Article) bool) {
		for i := range g.cfg.Articles {
			if !yield(g.Article(i)) {
				return
			}
		}
	}
}

// Stats summarises a written corpus.
type Stats struct {
	Articles int
	Bytes    int64 // of JSON Lines written
	// Bodies and Persons count the distinct bodies and officials (name,
	// title and body) the articles name.
	Bodies, Persons int
}

// WriteJSONL writes the corpus as JSON Lines, one Article a line, and
// returns a summary. It stops early if ctx is cancelled.
func (g *Generator) WriteJSONL(ctx context.Context, w io.Writer) (Stats, error) {
	var st Stats
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // the record's text as written, not \u003c
	bodies := map[string]bool{}
	persons := map[Person]bool{}
	for a := range g.All() {
		if st.Articles%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		if err := enc.Encode(&a); err != nil {
			return st, err
		}
		st.Articles++
		for _, b := range a.Truth.Bodies {
			bodies[b] = true
		}
		for _, p := range a.Truth.Persons {
			persons[p] = true
		}
	}
	err := bw.Flush()
	st.Bytes, st.Bodies, st.Persons = cw.n, len(bodies), len(persons)
	return st, err
}

// WriteJSONL writes the corpus cfg describes to w as JSON Lines.
func WriteJSONL(ctx context.Context, w io.Writer, cfg Config) error {
	g, err := New(cfg)
	if err != nil {
		return err
	}
	_, err = g.WriteJSONL(ctx, w)
	return err
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
