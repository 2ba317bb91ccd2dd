package extract

import (
	"strings"
	"testing"
)

// TestHolderOrgs checks that bodies which are not unions relay in the
// structures unions relay in, named as the article names them, and that
// classes, places, partners, officers' titles and exhortations do not.
// want and notWant are "body|congress" prefixes of relaysOf (the body
// without its "union:" or "org:" prefix).
func TestHolderOrgs(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		notWant []string
	}{
		{
			name: "an enterprise's own party committee, written short",
			in:   "4月9日,公司党委召开会议,传达学习党的二十届三中全会精神。",
			want: []string{"公司党委|党的二十届三中全会|"},
		},
		{
			name: "a group's party committee watches an opening",
			in:   "3月5日上午,集团党委组织干部职工集中收看十四届全国人大二次会议开幕会。",
			want: []string{"集团党委|十四届全国人大二次会议|"},
		},
		{
			name: "a school's party branch named from its place",
			in:   "10月20日,南京市鼓楼区青石实验小学党支部召开专题会议,学习贯彻党的二十大精神。",
			want: []string{"南京市鼓楼区青石实验小学党支部|党的二十大|"},
		},
		{
			name: "a democratic party's branch",
			in:   "2023年2月8日,九三学社青石支社召开会议,传达学习党的二十大精神。",
			want: []string{"九三学社青石支社|党的二十大|"},
		},
		{
			name: "a provincial party committee named by its place",
			in:   "11月2日,浙江省委召开座谈会,学习贯彻中国工会十八大精神。",
			want: []string{"浙江省委|中国工会十八大|"},
		},
		{
			name: "a college opening its clause",
			in:   "6月3日下午,青石职业学院召开理论学习中心组会议,传达学习党的二十届三中全会精神。",
			want: []string{"青石职业学院|党的二十届三中全会|"},
		},
		{
			name: "a plant opening its clause watches a session",
			in:   "3月5日,青石面粉厂干部职工收看十四届全国人大二次会议开幕会。",
			want: []string{"青石面粉厂|十四届全国人大二次会议|"},
		},
		{
			name: "a people's congress's offices after a level character",
			in:   "市人大机关干部集中收看十四届全国人大二次会议开幕会。",
			want: []string{"市人大机关|十四届全国人大二次会议|"},
		},
		{
			name: "a college whose name holds a verb",
			in:   "11月6日下午,继续教育学院召开理论学习会议,传达学习党的二十届三中全会精神。",
			want: []string{"继续教育学院|党的二十届三中全会|"},
		},
		{
			name: "an institution word alone as the subject of a relay",
			in:   "5月12日下午,公司在会议室召开专题会议,集中学习党的二十届三中全会精神。",
			want: []string{"公司|党的二十届三中全会|"},
		},
		{
			name:    "an institution word that is not the subject is no holder",
			in:      "5月12日,铜陵市总工会到公司召开专题会议,学习党的二十届三中全会精神。",
			want:    []string{"铜陵市总工会|党的二十届三中全会|"},
			notWant: []string{"公司|"},
		},
		{
			name:    "a run opening with a preposition is no name",
			in:      "主委主持召开会议,向全体机关干部传达了党的二十届三中全会精神。",
			notWant: []string{"向全体机关|", "全体机关|"},
		},
		{
			name: "a group a person leads acts as one body",
			in:   "9月3日,市政协副主席李青率市政协文化界别调研组到铜陵市开展学习贯彻党的二十大精神主题调研活动。",
			want: []string{"市政协文化界别调研组|党的二十大|"},
		},
		{
			name:    "a group that is led but has no body's name is no holder",
			in:      "9月3日,李青率青石调研组到铜陵市开展学习贯彻党的二十大精神主题调研活动。",
			notWant: []string{"青石调研组|"},
		},
		{
			name: "a body watches what the sentence before reports opening",
			in:   "10月16日上午,中国共产党第二十次全国代表大会在北京隆重开幕。南京市鼓楼区青石实验小学党支部组织全体党员在报告厅集中观看。",
			want: []string{"南京市鼓楼区青石实验小学党支部|党的二十大|2022-10-16"},
		},
		{
			name:    "watching after a sentence that reports no opening relays nothing",
			in:      "10月22日,中国共产党第二十次全国代表大会在北京胜利闭幕。南京市鼓楼区青石实验小学党支部组织全体党员观看专题片。",
			notWant: []string{"南京市鼓楼区青石实验小学党支部|"},
		},
		{
			name: "a plant whose last character alone reads as a measure word",
			in:   "3月5日,光明制米厂干部职工收看十四届全国人大二次会议开幕会。",
			want: []string{"光明制米厂|十四届全国人大二次会议|"},
		},
		{
			name:    "a verb after a name's first word belongs to the clause",
			in:      "3月4日,青石职业学院召开党委理论学习中心组会议,传达学习党的二十届三中全会精神。",
			want:    []string{"青石职业学院|党的二十届三中全会|"},
			notWant: []string{"青石职业学院召开党委|"},
		},
		{
			name: "a column label names the spirit a lecture team lectures on",
			in:   "【党的二十届三中全会精神宣讲】市委宣讲团走进青石社区宣讲\n9月3日,宣讲报告会在社区举行。",
			want: []string{"市委宣讲团|党的二十届三中全会|"},
		},
		{
			name:    "a column label with no spirit names no relay",
			in:      "【党的二十届三中全会】市委宣讲团走进青石社区宣讲\n9月3日,宣讲报告会在社区举行。",
			notWant: []string{"市委宣讲团|"},
		},
		{
			name:    "a class of branches is no holder",
			in:      "4月9日,各党支部召开会议,传达学习党的二十届三中全会精神。",
			notWant: []string{"各党支部|", "党支部|"},
		},
		{
			name:    "an exhortation is no relay",
			in:      "公司党委要认真学习党的二十届三中全会精神。",
			notWant: []string{"公司党委|"},
		},
		{
			name:    "the place of a union's lecture is not its holder",
			in:      "10月17日,铜陵市总工会在青石造船厂开展党的二十大精神宣讲活动。",
			want:    []string{"铜陵市总工会|党的二十大|"},
			notWant: []string{"青石造船厂|"},
		},
		{
			name:    "a partner after a verb is not the holder",
			in:      "5月6日,青石县总工会配合学校党支部组织教职工学习党的二十大精神。",
			notWant: []string{"学校党支部|"},
		},
		{
			name:    "an item of a list of places visited is not the holder",
			in:      "当日,调研组来到区总工会、青石电工股份有限公司宣讲党的二十大精神。",
			notWant: []string{"青石电工股份有限公司|"},
		},
		{
			name:    "a body before an officer's title is part of the title",
			in:      "4月9日,公司党委书记王青召开会议,传达学习党的二十届三中全会精神。",
			notWant: []string{"公司党委|"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			got := relaysOf(ex)
			for _, w := range tc.want {
				ok := false
				for _, g := range got {
					ok = ok || strings.HasPrefix(g, w)
				}
				if !ok {
					t.Errorf("no relay %s; got %v", w, got)
				}
			}
			for _, nw := range tc.notWant {
				for _, g := range got {
					if strings.HasPrefix(g, nw) {
						t.Errorf("relay %s; want none like %s", g, nw)
					}
				}
			}
		})
	}
}

// TestHolderOrgTypes checks that a holder is typed Organization and named
// in Simplified script when the text is Traditional.
func TestHolderOrgTypes(t *testing.T) {
	ex := mustExtract(t, Input{Text: "4月9日,集團黨委召開會議,傳達學習黨的二十屆三中全會精神。"})
	found := false
	for _, e := range ex.Entities {
		if e.Name == "集团党委" {
			found = true
			if e.Type != TypeOrganization {
				t.Errorf("集团党委 typed %s, want %s", e.Type, TypeOrganization)
			}
		}
	}
	if !found {
		t.Errorf("no entity 集团党委 in %v", ex.Entities)
	}
}

// TestHolderNotNames checks that a run which opens a clause with a modal of
// exhortation, an enumerated modal (二要) or a verb of organising, or that
// stands before a union's name or a class of unions, is no Organization.
func TestHolderNotNames(t *testing.T) {
	tests := []struct {
		in      string
		notWant string
	}{
		{"会上指出。要紧紧围绕区委重点任务,抓好落实。", "要紧紧围绕区委"},
		{"会上指出,一要紧紧围绕县委重点任务,抓好落实。", "一要紧紧围绕县委"},
		{"会上指出。应当紧紧围绕市委部署开展工作。", "应当紧紧围绕市委"},
		{"各基层工会要在岗位上建功立业,组织职工宣讲团走进车间。", "组织职工宣讲团"},
		{"要提升服务水平,组织青年宣讲团走进园区。", "组织青年宣讲团"},
		{"各县区工会,市直机关工会:现将有关事项通知如下。", "市直机关"},
		{"各街道工会,县直机关各基层工会:现将有关事项通知如下。", "县直机关"},
	}
	for _, tc := range tests {
		ex := mustExtract(t, Input{Text: tc.in})
		if e := findEntity(ex, TypeOrganization, tc.notWant); e != nil {
			t.Errorf("%s: Organization %s; want none", tc.in, tc.notWant)
		}
	}
}
