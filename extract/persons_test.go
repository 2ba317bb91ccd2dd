package extract

import (
	"sort"
	"strings"
	"testing"
)

// TestBylineShapes: each shape of byline gives its names with their roles,
// and words that only look like a role give none.
func TestBylineShapes(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string // person → byline role
	}{
		{"outlet line with spaces", "市总工会召开会议。\n工人日报-中工网记者 方成礼 通讯员 乔雪", map[string]string{"方成礼": "记者", "乔雪": "通讯员"}},
		{"outlet in brackets", "本报讯(晨报融媒体记者 许嘉 通讯员罗宏)3月5日,区总工会召开会议。", map[string]string{"许嘉": "融媒体记者", "罗宏": "通讯员"}},
		{"no space after role", "本报讯(记者葛会川)3月5日,区总工会召开会议。", map[string]string{"葛会川": "记者"}},
		{"slash roles", "区总工会召开会议。\n(图文/潘晓青 编辑/戴宁)", map[string]string{"潘晓青": "图文", "戴宁": "编辑"}},
		{"sign-off", "区总工会召开会议。\n初审:贺玲 复审:邵建新 终审:薛强", map[string]string{"贺玲": "初审", "邵建新": "复审", "薛强": "终审"}},
		{"photo credit", "会议现场。廖志飞 摄\n区总工会召开会议。", map[string]string{"廖志飞": "摄影"}},
		{"names after 讯", "本刊讯(龚琳 钱宇) 3月5日,区总工会召开会议。", map[string]string{"龚琳": "作者", "钱宇": "作者"}},
		{"文 inside a word", "各市州教育(教科文卫体)工会主席参加会议。", map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in, ID: "a"})
			got := map[string]string{}
			for _, r := range relationsWith(ex, PredAuthored) {
				got[strings.TrimPrefix(r.Subject, "person:")] = r.Title
			}
			for name, role := range tc.want {
				if got[name] != role {
					t.Errorf("%s: role %q; want %q (all: %v)", name, got[name], role, got)
				}
			}
			for name := range got {
				if _, ok := tc.want[name]; !ok {
					t.Errorf("unexpected byline name %s (%s)", name, got[name])
				}
			}
		})
	}
}

// positionsOf lists "title@org" (or the bare title) of a person.
func positionsOf(ex *Extraction, person string) []string {
	var out []string
	for _, r := range relationsWith(ex, PredHoldsPosition) {
		if r.Subject != "person:"+person {
			continue
		}
		t := r.Title
		if r.Object != "" {
			t += "@" + strings.SplitN(r.Object, ":", 2)[1]
		}
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// TestTitlesAndNames: how names are cut and which part of the text before a
// title stays in it (GUIDE.md's title conventions).
func TestTitlesAndNames(t *testing.T) {
	tests := []struct {
		name, in, person string
		want             []string // sorted titles; nil: the person is absent
	}{
		{"state prefix carried over 、 and chain across comma",
			"市人大常委会党组成员、副主任,市总工会主席甘立群主持会议。", "甘立群",
			[]string{"主席", "市人大常委会党组成员", "市人大常委会副主任"}},
		{"常委会 is no title inside a prefix",
			"会上,省人大常委会党组副书记、省总工会主席詹文辉讲话。", "詹文辉",
			[]string{"主席", "省人大常委会党组副书记"}},
		{"company before a title is no part of it",
			"会上,华兴机械有限公司副总经理、工会主席柏晓川发言。", "柏晓川",
			[]string{"副总经理", "工会主席"}},
		{"department stays",
			"会上,区总工会群众服务中心主任施玉兰通报情况。", "施玉兰",
			[]string{"群众服务中心主任"}},
		{"place before a party title stays",
			"湖北省委常委蒋立峰出席会议。", "蒋立峰",
			[]string{"湖北省委常委"}},
		{"常务副主席 after 、 is one title",
			"会上,市总工会党组书记、常务副主席荀立新讲话。", "荀立新",
			[]string{"党组书记", "常务副主席"}},
		{"说 is no part of a name",
			"“要学深悟透。”社区党委书记、主任韦晓红说。", "韦晓红",
			[]string{"主任", "党委书记"}},
		{"以及 is no part of a name",
			"理事长黄国以及副会长马光明主讲。", "黄国",
			[]string{"理事长"}},
		{"以 before a lecture title ends a name",
			"区总工会邀请副教授陶文卓以《新征程上的工会担当》为题授课。", "陶文卓",
			[]string{"副教授"}},
		{"致信 ends a name",
			"市总工会党组书记、副主席邵光远致信全市职工。", "邵光远",
			[]string{"党组书记", "副主席"}},
		{"安排 ends a name",
			"县总工会党组书记、常务副主席冉立春安排部署下一步工作。", "冉立春",
			[]string{"党组书记", "常务副主席"}},
		{"教授 after a name ends it",
			"会上,党委常委蒋若岚教授作专题辅导。", "蒋若岚",
			[]string{"党委常委"}},
		{"a democratic party's committee is no part of the title",
			"会上,民盟南湖市委会专职副主委谷海燕传达了会议精神。", "谷海燕",
			[]string{"专职副主委"}},
		{"以上 is no preposition: no name",
			"要加强对镇工会主席和规模以上企业工会主席的培训。", "和规模", nil},
		{"middle-dot name",
			"自治区总工会主席努尔兰·阿不都出席会议并讲话。", "努尔兰·阿不都",
			[]string{"主席"}},
		{"a verb after a title is no name",
			"沃主席强调,各级工会要抓好落实。", "强调", nil},
		{"a national leader named without a title",
			"会议集中学习了赵乐际代表党中央所作的致词。", "赵乐际", []string{}},
		{"leaders listed without titles",
			"李克强、张德江等出席大会。", "张德江", []string{}},
		{"a leader's name inside a longer name is no leader",
			"会上,区总工会主席韩正义讲话。", "韩正", nil},
		{"赖 is a surname",
			"市总工会副主席赖文华出席会议。", "赖文华", []string{"副主席"}},
		{"亲自 ends a name",
			"省总工会党组书记、常务副主席王立新亲自安排部署。", "王立新", []string{"党组书记", "常务副主席"}},
		{"感慨 ends a name",
			"省总工会研究室主任陈东感慨地说,变化很大。", "陈东", []string{"研究室主任"}},
		{"a title shared by a list of names",
			"会上,市总工会党组成员、副主席张平、林岚分别发言。", "林岚", []string{"党组成员", "副主席"}},
		{"names elected to a post share it",
			"会议完成了选举,李明华、赵云等2位同志当选为市总工会第六届委员会副主席。", "赵云", []string{"副主席"}},
		{"a committee's head elected",
			"会议完成了选举,王明当选为市总工会第六届经费审查委员会主任。", "王明", []string{"经费审查委员会主任"}},
		{"获得者 introduces a name",
			"会上,五一劳动奖章获得者陈立军分享了体会。", "陈立军", []string{}},
		{"以 before a quotation ends a name",
			"会上,劳动奖章获得者王闯以“匠心”为题作了分享。", "王闯", []string{}},
		{"驾驶员 introduces a name",
			"公交公司驾驶员刘海燕也来到了现场。", "刘海燕", []string{}},
		{"国家 before 副主席 is no name",
			"中央政治局常委、国家副主席习近平同志致词。", "国家", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			if tc.want == nil {
				if findEntity(ex, TypePerson, tc.person) != nil {
					t.Fatalf("unexpected person %s", tc.person)
				}
				return
			}
			if findEntity(ex, TypePerson, tc.person) == nil {
				t.Fatalf("no person %s", tc.person)
			}
			var got []string
			for _, g := range positionsOf(ex, tc.person) {
				title, _, _ := strings.Cut(g, "@")
				got = append(got, title)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("titles %v; want %v", got, tc.want)
			}
		})
	}
}
