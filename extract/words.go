package extract

import (
	"slices"
	"unicode/utf8"
)

// words matches a fixed set of words at a position of a text, longest first. All the
// vocabulary of the rules is matched through it, so that one pass over a sentence can ask at
// each position "does an alias, a cue or a year start here?" instead of running one pattern
// per rule over the whole text.
type words struct {
	byFirst map[rune][]word
	// first has a bit set for the first character of every word in the Basic Multilingual
	// Plane: most positions of a text start no word, and a bit test says so without the map.
	first [1 << 10]uint64
}

type word struct {
	text string
	id   int
}

func (w *words) add(text string, id int) {
	if text == "" {
		return
	}
	if w.byFirst == nil {
		w.byFirst = map[rune][]word{}
	}
	r, _ := utf8.DecodeRuneInString(text)
	if r < 1<<16 {
		w.first[r>>6] |= 1 << (r & 63)
	}
	list := append(w.byFirst[r], word{text, id})
	slices.SortStableFunc(list, func(a, b word) int { return len(b.text) - len(a.text) })
	w.byFirst[r] = list
}

// at returns the id and byte length of the longest word that starts at s[i:], or n == 0.
func (w *words) at(s string, i int) (id, n int) {
	if i >= len(s) || w.byFirst == nil {
		return 0, 0
	}
	r := rune(s[i])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	if r < 1<<16 && w.first[r>>6]&(1<<(r&63)) == 0 {
		return 0, 0
	}
	for _, c := range w.byFirst[r] {
		if len(s)-i >= len(c.text) && s[i:i+len(c.text)] == c.text {
			return c.id, len(c.text)
		}
	}
	return 0, 0
}

// anyOf tells whether a text holds any of a set of words, one table lookup a byte: an
// Aho-Corasick automaton over bytes, compiled into a transition table over the byte classes
// the words use. Most lines of a report name no indicator; this lets them pass at the speed
// of a memory scan.
type anyOf struct {
	class [256]int32
	// next[row+class] is the row of the next state (its index times the number of classes),
	// or -1 once a word has ended.
	next []int32
}

func newAnyOf(list []string) *anyOf {
	a := &anyOf{}
	n := 1 // byte classes; class 0 is every byte no word uses
	for _, w := range list {
		for i := 0; i < len(w); i++ {
			if a.class[w[i]] == 0 {
				a.class[w[i]] = int32(n)
				n++
			}
		}
	}
	// The trie of the words, by state: delta[s*n+c], -1 where no word goes on.
	var delta []int32
	var accept []bool
	newState := func() int32 {
		for range n {
			delta = append(delta, -1)
		}
		accept = append(accept, false)
		return int32(len(accept) - 1)
	}
	newState()
	for _, w := range list {
		s := int32(0)
		for i := 0; i < len(w); i++ {
			at := int(s)*n + int(a.class[w[i]])
			if delta[at] < 0 {
				next := newState()
				delta[at] = next
			}
			s = delta[at]
		}
		if w != "" {
			accept[s] = true
		}
	}
	// Breadth first, fill every missing move with the move of the longest proper suffix.
	fail := make([]int32, len(accept))
	var queue []int32
	for c := range n {
		if delta[c] < 0 {
			delta[c] = 0
		} else {
			queue = append(queue, delta[c])
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		accept[s] = accept[s] || accept[fail[s]]
		for c := range n {
			at := int(s)*n + c
			if next := delta[at]; next < 0 {
				delta[at] = delta[int(fail[s])*n+c]
			} else {
				fail[next] = delta[int(fail[s])*n+c]
				queue = append(queue, next)
			}
		}
	}
	a.next = make([]int32, len(delta))
	for i, s := range delta {
		a.next[i] = s * int32(n)
		if accept[s] {
			a.next[i] = -1
		}
	}
	return a
}

// in tells whether s holds any of the words.
func (a *anyOf) in(s string) bool {
	row, next, class := int32(0), a.next, &a.class
	for i := 0; i < len(s); i++ {
		if row = next[row+class[s[i]]]; row < 0 {
			return true
		}
	}
	return false
}
