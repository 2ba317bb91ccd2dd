package extract

import (
	"sort"
	"strings"

	"github.com/unionkg/kg/calendar"
)

// genericKinds are meeting kinds that say only that a meeting took place:
// a mention with one of them may be the same meeting as a mention with a
// more specific kind.
var genericKinds = map[string]bool{"": true, "会议": true, "学习会": true, "专题学习会": true, "专题会议": true}

// consolidate makes one event of the mentions of one relay. An article
// reports a meeting in its headline, again in its lead with the date and
// once more in the sentences that follow (会议传达学习了…, X主持会议并传达了…);
// a document adopted at the meeting relays the same congress again. Each
// mention was found on its own; counted as they are, one meeting would be
// two or three relays, most of them undated.
//
// Mentions merge when they have the same holder and share a congress, and:
// both carry the same date; or one is undated and refers back to the
// nearest dated meeting before it (or is the headline of the first after
// it); or both are undated and their kinds agree. The merged event keeps
// the best date, the most specific kind, every chair, speaker and
// congress, and the spans of all its mentions. An undated document of the
// holder that relays a congress its meeting relayed is that meeting's
// product: it keeps its own facts (issued, relays) but is not a second
// relay.
func (d *docState) consolidate() {
	d.ownPersons()
	d.canonicalHolders()
	if len(d.events) < 2 {
		d.chairsAfter()
		return
	}
	order := make([]int, len(d.events))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return d.events[order[a]].sent.start < d.events[order[b]].sent.start })
	gone := make([]bool, len(d.events))
	// Candidates are the same holder's mentions, nearest first, within a
	// window: a long article is linear, not quadratic, in its events.
	const window = 16
	byHolder := map[string][]int{}
	pos := make([]int, len(d.events)) // index of each event in its holder's list
	for _, i := range order {
		if h := d.events[i].holder; h != nil {
			pos[i] = len(byHolder[h.name])
			byHolder[h.name] = append(byHolder[h.name], i)
		}
	}
	for _, i := range order {
		e := &d.events[i]
		if gone[i] || e.doc != nil || e.holder == nil {
			continue
		}
		list := byHolder[e.holder.name]
		before := list[max(0, pos[i]-window):pos[i]]
		after := list[pos[i]+1 : min(len(list), pos[i]+1+window)]
		into := -1
		switch {
		case e.date.valid():
			// The same date: the same meeting.
			for _, j := range before {
				p := &d.events[j]
				if !gone[j] && p.doc == nil && sameRelay(p, e) && p.date.valid() && p.date == e.date {
					into = j
					break
				}
			}
		default:
			// Undated: the nearest dated meeting of the holder before it,
			// else an undated one of an agreeing kind, else (a headline)
			// the first dated one after it.
			for k := len(before) - 1; k >= 0 && into < 0; k-- {
				p := &d.events[before[k]]
				if !gone[before[k]] && p.doc == nil && sameRelay(p, e) && p.date.valid() {
					into = before[k]
				}
			}
			for k := len(before) - 1; k >= 0 && into < 0; k-- {
				p := &d.events[before[k]]
				if !gone[before[k]] && p.doc == nil && sameRelay(p, e) && kindsAgree(p.kind, e.kind) {
					into = before[k]
				}
			}
			if into < 0 && (d.inHeadline(e.sent) || d.inLead(e.sent.start)) {
				for _, j := range after {
					p := &d.events[j]
					if !gone[j] && p.doc == nil && sameRelay(p, e) && p.date.valid() {
						// The later, dated mention absorbs the headline.
						d.merge(p, e)
						gone[i] = true
						break
					}
				}
				continue
			}
		}
		if into >= 0 {
			d.merge(&d.events[into], e)
			gone[i] = true
		}
	}
	// Documents adopted at a meeting that relayed the same congress.
	for i := range d.events {
		e := &d.events[i]
		if gone[i] || e.doc == nil || e.date.valid() || (e.doc.date.valid() && e.doc.date.Year != 0) {
			continue
		}
		if e.holder == nil {
			continue
		}
		for _, j := range byHolder[e.holder.name] {
			p := &d.events[j]
			if !gone[j] && p.doc == nil && sameRelay(p, e) {
				e.product = true
				break
			}
		}
	}
	kept := d.events[:0]
	for i, e := range d.events {
		if !gone[i] {
			kept = append(kept, e)
		}
	}
	d.events = kept
	d.chairsAfter()
}

// sameRelay reports whether two mentions have the same holder and share a
// congress.
func sameRelay(a, b *event) bool {
	if a.holder == nil || b.holder == nil || a.holder.name != b.holder.name {
		return false
	}
	for _, x := range a.congs {
		for _, y := range b.congs {
			if x.name == y.name || sessionOfTwo(x, y) || sessionOfTwo(y, x) {
				return true
			}
		}
	}
	return false
}

func kindsAgree(a, b string) bool {
	return a == b || genericKinds[a] || genericKinds[b] || strings.Contains(a, b) || strings.Contains(b, a)
}

// inHeadline reports whether sp lies in the title line.
func (d *docState) inHeadline(sp span) bool {
	return d.titleLine >= 0 && d.lineAt(sp.start) == d.titleLine
}

// merge folds mention e into event p.
func (d *docState) merge(p, e *event) {
	if !p.date.valid() && e.date.valid() {
		p.date, p.dateBasis = e.date, e.dateBasis
		// The dated mention is the better evidence.
		p.also = append(p.also, p.sent)
		p.sent = e.sent
	} else {
		p.also = append(p.also, e.sent)
	}
	p.also = append(p.also, e.also...)
	if genericKinds[p.kind] || (!genericKinds[e.kind] && len(e.kind) > len(p.kind) && strings.Contains(e.kind, p.kind)) {
		if e.kind != "" {
			p.kind = e.kind
		}
	}
	for _, c := range e.congs {
		if !hasCong(p.congs, c.name) {
			p.congs = append(p.congs, c)
		}
	}
	p.chairs = addPersons(p.chairs, e.chairs)
	p.speakers = addPersons(p.speakers, e.speakers)
}

func hasCong(cs []*congressMention, name string) bool {
	for _, c := range cs {
		if c.name == name {
			return true
		}
	}
	return false
}

func addPersons(to, from []*personMention) []*personMention {
	for _, p := range from {
		dup := false
		for _, q := range to {
			if q.name == p.name {
				dup = true
				break
			}
		}
		if !dup {
			to = append(to, p)
		}
	}
	return to
}

// chairsAfter finds the chair of a meeting named in the sentences after the
// one that reports it (…传达学习了…精神。会议由市总工会主席张三主持。): a person
// followed by 主持, in the rest of the paragraph and the next one, before
// any other event is reported.
func (d *docState) chairsAfter() {
	byLine := d.eventsByLine()
	persons := make([]int, len(d.persons))
	for i := range persons {
		persons[i] = i
	}
	sort.Slice(persons, func(a, b int) bool { return d.persons[persons[a]].start < d.persons[persons[b]].start })
	// Lines where any event is reported (by its sentence or a merged
	// mention), and the events that open their line: a chair before an
	// event is looked for only by the first of its line.
	mentioned := map[int]bool{}
	first := make([]bool, len(d.events))
	for li, ks := range byLine {
		mentioned[li] = true
		best := -1
		for _, k := range ks {
			if best < 0 || d.events[k].sent.start < d.events[best].sent.start {
				best = k
			}
		}
		for _, k := range ks {
			first[k] = d.events[k].sent.start == d.events[best].sent.start
		}
	}
	for k := range d.events {
		for _, sp := range d.events[k].also {
			mentioned[d.lineAt(sp.start)] = true
		}
	}
	for k := range d.events {
		e := &d.events[k]
		if e.doc != nil || len(e.chairs) > 0 {
			continue
		}
		// A headline that absorbed its lead keeps the lead's span in also:
		// the chair is named after the lead.
		for _, sent := range append([]span{e.sent}, e.also...) {
			if p := d.chairAfter(sent, byLine, persons); p != nil {
				e.chairs = append(e.chairs, p)
				break
			}
		}
		if len(e.chairs) == 0 && first[k] {
			if p := d.chairBefore(e.sent, mentioned, persons); p != nil {
				e.chairs = append(e.chairs, p)
			}
		}
	}
}

// chairBefore returns the person said to chair in the paragraph before an
// event's, when that paragraph reports no event of its own: a lead that
// convenes the meeting and names its chair (…召开学习会议,会议由张三主持。)
// before the paragraph that says what it relayed (会议传达学习了…精神).
func (d *docState) chairBefore(sent span, mentioned map[int]bool, persons []int) *personMention {
	li := d.lineAt(sent.start) - 1
	for li >= 0 && strings.TrimSpace(d.lines[li].text) == "" {
		li--
	}
	if li < 0 || li == d.titleLine || d.lines[li].nav || d.lines[li].heading || mentioned[li] {
		return nil
	}
	l := d.lines[li]
	from := sort.Search(len(persons), func(i int) bool { return d.persons[persons[i]].start >= l.start })
	var chair *personMention
	for _, i := range persons[from:] {
		p := &d.persons[i]
		if p.start >= l.end {
			break
		}
		if p.byline == "" && d.chairs(p) {
			chair = p
		}
	}
	return chair
}

// chairAfter returns the person said to chair (…主持) after the sentence of
// an event and before the next event, within its paragraph and the next.
func (d *docState) chairAfter(sent span, byLine map[int][]int, persons []int) *personMention {
	li := d.lineAt(sent.start)
	if li < 0 || li == d.titleLine {
		return nil
	}
	limit := d.lines[li].end
	if li+1 < len(d.lines) && !d.lines[li+1].heading && !d.lines[li+1].nav {
		limit = d.lines[li+1].end
	}
	for _, l := range []int{li, li + 1} {
		for _, j := range byLine[l] {
			if s := d.events[j].sent.start; s > sent.start && s < limit {
				limit = s
			}
		}
	}
	from := sort.Search(len(persons), func(i int) bool { return d.persons[persons[i]].start >= sent.end })
	for _, i := range persons[from:] {
		p := &d.persons[i]
		if p.start >= limit {
			break
		}
		if p.end > limit || p.byline != "" {
			continue
		}
		if d.chairs(p) {
			return p
		}
	}
	return d.meetingChairLater(li, sent, limit, byLine, persons)
}

// chairLines bounds how far after its meeting a sentence about "会议" is
// read for the chair.
const chairLines = 5

// meetingChairLater returns the chair named further on in a sentence about
// the meeting itself (会议由市总工会主席张三主持。) after the paragraphs
// chairAfter reads, before any heading or other event.
func (d *docState) meetingChairLater(li int, sent span, from int, byLine map[int][]int, persons []int) *personMention {
	last := min(len(d.lines)-1, li+chairLines)
	limit := d.lines[last].end
	for l := li + 1; l <= last; l++ {
		if d.lines[l].heading || d.lines[l].nav {
			limit = min(limit, d.lines[l].start)
			break
		}
		for _, j := range byLine[l] {
			if s := d.events[j].sent.start; s > sent.start && s < limit {
				limit = s
			}
		}
	}
	k := sort.Search(len(persons), func(i int) bool { return d.persons[persons[i]].start >= from })
	for _, i := range persons[k:] {
		p := &d.persons[i]
		if p.start >= limit {
			break
		}
		if p.end > limit || p.byline != "" {
			continue
		}
		if ps := d.sentenceAt(p.start); hasAnyPrefix(d.s[ps.start:p.start], "会议由", "本次会议由", "此次会议由") && d.chairs(p) {
			return p
		}
	}
	return nil
}

// eventsByLine lists the events whose sentence starts in each line.
func (d *docState) eventsByLine() map[int][]int {
	m := map[int][]int{}
	for k := range d.events {
		li := d.lineAt(d.events[k].sent.start)
		m[li] = append(m[li], k)
	}
	return m
}

// ownPersons keeps with each event only the chairs and speakers that
// belong to it. addEvent takes them from the event's whole paragraph, and a
// roundup paragraph reports several meetings (…昆明市总工会召开…,王建斌主持
// 会议…。同日,曲靖市总工会召开…): a person named in another event's sentence
// is that event's, and one named between events is the nearest one's
// before it.
func (d *docState) ownPersons() {
	byLine := d.eventsByLine()
	owner := func(p *personMention) int {
		best, bestStart := -1, -1
		li := d.lineAt(p.start)
		// A document relayed in passing (传达了…《通知》) holds no meeting:
		// whoever chairs in its sentence chairs another event's.
		for _, k := range byLine[li] {
			s := d.events[k].sent
			if d.events[k].doc == nil && s.start <= p.start && p.end <= s.end {
				return k
			}
		}
		for _, k := range byLine[li] {
			s := d.events[k].sent
			if d.events[k].doc == nil && s.end <= p.start && s.start > bestStart {
				best, bestStart = k, s.start
			}
		}
		return best
	}
	keep := func(k int, ps []*personMention) []*personMention {
		out := ps[:0]
		for _, p := range ps {
			if o := owner(p); o < 0 || o == k || d.events[o].sent == d.events[k].sent {
				out = append(out, p)
			}
		}
		return out
	}
	for k := range d.events {
		e := &d.events[k]
		e.chairs = keep(k, e.chairs)
		e.speakers = keep(k, e.speakers)
	}
}

// canonicalHolders gives each event the mention of the one node its holder
// stands for, where the article names that node in another form
// (恒泰重工集团工会委员会 in the headline, 江苏恒泰重工集团有限公司工会委员会
// in the lead): the mentions of one relay then share a holder.
func (d *docState) canonicalHolders() {
	canon := d.canonicalBodies()
	byName := map[string]int{}
	for k := len(d.bodies) - 1; k >= 0; k-- {
		if b := &d.bodies[k]; !b.generic && b.name != "" {
			byName[b.name] = k
		}
	}
	for i := range d.events {
		h := d.events[i].holder
		if h == nil {
			continue
		}
		if c, ok := canon[h.name]; ok && c != h.name {
			if k, ok := byName[c]; ok {
				d.events[i].holder = &d.bodies[k]
			}
		}
	}
}

// sessionOfTwo reports whether x is the 全国两会 of which y is one session:
// a headline's 全国两会 and its lead's 十四届全国人大二次会议 are one relay.
func sessionOfTwo(x, y *congressMention) bool {
	if x.kind != calendar.KindTwoSessions || (y.kind != calendar.KindNPCSession && y.kind != calendar.KindCPPCCSession) {
		return false
	}
	return x.cal != nil && y.cal != nil && x.cal.Start.Year() == y.cal.Start.Year()
}
