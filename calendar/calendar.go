// Package calendar reads the calendar of major congresses that Chinese trade
// union news relays ("传达学习"): the national congresses of the Communist
// Party of China and the plenums of its Central Committees, the national
// congresses of the All-China Federation of Trade Unions, and the annual
// sessions of the National People's Congress and of the National Committee of
// the CPPCC (with the combined 全国两会).
//
// The calendar gives every congress a stable ID, a canonical short name such
// as 党的二十届三中全会 and a set of aliases, so that mentions in text can be
// resolved with [Calendar.Find]. It also supports inferring the missing year
// of a relay meeting dated only by month and day (see [InferYear]).
//
// The data normally comes from data.Congresses; [Load] reads any reader in
// the same tab-separated format.
package calendar

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of congress, as found in the kind column.
const (
	KindPartyCongress = "party-congress" // 中国共产党全国代表大会, e.g. 党的二十大
	KindPartyPlenum   = "party-plenum"   // 中央委员会全体会议, e.g. 党的二十届三中全会
	KindUnionCongress = "union-congress" // 中国工会全国代表大会, e.g. 中国工会十八大
	KindNPCSession    = "npc-session"    // 全国人民代表大会会议, e.g. 十四届全国人大二次会议
	KindCPPCCSession  = "cppcc-session"  // 全国政协会议, e.g. 全国政协十四届二次会议
	KindTwoSessions   = "two-sessions"   // the combined 全国两会 of one year
	// KindCommemoration is a dated national event whose speech is relayed
	// like a congress and whose mention bounds an article's date, e.g.
	// 庆祝中国共产党成立100周年大会.
	KindCommemoration = "commemoration"
)

// DateLayout is the layout of the start and end columns.
const DateLayout = time.DateOnly

// numColumns is the number of tab-separated columns of a data line.
const numColumns = 10

// Congress is one congress, plenum or session.
type Congress struct {
	// ID is a stable ASCII slug such as "cpc-20-3" or "npc-2024".
	ID string
	// Name is the canonical short Simplified Chinese name, e.g. 党的二十大.
	Name string
	// Kind is one of the Kind constants.
	Kind string
	// Organizer is the convening body, e.g. 中国共产党 or 中华全国总工会.
	Organizer string
	// Series is the ordinal of the congress or term: 20 for 党的二十大 and
	// the plenums of the 20th Central Committee, 14 for 十四届全国人大.
	Series int
	// Session is the session number within an NPC or CPPCC term
	// (二次会议 → 2), 0 otherwise.
	Session int
	// Plenum is the plenum number (三中全会 → 3), 0 otherwise.
	Plenum int
	// Start and End are the first and last calendar days, inclusive, as
	// midnight UTC.
	Start, End time.Time
	// Aliases are other names that refer to the congress, such as the full
	// formal name.
	Aliases []string
}

// ParseError reports a malformed line of calendar data.
type ParseError struct {
	Line int   // 1-based line number
	Err  error // what is wrong with the line
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("calendar: line %d: %v", e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// partyKey indexes party congresses (plenum 0) and plenums.
type partyKey struct{ series, plenum int }

// Calendar is a read-only set of congresses with lookups by ID, name and
// number. It is safe for concurrent use.
type Calendar struct {
	all   []Congress // sorted by Start, then End descending, then ID
	byID  map[string]int
	names map[string]int // canonical names and aliases
	party map[partyKey]int
	union map[int]int
}

// Load reads a calendar in the congresses.tsv format: UTF-8 text, one
// congress per line with the tab-separated columns
//
//	id name kind series session plenum start end organizer aliases
//
// where series, session and plenum are non-negative integers, start and end
// are dates in [DateLayout] with start ≤ end, and aliases is a |-separated
// list (possibly empty). Blank lines and lines starting with # are ignored.
// IDs, and names and aliases across congresses, must be unique. Errors about
// the content are *ParseError values carrying the line number.
func Load(r io.Reader) (*Calendar, error) {
	c := &Calendar{
		byID:  make(map[string]int),
		names: make(map[string]int),
		party: make(map[partyKey]int),
		union: make(map[int]int),
	}
	idLine := make(map[string]int)
	nameLine := make(map[string]int)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cg, err := parseLine(line)
		if err != nil {
			return nil, &ParseError{Line: n, Err: err}
		}
		if prev, dup := idLine[cg.ID]; dup {
			return nil, &ParseError{Line: n, Err: fmt.Errorf("duplicate id %q (first on line %d)", cg.ID, prev)}
		}
		idLine[cg.ID] = n
		for _, s := range cg.names() {
			if prev, dup := nameLine[s]; dup {
				return nil, &ParseError{Line: n, Err: fmt.Errorf("name or alias %q already used on line %d", s, prev)}
			}
		}
		for _, s := range cg.names() {
			nameLine[s] = n
		}
		c.all = append(c.all, cg)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("calendar: reading: %w", err)
	}
	slices.SortStableFunc(c.all, func(a, b Congress) int {
		return cmp.Or(a.Start.Compare(b.Start), b.End.Compare(a.End), strings.Compare(a.ID, b.ID))
	})
	for i, cg := range c.all {
		c.byID[cg.ID] = i
		for _, s := range cg.names() {
			c.names[s] = i
		}
		switch cg.Kind {
		case KindPartyCongress:
			c.party[partyKey{cg.Series, 0}] = i
		case KindPartyPlenum:
			c.party[partyKey{cg.Series, cg.Plenum}] = i
		case KindUnionCongress:
			c.union[cg.Series] = i
		}
	}
	return c, nil
}

// names returns the canonical name followed by the aliases that differ from
// it, without repeats.
func (cg Congress) names() []string {
	out := []string{cg.Name}
	for _, a := range cg.Aliases {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

var kinds = []string{
	KindPartyCongress, KindPartyPlenum, KindUnionCongress,
	KindNPCSession, KindCPPCCSession, KindTwoSessions, KindCommemoration,
}

func parseLine(line string) (Congress, error) {
	f := strings.Split(line, "\t")
	if len(f) != numColumns {
		return Congress{}, fmt.Errorf("got %d tab-separated columns, want %d", len(f), numColumns)
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	cg := Congress{ID: f[0], Name: f[1], Kind: f[2], Organizer: f[8]}
	if err := checkID(cg.ID); err != nil {
		return Congress{}, err
	}
	if cg.Name == "" {
		return Congress{}, errors.New("empty name")
	}
	if !slices.Contains(kinds, cg.Kind) {
		return Congress{}, fmt.Errorf("unknown kind %q", cg.Kind)
	}
	var err error
	if cg.Series, err = parseNumber("series", f[3]); err != nil {
		return Congress{}, err
	}
	if cg.Session, err = parseNumber("session", f[4]); err != nil {
		return Congress{}, err
	}
	if cg.Plenum, err = parseNumber("plenum", f[5]); err != nil {
		return Congress{}, err
	}
	if cg.Kind == KindPartyPlenum && cg.Plenum == 0 {
		return Congress{}, errors.New("party plenum with plenum 0")
	}
	if cg.Kind != KindPartyPlenum && cg.Plenum != 0 {
		return Congress{}, fmt.Errorf("plenum %d on a %s", cg.Plenum, cg.Kind)
	}
	if cg.Start, err = parseDate("start", f[6]); err != nil {
		return Congress{}, err
	}
	if cg.End, err = parseDate("end", f[7]); err != nil {
		return Congress{}, err
	}
	if cg.End.Before(cg.Start) {
		return Congress{}, fmt.Errorf("end %s before start %s", f[7], f[6])
	}
	for a := range strings.SplitSeq(f[9], "|") {
		if a = strings.TrimSpace(a); a != "" {
			cg.Aliases = append(cg.Aliases, a)
		}
	}
	return cg, nil
}

func checkID(id string) error {
	if id == "" {
		return errors.New("empty id")
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return fmt.Errorf("id %q: want lower-case ASCII letters, digits and hyphens", id)
		}
	}
	return nil
}

func parseNumber(col, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", col, err)
	}
	if n < 0 {
		return 0, fmt.Errorf("%s: negative %d", col, n)
	}
	return n, nil
}

func parseDate(col, s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", col, err)
	}
	return t, nil
}

// get returns a copy of the i-th congress that does not share its Aliases
// with the calendar.
func (c *Calendar) get(i int) Congress {
	cg := c.all[i]
	cg.Aliases = slices.Clone(cg.Aliases)
	return cg
}

func (c *Calendar) lookup(i int, ok bool) (Congress, bool) {
	if !ok {
		return Congress{}, false
	}
	return c.get(i), true
}

// ByID returns the congress with the given ID.
func (c *Calendar) ByID(id string) (Congress, bool) {
	i, ok := c.byID[id]
	return c.lookup(i, ok)
}

// Find returns the congress whose canonical name or one of whose aliases is
// exactly name, after trimming surrounding white space. It does not search
// within longer text.
func (c *Calendar) Find(name string) (Congress, bool) {
	i, ok := c.names[strings.TrimSpace(name)]
	return c.lookup(i, ok)
}

// Match returns every congress that name may mean, in calendar order: the
// one whose canonical name or alias is name (as Find), and those with a
// name or alias that ends with name where what precedes it is not part of
// a number. A short form drops its organiser, and so names every
// organiser's congress of that number: 十八大 is 党的十八大 (中共十八大) and
// 中国工会十八大 (全总十八大), 三中全会 is the third plenum of every Central
// Committee; 十八大 is not 二十八大. Name must have two characters at least.
func (c *Calendar) Match(name string) []Congress {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) < 2 {
		return nil
	}
	var out []Congress
	for i, cg := range c.all {
		for _, n := range cg.names() {
			rest, ok := strings.CutSuffix(n, name)
			if !ok {
				continue
			}
			if last, _ := utf8.DecodeLastRuneInString(rest); rest == "" || !strings.ContainsRune(numerals, last) {
				out = append(out, c.get(i))
				break
			}
		}
	}
	return out
}

// numerals are the characters of Chinese numbers, which a short form of a
// congress's name must not cut through.
const numerals = "〇零一二三四五六七八九十百两0123456789"

// Party returns the CPC national congress of the given ordinal when plenum
// is 0 (Party(20, 0) is 党的二十大), otherwise that plenum of the Central
// Committee elected by it (Party(20, 3) is 党的二十届三中全会).
func (c *Calendar) Party(series, plenum int) (Congress, bool) {
	i, ok := c.party[partyKey{series, plenum}]
	return c.lookup(i, ok)
}

// Union returns the ACFTU national congress of the given ordinal
// (Union(18) is 中国工会十八大).
func (c *Calendar) Union(series int) (Congress, bool) {
	i, ok := c.union[series]
	return c.lookup(i, ok)
}

// First returns the first congress, in the order of All, that match
// accepts; match sees each congress without a copy of its aliases, which
// it must not modify. It is for lookups that would otherwise copy the
// whole calendar with All.
func (c *Calendar) First(match func(Congress) bool) (Congress, bool) {
	for i := range c.all {
		if match(c.all[i]) {
			return c.get(i), true
		}
	}
	return Congress{}, false
}

// All returns every congress, sorted by start date; congresses starting on
// the same day are ordered longest first, then by ID.
func (c *Calendar) All() []Congress {
	out := make([]Congress, len(c.all))
	for i := range c.all {
		out[i] = c.get(i)
	}
	return out
}

// leadDays is how long before a congress's start a relayed date may fall and
// still be attributed to the year of the congress.
const leadDays = 7

// maxYears bounds the search of InferYear; 8 years always contain a 29
// February.
const maxYears = 8

// InferYear returns the year of a relay meeting dated only by month and day
// that follows congress c. Such meetings are held days to weeks after the
// congress, so the date is placed in the first year in which it does not
// fall more than a week before the congress opened: InferYear returns the
// smallest year Y ≥ the year of c.Start such that the date Y-month-day is on
// or after c.Start minus 7 days. For example, for 党的二十大 (opened
// 2022-10-16) 12月6日 is in 2022 and 1月10日 in 2023.
//
// A 29 February gives the first such leap year. InferYear returns 0 if
// month and day do not form a valid date or c.Start is zero.
func InferYear(month, day int, c Congress) int {
	if c.Start.IsZero() || month < 1 || month > 12 || day < 1 || day > 31 {
		return 0
	}
	earliest := c.Start.AddDate(0, 0, -leadDays)
	for y := c.Start.Year(); y < c.Start.Year()+maxYears; y++ {
		t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, c.Start.Location())
		if t.Day() != day { // no such day in that year, e.g. 29 Feb 2023
			continue
		}
		if !t.Before(earliest) {
			return y
		}
	}
	return 0
}

// InferYear is like the function [InferYear] applied to the latest-starting
// of the congresses with the given IDs, which is the one a relay meeting
// mentioning them all most plausibly follows. It reports false if no IDs are
// given, an ID is unknown, or month and day do not form a valid date.
func (c *Calendar) InferYear(month, day int, ids ...string) (int, bool) {
	var latest Congress
	for _, id := range ids {
		i, ok := c.byID[id]
		if !ok {
			return 0, false
		}
		if cg := c.all[i]; latest.ID == "" || cg.Start.After(latest.Start) {
			latest = cg
		}
	}
	if latest.ID == "" {
		return 0, false
	}
	y := InferYear(month, day, latest)
	return y, y != 0
}
