// Package textnorm turns raw article text into the normalised form the
// recognisers read — Simplified script, pinyin noise removed, full-width
// letters and punctuation folded — while keeping a map from every byte of the
// normalised text back to the original, so that evidence spans point into
// what the user supplied.
package textnorm

import (
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
	// offs[i] is the byte offset in Orig of Norm's byte i; offs[len(Norm)]
	// is len(Orig).
	offs []int
}

// OrigSpan maps the byte span [start,end) of Norm to the byte span of Orig it
// came from.
func (t *Text) OrigSpan(start, end int) (int, int) {
	start = clamp(start, 0, len(t.Norm))
	end = clamp(end, start, len(t.Norm))
	os := t.offs[start]
	if end == start {
		return os, os
	}
	// The last byte of the span maps to the start of its source; extend to
	// the end of that source rune so the span covers it.
	last := t.offs[end-1]
	oe := t.offs[end]
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
	rs := utf8.RuneCountInString(t.Orig[:os])
	return rs, rs + utf8.RuneCountInString(t.Orig[os:oe])
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

// Normalize returns the normalised form of s. Invalid UTF-8 is replaced by
// U+FFFD before any other step, so offsets always fall on rune boundaries of
// the returned Text's Orig.
func (n *Normalizer) Normalize(s string) *Text {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	out, offs := stripPinyin(s)
	out2, offs2 := foldWidth(out)
	offs = compose(offs, offs2)
	if n.conv != nil {
		out3, offs3 := n.conv.ConvertMap(out2)
		offs = compose(offs, offs3)
		out2 = out3
	}
	return &Text{Orig: s, Norm: out2, offs: offs}
}

// compose returns the map of a two-step transformation: first maps step-2
// input bytes to originals, second maps step-2 output bytes to step-2 input.
func compose(first, second []int) []int {
	r := make([]int, len(second))
	for i, o := range second {
		r[i] = first[o]
	}
	return r
}

// builder accumulates output bytes with their source offsets.
type builder struct {
	sb   strings.Builder
	offs []int
}

func (b *builder) add(s string, src int) {
	b.sb.WriteString(s)
	for range len(s) {
		b.offs = append(b.offs, src)
	}
}

func (b *builder) addRune(r rune, src int) {
	n, _ := b.sb.WriteRune(r)
	for range n {
		b.offs = append(b.offs, src)
	}
}

func (b *builder) done(total int) (string, []int) {
	return b.sb.String(), append(b.offs, total)
}

// stripPinyin removes parenthesised pinyin that converters leave after a Han
// character ("會(huì)議"), and nothing else: the parentheses must follow a Han
// character directly and hold one lower-case syllable that carries a tone
// mark or is a valid toneless syllable.
func stripPinyin(s string) (string, []int) {
	var b builder
	b.offs = make([]int, 0, len(s)+1)
	prevHan := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r == '(' || r == '（') && prevHan {
			if end, ok := pinyinParen(s, i+w); ok {
				i = end
				continue // prevHan stays true: "會(huì)議(yì)"
			}
		}
		b.add(s[i:i+w], i)
		prevHan = unicode.Is(unicode.Han, r)
		i += w
	}
	return b.done(len(s))
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

// foldWidth maps full-width ASCII variants and ideographic punctuation that
// copies mix freely to one form, so recognisers need match only one: letters
// and digits to ASCII, and ，（）：；！？ to their ASCII forms. The Chinese
// enumeration comma 、, the full stop 。, quotation marks and book-title
// marks are kept, since they carry meaning.
func foldWidth(s string) (string, []int) {
	var b builder
	b.offs = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '！' && r <= '～': // FF01..FF5E: full-width ASCII
			b.addRune(r-'！'+'!', i)
		case r == '\u3000':
			b.addRune(' ', i)
		case r == '\u00a0':
			b.addRune(' ', i)
		case r == '〔' || r == '［':
			b.addRune('〔', i)
		case r == '〕' || r == '］':
			b.addRune('〕', i)
		case r == '\r':
			// dropped: CRLF and CR become LF below
			if i+1 < len(s) && s[i+1] == '\n' {
				i += w
				continue
			}
			b.addRune('\n', i)
		case r == '\ufeff' || r == '\u200b':
			// BOM and zero-width space: noise
		default:
			b.add(s[i:i+w], i)
		}
		i += w
	}
	return b.done(len(s))
}
