package extract

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
)

// compact drops the spaces of a line, save those between two Latin letters or digits, so that
// "2019 年" and "万元 GDP" read as written without them while "1234 6.5%" (table cells) stays
// two numbers.
func compact(line string) string {
	line = strings.TrimSpace(line)
	if strings.IndexByte(line, ' ') < 0 && strings.IndexByte(line, '\t') < 0 {
		return line
	}
	var b strings.Builder
	b.Grow(len(line))
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ' ' || c == '\t' {
			if i > 0 && i+1 < len(line) && isAlnum(line[i-1]) && isAlnum(line[i+1]) {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isAlnum(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' || isDigit(c) }

// sentenceEnd returns the offset after the first sentence of s: after the first character
// that ends a sentence, or len(s).
func sentenceEnd(s string) int {
	for i, r := range s {
		if isSentenceEnd(r) {
			return i + utf8.RuneLen(r)
		}
	}
	return len(s)
}

// endsSentence tells whether s ends with the end of a sentence.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isSentenceEnd(r)
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '；', ';', '！', '？', '!', '?':
		return true
	}
	return false
}

// yearAt reads a year token (2019年) at s[i:], not one of a comparison (比2019年) or a span
// (2019年以来).
func yearAt(s string, i int) (year, n int) {
	if i+7 > len(s) || !isDigits(s, i, 4) || (s[i] != '1' && s[i] != '2') || s[i+4:i+7] != "年" {
		return 0, 0
	}
	if i > 0 && isDigit(s[i-1]) {
		return 0, 0
	}
	y, _ := strconv.Atoi(s[i : i+4])
	if y < 1949 || y > 2100 || comparison(s, i) || strings.HasPrefix(s[i+7:], "以来") {
		return 0, 7
	}
	return y, 7
}

// comparison tells whether the word at s[i:] is the base of a comparison: 比上年, 较去年.
func comparison(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return strings.ContainsRune("比较与同", r)
}

// periodAt reads a period of months at s[i:] (1-11月, 1至6月份) and returns its label, or ""
// for months that make no period; n is 0 when none stands there.
func periodAt(s string, i int) (period string, n int) {
	if i >= len(s) || !isDigit(s[i]) {
		return "", 0
	}
	m := periodToken.FindStringSubmatch(s[i:])
	if m == nil {
		return "", 0
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if p := strconv.Itoa(a) + "-" + strconv.Itoa(b); config.ValidPeriod(p) {
		return p, len(m[0])
	}
	return "", len(m[0])
}

// untilAt reads "up to a month's end" at s[i:] (截至9月底, 截至2022年9月末, 截至2022-09-30):
// the period from January to that month, and the year if given.
func untilAt(s string, i int) (year int, period string, n int) {
	if !strings.HasPrefix(s[i:], "截至") && !strings.HasPrefix(s[i:], "截止") {
		return 0, "", 0
	}
	m := untilToken.FindStringSubmatch(s[i:])
	if m == nil {
		return 0, "", 0
	}
	mo, _ := strconv.Atoi(cmp.Or(m[2], m[4]))
	if mo < 1 || mo > 12 {
		return 0, "", 0
	}
	year, _ = strconv.Atoi(cmp.Or(m[1], m[3]))
	return year, "1-" + strconv.Itoa(mo), len(m[0])
}

var untilToken = regexp.MustCompile(`^截[至止](?:((?:19|20)\d{2})年)?(\d{1,2})月(?:底|末|份)?|^截[至止]((?:19|20)\d{2})[-/.](\d{1,2})[-/.]\d{1,2}日?`)

var periodToken = regexp.MustCompile(`^(\d{1,2})(?:-|~|—|–|至|到)(\d{1,2})月`)

// isDate tells whether s, after a year, goes on with a month and a day (2013年2月27日): a
// dateline, not a year the text turns to.
func isDate(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], "月")
}
