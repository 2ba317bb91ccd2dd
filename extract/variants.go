package extract

import (
	"strings"
	"unicode/utf8"
)

// companyForms are rewritten before short and full names of one enterprise
// are compared: the legal form is left out in short names
// (江苏恒泰重工集团有限公司 is 恒泰重工集团, 中国铁路南昌局集团有限公司 is
// 南昌局集团公司).
var companyForms = strings.NewReplacer(
	"集团股份有限公司", "集团",
	"集团有限责任公司", "集团",
	"集团有限公司", "集团",
	"集团公司", "集团",
	"股份有限公司", "公司",
	"有限责任公司", "公司",
	"有限公司", "公司",
)

// nationalPrefixes stand before an enterprise's own name in its full form
// only (中国铁路南昌局集团有限公司).
var nationalPrefixes = []string{"中国铁路", "中国", "中华"}

// canonicalBodies maps the name of each union the article names to the name
// of the one node it stands for: a named body's canonical name
// (named_bodies.txt), and, for an enterprise union named both in full and
// in shorter forms, the longest form. Two forms name one enterprise when
// they agree once place names, national prefixes and legal forms are left
// out, and do not name different places.
func (d *docState) canonicalBodies() map[string]string {
	out := map[string]string{}
	type variant struct {
		name, place string
	}
	groups := map[string][]variant{}
	var keys []string
	for k := range d.bodies {
		b := &d.bodies[k]
		if b.typ != TypeUnion || b.name == "" || b.generic {
			continue
		}
		if nb, ok := d.x.lex.namedBodies[b.name]; ok {
			out[b.name] = nb.Name
			continue
		}
		if b.level != "enterprise" {
			continue
		}
		if _, done := out[b.name]; done {
			continue
		}
		out[b.name] = b.name
		key, place := d.enterpriseKey(b.name)
		if utf8.RuneCountInString(key) < 4 {
			continue
		}
		if _, ok := groups[key]; !ok {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], variant{b.name, place})
	}
	for _, key := range keys {
		g := groups[key]
		if len(g) < 2 {
			continue
		}
		best, place := g[0].name, ""
		agree := true
		for _, v := range g {
			if v.place != "" {
				if place != "" && place != v.place {
					agree = false // 长沙市X公司工会 and 株洲市X公司工会
				}
				place = v.place
			}
			if utf8.RuneCountInString(v.name) > utf8.RuneCountInString(best) {
				best = v.name
			}
		}
		if !agree {
			continue
		}
		for _, v := range g {
			out[v.name] = best
		}
	}
	return out
}

// enterpriseKey is the name of an enterprise union with the parts that
// short forms leave out removed, and the code of the place it started with.
func (d *docState) enterpriseKey(name string) (key, place string) {
	key = strings.TrimSuffix(name, "委员会")
	for {
		if p := firstPrefix(key, nationalPrefixes); p != "" && utf8.RuneCountInString(key)-utf8.RuneCountInString(p) >= 4 {
			key = key[len(p):]
			continue
		}
		if p, ds := d.x.places.prefix(key); p != "" && utf8.RuneCountInString(key)-utf8.RuneCountInString(p) >= 4 {
			if place == "" && len(ds) > 0 {
				place = ds[0].Code
			}
			key = key[len(p):]
			continue
		}
		break
	}
	return companyForms.Replace(key), place
}

// firstPrefix returns the first of ps that s starts with, or "".
func firstPrefix(s string, ps []string) string {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}
