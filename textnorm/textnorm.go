// Package textnorm turns raw article text into the normalised form the
// recognisers read — Simplified script, pinyin noise removed, full-width
// letters and punctuation folded — while keeping a map from every byte of the
// normalised text back to the original, so that evidence spans point into
// what the user supplied.
package textnorm

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Converter converts between scripts and reports, for each output byte, the
// input byte it came from (len(offs) == len(out)+1).
type Converter interface {
	ConvertMap(s string) (out string, offs []int)
}

// Text is a normalised text with its offset map to the original.
type Text struct {
	// Orig is the text as supplied (valid UTF-8).
	Orig string
	// Norm is the normalised text.
	Norm string
	// Converted reports that script conversion changed the text: it was
	// written, at least in part, in the other script.
	Converted bool
	// offs[i] is the byte offset in Orig of Norm's byte i; offs[len(Norm)]
	// is len(Orig). Four bytes per byte of text, not eight: the map is the
	// largest allocation of an article's extraction.
	offs []int32
	// at[k] is the first character start at or after byte k*runeStep and
	// runes[k] the number of characters before it, so that a byte offset
	// becomes a character offset without counting from the start.
	at, runes []int32
}

// runeStep is the spacing of Text.runes in bytes: every mention and
// evidence span an article reports counts the characters from the
// checkpoint before it.
const runeStep = 64

// OrigSpan maps the byte span [start,end) of Norm to the byte span of Orig it
// came from.
func (t *Text) OrigSpan(start, end int) (int, int) {
	start = clamp(start, 0, len(t.Norm))
	end = clamp(end, start, len(t.Norm))
	os := int(t.offs[start])
	if end == start {
		return os, os
	}
	// The last byte of the span maps to the start of its source; extend to
	// the end of that source rune so the span covers it.
	last := int(t.offs[end-1])
	oe := int(t.offs[end])
	_, w := utf8.DecodeRuneInString(t.Orig[last:])
	if oe <= last {
		oe = last + w
	} else if last+w < oe && (t.Orig[last+w] == '(' || strings.HasPrefix(t.Orig[last+w:], "（")) {
		// What lies between is removed noise (pinyin after the last
		// character): leave it out of the span.
		oe = last + w
	}
	if oe < os {
		oe = os
	}
	return os, oe
}

// RuneSpan maps the byte span [start,end) of Norm to a span of character
// (rune) offsets in Orig, the unit evidence is reported in.
func (t *Text) RuneSpan(start, end int) (int, int) {
	os, oe := t.OrigSpan(start, end)
	return t.runeCount(os), t.runeCount(oe)
}

// runeCount returns the number of characters in Orig[:off].
func (t *Text) runeCount(off int) int {
	if k := off / runeStep; k < len(t.at) && int(t.at[k]) <= off {
		return int(t.runes[k]) + utf8.RuneCountInString(t.Orig[t.at[k]:off])
	}
	return utf8.RuneCountInString(t.Orig[:off])
}

// OrigText returns the text of Orig between the character (rune) offsets
// start and end, as string([]rune(Orig)[start:end]) does, clamped to
// Orig, without converting Orig.
func (t *Text) OrigText(start, end int) string {
	bs, be := t.byteOf(start), t.byteOf(end)
	if be < bs {
		return ""
	}
	return t.Orig[bs:be]
}

// byteOf returns the byte offset of character n of Orig, clamped to Orig.
func (t *Text) byteOf(n int) int {
	if n <= 0 {
		return 0
	}
	// The last checkpoint at or before character n, then a walk.
	k := sort.Search(len(t.runes), func(k int) bool { return int(t.runes[k]) > n }) - 1
	i, c := 0, 0
	if k >= 0 {
		i, c = int(t.at[k]), int(t.runes[k])
	}
	for ; i < len(t.Orig) && c < n; c++ {
		_, w := utf8.DecodeRuneInString(t.Orig[i:])
		i += w
	}
	return i
}

// countRunes fills at and runes for Orig, counting characters as
// utf8.RuneCountInString does (an invalid byte is one).
func (t *Text) countRunes() {
	n := len(t.Orig)/runeStep + 1
	t.at, t.runes = make([]int32, 0, n), make([]int32, 0, n)
	count := 0
	for i := range t.Orig {
		for len(t.at)*runeStep <= i {
			t.at = append(t.at, int32(i))
			t.runes = append(t.runes, int32(count))
		}
		count++
	}
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Normalizer applies the normalisation steps in a fixed order. It is safe for
// concurrent use when its Converter is.
type Normalizer struct {
	conv Converter
}

// New returns a Normalizer that converts script with conv (nil: no script
// conversion).
func New(conv Converter) *Normalizer {
	return &Normalizer{conv: conv}
}

// Normalize returns the normalised form of s, which must be shorter than
// 2 GiB (offsets are kept in 32 bits). Invalid UTF-8 is replaced by U+FFFD
// before any other step, so offsets always fall on rune boundaries of the
// returned Text's Orig.
func (n *Normalizer) Normalize(s string) *Text {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	out2, offs := clean(s)
	converted := false
	if n.conv != nil && !n.unchanged(out2) {
		out3, offs3 := n.conv.ConvertMap(out2)
		offs = compose(offs, offs3)
		converted = out3 != out2
		out2 = out3
	}
	t := &Text{Orig: s, Norm: out2, offs: offs, Converted: converted}
	t.countRunes()
	return t
}

// unchanged tells whether script conversion leaves s as it is, when the
// converter can say so without building an offset map: most articles are in
// Simplified script already.
func (n *Normalizer) unchanged(s string) bool {
	c, ok := n.conv.(interface{ Convert(string) string })
	return ok && c.Convert(s) == s
}

// compose returns the map of a two-step transformation: first maps step-2
// input bytes to originals, second maps step-2 output bytes to step-2 input.
// A nil map is the identity.
func compose(first []int32, second []int) []int32 {
	switch {
	case second == nil:
		return first
	case first == nil:
		r := make([]int32, len(second))
		for i, o := range second {
			r[i] = int32(o)
		}
		return r
	}
	r := make([]int32, len(second))
	for i, o := range second {
		r[i] = first[o]
	}
	return r
}

// builder accumulates output bytes with their source offsets.
type builder struct {
	sb   strings.Builder
	offs []int32
}

func (b *builder) add(s string, src int) {
	b.sb.WriteString(s)
	switch len(s) {
	case 1:
		b.offs = append(b.offs, int32(src))
	case 3: // most characters of Chinese text
		b.offs = append(b.offs, int32(src), int32(src), int32(src))
	default:
		for range len(s) {
			b.offs = append(b.offs, int32(src))
		}
	}
}

func (b *builder) addRune(r rune, src int) {
	n, _ := b.sb.WriteRune(r)
	for range n {
		b.offs = append(b.offs, int32(src))
	}
}

func (b *builder) done(total int) (string, []int32) {
	return b.sb.String(), append(b.offs, int32(total))
}

// clean removes parenthesised pinyin that converters leave after a Han
// character ("會(huì)議"), and nothing else: the parentheses must follow a Han
// character directly and hold one lower-case syllable that carries a tone
// mark or is a valid toneless syllable. In the same pass it folds widths
// (see fold).
func clean(s string) (string, []int32) {
	var b builder
	b.sb.Grow(len(s))
	b.offs = make([]int32, 0, len(s)+1)
	prevHan := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r == '(' || r == '（') && prevHan {
			if end, ok := pinyinParen(s, i+w); ok {
				i = end
				continue // prevHan stays true: "會(huì)議(yì)"
			}
		}
		prevHan = isHan(r)
		// CRLF becomes LF: the CR is dropped. (What follows a CR is never
		// pinyin, which follows a Han character.)
		if r == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i += w
			continue
		}
		fold(&b, s[i:i+w], r, i)
		i += w
	}
	return b.done(len(s))
}

// isHan is unicode.Is(unicode.Han, r), answered at once for the CJK
// Unified Ideographs block, where most characters of the text are.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// pinyinParen reports whether s[start:] is "syllable)" and where it ends.
func pinyinParen(s string, start int) (int, bool) {
	j := start
	toned := false
	for j < len(s) && j-start < 12 {
		r, w := utf8.DecodeRuneInString(s[j:])
		switch {
		case r == ')' || r == '）':
			syl := s[start:j]
			if syl == "" {
				return 0, false
			}
			if toned || isToneless(syl) {
				return j + w, true
			}
			return 0, false
		case r >= 'a' && r <= 'z':
		case strings.ContainsRune(tonedVowels, r):
			toned = true
		default:
			return 0, false
		}
		j += w
	}
	return 0, false
}

const tonedVowels = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

// isToneless accepts plain syllables such as "de", "le", "men" that carry no
// mark (the neutral tone) but rejects English words and abbreviations.
func isToneless(s string) bool {
	switch s {
	case "de", "le", "ma", "me", "men", "zi", "ne", "ba", "la", "zhe", "guo", "li", "shang", "xia", "tou", "mo", "er":
		return true
	}
	return false
}

// fold writes the character c (rune r, at byte i of the input), mapping
// full-width ASCII variants and ideographic punctuation that copies mix
// freely to one form, so recognisers need match only one: letters and digits
// to ASCII, and ，（）：；！？ to their ASCII forms. The Chinese
// enumeration comma 、, the full stop 。, quotation marks and book-title
// marks are kept, since they carry meaning.
func fold(b *builder, c string, r rune, i int) {
	switch {
	case r >= '！' && r <= '～': // FF01..FF5E: full-width ASCII
		b.addRune(r-'！'+'!', i)
	case r == '\u3000', r == '\u00a0':
		b.addRune(' ', i)
	case r == '〔' || r == '［':
		b.addRune('〔', i)
	case r == '〕' || r == '］':
		b.addRune('〕', i)
	case r == '\r':
		b.addRune('\n', i) // a lone CR ends a line
	case r == '陜':
		// A variant of 陝 (Shaanxi) that script converters leave alone.
		b.addRune('陕', i)
	case r == '\ufeff' || r == '\u200b':
		// BOM and zero-width space: noise
	default:
		b.add(c, i)
	}
}
