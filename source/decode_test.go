package source

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Union news in Simplified and Traditional script.
const (
	newsHans = "成都市总工会召开党组会议，传达学习党的二十届三中全会精神。会议强调，各级工会组织要深入学习宣传贯彻全会精神，切实维护职工合法权益。"
	newsHant = "成都市總工會召開黨組會議，傳達學習黨的二十屆三中全會精神。會議強調，各級工會組織要深入學習宣傳貫徹全會精神，切實維護職工合法權益。"
	// rareHans is a character outside GBK, which GB18030 encodes in four
	// bytes.
	rareHans = "𠮷"
)

func encode(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func concat(bs ...[]byte) []byte { return slices.Concat(bs...) }

func TestDecode(t *testing.T) {
	gbk := encode(t, simplifiedchinese.GBK, newsHans)
	gb18030 := encode(t, simplifiedchinese.GB18030, newsHans+rareHans)
	big5 := encode(t, traditionalchinese.Big5, newsHant)
	utf16le := encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), newsHans)
	utf16be := encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), newsHans)
	// One GBK-encoded word in a long UTF-8 text: under 1% of the bytes.
	longHans := strings.Repeat(newsHans, 10)
	mixed := concat([]byte(longHans), encode(t, simplifiedchinese.GBK, "工会"), []byte(newsHans))

	tests := []struct {
		name     string
		in       []byte
		declared string
		want     string // text wanted, unless check is set
		check    func(text string) bool
		wantEnc  string
		wantErr  error
	}{
		{name: "utf-8", in: []byte(newsHans), want: newsHans, wantEnc: "utf-8"},
		{name: "utf-8 bom", in: concat(bomUTF8, []byte(newsHans)), want: newsHans, wantEnc: "utf-8"},
		{name: "utf-16le bom", in: utf16le, want: newsHans, wantEnc: "utf-16le"},
		{name: "utf-16be bom", in: utf16be, want: newsHans, wantEnc: "utf-16be"},
		{name: "gbk", in: gbk, want: newsHans, wantEnc: "gbk"},
		{name: "gb18030", in: gb18030, want: newsHans + rareHans, wantEnc: "gb18030"},
		{name: "gb18030 bom", in: concat(bomGB18030, gb18030), want: newsHans + rareHans, wantEnc: "gb18030"},
		{name: "big5", in: big5, want: newsHant, wantEnc: "big5"},
		{name: "auto", in: gbk, declared: "auto", want: newsHans, wantEnc: "gbk"},
		{name: "ascii", in: []byte("Chengdu federation of trade unions\n"), want: "Chengdu federation of trade unions\n", wantEnc: "utf-8"},
		{name: "empty", in: nil, want: "", wantEnc: "utf-8"},
		{
			name: "truncated utf-8", in: []byte(newsHans)[:len(newsHans)-1],
			want: strings.TrimSuffix(newsHans, "。"), wantEnc: "utf-8",
		},
		{
			name: "mixed mostly utf-8", in: mixed, wantEnc: "utf-8",
			check: func(s string) bool {
				return strings.HasPrefix(s, longHans) && strings.HasSuffix(s, newsHans) && strings.Contains(s, "\uFFFD")
			},
		},
		{
			name: "mixed mostly gbk", in: concat(gbk, gbk, []byte("成都"), gbk), wantEnc: "gbk",
			check: func(s string) bool { return strings.HasPrefix(s, newsHans+newsHans) && strings.HasSuffix(s, newsHans) },
		},
		// Forced encodings, including a wrong one.
		{name: "forced gbk", in: gbk, declared: "GBK", want: newsHans, wantEnc: "gbk"},
		{name: "forced gb2312", in: gbk, declared: "gb2312", want: newsHans, wantEnc: "gbk"},
		{name: "forced gb18030", in: gb18030, declared: "gb18030", want: newsHans + rareHans, wantEnc: "gb18030"},
		{name: "forced big5", in: big5, declared: "Big5", want: newsHant, wantEnc: "big5"},
		{name: "forced utf-8", in: concat(bomUTF8, []byte(newsHans)), declared: "utf-8", want: newsHans, wantEnc: "utf-8"},
		{
			name: "forced utf-8 on gbk", in: gbk, declared: "utf8", wantEnc: "utf-8",
			check: func(s string) bool { return strings.Contains(s, "\uFFFD") },
		},
		{
			name: "forced big5 on gbk", in: gbk, declared: "big5", wantEnc: "big5",
			check: func(s string) bool { return s != newsHans },
		},
		{name: "unknown encoding", in: gbk, declared: "latin1", wantErr: errAny},
		{name: "nul bytes", in: concat([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), gbk), wantErr: ErrBinary},
		{name: "nul bytes forced", in: []byte("ab\x00cd"), declared: "gbk", wantErr: ErrBinary},
		{name: "control bytes", in: bytes.Repeat([]byte{1, 2, 3, 4, 5, 'a'}, 100), wantErr: ErrBinary},
		{name: "undecodable", in: bytes.Repeat([]byte{0xff, 0xff, 0x80, 0x20}, 100)[2:], wantErr: ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, err := Decode(tt.in, tt.declared)
			if tt.wantErr != nil {
				if err == nil || tt.wantErr != errAny && !errors.Is(err, tt.wantErr) {
					t.Fatalf("Decode() error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode() error = %v", err)
			}
			if enc != tt.wantEnc {
				t.Errorf("Decode() enc = %q, want %q", enc, tt.wantEnc)
			}
			if tt.check != nil {
				if !tt.check(text) {
					t.Errorf("Decode() text = %q: check failed", text)
				}
			} else if text != tt.want {
				t.Errorf("Decode() text = %q, want %q", text, tt.want)
			}
		})
	}
}

// errAny in a test table wants any error.
var errAny = errors.New("any error")

// TestDetectHint checks that a declared charset wins when the bytes bear
// it out and loses when they do not.
func TestDetectHint(t *testing.T) {
	gbk := encode(t, simplifiedchinese.GBK, newsHans)
	big5 := encode(t, traditionalchinese.Big5, newsHant)
	tests := []struct {
		name, hint string
		in         []byte
		want       string
	}{
		{"gbk declared gbk", "gbk", gbk, "gbk"},
		{"gbk declared gb18030", "gb18030", gbk, "gb18030"},
		{"gbk declared big5", "big5", gbk, "gbk"},
		{"big5 declared gbk", "gbk", big5, "big5"},
		{"utf-8 declared gbk", "gbk", []byte(newsHans), "utf-8"},
		{"gbk declared windows-1252", "windows-1252", gbk, "gbk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, enc, err := detect(tt.in, tt.hint)
			if err != nil || enc != tt.want {
				t.Errorf("detect() = %q, %v; want %q", enc, err, tt.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(newsHans), byte(0))
	f.Add(encode(f, simplifiedchinese.GBK, newsHans), byte(0))
	f.Add(encode(f, simplifiedchinese.GB18030, newsHans+rareHans), byte(3))
	f.Add(encode(f, traditionalchinese.Big5, newsHant), byte(4))
	f.Add(encode(f, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), newsHans), byte(0))
	f.Add([]byte(newsHans)[:10], byte(1))
	f.Add([]byte{0xef, 0xbb, 0xbf, 0xff}, byte(2))
	labels := []string{"", "utf-8", "gbk", "gb18030", "big5", "gb2312"}
	f.Fuzz(func(t *testing.T, b []byte, label byte) {
		declared := labels[int(label)%len(labels)]
		text, enc, err := Decode(b, declared)
		if err != nil {
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("Decode(%q, %q) error = %v, want only ErrBinary", b, declared, err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Errorf("Decode(%q, %q) = %q, not valid UTF-8", b, declared, text)
		}
		if enc == "" {
			t.Errorf("Decode(%q, %q) reported no encoding", b, declared)
		}
	})
}
