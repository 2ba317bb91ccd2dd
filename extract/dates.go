package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// date is a calendar date that may lack its year (Year == 0).
type date struct {
	Year, Month, Day int
}

func (d date) valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return false
	}
	// No 2月30日: check the day against the month (a leap year when the
	// year is unknown, so that --02-29 stays possible).
	y := d.Year
	if y == 0 {
		y = 2024
	}
	if t := time.Date(y, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC); t.Day() != d.Day {
		return false
	}
	return d.Year == 0 || (d.Year >= 1949 && d.Year <= 2100)
}

// String formats d as YYYY-MM-DD, or --MM-DD without a year.
func (d date) String() string {
	if d.Year == 0 {
		return fmt.Sprintf("--%02d-%02d", d.Month, d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

func (d date) before(o date) bool {
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// dateMention is a date found in the normalised text.
type dateMention struct {
	start, end int
	date       date
	// endDate is the last day of a range (至26日), zero otherwise.
	endDate date
	// dateline marks "10月1日讯", the report's own date.
	dateline bool
	// ambiguous lists other readings of a damaged date, for the resolver.
	alts []date
}

var (
	// 2024年7月22日, 2024年7月, 7月22日, with 年/月 possibly lost:
	// 20201124日 (年 and 月 lost), 2021129日, 2023年1012日.
	reDateFull  = mustPattern(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	reDateISO   = mustPattern(`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`)
	reDateMD    = mustPattern(`(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	reDateYMD8  = mustPattern(`(\d{4})年?(\d{3,4})[日号]`)
	reDateHan   = mustPattern(`([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`)
	reRangeTail = mustPattern(`^\s*(?:至|到|—|-|－|~)\s*(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号]`)
	reDatelineT = mustPattern(`^\s*(?:电|讯|消息)`)
	reDateMD4   = mustPattern(`(\d{3,4})[日号]`)
	// A day alone, as the report of an event opens: "5日," "27日上午".
	reDateDay = mustPattern(`(\d{1,2})[日号](?:上午|下午|晚|,|至|在|召开|举行)`)
)

// findDates returns the dates in s, leftmost first, never overlapping.
func findDates(f finder) []dateMention {
	s := f.s
	var out []dateMention
	// taken reports whether [a, b) overlaps a date found before.
	var cover coverage
	taken := func(a, b int) bool {
		cover.sync(len(s), len(out), func(k int) (int, int) { return out[k].start, out[k].end })
		return cover.any(a, b)
	}
	add := func(m dateMention) {
		if !m.date.valid() || taken(m.start, m.end) {
			return
		}
		// A range: 11月24日至26日.
		if loc := reRangeTail.FindStringSubmatchIndex(s[m.end:]); loc != nil {
			e := m.date
			if loc[2] >= 0 {
				e.Month, _ = strconv.Atoi(s[m.end+loc[2] : m.end+loc[3]])
			}
			e.Day, _ = strconv.Atoi(s[m.end+loc[4] : m.end+loc[5]])
			if e.valid() {
				m.endDate = e
				m.end += loc[1]
			}
		}
		if reDatelineT.MatchString(s[m.end:]) {
			m.dateline = true
		}
		out = append(out, m)
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	for _, loc := range f.all(reDateFull) {
		add(dateMention{start: loc[0], end: loc[1], date: date{atoi(s[loc[2]:loc[3]]), atoi(s[loc[4]:loc[5]]), atoi(s[loc[6]:loc[7]])}})
	}
	for _, loc := range f.all(reDateHan) {
		y, _ := chineseNumber(s[loc[2]:loc[3]])
		mo, _ := chineseNumber(s[loc[4]:loc[5]])
		d, _ := chineseNumber(s[loc[6]:loc[7]])
		add(dateMention{start: loc[0], end: loc[1], date: date{y, mo, d}})
	}
	for _, loc := range f.all(reDateISO) {
		add(dateMention{start: loc[0], end: loc[1], date: date{atoi(s[loc[2]:loc[3]]), atoi(s[loc[4]:loc[5]]), atoi(s[loc[6]:loc[7]])}})
	}
	// Damaged: year glued to month and day.
	for _, loc := range f.all(reDateYMD8) {
		y := atoi(s[loc[2]:loc[3]])
		readings := splitMonthDay(s[loc[4]:loc[5]])
		if len(readings) == 0 {
			continue
		}
		m := dateMention{start: loc[0], end: loc[1], date: date{y, readings[0].Month, readings[0].Day}}
		for _, r := range readings[1:] {
			m.alts = append(m.alts, date{y, r.Month, r.Day})
		}
		add(m)
	}
	for _, loc := range digitRuns(s, 8) {
		d := s[loc[0]:loc[1]]
		add(dateMention{start: loc[0], end: loc[1], date: date{atoi(d[:4]), atoi(d[4:6]), atoi(d[6:])}})
	}
	for _, loc := range f.all(reDateMD) {
		add(dateMention{start: loc[0], end: loc[1], date: date{0, atoi(s[loc[2]:loc[3]]), atoi(s[loc[4]:loc[5]])}})
	}
	// Damaged: month glued to day with no year (1020日).
	for _, loc := range f.all(reDateMD4) {
		if digitBefore(s, loc[0]) {
			continue
		}
		if readings := splitMonthDay(s[loc[2]:loc[3]]); len(readings) > 0 {
			m := dateMention{start: loc[0], end: loc[1], date: readings[0]}
			m.alts = readings[1:]
			add(m)
		}
	}
	sortMentions(out)
	// A day alone ("12月5日讯 5日,…") takes its month, and year, from
	// the date written last before it; a later day than that date's is
	// of the month before.
	//
	// "Last" is in the list's order: the dates sorted above, then the days
	// added here. No date overlaps the day (taken), so one that starts
	// before it ends by it: the last is the last day added, which came
	// before this one, else the last sorted date that starts before it.
	sorted := len(out)
	for _, loc := range f.all(reDateDay) {
		if digitBefore(s, loc[0]) || taken(loc[0], loc[1]) {
			continue
		}
		var prev *dateMention
		if len(out) > sorted {
			prev = &out[len(out)-1]
		} else if k := sort.Search(sorted, func(k int) bool { return out[k].start >= loc[0] }) - 1; k >= 0 {
			prev = &out[k]
		}
		if prev == nil || loc[0]-prev.end > 40 {
			continue
		}
		dt := date{prev.date.Year, prev.date.Month, atoi(s[loc[2]:loc[3]])}
		if dt.Day > prev.date.Day {
			if dt.Month--; dt.Month == 0 {
				dt.Month = 12
				if dt.Year != 0 {
					dt.Year--
				}
			}
		}
		add(dateMention{start: loc[0], end: loc[1], date: dt})
	}
	sortMentions(out)
	return out
}

// digitBefore reports whether the byte before i is a digit or a date unit,
// so that a match starting at i is the tail of a longer date.
func digitBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	c := s[i-1]
	return c >= '0' && c <= '9' || strings.HasSuffix(s[:i], "月") || strings.HasSuffix(s[:i], "年")
}

// digitRuns returns the spans of the runs of exactly n ASCII digits in s
// (20201216, the date with 年 and 月 lost).
func digitRuns(s string, n int) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i == n {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

// splitMonthDay reads the digits left when 月 was lost: "1124" is 11-24;
// "129" is 1-29 or 12-9, both returned, the first the likelier.
func splitMonthDay(s string) []date {
	var out []date
	try := func(m, d string) {
		x := date{Month: atoiOr(m), Day: atoiOr(d)}
		if x.valid() {
			out = append(out, x)
		}
	}
	switch len(s) {
	case 4:
		try(s[:2], s[2:])
	case 3:
		try(s[:1], s[1:])
		try(s[:2], s[2:])
	}
	return out
}

func atoiOr(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || i >= 18 {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func sortMentions(ms []dateMention) {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
}
