package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kindListedMeeting is a meeting named without an ordinal or a calendar
// entry (全国工会经审工作会议, 市委九届第70次常委会议), recognised only as an
// item of a list whose 精神 is relayed.
const kindListedMeeting = "listed-meeting"

// reItemDate is a date opening a list item: 4月28日中共中央政治局会议.
var reItemDate = mustPattern(`^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:召开的|的)?`)

// listedItemRunes bounds a listed meeting's name.
const listedItemRunes = 40

// findListedMeetings reads the meetings of a list whose 精神 is spoken of
// that no other recogniser knows: "传达学习了…执委会议和全国工会维护劳动领
// 域政治安全工作座谈会精神", "…唐山市党的群众路线教育实践活动总结大会以及
// 市委九届第70次常委会议精神". An item is the text between the list's
// separators (、, 以及, 及, and 和 or 与 before a new scope), a relay verb or
// a known congress, and the 精神 or the next item; it must open with the
// level or place that convenes it and end with a meeting word
// (data/lexicon/listed_meetings.txt), and it is no speech or instruction.
// Each occurrence of 精神 looks back at most a few items of bounded length.
func (d *docState) findListedMeetings(add func(congressMention)) {
	s := d.s
	lx := d.x.lex
	for off := 0; d.live(); {
		i := strings.Index(s[off:], "精神")
		if i < 0 {
			return
		}
		p := off + i
		off = p + len("精神")
		e := p
		for n := 0; n < 6; n++ {
			if lx.listedEnds.suffix(s[:e]) == "" {
				break
			}
			b, sep := d.listItemStart(e)
			if m, ok := d.listedMeeting(b, e); ok {
				add(m)
			}
			if sep == "" {
				break
			}
			e = b - len(sep)
		}
	}
}

// listItemStart returns where the list item ending at e starts, and the
// separator before it that joins it to an earlier item ("" when a verb,
// punctuation or the bound ends the list there).
func (d *docState) listItemStart(e int) (int, string) {
	s := d.s
	r := e
	for n := 0; r > 0 && n < listedItemRunes; n++ {
		c, w := utf8.DecodeLastRuneInString(s[:r])
		if !unicode.Is(unicode.Han, c) && !(c >= '0' && c <= '9') && c != '(' && c != ')' {
			break
		}
		r -= w
	}
	d.congCover.sync(len(s), len(d.congs), func(k int) (int, int) { return d.congs[k].start, d.congs[k].end })
	b, sep := r, ""
	if strings.HasSuffix(s[:r], "、") {
		sep = "、"
	}
	for i := r; i < e; {
		if d.congCover.has(i) {
			_, w := decodeRune(s[i:])
			i += w
			b, sep = i, ""
			continue
		}
		if v := d.x.lex.relayVerbs.prefix(s[i:e]); v != "" {
			if pre := strings.TrimSuffix(s[b:i], "工会"); pre != "" && d.x.lex.listedScopes.has(pre) {
				// 全国工会学习贯彻…座谈会: a meeting named for studying,
				// opened by its scope, not a clause's verb.
				i += len(v)
				continue
			}
			i += len(v)
			if strings.HasPrefix(s[i:e], "了") {
				i += len("了")
			}
			b, sep = i, ""
			continue
		}
		switch {
		case hasAnyPrefix(s[i:e], "召开", "举行", "审议", "听取", "通过"):
			i += len("召开")
			b, sep = i, ""
			continue
		case strings.HasPrefix(s[i:e], "以及"):
			i += len("以及")
			b, sep = i, "以及"
			continue
		case strings.HasPrefix(s[i:e], "及"):
			i += len("及")
			b, sep = i, "及"
			continue
		case hasAnyPrefix(s[i:e], "和", "与") && d.listedScope(s[i+len("和"):e]) != "":
			i += len("和")
			b, sep = i, "和"
			continue
		}
		_, w := decodeRune(s[i:])
		i += w
	}
	return b, sep
}

// listedScope returns the scope word or place that item opens with, or "".
func (d *docState) listedScope(item string) string {
	if w := d.x.lex.listedScopes.prefix(item); w != "" {
		return w
	}
	if name, _ := d.x.places.prefix(item); name != "" {
		return name
	}
	return ""
}

// listedMeeting names the list item s[b:e] when it is a meeting: its date
// dropped, opening with a scope, ending with a meeting word, no speech or
// class of meetings. A scope of one level (省委, 市委, 自治区) takes the
// place of that level in context: 市委九届第70次常委会议 in an article on
// 唐山 is 唐山市委九届第70次常委会议.
func (d *docState) listedMeeting(b, e int) (congressMention, bool) {
	lx := d.x.lex
	if loc := reItemDate.FindStringSubmatchIndex(d.s[b:e]); loc != nil {
		b += loc[1]
	}
	item := d.s[b:e]
	n := utf8.RuneCountInString(item)
	if n < 6 || n > listedItemRunes || lx.listedEnds.suffix(item) == "" {
		return congressMention{}, false
	}
	scope := d.listedScope(item)
	if scope == "" || scope == item {
		return congressMention{}, false
	}
	for _, w := range lx.listedNot.list {
		if strings.Contains(item, w) {
			return congressMention{}, false
		}
	}
	m := congressMention{start: b, end: e, kind: kindListedMeeting, name: item}
	level := ""
	switch {
	case strings.HasPrefix(item, "自治区"):
		level = "自治区"
	case hasAnyPrefix(item, "省", "市", "县", "区", "州") && lx.listedScopes.has(scope):
		level = item[:len("省")]
	}
	if level != "" {
		lookup := level
		if level == "自治区" {
			lookup = "省"
		}
		if div := d.levelPlace(lookup, b); div != nil && strings.HasSuffix(div.Name, level) {
			m.name = div.Name + item[len(level):]
			m.div = div
			m.aliases = []string{item}
		}
	}
	return m, true
}
