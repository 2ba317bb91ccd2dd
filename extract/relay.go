package extract

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

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
	// also are the spans of the event's other mentions (consolidate).
	also []span
	// product marks a document adopted at a meeting that relayed the
	// same congress: its own facts stand, but it is not a second relay.
	product bool
}

// reSpiritAsTime is a congress's spirit used to name a time: "…精神的关键
// 之年", "…精神的开局之年".
var reSpiritAsTime = mustPattern(`^(?:[”」』"])?精神的[^,。;]{0,8}?(?:之年|之际|时期|时刻|阶段)`)

// exhorts reports whether s holds an exhortation word, not counting the
// 要 of words such as 重要 and 主要 (习近平总书记重要论述和…精神).
func exhorts(s string) bool {
	for _, w := range []string{"重要", "主要", "纲要", "摘要"} {
		s = strings.ReplaceAll(s, w, "")
	}
	return reExhortation.MatchString(s)
}

// exhortation words between a body and a relay verb mean the sentence says
// what should be done, not what the body did.
var reExhortation = mustPattern(`要|将|把|应|须|号召|结合|指出|强调|认为`)

// reGuide is a clause naming what guides work: 以…思想为指导.
var reGuide = mustPattern(`以[^,。;:]{1,60}?为(?:指导|指引|引领|统领|遵循)`)

// guidedProgramme reports whether the text before a congress states a
// plan: a colon, a guiding clause (以…为指导), then the congress's spirit
// with no 传达 and no 了 after it ("…锚定发展路径:以…为指导,深入学习贯彻
// …精神,…"). A meeting itself may be guided (会议以…为指导,深入学习贯彻…),
// so the colon that opens what a plan holds is required.
func guidedProgramme(before string) bool {
	locs := reGuide.FindAllStringSubmatchIndex(before, -1)
	if locs == nil {
		return false
	}
	last := locs[len(locs)-1]
	if !strings.HasSuffix(strings.TrimRight(before[:last[0]], " "), ":") {
		return false
	}
	rest := before[last[1]:]
	return !strings.Contains(rest, "传达") && !strings.Contains(rest, "了")
}

// reSpeechAfter is what follows a congress named as the occasion of a
// speech: "…期间的重要讲话", "…上的讲话".
// A report given at a congress is its own report, which is relayed.
var reSpeechAfter = mustPattern(`^[^,。;]{0,40}?(?:期间|会上|上)(?:的|发表的)[^,。;]{0,8}?(?:讲话|致辞)`)

// reOwnReport is what follows a congress whose own report is named: "…在
// …代表大会(上)所作的《…》的报告", "…所作的工作报告". Studying that report
// relays the congress, as its spirit would.
var reOwnReport = mustPattern(`^(?:上|会上)?所?作的(?:《[^》]*》的?)?(?:工作)?报告`)

// speechOccasion reports whether a congress is named as where a speech was
// given: "习近平总书记在十四届全国人大二次会议、…期间的重要讲话". The speech
// is relayed, not the congress (GUIDE: a speech is no congress).
func speechOccasion(before, after string) bool {
	k := strings.LastIndex(before, "在")
	if k < 0 || utf8.RuneCountInString(before[k:]) > 40 || strings.ContainsAny(before[k:], ",。;") {
		return false
	}
	loc := reSpeechAfter.FindStringSubmatchIndex(after)
	// …四中全会精神专题研讨班开班式上的讲话: the occasion is a class named
	// for the congress's spirit, which may still be relayed.
	return loc != nil && !strings.Contains(after[:loc[1]], "精神")
}

// referencedDoc reports whether a document at pos is named as a yardstick
// or a basis (对照…《…》, 按照《…》): its issuer's act is not reported here.
func (d *docState) referencedDoc(pos int) bool {
	from := max(0, pos-150)
	clause := d.s[from:pos]
	if i := strings.LastIndexAny(clause, ",。;:"); i >= 0 {
		clause = clause[i+1:]
	}
	return hasAnyContains(clause, "对照", "按照", "根据", "依据", "参照", "遵照", "依照")
}

// findEvents finds the relay meetings and notices.
func (d *docState) findEvents() {
	for li, l := range d.lines {
		if !d.live() {
			return
		}
		if l.nav {
			continue
		}
		for k, sent := range l.sentences {
			n := len(d.events)
			d.eventsIn(li, sent)
			if k > 0 && len(d.events) == n {
				// The opening may be reported one sentence further back,
				// before the arrangements for watching it.
				prev := l.sentences[k-1]
				if k > 1 {
					prev.start = l.sentences[k-2].start
				}
				d.watchedOpening(li, prev, sent)
			} else if k == 0 && li > 0 && len(d.events) == n {
				// …or in the last sentence of the paragraph before.
				if pl := d.lines[li-1]; !pl.nav && len(pl.sentences) > 0 {
					prev := pl.sentences[len(pl.sentences)-1]
					if len(pl.sentences) > 1 {
						prev.start = pl.sentences[len(pl.sentences)-2].start
					}
					d.watchedOpening(li, prev, sent)
				}
			}
			if len(d.events) == n {
				d.bracketTopic(li, sent)
			}
			if len(d.events) == n {
				d.untitledNotice(li, sent)
			}
		}
	}
	d.dateTitleEvents()
	d.issuers()
	d.noticeArticle()
	for k := range d.docs {
		m := &d.docs[k]
		if m.issuer == nil {
			continue
		}
		if d.referencedDoc(m.start) {
			continue // 对照…《…意见》: a yardstick, not an act reported here
		}
		if cs := d.congsIn(span{m.start, m.end}); len(cs) > 0 {
			d.addEvent(event{holder: m.issuer, congs: cs, kind: "notice", doc: m, sent: m.evidence}, d.lineAt(m.start))
		}
	}
	d.consolidate()
	d.chairedMeetings()
}

// congsIn lists the relayed congresses named inside sp.
func (d *docState) congsIn(sp span) []*congressMention {
	var out []*congressMention
	d.ix = d.congIndex().in(sp.start, sp.end, d.ix)
	for _, k := range d.ix {
		c := &d.congs[k]
		if c.end <= sp.end && (c.spirit || strings.Contains(d.s[sp.start:sp.end], "精神")) {
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
	// actorEnd is where the acting body must have been named by: before the
	// verb that relays the first congress.
	actorEnd := sent.end
	// The congresses of the sentence (the list is not touched below).
	inSent := d.congIndex().in(sent.start, sent.end, nil)
	setting := -1
	for _, k := range inSent {
		c := &d.congs[k]
		ownText := communiqueTitle(s[:c.start], s[c.end:]) || reOwnReport.MatchString(s[c.end:sent.end])
		if c.end > sent.end || d.insideDocument(c.start) && !ownText && !d.lectureTopic(sent, c) {
			continue
		}
		if setting < 0 {
			setting = d.settingEnd(sent)
		}
		if c.end <= setting {
			// 在…深入学习贯彻党的二十大精神…的关键时刻,: when, not what
			// the body relays.
			continue
		}
		before := s[sent.start:c.start]
		after := s[c.end:sent.end]
		trimmed := strings.TrimSuffix(strings.TrimSuffix(before, "了"), "对")
		verb := d.x.lex.relayVerbs.suffix(trimmed)
		verbBefore := verb != ""
		at := c.start
		if verbBefore {
			at = sent.start + len(trimmed) - len(verb)
		} else if c.spirit || ownText {
			if v := d.relayVerbEarlier(before); v >= 0 {
				verbBefore, at = true, sent.start+v
			}
		}
		listed := false
		if k := len(relayed) - 1; k >= 0 && c.spirit {
			// Plenums written as one name (十九届二中、三中全会) share a span.
			listed = relayed[k].start == c.start || (relayed[k].end <= c.start && listContinues(s[relayed[k].end:c.start]))
		}
		if d.byDelegates(sent, c) {
			// A delegation studies its congress's reports while it sits:
			// the congress at work, not a relay (GUIDE).
			continue
		}
		if guidedProgramme(before) || speechOccasion(before, after) {
			// 以…为指导,深入学习贯彻…精神: a programme; 在…会议期间的
			// 重要讲话: the occasion of a speech. Neither is a relay.
			continue
		}
		if reSpiritAsTime.MatchString(after) {
			// 在全面贯彻落实党的二十大精神的关键之年: when, not what is relayed.
			continue
		}
		meetingAfter := d.meetingKindAfter(after) != "" || d.campaignAfter(after)
		if !verbBefore && strings.HasSuffix(before, "对") && reTreatedSpirit.MatchString(after) {
			// 对十九大精神进行宣讲: the verb follows, after 进行.
			verbBefore, at = true, sent.start+len(before)-len("对")
		}
		if !verbBefore && strings.HasSuffix(before, "将") && reSpiritPassedOn.MatchString(after) {
			// 第一时间将…精神传达到各基层单位: 将 marks the object here, not
			// a plan; an exhortation before it (要将…) still stops the actor.
			verbBefore, at = true, sent.start+len(before)-len("将")
		}
		if p := suffixOf(before, "进行了", "进行"); !verbBefore && p != "" && reSpiritTreatment.MatchString(after) {
			// 进行两会精神、政府工作报告解读: the verb is the noun after.
			verbBefore, at = true, sent.start+len(before)-len(p)
		}
		if (verbBefore && (c.spirit || ownText)) || listed || meetingAfter || watched(before, after) || d.lectureTopic(sent, c) {
			if len(relayed) == 0 {
				actorEnd = at
			}
			relayed = append(relayed, c)
		}
	}
	if len(relayed) == 0 {
		return
	}
	var (
		intro  span
		holder *bodyMention
	)
	// "宣讲会上,…宣讲了…精神": the meeting described before acts, not a
	// body named in a speaker's titles.
	if !d.atMeeting(sent) {
		holder = d.actorBefore(sent.start, actorEnd)
	}
	if holder == nil {
		holder = d.systemHost(sent, relayed[0].start)
	}
	if holder == nil {
		holder, relayed = d.holderAfterPurpose(sent, relayed)
	}
	if holder == nil {
		holder, intro = d.meetingHolderBefore(sent)
	}
	if holder == nil {
		holder = d.organiserAfter(li, sent, relayed[0].end)
	}
	if holder == nil {
		return
	}
	ev := event{holder: holder, congs: relayed, sent: sent}
	ev.kind = d.meetingKind(holder.end, sent.end)
	ev.date, ev.dateBasis = d.eventDate(li, sent, holder, relayed)
	if !ev.date.valid() && intro.end > intro.start {
		// "会上,传达学习了…": the date is that of the sentence that
		// introduced the meeting.
		ev.date, ev.dateBasis = d.dateIn(intro, sent, relayed)
	}
	if !ev.date.valid() {
		ev.date, ev.dateBasis = d.openingWatched(sent, relayed)
	}
	if (!ev.date.valid() || ev.date.Year == 0) && (intro.end > intro.start || d.atMeeting(sent)) {
		// "会议传达学习了…", "宣讲会上,…": the meeting was reported, and
		// dated, as the paragraph that introduced it opened (5月8日下午,
		// X全体会议在…举行).
		if dt, basis := d.leadSentenceDate(li, intro, relayed); dt.valid() && (!ev.date.valid() || dt.Year != 0) {
			ev.date, ev.dateBasis = dt, basis
		}
	}
	d.addHolderEvent(ev, li)
}

// addHolderEvent adds ev, once per listed body where its holder is one of
// a list acting together.
func (d *docState) addHolderEvent(ev event, li int) {
	holder := ev.holder
	if holder.group == 0 {
		d.addEvent(ev, li)
		return
	}
	// 邯郸、沧州等市总工会也分别召开会议: one event per listed body; a chair
	// named in the sentence cannot be told apart, so none is given.
	if d.groupMembers == nil {
		d.groupMembers = map[int][]int{}
		for k := range d.bodies {
			if b := &d.bodies[k]; b.group != 0 && b.name != "" {
				d.groupMembers[b.group] = append(d.groupMembers[b.group], k)
			}
		}
	}
	for _, k := range d.groupMembers[holder.group] {
		gev := ev
		gev.holder = &d.bodies[k]
		d.addEvent(gev, -1)
	}
}

// communiqueTitle reports whether a congress named between before and
// after is the whole name in the title of its own communiqué (《…全体会议
// 公报》): relaying the communiqué relays the congress.
func communiqueTitle(before, after string) bool {
	return strings.HasSuffix(before, "《") && hasAnyPrefix(after, "公报》", "公報》")
}

// reTreatedSpirit is what follows a congress whose spirit is the object of
// 对 and a relaying verb after 进行 or 作: "对党的二十大精神进行宣讲".
var reTreatedSpirit = mustPattern(`^(?:会议)?精神(?:进行了|进行|作了|作)(?:深入|系统|全面|详细|专题)?(?:宣讲|解读|传达|学习|阐释|辅导|讲解)`)

// byDelegates reports whether congress c is studied in sent by its own
// delegates: a delegation to it (中国工会十八大山东省代表团) is named in the
// sentence or just before it in its paragraph.
func (d *docState) byDelegates(sent span, c *congressMention) bool {
	if d.delegations == nil {
		d.delegations = map[string]bool{}
		for k := range d.congs {
			m := &d.congs[k]
			rest := d.s[m.end:min(len(d.s), m.end+30)]
			if i := strings.Index(rest, "代表团"); i >= 0 && hanRunStart(rest, i, 10) == 0 {
				d.delegations[m.name] = true
			}
		}
	}
	if !d.delegations[c.name] {
		return false
	}
	from := max(0, sent.start-300)
	if li := d.lineAt(sent.start); li >= 0 {
		from = max(from, d.lines[li].start)
	}
	return strings.Contains(d.s[from:sent.end], "代表团")
}

// organiserAfter returns the body a later sentence names as the organiser
// (由X主办) of a gathering that sent reports held with no holder: "…宣讲活动
// 在南京成功举办。…本次活动由中国教科文卫体工会主办". The gathering must be
// reported held after the congress (from on), and the organiser named
// within the next two paragraphs.
func (d *docState) organiserAfter(li int, sent span, from int) *bodyMention {
	if !hasAnyContains(d.s[from:sent.end], "举办", "举行", "召开", "开班", "启动") {
		return nil
	}
	if !d.organisersDone {
		d.organisersDone = true
		for off := 0; ; {
			i := strings.Index(d.s[off:], "主办")
			if i < 0 {
				break
			}
			i += off
			off = i + len("主办")
			b := d.bodyEndingAt(i)
			if b == nil || b.name == "" || b.generic || !strings.HasSuffix(d.s[:b.start], "由") {
				continue
			}
			d.organisers = append(d.organisers, b)
		}
	}
	// The organisers are in text order: the first after the sentence.
	k := sort.Search(len(d.organisers), func(k int) bool { return d.organisers[k].start >= sent.end })
	if k == len(d.organisers) || d.organisers[k].start >= d.lines[min(len(d.lines)-1, li+2)].end {
		return nil
	}
	return d.organisers[k]
}

// reSpiritPassedOn is what follows a congress that 将 made the object of
// passing on: "…会议精神传达到各基层单位".
var reSpiritPassedOn = mustPattern(`^(?:会议)?精神(?:及时|迅速|第一时间)?(?:传达到|传达至|传达给|传达了)`)

// reSpiritTreatment is what follows a congress after 进行: its spirit, and
// a noun of relaying closing the clause ("精神、政府工作报告解读").
var reSpiritTreatment = mustPattern(`^(?:会议)?精神[^,。;]{0,20}?(?:解读|宣讲|辅导|讲解|阐释)`)

// reIssuedNotice is a notice issued without a title: 发出通知, 下发了通知.
var reIssuedNotice = mustPattern(`(?:发出|下发|印发|发布)了?(?:一份)?(?:紧急)?通知`)

// untitledNotice reads a body issuing a notice with no title whose
// subject is a congress's spirit: "5月15日,省总工会发出通知,要求全省各级
// 工会…组织好省第十三次党代会精神的学习宣传贯彻". The notice relays the
// congresses whose spirit the sentence names after it (GUIDE: a notice
// whose subject is the congress's spirit).
func (d *docState) untitledNotice(li int, sent span) {
	text := d.s[sent.start:sent.end]
	loc := reIssuedNotice.FindStringSubmatchIndex(text)
	if loc == nil {
		return
	}
	at := sent.start + loc[0]
	var congs []*congressMention
	for _, k := range d.congIndex().in(sent.start+loc[1], sent.end, nil) {
		if c := &d.congs[k]; c.end <= sent.end && c.spirit && !d.insideDocument(c.start) {
			congs = append(congs, c)
		}
	}
	if len(congs) == 0 {
		return
	}
	holder := d.actorBefore(sent.start, at)
	if holder == nil {
		return
	}
	ev := event{holder: holder, congs: congs, sent: sent, kind: "notice"}
	ev.date, ev.dateBasis = d.eventDate(li, sent, holder, congs)
	d.addEvent(ev, li)
}

// openingWatched returns the opening day of a congress whose opening the
// sentence says was watched (集中收看…开幕盛况, 收听收看…开幕会): it is
// watched as it happens.
func (d *docState) openingWatched(sent span, congs []*congressMention) (date, string) {
	for _, c := range congs {
		if c.cal == nil || c.cal.Start.IsZero() || c.end > sent.end {
			continue
		}
		after := strings.TrimPrefix(d.s[c.end:sent.end], "的")
		if watched(d.s[sent.start:c.start], after) && hasAnyPrefix(after, "开幕") {
			t := c.cal.Start
			return date{t.Year(), int(t.Month()), t.Day()}, "congress-calendar"
		}
	}
	return date{}, ""
}

// leadSentenceDate returns the date in the first sentence of the paragraph
// that introduced a meeting: intro's, else the one before the event's
// line.
func (d *docState) leadSentenceDate(li int, intro span, congs []*congressMention) (date, string) {
	var lines []int
	if intro.end > intro.start {
		if il := d.lineAt(intro.start); il >= 0 && il != d.titleLine {
			lines = append(lines, il)
		}
	}
	for j := li - 1; j >= max(0, li-3); j-- {
		if len(d.lines[j].sentences) > 0 {
			if j != d.titleLine && !d.lines[j].nav {
				lines = append(lines, j)
			}
			break
		}
	}
	for _, j := range lines {
		// The year, when missing, may be read in the whole paragraph (…
		// 举行。会议总结2019年工作,部署2020年任务。).
		l := d.lines[j]
		if dt, basis := d.dateIn(l.sentences[0], span{l.start, l.end}, congs); dt.valid() {
			return dt, basis
		}
	}
	return date{}, ""
}

// reSettingEnd ends a clause that sets the time of what follows: "在全市上下
// 深入学习贯彻…精神,不断掀起热潮的关键时刻,".
var reSettingEnd = mustPattern(`(?:关键时刻|重要时刻|关键时期|之际|关键之年|开局之年|之时|热潮中|背景下),`)

// settingEnd returns where a sentence's opening setting clause ends ("在…
// 的关键时刻,", "正值…之际,"), or sent.start when it opens with none. No
// meeting may be held inside the clause.
func (d *docState) settingEnd(sent span) int {
	text := d.s[sent.start:sent.end]
	if !hasAnyPrefix(text, "在", "正值", "值此", "时值") {
		return sent.start
	}
	loc := reSettingEnd.FindStringSubmatchIndex(text)
	if loc == nil || hasAnyContains(text[:loc[0]], "召开", "举办", "举行", "开展", "组织") {
		return sent.start
	}
	return sent.start + loc[1]
}

// dateTitleEvents dates a relay read from the headline, which states no
// date, with the date of the lead: the first sentence of the body that
// dates something held ("10月19日下午,…召开了…宣讲会"). News items open with
// the event their headline names.
// A headline is the title line or, where site chrome came first, a short
// line without a full stop among the first lines.
func (d *docState) dateTitleEvents() {
	for k := range d.events {
		e := &d.events[k]
		if e.date.valid() {
			continue
		}
		li := d.lineAt(e.sent.start)
		if li < 0 || li > 8 || e.sent.end > d.lines[li].end {
			continue
		}
		if l := d.lines[li]; li != d.titleLine && (strings.Contains(l.text, "。") || utf8.RuneCountInString(l.text) > 60) {
			continue
		}
		if dt, basis, ok := d.leadDate(e, li); ok {
			e.date, e.dateBasis = dt, basis
		}
	}
}

// leadDate finds the date of the lead sentence for event e: the first
// sentence after the headline that holds a date and says that something
// was held, within the first content lines.
func (d *docState) leadDate(e *event, headline int) (date, string, bool) {
	// The body's own report of the same relay, dated.
	for _, o := range d.events {
		if o.date.valid() && o.holder.name == e.holder.name && o.doc == nil && len(o.congs) > 0 && len(e.congs) > 0 && o.congs[0].name == e.congs[0].name {
			return o.date, o.dateBasis, true
		}
	}
	seen := 0
	for li := headline + 1; li < len(d.lines) && seen < 3; li++ {
		l := d.lines[li]
		if l.nav || l.heading || len(l.sentences) == 0 {
			continue
		}
		// Source and publication lines date the page, not the event.
		if d.find.match(rePublished, l.start, l.end) || hasAnyContains(l.text, "来源", "发布时间", "发布日期", "浏览", "作者") {
			continue
		}
		seen++
		for _, sent := range l.sentences[:min(2, len(l.sentences))] {
			text := d.s[sent.start:sent.end]
			if !strings.Contains(text, e.holder.name) && !hasAnyContains(text, "召开", "举办", "举行", "开展", "组织", "开班") {
				continue
			}
			if dt, basis := d.dateIn(sent, sent, e.congs); dt.valid() {
				return dt, basis, true
			}
			if dt, ok := d.yesterday(sent); ok {
				return dt, "published", true
			}
		}
	}
	return date{}, "", false
}

// relayVerbEarlier reports whether a relay verb governs a congress named
// later in its clause, after other things relayed with it: "传达学习了习近平
// 总书记…重要讲话精神和中国工会十八大精神". Nothing between the verb and the
// congress may turn the clause into an exhortation.
// It returns where that verb starts in before, or -1.
func (d *docState) relayVerbEarlier(before string) int {
	start, last := -1, -1
	for i := 0; i < len(before); {
		if v := d.x.lex.relayVerbs.prefix(before[i:]); v != "" {
			start, last = i, i+len(v)
			i += len(v)
			continue
		}
		_, w := decodeRune(before[i:])
		i += w
	}
	if last < 0 {
		return -1
	}
	rest := before[last:]
	limit := 80
	if strings.Contains(rest, "精神,") {
		// "…会议精神,认真落实…": a list closed by 精神 and a comma ends
		// what the verb governs, unless what follows the comma is one more
		// thing relayed ("…讲话精神,省委…的讲话和文件精神,省总工会…全委会议
		// 精神"): no verb of its own.
		if !d.spiritListGoesOn(rest) {
			return -1
		}
		limit = 160
	}
	// 以 and 为 open a purpose or a standard (以…为指导); the 以 of 以及
	// joins one more thing relayed.
	if utf8.RuneCountInString(rest) > limit || exhorts(rest) || strings.Contains(rest, "为") || strings.Contains(strings.ReplaceAll(rest, "以及", ""), "以") {
		return -1
	}
	return start
}

// spiritListGoesOn reports whether every item after a "精神," in rest (the
// text between a relay verb and a congress) is one more thing relayed: it
// holds no relay verb and no verb of action among its first runes (认真
// 落实…, 部署…).
func (d *docState) spiritListGoesOn(rest string) bool {
	for {
		i := strings.Index(rest, "精神,")
		if i < 0 {
			return true
		}
		rest = rest[i+len("精神,"):]
		item := rest
		if j := strings.Index(item, "精神,"); j >= 0 {
			item = item[:j]
		}
		item = strings.TrimPrefix(strings.TrimPrefix(item, "以及"), "和")
		if strings.ContainsAny(item, "了并") {
			return false // 审议并通过了…: a clause of its own
		}
		for k, n := 0, 0; k < len(item); n++ {
			// A verb of action within the item's first runes (认真落实…)
			// or a relay verb anywhere makes it a clause of its own.
			if n < 4 && d.x.lex.actionVerbs.prefix(item[k:]) != "" || d.x.lex.relayVerbs.prefix(item[k:]) != "" {
				return false
			}
			_, w := decodeRune(item[k:])
			k += w
		}
	}
}

// atMeeting reports whether a sentence opens at a meeting already
// described: "宣讲会上,", "座谈会上,", "活动中,".
func (d *docState) atMeeting(sent span) bool {
	rest := d.s[sent.start:sent.end]
	for i, n := 0, 0; i < len(rest) && n < 8; n++ {
		if hasAnyPrefix(rest[i:], "会上", "班上", "活动中", "活动上", "仪式上") {
			return i > 0
		}
		_, w := decodeRune(rest[i:])
		i += w
	}
	return false
}

// lectureTopic reports whether a congress is named in the title of a lecture
// given in the sentence: "以《党的二十大精神学习辅导》为题…授课".
func (d *docState) lectureTopic(sent span, c *congressMention) bool {
	if !d.insideDocument(c.start) || !c.spirit && !strings.Contains(d.s[c.end:min(sent.end, c.end+12)], "精神") {
		return false
	}
	rest := d.s[c.end:sent.end]
	return strings.Contains(rest, "为题") && hasAnyContains(rest, "授课", "宣讲", "辅导", "报告", "讲座", "党课")
}

func hasAnyContains(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// reSystemHost finds the union system of a province, city or county as the
// subject of a meeting: "全省工会学习贯彻…精神视频会议召开". Such a meeting is
// held by that level's federation.
var reSystemHost = mustPattern(`全(省|市|区|县|州|盟|旗)(?:各级)?工会(?:系统)?`)

// systemHost returns the federation that holds a meeting of its level's
// union system named before pos in the sentence, or nil.
func (d *docState) systemHost(sent span, pos int) *bodyMention {
	loc := reSystemHost.FindStringSubmatchIndex(d.s[sent.start:pos])
	if loc == nil {
		return nil
	}
	rest := d.s[sent.start+loc[1] : sent.end]
	if !hasAnyContains(rest, "召开", "举行", "举办", "开班") || exhorts(d.s[sent.start+loc[1]:pos]) {
		return nil
	}
	level := d.s[sent.start+loc[2] : sent.start+loc[3]]
	div := d.levelPlace(level, sent.start+loc[0])
	if div == nil {
		return nil
	}
	return &bodyMention{start: sent.start + loc[0], end: sent.start + loc[1], surface: d.s[sent.start+loc[0] : sent.start+loc[1]],
		name: div.Name + "总工会", typ: TypeUnion, level: div.Kind(), div: div}
}

// holderAfterPurpose reads a sentence that opens with the purpose of a study
// gathering: "为深入学习贯彻党的二十大精神,5月31日,青浦区总工会举办…培训班".
// The body that holds a gathering of a study form after the purpose clause
// relays what the clause names; where the gathering is itself named for a
// congress ("…举办学习贯彻省工会十二大精神宣讲活动"), it relays that one,
// and the purpose's congresses are its reasons. It returns the holder and
// what it relays, or nil and relayed unchanged.
func (d *docState) holderAfterPurpose(sent span, relayed []*congressMention) (*bodyMention, []*congressMention) {
	if !hasAnyPrefix(d.s[sent.start:sent.end], "为", "为了") {
		return nil, relayed
	}
	var b *bodyMention
	d.ix = d.bodyIndex().in(relayed[0].end, sent.end, d.ix)
	for _, k := range d.ix {
		c := &d.bodies[k]
		if c.end <= sent.end && !c.generic && !c.inName && c.name != "" && !(c.holder && !d.holderActs(c)) {
			b = c
			break
		}
	}
	if b == nil {
		return nil, relayed
	}
	rest := d.s[b.end:sent.end]
	// The holding verb is in the body's own clause, after at most a place
	// (在行知楼B104会议室成功举办).
	clause := rest[:min(len(rest), 90)]
	if i := strings.IndexAny(clause, ",。;"); i >= 0 {
		clause = clause[:i]
	}
	if !hasAnyContains(clause, "举办", "召开", "举行", "组织", "开展") {
		return nil, relayed
	}
	for i := 0; i < len(rest); {
		if d.x.lex.studyForms.prefix(rest[i:]) != "" {
			for k, c := range relayed {
				if c.start >= b.end {
					return b, relayed[k:]
				}
			}
			return b, relayed
		}
		_, w := decodeRune(rest[i:])
		i += w
	}
	return nil, relayed
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

// bracketTopic reads a column label that names a congress's spirit as its
// topic, then the body that lectures on it or studies it: "【党的二十大精神
// 宣讲】省委宣讲团在全省工会系统宣讲".
func (d *docState) bracketTopic(li int, sent span) {
	text := d.s[sent.start:sent.end]
	if !strings.HasPrefix(text, "【") {
		return
	}
	closing := strings.Index(text, "】")
	if closing < 0 {
		return
	}
	closing += sent.start
	var topic []*congressMention
	for _, k := range d.congIndex().in(sent.start, closing, nil) {
		c := &d.congs[k]
		if c.end <= closing && strings.HasPrefix(d.s[c.end:closing], "精神") {
			topic = append(topic, c)
		}
	}
	if len(topic) == 0 {
		return
	}
	rest := d.s[closing:sent.end]
	v := -1
	for _, w := range []string{"宣讲", "传达", "学习"} {
		for off := 0; ; {
			i := strings.Index(rest[off:], w)
			if i < 0 {
				break
			}
			i += off
			off = i + len(w)
			if d.bodyAt(closing + i) {
				continue // 宣讲团: part of a name
			}
			if v < 0 || i < v {
				v = i
			}
			break
		}
	}
	if v < 0 {
		return
	}
	holder := d.actorBefore(closing, closing+v)
	if holder == nil || exhorts(d.s[holder.end:closing+v]) {
		return
	}
	ev := event{holder: holder, congs: topic, sent: sent, kind: d.meetingKind(holder.end, sent.end)}
	ev.date, ev.dateBasis = d.eventDate(li, sent, holder, topic)
	d.addEvent(ev, li)
}

// watchedOpening reads a body watching what the sentence before reports
// opening: "…第二十次全国代表大会在北京隆重开幕。…党总支组织全体党员集中观看
// 学习。" The watching sentence names no congress; the one before names the
// congress and says it opened.
func (d *docState) watchedOpening(li int, prev, sent span) {
	text := d.s[sent.start:sent.end]
	v := -1
	for _, w := range []string{"收看", "观看", "收听", "聆听"} {
		if i := strings.Index(text, w); i >= 0 && (v < 0 || i < v) {
			v = i
		}
	}
	if v < 0 || len(d.congIndex().in(sent.start, sent.end, nil)) > 0 {
		return
	}
	var opened []*congressMention
	for _, k := range d.congIndex().in(prev.start, prev.end, nil) {
		c := &d.congs[k]
		if c.end <= prev.end && hasAnyContains(d.s[c.end:min(prev.end, c.end+90)], "开幕", "召开") && !d.insideDocument(c.start) {
			opened = append(opened, c)
		}
	}
	if len(opened) == 0 {
		opened = d.broadcastWatched(li, sent, v)
	}
	if len(opened) != 1 {
		return
	}
	holder := d.actorBefore(sent.start, sent.start+v)
	if holder == nil {
		return
	}
	ev := event{holder: holder, congs: opened, sent: sent, kind: d.meetingKind(holder.end, sent.end)}
	ev.date, ev.dateBasis = d.eventDate(li, sent, holder, opened)
	if !ev.date.valid() {
		ev.date, ev.dateBasis = d.dateIn(prev, sent, opened)
	}
	d.addHolderEvent(ev, li)
}

// broadcastWatched returns what the lecture or class reported last in the
// paragraph relays, when sent has a body watch its broadcast: "…专题研讨班
// 开班,…作辅导报告。南昌市总工会组织…收听收看线上辅导报告。" Watching a
// broadcast is a relay (GUIDE). v is where the watching verb starts in sent.
func (d *docState) broadcastWatched(li int, sent span, v int) []*congressMention {
	obj := d.s[sent.start+v : sent.end]
	if !hasAnyContains(obj, "报告", "直播", "讲座", "辅导", "宣讲", "视频") {
		return nil
	}
	for k := len(d.events) - 1; k >= 0; k-- {
		e := d.events[k]
		if e.sent.end > sent.start {
			continue
		}
		if e.doc != nil || e.sent.start < d.lines[li].start || len(e.congs) != 1 {
			return nil
		}
		return e.congs
	}
	return nil
}

// meetingHolderBefore resolves a sentence whose subject is the meeting just
// described ("会议传达学习了…", "会上…", "会议审议通过了…"): the body that
// acts in the paragraph before it, and the sentence that introduced the
// meeting.
func (d *docState) meetingHolderBefore(sent span) (*bodyMention, span) {
	rest := d.s[sent.start:sent.end]
	// "随后,会议…", "接着,会议…": a step of the meeting just described.
	for _, w := range []string{"随后,", "接着,", "然后,", "其后,", "最后,"} {
		rest = strings.TrimPrefix(rest, w)
	}
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "此次"), "本次")
	// A gathering named alone (培训班邀请了…) is the one just described.
	if !hasAnyPrefix(rest, "会议", "会上", "会议上", "大会", "会议还", "会议认真", "与会人员", "与会同志", "与会者") && !d.atMeeting(sent) && d.x.lex.studyForms.prefix(rest) == "" {
		return nil, span{}
	}
	after := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(rest, "会议"), "会上"), "上还认真,")
	// "会议指出…", "此次会议,是在…形势下召开的": what was said or the
	// setting, not what was done.
	if exhorts(after[:min(len(after), 9)]) || hasAnyPrefix(after, "是在", "在") {
		return nil, span{}
	}
	li := d.lineAt(sent.start)
	if li < 0 {
		return nil, span{}
	}
	if strings.HasPrefix(rest, "大会") && !hasAnyContains(rest, "传达", "学习") && d.congressHeldBefore(d.lines[max(0, li-2)].start, sent.start) {
		// "…代表大会在郑州闭幕。…大会…贯彻落实…精神,审议通过了…": the
		// congress itself at work, whose programme relays nothing (GUIDE).
		return nil, span{}
	}
	// The meeting last described before this sentence.
	for k := len(d.events) - 1; k >= 0; k-- {
		if e := d.events[k]; e.doc == nil && e.sent.end <= sent.start {
			return e.holder, e.sent
		}
	}
	// No event yet: the last body acting before, in this paragraph or the
	// one before it; or the body whose own plenary session the paragraph
	// before opened ("省总工会十二届三次全委会议在哈尔滨召开").
	// A session reported as convened is the meeting "会议" stands for,
	// though a later sentence names its chair by a title of the same body.
	from := d.lines[max(0, li-1)].start
	if b := d.sessionHolderBefore(from, sent.start); b != nil {
		return b, d.sentenceAt(b.start)
	}
	if b := d.actorBefore(from, sent.start); b != nil {
		return b, d.sentenceAt(b.start)
	}
	return nil, span{}
}

// congressHeldBefore reports whether a congress named between from and to
// is reported as opening, closing or held: the 大会 a later sentence
// speaks of.
func (d *docState) congressHeldBefore(from, to int) bool {
	for _, k := range d.congIndex().in(from, to, nil) {
		c := &d.congs[k]
		if c.end <= to && hasAnyContains(d.s[c.end:min(to, c.end+120)], "闭幕", "开幕", "召开", "举行") {
			return true
		}
	}
	return false
}

// sessionHolderBefore returns the body whose plenary or executive session
// is reported as held ("…全委会议在…召开") between from and to.
func (d *docState) sessionHolderBefore(from, to int) *bodyMention {
	var best *bodyMention
	for _, k := range d.congIndex().in(from, to, nil) {
		c := &d.congs[k]
		if c.end > to || c.kind != kindUnionPlenum && c.kind != kindUnionExecutive {
			continue
		}
		// 召开 or 举行 within the clause: "…全体会议在…会议室召开".
		tail := d.s[c.end:min(to, c.end+60)]
		if k := strings.IndexAny(tail, ",，。;；"); k >= 0 {
			tail = tail[:k]
		}
		if !hasAnyContains(tail, "召开", "举行") {
			continue
		}
		d.ix = d.bodyIndex().in(c.start, c.end, d.ix)
		for _, j := range d.ix {
			b := &d.bodies[j]
			if b.end <= c.end && b.name != "" && !b.generic {
				best = b
			}
		}
	}
	return best
}

// actorBefore returns the body acting in the sentence before pos: the last
// body named before it that is one body (not a class of them), not inside
// a congress's name, with no exhortation between it and pos.
func (d *docState) actorBefore(sentStart, pos int) *bodyMention {
	var best *bodyMention
	for _, k := range d.bodyIndex().in(sentStart, pos, nil) {
		b := &d.bodies[k]
		if b.end > pos || b.generic || b.inName || b.name == "" || d.insideDocument(b.start) || b.holder && !d.holderActs(b) {
			continue
		}
		if before := d.s[sentStart:b.start]; hasAnySuffix(before, "按照", "根据", "遵照", "依照") ||
			(strings.HasPrefix(d.s[b.end:], "的") && strings.HasSuffix(before, "在")) {
			// 按照省总工会(的)统一部署: whose plan it is, not who acts.
			continue
		}
		if hasAnySuffix(d.s[sentStart:b.start], "邀请", "邀请了", "特邀", "特邀了", "邀请来自", "请来") {
			// 邀请省总工会培训中心老师…授课: the guest's body, not the host.
			continue
		}
		if hasAnySuffix(d.s[sentStart:b.start], "到", "赴", "来到", "走进", "前往", "深入") {
			// 一行到中山市总工会宣讲: where the lecture was given, not who gave it.
			continue
		}
		if d.relayedContent(sentStart, b.start) {
			// 传达学习了…同全国总工会…谈话精神: part of what is relayed.
			continue
		}
		if best == nil || b.start > best.start {
			best = b
		}
	}
	if best == nil {
		return nil
	}
	if exhorts(d.s[best.end:pos]) {
		return nil
	}
	return best
}

// relayedContent reports whether a body at pos follows a relay verb in its
// own clause (at most 40 runes back): it is named in what is relayed.
func (d *docState) relayedContent(sentStart, pos int) bool {
	from := pos
	for i, n := pos, 0; i > sentStart && n < 40; n++ {
		r, w := utf8.DecodeLastRuneInString(d.s[:i])
		if r == ',' || r == ';' || r == '。' || r == ':' {
			break
		}
		i -= w
		from = i
	}
	clause := d.s[from:pos]
	for i := 0; i < len(clause); {
		if d.x.lex.relayVerbs.prefix(clause[i:]) != "" {
			return true
		}
		_, w := decodeRune(clause[i:])
		i += w
	}
	return false
}

func (d *docState) insideDocument(pos int) bool {
	d.docCover.sync(len(d.s), len(d.docs), func(k int) (int, int) { return d.docs[k].start, d.docs[k].end })
	return d.docCover.has(pos)
}

// meetingKindAfter reads a meeting named for the congress before it:
// "…精神学习专题会议", "…专题学习会".
func (d *docState) meetingKindAfter(after string) string {
	rest := after
	// 宣传 is tried before and after 学习: 宣传学习活动, 学习宣传贯彻….
	for _, p := range []string{"会议精神", "精神", "传达", "宣传", "学习", "宣传", "贯彻", "宣讲", "专题", "集中"} {
		if k := d.gatheringPrefix(rest); k != "" {
			return k
		}
		rest = strings.TrimPrefix(rest, p)
	}
	return d.gatheringPrefix(rest)
}

// reQuotedSpirit is the rest of a quoted campaign name that holds a
// congress's spirit: "党的二十大精神进企业进车间进班组”.
var reQuotedSpirit = mustPattern(`^精神[^”」』"。,;]{0,24}[”」』"](?:系列|主题|专题)?`)

// campaignAfter reads a campaign named for a congress's spirit in quotation
// marks and held as a form of study: 开展了“党的二十大精神进企业”系列宣讲活动.
func (d *docState) campaignAfter(after string) bool {
	loc := reQuotedSpirit.FindStringSubmatchIndex(after)
	if loc == nil {
		return false
	}
	return d.gatheringPrefix(after[loc[1]:]) != ""
}

// gatheringPrefix returns the meeting kind, or the form of study gathering
// (传达会, 研讨班, 宣讲活动), that s starts with. A gathering named for a
// congress's spirit relays it: "…大会精神传达会", "…精神专题研讨班".
func (d *docState) gatheringPrefix(s string) string {
	if k := d.x.lex.meetings.prefix(s); k != "" {
		return k
	}
	k := d.x.lex.studyForms.prefix(s)
	if k == "宣讲" || k == "培训" {
		return "" // verbs as often as names: 精神宣讲到基层
	}
	return k
}

// meetingKind is the longest meeting-kind word in s[from:to].
func (d *docState) meetingKind(from, to int) string {
	best := ""
	lx := d.x.lex
	for i := from; i < to; {
		r, w := decodeRune(d.s[i:to])
		if lx.meetings.pre.mayStart(r) || lx.studyForms.pre.mayStart(r) {
			if k := d.gatheringPrefix(d.s[i:to]); len(k) > len(best) {
				best = k
			}
		}
		i += w
	}
	if best == "" {
		return "会议"
	}
	return best
}

var reYearAlone = mustPattern(`(\d{4})年`)

// reYearPlanned is a year whose work a meeting plans: 部署2023年工作.
var reYearPlanned = mustPattern(`(?:部署|谋划|安排)了?(\d{4})年`)

// eventDate finds a meeting's date: a date in its sentence before the
// holder, else one opening its paragraph; the year, when missing, from the
// sentence, the publication date, the congress calendar, or the latest
// dated event the article mentions.
func (d *docState) eventDate(li int, sent span, holder *bodyMention, congs []*congressMention) (date, string) {
	var dm *dateMention
	dx := d.dateIndex()
	d.ix = dx.in(sent.start, holder.start, d.ix)
	for _, k := range d.ix {
		m := &d.dates[k]
		if m.dateline {
			continue
		}
		if m.end <= holder.start {
			dm = m
		}
	}
	if dm == nil {
		l := d.lines[li]
		d.ix = dx.in(l.start, l.start+12, d.ix)
		for _, k := range d.ix {
			m := &d.dates[k]
			if !m.dateline && m.end <= sent.start {
				dm = m
			}
		}
	}
	if dm == nil && holder.start < sent.start {
		// "3月30日,X全委会议在贵阳召开。会议传达学习…": the meeting was
		// convened, and dated, in the holder's sentence.
		hs := d.sentenceAt(holder.start)
		d.ix = dx.in(hs.start, holder.start, d.ix)
		for _, k := range d.ix {
			if m := &d.dates[k]; !m.dateline && m.end <= holder.start {
				dm = m
			}
		}
	}
	if dm == nil {
		if hasAnyPrefix(d.s[sent.start:sent.end], "同日", "当日", "当天", "同一天") && len(d.events) > 0 {
			prev := d.events[len(d.events)-1]
			return prev.date, prev.dateBasis
		}
		dm = d.datelineToday(sent, holder)
	}
	if dm == nil {
		if dt, ok := d.yesterday(sent); ok {
			return dt, "published"
		}
		return date{}, ""
	}
	dt := dm.date
	if dt.Year != 0 {
		return dt, ""
	}
	return d.inferYear(dt, sent, congs)
}

// dateIn returns the date written in sp (its first one), with its year
// inferred as eventDate does.
func (d *docState) dateIn(sp, sent span, congs []*congressMention) (date, string) {
	for _, k := range d.dateIndex().in(sp.start, sp.end, nil) {
		m := &d.dates[k]
		if m.dateline || m.end > sp.end {
			continue
		}
		if m.date.Year != 0 {
			return m.date, ""
		}
		return d.inferYear(m.date, sent, congs)
	}
	return date{}, ""
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
	if m := reYearPlanned.FindStringSubmatch(d.s[sent.start:sent.end]); m != nil {
		// 总结2022年工作,部署2023年任务: a meeting that plans a year is held
		// early in it or late in the year before.
		dt.Year = atoiOr(m[1])
		if dt.Month > 6 {
			dt.Year--
		}
		return dt, "sentence"
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
		if !d.latestCalDone {
			for _, c := range d.congs {
				if c.cal == nil {
					continue
				}
				if upcoming(d.s[:c.start]) {
					// 迎接党的十九大: the article was written before it.
					if d.upcomingCal.IsZero() || c.cal.Start.Before(d.upcomingCal) {
						d.upcomingCal = c.cal.Start
					}
					continue
				}
				if c.cal.Start.After(d.latestCal) {
					d.latestCal = c.cal.Start
				}
			}
			d.latestCalDone = true
		}
		latest = d.latestCal
		basis = "event-bound"
		if latest.IsZero() && !d.upcomingCal.IsZero() {
			// The meeting was held before the congress it looks forward
			// to, within the year before it opened.
			dt.Year = d.upcomingCal.Year()
			if time.Date(dt.Year, time.Month(dt.Month), dt.Day, 0, 0, 0, 0, time.UTC).After(d.upcomingCal) {
				dt.Year--
			}
			return dt, "event-bound"
		}
	}
	if latest.IsZero() {
		if y := d.onlyYear(); y != 0 {
			// 公司2016年群团工作要点: the one year the article writes.
			dt.Year = y
			return dt, "text-year"
		}
		return dt, ""
	}
	dt.Year = calendar.InferYear(dt.Month, dt.Day, calendar.Congress{Start: latest})
	return dt, basis
}

// onlyYear returns the year the article writes ("2016年") when it writes
// exactly one, else 0. Computed once.
func (d *docState) onlyYear() int {
	if d.onlyYearDone {
		return d.onlyYearVal
	}
	d.onlyYearDone = true
	year := 0
	for off := 0; ; {
		i := strings.Index(d.s[off:], "年")
		if i < 0 {
			break
		}
		i += off
		off = i + len("年")
		if i < 4 || !allDigits(d.s[i-4:i]) || i > 4 && d.s[i-5] >= '0' && d.s[i-5] <= '9' {
			continue
		}
		y := atoiOr(d.s[i-4 : i])
		if y < 1949 || y > 2100 {
			continue
		}
		if year != 0 && y != year {
			return 0
		}
		year = y
	}
	d.onlyYearVal = year
	return year
}

// upcoming reports whether a congress named after before is looked forward
// to: 迎接党的二十大(胜利召开), 喜迎二十大.
func upcoming(before string) bool {
	return hasAnySuffix(before, "迎接", "喜迎", "迎接中国共产党", "喜迎党的")
}

func allDigits(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return s != ""
}

// addEvent records an event and finds who chaired it and who spoke: people
// named in its paragraph with 主持 or a speaking verb after their name.
func (d *docState) addEvent(ev event, li int) {
	if li >= 0 {
		l := d.lines[li]
		d.ix = d.personIndex().in(l.start, l.end, d.ix)
		for _, k := range d.ix {
			p := &d.persons[k]
			if p.end > l.end || p.byline != "" {
				continue
			}
			rest := d.s[p.end:min(len(d.s), p.end+12)]
			switch {
			case d.chairs(p):
				ev.chairs = append(ev.chairs, p)
			case hasAnyPrefix(rest, "讲话", "作重要讲话", "作讲话", "传达", "致辞", "宣讲", "领学", "作报告", "作了", "主讲", "解读"):
				ev.speakers = append(ev.speakers, p)
			}
		}
	}
	// One event per holder and sentence.
	if k := d.eventIndex(eventKey{ev.holder.name, ev.sent, ev.doc}); k >= 0 {
		d.events[k].congs = append(d.events[k].congs, ev.congs...)
		return
	}
	d.events = append(d.events, ev)
}

// chairsAfterName reports whether the text after a person's name says the
// person chaired: 主持, after 同志 or 出席并 (王明同志主持, 王明出席并主持
// 会议); a 主持人 is a host, not the meeting's chair.
func chairsAfterName(rest string) bool {
	rest = strings.TrimPrefix(rest, "同志")
	for _, w := range []string{"出席会议并", "出席并", "亲自"} {
		rest = strings.TrimPrefix(rest, w)
	}
	return strings.HasPrefix(rest, "主持") && !strings.HasPrefix(rest, "主持人")
}

// chairs reports whether the text says that p chaired (chairsAfterName),
// and not as an item of a list of what is relayed: "…以及韩正主持召开的…
// 会议精神" names a meeting whose spirit is studied, not the chair of the
// one held.
func (d *docState) chairs(p *personMention) bool {
	if !chairsAfterName(d.s[p.end:min(len(d.s), p.end+24)]) {
		return false
	}
	if !hasAnySuffix(d.s[:p.start], "以及", "及", "和", "与", "、") {
		return true
	}
	clause := d.s[p.end:min(len(d.s), p.end+150)]
	if i := strings.IndexAny(clause, ",。;"); i >= 0 {
		clause = clause[:i]
	}
	return !strings.Contains(clause, "精神")
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

// datelineToday returns the dateline's date ("6月30日讯") for a meeting
// held 今天 or 今日 by the report's own reckoning: "…6月30日讯 省总工会今天
// 举行…全委会议". The word must stand between the holder and the end of its
// clause.
func (d *docState) datelineToday(sent span, holder *bodyMention) *dateMention {
	from := max(holder.end, sent.start)
	clause := d.s[from:sent.end]
	if i := strings.IndexAny(clause, ",。;"); i >= 0 {
		clause = clause[:i]
	}
	if !hasAnyContains(clause, "今天", "今日") {
		return nil
	}
	// A dateline opens the report: only the lead's dates are looked at, so
	// that a long article is not scanned for each such sentence.
	var best *dateMention
	for _, k := range d.dateIndex().in(0, min(sent.end, d.leadEnd()), nil) {
		if m := &d.dates[k]; m.dateline && (best == nil || m.start < best.start) {
			best = m
		}
	}
	return best
}

// yesterday returns the day before the report's own date for a sentence
// that says its meeting was held 昨天 or 昨日 ("苏报讯 昨天,全市工会…座谈会
// 召开"): the dateline's date, else the publication date, less a day. The
// word must stand in the sentence's first clause.
func (d *docState) yesterday(sent span) (date, bool) {
	clause := d.s[sent.start:sent.end]
	if i := strings.IndexAny(clause, ",。;"); i >= 0 {
		clause = clause[:i]
	}
	if !hasAnyContains(clause, "昨天", "昨日") {
		return date{}, false
	}
	base := d.published
	if dl := parseISODate(d.doc.Dateline); dl.valid() && dl.Year != 0 {
		base = dl
	}
	if !base.valid() || base.Year == 0 {
		return date{}, false
	}
	t := time.Date(base.Year, time.Month(base.Month), base.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return date{t.Year(), int(t.Month()), t.Day()}, true
}

// leadEnd is where the article's opening lines (inLead) end.
func (d *docState) leadEnd() int {
	seen, end := 0, 0
	for _, l := range d.lines {
		if l.nav || strings.TrimSpace(l.text) == "" {
			continue
		}
		end = l.end
		if seen++; seen >= leadLines {
			break
		}
	}
	return end
}
