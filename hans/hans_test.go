package hans_test

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/hans"
)

// tradPara is OpenCC-standard Traditional union news; simpPara is the same
// text in Simplified.
const (
	tradPara = "3月15日上午，邵陽市總工會召開黨組（擴大）會議，傳達學習全國兩會精神，研究部署2024年工會重點工作。市總工會黨組書記、常務副主席主持會議並講話。會議指出，要深入學習貫徹習近平新時代中國特色社會主義思想，堅持以職工爲中心，着力維護職工合法權益，竭誠服務職工羣衆。會議強調，各級工會組織要圍繞中心、服務大局，紮實開展勞動和技能競賽，大力弘揚勞模精神、勞動精神、工匠精神，推動產業工人隊伍建設改革走深走實。同日，都江堰市總工會、瀋陽市總工會、葫蘆島市總工會、撫順市總工會、錦州市總工會、營口市總工會、盤錦市總工會和鞍山市總工會也分別組織幹部職工集中學習。瀋陽市總工會負責人表示，將進一步加強鄉鎮（街道）工會建設，推進新就業形態勞動者入會，發展壯大工會會員隊伍，把黨的聲音傳遞到千家萬戶。會上還通報了困難職工幫扶、職工療休養和“金秋助學”等項目的進展情況，並對下一階段的安全生產、勞動保護和職工文化體育活動作出安排。與會人員一致表示，要以更加飽滿的熱情、更加務實的作風，奮力開創工會工作新局面，爲經濟社會高質量發展作出新的更大貢獻。"
	simpPara = "3月15日上午，邵阳市总工会召开党组（扩大）会议，传达学习全国两会精神，研究部署2024年工会重点工作。市总工会党组书记、常务副主席主持会议并讲话。会议指出，要深入学习贯彻习近平新时代中国特色社会主义思想，坚持以职工为中心，着力维护职工合法权益，竭诚服务职工群众。会议强调，各级工会组织要围绕中心、服务大局，扎实开展劳动和技能竞赛，大力弘扬劳模精神、劳动精神、工匠精神，推动产业工人队伍建设改革走深走实。同日，都江堰市总工会、沈阳市总工会、葫芦岛市总工会、抚顺市总工会、锦州市总工会、营口市总工会、盘锦市总工会和鞍山市总工会也分别组织干部职工集中学习。沈阳市总工会负责人表示，将进一步加强乡镇（街道）工会建设，推进新就业形态劳动者入会，发展壮大工会会员队伍，把党的声音传递到千家万户。会上还通报了困难职工帮扶、职工疗休养和“金秋助学”等项目的进展情况，并对下一阶段的安全生产、劳动保护和职工文化体育活动作出安排。与会人员一致表示，要以更加饱满的热情、更加务实的作风，奋力开创工会工作新局面，为经济社会高质量发展作出新的更大贡献。"
)

var converter = sync.OnceValues(func() (*hans.Converter, error) {
	return hans.NewT2S(data.OpenCC())
})

func conv(tb testing.TB) *hans.Converter {
	tb.Helper()
	c, err := converter()
	if err != nil {
		tb.Fatalf("NewT2S: %v", err)
	}
	return c
}

func TestConvert(t *testing.T) {
	c := conv(t)
	tests := []struct{ in, want string }{
		{"邵陽市總工會", "邵阳市总工会"},
		{"會議", "会议"},
		{"傳達學習", "传达学习"},
		{"黨組(擴大)會議", "党组(扩大)会议"},
		{"黨組（擴大）會議", "党组（扩大）会议"},
		{"都江堰市總工會", "都江堰市总工会"},
		{"鄉鎮", "乡镇"},
		{"瀋陽", "沈阳"},
		{"葫蘆島", "葫芦岛"},
		{"撫順", "抚顺"},
		{"發展", "发展"},
		{"頭髮", "头发"},
		{"理髮", "理发"},
		{"嚴", "严"},
		{"錦州", "锦州"},
		{"營口", "营口"},
		{"盤錦", "盘锦"},
		{"鞍山", "鞍山"},
		// Phrase table exceptions.
		{"乾淨", "干净"},
		{"乾隆", "乾隆"},
		{"乾隆年間", "乾隆年间"},
		{"乾坤", "乾坤"},
		{"一目瞭然", "一目了然"},
		// 著 is zhù in OpenCC-standard Traditional and in Simplified; only
		// Taiwan also writes it for 着, which we do not fold (see NewT2S)
		// except in the phrases OpenCC lists.
		{"著名", "著名"},
		{"顯著", "显著"},
		{"看着", "看着"},
		{"看著", "看著"},
		{"待著", "待着"},
		// Taiwan / Hong Kong variants.
		{"裏面", "里面"},
		{"裡面", "里面"},
		{"綫路", "线路"},
		{"線路", "线路"},
		{"衞生", "卫生"},
		{"敍述", "叙述"},
		{"衹有", "只有"},
		{"什麼", "什么"},
		{"為人民服務", "为人民服务"},
		{"群眾", "群众"},
		// Compatibility ideograph U+F900 normalizes to 豈, then converts.
		{"\uF900有此理", "岂有此理"},
		// Mixed scripts, ASCII, punctuation, invalid UTF-8.
		{"ACFTU 2024：邵陽市總工會與沈阳市总工会、Ünïcode！", "ACFTU 2024：邵阳市总工会与沈阳市总工会、Ünïcode！"},
		{"", ""},
		{"abc\xff會\xe6\x9c", "abc\xff会\xe6\x9c"},
		{tradPara, simpPara},
	}
	for _, tt := range tests {
		if got := c.Convert(tt.in); got != tt.want {
			t.Errorf("Convert(%q) = %q, want %q", tt.in, got, tt.want)
		}
		got, offs := c.ConvertMap(tt.in)
		if got != tt.want {
			t.Errorf("ConvertMap(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkOffs(t, tt.in, got, offs)
	}
}

// TestSimplifiedIdentity: Simplified text is left as it is, offsets are the
// identity, and Convert does not even copy it.
func TestSimplifiedIdentity(t *testing.T) {
	c := conv(t)
	for _, s := range []string{
		simpPara,
		"什么、怎么、那么、要么、多么；显著成效、著名劳模、卓著、编著、土著；才能、吃饭、核心、台湾、只有、温暖、户口、针对、梁山、乾坤。",
		"Hello, world! 2024-03-15 ©",
	} {
		if got := c.Convert(s); got != s {
			t.Errorf("Convert(%q) = %q, want it unchanged", s, got)
		}
		got, offs := c.ConvertMap(s)
		if got != s {
			t.Errorf("ConvertMap(%q) = %q, want it unchanged", s, got)
		}
		for i, o := range offs {
			if o != i {
				t.Fatalf("ConvertMap(%q): offs[%d] = %d, want identity", s, i, o)
			}
		}
	}
}

func TestConvertMapOffsets(t *testing.T) {
	c := conv(t)
	tests := []struct {
		in   string
		want []int // offset of each output rune
	}{
		// One character each, three bytes each.
		{"邵陽市總工會", []int{0, 3, 6, 9, 12, 15}},
		// ASCII copied byte by byte.
		{"a會b", []int{0, 1, 4}},
		// Phrase of equal length, aligned character by character.
		{"乾淨", []int{0, 3}},
		{"x一目瞭然y", []int{0, 1, 4, 7, 10, 13}},
		// Compatibility ideograph: normalized then converted.
		{"a\uF900b", []int{0, 1, 4}},
	}
	for _, tt := range tests {
		out, offs := c.ConvertMap(tt.in)
		checkOffs(t, tt.in, out, offs)
		var got []int
		for j := range out {
			if utf8.RuneStart(out[j]) {
				got = append(got, offs[j])
			}
		}
		if !equalInts(got, tt.want) {
			t.Errorf("ConvertMap(%q) rune offsets = %v, want %v", tt.in, got, tt.want)
		}
	}
	// All bytes of a replaced character map to its start.
	out, offs := c.ConvertMap("會")
	if out != "会" || !equalInts(offs, []int{0, 0, 0, 3}) {
		t.Errorf("ConvertMap(會) = %q, %v", out, offs)
	}
}

// TestConvertMapRandom checks the offset contract on random substrings,
// cut anywhere (so also inside a character).
func TestConvertMapRandom(t *testing.T) {
	c := conv(t)
	src := tradPara + "裡面的綫路，\uF900有此理。什麼乾隆乾淨ABC" + tradPara
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := rng.IntN(len(src))
		b := a + rng.IntN(min(len(src)-a, 200)+1)
		s := src[a:b]
		out, offs := c.ConvertMap(s)
		if want := c.Convert(s); out != want {
			t.Fatalf("ConvertMap(%q) = %q, Convert = %q", s, out, want)
		}
		checkOffs(t, s, out, offs)
	}
}

func checkOffs(t *testing.T, s, out string, offs []int) {
	t.Helper()
	if len(offs) != len(out)+1 {
		t.Fatalf("ConvertMap(%q): len(offs) = %d, want %d", s, len(offs), len(out)+1)
	}
	if offs[len(out)] != len(s) {
		t.Fatalf("ConvertMap(%q): offs[len(out)] = %d, want %d", s, offs[len(out)], len(s))
	}
	prev := 0
	for j, o := range offs {
		if o < 0 || o > len(s) {
			t.Fatalf("ConvertMap(%q): offs[%d] = %d out of [0,%d]", s, j, o, len(s))
		}
		if o < prev {
			t.Fatalf("ConvertMap(%q): offs[%d] = %d < offs[%d] = %d", s, j, o, j-1, prev)
		}
		prev = o
		if utf8.ValidString(s) && j < len(out) && utf8.RuneStart(out[j]) && o < len(s) && !utf8.RuneStart(s[o]) {
			t.Fatalf("ConvertMap(%q): offs[%d] = %d is not a character boundary", s, j, o)
		}
	}
}

func TestConcurrent(t *testing.T) {
	c := conv(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := c.Convert(tradPara); got != simpPara {
					t.Error("concurrent Convert differs")
					return
				}
				if got, _ := c.ConvertMap(tradPara); got != simpPara {
					t.Error("concurrent ConvertMap differs")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestZeroConverter(t *testing.T) {
	var c hans.Converter
	if got := c.Convert("會議"); got != "會議" {
		t.Errorf("zero Converter: Convert = %q", got)
	}
	if got, offs := c.ConvertMap("會"); got != "會" || !equalInts(offs, []int{0, 1, 2, 3}) {
		t.Errorf("zero Converter: ConvertMap = %q, %v", got, offs)
	}
}

func TestNewT2SFiles(t *testing.T) {
	// Only the two required files: plain t2s.
	c, err := hans.NewT2S(fstest.MapFS{
		"TSPhrases.txt":    {Data: []byte("# comment\n\n乾淨\t干净\n乾隆\t乾隆\r\n")},
		"TSCharacters.txt": {Data: []byte("乾\t干 乾\n淨\t净\n隆\t隆\n會\t会\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Convert("乾隆會乾淨乾"); got != "乾隆会干净干" {
		t.Errorf("Convert = %q", got)
	}

	_, err = hans.NewT2S(fstest.MapFS{"TSCharacters.txt": {Data: []byte("會\t会\n")}})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing TSPhrases.txt: err = %v, want fs.ErrNotExist", err)
	}
	_, err = hans.NewT2S(fstest.MapFS{
		"TSPhrases.txt":    {Data: []byte("")},
		"TSCharacters.txt": {Data: []byte("會\t会\n會會 会\n")},
	})
	if err == nil || !strings.Contains(err.Error(), "TSCharacters.txt:2") {
		t.Errorf("malformed line: err = %v, want one naming TSCharacters.txt:2", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func BenchmarkNewT2S(b *testing.B) {
	fsys := data.OpenCC()
	for b.Loop() {
		if _, err := hans.NewT2S(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// benchText is about 10 KB of Traditional text.
var benchText = strings.Repeat(tradPara, 8)

func BenchmarkConvert(b *testing.B) {
	c := conv(b)
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		c.Convert(benchText)
	}
}

func BenchmarkConvertMap(b *testing.B) {
	c := conv(b)
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		c.ConvertMap(benchText)
	}
}

func BenchmarkConvertSimplified(b *testing.B) {
	c := conv(b)
	s := strings.Repeat(simpPara, 8)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		c.Convert(s)
	}
}
