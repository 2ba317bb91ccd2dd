package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/data"
)

func TestPatternAnalysis(t *testing.T) {
	tests := []struct {
		expr    string
		anchors []string
		width   int
		least   int
		whole   bool
	}{
		{`(\d{4})\s*年\s*(\d{1,2})\s*月`, []string{"年"}, -1, 11, false},
		{`(\d{1,2})月(\d{1,2})[日号]`, []string{"月"}, 10, 8, false},
		{`(?:中共|党的)([一二三四五六七八九十]+)大`, []string{"中共", "党的"}, -1, 12, false},
		{`第([一二三四五六七八九十]{1,3})次党(?:代会|代表大会)`, []string{"次党"}, 30, 18, false},
		{`(?:^|\s)(编辑|记者)[::]`, []string{"编辑", "记者"}, 8, 7, true},
		{`[\p{Han}]{2,4}`, nil, 16, 6, false},
		{`a|[0-9]+`, nil, -1, 1, false},
		{`(?i)abc`, nil, 3, 3, false},
		{`^\s*(?:电|讯|消息)`, nil, -1, 3, true},
		{`(?m)^(记者|编辑)`, []string{"编辑", "记者"}, 6, 6, true},
	}
	for _, tc := range tests {
		p := mustPattern(tc.expr)
		if !slices.Equal(p.anchors, tc.anchors) || p.width != tc.width || p.least != tc.least || p.whole != tc.whole {
			t.Errorf("mustPattern(%q): anchors %q width %d least %d whole %v; want %q %d %d %v", tc.expr, p.anchors, p.width, p.least, p.whole, tc.anchors, tc.width, tc.least, tc.whole)
		}
	}
}

// TestPatternsFindWhatRegexpFinds compares every pattern with its plain
// expression on the corpus, on pieces cut from it, and on random text
// made of the characters the expressions are about.
func TestPatternsFindWhatRegexpFinds(t *testing.T) {
	var texts []string
	for _, glob := range []string{"../data/sample/*.txt", "../../shared/corpus/dev/*"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	if len(texts) == 0 {
		t.Fatal("no corpus")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{
		"中国共产党", "中共", "党的", "第", "届", "次", "中", "全会", "全体会议", "中央委员会", "大", "代表大会", "会员",
		"全国代表大会", "中国工会", "全总", "总", "工会", "党代会", "省委", "市委", "全委", "(扩大)", "会议", "全国人大",
		"全国政协", "十", "二", "三", "二十", "十八", "〇", "零", "年", "月", "日", "号", "至", "—", "-", "/", ".", "电",
		"2024", "7", "25", "1124", "20201124", "12", " ", "\n", "《", "》", "关于", "的通知", "意见", "〔2020〕", "37号",
		"印发", "了", ">", "上一篇", "下一篇", ":", ":", "发布时间", "(", ")", "【", "】", "记者", "通讯员", "编辑",
		"王强", "、", ",", "。", "要", "强调", "成都市", "都江堰", "总工会", "精神", "x", "“", "”",
	}
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts[:40] {
		for range 20 {
			i, j := rng.IntN(len(text)+1), rng.IntN(len(text)+1)
			texts = append(texts, text[min(i, j):max(i, j)])
		}
	}
	var list []*pattern
	for _, p := range patterns() {
		list = append(list, p)
	}
	set := newAnchorSet(list, nil)
	for name, p := range patterns() {
		for k, text := range texts {
			// With the text's anchor index, over the whole text and a
			// part of it.
			f := finder{s: text, ix: set.index(text)}
			lo, hi := 0, len(text)
			if k%2 == 1 {
				lo, hi = rng.IntN(len(text)+1), rng.IntN(len(text)+1)
				lo, hi = min(lo, hi), max(lo, hi)
			}
			if got, want := f.in(p, lo, hi), p.re.FindAllStringSubmatchIndex(text[lo:hi], -1); !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Fatalf("%s on %q[%d:%d] with the index: got %v; want %v", name, text, lo, hi, got, want)
			}
			if g, w := f.match(p, lo, hi), p.re.MatchString(text[lo:hi]); g != w {
				t.Fatalf("%s matches %q[%d:%d] with the index: %v; want %v", name, text, lo, hi, g, w)
			}

			got, want := p.FindAllStringSubmatchIndex(text, -1), p.re.FindAllStringSubmatchIndex(text, -1)
			if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Fatalf("%s on %q: got %v; want %v", name, text, got, want)
			}
			if g, w := p.MatchString(text), p.re.MatchString(text); g != w {
				t.Fatalf("%s.MatchString(%q) = %v; want %v", name, text, g, w)
			}
			if g, w := p.FindAllStringSubmatchIndex(text, 2), p.re.FindAllStringSubmatchIndex(text, 2); !slices.EqualFunc(g, w, slices.Equal[[]int]) {
				t.Fatalf("%s on %q, n=2: got %v; want %v", name, text, g, w)
			}
		}
	}
}

// TestCalendarNamesFromIndex checks that the congress names read off the
// anchor index are those the calendar's own pass finds.
func TestCalendarNamesFromIndex(t *testing.T) {
	cal, err := calendar.Load(data.Congresses())
	if err != nil {
		t.Fatal(err)
	}
	ci := newCalendarIndex(cal)
	set := newAnchorSet(nil, ci.names)
	files, _ := filepath.Glob("../data/sample/*.txt")
	texts := []string{"", "党的二十届三中全会和党的二十大", "中国工会第十八次全国代表大会中国工会十八大"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	found := 0
	for _, s := range texts {
		got, want := ci.findIn(finder{s: s, ix: set.index(s)}, set.wordIDs(ci.names)), ci.find(s)
		if !slices.Equal(got, want) {
			t.Fatalf("findIn on %.40q: %v; want %v", s, got, want)
		}
		found += len(got)
	}
	if found == 0 {
		t.Fatal("no congress names found: the test checks nothing")
	}
}

// TestEveryPatternIndexed checks that every pattern of the package is in
// patterns(): one missing is searched for its anchors one by one instead
// of through the article's anchor index, and escapes
// TestPatternsFindWhatRegexpFinds.
func TestEveryPatternIndexed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`\b(re[A-Z]\w*)\s*=\s*mustPattern\(`)
	known := patterns()
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			n++
			if _, ok := known[m[1]]; !ok {
				t.Errorf("%s: pattern %s is not in patterns()", f, m[1])
			}
		}
	}
	if n < len(known) {
		t.Errorf("found %d pattern declarations, fewer than the %d of patterns()", n, len(known))
	}
}
