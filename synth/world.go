package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/gazetteer"
)

// kind is the tier of a union body.
type kind int

const (
	kindNational kind = iota
	kindProvince
	kindCity
	kindCounty
	kindIndustry
)

// body is one union body of the synthetic world, with every form an article
// may name it by and its officials over time.
type body struct {
	name     string // canonical full name, as the extractor names it
	first    string // first mention: name, qualified by its city when ambiguous
	heading  string // a roundup section heading: the division's name
	short    string // 市总工会, 省教育工会, 全国总工会
	abbr     string // 市总, 全总
	lv       string // 省, 市, 县, 区, 州, 自治区…; "" for the national body
	region   string // 全市, 全省教育系统, 全国
	place    string // short place name for local brands; "" if none
	goal     string
	partycom string // 市委, 自治区党委, 党中央
	upper    string // the union above it, or 党中央
	industry string // an industry union's head word (教育), else ""
	docAbbr  string // prefix of its notices' numbers: 川工发
	kind     kind
	code     string // division code; "" for the national body
	eras     []era
}

// official is one person on a body's roster.
type official struct {
	name  string
	title string // titles held in the body: 党组书记、常务副主席
	// prefix is a post held elsewhere and named first
	// (市人大常委会副主任、市总工会主席).
	prefix string
	exec   bool // the official who runs the body day to day
}

// era is a body's roster from a date on.
type era struct {
	from  time.Time
	staff []official
}

// roster returns the body's officials on day t.
func (b *body) roster(t time.Time) []official {
	// The roster in force is that of the last era starting on or before t.
	i := sort.Search(len(b.eras), func(i int) bool { return b.eras[i].from.After(t) })
	return b.eras[max(i-1, 0)].staff
}

// weighted is a table of items drawn with given weights.
type weighted[T any] struct {
	items []T
	cum   []float64 // cumulative weights
}

func newWeighted[T any](items []T, weight func(int, T) float64) weighted[T] {
	w := weighted[T]{}
	total := 0.0
	for i, it := range items {
		x := weight(i, it)
		if x <= 0 {
			continue
		}
		total += x
		w.items = append(w.items, it)
		w.cum = append(w.cum, total)
	}
	return w
}

func (w *weighted[T]) draw(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	i, _ := slices.BinarySearch(w.cum, x)
	return w.items[min(i, len(w.items)-1)]
}

// world is everything articles are drawn from; it is built once per seed and
// read only afterwards, so articles can be generated concurrently.
type world struct {
	bodies  []body
	popular weighted[int] // body indices, Zipf-weighted by rank
	weight  []float64     // each body's weight in popular
	// general is the general union of each division code ("" for the
	// national union), parentCode each division's parent, and children
	// the bodies one tier below a general union, by its code.
	general    map[string]int
	parentCode map[string]string
	children   map[string][]int
	congresses weighted[calendar.Congress]
	surnames   weighted[string]
	given      []rune
	slogans    []string
	figurative weighted[string]
	meetings   weighted[string]
	verbs      weighted[string]
	activities []string
	tpl        map[string][]*tmpl
}

// industries are the industry unions a province or city may have; each must
// be a head in the union_heads lexicon, so that the names read as unions.
var industries = [...]string{"教育", "教科文卫", "金融", "能源化学", "机械冶金建材", "国防邮电", "农林水利气象",
	"财贸轻纺烟草", "交通运输", "建设建材", "卫生健康", "文化", "科技", "商业"}

// cityIndustries are the industry unions common at city level.
var cityIndustries = [...]string{"教育", "卫生健康", "机械冶金建材", "财贸轻纺烟草", "交通运输", "金融", "建设建材"}

// provinceAbbr is the one-character abbreviation of each province, by the
// first two digits of its code, as used in document numbers (川工发).
var provinceAbbr = map[string]string{
	"11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
	"31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
	"42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "黔",
	"53": "滇", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}

// levelWord returns the level word of a division's name (省 of 四川省,
// 州 of 延边朝鲜族自治州), or "" for a division with no union of its own in
// this corpus (islands, administrative committees).
func levelWord(name string) string {
	for _, s := range []struct{ suffix, lv string }{
		{"特别行政区", ""}, {"自治区", "自治区"}, {"省", "省"}, {"自治州", "州"}, {"地区", "地区"},
		{"盟", "盟"}, {"县", "县"}, {"旗", "旗"}, {"区", "区"}, {"市", "市"},
	} {
		if strings.HasSuffix(name, s.suffix) {
			return s.lv
		}
	}
	return ""
}

// forms fills the level-dependent forms of a general union's names.
func (b *body) forms(lv string) {
	b.lv = lv
	b.short = lv + "总工会"
	switch lv {
	case "自治区":
		b.abbr, b.region, b.partycom = "区总", "全区", "自治区党委"
	case "地区":
		b.abbr, b.region, b.partycom = "地区总工会", "全地区", "地委"
	default:
		b.abbr, b.region, b.partycom = lv+"总", "全"+lv, lv+"委"
	}
}

func goalFor(r *rand.Rand, place string) string {
	switch r.IntN(3) {
	case 0:
		return "谱写中国式现代化" + place + "新篇章"
	case 1:
		return "奋力谱写" + place + "高质量发展新篇章"
	}
	return "建设现代化新" + place
}

// buildWorld builds the bodies of the world and their rosters, the weighted
// tables and the templates.
func buildWorld(cfg Config, gaz *gazetteer.Gazetteer, cal *calendar.Calendar, lex lexicons) (*world, error) {
	r := rand.New(rand.NewPCG(mix(uint64(cfg.Seed)), 0x5eed_0f_b0d1e5))
	w := &world{general: map[string]int{"": 0}, parentCode: map[string]string{}, children: map[string][]int{}}
	var err error
	if w.tpl, err = parseTemplates(templatesText); err != nil {
		return nil, err
	}
	w.given = []rune(givenNames())
	w.surnames = newWeighted(lex.surnames, func(i int, _ string) float64 { return 1 / float64(i+5) })
	w.slogans = lex.slogans
	// Only the figurative words for what a union is to its members fit the
	// templates' "当好职工群众的{fig}".
	w.figurative = newWeighted(lex.figurative, func(_ int, f string) float64 {
		switch f {
		case "娘家人": // by far the commonest in the genre
			return 8
		case "贴心人":
			return 2
		case "娘家":
			return 1
		}
		return 0
	})
	w.meetings = newWeighted(lex.meetingKinds, func(_ int, k string) float64 { return meetingWeight(k) })
	w.verbs = newWeighted(lex.relayVerbs, func(_ int, v string) float64 { return verbWeight(v) })
	if len(w.meetings.items) == 0 || len(w.verbs.items) == 0 || len(w.surnames.items) == 0 || len(w.slogans) == 0 || len(w.figurative.items) == 0 {
		return nil, fmt.Errorf("synth: a lexicon the generator needs is empty")
	}
	for _, t := range w.tpl["activity.name"] {
		w.activities = append(w.activities, t.pieces[0].lit)
	}
	heads := map[string]bool{}
	for _, h := range lex.unionHeads {
		heads[h] = true
	}
	for _, ind := range industries {
		if !heads[ind] {
			return nil, fmt.Errorf("synth: industry %q is not in the union_heads lexicon", ind)
		}
	}

	w.addBodies(r, gaz)
	w.congresses = newWeighted(cal.All(), func(_ int, c calendar.Congress) float64 { return congressWeight(c) })
	if len(w.congresses.items) == 0 {
		return nil, fmt.Errorf("synth: the calendar has no congress to relay")
	}
	for i := range w.bodies {
		w.bodies[i].eras = w.rosters(r, &w.bodies[i])
	}
	w.rank(r, cfg.exponent())
	return w, nil
}

// addBodies creates the national union, a general union for every
// province, city and county, and some industry unions.
func (w *world) addBodies(r *rand.Rand, gaz *gazetteer.Gazetteer) {
	w.bodies = append(w.bodies, body{
		name: "中华全国总工会", first: "中华全国总工会", short: "全国总工会", abbr: "全总", region: "全国",
		goal: "以中国式现代化全面推进强国建设、民族复兴伟业", partycom: "党中央", upper: "党中央",
		docAbbr: "总工发", kind: kindNational,
	})
	general := w.general
	for _, d := range gaz.All() {
		lv := levelWord(d.Name)
		if lv == "" || d.Code == "710000" { // no union federation of the mainland's kind
			continue
		}
		parent := ""
		if d.Level != gazetteer.Province {
			p, ok := gaz.Parent(d)
			if !ok {
				continue
			}
			if _, ok := general[p.Code]; !ok {
				continue // its parent was left out
			}
			parent = p.Code
		}
		b := body{name: d.Name + "总工会", heading: d.Name, code: d.Code}
		b.first = b.name
		b.forms(lv)
		b.place = gazetteer.ShortName(d.Name, d.Level)
		if b.place == "" {
			b.place = d.Name
		}
		b.goal = goalFor(r, b.place)
		switch d.Level {
		case gazetteer.Province:
			b.kind, b.upper = kindProvince, "全国总工会"
			b.docAbbr = provinceAbbr[d.Code[:2]] + "工发"
		case gazetteer.City:
			b.kind = kindCity
		default:
			b.kind = kindCounty
		}
		if parent != "" {
			pb := &w.bodies[general[parent]]
			b.upper = pb.name
			if b.docAbbr == "" {
				b.docAbbr = string([]rune(b.place)[:1]) + "工发"
			}
			// A name shared by several divisions is qualified by its
			// parent's, as articles do (长春市朝阳区总工会).
			if full := fullMatches(gaz, d.Name); full > 1 {
				b.first = pb.heading + b.name
			}
		}
		general[d.Code] = len(w.bodies)
		w.parentCode[d.Code] = parent
		w.bodies = append(w.bodies, b)
		w.children[parent] = append(w.children[parent], general[d.Code])
		w.addIndustries(r, general[d.Code])
	}
}

// fullMatches counts the divisions whose full name is name.
func fullMatches(gaz *gazetteer.Gazetteer, name string) int {
	n := 0
	for _, d := range gaz.Lookup(name) {
		if d.Name == name {
			n++
		}
	}
	return n
}

// addIndustries adds industry unions under the general union at index gi:
// several for a province, a few for some cities.
func (w *world) addIndustries(r *rand.Rand, gi int) {
	g := w.bodies[gi]
	var heads []string
	switch g.kind {
	case kindProvince:
		heads = pickN(r, industries[:], 3+r.IntN(6))
	case kindCity:
		if r.Float64() < 0.3 {
			heads = pickN(r, cityIndustries[:], 1+r.IntN(3))
		}
	}
	for _, h := range heads {
		b := g
		b.name = strings.TrimSuffix(g.name, "总工会") + h + "工会"
		b.first, b.heading = b.name, ""
		b.short = g.lv + h + "工会"
		b.abbr = b.short
		b.region = g.region + h + "系统"
		b.industry = h
		b.upper = g.name
		b.kind = kindIndustry
		b.docAbbr = strings.TrimSuffix(g.docAbbr, "工发") + "工" + string([]rune(h)[:1]) + "发"
		w.children[g.code] = append(w.children[g.code], len(w.bodies))
		w.bodies = append(w.bodies, b)
	}
}

// pickN returns n distinct items of s in their original order.
func pickN[T any](r *rand.Rand, s []T, n int) []T {
	n = min(n, len(s))
	idx := r.Perm(len(s))[:n]
	slices.Sort(idx)
	out := make([]T, n)
	for i, k := range idx {
		out[i] = s[k]
	}
	return out
}

// rank orders the bodies by a noisy prominence (the national union first,
// then provinces, cities, counties) and weights them by a Zipf–Mandelbrot
// law of that rank, so that a few bodies appear in many articles and most in
// a handful.
func (w *world) rank(r *rand.Rand, s float64) {
	base := map[kind]float64{kindNational: 300, kindProvince: 40, kindCity: 6, kindCounty: 1, kindIndustry: 2}
	score := make([]float64, len(w.bodies))
	order := make([]int, len(w.bodies))
	for i, b := range w.bodies {
		x := base[b.kind]
		if b.kind == kindIndustry && b.lv != "省" && b.lv != "自治区" {
			x = 0.5 // a city's industry union
		}
		score[i] = x * math.Exp(r.NormFloat64())
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	rankOf := make([]int, len(order))
	for rk, i := range order {
		rankOf[i] = rk
	}
	// The offset 4 flattens the head: the top body is in about 3% of
	// articles rather than a tenth.
	w.weight = make([]float64, len(w.bodies))
	for i := range w.bodies {
		w.weight[i] = math.Pow(float64(rankOf[i]+4), -s)
	}
	w.popular = newWeighted(order, func(_ int, i int) float64 { return w.weight[i] })
}

// meetingWeight favours the meeting kinds union bodies commonly hold to
// relay a congress.
func meetingWeight(k string) float64 {
	switch {
	case k == "党组(扩大)会议" || k == "党组扩大会议":
		return 8
	case strings.Contains(k, "中心组"):
		return 1.5
	case strings.HasPrefix(k, "党组"):
		return 2
	case strings.HasPrefix(k, "党委") || k == "常委会议" || k == "会议" || k == "全体会议":
		return 0.3
	}
	return 1
}

// verbWeight weights the relay verbs. Verbs for other acts (watching a
// broadcast live, lecturing, planning) are left out of relay sentences, and
// so are 专题学习 and 集中学习, which the templates build themselves.
func verbWeight(v string) float64 {
	switch v {
	case "传达学习":
		return 10
	case "传达学习贯彻", "学习贯彻":
		return 4
	case "学习传达", "传达", "学习宣传贯彻":
		return 2
	case "收听收看", "收看", "研究部署", "宣讲", "宣传贯彻", "贯彻落实", "专题学习", "集中学习":
		return 0
	}
	return 1
}

// congressWeight is how often union bodies relay congress c: party
// congresses and union congresses most, sessions of the NPC and CPPCC alone
// least, and recent ones more than old ones. Commemorations are left out:
// their relays speak of a speech (在…大会上的重要讲话精神), not of the
// congress's spirit.
func congressWeight(c calendar.Congress) float64 {
	var x float64
	switch c.Kind {
	case calendar.KindPartyCongress:
		x = 6
	case calendar.KindPartyPlenum:
		x = 3
		if c.Plenum == 1 { // held the day after the congress, relayed with it
			x = 0.2
		}
	case calendar.KindUnionCongress:
		x = 4
	case calendar.KindTwoSessions:
		x = 2
	case calendar.KindNPCSession:
		x = 0.5
	case calendar.KindCPPCCSession:
		x = 0.3
	default:
		return 0
	}
	// Older congresses are relayed less in the pages still online; the
	// weight stops growing at 2024 so the latest rows do not dominate.
	return x * math.Exp(float64(min(c.Start.Year()-2024, 0))/4)
}

// role is a position on a roster before a person is named to it.
type role struct {
	title, prefix string
	exec          bool
}

// roles draws the positions of a body's roster: 3 to 8 of them.
func roles(r *rand.Rand, b *body) []role {
	var out []role
	add := func(title, prefix string, exec bool) { out = append(out, role{title, prefix, exec}) }
	switch b.kind {
	case kindNational:
		add("主席", "全国人大常委会副委员长", false)
		add("党组书记、副主席、书记处第一书记", "", true)
		for range 2 + r.IntN(3) {
			add("党组成员、副主席、书记处书记", "", false)
		}
		add("经费审查委员会主任", "", false)
	case kindIndustry:
		prefix := ""
		switch {
		case b.industry == "教育" && r.Float64() < 0.6:
			dept := "教育局"
			if b.lv == "省" || b.lv == "自治区" {
				dept = "教育厅"
			}
			prefix = b.lv + dept + "党组成员"
		case b.industry == "卫生健康" && r.Float64() < 0.5:
			prefix = b.lv + "卫生健康委党组成员"
		}
		add("主席", prefix, prefix == "")
		if prefix != "" {
			add("常务副主席", "", true)
		}
		for range 1 + r.IntN(3) {
			add("副主席", "", false)
		}
		if r.Float64() < 0.4 {
			add("经审委主任", "", false)
		}
	default:
		if r.Float64() < 0.5 {
			add("党组书记、主席", "", true)
		} else {
			prefix := ""
			if b.lv != "地区" && b.lv != "盟" {
				prefix = b.lv + "人大常委会副主任"
				if r.Float64() < 0.3 {
					prefix = b.lv + "政协副主席"
				}
			}
			add("主席", prefix, false)
			add("党组书记、常务副主席", "", true)
		}
		for range 1 + r.IntN(3) {
			add("党组成员、副主席", "", false)
		}
		if r.Float64() < 0.4 {
			add("副主席", "", false)
		}
		switch x := r.Float64(); {
		case x < 0.25:
			add("经费审查委员会主任", "", false)
		case x < 0.5:
			add("经审会主任", "", false)
		}
		if b.kind != kindCounty && r.Float64() < 0.3 {
			add("党组成员、二级巡视员", "", false)
		}
	}
	if len(out) > 8 {
		out = out[:8]
	}
	for len(out) < 3 {
		add("副主席", "", false)
	}
	return out
}

// rosters draws a body's officials over time: a first roster, then every one
// to four years a change in which each official leaves with probability 0.3,
// the day-to-day head's place going to a vice-chair half the time.
func (w *world) rosters(r *rand.Rand, b *body) []era {
	// The rosters cover the calendar's span with a margin.
	start := time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	rs := roles(r, b)
	staff := make([]official, len(rs))
	for i, ro := range rs {
		staff[i] = official{name: w.uniqueName(r, staff[:i]), title: ro.title, prefix: ro.prefix, exec: ro.exec}
	}
	eras := []era{{from: start, staff: staff}}
	for t := start.AddDate(0, 0, r.IntN(4*365)); t.Before(end); t = t.AddDate(0, 0, 365+r.IntN(3*365)) {
		next := slices.Clone(eras[len(eras)-1].staff)
		changed := false
		for i := range next {
			if r.Float64() >= 0.3 {
				continue
			}
			changed = true
			// A vice-chair (any later official) steps up half the time.
			if next[i].exec && i+1 < len(next) && r.Float64() < 0.5 {
				j := i + 1 + r.IntN(len(next)-i-1)
				next[i].name = next[j].name
				next[j].name = w.uniqueName(r, next)
				continue
			}
			next[i].name = w.uniqueName(r, next)
		}
		if changed {
			eras = append(eras, era{from: t, staff: next})
		}
	}
	return eras
}

// uniqueName draws a person's name not already on the roster.
func (w *world) uniqueName(r *rand.Rand, roster []official) string {
	for {
		n := w.personName(r)
		if !slices.ContainsFunc(roster, func(o official) bool { return o.name == n }) {
			return n
		}
	}
}

// personName draws a surname, weighted by its frequency rank, and one or two
// given-name characters.
func (w *world) personName(r *rand.Rand) string {
	var sb strings.Builder
	sb.WriteString(w.surnames.draw(r))
	sb.WriteRune(w.given[r.IntN(len(w.given))])
	if r.Float64() < 0.75 {
		sb.WriteRune(w.given[r.IntN(len(w.given))])
	}
	return sb.String()
}
