package data

import (
	"fmt"
	"strings"
)

// Synonyms returns the synonym list lexicon/NAME.txt: one value a line, a
// tab, then the other words for it separated by |. Each entry holds the
// value first, then its words, in the file's order. A word may name one
// value only.
func Synonyms(name string) ([][]string, error) {
	lines, err := Lexicon(name)
	if err != nil {
		return nil, err
	}
	out, err := parseSynonyms(lines)
	if err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", name, err)
	}
	return out, nil
}

func parseSynonyms(lines []string) ([][]string, error) {
	out := make([][]string, 0, len(lines))
	owner := map[string]string{}
	for i, line := range lines {
		value, words, ok := strings.Cut(line, "\t")
		value = strings.TrimSpace(value)
		if !ok || value == "" {
			return nil, fmt.Errorf("entry %d: want a value, a tab and its words", i+1)
		}
		entry := []string{value}
		for _, w := range append([]string{value}, strings.Split(words, "|")...) {
			w = strings.TrimSpace(w)
			if w == "" {
				continue
			}
			if o, dup := owner[w]; dup && o != value {
				return nil, fmt.Errorf("entry %d: %q already names %s", i+1, w, o)
			}
			if _, dup := owner[w]; !dup && w != value {
				entry = append(entry, w)
			}
			owner[w] = value
		}
		out = append(out, entry)
	}
	return out, nil
}
