package extract

import "strings"

// chairedMeetings finds the meetings that relay no congress but are chaired
// in the article: a body convenes a session (…总工会召开党组会议,…。党组书记
// 王明主持会议。) and a person chairs it. The chair is read in a paragraph
// that reports no relay; the body is the one that convenes (召开, 举行) in
// the chair's sentence or the sentence before it, or whose own session is
// reported as held there (…全委会议在…召开). Such a meeting is held and
// chaired, and relays nothing.
func (d *docState) chairedMeetings() {
	taken := map[*personMention]bool{}
	mentioned := map[int]bool{}
	seen := map[int]bool{}
	for k := range d.events {
		e := &d.events[k]
		for _, p := range e.chairs {
			taken[p] = true
		}
		mentioned[d.lineAt(e.sent.start)] = true
		for _, sp := range e.also {
			mentioned[d.lineAt(sp.start)] = true
		}
	}
	for k := range d.persons {
		p := &d.persons[k]
		if !d.live() {
			return
		}
		if p.byline != "" || taken[p] || !d.chairs(p) {
			continue
		}
		li := d.lineAt(p.start)
		if li < 0 || li == d.titleLine || mentioned[li] {
			continue
		}
		own := d.sentenceAt(p.start)
		if seen[own.start] {
			// One look per sentence: a sentence of many chairs is not
			// read again for each.
			continue
		}
		seen[own.start] = true
		holder, at := d.convenerIn(span{own.start, p.start})
		if holder == nil {
			if prev, ok := d.sentenceBefore(li, own); ok && !mentioned[d.lineAt(prev.start)] {
				holder, at = d.convenerIn(prev)
			}
		}
		if holder == nil {
			continue
		}
		ev := event{holder: holder, sent: at, chairs: []*personMention{p}}
		ev.kind = d.meetingKind(holder.end, at.end)
		if hl := d.lineAt(at.start); hl >= 0 {
			ev.date, ev.dateBasis = d.eventDate(hl, at, holder, nil)
		}
		taken[p] = true
		d.addEvent(ev, -1)
	}
}

// sentenceBefore returns the sentence before own: in its line, or the last
// of the line before (blank lines skipped) when own opens its line.
func (d *docState) sentenceBefore(li int, own span) (span, bool) {
	ss := d.lines[li].sentences
	for k := len(ss) - 1; k >= 0; k-- {
		if ss[k].end <= own.start {
			return ss[k], true
		}
	}
	for j := li - 1; j >= max(0, li-4); j-- {
		l := d.lines[j]
		if l.nav || l.heading || j == d.titleLine {
			return span{}, false
		}
		if len(l.sentences) > 0 {
			return l.sentences[len(l.sentences)-1], true
		}
	}
	return span{}, false
}

// convenerIn returns the body that convenes a meeting in sp (…总工会召开…,
// …举行…) and the span that reports it, or nil.
func (d *docState) convenerIn(sp span) (*bodyMention, span) {
	text := d.s[sp.start:sp.end]
	i := -1
	for _, w := range []string{"召开", "举行"} {
		if j := strings.Index(text, w); j >= 0 && (i < 0 || j < i) {
			i = j
		}
	}
	if i < 0 {
		return nil, span{}
	}
	if b := d.actorBefore(sp.start, sp.start+i); b != nil {
		return b, sp
	}
	// A session of the body's own reported as convened in the clause
	// (…执行委员会第五次全体会议以电视电话会议形式召开): its body.
	at := sp.start + i
	for _, k := range d.congIndex().in(sp.start, at, nil) {
		c := &d.congs[k]
		if c.end > at || c.kind != kindUnionPlenum && c.kind != kindUnionExecutive || hasAnyContains(d.s[c.end:at], ",", "精神") {
			continue
		}
		d.ix = d.bodyIndex().in(c.start, c.end, d.ix)
		for _, j := range d.ix {
			if b := &d.bodies[j]; b.end <= c.end && b.name != "" && !b.generic {
				return b, sp
			}
		}
	}
	return nil, span{}
}
