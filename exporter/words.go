package exporter

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

// endingAt returns the id and length of the longest word that ends exactly at s[:i].
func (w *words) endingAt(s string, i int) (id, n int) {
	best := 0
	for j := i - 1; j >= 0 && i-j <= 4*8; j-- {
		if !utf8.RuneStart(s[j]) {
			continue
		}
		if id2, n2 := w.at(s[:i], j); n2 == i-j && n2 > best {
			id, best = id2, n2
		}
	}
	return id, best
}

// index returns the first position at or after i where a word starts, with its id and length,
// or -1.
func (w *words) index(s string, i int) (pos, id, n int) {
	for i < len(s) {
		if id, n := w.at(s, i); n > 0 {
			return i, id, n
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return -1, 0, 0
}

// anyOf tells whether a text holds any of a set of words, one table lookup a byte: an
// Aho-Corasick automaton over bytes, compiled into a transition table over the byte classes
// the words use. Most lines of a report name no indicator; this lets them pass at the speed
// of a memory scan.
type anyOf struct {
	class  [256]uint16
	n      int     // number of byte classes; class 0 is every byte no word uses
	delta  []int32 // state*n + class -> state
	accept []bool  // a word ends in this state
}

func newAnyOf(list []string) *anyOf {
	a := &anyOf{n: 1}
	for _, w := range list {
		for i := 0; i < len(w); i++ {
			if a.class[w[i]] == 0 {
				a.class[w[i]] = uint16(a.n)
				a.n++
			}
		}
	}
	// The trie of the words, -1 where no word goes on.
	newState := func() int32 {
		for range a.n {
			a.delta = append(a.delta, -1)
		}
		a.accept = append(a.accept, false)
		return int32(len(a.accept) - 1)
	}
	newState()
	for _, w := range list {
		s := int32(0)
		for i := 0; i < len(w); i++ {
			c := int32(a.class[w[i]])
			if a.delta[s*int32(a.n)+c] < 0 {
				next := newState()
				a.delta[s*int32(a.n)+c] = next
			}
			s = a.delta[s*int32(a.n)+c]
		}
		if w != "" {
			a.accept[s] = true
		}
	}
	// Breadth first, fill every missing move with the move of the longest proper suffix.
	fail := make([]int32, len(a.accept))
	queue := []int32{}
	for c := range a.n {
		if next := a.delta[c]; next < 0 {
			a.delta[c] = 0
		} else {
			queue = append(queue, next)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.accept[s] = a.accept[s] || a.accept[fail[s]]
		for c := range a.n {
			i := int(s)*a.n + c
			if next := a.delta[i]; next < 0 {
				a.delta[i] = a.delta[int(fail[s])*a.n+c]
			} else {
				fail[next] = a.delta[int(fail[s])*a.n+c]
				queue = append(queue, next)
			}
		}
	}
	return a
}

// in tells whether s holds any of the words.
func (a *anyOf) in(s string) bool {
	state, n, delta, accept := int32(0), int32(a.n), a.delta, a.accept
	for i := 0; i < len(s); i++ {
		state = delta[state*n+int32(a.class[s[i]])]
		if accept[state] {
			return true
		}
	}
	return false
}
