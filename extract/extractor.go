// Package extract finds the entities and relations of a Chinese trade-union
// news article: union and other bodies, officials and their positions,
// congresses, relay meetings and notices, documents, slogans and the article's
// own metadata.
//
// Text flows one way: the original is normalised (script, pinyin noise,
// widths) with an offset map back to it; recognisers each find one kind of
// mention in the normalised text; a resolver applies the article's context
// (section headings, the places named, the congress calendar) to short and
// anaphoric forms and missing years; the result is one Extraction per
// article whose evidence spans point into the original text.
package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/go-ego/gse"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/hans"
	"github.com/unionkg/kg/textnorm"
)

// MetaHash is the SHA-256, hex-encoded, of the title, URL and publication
// date given with an article's text, or "" when none is: what besides the
// text changes an extraction (the title, the year of undated meetings)
// or the article's node.
func MetaHash(in Input) string {
	if in.Title == "" && in.URL == "" && in.Published == "" {
		return ""
	}
	h := sha256.New()
	for _, f := range []string{in.Title, in.URL, in.Published} {
		// Lengths first: no two triples hash alike.
		fmt.Fprintf(h, "%d:%s", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Version is the extractor version recorded with every extraction, so that
// stored facts can be traced to the rules that produced them, and so that
// ingesting an unchanged article again re-reads it when the rules have
// changed. Raise it with every change to the rules or the lexicons that
// changes what is extracted.
const Version = "0.7.0"

// Extractor extracts facts from articles. It is safe for concurrent use.
type Extractor struct {
	norm   *textnorm.Normalizer
	conv   *hans.Converter
	seg    *gse.Segmenter
	gaz    *gazetteer.Gazetteer
	places *placeIndex
	cal    *calendar.Calendar
	calIdx *calendarIndex
	// calIDs are the anchor set's word ids of calIdx.names.
	calIDs []int
	lex    *lexicons
	// anchors finds the literals of every pattern in one pass per article.
	anchors *anchorSet
}

// New loads the dictionaries, gazetteer, calendar and lexicons from embedded
// data. The segmenter's dictionary, the slowest part, loads concurrently with
// the rest.
func New(ctx context.Context) (*Extractor, error) {
	x := &Extractor{}
	var (
		wg     sync.WaitGroup
		segErr error
		seg    gse.Segmenter
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		seg, segErr = newSegmenter()
	}()
	err := func() error {
		conv, err := hans.NewT2S(data.OpenCC())
		if err != nil {
			return err
		}
		x.conv = conv
		x.norm = textnorm.New(conv)
		if x.gaz, err = gazetteer.Load(data.Divisions()); err != nil {
			return err
		}
		x.places = newPlaceIndex(x.gaz)
		if x.cal, err = calendar.Load(data.Congresses()); err != nil {
			return err
		}
		x.calIdx = newCalendarIndex(x.cal)
		ps := patterns()
		names := make([]string, 0, len(ps))
		for name := range ps {
			names = append(names, name)
		}
		sort.Strings(names) // the same set in every run
		list := make([]*pattern, len(names))
		for k, name := range names {
			list[k] = ps[name]
		}
		if x.lex, err = loadLexicons(); err != nil {
			return err
		}
		x.anchors = newAnchorSet(list, slices.Concat(x.calIdx.names, x.lex.scanned()))
		x.calIDs = x.anchors.wordIDs(x.calIdx.names)
		return ctx.Err()
	}()
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("extractor: %w", err)
	}
	if segErr != nil {
		return nil, fmt.Errorf("extractor: load segmenter: %w", segErr)
	}
	x.seg = &seg
	return x, nil
}

// newSegmenter loads gse's Simplified dictionary from the data embedded in
// the gse module, plus the project's own words so that titles and union
// terms segment as units.
func newSegmenter() (gse.Segmenter, error) {
	var seg gse.Segmenter
	seg.SkipLog = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return seg, err
	}
	return seg, nil
}

// Input is one article to extract from.
type Input struct {
	// ID identifies the article; when empty, the hash of its text is used.
	ID string
	// Source is the file path or other origin.
	Source string
	URL    string
	// Title and Published, when known from outside the text (a JSONL
	// record, HTML metadata), take precedence over what the text says.
	Title     string
	Published string
	// Text is the article's text, UTF-8.
	Text string
}

// ErrEmpty is returned for an article with no text.
var ErrEmpty = errors.New("article has no text")

// MaxText bounds the size of an article's text in bytes: offsets into its
// normalised form, which may be three times longer (invalid bytes become
// U+FFFD), are kept in 32 bits.
const MaxText = 256 << 20

// ErrTooLong is returned for a text longer than MaxText.
var ErrTooLong = fmt.Errorf("article longer than %d bytes", MaxText)

// Extract extracts the facts of one article.
func (x *Extractor) Extract(ctx context.Context, in Input) (*Extraction, error) {
	if strings.TrimSpace(in.Text) == "" {
		return nil, ErrEmpty
	}
	if len(in.Text) > MaxText {
		return nil, ErrTooLong
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(in.Text))
	txt, err := x.normalize(ctx, in.Text)
	if err != nil {
		return nil, err
	}
	d := newDocState(ctx, x, in, txt)
	d.doc.Hash = hex.EncodeToString(sum[:])
	d.doc.MetaHash = MetaHash(in)
	if d.doc.ID == "" {
		d.doc.ID = d.doc.Hash[:16]
	}
	d.run()
	if d.done() {
		return nil, ctx.Err()
	}
	res := d.result()
	if d.done() {
		return nil, ctx.Err()
	}
	return res, nil
}

// normalize normalises a text. A long one (normalising takes about 0.1 s
// per MB) is normalised aside, so that Extract returns as soon as ctx is
// done; the normalisation then runs to its end unused, and is freed.
func (x *Extractor) normalize(ctx context.Context, text string) (*textnorm.Text, error) {
	if len(text) < 1<<20 {
		return x.norm.Normalize(text), nil
	}
	done := make(chan *textnorm.Text, 1)
	go func() { done <- x.norm.Normalize(text) }()
	select {
	case t := <-done:
		return t, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
