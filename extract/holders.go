package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// findHolderOrgs finds the bodies that are not unions but hold relay
// meetings of their own: 公司党委, 苏州湾实验初级中学党总支, 九三学社济钢支社,
// 陕西工运学院, 市人大机关, 省委宣讲团. A name is one of the endings of
// data/lexicon/holder_orgs.txt after a prefix that makes it one body (see
// holderPrefix). Such bodies are typed Organization. A name after a word
// that makes it a class (各党支部, 全体机关干部) is generic: never an actor.
func (d *docState) findHolderOrgs() {
	s, lx := d.s, d.x.lex
	for _, end := range lx.holderEndList {
		for _, i := range d.find.occurrences(end) {
			if !d.live() {
				return
			}
			off := i + len(end)
			// Inside a body found so far, or the inside of the body just
			// before it (市总工会机关, 工会党委): that body's own part.
			if d.bodyAt(i) || i > 0 && d.bodyAt(i-1) {
				continue
			}
			if lx.holderEnds.prefix(s[i:]) != end {
				continue // a longer ending starts here: 市委会, not 市委
			}
			if hasAnyPrefix(s[off:], "工会", "各", "所属", "下属") {
				// 省直机关工会: a union's name, not a holder's; 县直机关
				// 各基层工会: the scope of a class of bodies.
				continue
			}
			if m, ok := d.holderEndingAt(i, end); ok {
				d.bodies = append(d.bodies, m)
			}
		}
	}
	d.findSelfHolders()
}

// findSelfHolders finds an institution word standing alone as the subject
// of a clause that holds or relays something: "4月12日下午,公司在会议室召开
// 专题会议…", "公司传达学习…精神". It is the article's own institution,
// named as the article names it.
func (d *docState) findSelfHolders() {
	s, lx := d.s, d.x.lex
	for _, w := range lx.holderSelf.list {
		for _, i := range d.find.occurrences(w) {
			if !d.live() {
				return
			}
			off := i + len(w)
			if d.bodyAt(i) || i > 0 && d.bodyAt(i-1) {
				continue
			}
			rest := s[off:]
			if !hasAnyPrefix(rest, "召开", "举办", "举行", "组织", "在") && lx.relayVerbs.prefix(rest) == "" {
				continue
			}
			m := bodyMention{start: i, end: off, surface: w, name: w, typ: TypeOrganization, holder: true}
			if !d.holderActs(&m) {
				continue
			}
			d.bodies = append(d.bodies, m)
		}
	}
}

// holderEndingAt reads the name of a holder whose ending end starts at i.
func (d *docState) holderEndingAt(i int, end string) (bodyMention, bool) {
	s, lx := d.s, d.x.lex
	runStart := hanRunStart(s, i, 24)
	name := d.holderPrefix(s[runStart:i], end, runStart)
	if name == "" {
		return bodyMention{}, false
	}
	start, stop := i-len(name), i+len(end)
	// 学院党委, 省委宣讲团: one ending after another names the part of the
	// body that holds the meeting, which the name keeps.
	for n := 0; n < 3; n++ {
		e := lx.holderEnds.prefix(s[stop:])
		if e == "" {
			break
		}
		stop += len(e)
	}
	if lx.titles.prefix(s[stop:]) != "" {
		// 机关党委书记, 湖南湘江新区党工委书记: the body is part of an
		// office's title, which keeps it (GUIDE: 省委常委, 市委书记).
		return bodyMention{}, false
	}
	m := bodyMention{start: start, end: stop, surface: s[start:stop], typ: TypeOrganization, holder: true}
	m.name = m.surface
	m.generic = lx.holderNot.suffix(s[runStart:start]) != "" || lx.holderNot.prefix(name) != ""
	if pn, ds := d.x.places.prefix(m.name); pn != "" {
		div := d.x.places.pick(ds, d.contextDiv(i))
		m.div, m.level = &div, div.Kind()
	}
	return m, true
}

// holderPrefix returns the tail of left (the run of Han characters before
// the ending end, starting at runStart) that makes the name of one body, or "":
//   - an institution word alone (公司党委, 集团党委);
//   - a democratic party and what follows it (九三学社济钢支社);
//   - a level character or a place, then a body's short name (市人大机关,
//     省委宣讲团, 湖南省委宣讲团);
//   - a noun phrase that starts with a place (湖南省委, 苏州市…中学党总支);
//   - a group led by someone (率省政协…调研组), starting with a place or a
//     level character and a body's short name;
//   - a whole clause-opening run of nominal words (友谊制米厂, 继续教育学院).
func (d *docState) holderPrefix(left, end string, runStart int) string {
	if left == "" {
		return ""
	}
	lx := d.x.lex
	// 张光奇率省政协十二届工会界别调研组: the group a person leads is named
	// after 率 or 带领 and acts as one body (holderActs).
	if k := max(strings.LastIndex(left, "率"), strings.LastIndex(left, "带领")); k >= 0 {
		if led := strings.TrimPrefix(strings.TrimPrefix(left[k:], "率"), "带领"); led != "" && !strings.HasPrefix(led, "领") {
			if pn, _ := d.x.places.prefix(led); pn != "" || d.levelShort(led) {
				return led
			}
		}
	}
	t := d.nounPhraseBefore(left)
	if lx.holderSelf.has(t) {
		return t
	}
	for _, p := range lx.holderParty.list {
		if k := strings.LastIndex(left, p); k >= 0 && utf8.RuneCountInString(left[k+len(p):]) <= 8 {
			return left[k:]
		}
	}
	if sw := lx.holderShort.suffix(left); sw != "" {
		rest := left[:len(left)-len(sw)]
		if pn, _ := d.x.places.suffix(rest); pn != "" {
			return pn + sw
		}
		if r, w := utf8.DecodeLastRuneInString(rest); w > 0 && strings.ContainsRune("省市县区", r) {
			return string(r) + sw
		}
	}
	if t != "" && utf8.RuneCountInString(t) <= 16 {
		if pn, _ := d.x.places.prefix(t); pn != "" {
			return t
		}
	}
	if utf8.RuneCountInString(left) < 2 || utf8.RuneCountInString(left) > 10 {
		return ""
	}
	if r, _ := utf8.DecodeLastRuneInString(d.s[:runStart]); runStart > 0 && unicode.Is(unicode.Han, r) {
		return "" // the run was cut: not the start of a clause
	}
	// The whole run opens its clause: it names the body if it holds no
	// function word and does not open with a verb of relaying or of
	// action (学习贯彻…, 深化…); a verb opening a name stays (继续教育学院),
	// one after its first word is the clause's (…学院召开党委…).
	// It is segmented with its ending, which may join its last character
	// (米厂 of 友谊制米厂, not the measure word 米).
	segs := d.pos(left + end)
	if len(segs) == 0 || lx.actionVerbs.has(segs[0].Text) || lx.relayVerbs.has(segs[0].Text) {
		return ""
	}
	// A modal or a verb of organising opens a clause, never a name
	// (要紧紧围绕市委…, 三要…, 组织…宣讲团深入企业): the numeral of an
	// enumeration before it (一要, 三要) is the clause's too.
	if lx.holderOpen.has(strings.TrimLeft(segs[0].Text, "一二三四五六七八九十")) {
		return ""
	}
	for k, sg := range segs {
		if k == len(segs)-1 && strings.HasSuffix(sg.Text, end) {
			break
		}
		if functionPOS(sg.Pos) && (sg.Pos[0] != 'v' || k > 0) || lx.holderNot.has(sg.Text) {
			return ""
		}
	}
	return left
}

// holderActs reports whether a body read by findHolderOrgs stands where an
// actor stands: at the start of its clause, after nothing but a time
// ("5月5日,公司党委召开…", "3月5日上午,集团党委组织…"), and not before a
// title (公司党委书记…: whose officer, not who acts). A holder after a verb
// or a preposition (在湛江海滨船厂开展…, 配合学校党支部, 召开集团公司…会) is
// a place, a partner or an object. One after 、 is an item of a list
// (来到市总工会、金杯电工股份有限公司), and one after 《 begins a title.
func (d *docState) holderActs(b *bodyMention) bool {
	rs := hanRunStart(d.s, b.start, 8)
	if r, _ := utf8.DecodeLastRuneInString(d.s[:rs]); r == '、' || r == '《' {
		return false // one item of a list, or a title's first words
	}
	pre := d.s[rs:b.start]
	if hasAnySuffix(pre, "率", "带领", "率领") {
		return d.x.lex.titles.prefix(d.s[b.end:]) == "" // a group someone leads
	}
	if pre != "" && !(utf8.RuneCountInString(pre) <= 4 && hasAnySuffix(pre, "日", "午", "晚", "时", "天", "期")) {
		return false
	}
	return d.x.lex.titles.prefix(d.s[b.end:]) == ""
}

// levelShort reports whether s starts with a level character and a body's
// short name: 省政协…, 市人大…, 省委….
func (d *docState) levelShort(s string) bool {
	r, w := utf8.DecodeRuneInString(s)
	return w > 0 && strings.ContainsRune("省市县区", r) && d.x.lex.holderShort.prefix(s[w:]) != ""
}

// findBareBodies finds bodies named by their bare word alone, as an
// article on one institution's own offices names them: a list of such
// words opening a clause, or one before 全体 ("工会、妇女委员会全体职工收看
// …", "工会全体干部…"). The words are the kind "bare" of
// data/lexicon/holder_orgs.txt; one ending in 工会 is a union. The bodies
// of a list act together (one group).
func (d *docState) findBareBodies() {
	s, lx := d.s, d.x.lex
	group := 0
	for _, b := range d.bodies {
		group = max(group, b.group)
	}
	for _, w := range lx.holderBare.list {
		off := 0
		for _, i := range d.find.positions(w) {
			if !d.live() {
				return
			}
			if i < off {
				continue
			}
			off = i + len(w)
			if d.bodyAt(i) || lx.holderBare.prefix(s[i:]) != w {
				continue
			}
			// The list's first item opens its clause.
			if r, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && !strings.ContainsRune(",，。;；:：\n", r) {
				continue
			}
			var items []bodyMention
			for j := i; ; {
				bw := lx.holderBare.prefix(s[j:])
				if bw == "" || d.bodyAt(j) {
					items = nil
					break
				}
				typ := TypeOrganization
				if strings.HasSuffix(bw, "工会") {
					typ = TypeUnion
				}
				items = append(items, bodyMention{start: j, end: j + len(bw), surface: bw, name: bw, typ: typ, level: "enterprise"})
				j += len(bw)
				if strings.HasPrefix(s[j:], "、") {
					j += len("、")
					continue
				}
				if len(items) < 2 && (!strings.HasPrefix(s[j:], "全体") || exhorts(clauseAt(s, j))) {
					// One word alone names a body only before 全体 in a
					// clause that reports (工会全体工作人员要…: an
					// exhortation to its staff, whose body is another).
					items = nil
				}
				break
			}
			if len(items) == 0 {
				continue
			}
			if len(items) > 1 {
				group++
				for k := range items {
					items[k].group = group
				}
			}
			d.bodies = append(d.bodies, items...)
			off = items[len(items)-1].end
		}
	}
}

// clauseAt returns s from i to the end of its clause.
func clauseAt(s string, i int) string {
	c := s[i:]
	if k := strings.IndexAny(c, ",，。;；"); k >= 0 {
		c = c[:k]
	}
	return c
}
