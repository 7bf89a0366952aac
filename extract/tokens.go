package extract

import (
	"strings"
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
		if c != ' ' && c != '\t' {
			b.WriteByte(c)
			continue
		}
		j := i // a run of spaces: one stays between two Latin letters or digits
		for j+1 < len(line) && (line[j+1] == ' ' || line[j+1] == '\t') {
			j++
		}
		if i > 0 && j+1 < len(line) && isAlnum(line[i-1]) && isAlnum(line[j+1]) {
			b.WriteByte(' ')
		}
		i = j
	}
	return b.String()
}

func isAlnum(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' || isDigit(c) }

// isDate tells whether s, after a year, goes on with a month and a day (2013年2月27日): a
// dateline, not a year the text turns to.
func isDate(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], "月")
}
