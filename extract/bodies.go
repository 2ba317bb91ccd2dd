package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unionkg/kg/gazetteer"
)

// bodyMention is a union or other body named in the text.
type bodyMention struct {
	start, end int
	surface    string
	// name is the canonical name; empty for a short form until resolved.
	name  string
	typ   string
	level string
	div   *gazetteer.Division
	// short is the level character of a short form (省 of 省总工会, 市 of
	// 市总), "" for an explicit name.
	short string
	// suffix is what follows the place in a canonical place-based name:
	// 总工会 or 工会联合会.
	suffix  string
	generic bool
	// inName marks a body named inside a congress or document name: it
	// organised that congress, it did not act in the sentence.
	inName bool
	// group numbers, from 1, the bodies named together in one list that
	// share one union word (邯郸、沧州等市总工会): they act together.
	group int
	// holder marks a body that is not a union, read by findHolderOrgs: it
	// acts only as the subject of its clause (holderActs).
	holder bool
}

// hanRunStart returns the start of the run of Han characters (and the
// middle dot used inside names) that ends at i, at most maxRunes long.
func hanRunStart(s string, i, maxRunes int) int {
	j := i
	for n := 0; j > 0 && n < maxRunes; n++ {
		r, w := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		j -= w
	}
	return j
}

// genericBefore reports whether the words before a union name make it a
// class of bodies rather than one body: 各市总工会, 全省各级工会, 基层工会.
func genericBefore(left string) bool {
	return hasAnySuffix(left, "各", "各级", "各地", "基层", "上级", "下级", "本级", "所属", "有关", "相关", "行业性", "区域性", "全国各", "性", "全省", "全市", "全县", "全区", "全州", "市直", "省直", "区直", "县直", "省级", "市级", "县级", "区级")
}

// shortLevels are the characters that stand for "this province/city/…" in
// short forms such as 市总工会 and 省总.
const shortLevels = "省市县区州盟旗"

// unionKeywords are the words a union's name ends with, longest first.
func unionKeywords() []string {
	return []string{"工会联合总会", "总工会", "工会联合会", "工联会", "工会委员会", "工会"}
}

// findBodies finds the unions and other bodies named in the text.
func (d *docState) findBodies() {
	s := d.s
	for _, kw := range unionKeywords() {
		for _, i := range d.find.occurrences(kw) {
			if !d.live() {
				break
			}
			if d.bodyAt(i) {
				continue // part of a longer keyword already matched
			}
			// 工会 followed by 联合会 or 委员会 is matched by its own keyword.
			if kw == "工会" && hasAnyPrefix(s[i+len(kw):], "联合会", "委员会") {
				continue
			}
			if m, ok := d.unionEndingAt(i, kw); ok {
				d.bodies = append(d.bodies, m)
			}
		}
	}
	d.findAbbreviations()
	d.findHeadingBodies()
	d.findHolderOrgs()
	d.findListedBodies()
	d.findBareBodies()
	for k := range d.bodies {
		if b := &d.bodies[k]; !b.generic && b.group == 0 && classListBefore(s[:b.start]) {
			b.generic = true
		}
	}
	sortBodies(d.bodies)
	d.bodyIx, d.bodyEnds, d.ctxStarts = nil, nil, nil // reordered
}

// bodyAt reports whether offset i lies inside a body found so far.
func (d *docState) bodyAt(i int) bool {
	d.bodyCover.sync(len(d.s), len(d.bodies), func(k int) (int, int) { return d.bodies[k].start, d.bodies[k].end })
	return d.bodyCover.has(i)
}

// unionEndingAt reads the name of a union whose keyword kw starts at i.
func (d *docState) unionEndingAt(i int, kw string) (bodyMention, bool) {
	s := d.s
	end := i + len(kw)
	runStart := hanRunStart(s, i, 24)
	left := s[runStart:i]
	m := bodyMention{end: end, typ: TypeUnion}
	switch kw {
	case "总工会":
		if p := suffixOf(left, "中华全国", "全国"); p != "" {
			m.start, m.name, m.level = i-len(p), "中华全国总工会", "national"
			m.surface = s[m.start:end]
			return m, true
		}
	case "工会联合总会":
		// 澳门工会联合总会 (and its 青年委员会, a body of its own that
		// holds meetings): named as written after its place.
		name, _ := d.x.places.suffix(left)
		if name == "" {
			return m, false
		}
		m.start, m.level = i-len(name), "province"
		for _, w := range []string{"青年委员会", "妇女委员会", "女职工委员会"} {
			if strings.HasPrefix(s[end:], w) {
				m.end = end + len(w)
			}
		}
		m.surface = s[m.start:m.end]
		m.name = m.surface
		return m, true
	case "工联会":
		m.start, m.name, m.level = i, "香港工会联合会", "province"
		if strings.HasSuffix(left, "香港") {
			m.start -= len("香港")
		}
		m.surface = s[m.start:end]
		return m, true
	}
	if kw == "总工会" || kw == "工会联合会" {
		if name, ds := d.x.places.suffix(left); name != "" {
			div := d.x.places.pick(ds, d.contextDiv(i))
			m.start, m.div, m.level, m.suffix = i-len(name), &div, div.Kind(), kw
			m.name = div.Name + kw
			m.surface = s[m.start:end]
			if genericBefore(s[runStart:m.start]) {
				m.generic = true
			}
			return m, true
		}
		if town := d.townSuffix(left); town != "" {
			m.start, m.level = i-len(town), "town"
			m.name = town + kw
			m.surface = s[m.start:end]
			m.generic = genericBefore(s[runStart:m.start]) || strings.HasPrefix(town, "各")
			if name, ds := d.x.places.suffix(s[runStart:m.start]); name != "" {
				div := d.x.places.pick(ds, d.contextDiv(i))
				m.div = &div
			}
			return m, true
		}
		if suf := suffixOf(left, townSuffixes...); suf != "" && (kw == "总工会" || isZone(suf)) {
			// 街道总工会, 开发区总工会 standing alone: the town union the
			// article names.
			m.start, m.short, m.suffix, m.level = i-len(suf), suf, kw, "town"
			m.surface = s[m.start:end]
			m.generic = genericBefore(left[:len(left)-len(suf)])
			return m, true
		}
		if strings.HasSuffix(left, "自治区") {
			// 自治区总工会: the union of the autonomous region the article is in.
			m.start, m.short, m.suffix = i-len("自治区"), "自治区", kw
			m.surface = s[m.start:end]
			m.generic = genericBefore(left[:len(left)-len("自治区")])
			return m, true
		}
		if r, w := utf8.DecodeLastRuneInString(left); w > 0 && strings.ContainsRune(shortLevels, r) {
			m.start, m.short, m.suffix = i-w, string(r), kw
			m.surface = s[m.start:end]
			prev := left[:len(left)-w]
			// 直辖市总工会 in 各省、自治区、直辖市总工会 is a class of bodies.
			// 各县区总工会, 县(市)区总工会, 各市州总工会: levels written together
			// name a class of bodies.
			// 邯郸、沧州等市总工会: a list of bodies (findListedBodies).
			m.generic = genericBefore(prev) || hasAnySuffix(s[:m.start], "全", "每", "直辖", "以上", "等", "两", "三", "四") || levelsInParens(s[:m.start]) ||
				(prev != "" && strings.ContainsRune(shortLevels, lastRune(prev)))
			return m, true
		}
	}
	// 省教育工会: a level character and an industry, in context.
	if _, w := utf8.DecodeLastRuneInString(left); w > 0 {
		if head := d.x.lex.unionHeads.suffix(left); head != "" && isIndustryHead(head) && head != "产业" && head != "行业" {
			rest := left[:len(left)-len(head)]
			if lr, lw := utf8.DecodeLastRuneInString(rest); lw > 0 && strings.ContainsRune("省市县区", lr) {
				if pn, _ := d.x.places.suffix(rest); pn == "" && !genericBefore(rest[:len(rest)-lw]) && !strings.HasSuffix(rest[:len(rest)-lw], "全") {
					m.start, m.short, m.suffix = i-len(head)-lw, string(lr), head+kw
					m.surface = s[m.start:end]
					m.level = "industry"
					return m, true
				}
			}
		}
	}
	if sub := subUnitSuffix(left); sub != "" && kw == "工会" {
		// 学院部门工会, 机关一工会: a union of a part of the article's own
		// institution, a body of its own, named as written.
		if inst := institutionShort(left[:len(left)-len(sub)]); inst != "" {
			m.start = i - len(sub) - len(inst)
			m.surface = s[m.start:end]
			m.name, m.level = m.surface, "enterprise"
			return m, true
		}
	}
	if inst := institutionShort(left); inst != "" && kw == "工会" {
		// 校工会, 公司工会, 我院工会: the union of the article's own
		// institution, named in full elsewhere or not at all.
		m.start, m.short, m.suffix, m.level = i-len(inst), inst, kw, "enterprise"
		m.surface = s[m.start:end]
		return m, true
	}
	if d.x.lex.unionHeads.suffix(left) == "" {
		// No noun phrase before the keyword can end in a head (tagging
		// it would cost the most of finding bodies).
		return m, false
	}
	if segs := d.pos(d.nounPhraseBefore(left)); len(segs) > 0 && (strings.HasPrefix(segs[0].Pos, "v") && segs[0].Pos != "vn" || d.x.lex.actionVerbs.has(segs[0].Text)) {
		return m, false // 深化教育工会: a verb and its object
	}
	// Industry and enterprise unions: a noun phrase ending in a known head.
	name := d.nounPhraseBefore(left)
	if name == "" || utf8.RuneCountInString(name) < 4 || d.x.lex.unionHeads.suffix(name) == "" {
		return m, false
	}
	if genericBefore(left[:len(left)-len(name)]) || hasAnyPrefix(name, "各", "基层", "企业", "全省", "全市", "全县", "全区", "全国") {
		return m, false
	}
	if head := d.x.lex.unionHeads.suffix(name); genericBefore(strings.TrimSuffix(name, head)) {
		return m, false
	}
	m.start = i - len(name)
	m.name = name + kw
	m.surface = s[m.start:end]
	m.level = "enterprise"
	if d.x.lex.unionHeads.suffix(name) != "" && isIndustryHead(d.x.lex.unionHeads.suffix(name)) {
		m.level = "industry"
		if rest, ok := strings.CutPrefix(name, "自治区"); ok && rest != "" {
			// 自治区能源化学地质工会: the region's industry union, named
			// with the region the article is in (resolveBodies).
			m.name, m.short, m.suffix = "", "自治区", rest+kw
		}
	}
	if pn, ds := d.x.places.prefix(name); pn != "" {
		div := d.x.places.pick(ds, d.contextDiv(i))
		m.div = &div
	}
	return m, true
}

// institutionHeads maps the short forms of an institution that stand
// before 工会 on their own (校工会, 集团公司工会) to the heads its full name
// may end with.
var institutionHeads = map[string][]string{
	"校": {"大学", "学院", "学校", "中学", "小学", "职业技术学院", "幼儿园"}, "学校": {"学校", "中学", "小学", "大学"},
	"院": {"医院", "学院", "研究院", "设计院", "科学院", "法院", "检察院"}, "学院": {"学院"}, "医院": {"医院"},
	"公司": {"公司"}, "分公司": {"分公司"}, "集团": {"集团", "集团有限公司", "集团公司"}, "集团公司": {"集团公司", "集团有限公司", "集团有限责任公司", "集团"},
	"局": {"局"}, "总局": {"总局"}, "厂": {"厂"}, "所": {"所"}, "中心": {"中心"}, "机关": {"机关"},
	"幼儿园": {"幼儿园"},
}

// institutionShort returns the short institution form that left ends with
// when nothing that could be part of a name stands before it: 校 in
// "…,校工会", 集团公司 in "集团公司工会", 院 in "我院工会".
func institutionShort(left string) string {
	best := ""
	for short := range institutionHeads {
		if !strings.HasSuffix(left, short) || len(short) <= len(best) {
			continue
		}
		before := strings.TrimSuffix(left, short)
		before = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(before, "我"), "本"), "全")
		if before != "" && !hasAnySuffix(before, "由", "在", "和", "与", "及", "、", "是", "为", "对", "向", "了", "的", "以", "经", "代表") {
			continue
		}
		best = short
	}
	return best
}

func isIndustryHead(h string) bool {
	switch h {
	case "公司", "有限公司", "股份有限公司", "有限责任公司", "集团", "大学", "学院", "学校", "中学", "小学",
		"幼儿园", "医院", "研究院", "研究所", "中心", "银行", "机关", "厂", "矿", "局", "站", "所",
		"车务段", "机务段", "工务段", "电务段", "车辆段", "供电段", "客运段":
		return false
	}
	return true
}

func suffixOf(s string, ps ...string) string {
	for _, p := range ps {
		if strings.HasSuffix(s, p) {
			return p
		}
	}
	return ""
}

// townSuffix returns the name of a town-level area (街道, 镇, 乡, 开发区…)
// that s ends with, with at most four characters before the suffix and none
// of a county or city named before it (朝阳区望京街道 → 望京街道), or "".
func (d *docState) townSuffix(s string) string {
	t := townSuffix(s)
	if t == "" {
		return ""
	}
	head := s[:len(s)-len(t)]
	sfx := suffixOf(t, townSuffixes...)
	// The town's own name starts after the last full place name ending in
	// it (朝阳区望京街道 → 望京街道; 天津港保税区 keeps its 天津).
	cut := 0
	for k := 0; k < len(t)-len(sfx); {
		_, w := decodeRune(t[k:])
		k += w
		if name, ds := d.x.places.suffix(head + t[:k]); name != "" && k < len(t)-len(sfx) && ds[0].Name == name {
			cut = k
		}
	}
	// …and after the last word that cannot be inside a name: 营商办和街道,
	// 代表街道, 联合经开区 leave the town unnamed.
	own := t[cut : len(t)-len(sfx)]
	k := 0
	for _, seg := range d.pos(own) {
		k += len(seg.Text)
		if functionPOS(seg.Pos) || seg.Text == "代表" || seg.Text == "联合" {
			cut += k
			k = 0
		}
	}
	if cut >= len(t)-len(sfx) {
		return ""
	}
	return t[cut:]
}

// townSuffixes end the names of town-level areas and of the zones that
// have their own union (经开区总工会, 自贸区工会联合会), longest first.
var townSuffixes = []string{"经济技术开发区", "高新技术产业开发区", "自由贸易试验区", "综合保税区", "产业基地", "高新区", "经开区", "开发区", "自贸区", "保税区", "工业园区", "园区", "街道", "镇", "乡"}

// isZone reports whether a town suffix is a development zone rather than
// a 街道, 镇 or 乡.
func isZone(suf string) bool {
	return suf != "街道" && suf != "镇" && suf != "乡"
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func townSuffix(s string) string {
	for _, suf := range townSuffixes {
		rest, ok := strings.CutSuffix(s, suf)
		if !ok {
			continue
		}
		n := utf8.RuneCountInString(rest)
		if n < 1 {
			return ""
		}
		start := len(rest)
		for k := 0; k < 4 && start > 0; k++ {
			_, w := utf8.DecodeLastRuneInString(rest[:start])
			start -= w
		}
		return rest[start:] + suf
	}
	return ""
}

// nounPhraseBefore returns the longest tail of s that gse segments into
// nominal words: the name of an organisation standing before 工会.
func (d *docState) nounPhraseBefore(s string) string {
	if s == "" {
		return ""
	}
	segs := d.pos(s)
	start := len(s)
	for k := len(segs) - 1; k >= 0; k-- {
		t := segs[k]
		if functionPOS(t.Pos) && d.x.lex.unionHeads.suffix(t.Text) == "" {
			break
		}
		start -= len(t.Text)
	}
	if start < 0 {
		return ""
	}
	return s[start:]
}

// functionPOS reports whether a part of speech cannot be inside a name:
// verbs, prepositions, conjunctions, particles, adverbs, pronouns,
// numerals, time words.
func functionPOS(p string) bool {
	if p == "" {
		return false
	}
	switch p[0] {
	case 'v', 'p', 'c', 'u', 'd', 'r', 'm', 'q', 't', 'y', 'e', 'o':
		return p != "vn"
	}
	return false
}

func nominalPOS(p string) bool {
	if p == "" {
		return false
	}
	switch p[0] {
	case 'n', 'j':
		return true
	}
	return p == "b" || p == "f" || p == "s" || p == "vn"
}

// findAbbreviations finds 全总, 省总, 市总, 县总 and 区总 standing alone.
func (d *docState) findAbbreviations() {
	s := d.s
	for off := 0; d.live(); {
		i := strings.Index(s[off:], "总")
		if i < 0 {
			return
		}
		i += off
		off = i + len("总")
		if d.bodyAt(i) {
			continue
		}
		next, _ := decodeRune(s[off:])
		if strings.ContainsRune("体结量要书经理计额数统监裁则和共之算值价站指队部局司额工务", next) && !strings.HasPrefix(s[off:], "部署") {
			// …but 全总部署 is 全总 and a verb.
			continue
		}
		prev, w := utf8.DecodeLastRuneInString(s[:i])
		if w == 0 {
			continue
		}
		before := s[:i-w]
		switch {
		case prev == '全':
			if p, _ := utf8.DecodeLastRuneInString(before); strings.ContainsRune("健完安齐周保成俱万顾", p) {
				continue // 健全总结, 完全总体…
			}
			d.bodies = append(d.bodies, bodyMention{start: i - w, end: off, surface: s[i-w : off], name: "中华全国总工会", typ: TypeUnion, level: "national"})
		case strings.ContainsRune("省市县区州", prev):
			if name, ds := d.x.places.suffix(s[:i]); name != "" && strings.HasSuffix(name, string(prev)) {
				// 唐山市总: the full name shortened.
				div := d.x.places.pick(ds, d.mainPlace)
				st := i - len(name)
				d.bodies = append(d.bodies, bodyMention{start: st, end: off, surface: s[st:off], name: div.Name + "总工会", typ: TypeUnion, div: &div, level: div.Kind(), suffix: "总工会"})
				continue
			}
			if name, _ := d.x.places.suffix(before); name != "" {
				continue
			}
			if p, _ := utf8.DecodeLastRuneInString(before); p == '全' || p == '各' || p == '本' {
				continue
			}
			d.bodies = append(d.bodies, bodyMention{start: i - w, end: off, surface: s[i-w : off], typ: TypeUnion, short: string(prev), suffix: "总工会"})
		}
	}
}

// findHeadingBodies records bodies named by section headings that are not
// unions (成都市劳动领域社会组织联合会), and their other mentions.
func (d *docState) findHeadingBodies() {
	for _, li := range d.headings {
		l := d.lines[li]
		if _, ok := d.x.places.byName[l.text]; ok {
			continue // a place heading
		}
		if d.x.lex.orgSuffix.suffix(l.text) == "" || strings.Contains(l.text, "工会") {
			continue
		}
		for off := 0; ; {
			i := strings.Index(d.s[off:], l.text)
			if i < 0 {
				break
			}
			i += off
			off = i + len(l.text)
			if d.bodyAt(i) {
				continue
			}
			m := bodyMention{start: i, end: off, surface: l.text, name: l.text, typ: TypeOrganization}
			if pn, ds := d.x.places.prefix(l.text); pn != "" {
				div := ds[0]
				m.div, m.level = &div, div.Kind()
			}
			d.bodies = append(d.bodies, m)
		}
	}
}

// resolveBodies gives short forms their full names from context: the last
// explicit body of the same line, the section heading, then the article.
func (d *docState) resolveBodies() {
	for k := 0; k < len(d.bodies) && d.live(); k++ {
		b := &d.bodies[k]
		if b.short == "" || b.generic {
			continue
		}
		if b.level == "town" {
			d.resolveTown(b)
			continue
		}
		if _, ok := institutionHeads[b.short]; ok {
			d.resolveInstitution(b)
			continue
		}
		target, ok := d.resolveLevel(b)
		if !ok {
			// Nothing in the article says which one: the article's own
			// name for it (市总工会) is the fullest there is.
			b.name = b.short + b.suffix
			continue
		}
		b.div, b.level = &target, target.Kind()
		b.name = target.Name + b.suffix
	}
}

// resolveLevel finds the division a short form with a level character
// (省总工会, 区总, 县总工会, 自治区总工会) stands for.
func (d *docState) resolveLevel(b *bodyMention) (gazetteer.Division, bool) {
	ctx := d.contextDiv(b.start)
	switch b.short {
	case "省", "自治区":
		if ctx != nil {
			if p := d.x.gaz.Province(*ctx); strings.HasSuffix(p.Name, b.short) {
				return p, true
			}
		}
		// A municipality has no 省: look for the province ending in the
		// level that the article names most.
		return d.provinceEnding(b.short)
	case "区", "县":
		if ctx == nil {
			return gazetteer.Division{}, false
		}
		if t, found := d.x.places.ancestorEnding(*ctx, b.short); found && t.Level != gazetteer.Province {
			return t, true
		}
		if t, found := d.countyEnding(b.short, ctx); found {
			return t, true
		}
		if p := d.x.gaz.Province(*ctx); b.short == "区" && strings.HasSuffix(p.Name, "自治区") {
			return p, true
		}
		return gazetteer.Division{}, false
	}
	if ctx == nil {
		return gazetteer.Division{}, false
	}
	return d.x.places.ancestorEnding(*ctx, b.short)
}

// countyEnding is the county-level division ending in suffix (区, 县)
// inside within that the article names most: 区总工会 in an article on
// 大同市 that names 平城区.
func (d *docState) countyEnding(suffix string, within *gazetteer.Division) (gazetteer.Division, bool) {
	// The places are all found by now: the answer depends on suffix and
	// within only, and many short forms ask the same.
	key := suffix + "|" + within.Code
	if r, ok := d.countyMemo[key]; ok {
		return r.div, r.ok
	}
	div, ok := d.countyEndingScan(suffix, within)
	if d.countyMemo == nil {
		d.countyMemo = map[string]memoDiv{}
	}
	d.countyMemo[key] = memoDiv{div, ok}
	return div, ok
}

// memoDiv is a remembered answer of countyEnding.
type memoDiv struct {
	div gazetteer.Division
	ok  bool
}

func (d *docState) countyEndingScan(suffix string, within *gazetteer.Division) (gazetteer.Division, bool) {
	votes := map[string]int{}
	divs := map[string]gazetteer.Division{}
	for _, p := range d.places {
		if p.div.Level != gazetteer.County || !strings.HasSuffix(p.div.Name, suffix) || !d.x.gaz.Contains(*within, p.div) {
			continue
		}
		votes[p.div.Code]++
		divs[p.div.Code] = p.div
	}
	var best gazetteer.Division
	n := 0
	for code, v := range votes {
		if v > n || (v == n && code < best.Code) {
			best, n = divs[code], v
		}
	}
	return best, n > 0
}

// resolveInstitution names the union of an institution written short
// (校工会): the enterprise or school union named in full in the article
// whose name ends in one of the short form's heads, else the short form
// itself, which is how the article names that union.
func (d *docState) resolveInstitution(b *bodyMention) {
	// The answer depends on the short form alone (and on bodies named in
	// full, which resolving does not change): remembered for the next.
	key := b.short + "|" + b.suffix
	r, ok := d.instMemo[key]
	if !ok {
		r = d.resolveInstitutionScan(b)
		if d.instMemo == nil {
			d.instMemo = map[string]memoName{}
		}
		d.instMemo[key] = r
	}
	b.name = r.name
	if r.setDiv {
		b.div = r.div
	}
}

// memoName is an answer of resolveInstitution: the name, and the division
// when the full name gives one.
type memoName struct {
	name   string
	div    *gazetteer.Division
	setDiv bool
}

func (d *docState) resolveInstitutionScan(b *bodyMention) memoName {
	for k := range d.bodies {
		c := &d.bodies[k]
		if c.short != "" || c.generic || c.name == "" || c.level != "enterprise" {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(c.name, "委员会"), "工会")
		for _, h := range institutionHeads[b.short] {
			if strings.HasSuffix(base, h) {
				return memoName{c.name, c.div, true}
			}
		}
	}
	// 我院工会 and 学院工会 in one article: the longer short form names
	// the same union more fully.
	for k := range d.bodies {
		c := &d.bodies[k]
		if c.short == "" || c.short == b.short || c.generic || c.suffix != b.suffix {
			continue
		}
		if _, ok := institutionHeads[c.short]; !ok {
			continue
		}
		for _, h := range institutionHeads[b.short] {
			if c.short == h {
				return memoName{name: c.short + c.suffix}
			}
		}
	}
	return memoName{name: b.short + b.suffix}
}

// resolveTown gives 街道总工会 or 镇总工会 standing alone the name of the
// nearest town union of that kind named in full, preferring earlier ones,
// else the short name itself.
func (d *docState) resolveTown(b *bodyMention) {
	// The town unions named in full with this ending, by start (the bodies
	// are sorted): the last that starts before b (the first of those that
	// start there), else the first of all.
	key := b.short + b.suffix
	q, ok := d.towns[key]
	if !ok {
		for k := range d.bodies {
			c := &d.bodies[k]
			if c.short == "" && c.level == "town" && !c.generic && strings.HasSuffix(c.name, key) {
				q = append(q, k)
			}
		}
		if d.towns == nil {
			d.towns = map[string][]int{}
		}
		d.towns[key] = q
	}
	firstFrom := func(pos int) int { return sort.Search(len(q), func(j int) bool { return d.bodies[q[j]].start >= pos }) }
	var best *bodyMention
	if j := firstFrom(b.start); j > 0 {
		best = &d.bodies[q[firstFrom(d.bodies[q[j-1]].start)]]
	} else if len(q) > 0 {
		best = &d.bodies[q[0]]
	}
	if best != nil {
		b.name, b.div = best.name, best.div
		return
	}
	// None named in full: 开发区总工会 is the article's name for it.
	b.name = b.short + b.suffix
}

// contextDiv is the division that short forms at position pos refer to:
// that of the last explicit place-based body before pos in the same line,
// else the section heading's place, else the article's main place.
func (d *docState) contextDiv(pos int) *gazetteer.Division {
	li := d.lineAt(pos)
	if li >= 0 {
		l := d.lines[li]
		if best := d.contextBody(l.start, pos); best != nil {
			return best.div
		}
		if h := d.sectionPlace(li); h != nil {
			return h
		}
	}
	return d.mainPlace
}

// sortBodies orders bodies by start, keeping the order of those that start
// together.
func sortBodies(bs []bodyMention) {
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].start < bs[j].start })
}

// listCounters stand between a list of places and the union word they
// share: 邯郸、沧州等市总工会, 西宁、海东两市总工会.
var listCounters = []string{"等", "两", "三", "四", "五"}

// findListedBodies reads lists of places that share one union word: the
// places before a short form (邯郸、沧州等市总工会, where 市总工会 names no
// body of its own) or before a full name (邯郸市、沧州市总工会). Each place
// becomes the union of that place, and the list a group that acts
// together. Every item must be a place the gazetteer knows at the level
// written, so that ordinary lists before 总工会 are left alone.
func (d *docState) findListedBodies() {
	s := d.s
	group := 0
	n := len(d.bodies)
	for k := 0; k < n; k++ {
		b := d.bodies[k]
		if b.typ != TypeUnion || (b.suffix != "总工会" && b.suffix != "工会联合会") || b.inName {
			continue
		}
		// level is the level character the items take (市 of 市总工会);
		// last the last listed item's end.
		var level string
		head := s[:b.start]
		switch {
		case b.short != "" && b.generic && utf8.RuneCountInString(b.short) == 1:
			level = b.short
			c := suffixOf(head, listCounters...)
			if c == "" {
				continue
			}
			head = head[:len(head)-len(c)]
		case b.short == "" && b.div != nil && !b.generic:
			if !strings.HasSuffix(head, "、") {
				continue
			}
		default:
			continue
		}
		items := listedPlaces(head)
		if len(items) == 0 || (b.short != "" && len(items) < 2) {
			continue
		}
		var found []bodyMention
		for i, it := range items {
			name, added := s[it[0]:it[1]], ""
			if level != "" && !strings.HasSuffix(name, level) {
				added = level
			}
			pn, ds := d.x.places.suffix(name + added)
			if i == 0 && len(pn) > len(added) {
				// The first item's run may hold words before the place:
				// 也有邯郸、沧州等市总工会.
				it[0] = it[1] - (len(pn) - len(added))
			} else if pn != name+added {
				found = nil
				break
			}
			div := d.x.places.pick(ds, d.contextDiv(it[0]))
			found = append(found, bodyMention{start: it[0], end: it[1], surface: s[it[0]:it[1]], typ: TypeUnion,
				name: div.Name + b.suffix, level: div.Kind(), div: &div, suffix: b.suffix})
		}
		if len(found) == 0 || d.bodyAt(found[0].start) {
			continue
		}
		group++
		for i := range found {
			found[i].group = group
		}
		d.bodies = append(d.bodies, found...)
		if b.short == "" {
			d.bodies[k].group = group
		}
	}
}

// listedPlaces returns the spans of the items of a list that head ends
// with: Han runs of two to eight characters joined by 、 or a comma-free
// 和/及, the last one ending head. A list has one item before a full name
// (its last item is the name itself), two or more before a short form.
func listedPlaces(head string) [][2]int {
	var items [][2]int
	end := strings.TrimSuffix(head, "、")
	i := len(end)
	for {
		start := hanRunStart(end, i, 8)
		if n := utf8.RuneCountInString(end[start:i]); n < 2 {
			return nil
		}
		items = append([][2]int{{start, i}}, items...)
		if !strings.HasSuffix(end[:start], "、") {
			break
		}
		i = start - len("、")
	}
	return items
}

// classListBefore reports whether head ends with the earlier items of a
// list that opens with 各 ("各街道、" of 各街道、镇乡总工会): every item is
// then a class of bodies. At most five items are looked at.
func classListBefore(head string) bool {
	for n := 0; n < 5; n++ {
		rest, ok := strings.CutSuffix(head, "、")
		if !ok {
			return false
		}
		start := hanRunStart(rest, len(rest), 8)
		if start == len(rest) {
			return false
		}
		// The run may hold the words before the list (组织各街道).
		if item := rest[start:]; strings.Contains(item, "各") {
			return true
		}
		head = rest[:start]
	}
	return false
}

// levelsInParens reports whether s ends with levels in parentheses, as in
// 县(市)区总工会, a class of bodies; a byline's parentheses
// ((记者聂芳芳)省总工会…) are not.
func levelsInParens(s string) bool {
	if !strings.HasSuffix(s, ")") {
		return false
	}
	i := strings.LastIndex(s, "(")
	if i < 0 {
		return false
	}
	inner := s[i+1 : len(s)-1]
	if inner == "" {
		return false
	}
	for _, r := range inner {
		if !strings.ContainsRune(shortLevels+"、,", r) {
			return false
		}
	}
	return true
}

// subUnitSuffix returns what names a part of an institution between its
// short form and 工会 (部门 of 学院部门工会, 一 of 机关一工会), or "".
func subUnitSuffix(left string) string {
	if p := suffixOf(left, "部门", "分", "二级"); p != "" {
		return p
	}
	r, w := utf8.DecodeLastRuneInString(left)
	if w == 0 || !strings.ContainsRune("一二三四五六七八九十", r) {
		return ""
	}
	if strings.HasSuffix(left[:len(left)-w], "第") {
		return left[len(left)-w-len("第"):]
	}
	return left[len(left)-w:]
}
