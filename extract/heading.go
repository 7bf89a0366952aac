package extract

import (
	"cmp"
	"strings"
	"time"

	"github.com/report-exporter/report_exporter/series"
)

// heading sets the section setting from a heading. Headings nest by their numbering (一、 >
// (一) > 1. > (1)): a heading starts from the setting of the heading above it, so the words of
// a sub-heading hold until its next sibling. Words in quotes and book titles (“攀升计划”,
// 《…方案》) are names, not cues. A heading that names two years or both kinds (a report's
// title: 2019年执行情况与2020年计划) sets neither.
func (x *extraction) heading(line string) (repeated bool) {
	level := x.rs.g.headingLevel(line)
	line = unquoted(line)
	c, cued, dateYear := x.headingContext(line)
	dated := dateYear > 0
	if level == 0 && !cued {
		return false // an unnumbered line without a cue ("扫一扫在手机上打开当前页") says nothing
	}
	if level == 0 {
		if x.titles[line] {
			return true // a page header repeated in the text: the title, read before
		}
		x.titles[strings.Clone(line)] = true // not the report's text: a large one is read a piece at a time
	}
	base := x.section
	if level > 0 {
		base = x.levels[level-1]
	}
	if dated && base.kind == series.KindActual && base.year > 0 && dateYear > base.year {
		// 山西省2013年…统计公报, then 2014年2月25日: the review dated after its year, whose
		// year still holds.
		x.section = c.or(base)
	} else if c.year != 0 && c.year != base.year || dated && c.year == 0 {
		x.section = c // another year, or a date: nothing of the last one's holds
	} else {
		x.section = c.or(base)
	}
	for k := level; k < len(x.levels); k++ {
		x.levels[k] = x.section
	}
	x.reviewed(c)
	return false
}

// headingContext reads the year, kind and period a heading names: one year, and one kind,
// or none where it names several (2019年执行情况与2020年计划). cued tells whether it names
// any; dateYear, the year of a date it names (2021年1月27日), which is no figure's.
func (x *extraction) headingContext(line string) (c setting, cued bool, dateYear int) {
	years := map[int]bool{}
	kinds := map[string]bool{}
	sc := x.rs.scan(line)
	for t, ok := sc.next(); ok; t, ok = sc.next() {
		switch t.kind {
		case tokCue:
			cue := x.rs.cfg.Vocabulary.Cues[t.id]
			if cue.Kind == series.KindTarget && x.rs.g.fulfilled(line[:t.pos], line[t.end:]) {
				// 主要目标全面实现: the plan reviewed, its results follow
				kinds[series.KindActual], c.kind, cued = true, series.KindActual, true
				continue
			}
			if cue.Kind != "" {
				kinds[cue.Kind] = true
				c.kind = cue.Kind
			}
			c.period = cmp.Or(cue.Period, c.period)
			if cue.Year != nil && x.doc.year > 0 && !x.rs.g.comparison(line, t.pos) {
				years[x.doc.year+*cue.Year] = true
			}
			cued = true
		case tokYear:
			// A date (——2021年1月27日在…会议上) tells when the report was given, not the
			// year its figures are of: a review section after it may have no year of its own.
			if t.year > 0 && monthDay.MatchString(line[t.end:]) {
				dateYear, cued = t.year, true
			} else if t.year > 0 {
				years[t.year], cued = true, true
			}
		case tokPeriod:
			if t.period != "" {
				c.period, cued = t.period, true
			}
		}
	}
	if containsAny(line, x.rs.g.cfg.WorkReports) {
		// 2019年松溪县人民政府工作报告: the year of the report, which reviews the year before;
		// findPublished has it.
		clear(years)
	}
	if len(kinds) > 1 {
		c.kind = ""
	}
	if len(years) == 1 {
		for y := range years {
			c.year = y
		}
	}
	return c, cued, dateYear
}

// reviewed dates a report by the period a heading reviews: 一、2022年工作回顾, 2021年…统计公报
// are published after it, so that 今年 further on is right; a date before it (a bulletin of
// 2021 "published" 2021年2月26日) is a slip of the pen.
func (x *extraction) reviewed(c setting) {
	if c.kind != series.KindActual || c.year == 0 {
		return
	}
	_, to, _ := series.PeriodMonths(cmp.Or(c.period, "1-12"))
	if after := time.Date(c.year, time.Month(to)+1, 1, 0, 0, 0, 0, series.China); after.After(x.doc.published) {
		x.doc.published, x.doc.year = after, after.Year()
		x.why("the report reviews a period that ended %s: taken as published after it", after.AddDate(0, 0, -1).Format(time.DateOnly))
		x.res.Published = after
	}
}

// unquoted returns line without what stands in quotes or book-title marks.
func unquoted(line string) string {
	if !strings.ContainsAny(line, "“《「\"") {
		return line
	}
	var b strings.Builder
	depth := 0
	for _, r := range line {
		switch r {
		case '“', '《', '「':
			depth++
		case '”', '》', '」':
			depth = max(depth-1, 0)
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
