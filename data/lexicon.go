package data

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
)

//go:embed lexicon/*.txt
var lexicons embed.FS

// Lexicon returns the entries of the word list data/lexicon/NAME.txt: one
// entry per line, with blank lines and lines starting with # left out.
func Lexicon(name string) ([]string, error) {
	b, err := lexicons.ReadFile("lexicon/" + name + ".txt")
	if err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", name, err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", name, err)
	}
	return out, nil
}
