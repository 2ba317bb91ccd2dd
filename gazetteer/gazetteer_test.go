package gazetteer_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/gazetteer"
)

// load loads the real embedded gazetteer.
func load(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g, err := gazetteer.Load(data.Divisions())
	if err != nil {
		t.Fatalf("Load(data.Divisions()): %v", err)
	}
	return g
}

// mustOne looks up name and returns the first match, failing if none.
func mustOne(t *testing.T, g *gazetteer.Gazetteer, name string) gazetteer.Division {
	t.Helper()
	ds := g.Lookup(name)
	if len(ds) == 0 {
		t.Fatalf("Lookup(%q) found nothing", name)
	}
	return ds[0]
}

func names(ds []gazetteer.Division) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name + "/" + d.Level.String()
	}
	return out
}

func TestLevelCounts(t *testing.T) {
	g := load(t)
	counts := map[gazetteer.Level]int{}
	for _, d := range g.All() {
		counts[d.Level]++
	}
	for _, tc := range []struct {
		level    gazetteer.Level
		min, max int
	}{
		{gazetteer.Province, 34, 34},
		{gazetteer.City, 320, 345},
		{gazetteer.County, 2800, 2900},
	} {
		if n := counts[tc.level]; n < tc.min || n > tc.max {
			t.Errorf("%d %s divisions; want %d–%d", n, tc.level, tc.min, tc.max)
		}
	}
	if g.Len() != len(g.All()) {
		t.Errorf("Len() = %d, len(All()) = %d", g.Len(), len(g.All()))
	}
}

func TestParentChain(t *testing.T) {
	g := load(t)
	for _, tc := range []struct {
		name  string
		chain []string // the division's full name, then its parents' up to the province
	}{
		{"都江堰市", []string{"都江堰市", "成都市", "四川省"}},
		{"都江堰", []string{"都江堰市", "成都市", "四川省"}},
		{"金堂县", []string{"金堂县", "成都市", "四川省"}},
		{"邵阳市", []string{"邵阳市", "湖南省"}},
		{"济源市", []string{"济源市", "河南省"}},           // 省直辖县级行政区划
		{"石河子市", []string{"石河子市", "新疆维吾尔自治区"}},    // 自治区直辖县级行政区划
		{"城口县", []string{"城口县", "重庆市"}},           // placeholder city 县 of 重庆市
		{"浦东新区", []string{"浦东新区", "上海市"}},         // placeholder city 市辖区
		{"延边朝鲜族自治州", []string{"延边朝鲜族自治州", "吉林省"}}, // 自治州
		{"锡林郭勒盟", []string{"锡林郭勒盟", "内蒙古自治区"}},    // 盟
		{"阿里地区", []string{"阿里地区", "西藏自治区"}},       // 地区
		{"四川省", []string{"四川省"}},
		{"香港", []string{"香港特别行政区"}},
	} {
		d := mustOne(t, g, tc.name)
		var got []string
		for {
			got = append(got, d.Name)
			p, ok := g.Parent(d)
			if !ok {
				break
			}
			d = p
		}
		if !slices.Equal(got, tc.chain) {
			t.Errorf("chain of %s = %v; want %v", tc.name, got, tc.chain)
		}
	}
}

func TestBeijingChaoyang(t *testing.T) {
	g := load(t)
	var found bool
	for _, d := range g.Lookup("朝阳区") {
		p, ok := g.Parent(d)
		if !ok {
			t.Fatalf("朝阳区 %s has no parent", d.Code)
		}
		if p.Name == "北京市" {
			found = true
			if p.Level != gazetteer.Province || d.Level != gazetteer.County {
				t.Errorf("北京市 朝阳区: got levels %s under %s", d.Level, p.Level)
			}
		}
	}
	if !found {
		t.Errorf("no 朝阳区 with parent 北京市 in %v", names(g.Lookup("朝阳区")))
	}
	// No placeholder names may survive.
	for _, placeholder := range []string{"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"} {
		if ds := g.Lookup(placeholder); ds != nil {
			t.Errorf("Lookup(%q) = %v; want no placeholder divisions", placeholder, names(ds))
		}
	}
}

func TestProvince(t *testing.T) {
	g := load(t)
	liaoning := mustOne(t, g, "辽宁省")
	for _, tc := range []struct{ name, province string }{
		{"沈阳", "辽宁省"}, {"大连", "辽宁省"}, {"鞍山", "辽宁省"}, {"抚顺", "辽宁省"},
		{"锦州", "辽宁省"}, {"营口", "辽宁省"}, {"盘锦", "辽宁省"}, {"葫芦岛", "辽宁省"},
		{"邵阳市", "湖南省"},
		{"都江堰", "四川省"},
		{"海淀区", "北京市"},
		{"北京", "北京市"},
		{"延边", "吉林省"},
	} {
		d := mustOne(t, g, tc.name)
		if got := g.Province(d); got.Name != tc.province {
			t.Errorf("Province(%s) = %s; want %s", tc.name, got.Name, tc.province)
		}
		if tc.province == "辽宁省" && !g.Contains(liaoning, d) {
			t.Errorf("Contains(辽宁省, %s) = false; want true", tc.name)
		}
	}
}

func TestContains(t *testing.T) {
	g := load(t)
	for _, tc := range []struct {
		ancestor, d string
		want        bool
	}{
		{"成都市", "金堂县", true},
		{"四川省", "金堂县", true},
		{"四川省", "都江堰市", true},
		{"四川省", "四川省", true},
		{"湖南省", "金堂县", false},
		{"金堂县", "成都市", false},
		{"广东省", "东莞市", true},
	} {
		a, d := mustOne(t, g, tc.ancestor), mustOne(t, g, tc.d)
		if got := g.Contains(a, d); got != tc.want {
			t.Errorf("Contains(%s, %s) = %v; want %v", tc.ancestor, tc.d, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	g := load(t)
	for _, tc := range []struct {
		name string
		want []string // leading matches, in order, as name/level
	}{
		{"吉林", []string{"吉林省/province", "吉林市/city"}},
		{"吉林省", []string{"吉林省/province"}},
		{"四川", []string{"四川省/province"}},
		{"成都", []string{"成都市/city"}},
		{"都江堰", []string{"都江堰市/county"}},
		{"都江堰市", []string{"都江堰市/county"}},
		{"广西", []string{"广西壮族自治区/province"}},
		{"广西壮族自治区", []string{"广西壮族自治区/province"}},
		{"内蒙古", []string{"内蒙古自治区/province"}},
		{"新疆", []string{"新疆维吾尔自治区/province"}},
		{"宁夏", []string{"宁夏回族自治区/province"}},
		{"西藏", []string{"西藏自治区/province"}},
		{"延边", []string{"延边朝鲜族自治州/city"}},
		{"伊犁", []string{"伊犁哈萨克自治州/city"}},
		{"恩施", []string{"恩施土家族苗族自治州/city"}},
		{"大兴安岭", []string{"大兴安岭地区/city"}},
		{"锡林郭勒", []string{"锡林郭勒盟/city"}},
		{"石柱", []string{"石柱土家族自治县/county"}},
		{"东乡", []string{"东乡区/county", "东乡族自治县/county"}},
		{"管城", []string{"管城回族区/county"}},
		{"神农架", []string{"神农架林区/county"}},
		{"浦东", []string{"浦东新区/county"}},
		{"海南", []string{"海南省/province", "海南藏族自治州/city"}},
		{"河南", []string{"河南省/province", "河南蒙古族自治县/county"}},
		{"朝阳", []string{"朝阳市/city", "朝阳区/county", "朝阳县/county", "朝阳区/county"}},
		{"和县", []string{"和县/county"}},
		{"台湾", []string{"台湾省/province"}},
		{"澳门", []string{"澳门特别行政区/province"}},
		{" 成都 ", []string{"成都市/city"}},
	} {
		got := names(g.Lookup(tc.name))
		if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
			t.Errorf("Lookup(%q) = %v; want it to start with %v", tc.name, got, tc.want)
		}
	}
	for _, name := range []string{"", "和", "北京朝阳", "市辖区", "阿拉善左", "万柏"} {
		if got := g.Lookup(name); got != nil {
			t.Errorf("Lookup(%q) = %v; want nil", name, names(got))
		}
	}
}

func TestShortName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		level gazetteer.Level
		want  string
	}{
		{"四川省", gazetteer.Province, "四川"},
		{"北京市", gazetteer.Province, "北京"},
		{"广西壮族自治区", gazetteer.Province, "广西"},
		{"新疆维吾尔自治区", gazetteer.Province, "新疆"},
		{"宁夏回族自治区", gazetteer.Province, "宁夏"},
		{"西藏自治区", gazetteer.Province, "西藏"},
		{"内蒙古自治区", gazetteer.Province, "内蒙古"},
		{"香港特别行政区", gazetteer.Province, "香港"},
		{"成都市", gazetteer.City, "成都"},
		{"延边朝鲜族自治州", gazetteer.City, "延边"},
		{"博尔塔拉蒙古自治州", gazetteer.City, "博尔塔拉"},
		{"阿克苏地区", gazetteer.City, "阿克苏"},
		{"兴安盟", gazetteer.City, "兴安"},
		{"都江堰市", gazetteer.County, "都江堰"},
		{"金堂县", gazetteer.County, "金堂"},
		{"朝阳区", gazetteer.County, "朝阳"},
		{"清新区", gazetteer.County, "清新"},
		{"万柏林区", gazetteer.County, "万柏林"},
		{"井陉矿区", gazetteer.County, "井陉"},
		{"六枝特区", gazetteer.County, "六枝"},
		{"伊金霍洛旗", gazetteer.County, "伊金霍洛"},
		{"鄂温克族自治旗", gazetteer.County, "鄂温克"},
		{"龙胜各族自治县", gazetteer.County, "龙胜"},
		{"大通回族土族自治县", gazetteer.County, "大通"},
		{"积石山保安族东乡族撒拉族自治县", gazetteer.County, "积石山"},
		{"大柴旦行政委员会", gazetteer.County, "大柴旦"},
		{"和县", gazetteer.County, ""},
		{"芒市", gazetteer.County, ""},
		{"城区", gazetteer.County, ""},
		{"阿拉善左旗", gazetteer.County, ""},
		{"西沙群岛", gazetteer.County, ""},
	} {
		if got := gazetteer.ShortName(tc.name, tc.level); got != tc.want {
			t.Errorf("ShortName(%q, %s) = %q; want %q", tc.name, tc.level, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	g := load(t)
	ns := g.Names()
	if !slices.IsSorted(ns) {
		t.Error("Names() is not sorted")
	}
	if len(slices.Compact(slices.Clone(ns))) != len(ns) {
		t.Error("Names() has duplicates")
	}
	for _, want := range []string{"四川省", "四川", "广西", "延边", "都江堰", "都江堰市", "和县"} {
		if _, ok := slices.BinarySearch(ns, want); !ok {
			t.Errorf("Names() lacks %q", want)
		}
	}
	for _, n := range ns {
		if len([]rune(n)) < 2 {
			t.Errorf("Names() has one-character name %q", n)
		}
		if len(g.Lookup(n)) == 0 {
			t.Errorf("Names() has %q but Lookup finds nothing", n)
		}
	}
	if again := g.Names(); !slices.Equal(ns, again) {
		t.Error("Names() is not deterministic")
	}
}

func TestByCode(t *testing.T) {
	g := load(t)
	d, ok := g.ByCode("510000")
	if !ok || d.Name != "四川省" || d.Level != gazetteer.Province || d.Parent != "" {
		t.Errorf("ByCode(510000) = %+v, %v; want 四川省 province", d, ok)
	}
	if _, ok := g.ByCode("999999"); ok {
		t.Error("ByCode(999999) found a division")
	}
	if _, ok := g.Parent(d); ok {
		t.Error("Parent(四川省) reported a parent")
	}
}

func TestLoadErrors(t *testing.T) {
	const good = "# comment\n" +
		"510000\t\tprovince\t四川省\n" +
		"510100\t510000\tcity\t成都市\n"
	for _, tc := range []struct {
		name, input string
		line        int
		msg         string
	}{
		{"too few fields", good + "510182\t510100\t彭州市\n", 4, "4 tab-separated fields"},
		{"bad level", good + "510182\t510100\ttown\t彭州市\n", 4, "unknown level"},
		{"empty code", good + "\t510100\tcounty\t彭州市\n", 4, "empty code"},
		{"empty name", good + "510182\t510100\tcounty\t\n", 4, "empty name"},
		{"duplicate", good + "\n510100\t510000\tcity\t成都市\n", 5, "duplicate code 510100 (first on line 3)"},
		{"missing parent", good + "510182\t519900\tcounty\t彭州市\n", 4, "parent 519900 not found"},
		{"province with parent", good + "520000\t510000\tprovince\t贵州省\n", 4, "want none"},
		{"city under city", good + "510200\t510100\tcity\t某市\n", 4, "is a city"},
		{"county without parent", good + "510182\t\tcounty\t彭州市\n", 4, "has no parent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := gazetteer.Load(strings.NewReader(tc.input))
			if err == nil {
				t.Fatalf("Load succeeded with %d divisions; want an error", g.Len())
			}
			var pe *gazetteer.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line != tc.line {
				t.Errorf("error on line %d; want %d (%v)", pe.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), "line ") {
				t.Errorf("error %q; want it to name the line and contain %q", err, tc.msg)
			}
		})
	}
	g, err := gazetteer.Load(strings.NewReader("\ufeff" + strings.ReplaceAll(good, "\n", "\r\n")))
	if err != nil {
		t.Fatalf("Load(good with BOM and CRLF): %v", err)
	}
	if d := g.Lookup("成都"); len(d) != 1 || d[0].Parent != "510000" {
		t.Errorf("Lookup(成都) = %v in small gazetteer", d)
	}
}

func TestLevelString(t *testing.T) {
	for _, tc := range []struct {
		l    gazetteer.Level
		want string
	}{
		{gazetteer.Province, "province"},
		{gazetteer.City, "city"},
		{gazetteer.County, "county"},
		{gazetteer.Level(0), "Level(0)"},
	} {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("Level(%d).String() = %q; want %q", int(tc.l), got, tc.want)
		}
		if tc.l != 0 {
			if back, err := gazetteer.ParseLevel(tc.want); err != nil || back != tc.l {
				t.Errorf("ParseLevel(%q) = %v, %v", tc.want, back, err)
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := gazetteer.Load(data.Divisions()); err != nil {
			b.Fatal(err)
		}
	}
}
