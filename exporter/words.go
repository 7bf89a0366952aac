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
	list := append(w.byFirst[r], word{text, id})
	slices.SortStableFunc(list, func(a, b word) int { return len(b.text) - len(a.text) })
	w.byFirst[r] = list
}

// at returns the id and byte length of the longest word that starts at s[i:], or n == 0.
func (w *words) at(s string, i int) (id, n int) {
	if i >= len(s) || w.byFirst == nil {
		return 0, 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
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
