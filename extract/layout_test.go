package extract

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitLines(t *testing.T) {
	type wantLine struct {
		text      string
		nav       bool
		sentences []string
	}
	tests := []struct {
		name string
		in   string
		want []wantLine
	}{
		{
			name: "title, blank line, body, navigation",
			in:   "市总工会召开会议\n\n  会议由张三主持。李四讲话!\n上一篇:关于开展送清凉活动的通知",
			want: []wantLine{
				{text: "市总工会召开会议", sentences: []string{"市总工会召开会议"}},
				{text: "会议由张三主持。李四讲话!", sentences: []string{"会议由张三主持。", "李四讲话!"}},
				{text: "上一篇:关于开展送清凉活动的通知", nav: true, sentences: []string{"上一篇:关于开展送清凉活动的通知"}},
			},
		},
		{
			name: "breadcrumb and share bar",
			in:   "首页 > 新闻\n分享到:微信 微博\n正文第一段,没有句号",
			want: []wantLine{
				{text: "首页 > 新闻", nav: true, sentences: []string{"首页 > 新闻"}},
				{text: "分享到:微信 微博", nav: true, sentences: []string{"分享到:微信 微博"}},
				{text: "正文第一段,没有句号", sentences: []string{"正文第一段,没有句号"}},
			},
		},
		{
			name: "a sentence with 。 is never navigation",
			in:   "当前位置:首页。会议召开。",
			want: []wantLine{
				{text: "当前位置:首页。会议召开。", sentences: []string{"当前位置:首页。", "会议召开。"}},
			},
		},
		{
			name: "closing quotation mark stays with its sentence",
			in:   "他说:“要当好娘家人。”随后散会;大家离开?好",
			want: []wantLine{
				{text: "他说:“要当好娘家人。”随后散会;大家离开?好", sentences: []string{"他说:“要当好娘家人。”", "随后散会;", "大家离开?", "好"}},
			},
		},
		{
			name: "only white space",
			in:   "  \n\t\n",
			want: nil,
		},
		{
			name: "trailing newline and indentation",
			in:   "\t第一行。\n第二行\n",
			want: []wantLine{
				{text: "第一行。", sentences: []string{"第一行。"}},
				{text: "第二行", sentences: []string{"第二行"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := splitLines(finder{s: tc.in})
			if len(got) != len(tc.want) {
				t.Fatalf("splitLines(%q): %d lines %+v; want %d", tc.in, len(got), got, len(tc.want))
			}
			for k, w := range tc.want {
				l := got[k]
				if l.start < 0 || l.end > len(tc.in) || l.start > l.end {
					t.Fatalf("line %d: bad span [%d,%d)", k, l.start, l.end)
				}
				if tc.in[l.start:l.end] != l.text {
					t.Errorf("line %d: in[%d:%d] = %q, text = %q", k, l.start, l.end, tc.in[l.start:l.end], l.text)
				}
				if l.text != w.text {
					t.Errorf("line %d: text %q; want %q", k, l.text, w.text)
				}
				if l.nav != w.nav {
					t.Errorf("line %d (%q): nav %v; want %v", k, l.text, l.nav, w.nav)
				}
				var sents []string
				prev := l.start
				for _, sp := range l.sentences {
					if sp.start != prev || sp.end <= sp.start || sp.end > l.end {
						t.Errorf("line %d: sentence span [%d,%d) not contiguous within [%d,%d)", k, sp.start, sp.end, l.start, l.end)
						continue
					}
					prev = sp.end
					sents = append(sents, tc.in[sp.start:sp.end])
				}
				if prev != l.end {
					t.Errorf("line %d: sentences end at %d; line ends at %d", k, prev, l.end)
				}
				if !reflect.DeepEqual(sents, w.sentences) {
					t.Errorf("line %d: sentences %q; want %q", k, sents, w.sentences)
				}
			}
		})
	}
}

func TestSplitSentencesBase(t *testing.T) {
	const prefix = "前文\n"
	s := "第一句。第二句!”第三句"
	got := splitSentences(s, len(prefix))
	want := []string{"第一句。", "第二句!”", "第三句"}
	full := prefix + s
	if len(got) != len(want) {
		t.Fatalf("splitSentences(%q): %v; want %d spans", s, got, len(want))
	}
	for k, sp := range got {
		if g := full[sp.start:sp.end]; g != want[k] {
			t.Errorf("span %d = %q; want %q", k, g, want[k])
		}
	}
	if got := splitSentences("", 7); len(got) != 0 {
		t.Errorf("splitSentences(\"\") = %v; want none", got)
	}
	if got := splitSentences("。", 0); !reflect.DeepEqual(got, []span{{0, len("。")}}) {
		t.Errorf("splitSentences(\"。\") = %v", got)
	}
}

// TestSplitLongLines: a line past maxLineBytes is cut into lines at
// sentence ends, a sentence past maxSentenceBytes after a comma or at a
// character; the pieces cover the text, in order, and none is longer.
func TestSplitLongLines(t *testing.T) {
	sentence := strings.Repeat("工会", 300) + "。" // 1.8 KB
	tests := []struct {
		name, text string
	}{
		{"many sentences", strings.Repeat(sentence, 100)},
		{"no punctuation", strings.Repeat("工会", 60000)},
		{"commas only", strings.Repeat(strings.Repeat("工会", 500)+",", 40)},
		{"short", sentence + "\n" + sentence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := splitLines(finder{s: tt.text})
			var got strings.Builder
			prev := 0
			for k, l := range ls {
				if len(l.sentences) > 1 && l.end-l.start > maxLineBytes {
					t.Errorf("line %d: %d bytes", k, l.end-l.start)
				}
				if l.start < prev || tt.text[l.start:l.end] != l.text {
					t.Fatalf("line %d [%d,%d) out of place", k, l.start, l.end)
				}
				prev = l.end
				at := l.start
				for _, sp := range l.sentences {
					if sp.start != at || sp.end-sp.start > maxSentenceBytes {
						t.Fatalf("line %d: sentence [%d,%d) after %d", k, sp.start, sp.end, at)
					}
					at = sp.end
				}
				if at != l.end {
					t.Fatalf("line %d: sentences end at %d, the line at %d", k, at, l.end)
				}
				got.WriteString(l.text)
			}
			if want := strings.ReplaceAll(tt.text, "\n", ""); got.String() != want {
				t.Errorf("the lines do not cover the text")
			}
		})
	}
}

func TestReNav(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"上一篇:市总工会召开党组会议", true},
		{"下一篇:关于开展送清凉活动的通知", true},
		{"相关阅读 上一篇:某某", true},
		{"首页 > 新闻", true},
		{"首页 › 工会动态", true},
		{"当前位置:首页", true},
		{"分享到", true},
		{"扫一扫在手机打开当前页", true},
		{"打印本页 关闭窗口", true},
		{"返回顶部", true},
		{"市总工会召开党组会议", false},
		{"上海市总工会召开会议", false},
		{"会议指出,要当好职工娘家人", false},
	}
	for _, tc := range tests {
		if got := reNav.MatchString(tc.in); got != tc.want {
			t.Errorf("reNav.MatchString(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

func TestIsHeadingText(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"都江堰市", true},
		{"彭州市", true},
		{"成都市劳动领域社会组织联合会", true},
		{"市总工会", true},
		{"一", false}, // too short
		{strings.Repeat("工", 24), true},
		{strings.Repeat("工", 25), false}, // too long
		{"市总工会召开会议。", false},
		{"都江堰市、彭州市", false},
		{"关于“四个意识”", false},
		{"《通知》", false},
		{"会议指出,要", false},
		{"2024年工作", false}, // mostly digits
		{"第1季度", false},
		{"AB工会", false},
	}
	for _, tc := range tests {
		if got := isHeadingText(tc.in); got != tc.want {
			t.Errorf("isHeadingText(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}
