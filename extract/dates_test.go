package extract

import (
	"reflect"
	"slices"
	"testing"
)

func TestFindDates(t *testing.T) {
	type want struct {
		text     string // the matched text, s[start:end]
		date     string
		end      string // endDate, "" when none
		dateline bool
		alts     []string
	}
	tests := []struct {
		in   string
		want []want
	}{
		{"2024年7月22日", []want{{text: "2024年7月22日", date: "2024-07-22"}}},
		{"2024 年 7 月 2 号举行", []want{{text: "2024 年 7 月 2 号", date: "2024-07-02"}}},
		{"7月25日,", []want{{text: "7月25日", date: "--07-25"}}},
		{"20201124日至26日", []want{{text: "20201124日至26日", date: "2020-11-24", end: "2020-11-26"}}},
		{"2024年7月22日至24日召开", []want{{text: "2024年7月22日至24日", date: "2024-07-22", end: "2024-07-24"}}},
		{"7月30日至8月2日", []want{{text: "7月30日至8月2日", date: "--07-30", end: "--08-02"}}},
		{"2021129日前", []want{{text: "2021129日", date: "2021-01-29", alts: []string{"2021-12-09"}}}},
		{"大连市总工会\n20201216", []want{{text: "20201216", date: "2020-12-16"}}},
		{"邵阳新闻网10月1日讯", []want{{text: "10月1日", date: "--10-01", dateline: true}}},
		{"新华社北京3月5日电", []want{{text: "3月5日", date: "--03-05", dateline: true}}},
		{"二〇二二年六月二十七日", []want{{text: "二〇二二年六月二十七日", date: "2022-06-27"}}},
		{"2023年1016日", []want{{text: "2023年1016日", date: "2023-10-16"}}},
		{"2024-07-30", []want{{text: "2024-07-30", date: "2024-07-30"}}},
		{"发布时间:2024/7/3 10:00", []want{{text: "2024/7/3", date: "2024-07-03"}}},
		// Several dates, leftmost first, whatever pattern found them.
		{"7月25日和2024年7月22日", []want{{text: "7月25日", date: "--07-25"}, {text: "2024年7月22日", date: "2024-07-22"}}},
		// Invalid dates are not found.
		{"13月40日", nil},
		{"2024年13月5日", nil},
		{"0月0日", nil},
		{"1800-01-01", nil},
		{"电话12345678", nil},
		{"共有123456789人", nil},
		{"没有日期", nil},
		{"", nil},
	}
	for _, tc := range tests {
		got := findDates(finder{s: tc.in})
		if len(got) != len(tc.want) {
			t.Errorf("findDates(%q): got %d mentions %+v; want %d", tc.in, len(got), got, len(tc.want))
			continue
		}
		for k, w := range tc.want {
			g := got[k]
			if g.start < 0 || g.end > len(tc.in) || g.start >= g.end {
				t.Errorf("findDates(%q)[%d]: bad span [%d,%d)", tc.in, k, g.start, g.end)
				continue
			}
			if txt := tc.in[g.start:g.end]; txt != w.text {
				t.Errorf("findDates(%q)[%d]: text %q; want %q", tc.in, k, txt, w.text)
			}
			if s := g.date.String(); s != w.date {
				t.Errorf("findDates(%q)[%d]: date %s; want %s", tc.in, k, s, w.date)
			}
			gotEnd := ""
			if g.endDate != (date{}) {
				gotEnd = g.endDate.String()
			}
			if gotEnd != w.end {
				t.Errorf("findDates(%q)[%d]: end %q; want %q", tc.in, k, gotEnd, w.end)
			}
			if g.dateline != w.dateline {
				t.Errorf("findDates(%q)[%d]: dateline %v; want %v", tc.in, k, g.dateline, w.dateline)
			}
			var alts []string
			for _, a := range g.alts {
				alts = append(alts, a.String())
			}
			if !reflect.DeepEqual(alts, w.alts) {
				t.Errorf("findDates(%q)[%d]: alts %v; want %v", tc.in, k, alts, w.alts)
			}
		}
	}
}

func TestDateString(t *testing.T) {
	tests := []struct {
		d    date
		want string
	}{
		{date{0, 7, 5}, "--07-05"},
		{date{0, 12, 31}, "--12-31"},
		{date{2024, 7, 22}, "2024-07-22"},
		{date{2020, 1, 9}, "2020-01-09"},
	}
	for _, tc := range tests {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%+v.String() = %q; want %q", tc.d, got, tc.want)
		}
	}
}

func TestDateValid(t *testing.T) {
	tests := []struct {
		d    date
		want bool
	}{
		{date{0, 7, 5}, true},
		{date{2024, 7, 22}, true},
		{date{1949, 10, 1}, true},
		{date{2100, 12, 31}, true},
		{date{1948, 1, 1}, false},
		{date{2101, 1, 1}, false},
		{date{2024, 0, 1}, false},
		{date{2024, 13, 1}, false},
		{date{2024, 1, 0}, false},
		{date{2024, 1, 32}, false},
	}
	for _, tc := range tests {
		if got := tc.d.valid(); got != tc.want {
			t.Errorf("%+v.valid() = %v; want %v", tc.d, got, tc.want)
		}
	}
}

func TestSplitMonthDay(t *testing.T) {
	tests := []struct {
		in   string
		want []date
	}{
		{"1124", []date{{0, 11, 24}}},
		{"129", []date{{0, 1, 29}, {0, 12, 9}}},
		{"131", []date{{0, 1, 31}}}, // 13-1 is no date
		{"1016", []date{{0, 10, 16}}},
		{"1340", nil},
		{"12", nil},
		{"12345", nil},
	}
	for _, tc := range tests {
		if got := splitMonthDay(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitMonthDay(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// TestRegressionImpossibleCalendarDate: date.valid accepts any day up to 31
// in any month, so impossible dates reach the output as YYYY-MM-DD values
// that no date parser accepts.
func TestRegressionImpossibleCalendarDate(t *testing.T) {
	for _, in := range []string{"2021年2月30日", "2023年4月31日", "2021230日"} {
		if got := findDates(finder{s: in}); len(got) != 0 {
			t.Errorf("findDates(%q) = %s; want no date", in, got[0].date)
		}
	}
}

// TestRelayDateRules checks the dates given to relays, with texts of the
// project's own wording; want is "body|congress|date" as relaysOf lists
// it.
func TestRelayDateRules(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "the page's clock (当前时间) is not its publication date",
			in:   "当前时间:2018年05月28日\n发布时间: 2023-11-08\n11月3日上午,浏阳市总工会召开会议,传达学习湖南省工会第十三次代表大会精神。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2023-11-03",
		},
		{
			name: "a time stamp written day first",
			in:   "浏阳市总工会传达学习省工会十三大精神\n\n08.11.2023  10:43\n\n浏阳市总工会11月3日召开会议,传达学习湖南省工会第十三次代表大会精神。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2023-11-03",
		},
		{
			name: "a time stamp after the channel, the repeated title and the source",
			in:   "浏阳市总工会传达学习省工会十三大精神 - 湖南 - 某某网\n\n要闻\n\n浏阳市总工会传达学习省工会十三大精神\n\n来源:某某网\n2023-11-08 13:46\n\n  11月3日,浏阳市总工会召开会议,传达学习湖南省工会第十三次代表大会精神。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2023-11-03",
		},
		{
			name: "a congress looked forward to bounds the year from above",
			in:   "8月18日,浏阳市总工会召开会议,传达学习湖南省工会第十三次代表大会精神。会议要求,以优异成绩迎接党的二十大胜利召开。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2022-08-18",
		},
		{
			name: "a congress past the date looked forward to is of the year before",
			in:   "11月18日,浏阳市总工会召开会议,传达学习湖南省工会第十三次代表大会精神。会议要求,以优异成绩喜迎党的二十大。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2021-11-18",
		},
		{
			name: "the year a meeting plans, not the year it reviews",
			in:   "2月26日,浏阳市总工会召开全委会议,传达学习湖南省工会第十三次代表大会精神,总结2023年工会工作,部署2024年工作任务。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2024-02-26",
		},
		{
			name: "a meeting late in the year plans the next",
			in:   "12月26日,浏阳市总工会召开全委会议,传达学习湖南省工会第十三次代表大会精神,总结2023年工会工作,部署2024年工作任务。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2023-12-26",
		},
		{
			name: "会议传达学习 dated by the opening of the paragraph before, its year by what it plans",
			in:   "中工网讯 (记者 王明)2月26日下午,浏阳市总工会第五届委员会第三次全体会议在市民中心举行,市总工会主席李华出席。会议总结2023年工会工作,部署2024年工作任务。\n会议传达学习了湖南省工会第十三次代表大会精神。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2024-02-26",
		},
		{
			name: "宣讲会上 dated by the paragraph that reports the lecture",
			in:   "浏阳市总工会开展宣讲进企业活动\n11月29日,浏阳市总工会在湘江科技公司开展宣讲进企业活动。\n宣讲会上,市总工会副主席王明宣讲了湖南省工会第十三次代表大会精神。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|--11-29",
		},
		{
			name: "昨天 is the day before the publication date",
			in:   "发布时间:2023-11-01\n浏阳市总工会昨天召开会议,传达学习湖南省工会第十三次代表大会精神。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2023-10-31",
		},
		{
			name: "昨日 in a lead dates the headline's meeting",
			in:   "浏阳市工会学习省工会十三大精神座谈会召开\n某某网 2023-11-01 14:00\n本报讯(记者 王明)昨日,浏阳市总工会学习湖南省工会第十三次代表大会精神座谈会召开。",
			want: "浏阳市总工会|湖南省工会第十三次代表大会|2023-10-31",
		},
		{
			name: "an opening watched live is dated by the congress's opening day",
			in:   "浏阳市总工会机关干部集中收看党的二十大开幕盛况。",
			want: "浏阳市总工会|党的二十大|2022-10-16",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := relaysOf(mustExtract(t, Input{Text: tc.in}))
			if !slices.Contains(got, tc.want) {
				t.Errorf("relays %v, want %s", got, tc.want)
			}
		})
	}
}
