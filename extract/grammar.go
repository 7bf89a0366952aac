package extract

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// grammar is the rules' grammar (config.Grammar) ready for the engine: the shape of report
// prose around the rules' words.
type grammar struct {
	cfg          *config.Grammar
	ends         string // the characters that end a sentence
	seps         words  // list separators: 、 和 及
	respectively []string
	plans        *anyOf
	places       *config.PlaceWords
}

func newGrammar(g *config.Grammar) *grammar {
	gr := &grammar{cfg: g, ends: strings.Join(g.SentenceEnds, ""), respectively: g.Respectively,
		plans: newAnyOf(g.Plans), places: &g.Places}
	for _, w := range g.Separators {
		gr.seps.add(w, 0)
	}
	return gr
}

// isSentenceEnd tells whether r ends a sentence.
func (g *grammar) isSentenceEnd(r rune) bool { return strings.ContainsRune(g.ends, r) }

// sentenceEnd returns the offset after the first sentence of s: after the first character
// that ends a sentence, or len(s).
func (g *grammar) sentenceEnd(s string) int {
	for i, r := range s {
		if g.isSentenceEnd(r) {
			return i + utf8.RuneLen(r)
		}
	}
	return len(s)
}

// endsSentence tells whether s ends with the end of a sentence.
func (g *grammar) endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return g.isSentenceEnd(r)
}

// isHeading tells a section heading from a paragraph: a numbered line, or a short line that
// does not read as a sentence.
func (g *grammar) isHeading(line string) bool {
	if len(line) > 50*utf8.UTFMax {
		return false // more than 50 characters
	}
	n := utf8.RuneCountInString(line)
	if g.headingLevel(line) > 0 {
		return n <= 50 && !strings.Contains(line, "。")
	}
	return n <= 40 && !strings.ContainsAny(line, "。;；,，:：%")
}

// headingLevel is the depth of a heading by its numbering: 1 for 一、, 2 for (一), 3 for 1.,
// 4 for (1) (the order of grammar.headings), and 0 for a heading without a number (a title).
func (g *grammar) headingLevel(line string) int {
	for i, re := range g.cfg.Headings {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

// yearAt reads a year token (2019年) at s[i:], not one of a comparison (比2019年) or a span
// (2019年以来, 2013年一季度以来, 2021年3月以来): those read as year 0.
func (g *grammar) yearAt(s string, i int) (year, n int) {
	if i+7 > len(s) || !isDigits(s, i, 4) || (s[i] != '1' && s[i] != '2') || s[i+4:i+7] != "年" {
		return 0, 0
	}
	if i > 0 && isDigit(s[i-1]) {
		return 0, 0
	}
	y, _ := strconv.Atoi(s[i : i+4])
	if y < 1949 || y > 2100 || g.comparison(s, i) || hasAnyPrefix(skipSpanStart(s[i+7:]), g.cfg.Since) {
		return 0, 7
	}
	return y, 7
}

// spanStarts are the parts of a year a span may start at: 2013年一季度以来, 2020年下半年以来.
var spanStarts = []string{"第一季度", "第二季度", "第三季度", "第四季度", "一季度", "二季度", "三季度", "四季度",
	"上半年", "下半年", "年初", "年底", "年末", "初", "底", "末"}

// skipSpanStart returns s after the part of a year or the month it begins with (一季度, 下半年,
// 3月, 10月份, 6月底), so that a span's word behind it shows.
func skipSpanStart(s string) string {
	for _, w := range spanStarts {
		if rest, ok := strings.CutPrefix(s, w); ok {
			return rest
		}
	}
	k := 0
	for k < len(s) && k < 2 && isDigit(s[k]) {
		k++
	}
	if k == 0 || !strings.HasPrefix(s[k:], "月") {
		return s
	}
	rest := s[k+len("月"):]
	for _, w := range []string{"份", "初", "底", "末", "中旬", "下旬", "上旬"} {
		if r, ok := strings.CutPrefix(rest, w); ok {
			return r
		}
	}
	return rest
}

// comparison tells whether the word at s[i:] is the base of a comparison: 比上年, 较去年.
func (g *grammar) comparison(s string, i int) bool { return hasAnySuffix(s[:i], g.cfg.Comparison) }

// planEnd returns the year the last five-year plan named in s ends (十四五, “十四五”时期: 2025;
// 十一五 to 十五五), or 0. A plan named before a figure sets its span, not one year's figure: in a
// report of 2020, “十四五”时期的目标为经济总量跨越6万亿元 is a horizon like 到2025年. A plan
// named by its first year (“十三五”开局之年) names that year, not the plan's end: 0.
func planEnd(s string) int {
	const digits = "一二三四五"
	end := 0
	for i := strings.Index(s, "十"); i >= 0; {
		rest := s[i+len("十"):]
		if r, n := utf8.DecodeRuneInString(rest); strings.ContainsRune(digits, r) && strings.HasPrefix(rest[n:], "五") {
			end = 2005 + 5*(1+strings.IndexRune(digits, r)/len("一"))
			if after := strings.TrimLeft(rest[n+len("五"):], "”\"’」"); hasAnyPrefix(after, planOpenings) {
				end = 0
			}
		}
		k := strings.Index(rest, "十")
		if k < 0 {
			break
		}
		i += len("十") + k
	}
	return end
}

// planOpenings follow a five-year plan's name where it names the plan's first year: “十三五”开局之年,
// 十四五开篇之年, “十四五”第一年.
var planOpenings = []string{"开局", "开篇", "起步之年", "首年", "第一年"}

// horizon tells whether the year at s[i:] is a plan's horizon word's: 到2025年.
func (g *grammar) horizon(s string, i int) bool { return hasAnySuffix(s[:i], g.cfg.Horizon) }

// periodAt reads a period of months at s[i:] (1-11月, 1至6月份) and returns its label, or ""
// for months that make no period; n is 0 when none stands there. Only the patterns with their
// bit set in mask are tried (see patternMask).
func (g *grammar) periodAt(s string, i int, mask uint64) (period string, n int) {
	if i >= len(s) {
		return "", 0
	}
	for k, re := range g.cfg.Periods {
		if k < 64 && mask&(1<<k) == 0 {
			continue
		}
		m := re.FindStringSubmatch(s[i:])
		if m == nil {
			continue
		}
		a := 1
		if f := re.SubexpIndex("from"); f >= 0 {
			a, _ = strconv.Atoi(m[f])
		}
		b, _ := strconv.Atoi(m[re.SubexpIndex("to")])
		p := strconv.Itoa(a) + "-" + strconv.Itoa(b)
		if _, _, ok := series.PeriodMonths(p); ok {
			return p, len(m[0])
		}
		return "", len(m[0])
	}
	return "", 0
}

// untilAt reads "up to a month's end" at s[i:] (截至9月底, 截至2022年9月末, 截至2022-09-30):
// the period from January to that month, and the year if given.
func (g *grammar) untilAt(s string, i int, mask uint64) (year int, period string, n int) {
	for k, re := range g.cfg.Until {
		if k < 64 && mask&(1<<k) == 0 {
			continue
		}
		m := re.FindStringSubmatch(s[i:])
		if m == nil {
			continue
		}
		mo, _ := strconv.Atoi(m[re.SubexpIndex("month")])
		if mo < 1 || mo > 12 {
			return 0, "", 0
		}
		if k := re.SubexpIndex("year"); k >= 0 {
			year, _ = strconv.Atoi(m[k])
		}
		return year, "1-" + strconv.Itoa(mo), len(m[0])
	}
	return 0, "", 0
}

// fulfilled tells whether a plan word is one reviewed: a fulfilled word before it in its
// clause, or right after it (主要目标任务, 预期目标提前实现).
func (g *grammar) fulfilled(before, after string) bool {
	after = after[prefixLen(after, fulfilledAdverbs):] // 主要目标全面实现
	return containsAny(before, g.cfg.Fulfilled) || hasAnyPrefix(after, g.cfg.Fulfilled)
}

// fulfilledAdverbs may stand between a plan word and the word that says it was fulfilled.
var fulfilledAdverbs = []string{"全面", "全部", "均已", "均", "基本", "圆满", "顺利", "已经", "已"}

// rangeSep returns the length of the word that joins the ends of a range at s[i:] (5.5-6%,
// 6.0%~6.5%, 5至6%), or 0.
func (g *grammar) rangeSep(s string, i int) int {
	return prefixLen(s[i:], g.cfg.Ranges)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// prefixLen returns the length of the first of words that s starts with, or 0.
func prefixLen(s string, words []string) int {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
