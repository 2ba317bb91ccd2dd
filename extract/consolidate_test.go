package extract

import (
	"slices"
	"strings"
	"testing"
)

// TestConsolidate checks that the mentions of one relay (headline, dated
// lead, the sentences that follow, a document adopted at the meeting) make
// one relay, and that two meetings stay two.
func TestConsolidate(t *testing.T) {
	type relay struct{ body, congress, date string }
	tests := []struct {
		name      string
		in        string
		published string
		want      []relay
		chairs    []string // chairs of the article's meetings
		meetings  int      // meetings of the article, when checked
	}{
		{
			name: "headline, dated lead and a follow-up sentence",
			in: "岳阳市总工会召开全委会议传达学习党的二十届三中全会精神\n" +
				"8月2日,岳阳市总工会召开十二届五次全委(扩大)会议,传达学习党的二十届三中全会精神。\n" +
				"会议传达学习了党的二十届三中全会精神,部署下一阶段重点任务。",
			published: "2024-08-03",
			want:      []relay{{"union:岳阳市总工会", "congress:党的二十届三中全会", "2024-08-02"}},
		},
		{
			name: "chair named in the sentence after the relay",
			in: "株洲市总工会传达学习党的二十届三中全会精神\n" +
				"7月26日,株洲市总工会召开党组(扩大)会议,传达学习党的二十届三中全会精神。会议由市总工会党组书记、主席李明华主持。",
			published: "2024-07-27",
			want:      []relay{{"union:株洲市总工会", "congress:党的二十届三中全会", "2024-07-26"}},
			chairs:    []string{"李明华"},
		},
		{
			name: "a document adopted at the meeting is not a second relay",
			in: "7月30日,渝北区总工会召开全委(扩大)会议,传达学习党的二十届三中全会精神。\n" +
				"会议审议通过了《渝北区总工会关于深入学习宣传贯彻党的二十届三中全会精神的实施方案》。",
			published: "2024-07-31",
			want:      []relay{{"union:渝北区总工会", "congress:党的二十届三中全会", "2024-07-30"}},
		},
		{
			name: "two meetings on two dates stay two relays",
			in: "7月25日,宜春市总工会召开党组会议,传达学习党的二十届三中全会精神。\n" +
				"8月9日,宜春市总工会召开机关全体干部大会,传达学习党的二十届三中全会精神。",
			published: "2024-08-10",
			want: []relay{
				{"union:宜春市总工会", "congress:党的二十届三中全会", "2024-07-25"},
				{"union:宜春市总工会", "congress:党的二十届三中全会", "2024-08-09"},
			},
		},
		{
			name: "a chair belongs to the meeting of his sentence, not the next one",
			in: "10月25日,昆明市总工会召开党组(扩大)会议,传达学习党的二十大精神,市总工会党组书记、常务副主席王建明主持会议。" +
				"同日,曲靖市总工会召开机关全体干部大会,传达学习党的二十大精神。",
			published: "2022-10-28",
			want: []relay{
				{"union:昆明市总工会", "congress:党的二十大", "2022-10-25"},
				{"union:曲靖市总工会", "congress:党的二十大", "2022-10-25"},
			},
			chairs: []string{"王建明"},
		},
		{
			name: "two bodies in a roundup stay two relays",
			in: "10月24日,瑞金市总工会召开党组会议,传达学习党的二十大精神。\n" +
				"10月25日,于都县总工会召开机关干部大会,传达学习党的二十大精神。",
			published: "2022-10-28",
			want: []relay{
				{"union:瑞金市总工会", "congress:党的二十大", "2022-10-24"},
				{"union:于都县总工会", "congress:党的二十大", "2022-10-25"},
			},
		},
		{
			name: "an undated lead and the dated meeting after it are one relay",
			in: "洛阳各级工会传达学习市工会第十四次代表大会精神\n" +
				"洛阳市工会第十四次代表大会闭幕后,市总工会机关迅速行动,掀起学习贯彻大会精神的热潮。\n" +
				"12月8日,洛阳市总工会召开机关全体干部大会,传达学习市工会十四大精神。",
			want:     []relay{{"union:洛阳市总工会", "congress:洛阳市工会第十四次代表大会", "--12-08"}},
			meetings: 1,
		},
		{
			name: "a headline's short form and the lead's full name are one body",
			in: "恒丰机械集团工会召开专题会议传达学习党的二十大精神\n" +
				"10月27日,江苏恒丰机械集团有限公司工会召开专题会议,传达学习党的二十大精神。",
			want:     []relay{{"union:江苏恒丰机械集团有限公司工会", "congress:党的二十大", "2022-10-27"}},
			meetings: 1,
		},
		{
			name: "全国两会 in the headline and its two sessions in the lead are one meeting",
			in: "市总工会传达学习全国两会精神\n" +
				"3月14日,长沙市总工会召开党组会议,传达学习十四届全国人大二次会议和全国政协十四届二次会议精神。",
			want: []relay{
				{"union:长沙市总工会", "congress:2024年全国两会", "2024-03-14"},
				{"union:长沙市总工会", "congress:十四届全国人大二次会议", "2024-03-14"},
				{"union:长沙市总工会", "congress:全国政协十四届二次会议", "2024-03-14"},
			},
			meetings: 1,
		},
		{
			name: "the chair named after an undated lead that the headline absorbed",
			in: "湘江化工公司工会召开专题会议传达学习中国工会十八大精神\n" +
				"近日,湘江化工公司工会召开专题会议,传达学习中国工会十八大精神。\n" +
				"公司副总经理、工会主席刘建平主持会议。",
			want:     []relay{{"union:湘江化工公司工会", "congress:中国工会十八大", ""}},
			chairs:   []string{"刘建平"},
			meetings: 1,
		},
		{
			name: "a notice relayed in the chair's sentence does not take the chair",
			in: "10月26日,湘江化工公司工会召开专题学习会,传达学习党的二十大精神。" +
				"公司工会主席刘建平主持会议,副主席王丽传达了株洲市总工会《关于学习宣传贯彻党的二十大精神的通知》要求。",
			want: []relay{
				{"union:湘江化工公司工会", "congress:党的二十大", "2022-10-26"},
				{"union:株洲市总工会", "congress:党的二十大", ""},
			},
			chairs: []string{"刘建平"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in, Published: tc.published})
			if tc.meetings > 0 {
				n := 0
				for _, e := range ex.Entities {
					if e.Type == TypeMeeting {
						n++
					}
				}
				if n != tc.meetings {
					t.Errorf("%d meetings, want %d", n, tc.meetings)
				}
			}
			var got []relay
			for _, r := range ex.Relations {
				if r.Predicate == PredRelayed {
					got = append(got, relay{r.Subject, r.Object, r.Date})
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("relays %v, want %v", got, tc.want)
			}
			var chairs []string
			for _, r := range ex.Relations {
				if r.Predicate == PredChaired {
					chairs = append(chairs, strings.TrimPrefix(r.Subject, "person:"))
				}
			}
			if !slices.Equal(chairs, tc.chairs) {
				t.Errorf("chairs %v, want %v", chairs, tc.chairs)
			}
		})
	}
}

// chairsOf lists an extraction's chairs as "person|body", the body being
// the holder of the meeting chaired.
func chairsOf(ex *Extraction) []string {
	holder := map[string]string{}
	for _, r := range relationsWith(ex, PredHeld) {
		holder[r.Object] = strings.TrimPrefix(strings.TrimPrefix(r.Subject, "union:"), "org:")
	}
	var got []string
	for _, r := range relationsWith(ex, PredChaired) {
		got = append(got, strings.TrimPrefix(r.Subject, "person:")+"|"+holder[r.Object])
	}
	return got
}

// TestChairRules checks who is found to chair which body's meeting, with
// sentences of the project's own wording; notWant lists pairs that must
// not be found.
func TestChairRules(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		notWant []string
	}{
		{
			name: "同志 between the name and 主持",
			in:   "11月2日,滨江区总工会召开党组会议,传达学习党的二十大精神。会议由区总工会党组书记、主席周华同志主持。",
			want: []string{"周华|滨江区总工会"},
		},
		{
			name: "出席并主持",
			in:   "11月2日,滨江区总工会召开全委会议,传达学习党的二十大精神,区总工会主席周华出席并主持会议。",
			want: []string{"周华|滨江区总工会"},
		},
		{
			name: "the chair named in the paragraph that convenes the meeting",
			in:   "11月2日,滨江区总工会在三楼会议室召开专题学习会,会议由区总工会主席周华主持。\n会议传达学习了党的二十大精神。",
			want: []string{"周华|滨江区总工会"},
		},
		{
			name:    "a chair before the paragraph goes to its first event only",
			in:      "11月2日,滨江区总工会在三楼会议室召开专题学习会,会议由区总工会主席周华主持。\n会议传达学习了党的二十大精神,副主席李强传达了平阳市总工会学习党的二十大精神的情况。",
			want:    []string{"周华|滨江区总工会"},
			notWant: []string{"周华|平阳市总工会"},
		},
		{
			name: "a party-group meeting on a speech is held and chaired, relaying nothing",
			in:   "3月5日,滨江区总工会召开党组会议,传达学习习近平总书记重要讲话精神。区总工会党组书记、主席周华主持会议。",
			want: []string{"周华|滨江区总工会"},
		},
		{
			name: "a plenary session convened in the sentence before the chair's",
			in:   "3月5日,滨江区总工会召开二届三次全委会。区总工会主席周华主持会议,全体委员出席。",
			want: []string{"周华|滨江区总工会"},
		},
		{
			name: "a body's own session reported as convened by a form of meeting",
			in:   "3月5日,湖南省总工会第九届执行委员会第三次全体会议以视频会议形式召开。省总工会主席周华主持会议并讲话。",
			want: []string{"周华|湖南省总工会"},
		},
		{
			name: "会议由…主持 paragraphs after the meeting",
			in:   "11月2日,滨江区总工会召开党组会议,传达学习党的二十大精神。\n区总工会副主席李强指出,要抓好落实。\n与会人员结合工作谈了体会。\n会议由区总工会主席周华主持。",
			want: []string{"周华|滨江区总工会"},
		},
		{
			name:    "a leader who chaired a meeting whose spirit is relayed chairs no meeting here",
			in:      "6月3日,滨江区总工会召开党组会议,传达学习全国两会精神以及韩正主持召开的领导小组会议精神。",
			notWant: []string{"韩正|滨江区总工会"},
		},
		{
			name:    "a body named only in the chair's titles convenes nothing",
			in:      "3月5日,全区职工运动会开幕。区总工会主席周华主持开幕式。",
			notWant: []string{"周华|滨江区总工会", "周华|区总工会"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := chairsOf(mustExtract(t, Input{Text: tc.in, Published: "2022-11-03"}))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("chairs %v, want %s", got, w)
				}
			}
			for _, w := range tc.notWant {
				if slices.Contains(got, w) {
					t.Errorf("chairs %v, do not want %s", got, w)
				}
			}
		})
	}
}
