package extract

import "unicode/utf8"

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
