package intake

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// arabicNumerals writes in Arabic digits the figures some reports write in Chinese numerals,
// so that the rules need to know only one form:
//
//   - a date: 二〇二三年一月十日 is 2023年1月10日, and the month and day after an Arabic year too;
//   - a share: 百分之五点二 is 5.2%;
//   - an amount before 亿, 万, 元 or 个百分点: 二百三十五点六亿元 is 235.6亿元 (one numeral
//     character alone before 元 stays: 城乡二元结构).
//
// Ordinals (第十四届), plan names (十四五), counts (三大任务) and rough figures (十几, 二三十, 数十)
// stay as they are. One pass over the characters stops only at 年, 百 and the units. Nothing
// crosses a line: lines are kept, and a report read in pieces reads the same.
func arabicNumerals(s string) string {
	var edits []edit
	// One pass over the characters; Chinese text is three-byte sequences, decoded inline.
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if c&0xF0 != 0xE0 || i+2 >= len(s) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		if !stopSecond[s[i+1]] {
			i += 3 // most characters: passed over by their second byte
			continue
		}
		switch r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); r {
		case '年':
			edits = yearAt(s, i, edits)
		case '百':
			if start := i + len("百分之"); strings.HasPrefix(s[i:], "百分之") {
				if v, n := numeral(s[start:], true); n > 0 && !vague(s[start+n:]) && !isNumeralStart(s[start+n:]) {
					edits = append(edits, edit{i, start + n, v + "%"})
				}
			}
		case '亿', '万', '元', '个':
			if r != '个' || strings.HasPrefix(s[i:], "个百分点") {
				if e, ok := amountBefore(s, i); ok {
					edits = append(edits, e)
				}
			}
		}
		i += 3
	}
	if len(edits) == 0 {
		return s
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.from - b.from })
	var b strings.Builder
	b.Grow(len(s))
	done := 0
	for _, e := range edits {
		if e.from < done {
			continue // within an edit made: 百分之五十 read as a share, not as 五十 before a unit
		}
		b.WriteString(s[done:e.from])
		b.WriteString(e.with)
		done = e.to
	}
	b.WriteString(s[done:])
	return b.String()
}

// stopSecond has true for the second byte of the UTF-8 of each character arabicNumerals stops
// at: 年 (E5 B9 B4), 百 (E7 99 BE), 亿 (E4 BA BF), 万 (E4 B8 87), 元 (E5 85 83), 个 (E4 B8 AA).
var stopSecond = func() (t [256]bool) {
	for _, r := range "年百亿万元个" {
		t[string(r)[1]] = true
	}
	return t
}()

// An edit replaces s[from:to] with with.
type edit struct {
	from, to int
	with     string
}

// amountBefore returns the edit of the numeral that ends at s[k:], where a unit stands
// (二百三十五点六亿元), if it is an amount.
func amountBefore(s string, k int) (edit, bool) {
	j := k
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if numeralValue(r) < 0 && r != '点' && (r != '万' || j == k) {
			break // 万 only within the numeral (一万零二百九十七亿元), not as its unit
		}
		j -= size
	}
	if j == k || strings.HasSuffix(s[:j], "几") || strings.HasSuffix(s[:j], "数") {
		return edit{}, false // 几十亿元, 数十万元
	}
	v, n := numeral(s[j:], false)
	if n != k-j || !amountAfter(s[k:], s[j:k]) {
		return edit{}, false
	}
	return edit{j, k, v}, true
}

// isNumeralStart tells whether s starts with a Chinese numeral character or 点: a numeral read
// before it stopped short.
func isNumeralStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return numeralValue(r) >= 0 || r == '点'
}

// isNumeralRune tells whether s ends in a Chinese numeral character.
func isNumeralRune(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return numeralValue(r) >= 0
}

// yearAt reads the 年 at s[i:]: a year of four Chinese digits before it (二〇二三, 一九九八, 二00四)
// is written in Arabic digits, and so are a month and day in Chinese numerals after it, when the
// year before it is one. It returns edits with those added.
func yearAt(s string, i int, edits []edit) []edit {
	end := i + len("年")
	// The four characters before 年.
	start, digits := i, make([]byte, 0, 4)
	for len(digits) < 4 && start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		d := digitValue(r)
		if d < 0 {
			break
		}
		digits = append(digits, byte('0'+d))
		start -= size
	}
	if len(digits) != 4 || isNumeralRune(s[:start]) || start > 0 && s[start-1] >= '0' && s[start-1] <= '9' {
		return edits
	}
	year := string([]byte{digits[3], digits[2], digits[1], digits[0]})
	if !strings.HasPrefix(year, "19") && !strings.HasPrefix(year, "20") {
		return edits
	}
	if start+4 != i { // not all Arabic already
		edits = append(edits, edit{start, i, year})
	}
	// 一月十日 after the year.
	month, n := numeral(s[end:], false)
	if n == 0 || !strings.HasPrefix(s[end+n:], "月") {
		return edits
	}
	if m, _ := strconv.Atoi(month); m < 1 || m > 12 || strings.Contains(month, ".") {
		return edits
	}
	edits = append(edits, edit{end, end + n, month})
	end += n + len("月")
	day, n := numeral(s[end:], false)
	if d, _ := strconv.Atoi(day); n > 0 && strings.HasPrefix(s[end+n:], "日") && d >= 1 && d <= 31 {
		edits = append(edits, edit{end, end + n, day})
	}
	return edits
}

// vague tells whether the words after a numeral make it a rough count (十几, 十多, 十余).
func vague(rest string) bool {
	return strings.HasPrefix(rest, "几") || strings.HasPrefix(rest, "多") || strings.HasPrefix(rest, "余")
}

// amountAfter tells whether what follows a numeral makes it an amount: 亿, 万, 个百分点 or 元,
// and for 元 a numeral of more than one character.
func amountAfter(rest, num string) bool {
	switch {
	case strings.HasPrefix(rest, "亿"), strings.HasPrefix(rest, "万"), strings.HasPrefix(rest, "个百分点"):
		return true
	case strings.HasPrefix(rest, "元"):
		return utf8.RuneCountInString(num) > 1
	}
	return false
}

// numeral reads the Chinese numeral that starts s (二百三十五, 十七, 五点二, 一百零五, 一万零二百九十七)
// and returns it in Arabic digits with the bytes it took, or n 0. whole allows 百 alone
// (百分之百).
func numeral(s string, whole bool) (value string, n int) {
	if whole && strings.HasPrefix(s, "百") && !strings.HasPrefix(s[len("百"):], "分") {
		r, _ := utf8.DecodeRuneInString(s[len("百"):])
		if numeralValue(r) < 0 && r != '点' {
			return "100", len("百")
		}
	}
	v, i := numeralGroup(s)
	if i == 0 {
		return "", 0
	}
	// 一万零二百九十七, 一万两千三百: ten thousands, then a group below them. 万 before anything else
	// (三万元, 十万亿元) is the unit, not part of the numeral.
	if rest, ok := strings.CutPrefix(s[i:], "万"); ok {
		if low, j := numeralGroup(rest); j > 0 {
			v, i = v*10000+low, i+len("万")+j
		}
	}
	value = strconv.Itoa(v)
	if strings.HasPrefix(s[i:], "点") {
		frac, j := "", i+len("点")
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			d := digitValue(r)
			if d < 0 || r >= '0' && r <= '9' || r == 'O' {
				break
			}
			frac += strconv.Itoa(d)
			j += size
		}
		if frac != "" {
			value += "." + frac
			i = j
		}
	}
	return value, i
}

// numeralGroup reads a Chinese numeral below ten thousand at the start of s (二百三十五, 十七, 五,
// 零二百九十七) and returns its value and the bytes it took, or n 0: also for what is no number
// (百 or 千 without its digit) or a rough one (二三十, 两三).
func numeralGroup(s string) (v, n int) {
	var total, cur int
	lastUnit := 10000 // units must fall: 千 > 百 > 十
	digits, units, runs := 0, false, false
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		d := numeralValue(r)
		if d < 0 {
			break
		}
		switch {
		case d < 10:
			if cur > 0 {
				runs = true // 二三十: two digits in a row, twenty or thirty
			}
			digits++
			cur = d
		default: // 十, 百, 千
			if d >= lastUnit {
				return 0, 0
			}
			if cur == 0 {
				if d != 10 || i > 0 {
					return 0, 0 // 百 or 千 without its digit; 十 leads only at the start (十七)
				}
				cur = 1
			}
			total += cur * d
			cur, lastUnit, units = 0, d, true
		}
		i += size
	}
	switch {
	case i == 0:
		return 0, 0
	case units && runs, !units && digits > 1:
		return 0, 0 // 二三十, 两三: rough; years are read by yearAt
	}
	return total + cur, i
}

// numeralValue returns the value of a Chinese numeral character (零 0 … 九 9, 两 2, 十 10, 百 100,
// 千 1000), or -1.
func numeralValue(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	case '两':
		return 2
	}
	if r == '0' || r == 'O' || r >= '1' && r <= '9' {
		return -1 // Arabic digits are digits of a year only (二00四)
	}
	return digitValue(r)
}

// digitValue returns the value of a digit of a year: a Chinese digit (〇, ○ and 零 for 0), an
// Arabic one, or O typed for 0; or -1.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	switch r {
	case '〇', '○', '零', 'O':
		return 0
	case '一':
		return 1
	case '二':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}
