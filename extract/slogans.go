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
