package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/unionkg/kg/data"
)

// wordSet is a set of words with longest-match lookup at a position.
type wordSet struct {
	words    map[string]bool
	list     []string
	pre, suf *trie
}

func newWordSet(words []string) wordSet {
	ws := wordSet{words: make(map[string]bool, len(words))}
	for _, w := range words {
		if w != "" && !ws.words[w] {
			ws.words[w] = true
			ws.list = append(ws.list, w)
		}
	}
	ws.pre, ws.suf = newTrie(ws.list, false), newTrie(ws.list, true)
	return ws
}

// prefix returns the longest word that s starts with, or "".
func (ws wordSet) prefix(s string) string {
	n, _ := ws.pre.longest(s)
	return s[:n]
}

// suffix returns the longest word that s ends with, or "".
func (ws wordSet) suffix(s string) string {
	n, _ := ws.suf.longest(s)
	return s[len(s)-n:]
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
	studyForms  wordSet
	// leaders are national leaders often named without a title
	// (data/lexicon/leaders.txt).
	leaders wordSet
	// actionVerbs cannot begin a body's name (data/lexicon/action_verbs.txt).
	actionVerbs wordSet
	// brandFollowers after a quotation make it the name of a publication,
	// an account or a platform (data/lexicon/brand_followers.txt).
	brandFollowers wordSet
	// nationalMeetings maps every form of a recurring national meeting
	// (data/lexicon/national_meetings.txt) to its common name.
	nationalMeetings map[string]string
	// nationalForms is the keys of nationalMeetings, longest first, so
	// that a longer form claims its place before a form inside it
	// (中共中央政治局会议 before 中央政治局会议).
	nationalForms []string
	// namedBodies maps every form of a body outside the territorial
	// hierarchy (data/lexicon/named_bodies.txt) to its entry.
	namedBodies map[string]data.NamedBody
	// listedEnds, listedScopes and listedNot describe the meetings named
	// without an ordinal that a relay list may name
	// (data/lexicon/listed_meetings.txt).
	listedEnds, listedScopes, listedNot wordSet
	// titleList is titles sorted longest first, for scanning.
	titleList []string
	// holder* describe the names of bodies that are not unions and hold
	// relay meetings (data/lexicon/holder_orgs.txt): endings, the
	// institution words that stand alone before an ending, democratic
	// parties, bodies written after a level character, and the words that
	// make a name a class of bodies. holderOpen are the words a clause
	// opens with that never open a name: modals of exhortation and verbs
	// of organising. holderBare are the bodies an institution's article
	// names by their bare word (工会, 妇女委员会). holderEndList is longest
	// first.
	holderEnds, holderSelf, holderParty, holderShort, holderNot, holderOpen, holderBare wordSet
	holderEndList                                                                       []string
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
		{"study_forms", &lx.studyForms},
		{"action_verbs", &lx.actionVerbs},
		{"leaders", &lx.leaders},
		{"brand_followers", &lx.brandFollowers},
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
	ho, err := get("holder_orgs")
	if err != nil {
		return nil, err
	}
	kinds := map[string][]string{}
	for _, line := range ho {
		kind, word, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("load lexicons: holder_orgs: %q has no kind", line)
		}
		kinds[kind] = append(kinds[kind], strings.TrimSpace(word))
	}
	lx.holderEnds, lx.holderSelf, lx.holderParty = newWordSet(kinds["end"]), newWordSet(kinds["self"]), newWordSet(kinds["party"])
	lx.holderShort, lx.holderNot, lx.holderOpen = newWordSet(kinds["short"]), newWordSet(kinds["not"]), newWordSet(kinds["open"])
	lx.holderBare = newWordSet(kinds["bare"])
	lx.holderEndList = append([]string(nil), lx.holderEnds.list...)
	sort.SliceStable(lx.holderEndList, func(a, b int) bool { return len(lx.holderEndList[a]) > len(lx.holderEndList[b]) })
	nm, err := get("national_meetings")
	if err != nil {
		return nil, err
	}
	lx.nationalMeetings = map[string]string{}
	for _, line := range nm {
		forms := strings.Split(line, "|")
		for _, f := range forms {
			lx.nationalMeetings[strings.TrimSpace(f)] = strings.TrimSpace(forms[0])
		}
	}
	for f := range lx.nationalMeetings {
		lx.nationalForms = append(lx.nationalForms, f)
	}
	sort.Slice(lx.nationalForms, func(a, b int) bool {
		fa, fb := lx.nationalForms[a], lx.nationalForms[b]
		return len(fa) > len(fb) || len(fa) == len(fb) && fa < fb
	})
	lm, err := get("listed_meetings")
	if err != nil {
		return nil, err
	}
	var ends, scopes, nots []string
	for _, line := range lm {
		kind, w, _ := strings.Cut(line, ":")
		switch kind {
		case "end":
			ends = append(ends, w)
		case "scope":
			scopes = append(scopes, w)
		case "not":
			nots = append(nots, w)
		}
	}
	lx.listedEnds, lx.listedScopes, lx.listedNot = newWordSet(ends), newWordSet(scopes), newWordSet(nots)
	nb, err := data.NamedBodies()
	if err != nil {
		return nil, fmt.Errorf("load lexicons: %w", err)
	}
	lx.namedBodies = map[string]data.NamedBody{}
	for _, b := range nb {
		for _, n := range append([]string{b.Name}, b.Aliases...) {
			lx.namedBodies[n] = b
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

// scanned returns the lexicon words whose every occurrence in an article
// is wanted, for the anchor index to find in its one pass.
func (lx *lexicons) scanned() []string {
	return slices.Concat(unionKeywords(), lx.holderEndList, lx.holderSelf.list, lx.holderBare.list, lx.nationalForms)
}
