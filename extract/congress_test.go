package extract

import (
	"strings"
	"testing"
)

// TestCongressRecognition checks the congress names read from short texts:
// every spelling of a union session, unresolved levels, bare 两会 and 十X大,
// democratic parties' congresses.
func TestCongressRecognition(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		published string
		want      []string // congress names that must be found
		notWant   []string
	}{
		{
			name: "全委(扩大)会议 of a provincial federation",
			in:   "成都市总工会召开会议,传达学习省总工会十五届三次全委(扩大)会议精神。",
			want: []string{"四川省总工会十五届三次全委会议"},
		},
		{
			name: "省总 without 工会, 全委会",
			in:   "成都市总工会召开会议,传达学习省总十五届三次全委会精神。",
			want: []string{"四川省总工会十五届三次全委会议"},
		},
		{
			name: "市总 with 全会",
			in:   "成都市总工会召开会议,传达学习市总十六届五次全会精神。",
			want: []string{"成都市总工会十六届五次全委会议"},
		},
		{
			name: "full form of the session, convened in the lead",
			in:   "8月30日,四川省总工会第十五届委员会第三次全体会议在成都召开。",
			want: []string{"四川省总工会十五届三次全委会议"},
		},
		{
			name:    "a session named as the place of a speech is not one",
			in:      "会议简讯\n本报讯\n近日召开会议。\n会议指出,在成都市总工会十六届一次全委会上的讲话要学习。",
			notWant: []string{"成都市总工会十六届一次全委会议"},
		},
		{
			name: "an industry union's executive session",
			in:   "8月27日,中华全国铁路总工会第十四届执行委员会第九次全体会议在北京召开。",
			want: []string{"中华全国铁路总工会十四届九次执委会议"},
		},
		{
			name: "list items after an unknown meeting share its spirit",
			in:   "江西省总工会召开会议,传达学习省委十五届三次全会、全总十七届七次执委会的主要精神。",
			want: []string{"江西省委十五届三次全会", "全总十七届七次执委会议"},
		},
		{
			name: "a level the article does not resolve is kept as written",
			in:   "区总工会召开会议,传达区委二届五次全体会议精神和省第十三次党代会精神。",
			want: []string{"区委二届五次全会", "省第十三次党代会"},
		},
		{
			name: "bare 两会 is the national sessions",
			in:   "开发区总工会召开会议,传达学习两会精神。",
			want: []string{"全国两会"},
		},
		{
			name:    "a city's 两会 is not",
			in:      "开发区总工会召开会议,传达学习市两会精神。",
			notWant: []string{"全国两会"},
		},
		{
			name:      "bare 十五大 in the union congress's year",
			in:        "甘肃省电力工会召开会议,学习“十五大”精神。",
			published: "2008-11-05",
			want:      []string{"中国工会十五大"},
			notWant:   []string{"党的十五大"},
		},
		{
			name:      "bare 十九大 is the party's",
			in:        "公司工会召开会议,学习十九大精神。",
			published: "2017-11-05",
			want:      []string{"党的十九大"},
		},
		{
			name:    "a democratic party's congress",
			in:      "致公党杭州市委会召开会议,传达学习致公党中央十五大精神。",
			want:    []string{"致公党第十五次全国代表大会"},
			notWant: []string{"党的十五大"},
		},
		{
			name: "an enterprise union's congress",
			in:   "11月27日,云天化集团工会第三次代表大会在昆明召开。",
			want: []string{"云天化集团工会第三次代表大会"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in, Published: tc.published})
			var names []string
			for _, e := range ex.Entities {
				if e.Type == TypeCongress {
					names = append(names, e.Name)
				}
			}
			for _, w := range tc.want {
				if findEntity(ex, TypeCongress, w) == nil {
					t.Errorf("no congress %s; have %s", w, strings.Join(names, ", "))
				}
			}
			for _, w := range tc.notWant {
				if findEntity(ex, TypeCongress, w) != nil {
					t.Errorf("unexpected congress %s", w)
				}
			}
		})
	}
}

// TestLocalCongressDates: a local congress's own dates, written before its
// name or after it with 于, go on its entity, so lags can be measured.
func TestLocalCongressDates(t *testing.T) {
	tests := []struct {
		name, in, congress, date, end string
	}{
		{
			name:     "dates after the name with 于",
			in:       "中国共产党湖北省第十二次代表大会于2022年6月18日至21日在武汉召开。省总工会召开会议传达学习省第十二次党代会精神。",
			congress: "湖北省第十二次党代会", date: "2022-06-18", end: "2022-06-21",
		},
		{
			name:     "dates before the name",
			in:       "2021年11月24日至26日,大连市工会第十七次代表大会胜利召开。",
			congress: "大连市工会第十七次代表大会", date: "2021-11-24", end: "2021-11-26",
		},
		{
			name:     "a date after 于 that is not when it was held",
			in:       "中国共产党湖北省第十二次代表大会于2022年6月18日的报告中提出目标。",
			congress: "湖北省第十二次党代会",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			e := findEntity(ex, TypeCongress, tc.congress)
			if e == nil {
				t.Fatalf("no congress %s", tc.congress)
			}
			if e.Date != tc.date || e.End != tc.end {
				t.Errorf("dates %q–%q, want %q–%q", e.Date, e.End, tc.date, tc.end)
			}
		})
	}
}
