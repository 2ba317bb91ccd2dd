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
	// kindDemocraticCongress is a congress of one of the democratic parties
	// (致公党第十五次全国代表大会, 九三学社济南市第十次代表大会).
	kindDemocraticCongress = "democratic-party-congress"
)

// spiritOnly reports whether mentions of a congress of this kind count only
// where their spirit is relayed: plenary sessions of committees are named
// far more often as events than as something relayed.
func spiritOnly(kind string) bool {
	return kind == kindUnionPlenum || kind == kindLocalPartyPlenum || kind == kindUnionExecutive || kind == kindListedMeeting
}

// heldCounts reports whether a mention of a congress of this kind counts
// where it is reported as convened: a union's plenary or executive session
// is the subject of the articles that report it (省总工会十四届五次全委会议
// 在贵阳召开), where a speech given at one (在…全委会上的讲话) is not.
func heldCounts(kind string) bool {
	return kind == kindUnionPlenum || kind == kindUnionExecutive
}

// counted reports whether a mention is a congress of the article.
func (c *congressMention) counted() bool {
	return !spiritOnly(c.kind) || c.spirit || (c.held && heldCounts(c.kind))
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
	// convened marks a mention reported as convened (…全委会议在贵阳召开,
	// 召开…执委会议); held, one so reported in the article's lead: the
	// article's own meeting, a congress though its spirit is not relayed.
	convened, held bool
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
// that holds the names; ids[k] is the index's word id of names[k] (see
// anchorSet.wordIDs), looked up once rather than per article.
func (ci *calendarIndex) findIn(f finder, ids []int) [][2]int {
	if f.ix == nil || len(ids) != len(ci.names) {
		return ci.find(f.s)
	}
	var out [][2]int
	for k, id := range ids {
		if id < 0 {
			return ci.find(f.s)
		}
		for _, i := range f.ix.of(id) {
			out = append(out, [2]int{k, int(i)})
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

// democraticParties are the short names of the eight democratic parties.
const democraticParties = `民革|民盟|民建|民进|农工党|致公党|九三学社|台盟`

var (
	rePartyPlenumFull = mustPattern(`中国共产党第(` + n + `)届中央委员会第(` + n + `)次全体会议`)
	rePartyPlenum     = mustPattern(`(?:中国共产党|中共|党的)?第?(` + n + `)届((?:` + n + `中[、和及与]?)+)全会`)
	rePartyCongress   = mustPattern(`(?:(?:中国共产党|中共|党的)第(` + n + `)次全国代表大会|(?:中共|党的)(` + n + `)大)`)
	reUnionNational   = mustPattern(`(?:中国工会第(` + n + `)次(?:全国)?代表大会|(?:中国工会|全总)(` + n + `)大)`)
	reLocalUnion      = mustPattern(`(?:总)?工会(?:第?(` + n + `)次(?:会员)?代表大会|(` + n + `)大)`)
	reLocalParty      = mustPattern(`第(` + n + `)次党(?:代会|代表大会)`)
	reLocalPartyFull  = mustPattern(`(?:中国共产党|中共)([\p{Han}]{2,12}?)第(` + n + `)次代表大会`)
	reLocalPlenum     = mustPattern(`(省委|市委|县委|区委|州委)(` + n + `)届(` + n + `)次全(?:体)?会(?:议)?`)
	reLocalPlenum2    = mustPattern(`(` + n + `)届(省委|市委|县委|区委|州委)(` + n + `)次全(?:体)?会(?:议)?`)
	// reUnionPlenum reads a union committee's plenary or executive session
	// in its short spellings: 省总工会十五届三次全委(扩大)会议, 省总十四届二次
	// 全委会, 市总十届五次全会, 铁路总工会十四届九次执委会议. The union's name
	// ends with the first group.
	reUnionPlenum = mustPattern(`(总工会|工会|总)(` + n + `)届(` + n + `)次(全委|全体|全|执委)(?:\(扩大\)|扩大)?会(?:议)?`)
	// reUnionPlenumFull is the same in full: 四川省总工会第十五届委员会第三次
	// 全体会议, 中华全国铁路总工会第十四届执行委员会第九次全体会议.
	reUnionPlenumFull = mustPattern(`(总工会|工会)第(` + n + `)届(执行)?委员会第(` + n + `)次全体(?:\(扩大\)|扩大)?会议`)
	// reUnionSessionBare is a union committee's session named without its
	// term and number: 全国总工会执委会, 省总工会全委会, 全总主席团会议. The
	// union's name ends with the first group.
	reUnionSessionBare = mustPattern(`(总工会|全总)(全委会|执委会|主席团会议)(?:议)?`)
	reACFTUExecFull    = mustPattern(`(?:中华全国总工会|全国总工会|全总)第(` + n + `)届执行委员会第(` + n + `)次全体(?:\(扩大\))?会议`)
	reACFTUExec        = mustPattern(`(?:中华全国总工会|全国总工会|全总)第?(` + n + `)届(?:第)?(` + n + `)次(执委|主席团)(?:\(扩大\))?会(?:议)?`)
	reCCDIPlenum       = mustPattern(`(` + n + `)届中(?:央)?纪委(` + n + `)次全(?:体)?会(?:议)?`)
	reCCDIPlenumFull   = mustPattern(`中国共产党第(` + n + `)届中央纪律检查委员会第(` + n + `)次全体会议`)
	reTwoSessions      = mustPattern(`(全国)?[“"「『]?两会[”"」』]?`)
	reLocalWorkMeet    = mustPattern(`(省委|市委|县委|区委|州委)(经济工作会议|农村工作会议)`)
	reNPC              = mustPattern(`(` + n + `)届全国人大(` + n + `)次会议|全国人大(` + n + `)届(` + n + `)次会议`)
	reCPPCC            = mustPattern(`全国政协(` + n + `)届(` + n + `)次会议`)
	// reDemocraticParty and reDemocraticLocal read the congresses of the
	// eight democratic parties, whose bare 十五大 is not the CPC's.
	reDemocraticParty = mustPattern(`(` + democraticParties + `)(中央)?(?:第(` + n + `)次全国代表大会|(` + n + `)大)`)
	reDemocraticLocal = mustPattern(`(` + democraticParties + `)([\p{Han}]{2,10}?)第(` + n + `)次代表大会`)
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
		// Overlapping a congress found before: some byte of it is covered.
		d.congCover.sync(len(s), len(d.congs), func(k int) (int, int) { return d.congs[k].start, d.congs[k].end })
		if d.congCover.any(m.start, m.end) {
			return
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
	find := func(p *pattern) [][]int {
		if d.done() {
			return nil
		}
		return d.find.all(p)
	}
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
	for _, loc := range find(reUnionPlenumFull) {
		if m, ok := d.unionSession(loc[0], loc[3], loc[1], num(sub(loc, 2)), num(sub(loc, 4)), sub(loc, 3) != ""); ok {
			add(m)
		}
	}
	for _, loc := range find(reUnionPlenum) {
		if m, ok := d.unionSession(loc[0], loc[3], loc[1], num(sub(loc, 2)), num(sub(loc, 3)), sub(loc, 4) == "执委"); ok {
			add(m)
		}
	}
	for _, loc := range find(reUnionSessionBare) {
		if m, ok := d.bareUnionSession(loc[0], loc[3], loc[1], sub(loc, 2)); ok {
			add(m)
		}
	}
	for _, loc := range find(reLocalUnion) {
		div, start, level := d.placeOrLevel(loc[0])
		place := level
		o := num(sub(loc, 1) + sub(loc, 2))
		if div != nil {
			place = div.Name
		} else if level == "" {
			// 云天化集团工会第三次代表大会: an enterprise union's congress,
			// written out in full (its bare N大 is too ambiguous).
			if b := d.unionBodyEnding(loc[0] + strings.Index(s[loc[0]:loc[1]], "工会") + len("工会")); b != nil && sub(loc, 1) != "" && b.name != "" {
				add(congressMention{start: b.start, end: loc[1], kind: kindLocalUnionCongress, ordinal: o,
					name: b.name + "第" + chineseOrdinal(o) + "次代表大会"})
			}
			continue
		}
		m := congressMention{start: start, end: loc[1], kind: kindLocalUnionCongress, ordinal: o, div: div}
		m.name = place + "工会第" + chineseOrdinal(o) + "次代表大会"
		on := chineseOrdinal(o)
		m.aliases = []string{place + "工会" + on + "大", place + "总工会" + on + "大", place + "总工会第" + on + "次代表大会", place + "工会" + on + "次代表大会"}
		add(m)
	}
	for _, loc := range find(reLocalPartyFull) {
		if _, ds := d.x.places.suffix(sub(loc, 1)); ds != nil && d.x.places.byName[sub(loc, 1)] != nil {
			div := d.x.places.pick(d.x.places.byName[sub(loc, 1)], d.mainPlace)
			add(d.localParty(loc[0], loc[1], &div, num(sub(loc, 2))))
		}
	}
	for _, loc := range find(reLocalParty) {
		div, start, level := d.placeOrLevel(loc[0])
		if div != nil {
			add(d.localParty(start, loc[1], div, num(sub(loc, 1))))
		} else if level != "" {
			on := chineseOrdinal(num(sub(loc, 1)))
			add(congressMention{start: start, end: loc[1], kind: kindLocalPartyCongress, ordinal: num(sub(loc, 1)),
				name: level + "第" + on + "次党代会", aliases: []string{level + "第" + on + "次党代表大会"}})
		}
	}
	for _, loc := range find(reDemocraticParty) {
		party, o := sub(loc, 1), num(sub(loc, 3)+sub(loc, 4))
		on := chineseOrdinal(o)
		add(congressMention{start: loc[0], end: loc[1], kind: kindDemocraticCongress, ordinal: o,
			name:    party + "第" + on + "次全国代表大会",
			aliases: []string{party + "中央第" + on + "次全国代表大会", party + on + "大", party + "中央" + on + "大"}})
	}
	for _, loc := range find(reDemocraticLocal) {
		place := sub(loc, 2)
		if _, ok := d.x.places.byName[place]; !ok {
			continue
		}
		party, o := sub(loc, 1), num(sub(loc, 3))
		add(congressMention{start: loc[0], end: loc[1], kind: kindDemocraticCongress, ordinal: o,
			name: party + place + "第" + chineseOrdinal(o) + "次代表大会"})
	}
	for _, loc := range find(reNPC) {
		d.session(loc[0], loc[1], calendar.KindNPCSession, num(sub(loc, 1)+sub(loc, 3)), num(sub(loc, 2)+sub(loc, 4)), add)
	}
	for _, loc := range find(reCPPCC) {
		d.session(loc[0], loc[1], calendar.KindCPPCCSession, num(sub(loc, 1)), num(sub(loc, 2)), add)
	}
	for _, m := range d.x.calIdx.findIn(d.find, d.x.calIDs) {
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
	d.findAnaphoric(add)
	d.findListedMeetings(add)
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
		// The sessions named in full say which year's 两会 it is:
		// 传达学习十四届全国人大二次会议和全国政协十四届二次会议精神.
		for _, c := range d.congs {
			if (c.kind == calendar.KindNPCSession || c.kind == calendar.KindCPPCCSession) && c.cal != nil {
				year = c.cal.Start.Year()
				break
			}
		}
	}
	if year == 0 {
		if m := d.find.all(reYearAlone); len(m) > 0 {
			year = atoiOr(d.s[m[0][2]:m[0][3]])
		}
	}
	var cal *calendar.Congress
	if cg, ok := d.x.cal.First(func(cg calendar.Congress) bool {
		return cg.Kind == calendar.KindTwoSessions && cg.Start.Year() == year
	}); ok {
		cal = &cg
	}
	for _, loc := range locs {
		if loc[2] < 0 && !d.nationalTwoSessions(loc[0]) {
			continue
		}
		m := congressMention{start: loc[0], end: loc[1], kind: calendar.KindTwoSessions, name: "全国两会", aliases: []string{"两会"}}
		if cal != nil {
			m.name, m.cal = cal.Name, cal
			m.aliases = append(m.aliases, "全国两会")
		}
		add(m)
	}
}

// nationalTwoSessions reports whether 两会 written without 全国 at i is the
// national one: it is unless a place or a level stands before it (省两会,
// 市两会, 地方两会, 成都两会), and the national sessions are what the genre
// relays under that name.
func (d *docState) nationalTwoSessions(i int) bool {
	left := d.s[:i]
	r, w := utf8.DecodeLastRuneInString(left)
	if strings.ContainsRune(`“"「『`, r) {
		left = left[:len(left)-w]
		r, _ = utf8.DecodeLastRuneInString(left)
	}
	if strings.ContainsRune(shortLevels+"乡镇", r) || strings.HasSuffix(left, "地方") {
		return false
	}
	name, _ := d.x.places.suffix(left)
	return name == ""
}

// findNationalMeetings finds the recurring national meetings of the
// national_meetings lexicon, with a year written before them kept in the
// mention (2024年中央经济工作会议).
func (d *docState) findNationalMeetings(add func(congressMention)) {
	for _, form := range d.x.lex.nationalForms {
		name := d.x.lex.nationalMeetings[form]
		for _, i := range d.find.occurrences(form) {
			off := i + len(form)
			start, full := i, name
			if ord := ordinalBefore(d.s[:i]); ord != "" {
				// 第三次中央新疆工作座谈会: a numbered one is named with its
				// number.
				start, full = i-len(ord), ord+name
			} else if m := reYearBefore.FindStringSubmatchIndex(d.s[max(0, i-8):i]); m != nil {
				start = max(0, i-8) + m[0]
			}
			add(congressMention{start: start, end: off, kind: kindNationalMeeting, name: full})
		}
	}
}

// ordinalBefore returns the "第N次" (N in Chinese numerals) that s ends
// with, or "".
func ordinalBefore(s string) string {
	rest, ok := strings.CutSuffix(s, "次")
	if !ok {
		return ""
	}
	n := 0
	for n < 3 {
		r, w := utf8.DecodeLastRuneInString(rest)
		if w == 0 || !strings.ContainsRune("一二三四五六七八九十", r) {
			break
		}
		rest = rest[:len(rest)-w]
		n++
	}
	if n == 0 || !strings.HasSuffix(rest, "第") {
		return ""
	}
	return s[len(rest)-len("第"):]
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

// bareUnionSession names a session of a union's committee written without
// its term and number (全国总工会执委会, 省总工会全委会), after the union
// body ending at nameEnd: the ACFTU's by its common short name 全国总工会,
// another's by its canonical name. Like the numbered sessions, it counts
// only where its spirit is relayed.
func (d *docState) bareUnionSession(at, nameEnd, end int, kind string) (congressMention, bool) {
	word := strings.TrimSuffix(kind, "议")
	m := congressMention{start: at, end: end, kind: kindUnionPlenum}
	if kind != "全委会" {
		m.kind = kindUnionExecutive
	}
	b := d.unionBodyEnding(nameEnd)
	switch {
	case b == nil && d.s[at:nameEnd] == "全总", b != nil && b.name == "中华全国总工会":
		if b != nil {
			m.start = b.start
		}
		m.name = "全国总工会" + word
		m.aliases = []string{"全总" + word, "全总" + word + "议", "全国总工会" + word + "议", "中华全国总工会" + word}
		return m, true
	case b == nil || b.generic || b.name == "":
		return congressMention{}, false
	}
	base := b.name
	if b.div != nil && b.level != "enterprise" && b.level != "industry" && b.level != "town" {
		base = b.div.Name + "总工会"
	}
	m.start, m.div = b.start, b.div
	m.name = base + word
	m.aliases = []string{base + word + "议"}
	return m, true
}

// unionSession names a plenary (全委会议) or executive (执委会议) session of
// a union's committee, whose name is the union body ending at nameEnd
// (四川省总工会, 省总, 学校工会), or else the place before at.
func (d *docState) unionSession(at, nameEnd, end, series, session int, exec bool) (congressMention, bool) {
	if series == 0 || session == 0 {
		return congressMention{}, false
	}
	on, sn := chineseOrdinal(series), chineseOrdinal(session)
	m := congressMention{end: end, kind: kindUnionPlenum, ordinal: series, plenum: session}
	base := ""
	if b := d.unionBodyEnding(nameEnd); b != nil {
		m.start, m.div = b.start, b.div
		switch {
		case b.div != nil && b.level != "enterprise" && b.level != "industry" && b.level != "town":
			base = b.div.Name + "总工会"
		case b.name != "":
			base = b.name
		default:
			// A short form the context does not resolve (省总工会 in an
			// article naming no province): named as written.
			base = strings.TrimSuffix(b.surface, "工会")
			base = strings.TrimSuffix(base, "总") + "总工会"
			if !strings.HasSuffix(b.surface, "总工会") && !strings.HasSuffix(b.surface, "总") {
				base = b.surface
			}
		}
	}
	if base == "" {
		div, start, level := d.placeOrLevel(at)
		switch {
		case div != nil:
			base, m.div = div.Name+"总工会", div
		case level != "":
			base = level + "总工会"
		default:
			return m, false
		}
		m.start = start
	}
	if strings.HasSuffix(d.s[:m.start], "自治") && strings.HasPrefix(d.s[m.start:], "区") {
		m.start -= len("自治") // 自治区总: the level is 自治区, not 区
	}
	if exec {
		m.name = base + on + "届" + sn + "次执委会议"
		m.aliases = []string{base + "第" + on + "届执行委员会第" + sn + "次全体会议", base + on + "届" + sn + "次执委会"}
		return m, true
	}
	m.name = base + on + "届" + sn + "次全委会议"
	m.aliases = []string{base + "第" + on + "届委员会第" + sn + "次全体会议", base + on + "届" + sn + "次全委会"}
	return m, true
}

// unionBodyEnding returns the union body named up to end, if any.
func (d *docState) unionBodyEnding(end int) *bodyMention {
	for _, k := range d.bodiesEndingAt(end) {
		b := &d.bodies[k]
		if b.typ == TypeUnion && !b.generic {
			return b
		}
	}
	return nil
}

// placeOrLevel is placeBefore, and when that finds nothing but a bare level
// character (省, 市, 区) that the context does not resolve, that character:
// 省第十三次党代会 in an article that names no province is still a
// provincial party congress, named as the article names it.
func (d *docState) placeOrLevel(i int) (*gazetteer.Division, int, string) {
	if div, start := d.placeBefore(i); div != nil {
		return div, start, ""
	}
	left := d.s[:i]
	r, w := utf8.DecodeLastRuneInString(left)
	if w == 0 || !strings.ContainsRune(shortLevels, r) {
		return nil, i, ""
	}
	// 全省, 各市, 本区: a class or the article's own, not a name.
	if p, _ := utf8.DecodeLastRuneInString(left[:len(left)-w]); strings.ContainsRune("全各本该每", p) {
		return nil, i, ""
	}
	return nil, i - w, string(r)
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
	place := ""
	if div == nil {
		// 省委/市委 with no place before: the article's own, else named as
		// written (区委二届五次全会) when the article names no such place.
		level := committee[:len(committee)-len("委")]
		if div = d.levelPlace(level, start); div == nil {
			place = level
		}
		pstart = start
	}
	if div != nil {
		place = div.Name
	}
	add(congressMention{start: pstart, end: end, kind: kindLocalPartyPlenum, ordinal: series, plenum: plenum, div: div,
		name: place + "委" + chineseOrdinal(series) + "届" + chineseOrdinal(plenum) + "次全会"})
}

func (d *docState) session(start, end int, kind string, term, session int, add func(congressMention)) {
	if cg, ok := d.x.cal.First(func(cg calendar.Congress) bool {
		return cg.Kind == kind && cg.Series == term && cg.Session == session
	}); ok {
		add(congressMention{start: start, end: end, kind: kind, name: cg.Name, cal: &cg, ordinal: term})
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
	// refs holds, by ordinal, the index of the congress a bare ordinal
	// refers to, for the first seen congresses: the last local congress of
	// that ordinal, else the first congress of it (not a plenum, not an NPC
	// or CPPCC session).
	refs := map[int]int{}
	seen := 0
	for _, loc := range d.find.all(reBareOrdinal) {
		o := num(s[loc[2]:loc[3]])
		if o < 10 || o > 30 {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:loc[0]])
		if strings.ContainsRune("第届次", prev) {
			continue
		}
		next, nw := decodeRune(s[loc[1]:])
		// “十五大” in quotation marks is a name whatever follows it.
		quoted := strings.ContainsRune(`“"「『`, prev) && strings.ContainsRune(`”"」』`, next)
		rest := s[loc[1]:]
		if quoted {
			rest = rest[nw:]
		}
		if !quoted && !hasAnyPrefix(rest, "精神", "以来", "报告", "确定", "提出", "作出", "胜利", "代表", "的", "和", "、", "上") {
			continue
		}
		for ; seen < len(d.congs); seen++ {
			c := &d.congs[seen]
			if c.plenum == 0 && c.kind != calendar.KindNPCSession && c.kind != calendar.KindCPPCCSession {
				if _, ok := refs[c.ordinal]; !ok || c.kind == kindLocalUnionCongress || c.kind == kindLocalPartyCongress {
					refs[c.ordinal] = seen
				}
			}
		}
		var ref *congressMention
		if k, ok := refs[o]; ok {
			ref = &d.congs[k]
		}
		if ref != nil {
			m := *ref
			m.start, m.end = loc[0], loc[1]
			add(m)
			continue
		}
		if m, ok := d.bareCongress(o, strings.HasPrefix(rest, "以来")); ok {
			m.start, m.end = loc[0], loc[1]
			add(m)
		}
	}
}

// bareCongress chooses the congress a bare 十X大 names when the article
// names none of that ordinal in full: the party congress, unless the
// union's congress of that ordinal met in the year before the article
// (中国工会十五大 in a 2008 article: the party's fifteenth met in 1997).
// With the article's year known, a party congress more than two terms old
// is not what a bare ordinal means (a democratic party's congress, written
// 十五大 in 2017, is not the party's of 1997), except in 十八大以来.
func (d *docState) bareCongress(o int, since bool) (congressMention, bool) {
	year := d.articleYear()
	if uc, ok := d.x.cal.Union(o); ok && !since && year != 0 && year >= uc.Start.Year() && year <= uc.Start.Year()+1 {
		return congressMention{kind: calendar.KindUnionCongress, ordinal: o, name: "中国工会" + chineseOrdinal(o) + "大", cal: &uc}, true
	}
	pc, ok := d.x.cal.Party(o, 0)
	if !ok || o < 15 || o > 20 {
		return congressMention{}, false
	}
	if year != 0 && !since && (year < pc.Start.Year() || year > pc.Start.Year()+10) {
		return congressMention{}, false
	}
	return congressMention{kind: calendar.KindPartyCongress, ordinal: o, name: "党的" + chineseOrdinal(o) + "大", cal: &pc}, true
}

// articleYear is the year the article was written: that of its publication
// date, else the first year it writes.
func (d *docState) articleYear() int {
	if d.published.Year != 0 {
		return d.published.Year
	}
	if m := d.find.all(reYearAlone); len(m) > 0 {
		return atoiOr(d.s[m[0][2]:m[0][3]])
	}
	return 0
}

// reSpiritAfter is what follows a congress whose spirit is spoken of:
// 精神, 会议精神, 的主要精神, 等会议精神 (the end of a list), 报告, 所作的
// 工作报告 (the congress's own report, read in a study session).
var reSpiritAfter = mustPattern(`^(?:[”」』"])?(?:等|的|所做的|所作的|上所作的|上所做的)?(?:主要|重要|有关|相关)?(?:会议|大会|全会)?(?:的)?(?:主要|重要)?(?:精神|报告|工作报告)`)

// reListToSpirit is the rest of a list whose last item is followed by 精神
// (…、全总十七届六次执委会议和全国工会…座谈会精神): list items without a
// clause break, that is, without a verb's comma or a full stop. A
// meeting's "(扩大)" is part of its name (省委常委会(扩大)会议).
var reListToSpirit = mustPattern(`^(?:[^,。;:!?()]|\(扩大\)){1,60}?(?:会议|大会|全会|座谈会|会)精神`)

// reHeldAfter and reHeldBefore find a meeting reported as convened: 在贵阳
// 召开, 隆重举行, 通过 (a resolution it adopted) in the clause that follows,
// or 召开/举行 just before. Only the article's lead counts (inLead).
var (
	reHeldAfter  = mustPattern(`^(?:\)|[”」』"])?[^,。;:!?]{0,24}?(?:召开|举行|开幕|闭幕|通过)`)
	reHeldBefore = mustPattern(`(?:召开|举行|召开了|举行了)$`)
)

// leadLines is how many lines open an article: its title, a dateline or
// byline, and the lead paragraph.
const leadLines = 4

// inLead reports whether pos lies in the opening lines of the article, not
// counting navigation and blank lines: where an article reports its own
// subject, where a roundup's later paragraphs report other bodies' meetings.
func (d *docState) inLead(pos int) bool {
	seen := 0
	for _, l := range d.lines {
		if l.nav || strings.TrimSpace(l.text) == "" {
			continue
		}
		if pos >= l.start && pos < l.end {
			return true
		}
		if seen++; seen >= leadLines {
			return false
		}
	}
	return false
}

// markSpirit marks the mentions whose 精神 is spoken of: followed by 精神
// (or 会议精神), or by a list separator and another such mention; and the
// mentions reported as convened.
func (d *docState) markSpirit() {
	for k := len(d.congs) - 1; k >= 0; k-- {
		c := &d.congs[k]
		rest := d.s[c.end:]
		c.convened = reHeldAfter.MatchString(rest) || reHeldBefore.MatchString(d.s[max(0, c.start-12):c.start])
		c.held = c.convened && d.inLead(c.start)
		if reSpiritAfter.MatchString(rest) {
			c.spirit = true
			continue
		}
		for _, sep := range []string{"、", "和", "及", "与", "以及", ",", "暨"} {
			if strings.HasPrefix(rest, sep) {
				// The congresses are sorted by start: the last one after k
				// that starts at next.
				next := c.end + len(sep)
				j := sort.Search(len(d.congs), func(j int) bool { return d.congs[j].start > next }) - 1
				if j > k && d.congs[j].start == next {
					c.spirit = d.congs[j].spirit
				}
				if !c.spirit && sep != "," && reListToSpirit.MatchString(rest[len(sep):]) {
					// The list goes on with meetings the recognisers do
					// not know and ends in 精神.
					c.spirit = true
				}
			}
		}
	}
}

// datesOfCongresses reads a congress's own dates where the text gives them
// next to its name: "20201124日至26日,大连市工会第十七次代表大会胜利召开",
// "浙江省第十五次代表大会于2022年6月18日至21日在杭州召开". Congresses in
// the calendar take its dates instead; these are for local ones.
func (d *docState) datesOfCongresses() {
	dx := d.dateIndex()
	held := func(after int) bool {
		rest := d.s[after:min(len(d.s), after+30)]
		return strings.Contains(rest, "召开") || strings.Contains(rest, "举行") || strings.Contains(rest, "开幕")
	}
	for k := range d.congs {
		c := &d.congs[k]
		// 10月16日,…大会在北京召开: dates that end at most 6 bytes before
		// the congress start at most that and their length before it.
		d.ix = dx.in(c.start-6-dx.maxLen, c.start, d.ix)
		for _, j := range d.ix {
			dm := d.dates[j]
			if dm.end <= c.start && c.start-dm.end <= 6 && dm.date.Year != 0 && held(c.end) {
				c.date, c.endDate = dm.date, dm.endDate
			}
		}
		// 中国共产党浙江省第十五次代表大会于2022年6月18日至21日在杭州召开.
		at := c.end
		for _, w := range []string{"已", "于"} {
			if strings.HasPrefix(d.s[at:], w) {
				at += len(w)
			}
		}
		if at == c.end || !strings.HasSuffix(d.s[:at], "于") {
			continue
		}
		d.ix = dx.in(at, at+1, d.ix)
		for _, j := range d.ix {
			if dm := d.dates[j]; dm.start == at && dm.date.Year != 0 && held(dm.end) {
				c.date, c.endDate = dm.date, dm.endDate
			}
		}
	}
}

// reAnaphoric finds 大会 and 全会 whose spirit is relayed with no name:
// "传达学习大会精神", "学习贯彻此次全会精神".
var reAnaphoric = mustPattern(`(?:此次|本次|这次)?(大会|全会)精神`)

// findAnaphoric reads 大会精神 and 全会精神 written after a relay verb: the
// congress (大会) or plenum (全会) named last before it. Roundups name the
// congress once and then write "各地…传达学习大会精神".
func (d *docState) findAnaphoric(add func(congressMention)) {
	s := d.s
	locs := d.find.all(reAnaphoric)
	if len(locs) == 0 {
		return
	}
	// The congresses and the plenums an anaphor may refer to, by start:
	// each anaphor takes the last one before it (binary search, so that a
	// long article stays linear).
	var congs, plenums []int
	for k := range d.congs {
		switch d.congs[k].kind {
		case calendar.KindPartyPlenum, kindLocalPartyPlenum, kindUnionPlenum:
			plenums = append(plenums, k)
		case calendar.KindPartyCongress, calendar.KindUnionCongress, kindLocalPartyCongress, kindLocalUnionCongress:
			congs = append(congs, k)
		}
	}
	byStart := func(ks []int) {
		sort.SliceStable(ks, func(i, j int) bool { return d.congs[ks[i]].start < d.congs[ks[j]].start })
	}
	byStart(congs)
	byStart(plenums)
	for _, loc := range locs {
		before := strings.TrimSuffix(s[:loc[0]], "了")
		if d.x.lex.relayVerbs.suffix(before) == "" {
			continue
		}
		ks := congs
		if s[loc[2]:loc[3]] == "全会" {
			ks = plenums
		}
		i := sort.Search(len(ks), func(i int) bool { return d.congs[ks[i]].start >= loc[0] }) - 1
		if i < 0 {
			continue
		}
		m := d.congs[ks[i]]
		m.start, m.end, m.date, m.endDate = loc[2], loc[3], date{}, date{}
		add(m)
	}
}
