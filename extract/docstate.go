package extract

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/textnorm"
)

// docState is the working state of one extraction.
type docState struct {
	// groupMembers lists, by group, the bodies named in one list
	// (findListedBodies); built on first use, after bodies are sorted.
	groupMembers map[int][]int
	// delegations holds the names of congresses a delegation is named for
	// (中国工会十八大山东省代表团); nil until delegationOf first runs.
	delegations map[string]bool
	// organisers are the bodies named as 由X主办 (by position);
	// organisersDone marks them found.
	organisers     []*bodyMention
	organisersDone bool
	// ctx ends the extraction: the recognisers look at it as they go (see
	// live), and stop early once it is done.
	ctx     context.Context
	ticks   uint32
	stopped bool

	x   *Extractor
	in  Input
	txt *textnorm.Text
	s   string // normalised text
	// find runs patterns over s.
	find finder
	// titleLen caches, per byte of s, the length of the longest title
	// starting there plus one (0: not looked up yet); the person finders
	// ask the same positions many times.
	titleLen []uint8
	// posMemo caches gse's tagging of the short strings the recognisers
	// ask about, often the same ones many times.
	posMemo map[string][]gse.SegPos

	doc       Document
	lines     []line
	titleLine int // index of the title line, -1 if none
	headings  []int
	places    []placeMention
	mainPlace *gazetteer.Division
	province  *gazetteer.Division
	published date
	// provVotes and provDivs are the province votes of choosePlaces, for
	// short forms that name a kind of province (省总工会, 自治区总工会).
	provVotes  map[string]int
	provDivs   map[string]gazetteer.Division
	bodies     []bodyMention
	congs      []congressMention
	dates      []dateMention
	persons    []personMention
	slogans    []sloganMention
	docs       []documentMention
	docNumbers []span
	events     []event

	// Indexes of the lists above (see spanindex.go), so that a question
	// about the mentions near a position costs what the answer holds.
	bodyIx, congIx, personIx, dateIx  *startIndex
	bodyCover, congCover, personCover coverage
	docCover                          coverage
	sloganCover                       coverage
	// bodyEnds and bodyStarts map an offset to the bodies that end or
	// start there, in list order; built for bodyN bodies.
	bodyEnds, bodyStarts map[int][]int
	bodyN                int
	// eventKeys maps an event's holder, sentence and document to its
	// index, for the first eventN events.
	eventKeys map[eventKey]int
	eventN    int
	// latestCal is the latest calendar start of any congress named, once
	// latestCalDone.
	latestCal time.Time
	// upcomingCal is the earliest calendar start of a congress the article
	// looks forward to (迎接党的二十大), computed with latestCal.
	upcomingCal   time.Time
	latestCalDone bool
	// onlyYearVal is the one year the article writes, once onlyYearDone.
	onlyYearVal  int
	onlyYearDone bool
	ix           []int // scratch for index answers
	// ctxStarts holds the starts of the bodies contextDiv may take a
	// division from, and ctxFirst the first such body at each, for the
	// first ctxN bodies.
	ctxStarts *posSet
	ctxFirst  map[int]int
	ctxN      int
	// Remembered answers of countyEnding and resolveInstitution, and the
	// town unions of resolveTown by ending.
	countyMemo map[string]memoDiv
	instMemo   map[string]memoName
	towns      map[string][]int
}

func newDocState(ctx context.Context, x *Extractor, in Input, txt *textnorm.Text) *docState {
	d := &docState{ctx: ctx, x: x, in: in, txt: txt, s: txt.Norm, titleLine: -1}
	d.find = finder{s: d.s, ix: x.anchors.index(d.s)}
	d.doc = Document{ID: in.ID, Source: in.Source, URL: in.URL, Title: in.Title, Published: in.Published, Extractor: Version}
	// Traditional script: the converter changed something.
	if txt.Converted {
		d.doc.Script = "Hant"
	}
	return d
}

// live reports whether the extraction may go on: false once its context
// is done, which it looks at every 1024 calls. The recognisers' long loops
// ask it, so that an article of megabytes stops within moments.
func (d *docState) live() bool {
	if !d.stopped {
		if d.ticks++; d.ticks%1024 == 0 && d.ctx.Err() != nil {
			d.stopped = true
		}
	}
	return !d.stopped
}

// done reports, between steps, whether the context is done.
func (d *docState) done() bool {
	if !d.stopped && d.ctx.Err() != nil {
		d.stopped = true
	}
	return d.stopped
}

// run applies the recognisers and the resolver in order, and stops between
// them (and within the long ones) once the context is done.
func (d *docState) run() {
	d.lines = splitLines(d.find)
	d.readMeta()
	d.findHeadings()
	for _, l := range d.lines {
		if !d.live() {
			return
		}
		if !l.nav {
			for _, pm := range d.x.places.find(l.text, l.start) {
				if !d.givenNamePlace(pm) {
					d.places = append(d.places, pm)
				}
			}
		}
	}
	for _, step := range []func(){
		func() { d.dates = findDates(d.find) },
		func() { d.choosePlaces(nil) },
		d.findBodies,
		func() { d.choosePlaces(d.bodies) },
		d.resolveBodies,
		d.findCongresses,
		d.markNamesInside,
		d.findSlogans,
		d.findPersons,
		d.findDocuments,
		d.findEvents,
	} {
		if d.done() {
			return
		}
		step()
	}
}

// timeStampLines bounds the opening lines read for a page's time stamp:
// a title, a channel, a repeated title and a source line may come first,
// each perhaps followed by a blank line.
const timeStampLines = 10

var reTitleNotice = mustPattern(`^关于.{2,80}的(?:通知|意见|决定|方案)$`)

// readMeta reads the title, publication date, dateline and outlet.
func (d *docState) readMeta() {
	for i, l := range d.lines {
		if l.nav {
			continue
		}
		if d.titleLine < 0 && !strings.Contains(l.text, "。") && utf8.RuneCountInString(l.text) <= 60 && !reDateline.MatchString(l.text) {
			d.titleLine = i
			if d.doc.Title == "" {
				d.doc.Title = l.text
			}
		}
		break
	}
	for _, loc := range d.find.all(rePublished) {
		if strings.HasSuffix(d.s[:loc[0]], "当前") {
			// 当前时间: the page's clock when it was saved, not its date.
			continue
		}
		sub := func(k int) string { return d.s[loc[2*k]:loc[2*k+1]] }
		d.published = date{atoiOr(sub(1)), atoiOr(sub(2)), atoiOr(sub(3))}
		break
	}
	for _, l := range d.lines[:min(len(d.lines), 4)] {
		if m := reDateline.FindStringSubmatch(l.text); m != nil {
			dl := date{atoiOr(m[2]), atoiOr(m[3]), atoiOr(m[4])}
			d.doc.Dateline = dl.String()
			d.doc.Outlet = m[1]
			if d.published.Year == 0 && dl.Year != 0 {
				d.published = dl
			}
			break
		}
	}
	if d.published.Year == 0 {
		// A page's time stamp with no label, often glued to the address
		// or the source before it: "…com2014-10-27 15:44:39来源:".
		// It stands among the page's opening lines (title, channel,
		// source), before the first line of running text; some pages
		// write it day first (16.11.2015 10:43).
		for _, l := range d.lines[:min(len(d.lines), timeStampLines)] {
			if m := reTimeStamp.FindStringSubmatch(l.text); m != nil {
				if t := (date{atoiOr(m[1]), atoiOr(m[2]), atoiOr(m[3])}); t.valid() {
					d.published = t
				}
				break
			}
			if m := reTimeStampDMY.FindStringSubmatch(l.text); m != nil {
				if t := (date{atoiOr(m[3]), atoiOr(m[2]), atoiOr(m[1])}); t.valid() {
					d.published = t
				}
				break
			}
			if strings.Contains(l.text, "。") {
				break
			}
		}
	}
	if d.doc.Published != "" {
		if t := parseISODate(d.doc.Published); t.valid() {
			d.published = t
		}
	} else if d.published.valid() && d.published.Year != 0 {
		d.doc.Published = d.published.String()
	}
}

func parseISODate(s string) date {
	if len(s) < 10 {
		return date{}
	}
	return date{atoiOr(s[0:4]), atoiOr(s[5:7]), atoiOr(s[8:10])}
}

// findHeadings marks section headings: short lines that name a place or a
// body and are followed by text.
func (d *docState) findHeadings() {
	for i := range d.lines {
		l := &d.lines[i]
		if i == d.titleLine || l.nav || i == len(d.lines)-1 || !isHeadingText(l.text) {
			continue
		}
		if _, ok := d.x.places.byName[l.text]; ok || (d.x.lex.orgSuffix.suffix(l.text) != "" || strings.HasSuffix(l.text, "工会")) {
			l.heading = true
			d.headings = append(d.headings, i)
		}
	}
}

// sectionPlace is the place of the heading that governs line li.
func (d *docState) sectionPlace(li int) *gazetteer.Division {
	for k := len(d.headings) - 1; k >= 0; k-- {
		h := d.headings[k]
		if h > li {
			continue
		}
		t := d.lines[h].text
		if ds, ok := d.x.places.byName[t]; ok {
			div := d.x.places.pick(ds, d.mainPlace)
			return &div
		}
		if name, ds := d.x.places.prefix(t); name != "" {
			div := d.x.places.pick(ds, d.mainPlace)
			return &div
		}
		return nil
	}
	return nil
}

// sectionBody is the body a heading governing line li names.
func (d *docState) sectionBody(li int) *bodyMention {
	for k := len(d.headings) - 1; k >= 0; k-- {
		h := d.headings[k]
		if h > li {
			continue
		}
		l := d.lines[h]
		d.ix = d.bodyIndex().in(l.start, l.end, d.ix)
		for _, j := range d.ix {
			if d.bodies[j].end <= l.end {
				return &d.bodies[j]
			}
		}
		return nil
	}
	return nil
}

// choosePlaces picks the article's main place and province by votes: places
// named in the text, and (when known) the places of the bodies named.
func (d *docState) choosePlaces(bodies []bodyMention) {
	votes := map[string]int{}
	provVotes := map[string]int{}
	divs := map[string]gazetteer.Division{}
	vote := func(div gazetteer.Division, w int) {
		divs[div.Code] = div
		if div.Level != gazetteer.Province {
			votes[div.Code] += w
		}
		p := d.x.gaz.Province(div)
		divs[p.Code] = p
		provVotes[p.Code] += w
	}
	for _, p := range d.places {
		if p.venue {
			continue
		}
		vote(p.div, 1)
		// A county counts for its city too: the article's main place is
		// the city of its counties.
		if par, ok := d.x.gaz.Parent(p.div); ok && par.Level == gazetteer.City {
			votes[par.Code]++
			divs[par.Code] = par
		}
	}
	for _, b := range bodies {
		if b.div != nil && b.short == "" && !b.generic {
			vote(*b.div, 2)
		}
	}
	best := func(v map[string]int, within *gazetteer.Division) *gazetteer.Division {
		keys := make([]string, 0, len(v))
		for k := range v {
			if within == nil || d.x.gaz.Contains(*within, divs[k]) {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			if v[keys[i]] != v[keys[j]] {
				return v[keys[i]] > v[keys[j]]
			}
			return keys[i] < keys[j]
		})
		if len(keys) == 0 {
			return nil
		}
		div := divs[keys[0]]
		return &div
	}
	// The province decides first: a lone city or county name read inside
	// a word (大理 in 重大理论) must not outvote a province named often.
	d.province = best(provVotes, nil)
	d.mainPlace = best(votes, d.province)
	d.provVotes = provVotes
	d.provDivs = divs
	if d.mainPlace == nil {
		d.mainPlace = d.province
	}
	if d.province != nil {
		d.doc.Province = d.province.Name
	}
}

// markNamesInside marks bodies named inside congress and document names.
// A union whose own session is reported as convened is not marked: "市总
// 工会第六届委员会第七次全体会议召开,传达学习…" tells what that union did.
func (d *docState) markNamesInside() {
	cx := d.congIndex()
	for k := 0; k < len(d.bodies) && d.live(); k++ {
		b := &d.bodies[k]
		d.ix = cx.overlapping(b.start, b.start+1, d.ix)
		for _, j := range d.ix {
			c := &d.congs[j]
			if b.start >= c.start && b.start < c.end && !(b.start == c.start && c.kind == kindUnionPlenum && c.convened) {
				b.inName = true
			}
		}
	}
}

func (d *docState) lineAt(pos int) int {
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i].end > pos })
	if i < len(d.lines) && d.lines[i].start <= pos {
		return i
	}
	return -1
}

func (d *docState) sentenceAt(pos int) span {
	li := d.lineAt(pos)
	if li < 0 {
		return span{pos, pos}
	}
	// The sentences of a line are in order and do not overlap.
	ss := d.lines[li].sentences
	if k := sort.Search(len(ss), func(k int) bool { return ss[k].end > pos }); k < len(ss) && ss[k].start <= pos {
		return ss[k]
	}
	return span{d.lines[li].start, d.lines[li].end}
}

// evidence turns a span of the normalised text into a span of the original.
func (d *docState) evidence(sp span) *Span {
	os, oe := d.txt.OrigSpan(sp.start, sp.end)
	rs, re := d.txt.RuneSpan(sp.start, sp.end)
	return &Span{Start: rs, End: re, Text: d.txt.Orig[os:oe]}
}

func (d *docState) mention(start, end int) Span {
	rs, re := d.txt.RuneSpan(start, end)
	return Span{Start: rs, End: re}
}

func (d *docState) origText(start, end int) string {
	os, oe := d.txt.OrigSpan(start, end)
	return d.txt.Orig[os:oe]
}

func itoa(n int) string { return strconv.Itoa(n) }

// titleAt returns the longest title that d.s[i:] starts with, or "".
func (d *docState) titleAt(i int) string {
	if i >= len(d.s) {
		return ""
	}
	if d.titleLen == nil {
		d.titleLen = make([]uint8, len(d.s))
	}
	if n := d.titleLen[i]; n > 0 {
		return d.s[i : i+int(n)-1]
	}
	t := d.x.lex.titles.prefix(d.s[i:])
	if len(t) < 255 {
		d.titleLen[i] = uint8(len(t) + 1)
	}
	return t
}

// pos returns gse's part-of-speech tagging of s.
func (d *docState) pos(s string) []gse.SegPos {
	if segs, ok := d.posMemo[s]; ok {
		return segs
	}
	segs := d.x.seg.Pos(s, false)
	if d.posMemo == nil {
		d.posMemo = map[string][]gse.SegPos{}
	}
	d.posMemo[s] = segs
	return segs
}

// provinceEnding is the province ending in suffix (省, 自治区) that the
// article names most, preferring the article's own province: 省总工会 in
// an article whose only other place is a municipality is a province's
// union all the same.
func (d *docState) provinceEnding(suffix string) (gazetteer.Division, bool) {
	if d.province != nil && strings.HasSuffix(d.province.Name, suffix) {
		return *d.province, true
	}
	var best gazetteer.Division
	n := 0
	for code, v := range d.provVotes {
		p := d.provDivs[code]
		if !strings.HasSuffix(p.Name, suffix) {
			continue
		}
		if v > n || (v == n && code < best.Code) {
			best, n = p, v
		}
	}
	return best, n > 0
}

// givenNamePlace reports whether a short place name is the given name of a
// person: a surname just before it and a word that follows names just
// after it (杭桂林出席, 王长沙指出). Such a mention is no vote for a place.
func (d *docState) givenNamePlace(pm placeMention) bool {
	if pm.full || utf8.RuneCountInString(d.s[pm.start:pm.end]) != 2 {
		return false
	}
	r, w := utf8.DecodeLastRuneInString(d.s[:pm.start])
	if w == 0 || !d.x.lex.surnames.has(string(r)) {
		return false
	}
	if name, _ := d.x.places.suffix(d.s[max(0, pm.start-24):pm.start]); name != "" {
		return false // a place before it: 广西桂林
	}
	return d.x.lex.followers.prefix(d.s[pm.end:]) != ""
}
