// Package gazetteer reads a gazetteer of China's administrative divisions —
// provinces, prefecture-level cities and county-level divisions — and looks
// divisions up by code or by full or short name.
//
// The data is a tab-separated file with one division a line:
//
//	code<TAB>parent<TAB>level<TAB>name
//
// where level is "province", "city" or "county" and parent is empty for a
// province. Blank lines and lines starting with '#' are skipped. The project
// ships such a file as data/divisions.tsv; pass data.Divisions() to Load.
//
// A Gazetteer is immutable once loaded and safe for concurrent use.
package gazetteer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Level is the tier of an administrative division.
type Level int

// The levels of division a Gazetteer holds, from the top down.
const (
	// Province is a provincial-level division: 省, 自治区, 直辖市 (北京市,
	// 天津市, 上海市, 重庆市) and 特别行政区.
	Province Level = iota + 1
	// City is a prefecture-level division: 地级市, 地区, 自治州 and 盟.
	City
	// County is a county-level division: 市辖区, 县级市, 县, 自治县, 旗 and the
	// like.
	County
)

// String returns the level's name as written in the data file: "province",
// "city" or "county".
func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case City:
		return "city"
	case County:
		return "county"
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// ParseLevel returns the Level named s, as written by Level.String.
func ParseLevel(s string) (Level, error) {
	switch s {
	case "province":
		return Province, nil
	case "city":
		return City, nil
	case "county":
		return County, nil
	}
	return 0, fmt.Errorf("unknown level %q (want province, city or county)", s)
}

// Division is one administrative division.
type Division struct {
	// Code is the division's code, such as "510182" for 彭州市.
	Code string
	// Parent is the code of the division directly above, or "" for a
	// province. A county governed directly by its province (济源市, or a
	// district of 北京市) has the province as parent.
	Parent string
	// Name is the full official name, such as "都江堰市".
	Name string
	// Level is the division's tier.
	Level Level
}

// ParseError reports a line of the data that could not be loaded.
type ParseError struct {
	// Line is the 1-based line number in the input.
	Line int
	// Err is what was wrong with the line.
	Err error
}

// Error implements the error interface.
func (e *ParseError) Error() string {
	return "gazetteer: line " + strconv.Itoa(e.Line) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Gazetteer holds a set of divisions indexed by code and by name. Build one
// with Load.
type Gazetteer struct {
	divs   []Division       // in input order
	byCode map[string]int   // code -> index in divs
	byName map[string][]int // full or short name -> indices into divs, best first
	names  []string         // sorted keys of byName
}

// Load reads divisions in the tab-separated format described in the package
// documentation. It checks that codes are unique, that every parent exists
// and that each division's parent is of a higher level (a city's parent must
// be a province; a county's a city or a province). A malformed or
// inconsistent line yields a *ParseError naming it.
func Load(r io.Reader) (*Gazetteer, error) {
	g := &Gazetteer{byCode: make(map[string]int)}
	lines := make(map[string]int) // code -> line number
	sc := bufio.NewScanner(r)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d, err := parseLine(line)
		if err != nil {
			return nil, &ParseError{Line: lineNo, Err: err}
		}
		if prev, dup := lines[d.Code]; dup {
			return nil, &ParseError{Line: lineNo, Err: fmt.Errorf("duplicate code %s (first on line %d)", d.Code, prev)}
		}
		lines[d.Code] = lineNo
		g.byCode[d.Code] = len(g.divs)
		g.divs = append(g.divs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: reading divisions after line %d: %w", lineNo, err)
	}
	for _, d := range g.divs {
		if err := g.checkParent(d); err != nil {
			return nil, &ParseError{Line: lines[d.Code], Err: err}
		}
	}
	g.index()
	return g, nil
}

// parseLine parses one non-comment line of the data.
func parseLine(line string) (Division, error) {
	f := strings.Split(line, "\t")
	if len(f) != 4 {
		return Division{}, fmt.Errorf("want 4 tab-separated fields (code, parent, level, name), got %d", len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	code, parent, name := f[0], f[1], f[3]
	if code == "" {
		return Division{}, errors.New("empty code")
	}
	if name == "" {
		return Division{}, fmt.Errorf("division %s: empty name", code)
	}
	level, err := ParseLevel(f[2])
	if err != nil {
		return Division{}, fmt.Errorf("division %s: %w", code, err)
	}
	if parent == code {
		return Division{}, fmt.Errorf("division %s is its own parent", code)
	}
	return Division{Code: code, Parent: parent, Name: name, Level: level}, nil
}

// checkParent checks that d's parent exists and sits above d.
func (g *Gazetteer) checkParent(d Division) error {
	if d.Level == Province {
		if d.Parent != "" {
			return fmt.Errorf("province %s %s has parent %s; want none", d.Code, d.Name, d.Parent)
		}
		return nil
	}
	if d.Parent == "" {
		return fmt.Errorf("%s %s %s has no parent", d.Level, d.Code, d.Name)
	}
	i, ok := g.byCode[d.Parent]
	if !ok {
		return fmt.Errorf("%s %s %s: parent %s not found", d.Level, d.Code, d.Name, d.Parent)
	}
	p := g.divs[i]
	if p.Level >= d.Level || (d.Level == City && p.Level != Province) {
		return fmt.Errorf("%s %s %s: parent %s %s is a %s", d.Level, d.Code, d.Name, p.Code, p.Name, p.Level)
	}
	return nil
}

// index builds the name indexes.
func (g *Gazetteer) index() {
	g.byName = make(map[string][]int)
	for i, d := range g.divs {
		g.byName[d.Name] = append(g.byName[d.Name], i)
		if s := ShortName(d.Name, d.Level); s != "" {
			g.byName[s] = append(g.byName[s], i)
		}
	}
	g.names = make([]string, 0, len(g.byName))
	for name, idx := range g.byName {
		idx = slices.Compact(idx) // a name may be both full and short
		slices.SortStableFunc(idx, func(a, b int) int {
			// Exact full-name matches first, then by level, then by code.
			fa, fb := g.divs[a].Name == name, g.divs[b].Name == name
			if fa != fb {
				if fa {
					return -1
				}
				return 1
			}
			if c := int(g.divs[a].Level) - int(g.divs[b].Level); c != 0 {
				return c
			}
			return strings.Compare(g.divs[a].Code, g.divs[b].Code)
		})
		g.byName[name] = idx
		g.names = append(g.names, name)
	}
	slices.Sort(g.names)
}

// Len returns the number of divisions in g.
func (g *Gazetteer) Len() int { return len(g.divs) }

// All returns every division in g, in the order they were loaded.
func (g *Gazetteer) All() []Division { return slices.Clone(g.divs) }

// ByCode returns the division with the given code.
func (g *Gazetteer) ByCode(code string) (Division, bool) {
	i, ok := g.byCode[code]
	if !ok {
		return Division{}, false
	}
	return g.divs[i], true
}

// Parent returns the division directly above d. It reports false for a
// province, or if d's parent is not in g.
func (g *Gazetteer) Parent(d Division) (Division, bool) {
	if d.Parent == "" {
		return Division{}, false
	}
	return g.ByCode(d.Parent)
}

// Province returns the province d lies in, or d itself if d is a province.
// If d's chain of parents leaves g before reaching a province, Province
// returns the topmost division it found.
func (g *Gazetteer) Province(d Division) Division {
	for range 4 { // county -> city -> province is the longest chain
		if d.Level == Province {
			return d
		}
		p, ok := g.Parent(d)
		if !ok {
			return d
		}
		d = p
	}
	return d
}

// Contains reports whether d lies within ancestor, that is whether ancestor
// is d or one of d's parents, grandparents and so on. A division contains
// itself.
func (g *Gazetteer) Contains(ancestor, d Division) bool {
	for range 4 {
		if d.Code == ancestor.Code {
			return true
		}
		p, ok := g.Parent(d)
		if !ok {
			return false
		}
		d = p
	}
	return false
}

// Lookup returns every division whose full name (都江堰市, 四川省,
// 广西壮族自治区) or short name (都江堰, 四川, 广西; see ShortName) is name.
// Divisions whose full name matches come first; then, when a name is
// ambiguous, provinces come before cities and cities before counties, and
// divisions of the same level are in code order. Thus Lookup("吉林") returns
// 吉林省 and then 吉林市. Lookup returns nil if nothing matches. The result is
// the caller's to modify.
func (g *Gazetteer) Lookup(name string) []Division {
	idx := g.byName[strings.TrimSpace(name)]
	if len(idx) == 0 {
		return nil
	}
	out := make([]Division, len(idx))
	for i, j := range idx {
		out[i] = g.divs[j]
	}
	return out
}

// Names returns every full and short name in g, each once, in sorted
// (byte-wise) order, for building a matcher over text. The result is the
// caller's to modify.
func (g *Gazetteer) Names() []string { return slices.Clone(g.names) }

// Kind names the division's tier as the graph and the extractor write it:
// "province", "city", "district" for a 市辖区 or other county-level 区, and
// "county" for the other county-level divisions.
func (d Division) Kind() string {
	switch d.Level {
	case Province:
		return "province"
	case City:
		return "city"
	}
	if strings.HasSuffix(d.Name, "区") {
		return "district"
	}
	return "county"
}
