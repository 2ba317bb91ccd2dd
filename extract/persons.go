package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// personMention is a person named in the text with the titles given there.
type personMention struct {
	start, end int
	name       string
	titles     []titleMention
	// byline is the role of a byline name (记者, 编辑…), "" otherwise.
	byline string
}

// titleMention is one title of a person, with the body it belongs to when
// the text says (市总工会党组书记: 党组书记 of the 市总工会 mention).
type titleMention struct {
	title string
	body  *bodyMention
}

// nameStopWords are words a title may be followed by that begin with a
// surname character but are not names.
var nameStopWords = []string{"委员", "代表", "同志", "干部", "职工", "会议", "主持", "成员", "单位", "和委", "及其", "等同", "向全", "为全", "都要", "都是", "都将", "都能"}

// givenStopWords are honorifics and forms of address that follow a bare
// surname (刘女士, 王师傅): such a mention is no full name.
var givenStopWords = []string{"女士", "先生", "师傅", "老师", "同志", "主席", "书记"}

// notNameEnd holds particles that end a two-character given name only when
// they are really the next word (于晶说, 卢进的讲话).
const notNameEnd = "的说了在是等与及把被对向将以"

// nameAt reads a person's name starting at i: a surname and one or two
// given-name characters, ending where a follower word, punctuation or the
// text's end begins. It returns the name's end, or -1.
func (d *docState) nameAt(i int) int {
	s := d.s
	if e := d.dottedNameAt(i); e > 0 {
		return e
	}
	sur := d.x.lex.surnames.prefix(s[i:])
	if sur == "" {
		return -1
	}
	gs := i + len(sur)
	// Try a two-character given name, then one.
	ends := []int{}
	j := gs
	for k := 0; k < 2 && j < len(s); k++ {
		r, w := decodeRune(s[j:])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		j += w
		ends = append(ends, j)
	}
	for k := len(ends) - 1; k >= 0; k-- {
		e := ends[k]
		cand := s[i:e]
		given := s[gs:e]
		if d.x.lex.titles.has(given) || d.x.lex.titles.prefix(given) != "" || hasAnyPrefix(cand, nameStopWords...) || hasAnyPrefix(given, nameStopWords...) || hasAnyPrefix(given, givenStopWords...) {
			continue
		}
		if k == 1 {
			last, _ := utf8.DecodeLastRuneInString(given)
			if strings.ContainsRune(notNameEnd, last) {
				continue
			}
			// 黄国以及: the shorter name stands before a follower word
			// that the longer one would cut.
			if f := d.x.lex.followers.prefix(s[ends[0]:]); utf8.RuneCountInString(f) > 1 {
				continue
			}
		}
		if d.endsName(e) && !d.wordNotName(cand) {
			return e
		}
	}
	return -1
}

// dottedNameAt reads a name written with a middle dot, as names of the
// Uyghur, Kazakh and other peoples are (尔肯江·吐拉洪): Han runs joined by
// ·, with no surname required. It returns the name's end, or -1.
func (d *docState) dottedNameAt(i int) int {
	s := d.s
	j, parts := i, 0
	for {
		// Each part is one to eight Han characters; the last ends at the
		// first place a name may end (吐拉洪 of 吐拉洪出席).
		st := j
		for n := 0; n < 8 && j < len(s); n++ {
			r, w := decodeRune(s[j:])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			j += w
			if parts > 0 && n > 0 && d.endsName(j) {
				break
			}
		}
		if j == st {
			return -1
		}
		parts++
		if !strings.HasPrefix(s[j:], "·") {
			break
		}
		j += len("·")
	}
	if parts < 2 || !d.endsName(j) {
		return -1
	}
	return j
}

// wordNotName reports whether a candidate after a title is an ordinary
// word that the segmenter knows as one (强调, 全体, 关于), not a name. A
// word tagged as a place may be a name (黄国).
func (d *docState) wordNotName(cand string) bool {
	if _, _, ok := d.x.seg.Find(cand); !ok {
		// No word of the dictionary starts with it, so the segmenter
		// cannot read it as one token: the lookup is a tenth of tagging.
		return false
	}
	segs := d.pos(cand)
	return len(segs) == 1 && !hasAnyPrefix(segs[0].Pos, "nr", "ns", "nz")
}

// endsName reports whether a name may end at e: at punctuation, the text's
// end, or a follower word (主持, 出席, 同志…).
func (d *docState) endsName(e int) bool {
	if e >= len(d.s) {
		return true
	}
	r, _ := decodeRune(d.s[e:])
	if !unicode.Is(unicode.Han, r) {
		return true
	}
	f := d.x.lex.followers.prefix(d.s[e:])
	if f == "以" && hasAnyPrefix(d.s[e+len(f):], "上", "下", "来", "后", "前", "外", "内", "及") {
		// 以上, 以来, 以及: a word of its own, not the preposition of
		// 王明以《…》为题.
		return false
	}
	return f != ""
}

// titleChainAt reads titles joined by 、 starting at i (党组书记、常务副主席),
// each optionally preceded by its own body. It returns the titles and the
// end of the chain.
func (d *docState) titleChainAt(i int, org *bodyMention, prefix string) ([]titleMention, int) {
	var out []titleMention
	for {
		t := d.titleAt(i)
		desc := d.x.lex.descriptors.prefix(d.s[i:])
		switch {
		case t != "" && len(t) >= len(desc):
			out = append(out, titleMention{title: d.titlePrefix(prefix, t) + t, body: org})
			i += len(t)
		case desc != "":
			i += len(desc)
		default:
			return out, i
		}
		if !strings.HasPrefix(d.s[i:], "、") {
			return out, i
		}
		next := i + len("、")
		// A body named once governs the titles after it; a people's
		// congress or CPPCC prefix does too (市人大常委会党组成员、副主任),
		// a party committee's does not (县委常委、副县长).
		if !hasAnySuffix(prefix, "人大常委会", "人大", "政协") {
			prefix = ""
		}
		if b := d.bodyStartingAt(next); b != nil && d.startsTitle(b.end) {
			org, next, prefix = b, b.end, ""
		} else if d.titleAt(next) != "" {
			// 常务副主席 is one title, not 副主席 after a prefix 常务.
		} else if p := d.orgPrefixAt(next); p != "" {
			prefix, next = p, next+len(p)
		}
		if !d.startsTitle(next) {
			return out, i
		}
		i = next
	}
}

// statePrefixes mark an organisation written before a title as a party or
// state organ whose name is part of the office (省委常委,
// 市人大常委会副主任, 街道党工委副书记); GUIDE.md keeps those in the title.
var statePrefixes = []string{"省委", "市委", "县委", "区委", "州委", "旗委", "盟委", "党工委", "工委", "人大", "政协", "中央", "国务院", "国家", "政法委", "纪委", "宣讲团"}

// departmentEnds end the name of an office's department, which stays in
// the title (宣教部部长, 政策研究室主任, 群众服务中心主任).
var departmentEnds = []string{"部", "室", "中心", "办"}

// orgEnds end the name of the organisation a department belongs to.
var orgEnds = []string{"总工会", "工会", "集团", "公司", "学院", "学校", "大学", "医院", "社区", "局", "厅", "会", "总", "区", "市", "省", "县", "校", "院"}

// titlePrefix returns the part of an organisation p written before the
// title t that belongs in the title: all of it for a party or state organ
// or a place (湖南省委, 昆明市人大常委会, 湘江新区 of 湘江新区党工委书记),
// the department of an office (宣教部 of 省总宣教部), and nothing for a
// company, school, union or community, which is the position's
// organisation, not its title (公司副总经理, 社区副主任).
func (d *docState) titlePrefix(p, t string) string {
	switch {
	case p == "" || p == "工会":
		return p // 工会主席 of an enterprise union the text does not name
	case hasAnyPrefix(t, statePrefixes...) || d.placeRun(p):
		return p
	case hasAnySuffix(p, "市委会", "省委会", "区委会", "县委会"):
		// 致公党杭州市委会主委: a democratic party's committee is the
		// position's organisation, not part of its title.
		return ""
	}
	for _, w := range statePrefixes {
		if strings.Contains(p, w) {
			return p
		}
	}
	if suffixOf(p, departmentEnds...) != "" {
		// The department starts after the last organisation word.
		best := -1
		for _, w := range orgEnds {
			if k := strings.LastIndex(p, w); k >= 0 && k+len(w) < len(p) && k+len(w) > best {
				best = k + len(w)
			}
		}
		if best < 0 || utf8.RuneCountInString(p[best:]) < 2 {
			return p
		}
		return p[best:]
	}
	if suffixOf(p, orgEnds...) != "" {
		return ""
	}
	// Anything else is read as part of the title, as the text has it.
	return p
}

// placeRun reports whether p is made of place names and level words only
// (湖北, 上海市徐汇区, 区).
func (d *docState) placeRun(p string) bool {
	for p != "" {
		if pl, _ := d.x.places.prefix(p); pl != "" {
			p = p[len(pl):]
			continue
		}
		if hasAnyPrefix(p, "自治区", "自治州") {
			p = p[len("自治区"):]
			continue
		}
		r, w := decodeRune(p)
		if !strings.ContainsRune("省市县区州旗盟镇乡", r) {
			return false
		}
		p = p[w:]
	}
	return true
}

func (d *docState) startsTitle(i int) bool {
	return d.titleAt(i) != "" || d.x.lex.descriptors.prefix(d.s[i:]) != ""
}

// orgPrefixAt reads a non-union organisation written before a title
// (县人大常委会 of 县人大常委会副主任, 集团党委 of 集团党委副书记): the
// shortest run of at most ten Han characters from i after which a title
// starts, made of nominal words.
func (d *docState) orgPrefixAt(i int) string {
	j := i
	for k := 0; k < 10 && j < len(d.s); k++ {
		r, w := decodeRune(d.s[j:])
		if !unicode.Is(unicode.Han, r) {
			return ""
		}
		j += w
		if d.titleAt(j) == "" {
			continue
		}
		p := d.s[i:j]
		if !d.x.lex.titles.has(p) && d.nounPhraseBefore(p) == p {
			return p
		}
	}
	return ""
}

// bodyStartingAt returns the first body that starts at i, or nil.
func (d *docState) bodyStartingAt(i int) *bodyMention {
	if ks := d.bodiesStartingAt(i); len(ks) > 0 {
		return &d.bodies[ks[0]]
	}
	return nil
}

// bodyEndingAt returns the first body that ends at i, or nil.
func (d *docState) bodyEndingAt(i int) *bodyMention {
	if ks := d.bodiesEndingAt(i); len(ks) > 0 {
		return &d.bodies[ks[0]]
	}
	return nil
}

// findPersons finds "titles + name" (市总工会党组书记、常务副主席李晓华),
// "name + title" (徐广湘主席) and byline names.
func (d *docState) findPersons() {
	s := d.s
	known := &nameSet{has: map[string]bool{}}
	covered := func(i int) bool {
		d.personCover.sync(len(s), len(d.persons), func(k int) (int, int) { return d.persons[k].start, d.persons[k].end })
		// Names are not read inside quotations (“劳模工匠沙龙”).
		d.sloganCover.sync(len(s), len(d.slogans), func(k int) (int, int) { return d.slogans[k].start, d.slogans[k].end })
		return d.personCover.has(i) || d.sloganCover.has(i)
	}
	d.findBylines()
	for _, p := range d.persons {
		known.add(p.name)
	}
	// Titles before names. A chain may go on after a comma with the titles
	// of another body (市人大常委会党组成员、副主任,市总工会主席陈清奎):
	// pending holds the titles of a chain that ended at a comma with no
	// name, for the chain that starts right after it.
	var pending []titleMention
	pendingAt := -1
	lx := d.x.lex
	for i := 0; i < len(s) && d.live(); {
		if r, w := decodeRune(s[i:]); !lx.titles.pre.mayStart(r) && !lx.descriptors.pre.mayStart(r) {
			i += w
			continue
		}
		t := d.titleAt(i)
		if desc := lx.descriptors.prefix(s[i:]); len(desc) > len(t) {
			t = desc
		}
		if t == "" || covered(i) {
			_, w := decodeRune(s[i:])
			i += w
			continue
		}
		org := d.orgBeforeTitle(i)
		prefix := ""
		if org == nil {
			prefix = d.orgPrefixBefore(i)
		}
		start := i - len(prefix)
		if org != nil {
			start = org.start
		}
		titles, e := d.titleChainAt(i, org, prefix)
		if start == pendingAt && len(titles) > 0 {
			titles = append(append([]titleMention{}, pending...), titles...)
		}
		pending, pendingAt = nil, -1
		if e2 := d.nameAt(e); e2 > 0 && !covered(e) && (len(titles) > 0 || !d.commonWord(s[e:e2])) {
			name := s[e:e2]
			d.persons = append(d.persons, personMention{start: e, end: e2, name: name, titles: titles})
			known.add(name)
			i = d.nameList(e2, known, titles)
			continue
		}
		if len(titles) > 0 && strings.HasPrefix(s[e:], ",") && d.chainOpens(start) {
			pending, pendingAt = titles, e+len(",")
		}
		i = e
	}
	// Names before titles: 徐广湘主席所作的工作报告, 习近平总书记.
	for i := 0; i < len(s) && d.live(); {
		r, w := decodeRune(s[i:])
		if r != '同' && !lx.titles.pre.mayStart(r) {
			i += w
			continue
		}
		t := d.titleAt(i)
		if strings.HasPrefix(s[i:], "同志") {
			t = "同志"
		}
		if t == "" || !postNominalTitle(t) {
			i += w
			continue
		}
		if st := d.nameBefore(i, known); st >= 0 && !covered(st) {
			name := s[st:i]
			p := personMention{start: st, end: i, name: name}
			if t != "同志" {
				p.titles = []titleMention{{title: t}}
			}
			d.persons = append(d.persons, p)
			known.add(name)
		}
		i += len(t)
	}
	d.electedNames(known, covered)
	// National leaders named without a title (王东明代表…作的报告), where a
	// name may end; from here on they are known names.
	for i := 0; i < len(s) && d.live(); {
		r, w := decodeRune(s[i:])
		if !lx.leaders.pre.mayStart(r) {
			i += w
			continue
		}
		if n, _ := lx.leaders.pre.longest(s[i:]); n > 0 && !covered(i) && d.endsName(i+n) {
			known.add(s[i : i+n])
			i += n
			continue
		}
		i += w
	}
	// Names already known, seen again without a title, in the order they
	// were first found: where two overlap (李茜, 李茜在), the first found
	// claims the place.
	// Their places are found in one pass over the text (searching the
	// text once per name cost names times text); each name's places are
	// then taken in order, not overlapping each other, as strings.Index
	// would find them.
	if len(known.order) == 0 {
		return
	}
	at := make([][]int, len(known.order))
	names := newTrie(known.order, false)
	for i := 0; i < len(s) && d.live(); {
		r, w := decodeRune(s[i:])
		if names.mayStart(r) {
			names.each(s[i:], func(_, w int) bool {
				at[w] = append(at[w], i)
				return true
			})
		}
		i += w
	}
	for w, name := range known.order {
		off := 0
		for _, k := range at[w] {
			if k < off {
				continue
			}
			off = k + len(name)
			if !covered(k) {
				d.persons = append(d.persons, personMention{start: k, end: off, name: name})
			}
		}
	}
}

// nameSet is a set of names that keeps the order they were first added in.
type nameSet struct {
	has   map[string]bool
	order []string
}

func (n *nameSet) add(name string) {
	if !n.has[name] {
		n.has[name] = true
		n.order = append(n.order, name)
	}
}

// chainOpens reports whether a title chain starting at i opens a clause:
// the text's start or punctuation before it, not a word (各级工会主席).
func (d *docState) chainOpens(i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(d.s[:i])
	return !unicode.Is(unicode.Han, r)
}

// orgPrefixBefore reads a non-union organisation written before a title
// at i, as orgPrefixAt does, looking left from i: the first start j whose
// orgPrefixAt ends at i. That needs the run from j to i to pass, and no
// shorter run from j before an earlier title; the first is tested first,
// as it is the one that fails for most j.
func (d *docState) orgPrefixBefore(i int) string {
	if d.titleAt(i) == "" {
		return ""
	}
	pass := func(p string) bool { return !d.x.lex.titles.has(p) && d.nounPhraseBefore(p) == p }
	st := hanRunStart(d.s, i, 10)
	for j := st; j < i; {
		_, w := decodeRune(d.s[j:])
		if p := d.s[j:i]; pass(p) && !d.orgPrefixBetween(j, j+w, i, pass) {
			return p
		}
		j += w
	}
	return ""
}

// orgPrefixBetween tells whether a run from j passes before a title that
// starts in [from, to).
func (d *docState) orgPrefixBetween(j, from, to int, pass func(string) bool) bool {
	for k := from; k < to; {
		if t := d.titleAt(k); t != "" && !strings.HasPrefix(d.s[k+len(t):], "会") && pass(d.s[j:k]) {
			return true
		}
		_, w := decodeRune(d.s[k:])
		k += w
	}
	return false
}

// nameList reads further names joined by 、 after a name ending at e
// (全总领导刘景和、高慧敏、周振宇), and returns where the list ends. The
// titles before the first name are each listed name's too: 副主任张平、
// 林岚 names two deputy directors.
func (d *docState) nameList(e int, known *nameSet, titles []titleMention) int {
	for strings.HasPrefix(d.s[e:], "、") {
		st := e + len("、")
		e2 := d.nameAt(st)
		if e2 < 0 || d.startsTitle(st) {
			return e
		}
		name := d.s[st:e2]
		if d.commonWord(name) {
			return e
		}
		d.persons = append(d.persons, personMention{start: st, end: e2, name: name, titles: titles})
		known.add(name)
		e = e2
	}
	return e
}

// commonWord reports whether the segmenter reads a candidate name as an
// ordinary word: one token, or a first token longer than the surname, that
// is not tagged as a personal name (宣讲团, 文化宫, 权益).
func (d *docState) commonWord(cand string) bool {
	segs := d.pos(cand)
	if len(segs) == 0 {
		return true
	}
	first := segs[0]
	if strings.HasPrefix(first.Pos, "nr") {
		return false
	}
	if len(segs) == 1 || len(first.Text) > len(d.x.lex.surnames.prefix(cand)) {
		return true
	}
	if functionPOS(first.Pos) {
		return true // 和全面: a conjunction, not the surname 和
	}
	// Surname, then a given name the dictionary knows as a common word.
	if len(segs) == 2 && segs[1].Pos != "" && segs[1].Pos != "x" && !strings.HasPrefix(segs[1].Pos, "nr") && utf8.RuneCountInString(segs[1].Text) == 2 && !nominalPOS(segs[1].Pos) {
		return true
	}
	return false
}

// postNominalTitle lists the titles written after a name.
func postNominalTitle(t string) bool {
	switch t {
	case "同志", "总书记", "书记", "副书记", "主席", "副主席", "常务副主席", "部长", "市长", "省长", "县长", "区长", "会长", "委员长", "总理", "副总理":
		return true
	}
	return false
}

// nameBefore finds a name that ends at i, preceded by a boundary, or known
// from elsewhere in the article, or that the segmenter tags as a name.
func (d *docState) nameBefore(i int, known *nameSet) int {
	s := d.s
	for _, runes := range []int{3, 2, 4} {
		st := i
		for k := 0; k < runes && st > 0; k++ {
			_, w := utf8.DecodeLastRuneInString(s[:st])
			st -= w
		}
		cand := s[st:i]
		if utf8.RuneCountInString(cand) != runes || d.x.lex.surnames.prefix(cand) == "" {
			continue
		}
		if !isAllHan(cand) || d.x.lex.titles.suffix(cand) != "" {
			continue
		}
		if known.has[cand] {
			return st
		}
		if d.commonWord(cand) {
			continue // 国家副主席, 党委书记, 和沈东书记
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:st])
		boundary := st == 0 || !unicode.Is(unicode.Han, prev) || strings.ContainsRune("和与及受由对在向将把请是为的经据了", prev)
		if boundary && runes <= 3 {
			return st
		}
		for _, seg := range d.pos(cand) {
			if seg.Text == cand && strings.HasPrefix(seg.Pos, "nr") {
				return st
			}
		}
	}
	return -1
}

// orgBeforeTitle returns the body whose mention ends where a title starts
// (市总工会 of 市总工会党组书记), allowing 党组 or 机关 between, or the
// section's body for a bare 联合会 or 协会.
func (d *docState) orgBeforeTitle(i int) *bodyMention {
	if b := d.bodyEndingAt(i); b != nil {
		return b
	}
	if strings.HasSuffix(d.s[:i], "工会") {
		// 工会主席 with no name: the union acting in this paragraph.
		li := d.lineAt(i)
		if li >= 0 {
			// The last in the list of those that start in this paragraph
			// or the one before, before i.
			d.ix = d.bodyIndex().in(d.lines[max(0, li-1)].start, i, d.ix)
			for n := len(d.ix) - 1; n >= 0; n-- {
				if b := &d.bodies[d.ix[n]]; b.typ == TypeUnion && b.name != "" && !b.generic {
					return b
				}
			}
		}
	}
	for _, suf := range []string{"联合会", "协会", "商会", "研究会"} {
		if strings.HasSuffix(d.s[:i], suf) {
			li := d.lineAt(i)
			if b := d.sectionBody(li); b != nil && strings.HasSuffix(b.name, suf) {
				return b
			}
		}
	}
	return nil
}

func isAllHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// bylineRoles are the roles a byline names people in: reporters, editors,
// photographers and the reviewers of a web page's sign-off (初审, 复审, 终审).
const bylineRoles = `特约记者|实习记者|见习记者|首席记者|全媒体记者|融媒体记者|记者|通讯员|作者|摄影|图文|文|图|责任编辑|编辑|责编|初审|复审|终审|审核|审校|校对|核稿|撰稿|发布者`

var (
	// An outlet may stand before the role inside the brackets
	// ((工人日报—中工网记者刘友婷 通讯员杜南星)); "/" separates a role from
	// its names as ":" does ((图文/罗舒叶 编辑/陈沛源)).
	reBylineParen = mustPattern(`[(【\[]\s*(?:[\p{Han}\-—/]{0,16}?)((?:` + bylineRoles + `)[\s::/]*[\p{Han}\s、,::/]+?)\s*[)】\]]`)
	reBylineLine  = mustPattern(`(?:^|\s)(` + bylineRoles + `)\s*[::/]\s*([\p{Han}\s、,::/]{2,40})`)
	// An outlet's reporter line with no separator but a space:
	// 工人日报-中工网记者 康劲 通讯员 杨凯, 来源:工人日报记者 李丰.
	reBylineOutlet = mustPattern(`(?:^|[\s::])[\p{Han}\-—/]{0,16}?(记者|通讯员)\s+(\p{Han}{2,4}(?:\s+[\p{Han}\-—/]{0,16}?(?:记者|通讯员)?\s*\p{Han}{2,4}){0,3})(?:\s|$)`)
	// A photographer's credit after the names: 洪波 摄, 赖国斌 摄.
	rePhotoCredit = mustPattern(`(?:^|[\s。)])(\p{Han}{2,4})\s+摄(?:\s|$|[)。])`)
	reAuthorParen = mustPattern(`[(]\s*([\p{Han}]{2,4}(?:[\s、][\p{Han}]{2,4}){0,3})\s*[)]\s*$`)
	// A group of names alone in brackets after 讯: 本刊讯(郑莉 郝赫).
	reNewsParen = mustPattern(`讯[(]\s*([\p{Han}]{2,4}(?:[\s、][\p{Han}]{2,4}){0,3})\s*[)]`)
	reRolePart  = mustPattern(`(` + bylineRoles + `|来源)[\s::/]*`)
)

// findBylines reads the names of bylines: (记者 王强 通讯员 李明),
// 编辑:李雯杰 钟小雯, and a bare (杨诚波) closing a paragraph.
//
// Each pattern is tried only on the lines holding a character its matches
// need (a bracket, a separator): their anchors include characters as
// common as 文 and 审, and trying them on every paragraph cost a quarter of
// finding persons.
func (d *docState) findBylines() {
	for _, l := range d.lines {
		t := l.text
		if hasAny(t, "(", "【", "[") {
			for _, loc := range d.find.in(reBylineParen, l.start, l.end) {
				d.bylineGroup(l.start+loc[2], t[loc[2]:loc[3]], "")
			}
		}
		if hasAny(t, ":", "：", "/") {
			for _, loc := range d.find.in(reBylineLine, l.start, l.end) {
				d.bylineGroup(l.start+loc[4], t[loc[4]:loc[5]], t[loc[2]:loc[3]])
			}
		}
		if strings.HasSuffix(strings.TrimRight(t, "\t\n\f\r "), ")") {
			if loc := reAuthorParen.FindStringSubmatchIndex(t); loc != nil && (strings.Contains(t[:loc[0]], "。") || loc[0] == 0) {
				d.bylineGroup(l.start+loc[2], t[loc[2]:loc[3]], "作者")
			}
		}
		for _, loc := range d.find.in(reNewsParen, l.start, l.end) {
			d.bylineGroup(l.start+loc[2], t[loc[2]:loc[3]], "作者")
		}
		for _, loc := range d.find.in(reBylineOutlet, l.start, l.end) {
			d.bylineGroup(l.start+loc[4], t[loc[4]:loc[5]], t[loc[2]:loc[3]])
		}
		for _, loc := range d.find.in(rePhotoCredit, l.start, l.end) {
			d.bylineGroup(l.start+loc[2], t[loc[2]:loc[3]], "摄影")
		}
	}
}

// bylineGroup adds the names of one byline group: roles followed by names.
func (d *docState) bylineGroup(base int, g, role string) {
	type part struct {
		off  int
		text string
		role string
	}
	var parts []part
	var locs [][]int
	for _, loc := range reRolePart.FindAllStringSubmatchIndex(g, -1) {
		if roleBoundary(g, loc[2], loc[3]) {
			locs = append(locs, loc)
		}
	}
	if role == "" && (len(locs) == 0 || locs[0][0] != 0) {
		// A bracketed group starts with its role; here it did not stand on
		// its own (the 文 of (教科文卫体)).
		return
	}
	if len(locs) == 0 || locs[0][0] != 0 {
		end := len(g)
		if len(locs) > 0 {
			end = locs[0][0]
		}
		parts = append(parts, part{0, g[:end], role})
	}
	for k, loc := range locs {
		end := len(g)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		parts = append(parts, part{loc[1], g[loc[1]:end], g[loc[2]:loc[3]]})
	}
	for _, p := range parts {
		if p.role == "来源" {
			continue
		}
		off := 0
		for _, f := range strings.FieldsFunc(p.text, func(r rune) bool { return r == ' ' || r == '、' || r == ',' || r == '\t' }) {
			k := strings.Index(p.text[off:], f) + off
			off = k + len(f)
			if !d.plausibleName(f) {
				continue
			}
			start := base + p.off + k
			d.persons = append(d.persons, personMention{start: start, end: start + len(f), name: f, byline: p.role})
		}
	}
}

// roleBoundary tells whether the role word g[i:j] stands on its own: at the
// group's start or after a space or separator, and, for the one-character
// roles 文 and 图, before a separator too, so that the 文 of 王文军 is not
// read as a role.
func roleBoundary(g string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(g[:i])
		if unicode.Is(unicode.Han, r) {
			return false
		}
	}
	if utf8.RuneCountInString(g[i:j]) > 1 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(g[j:])
	return j == len(g) || strings.ContainsRune(" ::/\t", r)
}

// plausibleName reports whether s reads as a personal name: two to four Han
// characters starting with a surname, none of them an organisation word.
func (d *docState) plausibleName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 4 || !isAllHan(s) || d.x.lex.surnames.prefix(s) == "" {
		return false
	}
	if n == 4 && utf8.RuneCountInString(d.x.lex.surnames.prefix(s)) != 2 {
		return false
	}
	// An organisation ends in one of these (宣传部, 日报社); a name may hold
	// one elsewhere (高会坡).
	given := s[len(d.x.lex.surnames.prefix(s)):]
	last, _ := utf8.DecodeLastRuneInString(given)
	return !strings.ContainsRune("部会局委办室处科站网报社台院校司厂组团队", last) && !strings.Contains(given, "工会")
}

// reElectedTail is what may stand between the names elected and 当选为:
// 等4位同志, 同志.
var reElectedTail = mustPattern(`^(?:等\d*[位名]?)?(?:同志)?$`)

// electedNames reads the people elected to a post, named with no title
// before them: "王明当选为市总工会第六届委员会副主席", "李强、赵云等2位同志
// 当选为…副主席". The clause before 当选为 must be made of names joined by
// 、 (and 等N位同志); the title is the one after the body and the term.
func (d *docState) electedNames(known *nameSet, covered func(int) bool) {
	s := d.s
	const verb = "当选为"
	for off := 0; d.live(); {
		i := strings.Index(s[off:], verb)
		if i < 0 {
			return
		}
		a := off + i
		off = a + len(verb)
		b := a
		for n := 0; b > 0 && n < 40; n++ {
			r, w := utf8.DecodeLastRuneInString(s[:b])
			if strings.ContainsRune(",。;:\n)", r) {
				break
			}
			b -= w
		}
		var names []span
		for j := b; j < a; {
			e := d.nameAt(j)
			if e < 0 || e > a || covered(j) {
				names = nil
				break
			}
			names = append(names, span{j, e})
			if strings.HasPrefix(s[e:a], "、") {
				j = e + len("、")
				continue
			}
			if !reElectedTail.MatchString(s[e:a]) {
				names = nil
			}
			break
		}
		if len(names) == 0 {
			continue
		}
		t, body := d.electedTitle(off)
		if t == "" {
			continue
		}
		for _, n := range names {
			name := s[n.start:n.end]
			d.persons = append(d.persons, personMention{start: n.start, end: n.end, name: name, titles: []titleMention{{title: t, body: body}}})
			known.add(name)
		}
	}
}

// electedTitle reads the post after 当选为 at k: a body, a term (第六届),
// then a title, perhaps after a committee of the body (经费审查委员会主任).
func (d *docState) electedTitle(k int) (string, *bodyMention) {
	s := d.s
	body := d.bodyStartingAt(k)
	if body != nil {
		k = body.end
	}
	if strings.HasPrefix(s[k:], "第") {
		j := k + len("第")
		for j < len(s) {
			r, w := decodeRune(s[j:])
			if !strings.ContainsRune("0123456789一二三四五六七八九十", r) {
				break
			}
			j += w
		}
		if strings.HasPrefix(s[j:], "届") {
			k = j + len("届")
		}
	}
	if rest := strings.TrimPrefix(s[k:], "委员会"); len(rest) < len(s[k:]) && d.titleAt(k+len("委员会")) != "" {
		k += len("委员会")
	}
	if t := d.titleAt(k); t != "" && !strings.HasPrefix(s[k+len(t):], "会") {
		return t, body
	}
	if p := d.orgPrefixAt(k); p != "" {
		if t := d.titleAt(k + len(p)); t != "" {
			return p + t, body
		}
	}
	return "", nil
}
