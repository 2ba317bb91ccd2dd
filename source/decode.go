package source

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// ErrBinary reports an input that is not text: it has NUL bytes near the
// start, or mostly control, private-use or undecodable characters.
var ErrBinary = errors.New("binary file")

// Canonical names of the encodings Decode reports.
const (
	encUTF8    = "utf-8"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	encGBK     = "gbk"
	encGB18030 = "gb18030"
	encBig5    = "big5"
)

const (
	// sniffLen is how much of the start is searched for NUL bytes.
	sniffLen = 8 << 10
	// maxInvalidUTF8 is the share of invalid bytes (one in a hundred) up to
	// which text that is otherwise UTF-8 is taken as UTF-8 with the bad
	// bytes replaced, rather than as a legacy encoding.
	maxInvalidUTF8 = 100
	// replacementCost is how many common characters one U+FFFD costs a
	// legacy candidate when the candidates are compared.
	replacementCost = 4
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomGB18030 = []byte{0x84, 0x31, 0x95, 0x33}
)

// lookupEncoding maps an encoding label, as accepted by Options.Encoding,
// to its canonical name and decoder. It returns "" for "" and "auto", and
// a nil encoding for UTF-8, which is handled without a transformer.
func lookupEncoding(label string) (name string, enc encoding.Encoding, err error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "", "auto":
		return "", nil, nil
	case "utf-8", "utf8":
		return encUTF8, nil, nil
	case "gbk", "gb2312", "cp936":
		// Web pages labelled gb2312 are GBK in practice (WHATWG maps the
		// label to GBK too).
		return encGBK, simplifiedchinese.GBK, nil
	case "gb18030":
		return encGB18030, simplifiedchinese.GB18030, nil
	case "big5":
		return encBig5, traditionalchinese.Big5, nil
	}
	return "", nil, fmt.Errorf("unknown encoding %q (want auto, utf-8, gbk, gb2312, gb18030 or big5)", label)
}

// Decode decodes b to UTF-8 text and reports the encoding it used.
//
// declared forces an encoding (utf-8, gbk, gb2312, gb18030 or big5, in
// any case); "" or "auto" detects it: a byte-order mark (UTF-8, UTF-16 or
// GB18030) first, then UTF-8
// (a truncated final sequence is dropped, and a few invalid bytes, under
// 1%, become U+FFFD), then GBK, GB18030 and Big5, scored by how many
// common Chinese characters each yields. A leading byte-order mark is
// removed. Decode returns ErrBinary for input that is not text and an
// error for an unknown label; empty input is empty UTF-8 text. It does not
// look at markup: Read also weighs the charset an HTML page declares.
func Decode(b []byte, declared string) (text, enc string, err error) {
	name, e, err := lookupEncoding(declared)
	if err != nil {
		return "", "", err
	}
	if name == "" {
		return detect(b, "")
	}
	if hasNUL(b) {
		return "", "", ErrBinary
	}
	if name == encUTF8 {
		text = decodeUTF8(bytes.TrimPrefix(b, bomUTF8))
	} else {
		text = decodeWith(e, b)
	}
	// Replacement characters only say that the forced encoding is wrong,
	// which is the caller's call.
	if looksBinary(text, false) {
		return "", "", ErrBinary
	}
	return text, name, nil
}

// detect finds the encoding of b. hint is an encoding the document
// declares for itself (an HTML meta charset); it is trusted only as far as
// the bytes bear it out, since pages often declare the wrong one.
func detect(b []byte, hint string) (text, enc string, err error) {
	if len(b) == 0 {
		return "", encUTF8, nil
	}
	// A byte-order mark is the strongest evidence there is. UTF-16 is
	// recognised only this way: without a mark its NUL bytes look binary.
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		text, enc = decodeUTF8(b[len(bomUTF8):]), encUTF8
	case bytes.HasPrefix(b, bomUTF16LE):
		text, enc = decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), b[2:]), encUTF16LE
	case bytes.HasPrefix(b, bomUTF16BE):
		text, enc = decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), b[2:]), encUTF16BE
	case bytes.HasPrefix(b, bomGB18030):
		text, enc = decodeWith(simplifiedchinese.GB18030, b), encGB18030
	default:
		if hasNUL(b) {
			return "", "", ErrBinary
		}
		text, enc = detectNoBOM(b, hint)
	}
	if looksBinary(text, true) {
		return "", "", ErrBinary
	}
	return text, enc, nil
}

// detectNoBOM tells UTF-8 from the legacy Chinese encodings.
func detectNoBOM(b []byte, hint string) (text, enc string) {
	if utf8.Valid(trimIncomplete(b)) {
		return decodeUTF8(b), encUTF8
	}
	// Mostly UTF-8 with a few stray bytes (say a GBK fragment pasted into
	// a UTF-8 file) keeps its UTF-8 text. Requiring more bytes in valid
	// multi-byte sequences than invalid ones keeps out legacy text that is
	// mostly ASCII, whose few Chinese characters are all invalid UTF-8.
	if invalid, multi := utf8Stats(b); invalid*maxInvalidUTF8 < len(b) && multi > invalid {
		return decodeUTF8(b), encUTF8
	}

	// The declared encoding goes first so that it wins ties: GBK and Big5
	// byte ranges overlap so much that both usually decode without error,
	// and only the characters they produce tell them apart.
	candidates := []string{encGBK, encGB18030, encBig5}
	for i, c := range candidates {
		if c == hint {
			copy(candidates[1:i+1], candidates[:i])
			candidates[0] = hint
		}
	}
	best, bestScore := "", 0
	for _, name := range candidates {
		_, e, _ := lookupEncoding(name)
		t := decodeWith(e, b)
		score := commonCount(t) - replacementCost*strings.Count(t, "\uFFFD")
		if best == "" || score > bestScore {
			text, best, bestScore = t, name, score
		}
	}
	return text, best
}

// decodeUTF8 returns b as a string, dropping an incomplete sequence at the
// end (a file cut short) and replacing invalid bytes with U+FFFD.
func decodeUTF8(b []byte) string {
	b = trimIncomplete(b)
	if utf8.Valid(b) {
		return string(b)
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}

// decodeWith decodes b with e, dropping a leading byte-order mark.
// The x/text decoders replace invalid input with U+FFFD rather than fail.
func decodeWith(e encoding.Encoding, b []byte) string {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		// Not expected from these decoders; keep what is certain.
		out = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return strings.TrimPrefix(string(out), "\uFEFF")
}

// trimIncomplete drops the last bytes of b if they start a UTF-8 sequence
// that the end of b cuts short.
func trimIncomplete(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// utf8Stats counts the bytes of b that are not valid UTF-8 and those in
// valid multi-byte sequences.
func utf8Stats(b []byte) (invalid, multi int) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			multi += size
		}
		b = b[size:]
	}
	return invalid, multi
}

func hasNUL(b []byte) bool {
	return bytes.IndexByte(b[:min(len(b), sniffLen)], 0) >= 0
}

// looksBinary reports whether more than a fifth of the characters of s are
// ones that text does not contain: controls other than white space,
// private-use code points (where GB18030 puts undefined byte pairs) and,
// if replaced is true, replacement characters.
func looksBinary(s string, replaced bool) bool {
	total, bad := 0, 0
	for _, r := range s {
		total++
		switch {
		case r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r':
		case r == utf8.RuneError:
			if replaced {
				bad++
			}
		case unicode.IsControl(r) || unicode.Is(unicode.Co, r):
			bad++
		}
	}
	return bad*5 > total
}

// commonCount counts the characters of s that are among the most common
// in Chinese news.
func commonCount(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x3000 && isCommon(r) {
			n++
		}
	}
	return n
}
