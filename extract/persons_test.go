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
