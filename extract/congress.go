package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/gazetteer"
)

// Kinds of congress beyond the calendar's national ones.
const (
	kindLocalPartyCongress = "local-party-congress"
	kindLocalPartyPlenum   = "local-party-plenum"
	kindLocalUnionCongress = "local-union-congress"
	kindUnionPlenum        = "union-plenum"
	// kindUnionExecutive is a session of the ACFTU's executive committee
	// (执委会议) or of its presidium (主席团会议).
	kindUnionExecutive = "union-executive"
	// kindCCDIPlenum is a plenary session of the Central Commission for
	// Discipline Inspection (二十届中央纪委三次全会).
	kindCCDIPlenum = "ccdi-plenum"
	// kindNationalMeeting is a recurring national meeting named without an
	// ordinal (中央经济工作会议, 全国教育大会, 中央政治局会议).
	kindNationalMeeting = "national-meeting"
	// kindLocalMeeting is a provincial or city party committee's work
	// conference (省委经济工作会议).
	kindLocalMeeting = "local-meeting"
)

// spiritOnly reports whether mentions of a congress of this kind count only
// where their spirit is relayed: plenary sessions of committees are named
// far more often as events than as something relayed.
func spiritOnly(kind string) bool {
	return kind == kindUnionPlenum || kind == kindLocalPartyPlenum || kind == kindUnionExecutive
}

// congressMention is a congress, plenum or session named in the text.
type congressMention struct {
	start, end int
	surface    string
	name       string
	aliases    []string
	kind       string
	ordinal    int
	plenum     int
	div        *gazetteer.Division
	cal        *calendar.Congress
	// spirit marks a mention followed by 精神 (directly or at the end of a
	// list of congresses): what is relayed.
	spirit bool
	// date is the congress's own dates when the article states them.
	date, endDate date
}

// calendarIndex finds calendar names and aliases verbatim in text.
type calendarIndex struct {
	names []string // longest first
	by    map[string]calendar.Congress
	// words holds each name once, and at the indices into names of each.
	words *trie
	at    [][]int
}

func newCalendarIndex(c *calendar.Calendar) *calendarIndex {
	ci := &calendarIndex{by: map[string]calendar.Congress{}}
	for _, cg := range c.All() {
		for _, n := range append([]string{cg.Name}, cg.Aliases...) {
			if utf8.RuneCountInString(n) < 4 {
				continue
			}
			ci.by[n] = cg
			ci.names = append(ci.names, n)
		}
	}
	sort.SliceStable(ci.names, func(i, j int) bool { return len(ci.names[i]) > len(ci.names[j]) })
	var unique []string
	seen := map[string]int{}
	for k, n := range ci.names {
		w, ok := seen[n]
		if !ok {
			w = len(unique)
			seen[n] = w
			unique = append(unique, n)
			ci.at = append(ci.at, nil)
		}
		ci.at[w] = append(ci.at[w], k)
	}
	ci.words = newTrie(unique, false)
	return ci
}

// findIn is find over the finder's text, read off its anchor index when
// that holds the names.
func (ci *calendarIndex) findIn(f finder) [][2]int {
	if f.ix == nil {
		return ci.find(f.s)
	}
	var out [][2]int
	for k, name := range ci.names {
		at, ok := f.ix.positions(name)
		if !ok {
			return ci.find(f.s)
		}
		for _, i := range at {
			out = append(out, [2]int{k, i})
		}
	}
	return out
}

// find returns every occurrence of every name in s, as (name index, byte
// offset) pairs ordered by name, then offset. One pass over s with a trie
// of the names, where a search per name took a third of an article's
// extraction time.
func (ci *calendarIndex) find(s string) [][2]int {
	var out [][2]int
	for i := range s {
		ci.words.each(s[i:], func(_, w int) bool {
			for _, k := range ci.at[w] {
				out = append(out, [2]int{k, i})
			}
			return true
		})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a][0] != out[b][0] {
			return out[a][0] < out[b][0]
		}
		return out[a][1] < out[b][1]
	})
	return out
}

const n = numeralClass + `+`

var (
	rePartyPlenumFull = mustPattern(`中国共产党第(` + n + `)届中央委员会第(` + n + `)次全体会议`)
	rePartyPlenum     = mustPattern(`(?:中国共产党|中共|党的)?第?(` + n + `)届((?:` + n + `中[、和及与]?)+)全会`)
	rePartyCongress   = mustPattern(`(?:(?:中国共产党|中共|党的)第(` + n + `)次全国代表大会|(?:中共|党的)(` + n + `)大)`)
	reUnionNational   = mustPattern(`(?:中国工会第(` + n + `)次全国代表大会|(?:中国工会|全总)(` + n + `)大)`)
	reLocalUnion      = mustPattern(`(?:总)?工会(?:第?(` + n + `)次(?:会员)?代表大会|(` + n + `)大)`)
	reLocalParty      = mustPattern(`第(` + n + `)次党(?:代会|代表大会)`)
	reLocalPartyFull  = mustPattern(`(?:中国共产党|中共)([\p{Han}]{2,12}?)第(` + n + `)次代表大会`)
	reLocalPlenum     = mustPattern(`(省委|市委|县委|区委|州委)(` + n + `)届(` + n + `)次全(?:体)?会(?:议)?`)
	reLocalPlenum2    = mustPattern(`(` + n + `)届(省委|市委|县委|区委|州委)(` + n + `)次全(?:体)?会(?:议)?`)
	reUnionPlenum     = mustPattern(`(?:总)?工会(` + n + `)届(` + n + `)次全委(?:\(扩大\))?会(?:议)?`)
	reACFTUExecFull   = mustPattern(`(?:中华全国总工会|全国总工会|全总)第(` + n + `)届执行委员会第(` + n + `)次全体(?:\(扩大\))?会议`)
	reACFTUExec       = mustPattern(`(?:中华全国总工会|全国总工会|全总)第?(` + n + `)届(?:第)?(` + n + `)次(执委|主席团)(?:\(扩大\))?会(?:议)?`)
	reCCDIPlenum      = mustPattern(`(` + n + `)届中(?:央)?纪委(` + n + `)次全(?:体)?会(?:议)?`)
	reCCDIPlenumFull  = mustPattern(`中国共产党第(` + n + `)届中央纪律检查委员会第(` + n + `)次全体会议`)
	reTwoSessions     = mustPattern(`全国[“"「『]?两会[”"」』]?`)
	reLocalWorkMeet   = mustPattern(`(省委|市委|县委|区委|州委)(经济工作会议|农村工作会议)`)
	reNPC             = mustPattern(`(` + n + `)届全国人大(` + n + `)次会议|全国人大(` + n + `)届(` + n + `)次会议`)
	reCPPCC           = mustPattern(`全国政协(` + n + `)届(` + n + `)次会议`)
	reYearBefore      = mustPattern(`\d{4}年(?:度)?$`)
	reBareOrdinal     = mustPattern(`(` + n + `)大`)
)

func num(s string) int {
	v, _ := chineseNumber(s)
	return v
}

// findCongresses finds the congresses named in the text.
func (d *docState) findCongresses() {
	s := d.s
	add := func(m congressMention) {
		for _, c := range d.congs {
			if m.start < c.end && m.end > c.start {
				return
			}
		}
		m.surface = s[m.start:m.end]
		d.congs = append(d.congs, m)
	}
	sub := func(loc []int, k int) string {
		if loc[2*k] < 0 {
			return ""
		}
		return s[loc[2*k]:loc[2*k+1]]
	}
	find := d.find.all
	for _, loc := range find(rePartyPlenumFull) {
		add(d.partyPlenum(loc[0], loc[1], num(sub(loc, 1)), num(sub(loc, 2))))
	}
	for _, loc := range find(reLocalPlenum) {
		d.localPlenum(loc[0], loc[1], sub(loc, 1), num(sub(loc, 2)), num(sub(loc, 3)), add)
	}
	for _, loc := range find(reLocalPlenum2) {
		d.localPlenum(loc[0], loc[1], sub(loc, 2), num(sub(loc, 1)), num(sub(loc, 3)), add)
	}
	for _, loc := range find(rePartyPlenum) {
		series := num(sub(loc, 1))
		plenums := strings.FieldsFunc(sub(loc, 2), func(r rune) bool { return strings.ContainsRune("中、和及与", r) })
		if strings.HasSuffix(s[:loc[0]], "委") {
			continue // 省委十一届五中全会: a local plenum
		}
		if len(plenums) == 1 {
			add(d.partyPlenum(loc[0], loc[1], series, num(plenums[0])))
			continue
		}
		// 十九届二中、三中、四中全会: one mention per plenum, sharing the span.
		for _, p := range plenums {
			m := d.partyPlenum(loc[0], loc[1], series, num(p))
			m.surface = m.name
			d.congs = append(d.congs, m)
		}
	}
	for _, loc := range find(rePartyCongress) {
		o := num(sub(loc, 1) + sub(loc, 2))
		m := congressMention{start: loc[0], end: loc[1], kind: calendar.KindPartyCongress, ordinal: o, name: "党的" + chineseOrdinal(o) + "大"}
		if cg, ok := d.x.cal.Party(o, 0); ok {
			m.cal = &cg
		}
		add(m)
	}
	for _, loc := range find(reUnionNational) {
		o := num(sub(loc, 1) + sub(loc, 2))
		m := congressMention{start: loc[0], end: loc[1], kind: calendar.KindUnionCongress, ordinal: o, name: "中国工会" + chineseOrdinal(o) + "大"}
		if cg, ok := d.x.cal.Union(o); ok {
			m.cal = &cg
		}
		add(m)
	}
	for _, loc := range find(reACFTUExecFull) {
		add(acftuExecutive(loc[0], loc[1], num(sub(loc, 1)), num(sub(loc, 2)), "执委"))
	}
	for _, loc := range find(reACFTUExec) {
		add(acftuExecutive(loc[0], loc[1], num(sub(loc, 1)), num(sub(loc, 2)), sub(loc, 3)))
	}
	for _, loc := range find(reUnionPlenum) {
		if div, start := d.placeBefore(loc[0]); div != nil {
			series, pl := num(sub(loc, 1)), num(sub(loc, 2))
			add(congressMention{start: start, end: loc[1], kind: kindUnionPlenum, ordinal: series, plenum: pl, div: div,
				name: div.Name + "总工会" + chineseOrdinal(series) + "届" + chineseOrdinal(pl) + "次全委会议"})
		}
	}
	for _, loc := range find(reLocalUnion) {
		div, start := d.placeBefore(loc[0])
		if div == nil {
			continue
		}
		o := num(sub(loc, 1) + sub(loc, 2))
		m := congressMention{start: start, end: loc[1], kind: kindLocalUnionCongress, ordinal: o, div: div}
		m.name = div.Name + "工会第" + chineseOrdinal(o) + "次代表大会"
		on := chineseOrdinal(o)
		m.aliases = []string{div.Name + "工会" + on + "大", div.Name + "总工会" + on + "大", div.Name + "总工会第" + on + "次代表大会", div.Name + "工会" + on + "次代表大会"}
		add(m)
	}
	for _, loc := range find(reLocalPartyFull) {
		if _, ds := d.x.places.suffix(sub(loc, 1)); ds != nil && d.x.places.byName[sub(loc, 1)] != nil {
			div := d.x.places.pick(d.x.places.byName[sub(loc, 1)], d.mainPlace)
			add(d.localParty(loc[0], loc[1], &div, num(sub(loc, 2))))
		}
	}
	for _, loc := range find(reLocalParty) {
		if div, start := d.placeBefore(loc[0]); div != nil {
			add(d.localParty(start, loc[1], div, num(sub(loc, 1))))
		}
	}
	for _, loc := range find(reNPC) {
		d.session(loc[0], loc[1], calendar.KindNPCSession, num(sub(loc, 1)+sub(loc, 3)), num(sub(loc, 2)+sub(loc, 4)), add)
	}
	for _, loc := range find(reCPPCC) {
		d.session(loc[0], loc[1], calendar.KindCPPCCSession, num(sub(loc, 1)), num(sub(loc, 2)), add)
	}
	for _, m := range d.x.calIdx.findIn(d.find) {
		name := d.x.calIdx.names[m[0]]
		cg := d.x.calIdx.by[name]
		add(congressMention{start: m[1], end: m[1] + len(name), kind: cg.Kind, name: cg.Name, cal: &cg, ordinal: cg.Series, plenum: cg.Plenum})
	}
	for _, loc := range find(reCCDIPlenumFull) {
		add(ccdiPlenum(loc[0], loc[1], num(sub(loc, 1)), num(sub(loc, 2))))
	}
	for _, loc := range find(reCCDIPlenum) {
		add(ccdiPlenum(loc[0], loc[1], num(sub(loc, 1)), num(sub(loc, 2))))
	}
	for _, loc := range find(reLocalWorkMeet) {
		div, start := d.placeBefore(loc[0])
		if div == nil {
			committee := sub(loc, 1)
			if div = d.levelPlace(committee[:len(committee)-len("委")], loc[0]); div == nil {
				continue
			}
		}
		add(congressMention{start: start, end: loc[1], kind: kindLocalMeeting, div: div, name: div.Name + "委" + sub(loc, 2)})
	}
	d.findTwoSessions(add)
	d.findNationalMeetings(add)
	d.findBareOrdinals(add)
	sort.SliceStable(d.congs, func(i, j int) bool { return d.congs[i].start < d.congs[j].start })
	d.markSpirit()
	d.datesOfCongresses()
}

func (d *docState) partyPlenum(start, end, series, plenum int) congressMention {
	m := congressMention{start: start, end: end, kind: calendar.KindPartyPlenum, ordinal: series, plenum: plenum,
		name: "党的" + chineseOrdinal(series) + "届" + chineseOrdinal(plenum) + "中全会"}
	if cg, ok := d.x.cal.Party(series, plenum); ok {
		m.cal = &cg
	}
	return m
}

// ccdiPlenum names a plenary session of the Central Commission for
// Discipline Inspection.
func ccdiPlenum(start, end, series, plenum int) congressMention {
	on, pn := chineseOrdinal(series), chineseOrdinal(plenum)
	return congressMention{start: start, end: end, kind: kindCCDIPlenum, ordinal: series, plenum: plenum,
		name:    on + "届中央纪委" + pn + "次全会",
		aliases: []string{on + "届中纪委" + pn + "次全会", "中国共产党第" + on + "届中央纪律检查委员会第" + pn + "次全体会议"}}
}

// findTwoSessions reads 全国两会 written without its year (the calendar
// finds 2024年全国两会): the year is the article's, from its publication
// date or the first year it writes; sessions meet in March, so an article
// of January or February relays the year before.
func (d *docState) findTwoSessions(add func(congressMention)) {
	locs := d.find.all(reTwoSessions)
	if len(locs) == 0 {
		return
	}
	year := d.published.Year
	if year != 0 && d.published.Month > 0 && d.published.Month < 3 {
		year--
	}
	if year == 0 {
		if m := d.find.all(reYearAlone); len(m) > 0 {
			year = atoiOr(d.s[m[0][2]:m[0][3]])
		}
	}
	var cal *calendar.Congress
	for _, cg := range d.x.cal.All() {
		if cg.Kind == calendar.KindTwoSessions && cg.Start.Year() == year {
			cal = &cg
			break
		}
	}
	for _, loc := range locs {
		m := congressMention{start: loc[0], end: loc[1], kind: calendar.KindTwoSessions, name: "全国两会", aliases: []string{"两会"}}
		if cal != nil {
			m.name, m.cal = cal.Name, cal
			m.aliases = append(m.aliases, "全国两会")
		}
		add(m)
	}
}

// findNationalMeetings finds the recurring national meetings of the
// national_meetings lexicon, with a year written before them kept in the
// mention (2024年中央经济工作会议).
func (d *docState) findNationalMeetings(add func(congressMention)) {
	for form, name := range d.x.lex.nationalMeetings {
		for off := 0; ; {
			i := strings.Index(d.s[off:], form)
			if i < 0 {
				break
			}
			i += off
			off = i + len(form)
			start := i
			if m := reYearBefore.FindStringSubmatchIndex(d.s[max(0, i-8):i]); m != nil {
				start = max(0, i-8) + m[0]
			}
			add(congressMention{start: start, end: off, kind: kindNationalMeeting, name: name})
		}
	}
}

// acftuExecutive names a session of the ACFTU's executive committee or
// presidium: 全总十八届二次执委会议, 全总十八届二次主席团会议.
func acftuExecutive(start, end, series, session int, body string) congressMention {
	on, sn := chineseOrdinal(series), chineseOrdinal(session)
	m := congressMention{start: start, end: end, kind: kindUnionExecutive, ordinal: series, plenum: session,
		name: "全总" + on + "届" + sn + "次" + body + "会议"}
	m.aliases = []string{"全国总工会" + on + "届" + sn + "次" + body + "会议", "中华全国总工会" + on + "届" + sn + "次" + body + "会议"}
	if body == "执委" {
		m.aliases = append(m.aliases, "中华全国总工会第"+on+"届执行委员会第"+sn+"次全体会议", "全总"+on+"届"+sn+"次执委会")
	}
	return m
}

func (d *docState) localParty(start, end int, div *gazetteer.Division, o int) congressMention {
	on := chineseOrdinal(o)
	return congressMention{start: start, end: end, kind: kindLocalPartyCongress, ordinal: o, div: div,
		name: div.Name + "第" + on + "次党代会",
		aliases: []string{"中国共产党" + div.Name + "第" + on + "次代表大会", "中共" + div.Name + "第" + on + "次代表大会",
			div.Name + "第" + on + "次党代表大会"}}
}

func (d *docState) localPlenum(start, end int, committee string, series, plenum int, add func(congressMention)) {
	div, pstart := d.placeBefore(start)
	if div == nil {
		// 省委/市委 with no place before: the article's own.
		if div = d.levelPlace(committee[:len(committee)-len("委")], start); div == nil {
			return
		}
		pstart = start
	}
	add(congressMention{start: pstart, end: end, kind: kindLocalPartyPlenum, ordinal: series, plenum: plenum, div: div,
		name: div.Name + "委" + chineseOrdinal(series) + "届" + chineseOrdinal(plenum) + "次全会"})
}

func (d *docState) session(start, end int, kind string, term, session int, add func(congressMention)) {
	for _, cg := range d.x.cal.All() {
		if cg.Kind == kind && cg.Series == term && cg.Session == session {
			add(congressMention{start: start, end: end, kind: kind, name: cg.Name, cal: &cg, ordinal: term})
			return
		}
	}
}

// placeBefore reads the place that a local congress name starts with: a
// division name ending at i (成都市, 成都), optionally followed by 总, or a
// bare level character (市, 省) resolved from context.
func (d *docState) placeBefore(i int) (*gazetteer.Division, int) {
	left := d.s[hanRunStart(d.s, i, 16):i]
	if name, ds := d.x.places.suffix(left); name != "" {
		div := d.x.places.pick(ds, d.contextDiv(i))
		return &div, i - len(name)
	}
	r, w := utf8.DecodeLastRuneInString(left)
	if w > 0 && strings.ContainsRune(shortLevels, r) {
		if div := d.levelPlace(string(r), i); div != nil {
			return div, i - w
		}
	}
	return nil, i
}

// levelPlace resolves a bare level character (省, 市, 县…) at pos to the
// division of that level in context.
func (d *docState) levelPlace(level string, pos int) *gazetteer.Division {
	ctx := d.contextDiv(pos)
	if ctx == nil {
		return nil
	}
	if level == "省" {
		p := d.x.gaz.Province(*ctx)
		return &p
	}
	if t, ok := d.x.places.ancestorEnding(*ctx, level); ok {
		return &t
	}
	return nil
}

// findBareOrdinals reads 十七大 written alone: the congress of that ordinal
// the article already names (市工会十七大 … 十七大精神), else the party
// congress.
func (d *docState) findBareOrdinals(add func(congressMention)) {
	s := d.s
	for _, loc := range d.find.all(reBareOrdinal) {
		o := num(s[loc[2]:loc[3]])
		if o < 10 || o > 30 {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(s[:loc[0]]); strings.ContainsRune("第届次", r) {
			continue
		}
		if !hasAnyPrefix(s[loc[1]:], "精神", "以来", "报告", "确定", "提出", "作出", "胜利", "代表", "的", "和", "、", "上") {
			continue
		}
		var ref *congressMention
		for k := range d.congs {
			c := &d.congs[k]
			if c.ordinal == o && c.plenum == 0 && c.kind != calendar.KindNPCSession && c.kind != calendar.KindCPPCCSession {
				if ref == nil || c.kind == kindLocalUnionCongress || c.kind == kindLocalPartyCongress {
					ref = c
				}
			}
		}
		if ref != nil {
			m := *ref
			m.start, m.end = loc[0], loc[1]
			add(m)
			continue
		}
		if o < 15 || o > 20 {
			continue
		}
		m := congressMention{start: loc[0], end: loc[1], kind: calendar.KindPartyCongress, ordinal: o, name: "党的" + chineseOrdinal(o) + "大"}
		if cg, ok := d.x.cal.Party(o, 0); ok {
			m.cal = &cg
		}
		add(m)
	}
}

// markSpirit marks the mentions whose 精神 is spoken of: followed by 精神
// (or 会议精神), or by a list separator and another such mention.
func (d *docState) markSpirit() {
	for k := len(d.congs) - 1; k >= 0; k-- {
		c := &d.congs[k]
		rest := d.s[c.end:]
		if hasAnyPrefix(rest, "精神", "会议精神", "的精神", "重要精神", "报告", "工作报告") {
			c.spirit = true
			continue
		}
		for _, sep := range []string{"、", "和", "及", "与", "以及", ",", "暨"} {
			if strings.HasPrefix(rest, sep) {
				next := c.end + len(sep)
				for j := k + 1; j < len(d.congs); j++ {
					if d.congs[j].start == next {
						c.spirit = d.congs[j].spirit
					}
				}
			}
		}
	}
}

// datesOfCongresses reads a congress's own dates where the text gives them
// next to its name: "20201124日至26日,大连市工会第十七次代表大会胜利召开".
func (d *docState) datesOfCongresses() {
	for k := range d.congs {
		c := &d.congs[k]
		for _, dm := range d.dates {
			if dm.end <= c.start && c.start-dm.end <= 6 && dm.date.Year != 0 {
				if strings.Contains(d.s[c.end:min(len(d.s), c.end+30)], "召开") || strings.Contains(d.s[c.end:min(len(d.s), c.end+30)], "举行") {
					c.date, c.endDate = dm.date, dm.endDate
				}
			}
		}
	}
}
