package calendar_test

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/data"
)

var embedded = sync.OnceValues(func() (*calendar.Calendar, error) {
	return calendar.Load(data.Congresses())
})

func load(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := embedded()
	if err != nil {
		t.Fatalf("Load(data.Congresses()): %v", err)
	}
	return c
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestKnownDates(t *testing.T) {
	c := load(t)
	tests := []struct {
		id, name   string
		start, end string
	}{
		{"cpc-20", "党的二十大", "2022-10-16", "2022-10-22"},
		{"cpc-20-3", "党的二十届三中全会", "2024-07-15", "2024-07-18"},
		{"cpc-19-5", "党的十九届五中全会", "2020-10-26", "2020-10-29"},
		{"acftu-18", "中国工会十八大", "2023-10-09", "2023-10-12"},
		{"npc-2024", "十四届全国人大二次会议", "2024-03-05", "2024-03-11"},
		{"cppcc-2024", "全国政协十四届二次会议", "2024-03-04", "2024-03-10"},
		{"two-sessions-2024", "2024年全国两会", "2024-03-04", "2024-03-11"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			cg, ok := c.ByID(tt.id)
			if !ok {
				t.Fatalf("ByID(%q) not found", tt.id)
			}
			if cg.Name != tt.name {
				t.Errorf("Name = %q, want %q", cg.Name, tt.name)
			}
			if !cg.Start.Equal(date(tt.start)) || !cg.End.Equal(date(tt.end)) {
				t.Errorf("dates = %s..%s, want %s..%s",
					cg.Start.Format(time.DateOnly), cg.End.Format(time.DateOnly), tt.start, tt.end)
			}
		})
	}
}

func TestInferYear(t *testing.T) {
	c := load(t)
	tests := []struct {
		id         string
		month, day int
		want       int
	}{
		{"cpc-20-3", 7, 25, 2024},
		{"cpc-20", 12, 6, 2022},
		{"cpc-20", 1, 10, 2023},
		{"cpc-20", 10, 9, 2022}, // exactly a week before the opening
		{"cpc-20", 10, 8, 2023}, // more than a week before
		{"acftu-18", 10, 20, 2023},
		{"cpc-19-5", 11, 3, 2020},
		{"cpc-20-4", 2, 29, 2028}, // first leap year after 2025-10-20
	}
	for _, tt := range tests {
		cg, ok := c.ByID(tt.id)
		if !ok {
			t.Fatalf("ByID(%q) not found", tt.id)
		}
		if got := calendar.InferYear(tt.month, tt.day, cg); got != tt.want {
			t.Errorf("InferYear(%d, %d, %s) = %d, want %d", tt.month, tt.day, tt.id, got, tt.want)
		}
	}
	for _, md := range [][2]int{{0, 1}, {13, 1}, {2, 30}, {4, 31}, {1, 0}} {
		cg, _ := c.ByID("cpc-20")
		if got := calendar.InferYear(md[0], md[1], cg); got != 0 {
			t.Errorf("InferYear(%d, %d) = %d, want 0", md[0], md[1], got)
		}
	}
	if got := calendar.InferYear(7, 25, calendar.Congress{}); got != 0 {
		t.Errorf("InferYear on zero Congress = %d, want 0", got)
	}
}

func TestCalendarInferYear(t *testing.T) {
	c := load(t)
	tests := []struct {
		month, day int
		ids        []string
		want       int
		ok         bool
	}{
		{7, 25, []string{"cpc-20-3"}, 2024, true},
		// The latest-starting congress decides: 二十届三中全会 after 二十大.
		{1, 10, []string{"cpc-20", "cpc-20-3"}, 2025, true},
		{1, 10, []string{"cpc-20-3", "cpc-20"}, 2025, true},
		{12, 6, []string{"acftu-18", "cpc-20"}, 2023, true},
		{7, 25, nil, 0, false},
		{7, 25, []string{"cpc-20", "no-such-id"}, 0, false},
		{2, 30, []string{"cpc-20"}, 0, false},
	}
	for _, tt := range tests {
		got, ok := c.InferYear(tt.month, tt.day, tt.ids...)
		if got != tt.want || ok != tt.ok {
			t.Errorf("InferYear(%d, %d, %q) = %d, %t; want %d, %t",
				tt.month, tt.day, tt.ids, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFind(t *testing.T) {
	c := load(t)
	tests := []struct {
		name, id string
	}{
		{"党的二十大", "cpc-20"},
		{"二十大", "cpc-20"},
		{"中共二十大", "cpc-20"},
		{"中国共产党第二十次全国代表大会", "cpc-20"},
		{"党的第二十次全国代表大会", "cpc-20"},
		{"二十届三中全会", "cpc-20-3"},
		{"中共二十届三中全会", "cpc-20-3"},
		{"中国共产党第二十届中央委员会第三次全体会议", "cpc-20-3"},
		{"十九届五中全会", "cpc-19-5"},
		{"  十九届五中全会\t", "cpc-19-5"},
		{"中国工会第十八次全国代表大会", "acftu-18"},
		{"全总十八大", "acftu-18"},
		{"十八大", "cpc-18"},
		{"十四届全国人大二次会议", "npc-2024"},
		{"第十四届全国人民代表大会第二次会议", "npc-2024"},
		{"中国人民政治协商会议第十四届全国委员会第二次会议", "cppcc-2024"},
		{"2024年全国两会", "two-sessions-2024"},
	}
	for _, tt := range tests {
		cg, ok := c.Find(tt.name)
		if !ok || cg.ID != tt.id {
			t.Errorf("Find(%q) = %q, %t; want %q", tt.name, cg.ID, ok, tt.id)
		}
	}
	for _, name := range []string{"", "三中全会", "党的二十大精神", "中国工会十九大"} {
		if cg, ok := c.Find(name); ok {
			t.Errorf("Find(%q) = %q, want not found", name, cg.ID)
		}
	}
}

func TestPartyAndUnion(t *testing.T) {
	c := load(t)
	tests := []struct {
		get  func() (calendar.Congress, bool)
		desc string
		id   string
	}{
		{func() (calendar.Congress, bool) { return c.Party(20, 0) }, "Party(20, 0)", "cpc-20"},
		{func() (calendar.Congress, bool) { return c.Party(20, 3) }, "Party(20, 3)", "cpc-20-3"},
		{func() (calendar.Congress, bool) { return c.Party(19, 5) }, "Party(19, 5)", "cpc-19-5"},
		{func() (calendar.Congress, bool) { return c.Party(15, 0) }, "Party(15, 0)", "cpc-15"},
		{func() (calendar.Congress, bool) { return c.Union(18) }, "Union(18)", "acftu-18"},
		{func() (calendar.Congress, bool) { return c.Union(13) }, "Union(13)", "acftu-13"},
		{func() (calendar.Congress, bool) { return c.Party(21, 0) }, "Party(21, 0)", ""},
		{func() (calendar.Congress, bool) { return c.Party(20, 8) }, "Party(20, 8)", ""},
		{func() (calendar.Congress, bool) { return c.Union(20) }, "Union(20)", ""},
	}
	for _, tt := range tests {
		cg, ok := tt.get()
		if ok != (tt.id != "") || cg.ID != tt.id {
			t.Errorf("%s = %q, %t; want %q", tt.desc, cg.ID, ok, tt.id)
		}
	}
}

func TestEmbeddedRows(t *testing.T) {
	c := load(t)
	all := c.All()
	if len(all) < 80 {
		t.Fatalf("All() has %d congresses, want at least 80", len(all))
	}
	ids := make(map[string]bool)
	names := make(map[string]string)
	kinds := make(map[string]int)
	for i, cg := range all {
		if cg.End.Before(cg.Start) {
			t.Errorf("%s: end %v before start %v", cg.ID, cg.End, cg.Start)
		}
		if cg.End.Sub(cg.Start) > 20*24*time.Hour {
			t.Errorf("%s: implausibly long, %v..%v", cg.ID, cg.Start, cg.End)
		}
		if ids[cg.ID] {
			t.Errorf("duplicate id %q", cg.ID)
		}
		ids[cg.ID] = true
		for _, n := range append([]string{cg.Name}, cg.Aliases...) {
			if prev, dup := names[n]; dup && prev != cg.ID {
				t.Errorf("name %q used by %s and %s", n, prev, cg.ID)
			}
			names[n] = cg.ID
		}
		if i > 0 && cg.Start.Before(all[i-1].Start) {
			t.Errorf("All() not sorted: %s before %s", all[i-1].ID, cg.ID)
		}
		if cg.Organizer == "" {
			t.Errorf("%s: empty organizer", cg.ID)
		}
		kinds[cg.Kind]++
	}
	for _, k := range []string{
		calendar.KindPartyCongress, calendar.KindPartyPlenum, calendar.KindUnionCongress,
		calendar.KindNPCSession, calendar.KindCPPCCSession, calendar.KindTwoSessions,
	} {
		if kinds[k] == 0 {
			t.Errorf("no congress of kind %s", k)
		}
	}
	// Every party plenum follows its own congress and precedes the next one.
	for _, cg := range all {
		if cg.Kind != calendar.KindPartyPlenum {
			continue
		}
		own, ok := c.Party(cg.Series, 0)
		if !ok || !cg.Start.After(own.End) {
			t.Errorf("%s does not follow %s", cg.ID, own.ID)
		}
		if next, ok := c.Party(cg.Series+1, 0); ok && !cg.End.Before(next.Start) {
			t.Errorf("%s does not precede %s", cg.ID, next.ID)
		}
	}
}

func TestResultsAreCopies(t *testing.T) {
	c := load(t)
	cg, _ := c.ByID("cpc-20")
	cg.Aliases[0] = "changed"
	again, _ := c.ByID("cpc-20")
	if again.Aliases[0] == "changed" {
		t.Error("modifying a returned Congress changed the calendar")
	}
}

func TestLoadErrors(t *testing.T) {
	const good = "x-1\t名称\tparty-congress\t1\t0\t0\t2000-01-01\t2000-01-02\t中国共产党\t别名"
	tests := []struct {
		desc, input string
		line        int
		wrapsTime   bool
	}{
		{"too few columns", "# header\n\nx-1\t名称\tparty-congress\n", 3, false},
		{"bad date", "# c\nx-1\t名称\tparty-congress\t1\t0\t0\t2000-13-01\t2000-01-02\t中国共产党\t\n", 2, true},
		{"end before start", "x-1\t名称\tparty-congress\t1\t0\t0\t2000-01-03\t2000-01-02\t中国共产党\t\n", 1, false},
		{"bad number", "x-1\t名称\tparty-plenum\t1\t0\tthree\t2000-01-01\t2000-01-02\t中国共产党\t\n", 1, false},
		{"unknown kind", "x-1\t名称\tmeeting\t1\t0\t0\t2000-01-01\t2000-01-02\t中国共产党\t\n", 1, false},
		{"bad id", "X 1\t名称\tparty-congress\t1\t0\t0\t2000-01-01\t2000-01-02\t中国共产党\t\n", 1, false},
		{"duplicate id", good + "\n" + strings.Replace(good, "名称", "别的", 1) + "|又一个\n", 2, false},
		{"duplicate alias", good + "\n" + strings.Replace(good, "x-1", "x-2", 1) + "\n", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := calendar.Load(strings.NewReader(tt.input))
			var pe *calendar.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Load error = %v, want a *ParseError", err)
			}
			if pe.Line != tt.line {
				t.Errorf("line = %d, want %d (error %v)", pe.Line, tt.line, err)
			}
			if want := "line " + strconv.Itoa(tt.line); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
			var te *time.ParseError
			if tt.wrapsTime != errors.As(err, &te) {
				t.Errorf("errors.As(err, *time.ParseError) = %t, want %t", !tt.wrapsTime, tt.wrapsTime)
			}
		})
	}
}

func TestLoadMinimal(t *testing.T) {
	input := "\ufeff# comment\r\n" +
		"b-1\t乙\tunion-congress\t7\t0\t0\t2001-05-01\t2001-05-03\t中华全国总工会\t 乙会 | |乙 \r\n" +
		"a-1\t甲\tparty-congress\t9\t0\t0\t2001-05-01\t2001-05-01\t中国共产党\t\n"
	c, err := calendar.Load(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	all := c.All()
	if len(all) != 2 || all[0].ID != "b-1" || all[1].ID != "a-1" {
		t.Fatalf("All() = %v, want b-1 (longer) then a-1", all)
	}
	if got := all[0].Aliases; len(got) != 2 || got[0] != "乙会" || got[1] != "乙" {
		t.Errorf("aliases = %q, want [乙会 乙]", got)
	}
	if cg, ok := c.Find("乙会"); !ok || cg.ID != "b-1" {
		t.Errorf("Find(乙会) = %q, %t", cg.ID, ok)
	}
	if cg, ok := c.Union(7); !ok || cg.ID != "b-1" {
		t.Errorf("Union(7) = %q, %t", cg.ID, ok)
	}
	if len(all[1].Aliases) != 0 {
		t.Errorf("a-1 aliases = %q, want none", all[1].Aliases)
	}
}

func TestMatch(t *testing.T) {
	c := load(t)
	tests := []struct {
		name string
		want []string // IDs, in calendar order
	}{
		{"十八大", []string{"cpc-18", "acftu-18"}},
		{"党的十八大", []string{"cpc-18"}},
		{"二十大", []string{"cpc-20"}},
		{"全总十八大", []string{"acftu-18"}},
		{"中国共产党第十八次全国代表大会", []string{"cpc-18"}},
		{" 十八大 ", []string{"cpc-18", "acftu-18"}},
		{"八大", nil}, // not 十八大 cut in the middle of its number
		{"大", nil},
		{"", nil},
		{"不存在的大会", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, cg := range c.Match(tt.name) {
				got = append(got, cg.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Match(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
	// Every third plenum, of every Central Committee.
	plenums := c.Match("三中全会")
	if len(plenums) < 5 {
		t.Fatalf("Match(三中全会): %d congresses, want a third plenum of each Central Committee", len(plenums))
	}
	for _, cg := range plenums {
		if cg.Kind != calendar.KindPartyPlenum || cg.Plenum != 3 {
			t.Errorf("Match(三中全会) has %s (%s)", cg.Name, cg.Kind)
		}
	}
}

// TestFirst checks First against a scan of All, for a match that holds
// for some congresses and one that holds for none, and that its result is
// a copy.
func TestFirst(t *testing.T) {
	c := load(t)
	all := c.All()
	for _, tt := range []struct {
		name  string
		match func(calendar.Congress) bool
	}{
		{"two sessions of 2023", func(cg calendar.Congress) bool {
			return cg.Kind == calendar.KindTwoSessions && cg.Start.Year() == 2023
		}},
		{"an NPC session", func(cg calendar.Congress) bool { return cg.Kind == calendar.KindNPCSession }},
		{"none", func(calendar.Congress) bool { return false }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := c.First(tt.match)
			var want calendar.Congress
			found := false
			for _, cg := range all {
				if tt.match(cg) {
					want, found = cg, true
					break
				}
			}
			if ok != found || ok && got.ID != want.ID {
				t.Fatalf("First = %v, %v; want %v, %v", got.ID, ok, want.ID, found)
			}
			if tt.name != "none" && !ok {
				t.Fatal("the calendar has no such congress: the case checks nothing")
			}
			if ok && len(got.Aliases) > 0 {
				got.Aliases[0] = "changed"
				if again, _ := c.First(tt.match); again.Aliases[0] == "changed" {
					t.Error("First's result shares the calendar's aliases")
				}
			}
		})
	}
}
