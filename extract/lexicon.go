package extract

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/unionkg/kg/data"
)

// wordSet is a set of words with longest-match lookup at a position.
type wordSet struct {
	words  map[string]bool
	maxLen int // in bytes
	// first holds the first rune of every word: most positions of a text
	// start no word, and this answers them with one lookup.
	first map[rune]bool
}

func newWordSet(words []string) wordSet {
	ws := wordSet{words: make(map[string]bool, len(words)), first: map[rune]bool{}}
	for _, w := range words {
		ws.words[w] = true
		ws.maxLen = max(ws.maxLen, len(w))
		r, _ := utf8.DecodeRuneInString(w)
		ws.first[r] = true
	}
	return ws
}

// prefix returns the longest word that s starts with, or "".
func (ws wordSet) prefix(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); !ws.first[r] {
		return ""
	}
	n := min(ws.maxLen, len(s))
	for n > 0 {
		if ws.words[s[:n]] {
			return s[:n]
		}
		_, w := utf8.DecodeLastRuneInString(s[:n])
		n -= w
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
	}
	return ""
}

// suffix returns the longest word that s ends with, or "".
func (ws wordSet) suffix(s string) string {
	start := max(0, len(s)-ws.maxLen)
	for start < len(s) && !utf8.RuneStart(s[start]) {
		start++
	}
	for start < len(s) {
		if ws.words[s[start:]] {
			return s[start:]
		}
		_, w := utf8.DecodeRuneInString(s[start:])
		start += w
	}
	return ""
}

func (ws wordSet) has(s string) bool { return ws.words[s] }

// lexicons holds the word lists of data/lexicon.
type lexicons struct {
	surnames    wordSet
	titles      wordSet
	bylines     wordSet
	followers   wordSet
	relayVerbs  wordSet
	meetings    wordSet
	slogans     wordSet
	figurative  wordSet
	unionHeads  wordSet
	orgSuffix   wordSet
	descriptors wordSet
	// titleList is titles sorted longest first, for scanning.
	titleList []string
}

func loadLexicons() (*lexicons, error) {
	get := func(name string) ([]string, error) {
		ws, err := data.Lexicon(name)
		if err != nil {
			return nil, fmt.Errorf("load lexicons: %w", err)
		}
		return ws, nil
	}
	lx := &lexicons{}
	for _, l := range []struct {
		name string
		dst  *wordSet
	}{
		{"surnames", &lx.surnames},
		{"titles", &lx.titles},
		{"bylines", &lx.bylines},
		{"name_followers", &lx.followers},
		{"relay_verbs", &lx.relayVerbs},
		{"meeting_kinds", &lx.meetings},
		{"slogans", &lx.slogans},
		{"figurative", &lx.figurative},
		{"union_heads", &lx.unionHeads},
		{"org_suffixes", &lx.orgSuffix},
		{"descriptors", &lx.descriptors},
	} {
		ws, err := get(l.name)
		if err != nil {
			return nil, err
		}
		*l.dst = newWordSet(ws)
		if l.name == "titles" {
			lx.titleList = ws
		}
	}
	sort.SliceStable(lx.titleList, func(i, j int) bool { return len(lx.titleList[i]) > len(lx.titleList[j]) })
	return lx, nil
}

// hasAnyPrefix reports whether s starts with one of ps.
func hasAnyPrefix(s string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hasAnySuffix reports whether s ends with one of ps.
func hasAnySuffix(s string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}
