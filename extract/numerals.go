package extract

import (
	"strconv"
	"strings"
)

// chineseNumber parses an ordinal written in Chinese numerals (二十, 十九,
// 一百, 二〇二四 digit by digit) or Arabic digits. It returns false for
// anything else.
func chineseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	digit := map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	// Digit-by-digit years: 二〇二四.
	if !strings.ContainsAny(s, "十百") {
		n := 0
		for _, r := range s {
			d, ok := digit[r]
			if !ok {
				return 0, false
			}
			n = n*10 + d
		}
		return n, true
	}
	total, cur := 0, 0
	for _, r := range s {
		switch r {
		case '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		case '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		default:
			d, ok := digit[r]
			if !ok {
				return 0, false
			}
			cur = d
		}
	}
	return total + cur, true
}

// numeralClass is the character class of ordinals in patterns.
const numeralClass = `[〇零一二三四五六七八九十百两0-9]`

// chineseOrdinal writes n (1..199) in Chinese numerals as ordinals appear in
// names: 20 → 二十, 16 → 十六, 12 → 十二.
func chineseOrdinal(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 200 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	if n >= 100 {
		b.WriteString("一百")
		n -= 100
		if n > 0 && n < 10 {
			b.WriteString("零")
		}
	}
	if n >= 10 {
		if n/10 > 1 || b.Len() > 0 {
			b.WriteString(digits[n/10])
		}
		b.WriteString("十")
		n %= 10
	}
	if n > 0 {
		b.WriteString(digits[n])
	}
	return b.String()
}
