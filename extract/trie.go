package extract

import (
	"math/bits"
	"sort"
	"unicode/utf8"
)

// trie finds the longest word of a fixed set at the start (or, built
// reversed, at the end) of a string. The walk stops at the first rune no
// word continues with, so a position of a text that starts no word costs
// one step: looking up every candidate length in a map of words cost ten.
// A node's children lie side by side, sorted by rune, where a map keyed by
// node and rune cost a cache miss per step.
type trie struct {
	// first[n]:first[n+1] are node n's children in runes and kids.
	first []int32
	runes []rune
	kids  []int32
	// han answers the root's children in the CJK Unified Ideographs
	// block: most positions of a text are such a character that starts no
	// word. A bit per character says whether one does (2.6 KB, where a
	// table of children cost 84 KB per trie and a cache miss per step).
	han     hanIndex
	word    []int32 // per node: index of the word ending there, or -1
	reverse bool
}

// newTrie indexes words; word i gets value i. A reversed trie matches
// suffixes.
func newTrie(words []string, reverse bool) *trie {
	t := &trie{word: []int32{-1}, reverse: reverse}
	next := make(map[uint64]int32, len(words)*2) // node<<32 | rune → child
	for i, w := range words {
		node := int32(0)
		for len(w) > 0 {
			var r rune
			var size int
			if reverse {
				r, size = utf8.DecodeLastRuneInString(w)
				w = w[:len(w)-size]
			} else {
				r, size = decodeRune(w)
				w = w[size:]
			}
			key := uint64(node)<<32 | uint64(uint32(r))
			child, ok := next[key]
			if !ok {
				child = int32(len(t.word))
				t.word = append(t.word, -1)
				next[key] = child
			}
			node = child
		}
		t.word[node] = int32(i)
	}
	type edge struct {
		node  int32
		r     rune
		child int32
	}
	edges := make([]edge, 0, len(next))
	for key, child := range next {
		edges = append(edges, edge{int32(key >> 32), rune(uint32(key)), child})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].node != edges[j].node {
			return edges[i].node < edges[j].node
		}
		return edges[i].r < edges[j].r
	})
	t.first = make([]int32, len(t.word)+1)
	t.runes = make([]rune, len(edges))
	t.kids = make([]int32, len(edges))
	for k, e := range edges {
		t.first[e.node+1]++
		t.runes[k], t.kids[k] = e.r, e.child
	}
	for n := 1; n < len(t.first); n++ {
		t.first[n] += t.first[n-1]
	}
	t.han.build(t.runes[:t.first[1]], t.kids[:t.first[1]])
	return t
}

// The CJK Unified Ideographs block.
const hanLo, hanHi = 0x4E00, 0xA000

// hanIndex maps characters of the CJK Unified Ideographs block to the
// root's children: a bit per character, and the children of the set bits
// in order, found by counting the set bits before one (rank).
type hanIndex struct {
	bits [(hanHi - hanLo + 63) / 64]uint64
	// before[w] is the number of set bits in bits[:w].
	before [(hanHi - hanLo + 63) / 64]int32
	kids   []int32
}

// build indexes the root's children; runes is sorted.
func (h *hanIndex) build(runes []rune, kids []int32) {
	for k, r := range runes {
		if r >= hanLo && r < hanHi {
			h.bits[(r-hanLo)>>6] |= 1 << ((r - hanLo) & 63)
			h.kids = append(h.kids, kids[k])
		}
	}
	n := int32(0)
	for w, b := range h.bits {
		h.before[w] = n
		n += int32(bits.OnesCount64(b))
	}
}

// child returns the root's child for r, a character of the block.
func (h *hanIndex) child(r rune) (int32, bool) {
	i := r - hanLo
	w, bit := i>>6, uint64(1)<<(i&63)
	b := h.bits[w]
	if b&bit == 0 {
		return 0, false
	}
	return h.kids[h.before[w]+int32(bits.OnesCount64(b&(bit-1)))], true
}

// mayStart reports whether a word may start with r: false only when none
// does, answered from the root's bits without a step. It is for forward
// tries, in loops over every character of a text.
func (t *trie) mayStart(r rune) bool {
	if r >= hanLo && r < hanHi {
		i := r - hanLo
		return t.han.bits[i>>6]&(1<<(i&63)) != 0
	}
	return true
}

// step returns the child of node for r.
func (t *trie) step(node int32, r rune) (int32, bool) {
	if node == 0 && r >= hanLo && r < hanHi {
		return t.han.child(r)
	}
	lo, end := int(t.first[node]), int(t.first[node+1])
	// Narrow [lo,hi) to a few runes around r, then scan.
	for hi := end; hi-lo > 8; {
		mid := int(uint(lo+hi) >> 1)
		if t.runes[mid] <= r {
			lo = mid
		} else {
			hi = mid
		}
	}
	for ; lo < end && t.runes[lo] <= r; lo++ {
		if t.runes[lo] == r {
			return t.kids[lo], true
		}
	}
	return 0, false
}

// longest returns the byte length and index of the longest word s starts
// with (ends with, for a reversed trie), or 0, -1.
func (t *trie) longest(s string) (n int, word int) {
	node, word := int32(0), -1
	if t.reverse {
		for i := len(s); i > 0; {
			r, size := utf8.DecodeLastRuneInString(s[:i])
			child, ok := t.step(node, r)
			if !ok {
				break
			}
			node, i = child, i-size
			if w := t.word[node]; w >= 0 {
				n, word = len(s)-i, int(w)
			}
		}
		return n, word
	}
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		child, ok := t.step(node, r)
		if !ok {
			break
		}
		node, i = child, i+size
		if w := t.word[node]; w >= 0 {
			n, word = i, int(w)
		}
	}
	return n, word
}

// each calls yield with the byte length and index of every word s starts
// with, shortest first, until it returns false; it reports whether yield
// always returned true. It is for forward tries.
func (t *trie) each(s string, yield func(n, word int) bool) bool {
	node := int32(0)
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		child, ok := t.step(node, r)
		if !ok {
			return true
		}
		node, i = child, i+size
		if w := t.word[node]; w >= 0 && !yield(i, int(w)) {
			return false
		}
	}
	return true
}
