package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line (paragraph) of the normalised text.
type line struct {
	start, end int // byte span in the normalised text, without the newline
	text       string
	nav        bool // navigation, share buttons, "上一篇"
	heading    bool // a section heading: a place or body name on its own
	sentences  []span
}

type span struct{ start, end int }

var (
	reNav       = mustPattern(`(>|›|»)|^(上一篇|下一篇|分享到|扫一扫|打印|关闭|返回|首页|当前位置)|(上一篇|下一篇)[::]`)
	rePublished = mustPattern(`(?:发布时间|发布日期|时间|日期|发表时间)\s*[::|｜]\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})`)
	// reTimeStamp is a page's date and time: 2014-10-27 15:44:39.
	reTimeStamp = mustPattern(`(\d{4})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}`)
	// reTimeStampDMY is a time stamp written day first: 16.11.2015 10:43.
	reTimeStampDMY = mustPattern(`(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})\s+\d{1,2}:\d{2}`)
	reDateline     = mustPattern(`^(?:[(【\[]?\s*)?([\p{Han}A-Za-z]{0,14}?(?:网|报|电视台|广播电视台|日报|晚报|新闻|客户端|社|台|在线|融媒))?\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日\s*(?:电|讯|消息)`)
)

// Longest line and sentence. Recognisers look for what belongs together
// within a line (a paragraph) or a sentence, so the work of a text with
// one line of megabytes grows with the square of its length, and so would
// what it finds (every chair of the paragraph chairs every meeting in it).
// News paragraphs and sentences are far shorter; longer ones are cut:
// lines at sentence ends, sentences after a comma or, without one, at a
// character.
const (
	maxLineBytes     = 32 << 10
	maxSentenceBytes = 8 << 10
)

// splitLines cuts the normalised text into lines and each line into
// sentences (at 。！？; and at the line end), cutting longer ones (see
// maxLineBytes).
func splitLines(f finder) []line {
	s := f.s
	var out []line
	start := 0
	for start <= len(s) {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		text := s[start:end]
		trimmed := strings.TrimSpace(text)
		if trimmed != "" {
			lead := strings.Index(text, trimmed)
			sents := splitSentences(trimmed, start+lead)
			for len(sents) > 0 {
				// As many sentences as fit in one line (at least one).
				n := 1
				for n < len(sents) && sents[n].end-sents[0].start <= maxLineBytes {
					n++
				}
				l := line{start: sents[0].start, end: sents[n-1].end, sentences: sents[:n:n]}
				if n == len(sents) && l.start == start+lead {
					l.text = trimmed // the whole line, as most are
				} else {
					piece := s[l.start:l.end]
					t := strings.TrimSpace(piece)
					l.start += strings.Index(piece, t)
					l.end = l.start + len(t)
					l.text = t
					l.sentences = splitSentences(t, l.start)
				}
				sents = sents[n:]
				if l.text == "" {
					continue
				}
				l.nav = f.match(reNav, l.start, l.end) && !strings.Contains(l.text, "。")
				out = append(out, l)
			}
		}
		if end == len(s) {
			break
		}
		start = end + 1
	}
	return out
}

func splitSentences(s string, base int) []span {
	var out []span
	st := 0
	for i, r := range s {
		switch r {
		case '。', '!', '?', '；', ';', '！', '？':
			e := i + utf8.RuneLen(r)
			// Keep a closing quotation mark or bracket with its sentence.
			for e < len(s) {
				c, w := decodeRune(s[e:])
				if c != '”' && c != '’' && c != ')' && c != '」' {
					break
				}
				e += w
			}
			if e > st {
				out = append(out, span{base + st, base + e})
			}
			// A line break lost to a space: the next sentence opens
			// after the white space ("…主持会议。 会议传达…").
			for e < len(s) && (s[e] == ' ' || s[e] == '\t') {
				e++
			}
			st = e
		}
	}
	if st < len(s) {
		out = append(out, span{base + st, base + len(s)})
	}
	// Cut sentences longer than maxSentenceBytes: after the last comma
	// that keeps a piece within it, else at the last character that does.
	long := false
	for _, sp := range out {
		long = long || sp.end-sp.start > maxSentenceBytes
	}
	if !long {
		return out
	}
	var cut []span
	for _, sp := range out {
		for sp.end-sp.start > maxSentenceBytes {
			text := s[sp.start-base : sp.end-base]
			at := maxSentenceBytes
			for !utf8.RuneStart(text[at]) {
				at--
			}
			if c := strings.LastIndexAny(text[:at], ",,、"); c > 0 {
				_, w := utf8.DecodeRuneInString(text[c:])
				at = c + w
			}
			cut = append(cut, span{sp.start, sp.start + at})
			sp.start += at
		}
		cut = append(cut, sp)
	}
	out = cut
	return out
}

// isHeadingText reports whether a line reads as a section heading: short,
// no sentence punctuation, mostly Han characters.
func isHeadingText(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 24 {
		return false
	}
	if strings.ContainsAny(s, "。,,;:!?、“”\"《》") {
		return false
	}
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return han*10 >= n*8
}
