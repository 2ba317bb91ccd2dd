package extract

import (
	"math/bits"
	"slices"
	"sort"
)

// The recognisers ask, for each mention or position they look at, about
// the mentions found so far: is this offset inside a body, which congresses
// lie in this sentence, which body ends here. Scanning every mention for
// each question made extraction quadratic in an article's length (a 4 MB
// article took 15 s, a 16 MB one a minute); these indexes answer in time
// proportional to the answer.

// coverage tells whether a byte offset lies inside any span of a list that
// grows by appending, as the list stands when asked.
type coverage struct {
	bits []uint64
	n    int // spans of the list marked so far
}

// sync marks the spans the list has gained since the last call; n is the
// list's length, span returns its k-th span. A list that shrank is marked
// afresh.
func (c *coverage) sync(size, n int, span func(k int) (start, end int)) {
	if c.bits == nil || n < c.n {
		c.bits = make([]uint64, size/64+1)
		c.n = 0
	}
	for ; c.n < n; c.n++ {
		st, en := span(c.n)
		for i := max(st, 0); i < en && i < size; i++ {
			c.bits[i/64] |= 1 << (i % 64)
		}
	}
}

// has reports whether offset i is marked.
func (c *coverage) has(i int) bool {
	return i >= 0 && i/64 < len(c.bits) && c.bits[i/64]&(1<<(i%64)) != 0
}

// any reports whether any offset in [lo, hi) is marked.
func (c *coverage) any(lo, hi int) bool {
	for i := max(lo, 0); i < hi; i++ {
		if c.has(i) {
			return true
		}
	}
	return false
}

// startIndex finds the spans of a list that start in a range. It is built
// for the list as it stands, and answers for it until the list changes:
// n is the list's length when built.
type startIndex struct {
	n      int
	order  []int // the list's indexes, by start, then index
	starts []int // the starts, in that order
	maxLen int   // the longest span
}

func newStartIndex(n int, span func(k int) (start, end int)) *startIndex {
	x := &startIndex{n: n, order: make([]int, n), starts: make([]int, n)}
	for k := range x.order {
		x.order[k] = k
	}
	sort.SliceStable(x.order, func(a, b int) bool {
		sa, _ := span(x.order[a])
		sb, _ := span(x.order[b])
		return sa < sb
	})
	for i, k := range x.order {
		st, en := span(k)
		x.starts[i] = st
		x.maxLen = max(x.maxLen, en-st)
	}
	return x
}

// in returns the indexes of the spans that start in [lo, hi), in the
// list's order, appended to buf[:0].
func (x *startIndex) in(lo, hi int, buf []int) []int {
	buf = buf[:0]
	if hi <= lo {
		return buf
	}
	i := sort.SearchInts(x.starts, lo)
	for ; i < len(x.starts) && x.starts[i] < hi; i++ {
		buf = append(buf, x.order[i])
	}
	slices.Sort(buf)
	return buf
}

// overlapping returns the indexes of the spans that may overlap [lo, hi)
// (those that start from lo minus the longest span's length up to hi), in
// the list's order; the caller tests each.
func (x *startIndex) overlapping(lo, hi int, buf []int) []int {
	return x.in(lo-x.maxLen, hi, buf)
}

// Indexes of the docState's lists, built when first asked for and again
// after the list has grown. A list whose spans are reordered must drop its
// index (see findBodies).

func (d *docState) bodyIndex() *startIndex {
	if d.bodyIx == nil || d.bodyIx.n != len(d.bodies) {
		d.bodyIx = newStartIndex(len(d.bodies), func(k int) (int, int) { return d.bodies[k].start, d.bodies[k].end })
	}
	return d.bodyIx
}

func (d *docState) congIndex() *startIndex {
	if d.congIx == nil || d.congIx.n != len(d.congs) {
		d.congIx = newStartIndex(len(d.congs), func(k int) (int, int) { return d.congs[k].start, d.congs[k].end })
	}
	return d.congIx
}

func (d *docState) personIndex() *startIndex {
	if d.personIx == nil || d.personIx.n != len(d.persons) {
		d.personIx = newStartIndex(len(d.persons), func(k int) (int, int) { return d.persons[k].start, d.persons[k].end })
	}
	return d.personIx
}

func (d *docState) dateIndex() *startIndex {
	if d.dateIx == nil || d.dateIx.n != len(d.dates) {
		d.dateIx = newStartIndex(len(d.dates), func(k int) (int, int) { return d.dates[k].start, d.dates[k].end })
	}
	return d.dateIx
}

// bodyOffsets builds bodyStarts and bodyEnds for the bodies as they stand.
func (d *docState) bodyOffsets() {
	if d.bodyEnds != nil && d.bodyN == len(d.bodies) {
		return
	}
	d.bodyStarts, d.bodyEnds, d.bodyN = map[int][]int{}, map[int][]int{}, len(d.bodies)
	for k := range d.bodies {
		d.bodyStarts[d.bodies[k].start] = append(d.bodyStarts[d.bodies[k].start], k)
		d.bodyEnds[d.bodies[k].end] = append(d.bodyEnds[d.bodies[k].end], k)
	}
}

// bodiesEndingAt returns the indexes of the bodies that end at i, in list
// order.
func (d *docState) bodiesEndingAt(i int) []int {
	d.bodyOffsets()
	return d.bodyEnds[i]
}

// bodiesStartingAt returns the indexes of the bodies that start at i, in
// list order.
func (d *docState) bodiesStartingAt(i int) []int {
	d.bodyOffsets()
	return d.bodyStarts[i]
}

// eventKey is what makes two events one: the same holder, sentence and
// document.
type eventKey struct {
	holder string
	sent   span
	doc    *documentMention
}

// eventIndex returns the index of the first event with key k, or -1.
func (d *docState) eventIndex(k eventKey) int {
	if d.eventKeys == nil || d.eventN > len(d.events) {
		d.eventKeys, d.eventN = map[eventKey]int{}, 0
	}
	for ; d.eventN < len(d.events); d.eventN++ {
		e := &d.events[d.eventN]
		ek := eventKey{e.holder.name, e.sent, e.doc}
		if _, ok := d.eventKeys[ek]; !ok {
			d.eventKeys[ek] = d.eventN
		}
	}
	if i, ok := d.eventKeys[k]; ok {
		return i
	}
	return -1
}

// posSet is a set of byte offsets that answers "the last one before" in
// time proportional to the distance in 4 KiB blocks, not in bytes.
type posSet struct {
	words []uint64 // bit i%64 of words[i/64]: offset i is in the set
	sums  []uint64 // bit j%64 of sums[j/64]: words[j] is not zero
}

func newPosSet(size int) *posSet {
	n := size/64 + 1
	return &posSet{words: make([]uint64, n), sums: make([]uint64, n/64+1)}
}

func (p *posSet) add(i int) {
	p.words[i/64] |= 1 << (i % 64)
	p.sums[i/4096] |= 1 << ((i / 64) % 64)
}

// lastBefore returns the largest offset in the set in [lo, hi), or -1.
func (p *posSet) lastBefore(lo, hi int) int {
	lo = max(lo, 0)
	hi = min(hi, len(p.words)*64)
	for hi > lo {
		i := hi - 1
		w := i / 64
		// The bits of word w up to i.
		if m := p.words[w] & (^uint64(0) >> (63 - i%64)); m != 0 {
			j := w*64 + 63 - bits.LeadingZeros64(m)
			if j >= lo {
				return j
			}
			return -1
		}
		// No offset in word w up to i: skip to the last non-empty word
		// before w.
		s := (w - 1) / 64
		if w == 0 {
			return -1
		}
		m := p.sums[s] & (^uint64(0) >> (63 - (w-1)%64))
		for m == 0 {
			if s == 0 || s*4096 < lo {
				return -1
			}
			s--
			m = p.sums[s]
		}
		hi = (s*64+63-bits.LeadingZeros64(m))*64 + 64
	}
	return -1
}

// contextBody returns the body that contextDiv takes its division from
// for offset pos: the last body before pos starting from lo that is named
// in full with a division and is one body, not a class of them (the first
// in the list of those that start there). The bodies are marked as they
// are found, so it answers while findBodies adds them.
func (d *docState) contextBody(lo, pos int) *bodyMention {
	if d.ctxStarts == nil || d.ctxN > len(d.bodies) {
		d.ctxStarts, d.ctxFirst, d.ctxN = newPosSet(len(d.s)), map[int]int{}, 0
	}
	for ; d.ctxN < len(d.bodies); d.ctxN++ {
		b := &d.bodies[d.ctxN]
		if b.short != "" || b.div == nil || b.generic {
			continue
		}
		if _, ok := d.ctxFirst[b.start]; !ok {
			d.ctxFirst[b.start] = d.ctxN
			d.ctxStarts.add(b.start)
		}
	}
	if p := d.ctxStarts.lastBefore(lo, pos); p >= 0 {
		return &d.bodies[d.ctxFirst[p]]
	}
	return nil
}
