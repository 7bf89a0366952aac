package extract

import (
	"slices"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
)

// tokenKind is the kind of a token of report text.
type tokenKind int

const (
	tokText   tokenKind = iota // a character that is no other token
	tokAlias                   // an indicator's name; id: the indicator
	tokCue                     // a cue word; id: the cue
	tokUntil                   // 截至9月底: year (0 when not written) and period
	tokYear                    // 2019年; year 0 for the base of a comparison or a span (比2019年, 2019年以来)
	tokPeriod                  // 1-11月; period "" for months that make none
	tokNumber                  // digits that are neither a year nor a period
	tokComma                   // the end of a clause
	tokEnd                     // the end of a sentence: 。；;!?
)

func (k tokenKind) String() string {
	return [...]string{"text", "alias", "cue", "until", "year", "period", "number", "comma", "end"}[k]
}

// token is one token of report text: s[pos:end].
type token struct {
	kind   tokenKind
	pos    int
	end    int
	id     int    // tokAlias, tokCue
	year   int    // tokUntil, tokYear
	period string // tokUntil, tokPeriod
}

// scanner splits a line of report text into tokens, in the manner of text/template's lexer:
// the rules' words (aliases, cues) by their automata, years, periods and until-dates by their
// shapes, and single characters otherwise, which next passes over. Aliases are tried first: a name wins over a cue it
// contains.
type scanner struct {
	rs  *RuleSet
	s   string
	pos int
	// The period and until patterns that may match somewhere in s (see patternMask): most
	// sentences hold none, and the scanner then tries none at their digits.
	periods, untils uint64
}

func (rs *RuleSet) scan(s string) *scanner {
	return &scanner{rs: rs, s: s, periods: patternMask(rs.g.cfg.Periods, s), untils: patternMask(rs.g.cfg.Until, s)}
}

// patternMask returns bit k set for each of the first 64 patterns that may match somewhere in
// s, and every bit past them.
func patternMask(res []*config.Regexp, s string) uint64 {
	mask := ^uint64(0)
	for k, re := range res[:min(len(res), 64)] {
		if !re.MayMatchWithin(s) {
			mask &^= 1 << k
		}
	}
	return mask
}

// next returns the next token other than text, or ok false at the end of the text.
func (sc *scanner) next() (t token, ok bool) {
	s := sc.s
	for sc.pos < len(s) {
		if !sc.rs.starts.may(s, sc.pos) {
			sc.pos++ // a byte that starts no token, or one inside a character
			continue
		}
		t = sc.at(s, sc.pos)
		sc.pos = t.end
		if t.kind != tokText {
			return t, true
		}
	}
	return token{}, false
}

// tokenStarts is the set of characters a token other than text may start with: most
// characters of a report start none, and one bit test passes over them.
type tokenStarts struct {
	all  bool // a pattern may start anywhere: every position is tried
	bits [1 << 10]uint64
}

func (rs *RuleSet) newTokenStarts() *tokenStarts {
	ts := &tokenStarts{}
	add := func(r rune) {
		if r < 1<<16 {
			ts.bits[r>>6] |= 1 << (r & 63)
		}
	}
	for _, w := range []*words{&rs.aliases, &rs.cues} {
		for r := range w.byFirst {
			add(r)
		}
	}
	for _, r := range rs.g.ends + ",0123456789" {
		add(r)
	}
	for _, re := range slices.Concat(rs.g.cfg.Until, rs.g.cfg.Periods) {
		starts := re.Starts()
		if starts == nil {
			ts.all = true // a pattern that may start with any character
		}
		for _, start := range starts {
			r, _ := utf8.DecodeRuneInString(start)
			add(r)
		}
	}
	return ts
}

// may tells whether a token other than text may start at s[i]: a character in the set or
// outside the Basic Multilingual Plane; false in the middle of a character.
func (ts *tokenStarts) may(s string, i int) bool {
	if ts.all {
		return true
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return ts.bits[c>>6]&(1<<(c&63)) != 0
	}
	if !utf8.RuneStart(c) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r >= 1<<16 || r == utf8.RuneError || ts.bits[r>>6]&(1<<(r&63)) != 0
}

// at reads the token at s[i:].
func (sc *scanner) at(s string, i int) token {
	switch c := s[i]; {
	case c == ',':
		return token{kind: tokComma, pos: i, end: i + 1}
	case isDigit(c):
		return sc.rs.g.digitsAt(s, i, sc.periods)
	}
	if id, n := sc.rs.aliases.at(s, i); n > 0 {
		return token{kind: tokAlias, pos: i, end: i + n, id: id}
	}
	if y, p, n := sc.rs.g.untilAt(s, i, sc.untils); n > 0 {
		return token{kind: tokUntil, pos: i, end: i + n, year: y, period: p}
	}
	if p, n := sc.rs.g.periodAt(s, i, sc.periods); n > 0 { // 前4月, 元至7月
		return token{kind: tokPeriod, pos: i, end: i + n, period: p}
	}
	if id, n := sc.rs.cues.at(s, i); n > 0 {
		return token{kind: tokCue, pos: i, end: i + n, id: id}
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if sc.rs.g.isSentenceEnd(r) {
		return token{kind: tokEnd, pos: i, end: i + size}
	}
	return token{kind: tokText, pos: i, end: i + size}
}

// digitsAt reads a year, a period of months (of the patterns in mask) or a number at s[i:],
// s[i] a digit.
func (g *grammar) digitsAt(s string, i int, mask uint64) token {
	if y, n := g.yearAt(s, i); n > 0 {
		return token{kind: tokYear, pos: i, end: i + n, year: y}
	}
	if p, n := g.periodAt(s, i, mask); n > 0 {
		return token{kind: tokPeriod, pos: i, end: i + n, period: p}
	}
	j := i
	for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
		j++
	}
	return token{kind: tokNumber, pos: i, end: j}
}
