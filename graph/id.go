package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxArticleIDBytes is the longest article ID, in bytes of UTF-8.
const MaxArticleIDBytes = 512

// ErrInvalidArticleID is wrapped by the errors of CheckArticleID.
var ErrInvalidArticleID = errors.New("invalid article ID")

// CheckArticleID returns nil for a valid article ID, else an error wrapping
// ErrInvalidArticleID that says what is wrong with it.
//
// A valid article ID is 1 to MaxArticleIDBytes bytes of UTF-8 with no
// control or format characters (Unicode Cc and Cf: NUL, tabs, line breaks,
// zero-width and direction marks among them), no white space at either
// end, and is neither "." nor "..". Any other character may appear,
// '/', '%', '?', '#' and spaces among them: over HTTP an ID is one path
// segment, percent-encoded (/api/articles/https:%2F%2Fx.cn%2Fa.html).
//
// Every ID the server and the command line make up themselves (from a URL,
// a file name, the hash of a text) is valid: see NewArticleID.
func CheckArticleID(id string) error {
	bad := func(why string) error { return fmt.Errorf("%w %.80q: %s", ErrInvalidArticleID, id, why) }
	switch {
	case id == "":
		return fmt.Errorf("%w: empty", ErrInvalidArticleID)
	case len(id) > MaxArticleIDBytes:
		return bad(fmt.Sprintf("%d bytes, longer than %d", len(id), MaxArticleIDBytes))
	case !utf8.ValidString(id):
		return bad("not valid UTF-8")
	case id == "." || id == "..":
		return bad(`"." and ".." are not IDs`)
	case strings.TrimSpace(id) != id:
		return bad("white space at the start or end")
	}
	for i, r := range id {
		if badIDRune(r) {
			return bad(fmt.Sprintf("control or format character %U at byte %d", r, i))
		}
	}
	return nil
}

// badIDRune reports a rune an article ID may not hold.
func badIDRune(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)
}

// NewArticleID returns a valid article ID made from s, a file name or a
// URL: s itself if it is valid, else s with invalid UTF-8 replaced by
// U+FFFD, control and format characters by '_' and the white space at its
// ends trimmed; an ID still too long is cut, and ends with a hash of all of
// s so that two long names stay two IDs. It returns "" when nothing of s is
// left (the caller then uses the hash of the text).
func NewArticleID(s string) string {
	if CheckArticleID(s) == nil {
		return s
	}
	id := strings.Map(func(r rune) rune {
		if badIDRune(r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	id = strings.TrimSpace(id)
	switch id {
	case "":
		return ""
	case ".", "..":
		id = "_" + id
	}
	if len(id) > MaxArticleIDBytes {
		sum := sha256.Sum256([]byte(s))
		suffix := "~" + hex.EncodeToString(sum[:8])
		cut := MaxArticleIDBytes - len(suffix)
		for cut > 0 && !utf8.RuneStart(id[cut]) {
			cut--
		}
		id = strings.TrimSpace(id[:cut]) + suffix
	}
	return id
}
