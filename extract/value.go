package extract

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
)

// figure is one value phrase read after an indicator's name: a level (4759亿元, 3%以内) or a
// growth (增长5.5-6%, 下降9.9%, 与上年同期持平).
type figure struct {
	growth  bool
	sign    float64 // of a growth: 1, -1, or 0 for 持平
	lo, hi  float64 // in the base unit; lo == hi unless a range
	isRange bool
	unit    string // base unit of a level: yuan, ratio, ...
	bound   string // min, max, approx from a qualifier, or ""
	qual    string // the qualifier words as written
	end     int    // byte offset after the phrase
}

// number reads a decimal number at s[i:]: an optional sign, digits with optional thousands
// separators and an optional fraction. It returns the number's digits ("-12.2", "1234.5") and
// the offset after it, or end == i.
func number(s string, i int) (digits string, end int) {
	j := i
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		j++
	}
	start := j
	var b []byte
	for j < len(s) {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			b = append(b, c)
			j++
		case c == ',' && j > start && isDigits(s, j+1, 3) && (j+4 >= len(s) || !isDigit(s[j+4])):
			j++ // thousands separator: 1,234
		case c == '.' && j > start && j+1 < len(s) && isDigit(s[j+1]):
			b = append(b, c)
			j++
		default:
			goto done
		}
	}
done:
	if len(b) == 0 {
		return "", i
	}
	if s[i] == '-' {
		return "-" + string(b), j
	}
	return string(b), j
}

// scaled returns the decimal digits times factor. A power of ten is applied to the decimal
// exponent, so that 12.3% is 0.123 and not 0.12300000000000001.
func scaled(digits string, factor float64) float64 {
	if e := math.Log10(factor); e == math.Trunc(e) {
		v, _ := strconv.ParseFloat(digits+"e"+strconv.Itoa(int(e)), 64)
		return v
	}
	v, _ := strconv.ParseFloat(digits, 64)
	return v * factor
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	return true
}

// skip moves past fillers, filler patterns and spaces at s[i:].
func (rs *RuleSet) skip(s string, i int) int {
	for i < len(s) {
		if s[i] == ' ' {
			i++
			continue
		}
		if _, n := rs.fillers.at(s, i); n > 0 {
			i += n
			continue
		}
		moved := false
		for _, re := range rs.cfg.Vocabulary.FillerPatterns {
			if loc := re.FindStringIndex(s[i:]); loc != nil && loc[0] == 0 && loc[1] > 0 {
				i += loc[1]
				moved = true
				break
			}
		}
		if !moved {
			return i
		}
	}
	return i
}

// qualifier reads a qualifier word at s[i:].
func (rs *RuleSet) qualifier(s string, i int) (bound, text string, end int) {
	if id, n := rs.quals.at(s, i); n > 0 {
		return rs.qualBounds[id], s[i : i+n], i + n
	}
	return "", "", i
}

// figureAt reads one value phrase at s[i:] (after fillers). ok is false when none stands there.
//
// In a list ("分别增长5%、6%"), like is the list's first figure: a bare number after it takes its
// form and sign.
func (rs *RuleSet) figureAt(s string, i int, like *figure) (f figure, ok bool) {
	// 同比持平 is flat before 同比 is a filler.
	if _, n := rs.flat.at(s, i); n > 0 {
		return figure{growth: true, end: i + n}, true
	}
	i = rs.skip(s, i)
	if _, n := rs.flat.at(s, i); n > 0 {
		return figure{growth: true, end: i + n}, true
	}
	i = rs.lead(s, i, like, &f)
	return rs.amount(s, i, f)
}

// lead reads what may stand before a figure's number: a sign word (增长, 下降), or the sign of
// the list's first figure (like), and a qualifier (超过2400亿元, 不低于6%). It returns where
// the number should start.
func (rs *RuleSet) lead(s string, i int, like *figure, f *figure) int {
	if id, n := rs.signs.at(s, i); n > 0 {
		f.growth, f.sign = true, rs.signVals[id]
		i = rs.skip(s, i+n)
	} else if like != nil && like.growth {
		f.growth, f.sign = true, like.sign
	}
	if b, q, end := rs.qualifier(s, i); end > i {
		f.bound, f.qual, i = b, q, end
		i = rs.skip(s, i)
	}
	return i
}

// amount reads a figure's number at s[i:], a range's upper end, the magnitude, the unit and a
// qualifier after it, into f.
func (rs *RuleSet) amount(s string, i int, f figure) (figure, bool) {
	sign := f.sign
	lo, end := number(s, i)
	if end == i {
		if _, n := rs.mags.at(s, i); n == 0 || f.bound == "" {
			return f, false
		}
		lo = "1" // 突破千亿元: a round mark named by its magnitude alone
	}
	i = end
	hi := lo
	j := i // the lower end of a range may carry the unit too: 6.0%-6.5%
	if _, n := rs.units.at(s, j); n > 0 {
		j += n
	}
	if n := rs.g.rangeSep(s, j); n > 0 {
		if v, end := number(s, j+n); end > j+n && scaled(v, 1) >= scaled(lo, 1) {
			hi, i, f.isRange = v, end, true
		}
	}
	scale := 1.0
	if id, n := rs.mags.at(s, i); n > 0 {
		scale, i = rs.magVals[id], i+n
	}
	id, n := rs.units.at(s, i)
	var u config.Unit
	switch {
	case n > 0:
		u = rs.unitVals[id]
	case scale >= 1e4 && !f.growth && bareAmountEnd(s[i:]):
		u = config.Unit{Unit: "yuan", Scale: 1} // 生产总值56.7亿,增长7.5%: 亿 alone is 亿元
	default:
		return f, false
	}
	i += n
	if hasAnyPrefix(s[i:], rs.g.cfg.RateChanges) || (u.Unit == "ratio" && scale != 1) {
		return f, false // a change of a rate, never a growth of the indicator
	}
	if f.growth && u.Unit != "ratio" {
		return f, false // 增长12亿元 is an increase, not a rate
	}
	f.unit = u.Unit
	f.lo, f.hi = scaled(lo, scale*u.Scale), scaled(hi, scale*u.Scale)
	if math.IsInf(f.lo, 0) || math.IsInf(f.hi, 0) {
		return f, false // no figure of a report is beyond float64
	}
	if f.growth {
		f.lo, f.hi = f.lo*sign, f.hi*sign
		if f.lo > f.hi {
			f.lo, f.hi = f.hi, f.lo
		}
	}
	if b, q, end := rs.qualifier(s, i); end > i {
		f.bound, f.qual, i = b, f.qual+q, end
	}
	i += prefixLen(s[i:], roundMarks) // 突破1500亿元大关
	f.end = i
	return f, true
}

// roundMarks may follow a round amount passed: 突破千亿大关, 迈上5000亿元台阶.
var roundMarks = []string{"大关", "台阶"}

// bareAmountEnd tells whether what follows a magnitude without a unit (56.7亿) ends the
// figure, so that the amount is one of money: a punctuation mark or a growth, not 亿人次.
func bareAmountEnd(s string) bool {
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(",;.)、。增同比", r) || hasAnyPrefix(s, roundMarks)
}
