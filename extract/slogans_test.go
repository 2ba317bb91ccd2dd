package extract

import "testing"

func TestNormalizeSlogan(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"群团 E 家", "群团E家"},
		{"四个意识", "四个意识"},
		{"１＋１１＋Ｎ", "1+11+N"}, // full-width folded by NFKC
		{"1 + 11 + N", "1+11+N"},
		{"\u3000四化三性\u3000", "四化三性"}, // ideographic spaces
		{"“两个维护”", "两个维护"},
		{"‘两先区’", "两先区"},
		{"「职工书屋」", "职工书屋"},
		{`"智慧工会"`, "智慧工会"},
		{"不忘初心、牢记使命", "不忘初心、牢记使命"},
		{"ＡＢＣ", "ABC"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := normalizeSlogan(tc.in); got != tc.want {
			t.Errorf("normalizeSlogan(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// TestSloganLexicon pins the lexicon entries the lost-closing-mark tests
// below rely on, so that a lexicon edit shows up here first.
func TestSloganLexicon(t *testing.T) {
	x := testExtractor(t)
	for _, w := range []string{"四化三性", "两先区", "四个意识"} {
		if !x.lex.slogans.has(w) {
			t.Errorf("slogans lexicon lacks %q", w)
		}
	}
	if x.lex.slogans.has("五个一工程") || x.lex.slogans.prefix("五个一工程,推进") != "" {
		t.Errorf("slogans lexicon unexpectedly knows 五个一工程")
	}
	if !x.lex.figurative.has("娘家人") {
		t.Errorf("figurative lexicon lacks 娘家人")
	}
}

func TestSlogansExtracted(t *testing.T) {
	type ent struct{ typ, name string }
	tests := []struct {
		name string
		in   string
		want []ent // the Slogan and Figurative entities, in order
	}{
		{
			name: "slogans and a figurative word",
			in:   "增强“四个意识”,落实“1+11+N”工作体系,当好职工“娘家人”。",
			want: []ent{{TypeSlogan, "四个意识"}, {TypeSlogan, "1+11+N"}, {TypeFigurative, "娘家人"}},
		},
		{
			name: "an account or a platform is not a slogan, a programme's brand is",
			in:   "在“黔工之声”微信公众号开设专栏,用好“黔工惠”服务平台,擦亮“黔匠”品牌。",
			want: []ent{{TypeSlogan, "黔匠"}},
		},
		{
			name: "a place's epithet is figurative",
			in:   "在“红色故都”奋进新征程,增强“四个意识”。",
			want: []ent{{TypeFigurative, "红色故都"}, {TypeSlogan, "四个意识"}},
		},
		{
			name: "white space inside the quotation",
			in:   "各地积极打造“群团 E 家”服务品牌。",
			want: []ent{{TypeSlogan, "群团E家"}},
		},
		{
			name: "full-width formula",
			in:   "落实“１＋１１＋Ｎ”工作体系。",
			want: []ent{{TypeSlogan, "1+11+N"}},
		},
		{
			name: "straight and corner quotation marks",
			in:   `推进"智慧工会"建设,打造「职工书屋」。`,
			want: []ent{{TypeSlogan, "智慧工会"}, {TypeSlogan, "职工书屋"}},
		},
		{
			name: "lost closing mark, known slogan",
			in:   "坚持去“四化三性,强基层。",
			want: []ent{{TypeSlogan, "四化三性"}},
		},
		{
			name: "lost closing mark, 两先区 from the lexicon",
			in:   "大连“两先区高质量发展。",
			want: []ent{{TypeSlogan, "两先区"}},
		},
		{
			name: "lost closing mark, unknown text",
			in:   "落实“五个一工程,推进工作。",
			want: nil,
		},
		{
			name: "quoted speech is not a slogan",
			in:   "他说:“我们要团结。”",
			want: nil,
		},
		{
			name: "no Han characters",
			in:   "还有“OK”。",
			want: nil,
		},
		{
			name: "a quoted congress is not a slogan",
			in:   "学习“十八大”精神,传达全国“两会”精神,学习“中国工会十七大会议精神”。",
			want: nil,
		},
		{
			name: "a short name defined with 简称 is not a slogan",
			in:   "印发《通知》(以下简称“通知”),要求坚定“四个自信”。",
			want: []ent{{TypeSlogan, "四个自信"}},
		},
		{
			name: "navigation lines are skipped",
			in:   "上一篇:“四个意识”学习\n正文。",
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			var got []ent
			for _, e := range ex.Entities {
				if e.Type == TypeSlogan || e.Type == TypeFigurative {
					got = append(got, ent{e.Type, e.Name})
					checkMentions(t, tc.in, e)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("slogans of %q = %v; want %v", tc.in, got, tc.want)
			}
			for k := range got {
				if got[k] != tc.want[k] {
					t.Errorf("slogan %d of %q = %v; want %v", k, tc.in, got[k], tc.want[k])
				}
			}
		})
	}
}

// TestSloganMentionSpans checks that a slogan's mention covers exactly the
// quoted text of the original, without the marks.
func TestSloganMentionSpans(t *testing.T) {
	in := "增强“四个意识”,坚持去“四化三性,强基层。"
	ex := mustExtract(t, Input{Text: in})
	rs := []rune(in)
	for name, want := range map[string]string{"四个意识": "四个意识", "四化三性": "四化三性"} {
		e := findEntity(ex, TypeSlogan, name)
		if e == nil {
			t.Errorf("no slogan %s", name)
			continue
		}
		if len(e.Mentions) != 1 {
			t.Errorf("slogan %s: %d mentions; want 1", name, len(e.Mentions))
			continue
		}
		m := e.Mentions[0]
		if got := string(rs[m.Start:m.End]); got != want {
			t.Errorf("slogan %s: mention text %q; want %q", name, got, want)
		}
	}
}
