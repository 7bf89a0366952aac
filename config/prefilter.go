package config

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// A prefilter is what any match of a pattern must contain: one string of each set. Checking
// it with strings.Contains skips most lines without running the pattern, which backtracks
// from every position of a line that cannot match. A nil prefilter lets every line through.
type prefilter [][]string

// Limits that keep a prefilter cheaper than the pattern it guards.
const (
	maxPrefilterSet  = 16 // strings in one set: a character class of up to 16 characters
	maxPrefilterSets = 3  // sets checked per line, the most selective first
)

// newPrefilter returns the prefilter of an unanchored pattern; nil for a pattern anchored at
// the start, which fails fast anyway, or one without a required literal.
func newPrefilter(expr string) prefilter {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	if startsAnchored(re) {
		return nil
	}
	p := required(re)
	slices.SortStableFunc(p, func(a, b []string) int { return selectivity(b) - selectivity(a) })
	return p[:min(len(p), maxPrefilterSets)]
}

// MayMatch tells whether s contains one string of each set: false means no match.
func (p prefilter) MayMatch(s string) bool {
	for _, set := range p {
		if !slices.ContainsFunc(set, func(lit string) bool { return strings.Contains(s, lit) }) {
			return false
		}
	}
	return true
}

func startsAnchored(re *syntax.Regexp) bool {
	for re.Op == syntax.OpConcat || re.Op == syntax.OpCapture {
		if len(re.Sub) == 0 {
			return false
		}
		re = re.Sub[0]
	}
	return re.Op == syntax.OpBeginText || re.Op == syntax.OpBeginLine
}

// required returns the sets of which any match of re holds one string each.
func required(re *syntax.Regexp) prefilter {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return prefilter{{string(re.Rune)}}
	case syntax.OpCharClass:
		if set := classSet(re.Rune); set != nil {
			return prefilter{set}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var p prefilter
		for _, sub := range re.Sub {
			p = append(p, required(sub)...)
		}
		return p
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			p := required(sub)
			if len(p) == 0 {
				return nil
			}
			best := slices.MaxFunc(p, func(a, b []string) int { return selectivity(a) - selectivity(b) })
			union = append(union, best...)
		}
		slices.Sort(union)
		union = slices.Compact(union)
		if len(union) <= maxPrefilterSet {
			return prefilter{union}
		}
	}
	return nil
}

// classSet returns the characters of a small character class (rune ranges as the syntax
// package gives them), or nil.
func classSet(ranges []rune) []string {
	var set []string
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i+1]-ranges[i] >= maxPrefilterSet {
			return nil
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if len(set) == maxPrefilterSet || !utf8.ValidRune(r) {
				return nil
			}
			set = append(set, string(r))
		}
	}
	return set
}

// selectivity ranks a set: longer shortest string first, then fewer strings.
func selectivity(set []string) int {
	shortest := len(slices.MinFunc(set, func(a, b string) int { return len(a) - len(b) }))
	return shortest*64 - len(set)
}
