package config

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// A prefilter is what any match of a pattern must start with or contain. Checking it with
// strings.HasPrefix and strings.Contains skips most lines without running the pattern, which
// backtracks from every position of a line that cannot match, and clears state in proportion
// to the rest of the text even when anchored. The zero prefilter lets every line through.
type prefilter struct {
	anchored bool     // the pattern is anchored at the start of the text (^…)
	starts   []string // anchored: a match starts with one of these; nil: not known
	// sets hold what a match contains, one string of each set. MayMatch checks them for an
	// unanchored pattern; for an anchored one, reading the rest of the text would cost as
	// much as the pattern it spares, and MayMatchWithin checks them once for a text the
	// pattern is tried at many places of.
	sets [][]string
	// firsts are the strings one of which starts every match of an unanchored pattern that
	// looks at nothing before its match (no ^, \b or \B): it need only be tried where one
	// of them stands. nil when there are none or too many.
	firsts []string
}

// Limits that keep a prefilter cheaper than the pattern it guards.
const (
	maxPrefilterSet  = 16 // strings in one set: a character class of up to 16 characters
	maxPrefilterSets = 3  // sets checked per line, the most selective first
)

// newPrefilter returns the prefilter of a pattern.
func newPrefilter(expr string) prefilter {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return prefilter{}
	}
	re = re.Simplify()
	p := required(re)
	slices.SortStableFunc(p, func(a, b []string) int { return selectivity(b) - selectivity(a) })
	f := prefilter{sets: p[:min(len(p), maxPrefilterSets)]}
	if rest, ok := anchored(re); ok {
		f.anchored, f.starts = true, firstSet(rest)
	} else if !looksBehind(re) && !canBeEmpty(re) {
		f.firsts = firstSet([]*syntax.Regexp{re})
	}
	return f
}

// eachStart calls try with each index of s where one of p.firsts starts, in increasing
// order, until try returns true; it tells whether one did.
func (p prefilter) eachStart(s string, try func(i int) bool) bool {
	var next [maxPrefilterSet]int // the next index of each first string at or after from; -1: none
	for i := range p.firsts {
		next[i] = -2
	}
	for from := 0; ; {
		best := -1
		for i, lit := range p.firsts {
			if next[i] == -1 {
				continue
			}
			if next[i] < from {
				k := strings.Index(s[from:], lit)
				if k < 0 {
					next[i] = -1
					continue
				}
				next[i] = from + k
			}
			if best < 0 || next[i] < best {
				best = next[i]
			}
		}
		if best < 0 {
			return false
		}
		if try(best) {
			return true
		}
		from = best + 1
	}
}

// looksBehind tells whether re asserts anything of the text before a position: ^, \b, \B.
func looksBehind(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return slices.ContainsFunc(re.Sub, looksBehind)
}

// MayMatch tells whether s may hold a match: false means it holds none.
func (p prefilter) MayMatch(s string) bool {
	if p.anchored {
		return p.starts == nil || slices.ContainsFunc(p.starts, func(lit string) bool { return strings.HasPrefix(s, lit) })
	}
	return p.MayMatchWithin(s)
}

// MayMatchWithin tells whether a match may stand anywhere in s, the pattern tried at any of
// its places: false means none does.
func (p prefilter) MayMatchWithin(s string) bool {
	for _, set := range p.sets {
		if !slices.ContainsFunc(set, func(lit string) bool { return strings.Contains(s, lit) }) {
			return false
		}
	}
	return true
}

// anchored returns what follows the ^ of a pattern anchored at the start of the text.
func anchored(re *syntax.Regexp) ([]*syntax.Regexp, bool) {
	switch {
	case re.Op == syntax.OpBeginText:
		return nil, true
	case re.Op == syntax.OpConcat && len(re.Sub) > 0 && re.Sub[0].Op == syntax.OpBeginText:
		return re.Sub[1:], true
	}
	return nil, false
}

// firstSet returns the strings one of which starts every match of the sequence subs, or nil.
func firstSet(subs []*syntax.Regexp) []string {
	var set []string
	for _, sub := range subs {
		first := startSet(sub)
		if first == nil {
			return nil
		}
		set = append(set, first...)
		if !canBeEmpty(sub) {
			slices.Sort(set)
			set = slices.Compact(set)
			if len(set) > maxPrefilterSet {
				return nil
			}
			return set
		}
	}
	return nil
}

// startSet returns the strings one of which starts every non-empty match of re, or nil.
func startSet(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 {
			return []string{string(re.Rune)}
		}
	case syntax.OpCharClass:
		return classSet(re.Rune)
	case syntax.OpCapture, syntax.OpPlus, syntax.OpStar, syntax.OpQuest, syntax.OpRepeat:
		return startSet(re.Sub[0])
	case syntax.OpConcat:
		return firstSet(re.Sub)
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			first := startSet(sub)
			if first == nil {
				return nil
			}
			union = append(union, first...)
		}
		return union
	}
	return nil
}

// canBeEmpty tells whether re matches the empty string.
func canBeEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpStar, syntax.OpQuest, syntax.OpEmptyMatch:
		return true
	case syntax.OpRepeat:
		return re.Min == 0 || canBeEmpty(re.Sub[0])
	case syntax.OpCapture, syntax.OpPlus:
		return canBeEmpty(re.Sub[0])
	case syntax.OpConcat:
		return !slices.ContainsFunc(re.Sub, func(sub *syntax.Regexp) bool { return !canBeEmpty(sub) })
	case syntax.OpAlternate:
		return slices.ContainsFunc(re.Sub, canBeEmpty)
	case syntax.OpLiteral, syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return false
	}
	return true // assertions (^, $, \b) and anything else: empty, for safety
}

// required returns the sets of which any match of re holds one string each.
func required(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return [][]string{{string(re.Rune)}}
	case syntax.OpCharClass:
		if set := classSet(re.Rune); set != nil {
			return [][]string{set}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var p [][]string
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
			return [][]string{union}
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
