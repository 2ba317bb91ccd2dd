package extract

import (
	"slices"
	"testing"
)

func TestTrieLongest(t *testing.T) {
	words := []string{"成都", "成都市", "都江堰市", "市", "总工会", "工会"}
	fwd, rev := newTrie(words, false), newTrie(words, true)
	tests := []struct {
		s          string
		pre, suf   string
		preW, sufW int
	}{
		{"成都市总工会", "成都市", "总工会", 1, 4},
		{"成都人", "成都", "", 0, -1},
		{"都江堰市", "都江堰市", "都江堰市", 2, 2},
		{"都江堰", "", "", -1, -1},
		{"", "", "", -1, -1},
		{"成\xff都市", "", "市", -1, 3},
		{"工会", "工会", "工会", 5, 5},
	}
	for _, tc := range tests {
		n, w := fwd.longest(tc.s)
		if tc.s[:n] != tc.pre || w != tc.preW {
			t.Errorf("prefix of %q = %q (%d); want %q (%d)", tc.s, tc.s[:n], w, tc.pre, tc.preW)
		}
		n, w = rev.longest(tc.s)
		if tc.s[len(tc.s)-n:] != tc.suf || w != tc.sufW {
			t.Errorf("suffix of %q = %q (%d); want %q (%d)", tc.s, tc.s[len(tc.s)-n:], w, tc.suf, tc.sufW)
		}
	}
}

func TestTrieEach(t *testing.T) {
	tr := newTrie([]string{"记者", "记", "记者站", "编辑"}, false)
	for _, tc := range []struct {
		s    string
		want []int
	}{
		{"记者站长", []int{3, 6, 9}},
		{"编辑部", []int{6}},
		{"作者", nil},
		{"", nil},
	} {
		var got []int
		tr.each(tc.s, func(n, _ int) bool { got = append(got, n); return true })
		if !slices.Equal(got, tc.want) {
			t.Errorf("each(%q) = %v; want %v", tc.s, got, tc.want)
		}
		got = nil
		if tr.each(tc.s, func(n, _ int) bool { got = append(got, n); return false }) == (len(tc.want) > 0) || len(got) > 1 {
			t.Errorf("each(%q) did not stop when told", tc.s)
		}
	}
}

// TestTrieWideNodes checks nodes with many children, which step searches
// by bisection, and children outside the Han block.
func TestTrieWideNodes(t *testing.T) {
	var words []string
	for r := rune(0x4E00); r < 0x4E00+300; r += 3 {
		words = append(words, "中"+string(r), "a"+string(r))
	}
	fwd := newTrie(words, false)
	for r := rune(0x4E00); r < 0x4E00+300; r++ {
		for _, head := range []string{"中", "a"} {
			n, w := fwd.longest(head + string(r) + "x")
			if in := (r-0x4E00)%3 == 0; in != (n > 0) || (in && words[w] != head+string(r)) {
				t.Fatalf("longest(%q) = %d, %d; in the set: %v", head+string(r), n, w, in)
			}
		}
	}
}
