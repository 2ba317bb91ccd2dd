package gazetteer

import (
	"strings"
	"unicode/utf8"
)

// ShortName returns the name a division of the given level commonly goes by
// without its generic suffix, or "" if it has none of at least two
// characters. It strips
//
//   - from provinces: 省, 市, 特别行政区, and 自治区 with its ethnic part
//     (广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古);
//   - from cities: 市, 地区, 盟, and 自治州 with its ethnic part
//     (延边朝鲜族自治州 → 延边);
//   - from counties: 市, 县, 区, 旗, 新区, 矿区, 特区, 林区 (神农架林区 → 神农架),
//     行政委员会, and 自治县 or 自治旗 with its ethnic part
//     (石柱土家族自治县 → 石柱).
//
// An ethnic part left before any other suffix goes too (管城回族区 → 管城).
// A suffix whose removal would leave a single character is kept, so 和县 and
// 芒市 have no short name; banners named by position (阿拉善左旗) keep 旗.
func ShortName(name string, level Level) string {
	for _, r := range suffixRules(level) {
		rest, ok := strings.CutSuffix(name, r.suffix)
		if !ok {
			continue
		}
		if r.ethnic || strings.HasSuffix(rest, "族") {
			rest = stripEthnic(rest)
		}
		if r.banner && bannerByPosition(rest) {
			return ""
		}
		if utf8.RuneCountInString(rest) >= r.minLen() {
			return rest
		}
		// Too short: try a shorter suffix (清新区 is 清新, not 清).
	}
	return ""
}

type suffixRule struct {
	suffix string
	ethnic bool // the suffix follows an ethnic part to strip too
	banner bool // the suffix is 旗; keep it on 左旗, 右旗, 中旗 …
	min    int  // fewest characters to leave; 0 means 2
}

func (r suffixRule) minLen() int {
	if r.min == 0 {
		return 2
	}
	return r.min
}

// suffixRules returns the suffixes to try for a level, longest first.
func suffixRules(level Level) []suffixRule {
	switch level {
	case Province:
		return []suffixRule{
			{suffix: "特别行政区"},
			{suffix: "自治区", ethnic: true},
			{suffix: "省"},
			{suffix: "市"},
		}
	case City:
		return []suffixRule{
			{suffix: "自治州", ethnic: true},
			{suffix: "地区"},
			{suffix: "盟"},
			{suffix: "市"},
		}
	case County:
		return []suffixRule{
			{suffix: "行政委员会"},
			{suffix: "自治县", ethnic: true},
			{suffix: "自治旗", ethnic: true},
			{suffix: "新区"},
			{suffix: "矿区"},
			{suffix: "特区"},
			// 神农架林区 is a 林区, but 万柏林区 and 碑林区 are not.
			{suffix: "林区", min: 3},
			{suffix: "县"},
			{suffix: "区"},
			{suffix: "旗", banner: true},
			{suffix: "市"},
		}
	}
	return nil
}

// bannerByPosition reports whether a banner's name without 旗 ends in a
// position word, as in 阿拉善左旗 or 达尔罕茂明安联合旗, where 旗 is part of the
// name proper.
func bannerByPosition(rest string) bool {
	for _, s := range []string{"左", "右", "前", "后", "中", "联合"} {
		if strings.HasSuffix(rest, s) {
			return true
		}
	}
	return false
}

// ethnicGroups returns the names of China's 56 ethnic groups without 族,
// plus 各 (as in 龙胜各族自治县).
func ethnicGroups() []string {
	return strings.Fields(`
		汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎
		傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗
		撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安
		裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各`)
}

// stripEthnic removes the trailing ethnic part of an autonomous division's
// name once its 自治… suffix is gone: 恩施土家族苗族 → 恩施, 伊犁哈萨克 → 伊犁,
// 东乡族 → 东乡. It strips "X族" for any group X, and a bare group name only if
// it has two or more characters (蒙古, 哈萨克), and never leaves fewer than two
// characters (内蒙古 stays).
func stripEthnic(s string) string {
	groups := ethnicGroups()
	for {
		if base, ok := strings.CutSuffix(s, "族"); ok {
			g := longestSuffix(base, groups, 1)
			if g == "" {
				return s
			}
			rest := strings.TrimSuffix(base, g)
			if utf8.RuneCountInString(rest) < 2 {
				// The whole name is one group: 东乡族 → 东乡.
				if utf8.RuneCountInString(base) >= 2 {
					return base
				}
				return s
			}
			s = rest
			continue
		}
		g := longestSuffix(s, groups, 2)
		if g == "" || utf8.RuneCountInString(s)-utf8.RuneCountInString(g) < 2 {
			return s
		}
		s = strings.TrimSuffix(s, g)
	}
}

// longestSuffix returns the longest of words, of at least minRunes
// characters, that s ends with, or "".
func longestSuffix(s string, words []string, minRunes int) string {
	best := ""
	for _, w := range words {
		if len(w) > len(best) && utf8.RuneCountInString(w) >= minRunes && strings.HasSuffix(s, w) {
			best = w
		}
	}
	return best
}
