package extract

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// pattern is a regular expression that runs only around the literals every
// one of its matches must contain. Go's regexp engine tries a match at every
// position of the text unless the expression starts with a literal, and most
// of ours start with a numeral or a character class; over whole articles
// that was a third of extraction time. The literals, the longest match and
// the characters a match can hold are read from the expression itself, so a
// pattern finds exactly what the plain expression finds (scan_test.go checks
// this on the corpus and on random text).
type pattern struct {
	re *regexp.Regexp
	// anchors are literals of which every match contains at least one; nil
	// when the expression has none, and then the whole text is searched.
	anchors []string
	// width is the longest match in bytes, -1 when unbounded; least the
	// shortest.
	width, least int
	// alphabet holds the characters a match can contain, as sorted
	// inclusive ranges; nil when any character can occur.
	alphabet []rune
	// whole is set for expressions with empty-width assertions (^, $, \b):
	// their matches depend on the text around them, so when an anchor occurs
	// the whole text is searched.
	whole bool
	// head, when positive, bounds the part of a text that can hold a match:
	// an expression anchored at the start of the text, of bounded width,
	// with no assertion that looks past its match ($, \b). Such patterns
	// are tried on what follows a mention (the rest of the article), and
	// regexp's backtracker clears a bit per instruction and byte of its
	// input.
	head int
	// needs, for an expression anchored at the start, are the literals of
	// which a match contains one: a text (or head) holding none is not
	// searched, as regexp's search costs a bit per instruction and byte
	// even when the start fails.
	needs []string
}

// mustPattern compiles expr as regexp.MustCompile does and reads what the
// windowed search needs from its syntax tree.
func mustPattern(expr string) *pattern {
	p := &pattern{re: regexp.MustCompile(expr)}
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic("extract: pattern " + expr + ": " + err.Error())
	}
	a := analyse(tree)
	p.anchors, p.width, p.least, p.whole = a.req, a.width, a.least, a.assert
	if startAnchored(tree) {
		// regexp tries such an expression at the start only: looking for
		// anchors in the rest would cost more than it saves.
		p.anchors = nil
		if p.width >= 0 && !looksPast(tree) {
			p.head = p.width
		}
		p.needs = a.req
	}
	if !a.any {
		p.alphabet = mergeRanges(a.ranges)
	}
	return p
}

// startAnchored tells whether every match of re starts at the start of the
// text (^ without the m flag).
func startAnchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpCapture:
		return startAnchored(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && startAnchored(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !startAnchored(sub) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// looksPast tells whether re holds an assertion that depends on the text
// after a match's end: $ or a word boundary.
func looksPast(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEndText, syntax.OpEndLine, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if looksPast(sub) {
			return true
		}
	}
	return false
}

// needsScan bounds the text searched for a pattern's needs: regexp gives
// up on a failing start at once in a long text (its backtracker, which
// clears a bit per byte, is for short ones), and a search of the rest of
// the article per mention made extraction quadratic.
const needsScan = 4 << 10

// cut returns the part of s that can hold p's matches, and false when
// none can.
func (p *pattern) cut(s string) (string, bool) {
	if p.head > 0 && len(s) > p.head {
		s = s[:p.head]
	}
	if p.needs != nil && len(s) <= needsScan && !hasAny(s, p.needs...) {
		return "", false
	}
	return s, true
}

// shape is what analyse learns about a sub-expression.
type shape struct {
	width  int      // longest match in bytes, -1 unbounded
	least  int      // shortest match in bytes
	req    []string // every match contains one of these; nil: no such set
	ranges []rune   // characters it can match, as pairs lo, hi
	any    bool     // it can match any character
	assert bool     // it contains an empty-width assertion
}

// analyse walks a syntax tree. Case folding gives no literal anchors, since
// the literal in the tree is only one of the spellings that match.
func analyse(re *syntax.Regexp) shape {
	fold := re.Flags&syntax.FoldCase != 0
	switch re.Op {
	case syntax.OpLiteral:
		sh := shape{}
		for _, r := range re.Rune {
			sh.width += utf8.RuneLen(r)
			sh.least += utf8.RuneLen(r)
			sh.ranges = append(sh.ranges, r, r)
		}
		if fold {
			sh.any = true
		} else {
			sh.req = []string{string(re.Rune)}
		}
		return sh
	case syntax.OpCharClass:
		sh := shape{ranges: append([]rune(nil), re.Rune...), least: utf8.UTFMax}
		count := 0
		for i := 0; i < len(re.Rune); i += 2 {
			sh.width = max(sh.width, runeLen(re.Rune[i+1]))
			sh.least = min(sh.least, runeLen(re.Rune[i]))
			count += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		if count <= 4 && !fold {
			for i := 0; i < len(re.Rune); i += 2 {
				for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
					sh.req = append(sh.req, string(r))
				}
			}
		}
		return sh
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return shape{width: utf8.UTFMax, least: 1, any: true}
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return shape{assert: true}
	case syntax.OpEmptyMatch, syntax.OpNoMatch:
		return shape{}
	case syntax.OpCapture:
		return analyse(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub := analyse(re.Sub[0])
		lo, hi := 0, -1
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		sh := shape{ranges: sub.ranges, any: sub.any, assert: sub.assert, width: -1, least: lo * sub.least}
		if hi >= 0 && sub.width >= 0 {
			sh.width = hi * sub.width
		}
		if lo >= 1 {
			sh.req = sub.req
		}
		return sh
	case syntax.OpConcat, syntax.OpAlternate:
		var sh shape
		alt := re.Op == syntax.OpAlternate
		for k, sub := range re.Sub {
			s := analyse(sub)
			sh.ranges = append(sh.ranges, s.ranges...)
			sh.any = sh.any || s.any
			sh.assert = sh.assert || s.assert
			switch {
			case alt && k == 0:
				sh.least = s.least
			case alt:
				sh.least = min(sh.least, s.least)
			default:
				sh.least += s.least
			}
			switch {
			case sh.width < 0 || s.width < 0:
				sh.width = -1
			case alt:
				sh.width = max(sh.width, s.width)
			default:
				sh.width += s.width
			}
			if alt {
				// Every branch must bring its own anchors.
				if k == 0 || sh.req != nil {
					sh.req = append(sh.req, s.req...)
				}
				if s.req == nil {
					sh.req = nil
				}
				continue
			}
			if better(s.req, sh.req) {
				sh.req = s.req
			}
		}
		if alt && sh.req != nil {
			sh.req = dedupe(sh.req)
		}
		return sh
	}
	return shape{width: -1, any: true}
}

// better tells whether anchor set a finds fewer places than b: longer
// literals first, then fewer of them.
func better(a, b []string) bool {
	if a == nil {
		return false
	}
	if b == nil {
		return true
	}
	minLen := func(x []string) int {
		m := len(x[0])
		for _, s := range x[1:] {
			m = min(m, len(s))
		}
		return m
	}
	if ma, mb := minLen(a), minLen(b); ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func dedupe(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func runeLen(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return utf8.UTFMax
}

// mergeRanges sorts and merges rune range pairs.
func mergeRanges(rs []rune) []rune {
	type rng struct{ lo, hi rune }
	var xs []rng
	for i := 0; i+1 < len(rs); i += 2 {
		xs = append(xs, rng{rs[i], rs[i+1]})
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i].lo < xs[j].lo })
	var out []rune
	for _, x := range xs {
		if n := len(out); n > 0 && x.lo <= out[n-1]+1 {
			out[n-1] = max(out[n-1], x.hi)
			continue
		}
		out = append(out, x.lo, x.hi)
	}
	return out
}

// inAlphabet tells whether r can occur in a match.
func (p *pattern) inAlphabet(r rune) bool {
	if p.alphabet == nil {
		return true
	}
	rs := p.alphabet
	// Binary search over the ranges' upper bounds.
	lo, hi := 0, len(rs)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rs[2*m+1] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(rs)/2 && rs[2*lo] <= r
}

// regions returns the disjoint byte ranges of s outside which no match can
// lie: around each anchor, as far as the longest match reaches and no
// further than the characters a match can contain.
//
// The anchors are taken in order, and each walk starts where the region
// before it ended: a region holds only characters a match can contain, so
// the walk need not cover them again. Walking from each anchor alone made a
// long line with many anchors quadratic.
func (p *pattern) regions(s string, anchors anchorSpans) [][2]int {
	var buf [16][2]int
	spans := anchors.appendTo(buf[:0])
	if len(spans) == 0 {
		return nil
	}
	if !slices.IsSortedFunc(spans, cmpSpan) {
		slices.SortFunc(spans, cmpSpan)
	}
	var out [][2]int
	for _, sp := range spans {
		i, j := sp[0], sp[1]
		lo, hi := 0, len(s)
		if p.width >= 0 {
			lo, hi = max(0, j-p.width), min(len(s), i+p.width)
		}
		a, b := i, j
		n := len(out)
		if n > 0 && i <= out[n-1][1] {
			// s[last[0]:last[1]] and the anchor are one run of characters
			// a match can contain.
			last := out[n-1]
			if la := max(last[0], lo); la < a {
				for a = la; !utf8.RuneStart(s[a]); a++ {
				}
			}
			if lb := min(last[1], hi); lb > b {
				for b = lb; b < len(s) && !utf8.RuneStart(s[b]); b-- {
				}
			}
		}
		a, b = p.walkLeft(s, a, lo), p.walkRight(s, b, hi)
		if n > 0 && a <= out[n-1][1] {
			out[n-1][0] = min(out[n-1][0], a)
			out[n-1][1] = max(out[n-1][1], b)
			continue
		}
		out = append(out, [2]int{a, b})
	}
	return out
}

// cmpSpan orders spans by start, then end.
func cmpSpan(x, y [2]int) int {
	if x[0] != y[0] {
		return x[0] - y[0]
	}
	return x[1] - y[1]
}

// walkLeft moves a left over characters a match can contain, not past lo.
func (p *pattern) walkLeft(s string, a, lo int) int {
	for a > lo {
		r, w := utf8.DecodeLastRuneInString(s[:a])
		if a-w < lo || !p.inAlphabet(r) {
			break
		}
		a -= w
	}
	return a
}

// walkRight moves b right over characters a match can contain, not past hi.
func (p *pattern) walkRight(s string, b, hi int) int {
	for b < hi {
		r, w := decodeRune(s[b:])
		if b+w > hi || !p.inAlphabet(r) {
			break
		}
		b += w
	}
	return b
}

// anchorSpans finds a pattern's anchors in a text: in the text's anchor
// index when it has one (ix, ids, and the indexed text's part [lo,hi)),
// else by searching s for each. A value, not a function, so that finding
// them allocates nothing.
type anchorSpans struct {
	p      *pattern
	s      string
	ix     *anchorIndex
	ids    []int
	lo, hi int
}

// appendTo appends the span of every anchor to dst, relative to the
// searched part.
func (a anchorSpans) appendTo(dst [][2]int) [][2]int {
	a.each(func(i, j int) bool {
		dst = append(dst, [2]int{i, j})
		return true
	})
	return dst
}

// any tells whether there is an anchor.
func (a anchorSpans) any() bool {
	return !a.each(func(int, int) bool { return false })
}

// each calls yield with the span of every anchor until it returns false,
// and reports whether it always returned true.
func (a anchorSpans) each(yield func(i, j int) bool) bool {
	if a.ix == nil {
		for _, w := range a.p.anchors {
			for off := 0; ; {
				i := strings.Index(a.s[off:], w)
				if i < 0 {
					break
				}
				if !yield(off+i, off+i+len(w)) {
					return false
				}
				off += i + len(w)
			}
		}
		return true
	}
	for k, id := range a.ids {
		at, n := a.ix.of(id), len(a.p.anchors[k])
		from, _ := slices.BinarySearch(at, int32(a.lo))
		for _, i32 := range at[from:] {
			i := int(i32)
			if i+n > a.hi {
				break
			}
			if !yield(i-a.lo, i-a.lo+n) {
				return false
			}
		}
	}
	return true
}

// FindAllStringSubmatchIndex is regexp's method of the same name.
func (p *pattern) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return p.findAll(s, n, anchorSpans{p: p, s: s})
}

// findAll is FindAllStringSubmatchIndex with the anchors of s given.
func (p *pattern) findAll(s string, n int, anchors anchorSpans) [][]int {
	switch {
	case p.anchors == nil:
		head, ok := p.cut(s)
		if !ok {
			return nil
		}
		return p.re.FindAllStringSubmatchIndex(head, n)
	case p.whole:
		if !anchors.any() {
			return nil
		}
		return p.re.FindAllStringSubmatchIndex(s, n)
	}
	var out [][]int
	for _, r := range p.regions(s, anchors) {
		if r[1]-r[0] < p.least {
			continue // too short to hold a match
		}
		for _, loc := range p.re.FindAllStringSubmatchIndex(s[r[0]:r[1]], -1) {
			for k := range loc {
				if loc[k] >= 0 {
					loc[k] += r[0]
				}
			}
			out = append(out, loc)
			if n >= 0 && len(out) == n {
				return out
			}
		}
	}
	return out
}

// FindStringSubmatchIndex is regexp's method of the same name.
func (p *pattern) FindStringSubmatchIndex(s string) []int {
	if locs := p.FindAllStringSubmatchIndex(s, 1); len(locs) > 0 {
		return locs[0]
	}
	return nil
}

// MatchString is regexp's method of the same name.
func (p *pattern) MatchString(s string) bool {
	return p.match(s, anchorSpans{p: p, s: s})
}

// match is MatchString with the anchors of s given.
func (p *pattern) match(s string, anchors anchorSpans) bool {
	if p.anchors != nil && !anchors.any() {
		return false
	}
	head, ok := p.cut(s)
	return ok && p.re.MatchString(head)
}

// anchorSet is the anchors of many patterns, found in a text in one pass
// instead of one search per anchor and pattern.
type anchorSet struct {
	words []string
	id    map[string]int
	find  *trie
	// ids holds the word ids of each pattern's anchors, for the patterns
	// the set was made from.
	ids map[*pattern][]int
}

// newAnchorSet indexes the anchors of ps, and extra words whose
// occurrences are wanted too (the calendar's congress names).
func newAnchorSet(ps []*pattern, extra []string) *anchorSet {
	as := &anchorSet{id: map[string]int{}}
	add := func(a string) {
		if _, ok := as.id[a]; !ok && a != "" {
			as.id[a] = len(as.words)
			as.words = append(as.words, a)
		}
	}
	for _, p := range ps {
		for _, a := range p.anchors {
			add(a)
		}
	}
	for _, w := range extra {
		add(w)
	}
	as.find = newTrie(as.words, false)
	as.ids = make(map[*pattern][]int, len(ps))
	for _, p := range ps {
		ids := make([]int, len(p.anchors))
		for k, a := range p.anchors {
			ids[k] = as.id[a]
		}
		as.ids[p] = ids
	}
	return as
}

// wordIDs returns the id of each word, -1 for a word not in the set.
func (as *anchorSet) wordIDs(words []string) []int {
	ids := make([]int, len(words))
	for k, w := range words {
		id, ok := as.id[w]
		if !ok {
			id = -1
		}
		ids[k] = id
	}
	return ids
}

// anchorIndex is where the anchors of a set occur in one text: the
// offsets of word k are at[first[k]:first[k+1]], ascending. One array for
// all words, as a slice per word of a set of hundreds cost more to
// allocate than the search.
type anchorIndex struct {
	set   *anchorSet
	first []int32
	at    []int32
}

// index finds the set's anchors in s, which is shorter than 2 GiB.
func (as *anchorSet) index(s string) *anchorIndex {
	type hit struct{ word, at int32 }
	var hits []hit
	for i := 0; i < len(s); {
		as.find.each(s[i:], func(_, k int) bool {
			hits = append(hits, hit{int32(k), int32(i)})
			return true
		})
		_, w := decodeRune(s[i:])
		i += w
	}
	ix := &anchorIndex{set: as, first: make([]int32, len(as.words)+1), at: make([]int32, len(hits))}
	for _, h := range hits {
		ix.first[h.word+1]++
	}
	for k := 1; k < len(ix.first); k++ {
		ix.first[k] += ix.first[k-1]
	}
	next := append([]int32(nil), ix.first[:len(as.words)]...)
	for _, h := range hits { // in text order, so each word's run ascends
		ix.at[next[h.word]] = h.at
		next[h.word]++
	}
	return ix
}

// positions returns the byte offsets at which word occurs, ascending, and
// whether the set has the word.
func (ix *anchorIndex) positions(word string) ([]int32, bool) {
	id, ok := ix.set.id[word]
	if !ok {
		return nil, false
	}
	return ix.of(id), true
}

// of returns the offsets of word id.
func (ix *anchorIndex) of(id int) []int32 {
	return ix.at[ix.first[id]:ix.first[id+1]]
}

// anchors returns p's anchors that lie inside [lo,hi) of the indexed
// text, shifted by -lo; ok is false when p has an anchor the set lacks.
func (ix *anchorIndex) anchors(p *pattern, lo, hi int) (anchorSpans, bool) {
	ids, ok := ix.idsOf(p)
	if !ok {
		return anchorSpans{}, false
	}
	return anchorSpans{p: p, ix: ix, ids: ids, lo: lo, hi: hi}, true
}

// idsOf returns the word ids of p's anchors, and false when the set lacks
// one.
func (ix *anchorIndex) idsOf(p *pattern) ([]int, bool) {
	if ids, ok := ix.set.ids[p]; ok {
		return ids, true
	}
	ids := make([]int, len(p.anchors))
	for k, a := range p.anchors {
		id, found := ix.set.id[a]
		if !found {
			return nil, false
		}
		ids[k] = id
	}
	return ids, true
}

// none reports that p, whose anchors the set has, has no anchor inside
// [lo,hi): no match there, known without building anything, as most
// lines a pattern is tried on hold none of its anchors.
func (ix *anchorIndex) none(p *pattern, lo, hi int) bool {
	if p.anchors == nil {
		return false
	}
	ids, ok := ix.set.ids[p]
	if !ok {
		return false
	}
	for k, id := range ids {
		at := ix.of(id)
		from, _ := slices.BinarySearch(at, int32(lo))
		if from < len(at) && int(at[from])+len(p.anchors[k]) <= hi {
			return false
		}
	}
	return true
}

// FindStringSubmatch is regexp's method of the same name.
func (p *pattern) FindStringSubmatch(s string) []string {
	loc := p.FindStringSubmatchIndex(s)
	if loc == nil {
		return nil
	}
	out := make([]string, len(loc)/2)
	for k := range out {
		if loc[2*k] >= 0 {
			out[k] = s[loc[2*k]:loc[2*k+1]]
		}
	}
	return out
}

// finder runs patterns over one text, with the text's anchor index when it
// has one.
type finder struct {
	s  string
	ix *anchorIndex // nil: each pattern searches for its own anchors
}

// in returns the matches of p in s[lo:hi], relative to lo.
func (f finder) in(p *pattern, lo, hi int) [][]int {
	if f.ix != nil {
		if f.ix.none(p, lo, hi) {
			return nil
		}
		if a, ok := f.ix.anchors(p, lo, hi); ok {
			return p.findAll(f.s[lo:hi], -1, a)
		}
	}
	return p.FindAllStringSubmatchIndex(f.s[lo:hi], -1)
}

// all returns the matches of p in s.
func (f finder) all(p *pattern) [][]int { return f.in(p, 0, len(f.s)) }

// occurrences returns the byte offsets of word in s, ascending and not
// overlapping, as successive strings.Index calls find them: read off the
// anchor index when it holds the word, as a search per word of a lexicon
// cost a twelfth of an article's extraction.
func (f finder) occurrences(word string) []int {
	out, off := []int(nil), 0
	for _, i := range f.positions(word) {
		if i >= off {
			out = append(out, i)
			off = i + len(word)
		}
	}
	return out
}

// positions returns every byte offset of word in s, ascending, overlapping
// ones included.
func (f finder) positions(word string) []int {
	if f.ix != nil {
		if at, ok := f.ix.positions(word); ok {
			out := make([]int, len(at))
			for k, i := range at {
				out[k] = int(i)
			}
			return out
		}
	}
	var out []int
	if word == "" {
		return out
	}
	for off := 0; ; {
		i := strings.Index(f.s[off:], word)
		if i < 0 {
			return out
		}
		out = append(out, off+i)
		_, w := utf8.DecodeRuneInString(f.s[off+i:])
		off += i + w
	}
}

// match tells whether p matches s[lo:hi].
func (f finder) match(p *pattern, lo, hi int) bool {
	if f.ix != nil {
		if f.ix.none(p, lo, hi) {
			return false
		}
		if a, ok := f.ix.anchors(p, lo, hi); ok {
			return p.match(f.s[lo:hi], a)
		}
	}
	return p.MatchString(f.s[lo:hi])
}

// patterns returns the package's patterns by name: the anchor set of an
// Extractor is made from them, and the tests check each.
func patterns() map[string]*pattern {
	return map[string]*pattern{
		"rePartyPlenumFull": rePartyPlenumFull, "rePartyPlenum": rePartyPlenum, "rePartyCongress": rePartyCongress,
		"reUnionNational": reUnionNational, "reLocalUnion": reLocalUnion, "reLocalParty": reLocalParty,
		"reLocalPartyFull": reLocalPartyFull, "reLocalPlenum": reLocalPlenum, "reLocalPlenum2": reLocalPlenum2,
		"reUnionPlenum": reUnionPlenum, "reCCDIPlenum": reCCDIPlenum, "reCCDIPlenumFull": reCCDIPlenumFull, "reTwoSessions": reTwoSessions, "reLocalWorkMeet": reLocalWorkMeet, "reYearBefore": reYearBefore, "reACFTUExecFull": reACFTUExecFull, "reACFTUExec": reACFTUExec, "reNPC": reNPC, "reCPPCC": reCPPCC, "reBareOrdinal": reBareOrdinal,
		"reDateFull": reDateFull, "reDateISO": reDateISO, "reDateMD": reDateMD, "reDateYMD8": reDateYMD8,
		"reDateHan": reDateHan, "reRangeTail": reRangeTail, "reDatelineT": reDatelineT,
		"reTitleNotice": reTitleNotice, "reBookTitle": reBookTitle, "reNoticeBare": reNoticeBare,
		"reDocNumber": reDocNumber, "reIssueVerb": reIssueVerb, "reNav": reNav, "rePublished": rePublished,
		"reDateline": reDateline, "reBylineParen": reBylineParen, "reBylineLine": reBylineLine,
		"reAuthorParen": reAuthorParen, "reRolePart": reRolePart, "reBylineOutlet": reBylineOutlet, "rePhotoCredit": rePhotoCredit, "reNewsParen": reNewsParen, "reExhortation": reExhortation,
		"reYearAlone": reYearAlone, "reSignatureDate": reSignatureDate, "reDateMD4": reDateMD4, "reDateDay": reDateDay,
		"reGuide": reGuide, "reSpeechAfter": reSpeechAfter, "reTreatedSpirit": reTreatedSpirit, "reSpiritTreatment": reSpiritTreatment, "reIssuedNotice": reIssuedNotice, "reSpiritPassedOn": reSpiritPassedOn,
		"reAnaphoric": reAnaphoric, "reDemocraticLocal": reDemocraticLocal, "reDemocraticParty": reDemocraticParty, "reElectedTail": reElectedTail, "reHeldAfter": reHeldAfter, "reHeldBefore": reHeldBefore, "reItemDate": reItemDate, "reListToSpirit": reListToSpirit, "reOwnReport": reOwnReport, "reQuotedSpirit": reQuotedSpirit, "reSettingEnd": reSettingEnd, "reSpiritAfter": reSpiritAfter, "reSpiritAsTime": reSpiritAsTime, "reSystemHost": reSystemHost, "reTimeStamp": reTimeStamp, "reTimeStampDMY": reTimeStampDMY, "reUnionPlenumFull": reUnionPlenumFull, "reUnionSessionBare": reUnionSessionBare, "reYearPlanned": reYearPlanned,
	}
}
