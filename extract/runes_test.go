package extract

import (
	"testing"
	"unicode/utf8"
)

func TestDecodeRune(t *testing.T) {
	for _, s := range []string{"", "a", "工会", "é", "𠀀", "\xe4\xb8", "\xe4\xb8\x41", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbd", "\xff"} {
		r, n := decodeRune(s)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("decodeRune(%q) = %q, %d; want %q, %d", s, r, n, wr, wn)
		}
	}
}
