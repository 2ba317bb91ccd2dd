package extract

import "testing"

func TestChineseNumber(t *testing.T) {
	tests := []struct {
		in     string
		want   int
		wantOK bool
	}{
		{"二十", 20, true},
		{"十九", 19, true},
		{"十", 10, true},
		{"十六", 16, true},
		{"三", 3, true},
		{"两", 2, true},
		{"一百", 100, true},
		{"百", 100, true},
		{"一百零五", 105, true},
		{"一百一十", 110, true},
		{"一百二十三", 123, true},
		{"二〇二四", 2024, true},
		{"二零二二", 2022, true},
		{"〇", 0, true},
		{"25", 25, true},
		{"2024", 2024, true},
		{"", 0, false},
		{"abc", 0, false},
		{"二十届", 0, false},
		{"二x四", 0, false},
		{"第十", 0, false},
	}
	for _, tc := range tests {
		got, ok := chineseNumber(tc.in)
		if ok != tc.wantOK || (ok && got != tc.want) {
			t.Errorf("chineseNumber(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestChineseOrdinal(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{1, "一"},
		{3, "三"},
		{10, "十"},
		{12, "十二"},
		{16, "十六"},
		{19, "十九"},
		{20, "二十"},
		{21, "二十一"},
		{99, "九十九"},
		{100, "一百"},
		{105, "一百零五"},
		{110, "一百一十"},
		{115, "一百一十五"},
		{199, "一百九十九"},
		// Outside 1..199 the number is written in Arabic digits.
		{0, "0"},
		{-4, "-4"},
		{200, "200"},
	}
	for _, tc := range tests {
		if got := chineseOrdinal(tc.in); got != tc.want {
			t.Errorf("chineseOrdinal(%d) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// TestChineseOrdinalRoundTrip checks that chineseNumber reads back every
// ordinal chineseOrdinal writes.
func TestChineseOrdinalRoundTrip(t *testing.T) {
	for n := 1; n < 200; n++ {
		s := chineseOrdinal(n)
		got, ok := chineseNumber(s)
		if !ok || got != n {
			t.Errorf("chineseNumber(chineseOrdinal(%d) = %q) = %d, %v", n, s, got, ok)
		}
	}
}
