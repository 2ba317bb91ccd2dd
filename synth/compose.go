package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unionkg/kg/calendar"
)

// composer writes one article. It is used by one goroutine for one article.
type composer struct {
	w    *world
	r    *rand.Rand
	sb   strings.Builder
	vals [numStatic]string
	// usedSlots has bit s set once slot s has been written, so that the
	// truth lists only the officials the text names.
	usedSlots uint64
	used      []*tmpl // templates already in the article, not to repeat
	sep       string  // between paragraphs
	cong      calendar.Congress
	chair     official
	speaker   official
	truth     Truth
}

// Shares of the article kinds; the rest are activities.
const (
	shareRelay      = 0.64
	shareNotice     = 0.07
	shareNoticeNews = 0.04
	shareRoundup    = 0.12
)

// compose writes an article of a kind drawn from the shares above and
// returns its title, text and publication date.
func (c *composer) compose() (title, text string, published time.Time) {
	c.sep = "\n\n"
	if c.r.Float64() < 0.3 {
		c.sep = "\n"
	}
	c.sb.Grow(4096)
	w, r := c.w, c.r
	b := &w.bodies[w.popular.draw(r)]
	c.setCongress(w.congresses.draw(r))
	when := c.meetingDate()
	switch x := r.Float64(); {
	case x < shareRelay:
		title, published = c.relay(b, when)
	case x < shareRelay+shareNotice:
		title, published = c.notice(b, when)
	case x < shareRelay+shareNotice+shareNoticeNews:
		title, published = c.noticeNews(b, when)
	case x < shareRelay+shareNotice+shareNoticeNews+shareRoundup:
		title, published = c.roundup(b, when)
	default:
		title, published = c.activity(b, when)
	}
	return title, c.sb.String(), published
}

// meetingDate is 1 to 60 days after the congress closed, skewed towards the
// first two weeks (the cube of a uniform variate puts about 60% there).
func (c *composer) meetingDate() time.Time {
	u := c.r.Float64()
	return c.cong.End.AddDate(0, 0, 1+int(59*u*u*u))
}

// publishedAfter is 0 to 3 days after t, mostly the next day.
func (c *composer) publishedAfter(t time.Time) time.Time {
	x := c.r.Float64()
	switch {
	case x < 0.3:
		return t
	case x < 0.7:
		return t.AddDate(0, 0, 1)
	case x < 0.9:
		return t.AddDate(0, 0, 2)
	}
	return t.AddDate(0, 0, 3)
}

// setCongress fills the congress slots.
func (c *composer) setCongress(cg calendar.Congress) {
	c.cong = cg
	c.truth.Congress = cg.ID
	first := cg.Name
	if x := c.r.Float64(); x < 0.35 && len(cg.Aliases) > 0 {
		first = cg.Aliases[0] // the formal name
		if x < 0.2 {
			first = cg.Aliases[c.r.IntN(len(cg.Aliases))]
		}
	}
	c.vals[slotCong] = first
	c.vals[slotCname] = cg.Name
	short := "会议"
	switch cg.Kind {
	case calendar.KindPartyCongress, calendar.KindUnionCongress:
		short = "大会"
	case calendar.KindPartyPlenum:
		short = "全会"
	case calendar.KindTwoSessions:
		short = "全国两会"
	}
	c.vals[slotCshort] = short
	c.vals[slotSpirit] = first + "精神"
	if (cg.Kind == calendar.KindPartyCongress || cg.Kind == calendar.KindPartyPlenum) && c.r.Float64() < 0.25 {
		c.vals[slotSpirit] = first + "精神和习近平总书记在" + short + "上的重要讲话精神"
	}
	c.vals[slotCongdates] = spanText(cg.Start, cg.End)
}

// setBody fills the body slots and picks the chair and a speaker from the
// body's roster on day t.
func (c *composer) setBody(b *body, t time.Time) {
	v := &c.vals
	v[slotBody], v[slotShort], v[slotAbbr], v[slotRegion] = b.first, b.short, b.abbr, b.region
	v[slotLv], v[slotPlace], v[slotGoal], v[slotPartycom] = b.lv, b.place, b.goal, b.partycom
	v[slotUpper], v[slotIndustry] = b.upper, b.industry
	staff := b.roster(t)
	ci := slices.IndexFunc(staff, func(o official) bool { return o.exec })
	if ci < 0 {
		ci = 0
	}
	c.chair = staff[ci]
	v[slotChair] = mention(b, c.chair)
	v[slotChairname] = c.chair.name
	v[slotChairtitle] = ""
	if c.chair.prefix == "" {
		v[slotChairtitle] = c.chair.title
	}
	v[slotSpeaker], v[slotSpeakername] = "", ""
	c.speaker = official{}
	if c.r.Float64() < 0.7 {
		si := c.r.IntN(len(staff) - 1)
		if si >= ci {
			si++
		}
		c.speaker = staff[si]
		v[slotSpeaker] = mention(b, c.speaker)
		v[slotSpeakername] = c.speaker.name
	}
	v[slotMeeting] = halfToFull(c.w.meetings.draw(c.r))
	v[slotVerb] = c.w.verbs.draw(c.r)
	c.usedSlots = 0
}

// noteBody records b and the officials the text has named since setBody.
func (c *composer) noteBody(b *body) {
	c.truth.Bodies = append(c.truth.Bodies, b.name)
	if c.usedSlots&(1<<slotChair|1<<slotChairname) != 0 {
		c.truth.Persons = append(c.truth.Persons, Person{Name: c.chair.name, Title: c.chair.title, Body: b.name})
	}
	if c.usedSlots&(1<<slotSpeaker|1<<slotSpeakername) != 0 && c.speaker.name != "" {
		c.truth.Persons = append(c.truth.Persons, Person{Name: c.speaker.name, Title: c.speaker.title, Body: b.name})
	}
}

// introduced clears the names of the officials the text has not yet
// introduced with their titles, so that no later sentence names them bare.
func (c *composer) introduced() {
	if c.usedSlots&(1<<slotChair|1<<slotChairname) == 0 {
		c.vals[slotChairname] = ""
	}
	if c.usedSlots&(1<<slotSpeaker) == 0 {
		c.vals[slotSpeakername] = ""
	}
}

// mention is an official as first named: titles, then name.
func mention(b *body, o official) string {
	if o.prefix != "" {
		return o.prefix + "、" + b.short + o.title + o.name
	}
	return b.short + o.title + o.name
}

// halfToFull writes a lexicon entry's parentheses as the genre does.
func halfToFull(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "(", "（"), ")", "）")
}

// ---------------------------------------------------------------- writing

// pick returns a template of the section that names no empty slot and, if
// possible, is not yet in the article; nil if the section has none that fits.
func (c *composer) pick(section string) *tmpl {
	ts := c.w.tpl[section]
	if len(ts) == 0 {
		return nil
	}
	empty := uint64(0)
	for s := slotBody; s < numStatic; s++ {
		if c.vals[s] == "" {
			empty |= 1 << s
		}
	}
	for range 8 {
		t := ts[c.r.IntN(len(ts))]
		if t.needs&empty == 0 && !slices.Contains(c.used, t) {
			return t
		}
	}
	// Allow a repeat rather than fail; start at a random place so repeats
	// spread over the section.
	k := c.r.IntN(len(ts))
	for i := range ts {
		if t := ts[(k+i)%len(ts)]; t.needs&empty == 0 {
			return t
		}
	}
	return nil
}

// emit writes a template of the section and reports whether one fitted.
func (c *composer) emit(section string) bool {
	t := c.pick(section)
	if t == nil {
		return false
	}
	c.used = append(c.used, t)
	c.expand(&c.sb, t)
	return true
}

// render returns a template of the section as a string.
func (c *composer) render(section string) string {
	t := c.pick(section)
	if t == nil {
		return ""
	}
	c.used = append(c.used, t)
	var sb strings.Builder
	c.expand(&sb, t)
	return sb.String()
}

func (c *composer) expand(sb *strings.Builder, t *tmpl) {
	c.usedSlots |= t.needs
	for _, p := range t.pieces {
		switch p.slot {
		case slotNone:
			sb.WriteString(p.lit)
		case slotSlogan:
			sb.WriteString("“")
			sb.WriteString(c.w.slogans[c.r.IntN(len(c.w.slogans))])
			sb.WriteString("”")
		case slotFig:
			sb.WriteString("“")
			sb.WriteString(c.w.figurative.draw(c.r))
			sb.WriteString("”")
		case slotNum:
			sb.WriteString(strconv.Itoa(10 * (2 + c.r.IntN(30))))
		default:
			sb.WriteString(c.vals[p.slot])
		}
	}
}

// para starts a paragraph.
func (c *composer) para() {
	if c.sb.Len() > 0 {
		c.sb.WriteString(c.sep)
	}
}

// line writes s as a paragraph of its own.
func (c *composer) line(s string) {
	c.para()
	c.sb.WriteString(s)
}

// sentences writes n sentences of the section; for "sig", some come from
// the section for the congress's kind.
func (c *composer) sentences(section string, n int) {
	for range n {
		s := section
		if section == "sig" && c.r.Float64() < 0.35 && len(c.w.tpl["sig."+c.cong.Kind]) > 0 {
			s = "sig." + c.cong.Kind
		}
		c.emit(s)
	}
}

// numbered writes n tasks as 一要…。二要…。
func (c *composer) numbered(n int) {
	sep := "。"
	if c.r.Float64() < 0.4 {
		sep = "；"
	}
	for k := range n {
		task := strings.TrimSuffix(strings.TrimPrefix(c.render("task"), "要"), "。")
		c.sb.WriteString(chineseNumber(k + 1))
		c.sb.WriteString("要")
		c.sb.WriteString(task)
		if k == n-1 {
			c.sb.WriteString("。")
		} else {
			c.sb.WriteString(sep)
		}
	}
}

// header writes the title line, most of the time, and sometimes a line of
// page metadata under it.
func (c *composer) header(title string, published time.Time, always bool) {
	if always || c.r.Float64() < 0.9 {
		c.line(title)
	}
	if c.r.Float64() < 0.15 {
		c.para()
		if c.r.Float64() < 0.5 {
			c.sb.WriteString("来源：" + c.vals[slotShort] + "  发布日期：" + published.Format(time.DateOnly))
		} else {
			c.sb.WriteString("发布时间：" + published.Format(time.DateOnly) + " " + clock(c.r) + "  来源：本站原创  点击数：")
		}
	}
}

// dateline opens the lead, a third of the time, with a news dateline.
func (c *composer) dateline() {
	if c.r.Float64() >= 0.35 {
		return
	}
	reporter, corr := c.w.personName(c.r), c.w.personName(c.r)
	switch c.r.IntN(4) {
	case 0:
		c.sb.WriteString("本报讯（记者 " + reporter + "）")
	case 1:
		c.sb.WriteString("本报讯（记者 " + reporter + " 通讯员 " + corr + "）")
	case 2:
		c.sb.WriteString("工人日报讯（记者 " + reporter + "）")
	default:
		if c.vals[slotPlace] == "" {
			c.sb.WriteString("本报讯（通讯员 " + corr + "）")
		} else {
			c.sb.WriteString(c.vals[slotPlace] + "新闻网讯（通讯员 " + corr + "）")
		}
	}
}

// tail ends the article, two times in five, with a byline.
func (c *composer) tail() {
	if c.r.Float64() >= 0.4 {
		return
	}
	n := c.w.personName(c.r)
	switch c.r.IntN(4) {
	case 0:
		c.line("（通讯员 " + n + "）")
	case 1:
		c.line("（责任编辑：" + n + "）")
	case 2:
		c.line("（" + c.vals[slotShort] + " " + n + "）")
	default:
		c.line("编辑：" + n + "  审核：" + c.w.personName(c.r))
	}
}

// ------------------------------------------------------------- article kinds

// relay writes a report of one body's relay meeting.
func (c *composer) relay(b *body, when time.Time) (string, time.Time) {
	c.truth.Kind = KindRelay
	c.setBody(b, when)
	c.vals[slotDate] = c.dateText(when, 0.35)
	published := c.publishedAfter(when)
	title := c.render("title.relay")
	c.header(title, published, false)
	c.para()
	c.dateline()
	c.emit("lead.relay")
	c.emit("attend")
	if c.r.Float64() < 0.7 {
		c.emit("participants")
	}
	c.introduced()
	c.bodyParas(c.paragraphs())
	c.noteBody(b)
	c.tail()
	return title, published
}

// paragraphs draws the number of body paragraphs of a report: mostly 3 to
// 5, sometimes 1 or 2, sometimes up to 8.
func (c *composer) paragraphs() int {
	x := c.r.Float64()
	switch {
	case x < 0.04:
		return 1
	case x < 0.18:
		return 2
	case x < 0.46:
		return 3
	case x < 0.72:
		return 4
	case x < 0.88:
		return 5
	}
	return 6 + c.r.IntN(3)
}

// bodyParas writes n paragraphs of what the meeting said: usually first its
// view of the congress (会议指出), then what it stressed and required, often
// ending with a closing instruction.
func (c *composer) bodyParas(n int) {
	for k := range n {
		c.para()
		switch {
		case k == 0 && c.r.Float64() < 0.8:
			c.emit("open.point")
			c.sentences("sig", 2+c.r.IntN(2))
		case k == n-1 && n > 1 && c.r.Float64() < 0.6:
			c.emit("close")
		default:
			switch c.r.IntN(4) {
			case 0:
				c.emit("open.stress")
				c.sentences("duty", 1)
				c.sentences("task", 2+c.r.IntN(3))
			case 1:
				c.emit("open.require")
				c.sentences("task", 2+c.r.IntN(3))
			case 2:
				if !c.emit("open.speech") {
					c.emit("open.stress")
				}
				c.sentences("duty", c.r.IntN(2))
				c.sentences("task", 2+c.r.IntN(3))
			default:
				if c.r.Float64() < 0.5 || !c.emit("open.speech") {
					c.emit("open.require")
				}
				c.numbered(3 + c.r.IntN(3))
			}
		}
	}
}

// notice writes a notice on relaying the congress, as published: title,
// number, addressees, numbered sections, signature and date.
func (c *composer) notice(b *body, when time.Time) (string, time.Time) {
	c.truth.Kind = KindNotice
	c.setBody(b, when)
	c.vals[slotDeadline] = c.dateText(when.AddDate(0, 0, 20+c.r.IntN(25)), 0.5)
	published := c.publishedAfter(when)
	title := c.render("notice.title")
	c.header(title, published, true)
	if c.r.Float64() < 0.7 {
		c.line(b.docAbbr + "〔" + strconv.Itoa(when.Year()) + "〕" + strconv.Itoa(1+c.r.IntN(80)) + "号")
	}
	c.para()
	c.emit("notice.addressee." + kindName(b.kind))
	c.para()
	c.emit("notice.intro")
	long := c.r.Float64() < 0.25 // a full-length notice
	middle, paras := 2+c.r.IntN(3), 2
	if long {
		middle, paras = 4+c.r.IntN(3), 3
	}
	heads := []string{c.render("notice.heading.first")}
	for _, t := range pickN(c.r, c.w.tpl["notice.heading.middle"], middle) {
		var sb strings.Builder
		c.expand(&sb, t)
		heads = append(heads, sb.String())
	}
	heads = append(heads, c.render("notice.heading.last"))
	for k, h := range heads {
		c.line(chineseNumber(k+1) + "、" + h)
		for p := range 1 + c.r.IntN(paras) {
			c.para()
			if k == 0 && p == 0 {
				c.sentences("sig", 2+c.r.IntN(2))
				continue
			}
			for range 2 + c.r.IntN(3) {
				if c.r.Float64() < 0.5 {
					c.emit("notice.para")
				} else {
					c.emit("task")
				}
			}
		}
	}
	if c.r.Float64() < 0.6 {
		c.para()
		c.emit("notice.deadline")
	}
	c.line(b.name)
	c.line(fullDate(when))
	c.noteBody(b)
	return title, published
}

// noticeNews writes a report that a body has issued such a notice.
func (c *composer) noticeNews(b *body, when time.Time) (string, time.Time) {
	c.truth.Kind = KindNoticeNews
	c.setBody(b, when)
	c.vals[slotDate] = c.dateText(when, 0.35)
	published := c.publishedAfter(when)
	title := c.render("title.noticenews")
	c.header(title, published, false)
	c.para()
	c.dateline()
	c.emit("lead.noticenews")
	for k := range 2 + c.r.IntN(3) {
		c.para()
		c.emit("open.notice")
		if k == 0 {
			c.sentences("sig", 1+c.r.IntN(2))
			continue
		}
		for range 2 + c.r.IntN(2) {
			if c.r.Float64() < 0.5 {
				c.emit("notice.para")
			} else {
				c.emit("task")
			}
		}
	}
	c.noteBody(b)
	c.tail()
	return title, published
}

// roundup writes a report of several bodies' relay meetings, one section
// each, under the body above them.
func (c *composer) roundup(b *body, when time.Time) (string, time.Time) {
	c.truth.Kind = KindRoundup
	parent := c.w.parentOf(b)
	n := 3 + c.r.IntN(6)
	if c.r.Float64() < 0.15 { // the long tail of big roundups
		n += 2 + c.r.IntN(4)
	}
	kids := c.w.pickChildren(c.r, parent, n)
	if len(kids) < 2 {
		return c.relay(b, when) // a body with no children to round up
	}
	p := &c.w.bodies[parent]
	dates := make([]time.Time, len(kids))
	for i := range dates {
		dates[i] = when.AddDate(0, 0, c.r.IntN(8))
	}
	slices.SortFunc(dates, time.Time.Compare)
	published := c.publishedAfter(dates[len(dates)-1])
	c.setBody(p, when)
	title := c.render("title.roundup")
	c.header(title, published, false)
	c.para()
	c.dateline()
	c.emit("lead.roundup")
	headings := c.r.Float64() < 0.4
	for i, k := range kids {
		kb := &c.w.bodies[k]
		c.setBody(kb, dates[i])
		c.vals[slotDate] = c.dateText(dates[i], 0.1)
		if headings && kb.heading != "" {
			c.line(kb.heading)
		}
		c.para()
		c.emit("lead.relay")
		if c.r.Float64() < 0.7 {
			c.emit("attend")
		}
		for range 1 + c.r.IntN(3) {
			c.para()
			if c.r.Float64() < 0.25 {
				c.emit("section.close")
				continue
			}
			if c.r.Float64() < 0.5 {
				c.emit("open.stress")
			} else {
				c.emit("open.require")
			}
			c.sentences("task", 1+c.r.IntN(3))
		}
		c.noteBody(kb)
	}
	c.tail()
	return title, published
}

// activity writes a report of a union activity that relays nothing.
func (c *composer) activity(b *body, when time.Time) (string, time.Time) {
	c.truth = Truth{Kind: KindActivity}
	// Activities happen all year; move the day off the congress calendar
	// (backwards, so that no article postdates the calendar's range).
	when = when.AddDate(0, 0, -c.r.IntN(300))
	c.setBody(b, when)
	c.vals[slotDate] = c.dateText(when, 0.35)
	c.vals[slotActivity] = c.w.activities[c.r.IntN(len(c.w.activities))]
	for s := slotCong; s <= slotCongdates; s++ {
		c.vals[s] = "" // no template about a congress can fit
	}
	published := c.publishedAfter(when)
	title := c.render("title.activity")
	c.header(title, published, false)
	c.para()
	c.dateline()
	c.emit("lead.activity")
	c.introduced()
	for range 2 + c.r.IntN(3) {
		c.para()
		for range 2 + c.r.IntN(2) {
			c.emit("activity.para")
		}
	}
	c.noteBody(b)
	c.tail()
	return title, published
}

// parentOf returns the general union a roundup about b is written under:
// b itself if it may have bodies below it, else the union above it (an
// industry union's is the general union of its own division).
func (w *world) parentOf(b *body) int {
	switch b.kind {
	case kindIndustry:
		return w.general[b.code]
	case kindCounty:
		return w.general[w.parentCode[b.code]]
	}
	return w.general[b.code]
}

// pickChildren draws up to n distinct bodies below the general union at
// index gi, the popular ones more often.
func (w *world) pickChildren(r *rand.Rand, gi, n int) []int {
	kids := slices.Clone(w.children[w.bodies[gi].code])
	var out []int
	for len(out) < n && len(kids) > 0 {
		total := 0.0
		for _, k := range kids {
			total += w.weight[k]
		}
		x := r.Float64() * total
		j := 0
		for ; j < len(kids)-1; j++ {
			x -= w.weight[kids[j]]
			if x < 0 {
				break
			}
		}
		out = append(out, kids[j])
		kids = slices.Delete(kids, j, j+1)
	}
	return out
}

// --------------------------------------------------------------- formatting

// dateText writes a date as articles do: with its year with probability
// pYear, otherwise month and day (sometimes with the time of day), and now
// and then only 近日 or 日前.
func (c *composer) dateText(t time.Time, pYear float64) string {
	x := c.r.Float64()
	switch {
	case x < 0.1:
		return "近日"
	case x < 0.14:
		return "日前"
	case x < 0.14+pYear*0.86:
		return fullDate(t)
	}
	md := strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
	switch c.r.IntN(6) {
	case 0:
		return md + "上午"
	case 1:
		return md + "下午"
	}
	return md
}

func fullDate(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// spanText writes a congress's dates: 2024年7月15日至18日.
func spanText(from, to time.Time) string {
	s := fullDate(from)
	switch {
	case from.Equal(to):
		return s
	case from.Year() != to.Year():
		return s + "至" + fullDate(to)
	case from.Month() != to.Month():
		return s + "至" + strconv.Itoa(int(to.Month())) + "月" + strconv.Itoa(to.Day()) + "日"
	}
	return s + "至" + strconv.Itoa(to.Day()) + "日"
}

// clock is a time of day for page metadata: 10:48:52.
func clock(r *rand.Rand) string {
	two := func(n int) string {
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	return two(8+r.IntN(10)) + ":" + two(r.IntN(60)) + ":" + two(r.IntN(60))
}

// chineseNumber writes 1 to 99 in Chinese numerals.
func chineseNumber(n int) string {
	const digits = "〇一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n-10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}

func kindName(k kind) string {
	switch k {
	case kindNational:
		return "national"
	case kindProvince:
		return "province"
	case kindCity:
		return "city"
	case kindCounty:
		return "county"
	}
	return "industry"
}

// damage turns full-width punctuation half-width, as many copies of the
// genre do.
func damage(s string) string {
	return strings.NewReplacer("，", ",", "（", "(", "）", ")", "：", ":", "；", ";").Replace(s)
}

// mix is SplitMix64's finaliser: it spreads nearby seeds (article 1, 2, 3…)
// over the whole state space of the generator.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
