package textnorm

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"toned pinyin", "會(huì)議傳達(dá)學(xué)習(xí)", "會議傳達學習"},
		{"pinyin after every char", "召開會(huì)議(yì)", "召開會議"},
		{"real parentheses kept", "党组(扩大)会议", "党组(扩大)会议"},
		{"English abbreviation kept", "加入世贸组织(WTO)后", "加入世贸组织(WTO)后"},
		{"lower-case word kept", "平台(app)上线", "平台(app)上线"},
		{"pinyin needs a Han char before", "Note (huì) here", "Note (huì) here"},
		{"full-width letters and digits", "２０２４年ＡＢ", "2024年AB"},
		{"full-width punctuation", "会议（扩大），强调：", "会议(扩大),强调:"},
		{"ideographic space", "记者\u3000王强", "记者 王强"},
		{"crlf", "第一段\r\n第二段\r第三段", "第一段\n第二段\n第三段"},
		{"kept marks", "“四个意识”、《通知》。", "“四个意识”、《通知》。"},
		{"neutral tone", "我們(men)的", "我們的"},
	}
	n := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := n.Normalize(tt.in)
			if got.Norm != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got.Norm, tt.want)
			}
		})
	}
}

func TestOrigSpan(t *testing.T) {
	in := "邵陽市總工會(huì)召開會(huì)議"
	txt := New(nil).Normalize(in)
	i := strings.Index(txt.Norm, "召開")
	s, e := txt.OrigSpan(i, i+len("召開"))
	if got := in[s:e]; got != "召開" {
		t.Errorf("OrigSpan = %q, want 召開", got)
	}
	i = strings.Index(txt.Norm, "會議")
	s, e = txt.OrigSpan(i, i+len("會議"))
	if got := in[s:e]; got != "會(huì)議" {
		t.Errorf("OrigSpan = %q, want 會(huì)議", got)
	}
	rs, re := txt.RuneSpan(i, i+len("會議"))
	if rs != 13 || re != 20 {
		t.Errorf("RuneSpan = %d,%d want 13,20", rs, re)
	}
}

// upper maps ASCII to upper case, a stand-in converter that changes bytes
// but not lengths, to check composition of offset maps.
type upper struct{}

func (upper) ConvertMap(s string) (string, []int) {
	offs := make([]int, len(s)+1)
	for i := range offs {
		offs[i] = i
	}
	return strings.ToUpper(s), offs
}

func TestComposeWithConverter(t *testing.T) {
	in := "ａｂ(huì)c"
	txt := New(upper{}).Normalize(in)
	if txt.Norm != "AB(HUÌ)C" {
		// no Han before the parenthesis, so pinyin is kept
		t.Fatalf("Norm = %q", txt.Norm)
	}
	s, e := txt.OrigSpan(0, 1)
	if in[s:e] != "ａ" {
		t.Errorf("span of A = %q", in[s:e])
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"會(huì)議", "(扩大)", "ａ（", "\xff\xfe會(", "“四个意识"} {
		f.Add(s)
	}
	n := New(nil)
	f.Fuzz(func(t *testing.T, s string) {
		txt := n.Normalize(s)
		if !utf8.ValidString(txt.Norm) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		for i := 0; i <= len(txt.Norm); i++ {
			for _, j := range []int{i, min(i+3, len(txt.Norm))} {
				os, oe := txt.OrigSpan(i, j)
				if os < 0 || oe > len(txt.Orig) || os > oe {
					t.Fatalf("span %d,%d -> %d,%d outside %d", i, j, os, oe, len(txt.Orig))
				}
			}
		}
	})
}

// checkpointTexts cross the character checkpoints with characters of every
// width and with invalid bytes.
var checkpointTexts = []string{
	"",
	strings.Repeat("a", 3*runeStep+1),
	strings.Repeat("工会𠀀é", 200),
	strings.Repeat("ab\xff會\xe4\xb8", 150),
}

// TestRuneCount checks the checkpointed character count against counting
// from the start, at every byte offset of texts that cross checkpoints
// with characters of every width and with invalid bytes.
func TestRuneCount(t *testing.T) {
	for _, in := range checkpointTexts {
		txt := &Text{Orig: in}
		txt.countRunes()
		for off := 0; off <= len(in); off++ {
			if got, want := txt.runeCount(off), utf8.RuneCountInString(in[:off]); got != want {
				t.Fatalf("runeCount(%d) = %d; want %d (text of %d bytes)", off, got, want, len(in))
			}
		}
	}
}

// TestOrigText checks the text between character offsets against the
// characters as ranging over the text counts them (an invalid byte is
// one), across checkpoints and with offsets out of range.
func TestOrigText(t *testing.T) {
	for _, in := range checkpointTexts {
		txt := &Text{Orig: in}
		txt.countRunes()
		var starts []int // byte offset of each character, then len(in)
		for i := range in {
			starts = append(starts, i)
		}
		starts = append(starts, len(in))
		n := len(starts) - 1
		for _, span := range [][2]int{{0, 0}, {0, 1}, {5, 9}, {255, 260}, {300, 700}, {0, n}, {n - 1, n}, {n, n + 5}, {-3, 2}, {9, 5}} {
			lo, hi := min(max(span[0], 0), n), min(max(span[1], 0), n)
			want := ""
			if lo < hi {
				want = in[starts[lo]:starts[hi]]
			}
			if got := txt.OrigText(span[0], span[1]); got != want {
				t.Errorf("OrigText(%d, %d) = %q; want %q", span[0], span[1], got, want)
			}
		}
	}
}

// TestIsHan checks the shortcut against unicode.Is for every rune.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isHan(r), unicode.Is(unicode.Han, r); got != want {
			t.Fatalf("isHan(%U) = %v; want %v", r, got, want)
		}
	}
}
