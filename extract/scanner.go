package extract

import "unicode/utf8"

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
// shapes, and single characters otherwise. Aliases are tried first: a name wins over a cue it
// contains.
type scanner struct {
	rs  *RuleSet
	s   string
	pos int
}

func (rs *RuleSet) scan(s string) *scanner { return &scanner{rs: rs, s: s} }

// next returns the next token, or ok false at the end of the text.
func (sc *scanner) next() (t token, ok bool) {
	s, i := sc.s, sc.pos
	if i >= len(s) {
		return token{}, false
	}
	t = sc.at(s, i)
	sc.pos = t.end
	return t, true
}

// at reads the token at s[i:].
func (sc *scanner) at(s string, i int) token {
	switch c := s[i]; {
	case c == ',':
		return token{kind: tokComma, pos: i, end: i + 1}
	case isDigit(c):
		return sc.rs.g.digitsAt(s, i)
	}
	if id, n := sc.rs.aliases.at(s, i); n > 0 {
		return token{kind: tokAlias, pos: i, end: i + n, id: id}
	}
	if y, p, n := sc.rs.g.untilAt(s, i); n > 0 {
		return token{kind: tokUntil, pos: i, end: i + n, year: y, period: p}
	}
	if p, n := sc.rs.g.periodAt(s, i); n > 0 { // 前4月, 元至7月
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

// digitsAt reads a year, a period of months or a number at s[i:], s[i] a digit.
func (g *grammar) digitsAt(s string, i int) token {
	if y, n := g.yearAt(s, i); n > 0 {
		return token{kind: tokYear, pos: i, end: i + n, year: y}
	}
	if p, n := g.periodAt(s, i); n > 0 {
		return token{kind: tokPeriod, pos: i, end: i + n, period: p}
	}
	j := i
	for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
		j++
	}
	return token{kind: tokNumber, pos: i, end: j}
}
