package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// sloganMention is a quoted formula or programme name.
type sloganMention struct {
	start, end int // the quoted text, without the marks
	name       string
	figurative bool
}

// quotePairs are the opening and closing marks of quotations.
var quotePairs = map[rune]rune{'“': '”', '「': '」', '『': '』', '‘': '’'}

// findSlogans reads quoted strings. A quotation whose closing mark was lost
// is recovered only as far as a known slogan from the lexicon reaches.
func (d *docState) findSlogans() {
	for _, l := range d.lines {
		if !d.live() {
			return
		}
		if l.nav {
			continue
		}
		d.slogansIn(l.text, l.start)
	}
}

func (d *docState) slogansIn(t string, base int) {
	for i := 0; i < len(t); {
		r, w := decodeRune(t[i:])
		closer, ok := quotePairs[r]
		straight := r == '"'
		if !ok && !straight {
			i += w
			continue
		}
		if straight {
			closer = '"'
		}
		start := i + w
		end := -1
		for j := start; j < len(t); {
			c, cw := decodeRune(t[j:])
			if c == closer {
				end = j
				break
			}
			if c == r && !straight || c == '“' || c == '。' || c == '\n' || j-start > 120 {
				break
			}
			j += cw
		}
		if end < 0 {
			// Lost closing mark: take a known slogan at the start, if any.
			if k := d.x.lex.slogans.prefix(t[start:]); k != "" {
				d.addSlogan(base+start, base+start+len(k), k)
				i = start + len(k)
				continue
			}
			i = start
			continue
		}
		d.addSlogan(base+start, base+end, t[start:end])
		i = end + utf8.RuneLen(closer)
	}
}

func (d *docState) addSlogan(start, end int, raw string) {
	name := normalizeSlogan(raw)
	n := utf8.RuneCountInString(name)
	if n == 0 || n > 40 || strings.ContainsAny(name, "。!?") {
		return
	}
	if d.quotedCongress(start, end) {
		return
	}
	// (以下简称“通知”): a short name defined for a document, not a slogan.
	if before := strings.TrimRight(d.s[:start], `“"「『‘`); hasAnySuffix(before, "简称", "简称为") {
		return
	}
	// “云岭职工”微信公众号, “粤工惠”服务平台: the name of an account or a
	// platform, not a slogan (a programme's brand, “南粤工匠”品牌, is one).
	if after := strings.TrimLeft(d.s[end:], `”"」』’`); d.x.lex.brandFollowers.prefix(after) != "" {
		return
	}
	han := 0
	for _, r := range name {
		if unicode.Is(unicode.Han, r) || unicode.IsDigit(r) {
			han++
		}
	}
	if han == 0 {
		return
	}
	d.slogans = append(d.slogans, sloganMention{start: start, end: end, name: name, figurative: d.x.lex.figurative.has(name)})
}

// normalizeSlogan folds widths and drops white space inside a slogan
// ("群团 E 家" → "群团E家") and the marks around quoted parts.
func normalizeSlogan(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || strings.ContainsRune("“”‘’\"「」", r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quotedCongress reports whether the quotation [start,end) names a congress
// the recognisers found (“十五大”, “两会”精神, “中国工会十七大会议精神”):
// quotation marks set off a congress's name as often as a slogan's.
func (d *docState) quotedCongress(start, end int) bool {
	d.ix = d.congIndex().overlapping(start, end, d.ix)
	for _, k := range d.ix {
		c := &d.congs[k]
		if c.end <= start || c.start >= end {
			continue
		}
		rest := d.s[start:max(start, c.start)] + d.s[min(end, c.end):end]
		switch normalizeSlogan(rest) {
		case "", "精神", "会议精神", "大会精神", "全国":
			return true
		}
	}
	return false
}
