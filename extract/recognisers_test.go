package extract

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

// sharedExtractor builds the one Extractor the tests of this package use;
// building it takes about a second.
var sharedExtractor = sync.OnceValues(func() (*Extractor, error) {
	return New(context.Background())
})

func testExtractor(t *testing.T) *Extractor {
	t.Helper()
	x, err := sharedExtractor()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return x
}

func mustExtract(t *testing.T, in Input) *Extraction {
	t.Helper()
	ex, err := testExtractor(t).Extract(context.Background(), in)
	if err != nil {
		t.Fatalf("Extract(%q): %v", in.Text, err)
	}
	checkEvidence(t, in.Text, ex)
	return ex
}

func findEntity(ex *Extraction, typ, name string) *Entity {
	for k := range ex.Entities {
		if e := &ex.Entities[k]; e.Type == typ && e.Name == name {
			return e
		}
	}
	return nil
}

func relationsWith(ex *Extraction, pred string) []Relation {
	var out []Relation
	for _, r := range ex.Relations {
		if r.Predicate == pred {
			out = append(out, r)
		}
	}
	return out
}

func findRelation(ex *Extraction, subj, pred, obj string) *Relation {
	for k := range ex.Relations {
		if r := &ex.Relations[k]; r.Subject == subj && r.Predicate == pred && r.Object == obj {
			return r
		}
	}
	return nil
}

// checkEvidence checks that every evidence span and mention of ex lies in
// the original text and that evidence text is the original's substring at
// the span's rune offsets.
func checkEvidence(t *testing.T, orig string, ex *Extraction) {
	t.Helper()
	rs := []rune(orig)
	for _, r := range ex.Relations {
		ev := r.Evidence
		if ev == nil {
			continue
		}
		if ev.Start < 0 || ev.End > len(rs) || ev.Start > ev.End {
			t.Errorf("%s %s %s: evidence span [%d,%d) outside the text (%d runes)", r.Subject, r.Predicate, r.Object, ev.Start, ev.End, len(rs))
			continue
		}
		if got := string(rs[ev.Start:ev.End]); got != ev.Text {
			t.Errorf("%s %s %s: evidence text %q, but the original at [%d,%d) is %q", r.Subject, r.Predicate, r.Object, ev.Text, ev.Start, ev.End, got)
		}
	}
	for _, e := range ex.Entities {
		checkMentions(t, orig, e)
	}
}

func checkMentions(t *testing.T, orig string, e Entity) {
	t.Helper()
	n := len([]rune(orig))
	for _, m := range e.Mentions {
		if m.Start < 0 || m.End > n || m.Start >= m.End {
			t.Errorf("%s: mention [%d,%d) outside the text (%d runes)", e.ID, m.Start, m.End, n)
		}
	}
}

// tradRelay is Traditional text with pinyin annotations, as some copies
// carry it.
const tradRelay = "7月22日,瀋陽市總工會(huì)召開黨組會(huì)議,傳(chuán)達學習黨的二十屆三中全會精神。"

func TestSectionHeadingResolvesShortForm(t *testing.T) {
	in := "成都市各区(市)县工会动态\n" +
		"成都市总工会近日部署暑期工作。\n" +
		"都江堰市\n" +
		"市总工会党组书记、常务副主席李晓华主持会议。\n" +
		"彭州市\n" +
		"市总工会召开职工代表座谈会。"
	ex := mustExtract(t, Input{Text: in})
	for _, name := range []string{"成都市总工会", "都江堰市总工会", "彭州市总工会"} {
		if findEntity(ex, TypeUnion, name) == nil {
			t.Errorf("no union %s", name)
		}
	}
	if findEntity(ex, TypePerson, "李晓华") == nil {
		t.Fatalf("no person 李晓华")
	}
	titles := map[string]bool{}
	for _, r := range relationsWith(ex, PredHoldsPosition) {
		if r.Subject != "person:李晓华" {
			continue
		}
		titles[r.Title] = true
		if r.Title == "党组书记" && r.Object != "union:都江堰市总工会" {
			t.Errorf("李晓华 党组书记 of %q; want union:都江堰市总工会", r.Object)
		}
		if r.Object == "union:成都市总工会" {
			t.Errorf("李晓华 %s placed in the article's main city union", r.Title)
		}
	}
	for _, want := range []string{"党组书记", "常务副主席"} {
		if !titles[want] {
			t.Errorf("李晓华 lacks title %s; has %v", want, titles)
		}
	}
}

// TestRegressionTitleChainLosesBody: in 市总工会党组书记、常务副主席李晓华 both
// titles belong to 市总工会, but titleChainAt drops the body after 、.
func TestRegressionTitleChainLosesBody(t *testing.T) {
	in := "成都市各区(市)县工会动态\n都江堰市\n市总工会党组书记、常务副主席李晓华主持会议。"
	ex := mustExtract(t, Input{Text: in})
	for _, title := range []string{"党组书记", "常务副主席"} {
		found := false
		for _, r := range relationsWith(ex, PredHoldsPosition) {
			if r.Subject == "person:李晓华" && r.Title == title {
				found = true
				if r.Object != "union:都江堰市总工会" {
					t.Errorf("李晓华 %s of %q; want union:都江堰市总工会", title, r.Object)
				}
			}
		}
		if !found {
			t.Errorf("李晓华 lacks title %s", title)
		}
	}
}

func TestUnionResolution(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // union names that must be found
		notWant []string
	}{
		{
			name:    "省总工会 in an article about 成都",
			in:      "成都市总工会召开职工代表大会。\n省总工会副主席张三出席会议并讲话。",
			want:    []string{"成都市总工会", "四川省总工会"},
			notWant: []string{"省总工会"},
		},
		{
			// Named as the article names it at its fullest (GUIDE.md).
			name:    "省总工会 with no place to resolve it",
			in:      "省总工会召开会议。",
			want:    []string{"省总工会"},
			notWant: []string{"北京市总工会"},
		},
		{
			name:    "省总工会 where the only other place is a municipality",
			in:      "来源:河南工人日报\n大会在北京召开。省总工会召开党组会议传达学习大会精神。",
			want:    []string{"河南省总工会"},
			notWant: []string{"北京市总工会"},
		},
		{
			name:    "a province named often outvotes a city read inside a word",
			in:      "江西日报讯 省总工会召开会议,研究重大理论问题,谱写江西篇章。",
			want:    []string{"江西省总工会"},
			notWant: []string{"云南省总工会"},
		},
		{
			name:    "a verb and its object are not a body",
			in:      "湖南省教育工会召开会议。会议要求,要深化教育工会改革,部署集团工会系统学习工作。",
			want:    []string{"湖南省教育工会"},
			notWant: []string{"深化教育工会", "部署集团工会"},
		},
		{
			name: "区总工会 resolved to the district the article names",
			in:   "区总工会召开会议,传达区委全会精神,推动大同市平城区工会工作。",
			want: []string{"平城区总工会"},
		},
		{
			name:    "自治区总工会 in an article on 内蒙古",
			in:      "内蒙古日报讯 自治区总工会召开视频会议。",
			want:    []string{"内蒙古自治区总工会"},
			notWant: []string{"自治区总工会"},
		},
		{
			name:    "levels written together are classes",
			in:      "在各市州总工会、各县区总工会和县(市)区总工会设分会场,各省、自治区、直辖市总工会参加。",
			notWant: []string{"区总工会", "州总工会", "市总工会"},
		},
		{
			name:    "development zones and a word before them",
			in:      "湛江市总工会联合经开区总工会开展宣讲。会议对开发区总工会提出建议。天津港保税区总工会召开全委会。",
			want:    []string{"湛江市总工会", "经开区总工会", "开发区总工会", "天津港保税区总工会"},
			notWant: []string{"对开发区总工会", "联合经开区总工会", "港保税区总工会"},
		},
		{
			name: "industry unions with their heads",
			in:   "甘肃省电力工会召开会议。省交通工会副主席讲话。中国教科文卫体工会主办,上海市医务工会承办。韩城车务段工会组织学习。",
			want: []string{"甘肃省电力工会", "甘肃省交通工会", "中国教科文卫体工会", "上海市医务工会", "韩城车务段工会"},
		},
		{
			name:    "我院工会 is the 学院工会 the article names",
			in:      "12月2日,我院工会召开学习会。学院工会全体委员参加。",
			want:    []string{"学院工会"},
			notWant: []string{"院工会"},
		},
		{
			name:    "幼儿园工会 after a preposition",
			in:      "教师积极参加活动,也为幼儿园工会工作献计献策。",
			want:    []string{"幼儿园工会"},
			notWant: []string{"为幼儿园工会"},
		},
		{
			name: "全总部署",
			in:   "按照全总部署,省总工会印发通知。",
			want: []string{"中华全国总工会"},
		},
		{
			name:    "街道总工会 after a conjunction or 代表",
			in:      "郑某代表街道总工会发言。营商办和街道总工会开展调研。",
			want:    []string{"街道总工会"},
			notWant: []string{"营商办和街道总工会", "郑某代表街道总工会"},
		},
		{
			name:    "an enterprise union's full and short forms are one body",
			in:      "11月5日,浙江华宇精工机械股份有限公司工会委员会召开会议。华宇精工机械公司工会委员会主席李某主持。",
			want:    []string{"浙江华宇精工机械股份有限公司工会委员会"},
			notWant: []string{"华宇精工机械公司工会委员会"},
		},
		{
			name:    "a railway group's short form and its full name",
			in:      "中国铁路武汉局集团有限公司工会召开会议。武汉局集团公司工会副主席王某传达精神。",
			want:    []string{"中国铁路武汉局集团有限公司工会"},
			notWant: []string{"武汉局集团公司工会"},
		},
		{
			name: "one enterprise name under two places is two bodies",
			in:   "长沙市东方建设有限公司工会和株洲市东方建设有限公司工会联合开展学习。",
			want: []string{"长沙市东方建设有限公司工会", "株洲市东方建设有限公司工会"},
		},
		{
			name:    "Hong Kong's federation under its long name",
			in:      "香港特别行政区工会联合会举行座谈会。",
			want:    []string{"香港工会联合会"},
			notWant: []string{"香港特别行政区工会联合会", "香港特别行政区总工会"},
		},
		{
			name:    "全总 standing alone",
			in:      "全总召开会议。",
			want:    []string{"中华全国总工会"},
			notWant: []string{"全总"},
		},
		{
			name:    "全总 inside ordinary words",
			in:      "要完全总结经验,安全总监出席。",
			notWant: []string{"中华全国总工会"},
		},
		{
			name:    "classes of unions are not bodies",
			in:      "全省各级工会要认真学习。各市总工会要抓好落实。",
			notWant: []string{"四川省总工会"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			var unions []string
			for _, e := range ex.Entities {
				if e.Type == TypeUnion {
					unions = append(unions, e.Name)
				}
			}
			for _, w := range tc.want {
				if findEntity(ex, TypeUnion, w) == nil {
					t.Errorf("no union %s; have %v", w, unions)
				}
			}
			for _, w := range tc.notWant {
				if findEntity(ex, TypeUnion, w) != nil {
					t.Errorf("unexpected union %s", w)
				}
			}
			if tc.want == nil && tc.notWant == nil && len(unions) != 0 {
				t.Errorf("unions %v; want none", unions)
			}
		})
	}
	// The person's position points at the resolved union.
	ex := mustExtract(t, Input{Text: tests[0].in})
	if r := findRelation(ex, "person:张三", PredHoldsPosition, "union:四川省总工会"); r == nil || r.Title != "副主席" {
		t.Errorf("张三 副主席 of union:四川省总工会: got %+v", r)
	}
	if e := findEntity(ex, TypeUnion, "四川省总工会"); e != nil && (e.Level != "province" || e.Place != "510000") {
		t.Errorf("四川省总工会 level %q place %q; want province 510000", e.Level, e.Place)
	}
	if ex.Document.Province != "四川省" {
		t.Errorf("province %q; want 四川省", ex.Document.Province)
	}
}

func TestRelayTraditionalWithPinyin(t *testing.T) {
	ex := mustExtract(t, Input{Text: tradRelay})
	if ex.Document.Script != "Hant" {
		t.Errorf("script %q; want Hant", ex.Document.Script)
	}
	if findEntity(ex, TypeUnion, "沈阳市总工会") == nil {
		t.Errorf("no union 沈阳市总工会")
	}
	c := findEntity(ex, TypeCongress, "党的二十届三中全会")
	if c == nil {
		t.Fatalf("no congress 党的二十届三中全会")
	}
	if c.Ordinal != 20 || c.Plenum != 3 {
		t.Errorf("congress ordinal %d plenum %d; want 20, 3", c.Ordinal, c.Plenum)
	}
	r := findRelation(ex, "union:沈阳市总工会", PredRelayed, "congress:党的二十届三中全会")
	if r == nil {
		t.Fatalf("no relayed relation; relations %+v", ex.Relations)
	}
	if r.Date != "2024-07-22" || r.DateBasis != "congress-calendar" {
		t.Errorf("relayed date %q basis %q; want 2024-07-22 congress-calendar", r.Date, r.DateBasis)
	}
	if r.Via == "" || findRelation(ex, "union:沈阳市总工会", PredHeld, r.Via) == nil {
		t.Errorf("relayed via %q has no held relation", r.Via)
	}
	if r.Evidence == nil || r.Evidence.Text != tradRelay {
		t.Errorf("evidence %+v; want the whole sentence %q", r.Evidence, tradRelay)
	}
	if m := findEntity(ex, TypeMeeting, "2024-07-22 沈阳市总工会党组会议"); m == nil || m.Kind != "党组会议" {
		t.Errorf("meeting: got %+v; want kind 党组会议", m)
	}
}

// TestRelayYearFromPublished checks the other ways a missing year is found.
func TestRelayYearFromPublished(t *testing.T) {
	tests := []struct {
		published string
		wantDate  string
		wantBasis string
	}{
		{"2024-08-01", "2024-07-22", "published"},
		{"2025-01-10", "2024-07-22", "published"}, // published before 7-22: the year before
	}
	for _, tc := range tests {
		ex := mustExtract(t, Input{Text: tradRelay, Published: tc.published})
		r := findRelation(ex, "union:沈阳市总工会", PredRelayed, "congress:党的二十届三中全会")
		if r == nil {
			t.Errorf("published %s: no relayed relation", tc.published)
			continue
		}
		if r.Date != tc.wantDate || r.DateBasis != tc.wantBasis {
			t.Errorf("published %s: date %q basis %q; want %s %s", tc.published, r.Date, r.DateBasis, tc.wantDate, tc.wantBasis)
		}
	}
	// A year in the text itself needs no inference.
	ex := mustExtract(t, Input{Text: "2024年7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"})
	if r := findRelation(ex, "union:沈阳市总工会", PredRelayed, "congress:党的二十届三中全会"); r == nil || r.Date != "2024-07-22" || r.DateBasis != "" {
		t.Errorf("dated relay: got %+v; want 2024-07-22 with no basis", r)
	}
}

func TestRelayNotice(t *testing.T) {
	in := "广东省总工会印发《关于学习宣传贯彻党的二十大精神的通知》。"
	ex := mustExtract(t, Input{Text: in})
	const (
		union = "union:广东省总工会"
		doc   = "doc:关于学习宣传贯彻党的二十大精神的通知"
		cong  = "congress:党的二十大"
	)
	if findEntity(ex, TypeDocument, "关于学习宣传贯彻党的二十大精神的通知") == nil {
		t.Errorf("no document")
	}
	if findRelation(ex, union, PredIssued, doc) == nil {
		t.Errorf("no %s issued %s", union, doc)
	}
	if findRelation(ex, doc, PredRelays, cong) == nil {
		t.Errorf("no %s relays %s", doc, cong)
	}
	r := findRelation(ex, union, PredRelayed, cong)
	if r == nil {
		t.Fatalf("no %s relayed %s; relations %+v", union, cong, ex.Relations)
	}
	if r.Via != doc {
		t.Errorf("relayed via %q; want %s", r.Via, doc)
	}
	if len(relationsWith(ex, PredHeld)) != 0 {
		t.Errorf("a notice is not a meeting: held relations %+v", relationsWith(ex, PredHeld))
	}
}

func TestNoRelay(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"generic bodies", "全省各级工会要认真学习党的二十大精神。"},
		{"exhortation", "会议要求,各级工会要把学习贯彻党的十九届五中全会精神与工会工作结合起来。"},
		{"exhortation after a meeting", "成都市总工会召开党组会议。\n会议要求,各级工会要把学习贯彻党的十九届五中全会精神与工会工作结合起来。"},
		{"exhortation by a named union", "会议要求,市总工会要把学习贯彻党的二十大精神作为首要政治任务。"},
		{"a call to other unions", "广东省总工会号召全省各级工会认真学习党的二十大精神。"},
		{"no congress", "市总工会开展送清凉活动\n7月15日,成都市总工会开展“送清凉”活动,为一线职工送去防暑降温用品。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			if rs := relationsWith(ex, PredRelayed); len(rs) != 0 {
				t.Errorf("relayed relations %+v; want none", rs)
			}
			if rs := relationsWith(ex, PredRelays); len(rs) != 0 {
				t.Errorf("relays relations %+v; want none", rs)
			}
		})
	}
	// The congress is still an entity where named; the union still found.
	ex := mustExtract(t, Input{Text: tests[0].in})
	if findEntity(ex, TypeCongress, "党的二十大") == nil {
		t.Errorf("no congress 党的二十大 in %q", tests[0].in)
	}
	ex = mustExtract(t, Input{Text: tests[len(tests)-1].in})
	if findEntity(ex, TypeUnion, "成都市总工会") == nil || findEntity(ex, TypeSlogan, "送清凉") == nil {
		t.Errorf("送清凉 article: entities %+v", ex.Entities)
	}
}

// TestRelayThenExhortation: the relay is found and the exhortation in the
// next sentence adds nothing.
func TestRelayThenExhortation(t *testing.T) {
	in := "广州市总工会召开党组会议,传达学习党的二十大精神。会议要求,市总工会要把学习贯彻党的二十大精神作为首要政治任务。"
	ex := mustExtract(t, Input{Text: in})
	rs := relationsWith(ex, PredRelayed)
	if len(rs) != 1 {
		t.Fatalf("relayed relations %+v; want one", rs)
	}
	r := rs[0]
	if r.Subject != "union:广州市总工会" || r.Object != "congress:党的二十大" {
		t.Errorf("relayed %s → %s; want union:广州市总工会 → congress:党的二十大", r.Subject, r.Object)
	}
	if want := "广州市总工会召开党组会议,传达学习党的二十大精神。"; r.Evidence == nil || r.Evidence.Text != want {
		t.Errorf("evidence %+v; want %q", r.Evidence, want)
	}
}

func TestByline(t *testing.T) {
	in := "市总工会开展送清凉活动\n(记者 王强 通讯员 李明)"
	ex := mustExtract(t, Input{Text: in, ID: "a1"})
	for name, role := range map[string]string{"王强": "记者", "李明": "通讯员"} {
		if findEntity(ex, TypePerson, name) == nil {
			t.Errorf("no person %s", name)
		}
		r := findRelation(ex, "person:"+name, PredAuthored, "article:a1")
		if r == nil {
			t.Errorf("no person:%s authored article:a1", name)
			continue
		}
		if r.Title != role {
			t.Errorf("%s byline role %q; want %q", name, r.Title, role)
		}
		if r.Evidence == nil || r.Evidence.Text != "(记者 王强 通讯员 李明)" {
			t.Errorf("%s evidence %+v", name, r.Evidence)
		}
	}
	if got := strings.Join(ex.Document.Authors, ","); got != "王强,李明" {
		t.Errorf("authors %q; want 王强,李明", got)
	}
	if n := len(relationsWith(ex, PredAuthored)); n != 2 {
		t.Errorf("%d authored relations; want 2", n)
	}
}

func TestEvidenceSpans(t *testing.T) {
	inputs := []string{
		tradRelay,
		"\ufeff市总工会传达学习全会精神\r\n７月２２日，沈阳市总工会召开党组会议，传达学习党的二十届三中全会精神。\r\n（记者\u3000王强）",
		"广东省总工会印发《关于学习宣传贯彻党的二十大精神的通知》。",
		"都江堰市工会动态\n都江堰市\n市总工会党组书记、常务副主席李晓华主持会议。",
		"廣州市總工會召開黨組會議，傳達學習黨的二十大精神。",
	}
	for _, in := range inputs {
		ex := mustExtract(t, Input{Text: in}) // checks every span
		rs := relationsWith(ex, PredRelayed)
		if strings.Contains(in, "精神") && len(rs) == 0 {
			t.Errorf("%q: no relayed relation", in)
		}
		orig := []rune(in)
		for _, r := range rs {
			if r.Evidence == nil {
				t.Errorf("%q: relayed %s has no evidence", in, r.Object)
				continue
			}
			if got := string(orig[r.Evidence.Start:r.Evidence.End]); got != r.Evidence.Text || !strings.Contains(got, "精神") {
				t.Errorf("%q: relayed evidence [%d,%d) %q, original %q", in, r.Evidence.Start, r.Evidence.End, r.Evidence.Text, got)
			}
		}
	}
	// The Traditional sentence's congress mention covers its Traditional
	// name in the original.
	ex := mustExtract(t, Input{Text: tradRelay})
	c := findEntity(ex, TypeCongress, "党的二十届三中全会")
	if c == nil || len(c.Mentions) != 1 {
		t.Fatalf("congress mentions: %+v", c)
	}
	if got := string([]rune(tradRelay)[c.Mentions[0].Start:c.Mentions[0].End]); got != "黨的二十屆三中全會" {
		t.Errorf("congress mention %q; want 黨的二十屆三中全會", got)
	}
}

// TestRegressionPinyinInMention: a mention ending just before a stripped
// pinyin annotation extends over it, so the annotation becomes part of the
// union's alias.
func TestRegressionPinyinInMention(t *testing.T) {
	ex := mustExtract(t, Input{Text: tradRelay})
	e := findEntity(ex, TypeUnion, "沈阳市总工会")
	if e == nil {
		t.Fatalf("no union 沈阳市总工会")
	}
	for _, a := range e.Aliases {
		if strings.Contains(a, "huì") {
			t.Errorf("alias %q contains pinyin", a)
		}
	}
	for _, m := range e.Mentions {
		if got := string([]rune(tradRelay)[m.Start:m.End]); got != "瀋陽市總工會" {
			t.Errorf("mention %q; want 瀋陽市總工會", got)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	x := testExtractor(t)
	for _, in := range []string{"", "  \n\t\r\n", "\u3000"} {
		ex, err := x.Extract(context.Background(), Input{Text: in})
		if !errors.Is(err, ErrEmpty) || ex != nil {
			t.Errorf("Extract(%q) = %v, %v; want nil, ErrEmpty", in, ex, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := x.Extract(ctx, Input{Text: "全总召开会议。"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Extract with a cancelled context: err %v; want context.Canceled", err)
	}
}

func TestDocumentMetadata(t *testing.T) {
	in := "全总召开会议。"
	ex := mustExtract(t, Input{Text: in})
	if len(ex.Document.Hash) != 64 || ex.Document.ID != ex.Document.Hash[:16] {
		t.Errorf("hash %q id %q; want the id to be the hash's first 16 digits", ex.Document.Hash, ex.Document.ID)
	}
	if ex.Document.Extractor != Version || ex.Document.Script != "" {
		t.Errorf("extractor %q script %q", ex.Document.Extractor, ex.Document.Script)
	}
	ex2 := mustExtract(t, Input{Text: in, ID: "given", Title: "外部标题"})
	if ex2.Document.ID != "given" || ex2.Document.Hash != ex.Document.Hash || ex2.Document.Title != "外部标题" {
		t.Errorf("document %+v", ex2.Document)
	}
	dl := mustExtract(t, Input{Text: "邵阳新闻网10月1日讯 邵阳市总工会开展慰问活动。"})
	if dl.Document.Dateline != "--10-01" || dl.Document.Outlet != "邵阳新闻网" {
		t.Errorf("dateline %q outlet %q; want --10-01 邵阳新闻网", dl.Document.Dateline, dl.Document.Outlet)
	}
}

// TestRelayListsAndAnaphora: bodies listed before one union word each
// relay, and 大会精神 or 全会精神 after a relay verb is the congress or
// plenum named last before it.
func TestRelayListsAndAnaphora(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // body|congress
		notWant []string
	}{
		{
			name: "places before a short form with 等",
			in:   "中国工会十八大闭幕后,各地工会迅速行动。\n近日,衡阳、邵阳等市总工会分别召开会议,传达学习中国工会十八大精神。",
			want: []string{"衡阳市总工会|中国工会十八大", "邵阳市总工会|中国工会十八大"},
		},
		{
			name: "a place before a full name",
			in:   "11月2日,常德市、益阳市总工会分别召开党组会议,传达学习党的二十大精神。",
			want: []string{"常德市总工会|党的二十大", "益阳市总工会|党的二十大"},
		},
		{
			name: "words before the first place",
			in:   "此外还有宜宾、泸州两市总工会召开会议,传达学习党的二十大精神。",
			want: []string{"宜宾市总工会|党的二十大", "泸州市总工会|党的二十大"},
		},
		{
			name:    "a list of things that are not places",
			in:      "劳模、工匠等代表参加了市总工会召开的会议,传达学习党的二十大精神。",
			notWant: []string{"劳模市总工会|党的二十大", "工匠市总工会|党的二十大"},
		},
		{
			name: "大会精神 is the congress named before",
			in:   "中国工会第十八次全国代表大会在北京闭幕。\n10月16日,株洲市总工会召开党组会议,传达学习大会精神。",
			want: []string{"株洲市总工会|中国工会十八大"},
		},
		{
			name: "全会精神 is the plenum named before",
			in:   "党的二十届三中全会胜利闭幕。\n7月22日,湘潭市总工会召开党组会议,认真学习全会精神。",
			want: []string{"湘潭市总工会|党的二十届三中全会"},
		},
		{
			name:    "大会精神 with no congress named is nothing",
			in:      "7月22日,湘潭市总工会召开职工代表大会,传达学习大会精神。",
			notWant: []string{"湘潭市总工会|"},
		},
		{
			name: "a gathering named for the spirit",
			in:   "近日,东方物流集团工会举办中国工会第十八次全国代表大会精神传达会。",
			want: []string{"东方物流集团工会|中国工会十八大"},
		},
		{
			name: "重要 is no exhortation between the verb and the congress",
			in:   "日前,沈阳市总工会举办学习贯彻习近平总书记关于工人阶级和工会工作的重要论述和中国工会十八大精神专题研讨班。",
			want: []string{"沈阳市总工会|中国工会十八大"},
		},
		{
			name:    "the spirit naming a time",
			in:      "3月13日,长沙市总工会召开会议,传达学习全国两会精神。\n会议认为,今年全国两会是在全面贯彻落实党的二十大精神的关键之年召开的重要会议。",
			notWant: []string{"长沙市总工会|党的二十大"},
		},
		{
			name:    "whose plan it is",
			in:      "各市总工会按照省总工会的统一部署,第一时间传达学习中国工会十八大精神。",
			notWant: []string{"省总工会|", "河北省总工会|"},
		},
		{
			name:    "whose plan it is, without 的",
			in:      "赣州各级工会按照市总工会统一部署,第一时间传达学习党的二十大精神。",
			notWant: []string{"市总工会|", "赣州市总工会|"},
		},
		{
			name: "a union congress named without 全国",
			in:   "10月13日,承德市总工会组织召开专题会议,第一时间传达学习中国工会第十八次代表大会会议精神。",
			want: []string{"承德市总工会|中国工会十八大"},
		},
		{
			name: "a quoted campaign named for the spirit",
			in:   "连日来,廊坊市总工会开展了“党的二十大精神进园区进车间”系列宣讲活动。",
			want: []string{"廊坊市总工会|党的二十大"},
		},
		{
			name:    "a campaign called for is not held",
			in:      "会议要求,各级工会要开展“党的二十大精神进企业”宣讲活动。",
			notWant: []string{"|党的二十大"},
		},
		{
			name: "a short form after a byline's parentheses",
			in:   "辽宁日报7月2日讯(记者王明)省总工会今天召开全委会议,传达学习党的二十大精神。",
			want: []string{"辽宁省总工会|党的二十大"},
		},
		{
			name:    "a class of bodies with levels in parentheses",
			in:      "会议要求,县(市、区)总工会要认真学习党的二十大精神。",
			notWant: []string{"|党的二十大"},
		},
		{
			name: "a union of a part of an institution",
			in:   "11月8日,学院部门工会召开工作会议,会议深入贯彻学习了党的二十大精神。",
			want: []string{"学院部门工会|党的二十大"},
		},
		{
			name: "a numbered union of an institution's offices",
			in:   "11月21日下午,机关二工会举办了党的二十届四中全会精神宣讲专题讲座。",
			want: []string{"机关二工会|党的二十届四中全会"},
		},
		{
			name:    "branch unions called on are a class",
			in:      "会议要求,各分工会要认真学习党的二十大精神。",
			notWant: []string{"|党的二十大"},
		},
		{
			name:    "a congress is not a plenum",
			in:      "党的二十大胜利闭幕。\n湘潭市总工会召开会议,学习全会精神。",
			notWant: []string{"湘潭市总工会|党的二十大"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			var got []string
			for _, r := range relationsWith(ex, PredRelayed) {
				got = append(got, strings.TrimPrefix(r.Subject, "union:")+"|"+strings.TrimPrefix(r.Object, "congress:"))
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("no relay %s; got %v", w, got)
				}
			}
			for _, nw := range tc.notWant {
				for _, g := range got {
					if strings.HasPrefix(g, nw) || strings.HasPrefix(nw, "|") && strings.HasSuffix(g, nw) {
						t.Errorf("relay %s; want none like %s", g, nw)
					}
				}
			}
		})
	}
}

// TestDatelineAndPublishedForms: a publication date after a bar, as site
// chrome writes it, and 今天 in a report dated by its dateline.
func TestDatelineAndPublishedForms(t *testing.T) {
	ex := mustExtract(t, Input{Text: "省总工会召开全委会议\n发布时间 | 2022/7/1 14:24:27\n辽宁日报6月30日讯(记者王明)省总工会今天召开全委会议,传达学习省第十三次党代会精神。"})
	if ex.Document.Published != "2022-07-01" {
		t.Errorf("published %q, want 2022-07-01", ex.Document.Published)
	}
	rs := relationsWith(ex, PredRelayed)
	if len(rs) != 1 || rs[0].Subject != "union:辽宁省总工会" || rs[0].Date != "2022-06-30" {
		t.Errorf("relays %+v, want 辽宁省总工会 on 2022-06-30", rs)
	}
}
