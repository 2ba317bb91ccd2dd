package graph

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
)

func loadGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g, err := gazetteer.Load(data.Divisions())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// has reports whether quads hold (s, p, o).
func has(qs []quad.Quad, s, p, o quad.Value) bool {
	for _, q := range qs {
		if q.Subject == s && q.Predicate == p && q.Object == o {
			return true
		}
	}
	return false
}

func TestQuadsFromArticle(t *testing.T) {
	ctx := context.Background()
	x, err := extract.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("../data/sample/003_anji_county_acftu18.txt")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := x.Extract(ctx, extract.Input{ID: "anji 003", Text: string(text)})
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(loadGaz(t))
	qs := b.Quads(ex, string(text))
	art := ArticleIRI("anji 003")
	if art != "kg:article:anji%20003" {
		t.Fatalf("article IRI %s: the space is not escaped", art)
	}
	seen := map[string]bool{}
	for _, q := range qs {
		if q.Label != art {
			t.Fatalf("quad %v is not labelled with its article", q)
		}
		k := q.String()
		if seen[k] {
			t.Fatalf("quad %v repeated", q)
		}
		seen[k] = true
	}
	anji := quad.IRI("kg:union:安吉县总工会")
	huzhou := quad.IRI("kg:union:湖州市总工会")
	zhejiang := quad.IRI("kg:union:浙江省总工会")
	for _, tt := range []struct {
		name    string
		s, p, o quad.Value
	}{
		{"relay shortcut", anji, PredRelayed, quad.IRI("kg:congress:中国工会十八大")},
		{"county in city", anji, PredPartOf, huzhou},
		{"city in province", huzhou, PredPartOf, zhejiang},
		{"province in ACFTU", zhejiang, PredPartOf, ACFTU},
		{"union located", anji, PredLocatedIn, PlaceIRI("330523")},
		{"place in place", PlaceIRI("330523"), PredPartOf, PlaceIRI("330500")},
		{"federation named", zhejiang, PredName, quad.String("浙江省总工会")},
		{"article typed", art, PredType, TypeArticle},
		{"person holds a position", quad.IRI("kg:person:33:沈丽萍"), PredHoldsPosition, quad.IRI("kg:position:33:沈丽萍|union:安吉县总工会|党组书记")},
		{"position's body", quad.IRI("kg:position:33:沈丽萍|union:安吉县总工会|党组书记"), PredOrg, anji},
		{"position's title", quad.IRI("kg:position:33:沈丽萍|union:安吉县总工会|党组书记"), PredTitle, quad.String("党组书记")},
		{"entity reported in", anji, PredReportedIn, art},
	} {
		if !has(qs, tt.s, tt.p, tt.o) {
			t.Errorf("%s: no quad %v %v %v", tt.name, tt.s, tt.p, tt.o)
		}
	}
	// Evidence spans lie inside the text and point back at the fact.
	n := 0
	runes := utf8.RuneCountInString(string(text))
	for _, q := range qs {
		if q.Predicate != PredSpan {
			continue
		}
		n++
		start, end, err := ParseSpan(quad.ToString(q.Object))
		if err != nil || end > runes {
			t.Errorf("evidence span %v outside the text (%d runes): %v", q.Object, runes, err)
		}
		if !strings.HasPrefix(string(q.Subject.(quad.IRI)), "kg:evidence:anji%20003:") {
			t.Errorf("evidence node %v", q.Subject)
		}
		_ = start
	}
	if n == 0 {
		t.Error("no evidence nodes")
	}
	// Deterministic: the same extraction gives the same quads.
	again := b.Quads(ex, string(text))
	if len(again) != len(qs) {
		t.Fatalf("second build gave %d quads, first %d", len(again), len(qs))
	}
	for i := range qs {
		if qs[i].String() != again[i].String() {
			t.Fatalf("quad %d differs between builds: %v vs %v", i, qs[i], again[i])
		}
	}
}

func TestBodyIRI(t *testing.T) {
	b := NewBuilder(loadGaz(t))
	tests := []struct{ id, code, want string }{
		{"union:成都市总工会", "510100", "kg:union:成都市总工会"},
		{"union:朝阳区总工会", "110105", "kg:union:朝阳区总工会@110105"},
		{"union:朝阳区总工会", "220104", "kg:union:朝阳区总工会@220104"},
		{"union:中华全国总工会", "", "kg:union:中华全国总工会"},
		{"org:A B", "", "kg:org:A%20B"},
	}
	for _, tt := range tests {
		if got := b.bodyIRI(tt.id, tt.code); string(got) != tt.want {
			t.Errorf("bodyIRI(%q, %q) = %s, want %s", tt.id, tt.code, got, tt.want)
		}
	}
}

func TestPersonScope(t *testing.T) {
	b := NewBuilder(loadGaz(t))
	ex := &extract.Extraction{
		Document: extract.Document{ID: "a", Province: "四川省"},
		Entities: []extract.Entity{
			{ID: "person:王明", Type: extract.TypePerson, Name: "王明"},
			{ID: "person:李华", Type: extract.TypePerson, Name: "李华"},
			{ID: "person:张强", Type: extract.TypePerson, Name: "张强"},
			{ID: "union:中华全国总工会", Type: extract.TypeUnion, Name: "中华全国总工会", Level: "national"},
			{ID: "union:杭州市总工会", Type: extract.TypeUnion, Name: "杭州市总工会", Level: "city", Place: "330100"},
		},
		Relations: []extract.Relation{
			{Subject: "person:王明", Predicate: extract.PredHoldsPosition, Object: "union:中华全国总工会", Title: "主席"},
			{Subject: "person:李华", Predicate: extract.PredHoldsPosition, Object: "union:杭州市总工会", Title: "主席"},
		},
	}
	ids := b.resolve(ex)
	for id, want := range map[string]quad.IRI{
		"person:王明": "kg:person:cn:王明",
		"person:李华": "kg:person:33:李华",
		"person:张强": "kg:person:51:张强", // no position: the article's province
	} {
		if ids[id] != want {
			t.Errorf("%s → %s, want %s", id, ids[id], want)
		}
	}
}

func TestEscapeKey(t *testing.T) {
	for _, s := range []string{"plain", "a b", "50%", "%41", `q"<>{}|^` + "`\\\t\n\r", "中文 id", "nul\x00ctl\x01\x1f\x7f", "bad\xffutf8\xc3", "https://x.cn/a.html?q=1#f"} {
		e := escapeKey(s)
		if strings.ContainsAny(e, " <>\"{}|^`\\\t\n\r\x00\x01\x1f\x7f") || !utf8.ValidString(e) {
			t.Errorf("escapeKey(%q) = %q still holds a forbidden character", s, e)
		}
		if got := unescapeKey(e); got != s {
			t.Errorf("unescapeKey(escapeKey(%q)) = %q", s, got)
		}
		if id, ok := ArticleID(ArticleIRI(s)); !ok || id != s {
			t.Errorf("ArticleID(ArticleIRI(%q)) = %q, %v", s, id, ok)
		}
		// Cayley's own parser reads the IRI back.
		var b strings.Builder
		if err := WriteNQuads(&b, []quad.Quad{{Subject: ArticleIRI(s), Predicate: PredName, Object: quad.String(s), Label: ArticleIRI(s)}}); err != nil {
			t.Fatal(err)
		}
		q, err := nquads.NewReader(strings.NewReader(b.String()), false).ReadQuad()
		if err != nil || q.Subject != ArticleIRI(s) {
			t.Errorf("N-Quads of ArticleIRI(%q) do not parse back: %v, %v", s, q.Subject, err)
		}
	}
}

func TestCheckArticleID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"001_guangdong_sanzhong", true},
		{"https://x.cn/a.html", true},
		{"中文 id", true},
		{"50%?#", true},
		{strings.Repeat("a", MaxArticleIDBytes), true},
		{"", false},
		{strings.Repeat("a", MaxArticleIDBytes+1), false},
		{"nul\x00", false},
		{"tab\tinside", false},
		{"line\nbreak", false},
		{"bad\xffutf8", false},
		{" lead", false},
		{"trail ", false},
		{".", false},
		{"..", false},
		{"zero\u200bwidth", false},
		{"bidi\u202eoverride", false},
		{"del\x7f", false},
	}
	for _, tt := range tests {
		err := CheckArticleID(tt.id)
		if (err == nil) != tt.ok {
			t.Errorf("CheckArticleID(%.40q) = %v, want ok %v", tt.id, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidArticleID) {
			t.Errorf("CheckArticleID(%.40q) = %v, not ErrInvalidArticleID", tt.id, err)
		}
	}
}

// TestNewArticleID: what NewArticleID makes is valid (or empty when
// nothing is left), keeps valid IDs, and keeps distinct long names apart.
func TestNewArticleID(t *testing.T) {
	long := "https://x.cn/" + strings.Repeat("长", 400)
	tests := []struct{ in, want string }{
		{"https://x.cn/a.html", "https://x.cn/a.html"},
		{"a\x00b", "a_b"},
		{"  spaced\t", "spaced_"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"..", "_.."},
		{"\x00", "_"},
		{"   ", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NewArticleID(tt.in); got != tt.want {
			t.Errorf("NewArticleID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, s := range []string{long, long + "x", long + "\x00", strings.Repeat("\u200b", 600) + "a"} {
		id := NewArticleID(s)
		if err := CheckArticleID(id); err != nil {
			t.Errorf("NewArticleID(%.40q…) = %.40q…: %v", s, id, err)
		}
	}
	if NewArticleID(long) == NewArticleID(long+"x") {
		t.Error("two long names give one ID")
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in         string
		start, end int
		ok         bool
	}{
		{"0-5", 0, 5, true}, {"12-12", 12, 12, true}, {"5-3", 0, 0, false}, {"-1-3", 0, 0, false}, {"x", 0, 0, false}, {"1-", 0, 0, false},
	}
	for _, tt := range tests {
		s, e, err := ParseSpan(tt.in)
		if (err == nil) != tt.ok || s != tt.start || e != tt.end {
			t.Errorf("ParseSpan(%q) = %d, %d, %v", tt.in, s, e, err)
		}
	}
}

func TestHierarchy(t *testing.T) {
	b := NewBuilder(loadGaz(t))
	partOf := func(qs []quad.Quad, n quad.IRI) []string {
		var out []string
		for _, q := range qs {
			if q.Subject == n && q.Predicate == PredPartOf {
				out = append(out, q.Object.String())
			}
		}
		return out
	}
	tests := []struct {
		name, level, code string
		wantPartOf        []string
		wantLocatedIn     string
		notNodes          []string // nodes that must not be invented
	}{
		{"安吉县总工会", "county", "330523", []string{"<kg:union:湖州市总工会>"}, "330523", nil},
		{"湖州市总工会", "city", "330500", []string{"<kg:union:浙江省总工会>"}, "330500", nil},
		{"浙江省总工会", "province", "330000", []string{"<kg:union:中华全国总工会>"}, "330000", nil},
		{"中国海员建设工会", "industry", "", []string{"<kg:union:中华全国总工会>"}, "", nil},
		// A province's industry union: its parent is for the text to say.
		{"湖南省教育工会", "industry", "430000", nil, "430000", nil},
		// Enterprise unions (a railway bureau's among them) are not
		// part of their city's federation.
		{"南昌局集团公司工会", "enterprise", "360100", nil, "360100", []string{"kg:union:南昌市总工会"}},
		{"香港工会联合会", "region", "810000", nil, "810000", []string{"kg:union:香港特别行政区总工会"}},
		// A territorial-looking body in Hong Kong invents no 总工会 above it.
		{"香港某区工会联合会", "province", "810000", nil, "810000", []string{"kg:union:香港特别行政区总工会"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := &extract.Extraction{
				Document: extract.Document{ID: "a"},
				Entities: []extract.Entity{{ID: "union:" + tt.name, Type: extract.TypeUnion, Name: tt.name, Level: tt.level, Place: tt.code}},
			}
			qs := b.Quads(ex, "")
			n := quad.IRI("kg:union:" + tt.name)
			if got := partOf(qs, n); strings.Join(got, " ") != strings.Join(tt.wantPartOf, " ") {
				t.Errorf("partOf = %v, want %v", got, tt.wantPartOf)
			}
			if tt.wantLocatedIn != "" && !has(qs, n, PredLocatedIn, PlaceIRI(tt.wantLocatedIn)) {
				t.Errorf("not located in %s", tt.wantLocatedIn)
			}
			for _, bad := range tt.notNodes {
				for _, q := range qs {
					if q.Subject == quad.IRI(bad) || q.Object == quad.IRI(bad) {
						t.Errorf("invented %s: %v", bad, q)
						break
					}
				}
			}
		})
	}
}
