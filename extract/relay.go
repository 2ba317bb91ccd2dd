package extract

import (
	"strings"
	"time"

	"github.com/unionkg/kg/calendar"
)

// event is one relay: a body held a meeting, or issued a notice, that relayed
// one or more congresses.
type event struct {
	holder    *bodyMention
	congs     []*congressMention
	kind      string // the meeting kind, or "notice"
	doc       *documentMention
	date      date
	dateBasis string
	sent      span
	chairs    []*personMention
	speakers  []*personMention
}

// exhortation words between a body and a relay verb mean the sentence says
// what should be done, not what the body did.
var reExhortation = mustPattern(`要|将|把|应|须|号召|结合|指出|强调|认为`)

// findEvents finds the relay meetings and notices.
func (d *docState) findEvents() {
	for li, l := range d.lines {
		if l.nav {
			continue
		}
		for _, sent := range l.sentences {
			d.eventsIn(li, sent)
		}
	}
	d.issuers()
	d.noticeArticle()
	for k := range d.docs {
		m := &d.docs[k]
		if m.issuer == nil {
			continue
		}
		if cs := d.congsIn(span{m.start, m.end}); len(cs) > 0 {
			d.addEvent(event{holder: m.issuer, congs: cs, kind: "notice", doc: m, sent: m.evidence}, d.lineAt(m.start))
		}
	}
}

// congsIn lists the relayed congresses named inside sp.
func (d *docState) congsIn(sp span) []*congressMention {
	var out []*congressMention
	for k := range d.congs {
		c := &d.congs[k]
		if c.start >= sp.start && c.end <= sp.end && (c.spirit || strings.Contains(d.s[sp.start:sp.end], "精神")) {
			out = append(out, c)
		}
	}
	return out
}

// eventsIn finds a relay meeting in one sentence: a body that relays
// (传达学习…) a congress's spirit, or holds a meeting named for it.
func (d *docState) eventsIn(li int, sent span) {
	s := d.s
	var relayed []*congressMention
	for k := range d.congs {
		c := &d.congs[k]
		if c.start < sent.start || c.end > sent.end || d.insideDocument(c.start) {
			continue
		}
		before := s[sent.start:c.start]
		after := s[c.end:sent.end]
		verbBefore := d.x.lex.relayVerbs.suffix(strings.TrimSuffix(strings.TrimSuffix(before, "了"), "对")) != ""
		listed := false
		if k := len(relayed) - 1; k >= 0 && c.spirit {
			// Plenums written as one name (十九届二中、三中全会) share a span.
			listed = relayed[k].start == c.start || (relayed[k].end <= c.start && listContinues(s[relayed[k].end:c.start]))
		}
		meetingAfter := d.meetingKindAfter(after) != ""
		if (verbBefore && c.spirit) || listed || meetingAfter || watched(before, after) {
			relayed = append(relayed, c)
		}
	}
	if len(relayed) == 0 {
		return
	}
	holder := d.actorBefore(sent.start, relayed[0].start)
	if holder == nil {
		holder = d.meetingHolderBefore(sent)
	}
	if holder == nil {
		return
	}
	ev := event{holder: holder, congs: relayed, sent: sent}
	ev.kind = d.meetingKind(holder.end, sent.end)
	ev.date, ev.dateBasis = d.eventDate(li, sent, holder, relayed)
	d.addEvent(ev, li)
}

// listContinues reports whether what lies between two congress names joins
// them into one list of what is relayed: "…精神和省总工会…", "…、…".
func listContinues(between string) bool {
	between = strings.TrimPrefix(strings.TrimPrefix(between, "会议精神"), "精神")
	switch between {
	case "、", "和", "及", "与", "以及", ",", "暨", "并":
		return true
	}
	return false
}

// watched reports whether a congress named between before and after is
// watched or listened to as it happens: "收看党的二十大开幕会", "观看…开幕盛况".
// Watching a congress's opening together is how many bodies relay it.
func watched(before, after string) bool {
	before = strings.TrimSuffix(before, "了")
	if !hasAnySuffix(before, "收看", "观看", "收听", "聆听", "收听收看", "集中收看", "组织收看") {
		return false
	}
	after = strings.TrimPrefix(after, "的")
	return hasAnyPrefix(after, "开幕会", "开幕式", "开幕盛况", "开幕大会", "盛况", "直播", "实况", "电视直播", "闭幕会", "报告", "现场直播")
}

// meetingHolderBefore resolves a sentence whose subject is the meeting just
// described ("会议传达学习了…", "会上…", "会议审议通过了…"): the body that
// acts in the paragraph before it.
func (d *docState) meetingHolderBefore(sent span) *bodyMention {
	rest := d.s[sent.start:sent.end]
	if !hasAnyPrefix(rest, "会议", "会上", "会议上", "大会", "会议还", "会议认真") {
		return nil
	}
	after := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(rest, "会议"), "会上"), "上还认真,")
	if reExhortation.MatchString(after[:min(len(after), 9)]) {
		return nil
	}
	li := d.lineAt(sent.start)
	if li < 0 {
		return nil
	}
	// The meeting last described before this sentence.
	for k := len(d.events) - 1; k >= 0; k-- {
		if e := d.events[k]; e.doc == nil && e.sent.end <= sent.start {
			return e.holder
		}
	}
	// No event yet: the last body acting before, in this paragraph or the
	// one before it.
	from := d.lines[max(0, li-1)].start
	return d.actorBefore(from, sent.start)
}

// actorBefore returns the body acting in the sentence before pos: the last
// body named before it that is one body (not a class of them), not inside
// a congress's name, with no exhortation between it and pos.
func (d *docState) actorBefore(sentStart, pos int) *bodyMention {
	var best *bodyMention
	for k := range d.bodies {
		b := &d.bodies[k]
		if b.start < sentStart || b.end > pos || b.generic || b.inName || b.name == "" || d.insideDocument(b.start) {
			continue
		}
		if best == nil || b.start > best.start {
			best = b
		}
	}
	if best == nil {
		return nil
	}
	if reExhortation.MatchString(d.s[best.end:pos]) {
		return nil
	}
	return best
}

func (d *docState) insideDocument(pos int) bool {
	for _, m := range d.docs {
		if pos >= m.start && pos < m.end {
			return true
		}
	}
	return false
}

// meetingKindAfter reads a meeting named for the congress before it:
// "…精神学习专题会议", "…专题学习会".
func (d *docState) meetingKindAfter(after string) string {
	rest := after
	for _, p := range []string{"会议精神", "精神", "传达", "学习", "贯彻", "宣讲", "专题", "集中"} {
		if k := d.x.lex.meetings.prefix(rest); k != "" {
			return k
		}
		rest = strings.TrimPrefix(rest, p)
	}
	return d.x.lex.meetings.prefix(rest)
}

// meetingKind is the longest meeting-kind word in s[from:to].
func (d *docState) meetingKind(from, to int) string {
	best := ""
	for i := from; i < to; i++ {
		if k := d.x.lex.meetings.prefix(d.s[i:to]); len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return "会议"
	}
	return best
}

var reYearAlone = mustPattern(`(\d{4})年`)

// eventDate finds a meeting's date: a date in its sentence before the
// holder, else one opening its paragraph; the year, when missing, from the
// sentence, the publication date, the congress calendar, or the latest
// dated event the article mentions.
func (d *docState) eventDate(li int, sent span, holder *bodyMention, congs []*congressMention) (date, string) {
	var dm *dateMention
	for k := range d.dates {
		m := &d.dates[k]
		if m.dateline {
			continue
		}
		if m.start >= sent.start && m.end <= holder.start {
			dm = m
		}
	}
	if dm == nil {
		l := d.lines[li]
		for k := range d.dates {
			m := &d.dates[k]
			if !m.dateline && m.start >= l.start && m.start < l.start+12 && m.end <= sent.start {
				dm = m
			}
		}
	}
	if dm == nil && holder.start < sent.start {
		// "3月30日,X全委会议在贵阳召开。会议传达学习…": the meeting was
		// convened, and dated, in the holder's sentence.
		hs := d.sentenceAt(holder.start)
		for k := range d.dates {
			if m := &d.dates[k]; !m.dateline && m.start >= hs.start && m.end <= holder.start {
				dm = m
			}
		}
	}
	if dm == nil {
		if hasAnyPrefix(d.s[sent.start:sent.end], "同日", "当日", "当天", "同一天") && len(d.events) > 0 {
			prev := d.events[len(d.events)-1]
			return prev.date, prev.dateBasis
		}
		return date{}, ""
	}
	dt := dm.date
	if dt.Year != 0 {
		return dt, ""
	}
	return d.inferYear(dt, sent, congs)
}

func (d *docState) inferYear(dt date, sent span, congs []*congressMention) (date, string) {
	// The publication date comes first: a year elsewhere in the sentence is
	// as often the period a meeting reviews or plans (总结2023年工作, 部署
	// 2024年任务) as its own.
	if d.published.Year != 0 {
		dt.Year = d.published.Year
		if d.published.before(dt) {
			dt.Year--
		}
		return dt, "published"
	}
	if m := reYearAlone.FindStringSubmatch(d.s[sent.start:sent.end]); m != nil {
		dt.Year = atoiOr(m[1])
		return dt, "sentence"
	}
	var latest time.Time
	for _, c := range congs {
		if c.cal != nil && c.cal.Start.After(latest) {
			latest = c.cal.Start
		}
		if c.date.Year != 0 {
			if t := time.Date(c.date.Year, time.Month(c.date.Month), c.date.Day, 0, 0, 0, 0, time.UTC); t.After(latest) {
				latest = t
			}
		}
	}
	basis := "congress-calendar"
	if latest.IsZero() {
		for _, c := range d.congs {
			if c.cal != nil && c.cal.Start.After(latest) {
				latest = c.cal.Start
			}
		}
		basis = "event-bound"
	}
	if latest.IsZero() {
		return dt, ""
	}
	dt.Year = calendar.InferYear(dt.Month, dt.Day, calendar.Congress{Start: latest})
	return dt, basis
}

// addEvent records an event and finds who chaired it and who spoke: people
// named in its paragraph with 主持 or a speaking verb after their name.
func (d *docState) addEvent(ev event, li int) {
	if li >= 0 {
		l := d.lines[li]
		for k := range d.persons {
			p := &d.persons[k]
			if p.start < l.start || p.end > l.end || p.byline != "" {
				continue
			}
			rest := d.s[p.end:min(len(d.s), p.end+12)]
			switch {
			case strings.HasPrefix(rest, "主持"):
				ev.chairs = append(ev.chairs, p)
			case hasAnyPrefix(rest, "讲话", "作重要讲话", "作讲话", "传达", "致辞", "宣讲", "领学", "作报告", "作了", "主讲", "解读"):
				ev.speakers = append(ev.speakers, p)
			}
		}
	}
	// One event per holder and sentence.
	for k := range d.events {
		e := &d.events[k]
		if e.holder.name == ev.holder.name && e.sent == ev.sent && e.doc == ev.doc {
			e.congs = append(e.congs, ev.congs...)
			return
		}
	}
	d.events = append(d.events, ev)
}

var reSignatureDate = mustPattern(`^\s*(?:\d{4}年\d{1,2}月\d{1,2}日|\d{8}|\d{4}-\d{1,2}-\d{1,2}|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*$`)

// noticeArticle reads an article that is itself a notice: a title
// "关于…的通知", and a signature (a body alone on a line, then a date line)
// at the end.
func (d *docState) noticeArticle() {
	if d.titleLine < 0 || !reTitleNotice.MatchString(d.lines[d.titleLine].text) {
		return
	}
	tl := d.lines[d.titleLine]
	var doc *documentMention
	for k := range d.docs {
		if d.docs[k].start == tl.start {
			doc = &d.docs[k]
		}
	}
	if doc == nil {
		d.docs = append(d.docs, documentMention{start: tl.start, end: tl.end, title: tl.text})
		doc = &d.docs[len(d.docs)-1]
	}
	if len(d.docNumbers) > 0 {
		n := d.docNumbers[0]
		doc.number = d.s[n.start:n.end]
	}
	for i := len(d.lines) - 2; i > d.titleLine; i-- {
		if !reSignatureDate.MatchString(d.lines[i+1].text) {
			continue
		}
		l := d.lines[i]
		for k := range d.bodies {
			b := &d.bodies[k]
			if b.start == l.start && b.end == l.end && b.name != "" {
				doc.issuer = b
				doc.evidence = span{l.start, d.lines[i+1].end}
				for _, dm := range d.dates {
					if dm.start >= d.lines[i+1].start && dm.start < d.lines[i+1].end {
						doc.date = dm.date
					}
				}
			}
		}
		break
	}
	if doc.issuer == nil {
		return
	}
	if cs := d.congsIn(span{doc.start, doc.end}); len(cs) > 0 {
		d.addEvent(event{holder: doc.issuer, congs: cs, kind: "notice", doc: doc, sent: doc.evidence, date: doc.date}, -1)
	}
}
