package data

import (
	"fmt"
	"strings"
)

// NamedBody is a union body outside the territorial hierarchy, from
// lexicon/named_bodies.txt.
type NamedBody struct {
	// Name is the canonical name; Aliases are its other forms.
	Name    string
	Aliases []string
	// Level is "industry" for a national industry union, "region" for a
	// federation of Hong Kong or Macau.
	Level string
	// Parent is the canonical name of the body it is part of, or "".
	Parent string
}

// NamedBodies returns the bodies of lexicon/named_bodies.txt.
func NamedBodies() ([]NamedBody, error) {
	lines, err := Lexicon("named_bodies")
	if err != nil {
		return nil, err
	}
	return parseNamedBodies(lines)
}

func parseNamedBodies(lines []string) ([]NamedBody, error) {
	out := make([]NamedBody, 0, len(lines))
	for i, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("lexicon named_bodies: entry %d: want 3 tab-separated fields, got %d", i+1, len(f))
		}
		names := strings.Split(f[2], "|")
		b := NamedBody{Name: strings.TrimSpace(names[0]), Level: strings.TrimSpace(f[0])}
		if p := strings.TrimSpace(f[1]); p != "-" {
			b.Parent = p
		}
		for _, a := range names[1:] {
			if a = strings.TrimSpace(a); a != "" {
				b.Aliases = append(b.Aliases, a)
			}
		}
		if b.Name == "" || (b.Level != "industry" && b.Level != "region") {
			return nil, fmt.Errorf("lexicon named_bodies: entry %d: bad name or level %q", i+1, b.Level)
		}
		out = append(out, b)
	}
	return out, nil
}
