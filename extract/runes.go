package extract

import (
	"strings"
	"unicode/utf8"
)

// decodeRune is utf8.DecodeRuneInString with the three-byte characters of
// Chinese text decoded inline: the library's inlined fast path covers only
// ASCII, and the call for everything else was a tenth of extraction time.
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 && s[0]&0xF0 == 0xE0 && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		r := rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s)
}

// hasAny tells whether s contains any of words: a search per word, which
// for a few short words is faster than strings.ContainsAny's walk over
// the characters of s when they are not ASCII.
func hasAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
