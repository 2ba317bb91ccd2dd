// Package hans converts Han script text between its Traditional and
// Simplified forms.
//
// The Converter made by NewT2S turns Traditional Chinese into Simplified
// Chinese the way OpenCC's t2s conversion does: at each position the longest
// phrase of OpenCC's TSPhrases table wins, otherwise the character is looked
// up in TSCharacters, otherwise it is copied. Phrases keep the exceptions
// that a character table cannot express (乾淨→干净 but 乾隆 stays 乾隆).
// ConvertMap also reports, for every output byte, where in the input it came
// from, so that spans found in the Simplified text can be mapped back.
//
// The dictionaries are OpenCC's Apache-2.0 text files (package data embeds
// them); this package only reads them and links no OpenCC code.
package hans

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// Dictionary file names read by NewT2S.
const (
	fileTSPhrases    = "TSPhrases.txt"
	fileTSCharacters = "TSCharacters.txt"
	fileCompat       = "CJK_Compatibility_Ideographs.txt"
	fileTWRev        = "TWVariantsRev.txt"
	fileHKRev        = "HKVariantsRev.txt"
	fileTWRevPhrases = "TWVariantsRevPhrases.txt"
	fileHKRevPhrases = "HKVariantsRevPhrases.txt"
)

// maxPhraseRunes bounds the length of a dictionary key, and so the look-ahead
// of the longest-match search.
const maxPhraseRunes = 32

// variantCharDeny lists the characters that a Taiwan/Hong Kong variant table
// would fold but that are also ordinary Simplified characters, so folding
// them would change already-Simplified text: TWVariantsRev maps 著 to 着,
// right for Taiwan's 看著 but wrong for 显著, 著名, 土著 in Simplified text
// and in OpenCC-standard Traditional text.
const variantCharDeny = "著"

// slot is what the converter knows about one rune.
type slot struct {
	out       string // Simplified replacement of the rune alone; "" if none
	norm      string // CJK compatibility normalization of the rune; "" if none
	maxPhrase uint8  // longest phrase key, in runes, starting with this rune
}

// Converter converts Han text with OpenCC dictionaries. It is read-only once
// built and safe for concurrent use. The zero Converter copies its input.
type Converter struct {
	bmp     []uint16        // rune below 0x10000 -> index in slots; 0 = none
	astral  map[rune]uint16 // other runes -> index in slots
	slots   []slot          // slots[0] is unused
	phrases map[string]string
	// pairs holds the first two characters of every phrase, so that a
	// position no phrase starts at costs one lookup, not one per length.
	pairs map[[2]rune]struct{}
}

// NewT2S builds a Traditional→Simplified converter from the OpenCC
// dictionaries in fsys (see data.OpenCC), at the root of fsys.
//
// TSPhrases.txt and TSCharacters.txt are required: they are what OpenCC's
// t2s.json converts with (phrases first, longest match). Optional, used when
// present:
//
//   - CJK_Compatibility_Ideographs.txt: OpenCC's normalization pre-pass, which
//     maps compatibility ideographs (U+F900…) to their unified forms first.
//   - TWVariantsRev.txt, HKVariantsRev.txt, TWVariantsRevPhrases.txt,
//     HKVariantsRevPhrases.txt: the tables OpenCC's tw2s.json and hk2s.json
//     run before t2s. They are folded into the t2s tables, only where they
//     change the result and only where they cannot harm Simplified text: a
//     variant character is folded only if t2s leaves it unchanged and it is
//     not itself a Simplified form that t2s produces (so 衞→卫, 敍→叙, 衹→只,
//     粧→妆 fold, while 么 and 著 stay, as 显著 and 什么 must); variant
//     phrases are added where they give a different result than t2s alone.
//
// Each line of a dictionary is "key<TAB>value[ alternative...]"; the first
// value is used. Empty lines and lines starting with '#' are skipped.
func NewT2S(fsys fs.FS) (*Converter, error) {
	c := &Converter{
		bmp:     make([]uint16, 0x10000),
		astral:  make(map[rune]uint16),
		slots:   make([]slot, 1, 8192),
		phrases: make(map[string]string, 1024),
		pairs:   make(map[[2]rune]struct{}, 1024),
	}
	// simplified holds the Simplified forms that t2s produces.
	simplified := make(map[rune]bool, 4096)
	err := readDict(fsys, fileTSCharacters, false, func(k, v string) error {
		r, ok := singleRune(k)
		if !ok {
			return fmt.Errorf("key %q is not a single character", k)
		}
		if k == v {
			return nil // identity: nothing to do
		}
		s, err := c.slotFor(r)
		if err != nil {
			return err
		}
		if s.out == "" {
			s.out = v
			if vr, ok := singleRune(v); ok {
				simplified[vr] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := readDict(fsys, fileTSPhrases, false, c.addPhrase); err != nil {
		return nil, err
	}

	// Variant tables: work out everything against the t2s tables alone,
	// then add it.
	type pair struct{ k, v string }
	var addChars, addPhrases []pair
	seen := make(map[string]bool)
	for _, name := range []string{fileTWRev, fileHKRev} {
		err := readDict(fsys, name, true, func(k, v string) error {
			r, ok := singleRune(k)
			if !ok {
				return fmt.Errorf("key %q is not a single character", k)
			}
			if seen[k] {
				return nil // an earlier table decided this character
			}
			seen[k] = true
			if s := c.lookup(r); s != nil && s.out != "" {
				return nil // t2s already converts it
			}
			if simplified[r] || strings.ContainsRune(variantCharDeny, r) {
				return nil // a Simplified character: leave it alone
			}
			if f := c.Convert(v); f != k {
				addChars = append(addChars, pair{k, f})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	clear(seen)
	for _, name := range []string{fileTWRevPhrases, fileHKRevPhrases} {
		err := readDict(fsys, name, true, func(k, v string) error {
			if seen[k] {
				return nil
			}
			seen[k] = true
			if f := c.Convert(v); f != c.Convert(k) {
				addPhrases = append(addPhrases, pair{k, f})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, p := range addChars {
		r, _ := singleRune(p.k)
		s, err := c.slotFor(r)
		if err != nil {
			return nil, err
		}
		s.out = p.v
	}
	for _, p := range addPhrases {
		delete(c.phrases, p.k) // the variant result overrides t2s's
		if err := c.addPhrase(p.k, p.v); err != nil {
			return nil, fmt.Errorf("hans: variant phrase %q: %w", p.k, err)
		}
	}

	err = readDict(fsys, fileCompat, true, func(k, v string) error {
		r, ok := singleRune(k)
		if !ok {
			return fmt.Errorf("key %q is not a single character", k)
		}
		if k == v {
			return nil
		}
		if _, ok := singleRune(v); !ok {
			// A longer value could itself hold compatibility ideographs
			// and would make normalization not idempotent; OpenCC's table
			// has none.
			return fmt.Errorf("value %q of %q is not a single character", v, k)
		}
		s, err := c.slotFor(r)
		if err != nil {
			return err
		}
		if s.norm == "" {
			s.norm = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A compatibility ideograph must not be a normalization target, or the
	// normalization pass would not be final.
	for i := range c.slots {
		if n := c.slots[i].norm; n != "" {
			r, _ := singleRune(n)
			if s := c.lookup(r); s != nil && s.norm != "" {
				return nil, fmt.Errorf("hans: %s: %q normalizes to %q, which normalizes again", fileCompat, string(r), n)
			}
		}
	}
	return c, nil
}

// addPhrase records a phrase; the first entry for a key wins. A one-rune key
// overrides the character table, as phrases take priority.
func (c *Converter) addPhrase(k, v string) error {
	n := utf8.RuneCountInString(k)
	if n > maxPhraseRunes {
		return fmt.Errorf("key %q is longer than %d characters", k, maxPhraseRunes)
	}
	first, _ := utf8.DecodeRuneInString(k)
	s, err := c.slotFor(first)
	if err != nil {
		return err
	}
	if n == 1 {
		s.out = v
		return nil
	}
	if _, dup := c.phrases[k]; dup {
		return nil
	}
	c.phrases[k] = v
	second, _ := utf8.DecodeRuneInString(k[len(string(first)):])
	c.pairs[[2]rune{first, second}] = struct{}{}
	if uint8(n) > s.maxPhrase {
		s.maxPhrase = uint8(n)
	}
	return nil
}

// slotFor returns the slot of r, creating it if needed.
func (c *Converter) slotFor(r rune) (*slot, error) {
	var idx uint16
	if r < 0x10000 {
		idx = c.bmp[r]
	} else {
		idx = c.astral[r]
	}
	if idx == 0 {
		if len(c.slots) > 0xFFFF {
			return nil, errors.New("more than 65535 distinct characters")
		}
		idx = uint16(len(c.slots))
		c.slots = append(c.slots, slot{})
		if r < 0x10000 {
			c.bmp[r] = idx
		} else {
			c.astral[r] = idx
		}
	}
	return &c.slots[idx], nil
}

// lookup returns the slot of r, or nil.
func (c *Converter) lookup(r rune) *slot {
	var idx uint16
	if r < 0x10000 {
		if int(r) >= len(c.bmp) {
			return nil
		}
		idx = c.bmp[r]
	} else {
		idx = c.astral[r]
	}
	if idx == 0 {
		return nil
	}
	return &c.slots[idx]
}

// singleRune reports the rune of s if s is exactly one valid rune.
func singleRune(s string) (rune, bool) {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || n != len(s) || r == utf8.RuneError {
		return 0, false
	}
	return r, true
}

// readDict calls fn with the key and first value of every entry of the
// OpenCC text dictionary name in fsys. A missing optional file is skipped.
func readDict(fsys fs.FS, name string, optional bool, fn func(k, v string) error) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		if optional && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("hans: read dictionary: %w", err)
	}
	text := string(b)
	for lineNo := 1; len(text) > 0; lineNo++ {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		k, vals, ok := strings.Cut(line, "\t")
		v, _, _ := strings.Cut(vals, " ")
		if !ok || k == "" || v == "" || !utf8.ValidString(line) {
			return fmt.Errorf("hans: %s:%d: malformed entry %q", name, lineNo, line)
		}
		if err := fn(k, v); err != nil {
			return fmt.Errorf("hans: %s:%d: %w", name, lineNo, err)
		}
	}
	return nil
}

// Match kinds.
const (
	kindCopy    = iota // copy s[i:end] unchanged
	kindReplace        // write out for s[i:end]
	kindNorm           // a compatibility ideograph: normalize first
)

// match decides what to do with the non-ASCII text starting at s[i]: it
// returns the end of the span it consumes, the kind, and the replacement.
func (c *Converter) match(s string, i int) (end, kind int, out string) {
	r, size := utf8.DecodeRuneInString(s[i:])
	sl := c.lookup(r)
	if sl == nil {
		return i + size, kindCopy, ""
	}
	if sl.norm != "" {
		return i + size, kindNorm, ""
	}
	if sl.maxPhrase > 0 && c.startsPair(r, s[i+size:]) {
		var ends [maxPhraseRunes + 1]int
		ends[1] = i + size
		n := 1
		for n < int(sl.maxPhrase) && ends[n] < len(s) {
			_, sz := utf8.DecodeRuneInString(s[ends[n]:])
			ends[n+1] = ends[n] + sz
			n++
		}
		for ; n >= 2; n-- {
			if v, ok := c.phrases[s[i:ends[n]]]; ok {
				if v == s[i:ends[n]] {
					return ends[n], kindCopy, ""
				}
				return ends[n], kindReplace, v
			}
		}
	}
	if sl.out != "" {
		return i + size, kindReplace, sl.out
	}
	return i + size, kindCopy, ""
}

// startsPair reports whether some phrase starts with r and then the first
// character of rest.
func (c *Converter) startsPair(r rune, rest string) bool {
	second, n := utf8.DecodeRuneInString(rest)
	if n == 0 {
		return false
	}
	_, ok := c.pairs[[2]rune{r, second}]
	return ok
}

// Convert returns s converted. Text that the dictionaries do not cover —
// already-Simplified text, ASCII, punctuation, invalid UTF-8 — is copied
// unchanged; if nothing changes, s itself is returned.
func (c *Converter) Convert(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		end, kind, out := c.match(s, i)
		switch kind {
		case kindNorm:
			n, _ := c.normalize(s, false)
			return c.Convert(n)
		case kindReplace:
			if b.Cap() == 0 {
				b.Grow(len(s) + len(s)/16)
			}
			b.WriteString(s[last:i])
			b.WriteString(out)
			last = end
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// ConvertMap returns Convert(s) together with an offset map back to s.
//
// offs has len(out)+1 entries; offs[j] is the byte offset in s of the input
// that produced out[j], and offs[len(out)] == len(s). The entries never
// decrease, so a byte span [a, b) of out comes from s[offs[a]:offs[b]]. In
// detail:
//
//   - a byte copied unchanged from s maps to its own offset, so offs is the
//     identity where nothing was converted;
//   - every byte of a replaced character maps to the start of the source
//     character;
//   - a phrase of n characters replaced by n characters is aligned character
//     by character, as above; a phrase replaced by a different number of
//     characters maps every output byte to the start of the source phrase;
//   - a CJK compatibility ideograph normalized away counts as replaced.
//
// So offs[a] is a character boundary of s whenever a is one of out.
func (c *Converter) ConvertMap(s string) (out string, offs []int) {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	offs = make([]int, 0, len(s)+len(s)/16+1)
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf {
				j++
			}
			b.WriteString(s[i:j])
			offs = appendIdentity(offs, i, j)
			i = j
			continue
		}
		end, kind, rep := c.match(s, i)
		switch kind {
		case kindNorm:
			return c.convertMapNorm(s)
		case kindCopy:
			b.WriteString(s[i:end])
			offs = appendIdentity(offs, i, end)
		case kindReplace:
			b.WriteString(rep)
			offs = appendAligned(offs, s[i:end], i, rep)
		}
		i = end
	}
	offs = append(offs, len(s))
	return b.String(), offs
}

// convertMapNorm is ConvertMap for input holding compatibility ideographs:
// normalize, convert, and compose the two offset maps.
func (c *Converter) convertMapNorm(s string) (string, []int) {
	n, noffs := c.normalize(s, true)
	out, offs := c.ConvertMap(n)
	for j, o := range offs {
		offs[j] = noffs[o]
	}
	return out, offs
}

// normalize replaces the compatibility ideographs of s by their unified
// forms, with an offset map (len(n)+1 entries) if withOffs is set.
func (c *Converter) normalize(s string, withOffs bool) (n string, offs []int) {
	var b strings.Builder
	b.Grow(len(s))
	if withOffs {
		offs = make([]int, 0, len(s)+1)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if sl := c.lookup(r); sl != nil && sl.norm != "" {
			b.WriteString(sl.norm)
			if withOffs {
				for range len(sl.norm) {
					offs = append(offs, i)
				}
			}
		} else {
			b.WriteString(s[i : i+size])
			if withOffs {
				offs = appendIdentity(offs, i, i+size)
			}
		}
		i += size
	}
	if withOffs {
		offs = append(offs, len(s))
	}
	return b.String(), offs
}

// appendIdentity appends the offsets from..to-1.
func appendIdentity(offs []int, from, to int) []int {
	for k := from; k < to; k++ {
		offs = append(offs, k)
	}
	return offs
}

// appendAligned appends the offsets of rep, the replacement of src, which
// starts at byte base of the input.
func appendAligned(offs []int, src string, base int, rep string) []int {
	if utf8.RuneCountInString(src) != utf8.RuneCountInString(rep) {
		for range len(rep) {
			offs = append(offs, base)
		}
		return offs
	}
	si := 0
	for ri := 0; ri < len(rep); {
		_, rsz := utf8.DecodeRuneInString(rep[ri:])
		_, ssz := utf8.DecodeRuneInString(src[si:])
		if rep[ri:ri+rsz] == src[si:si+ssz] {
			offs = appendIdentity(offs, base+si, base+si+ssz)
		} else {
			for range rsz {
				offs = append(offs, base+si)
			}
		}
		ri += rsz
		si += ssz
	}
	return offs
}
