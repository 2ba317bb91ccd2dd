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
	if s[0] < 0x80 {
		if n, err := strconv.Atoi(s); err == nil {
			return n, true
		}
	}
	// Digit-by-digit years: 二〇二四.
	if !strings.Contains(s, "十") && !strings.Contains(s, "百") {
		n := 0
		for _, r := range s {
			d, ok := hanDigit(r)
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
			d, ok := hanDigit(r)
			if !ok {
				return 0, false
			}
			cur = d
		}
	}
	return total + cur, true
}

// hanDigit returns the value of a Chinese digit.
func hanDigit(r rune) (int, bool) {
	switch r {
	case '〇', '零':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
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
