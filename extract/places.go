package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/unionkg/kg/gazetteer"
)

// placeIndex finds division names in text. Full names of every level are
// matched; short names only for provinces and cities (county short names such
// as 新华 or 和平 are everyday words), and never those on the stop list.
type placeIndex struct {
	gaz      *gazetteer.Gazetteer
	byName   map[string][]gazetteer.Division
	names    []string // the keys of byName, indexed by the tries
	pre, suf *trie
}

// placeStopNames are short names that read as common words in this genre.
var placeStopNames = map[string]bool{
	"中山": true, "长安": true, "白山": true, "安康": true, "吉安": true, "永安": true,
	"新华": true, "和平": true, "红旗": true, "白云": true, "市中": true, "城中": true,
	"城关": true, "郊区": true, "矿区": true, "东区": true, "西区": true, "南区": true, "北区": true,
	"中国": true, "全国": true, "黄山": true, "泰山": true, "普洱": true, "宝山": true,
}

func newPlaceIndex(g *gazetteer.Gazetteer) *placeIndex {
	pi := &placeIndex{gaz: g, byName: map[string][]gazetteer.Division{}}
	for _, name := range g.Names() {
		if placeStopNames[name] || utf8.RuneCountInString(name) < 2 {
			continue
		}
		var keep []gazetteer.Division
		for _, d := range g.Lookup(name) {
			if d.Name == name || d.Level != gazetteer.County {
				keep = append(keep, d)
			}
		}
		if len(keep) == 0 {
			continue
		}
		pi.byName[name] = keep
	}
	// 西双版纳州, 延边州: an autonomous prefecture's short name with 州.
	for _, d := range g.All() {
		if d.Level == gazetteer.City && strings.HasSuffix(d.Name, "自治州") {
			if sn := gazetteer.ShortName(d.Name, d.Level); sn != "" {
				pi.byName[sn+"州"] = append(pi.byName[sn+"州"], d)
			}
		}
	}
	for name := range pi.byName {
		pi.names = append(pi.names, name)
	}
	sort.Strings(pi.names) // the same tries in every run
	pi.pre, pi.suf = newTrie(pi.names, false), newTrie(pi.names, true)
	return pi
}

// suffix returns the longest place name that s ends with.
func (pi *placeIndex) suffix(s string) (string, []gazetteer.Division) {
	n, k := pi.suf.longest(s)
	if k < 0 {
		return "", nil
	}
	return s[len(s)-n:], pi.byName[pi.names[k]]
}

// prefix returns the longest place name that s starts with.
func (pi *placeIndex) prefix(s string) (string, []gazetteer.Division) {
	n, k := pi.pre.longest(s)
	if k < 0 {
		return "", nil
	}
	return s[:n], pi.byName[pi.names[k]]
}

// placeMention is a division named in the text.
type placeMention struct {
	start, end int
	div        gazetteer.Division
	full       bool // the full name (成都市), not a short one (成都)
	// venue marks 北京 as where a national meeting was held (在北京召开):
	// it says nothing about where the article's bodies are.
	venue bool
}

// find returns the place names in s, scanning left to right, longest first.
func (pi *placeIndex) find(s string, base int) []placeMention {
	var out []placeMention
	for i := 0; i < len(s); {
		r, w := decodeRune(s[i:])
		if !pi.pre.mayStart(r) {
			i += w
			continue
		}
		name, ds := pi.prefix(s[i:])
		if name == "" {
			i += w
			continue
		}
		// A short name followed by a union or party word still counts
		// (成都各级工会); one inside a longer word is rejected by the
		// stop list above.
		pm := placeMention{start: base + i, end: base + i + len(name), div: ds[0], full: ds[0].Name == name}
		if !pm.full && name == "北京" && hasAnySuffix(s[:i], "在", "于", "赴", "进") {
			pm.venue = true
		}
		out = append(out, pm)
		i += len(name)
	}
	return out
}

// pick chooses among divisions sharing a name the one inside ctx, if any.
func (pi *placeIndex) pick(ds []gazetteer.Division, ctx *gazetteer.Division) gazetteer.Division {
	if ctx != nil {
		prov := pi.gaz.Province(*ctx)
		for _, d := range ds {
			if pi.gaz.Contains(prov, d) {
				return d
			}
		}
	}
	return ds[0]
}

// ancestorEnding walks from d up through its parents and returns the first
// division whose name ends with suffix and whose level allows it.
func (pi *placeIndex) ancestorEnding(d gazetteer.Division, suffix string) (gazetteer.Division, bool) {
	for {
		if strings.HasSuffix(d.Name, suffix) {
			return d, true
		}
		p, ok := pi.gaz.Parent(d)
		if !ok {
			return gazetteer.Division{}, false
		}
		d = p
	}
}
