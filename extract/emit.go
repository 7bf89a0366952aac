package extract

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// emit turns a figure into samples: it picks the series by the figure's form and unit and
// settles the year, kind, period and bound. It returns false for a figure whose kind or year
// the text leaves open, so that the sentence is listed as unmatched.
func (x *extraction) emit(ind *config.Indicator, f figure, c setting, text string) bool {
	var sr *config.Series
	switch {
	case f.growth:
		sr = ind.Growth
	case ind.Level != nil && ind.Level.Unit == f.unit:
		sr = ind.Level
	}
	if sr == nil {
		x.why("%s: %q is a form %s does not take", ind.ID, text, ind.ID)
		return true // a form the indicator does not take: 增长12亿元 of a rate
	}
	c, end, ok := x.settle(ind, f, c, text)
	if !ok {
		return false
	}
	s := series.Sample{
		Name:   sr.Metric,
		Labels: series.Labels{Region: x.doc.region, RegionCode: x.doc.regionCode, Kind: c.kind, Period: c.period},
		Time:   end,
		// A copy: a substring would keep the whole report's text alive as long as the sample.
		Source:    series.Source{File: x.doc.file, Line: x.line, Text: strings.Clone(text)},
		Qualifier: strings.Clone(f.qual),
		Published: x.doc.published,
	}
	if c.kind == series.KindActual {
		s.Value = f.lo
		x.add(s)
		return true
	}
	// A section that sets targets is no review, and the paragraph goes on planning:
	// 2013年,失业率控制在4.2%以内;社会消费品零售总额增长15%.
	x.section.review, x.planned = false, true
	from, _, _ := series.PeriodMonths(c.period)
	s.Time = time.Date(c.year, time.Month(from), 1, 0, 0, 0, 0, series.China)
	if f.isRange {
		lo, hi := s, s
		lo.Labels.Bound, lo.Value = series.BoundMin, f.lo
		hi.Labels.Bound, hi.Value = series.BoundMax, f.hi
		x.add(lo)
		x.add(hi)
		return true
	}
	s.Labels.Bound, s.Value = f.bound, f.lo
	if s.Labels.Bound == "" {
		s.Labels.Bound = series.BoundApprox
	}
	x.add(s)
	return true
}

// settle completes a figure's context from its section and the document: the period (the
// full year unless told), the year (the report's, or the year before for a full year's figure
// early in the year), and the kind. It returns the end of the period, and false for a
// figure that is a plan's horizon or whose year or kind the text leaves open.
func (x *extraction) settle(ind *config.Indicator, f figure, c setting, text string) (setting, time.Time, bool) {
	stated := c.year // the sentence's own year, not its section's
	sec := x.section
	if stated != 0 && stated != x.doc.year && x.lead != "" && sec.period == x.lead {
		sec.period = "" // 2019年一季度 in the lead, then 2018年新疆实现…: the lead's period is of its year
	}
	c = c.or(sec)
	if c.period == "" {
		c.period = "1-12"
	}
	_, to, _ := series.PeriodMonths(c.period)
	d := x.doc
	if c.horizon || c.year > d.year+1 && d.year > 0 {
		x.why("%s: %q: %d is a plan's horizon, not a year's figure", ind.ID, text, c.year)
		return c, time.Time{}, false // 到2025年: a plan's horizon, not a year's figure
	}
	if c.year == 0 {
		if d.year == 0 {
			x.why("%s: %q: no year, and the report's date is unknown", ind.ID, text)
			return c, time.Time{}, false
		}
		c.year = d.year
		switch {
		case c.kind == series.KindTarget:
		case to == 12 && (!d.exact || d.published.Month() <= 6):
			c.year = d.year - 1 // a full year's figure in a report of early in the year
		case d.exact && to < 12 && to > int(d.published.Month())+1:
			c.year = d.year - 1 // 1-11月 in a report of February: last year's
		}
	}
	end := time.Date(c.year, time.Month(to)+1, 1, 0, 0, 0, 0, series.China).AddDate(0, 0, -1)
	if c.kind == series.KindActual && x.unbegun(f, end) {
		// 2024年,贵州将…预计全省地区生产总值增长5.5%左右 in a report of January 2024: an
		// estimate of a year that has hardly begun is its plan.
		c.kind = series.KindTarget
	}
	if c.kind == "" {
		c.kind = x.kindOf(f, end, stated, to)
		if c.kind == "" {
			x.why("%s: %q: no word tells actual or target, and %s was not over when the report was published (%s)",
				ind.ID, text, end.Format(time.DateOnly), d.published.Format(time.DateOnly))
			return c, end, false
		}
		if c.kind == series.KindActual && !d.exact && stated == d.year {
			// 2020年全区地区生产总值增长3.7% in a report that names only the year 2020: it
			// reports the year, so it was published after it, and 今年 further on is 2021.
			x.reviewed(c)
		}
	}
	return c, end, true
}

// kindOf tells a figure's kind where no word does: a period over by publication is reported;
// one still running is planned if the figure reads as a plan (左右, 以上, a range). Anything
// else is more likely a figure whose year the text did not make plain: "", left out.
func (x *extraction) kindOf(f figure, end time.Time, stated, to int) string {
	d := x.doc
	switch {
	case d.published.IsZero() || end.Before(d.published):
		return series.KindActual
	case x.planned:
		return series.KindTarget // 2013年,失业率控制在4.2%以内;社会消费品零售总额增长15%
	case (f.bound != "" && !containsAny(f.qual, x.rs.g.cfg.Passed)) || f.isRange:
		return series.KindTarget
	case d.exact && end.Sub(d.published) <= 45*24*time.Hour:
		// A report of late December gives the year's figures as the year ends: estimates,
		// which are actual figures.
		return series.KindActual
	case !d.exact && end.Year() == d.year && (stated == d.year || x.section.review && x.section.year == d.year || to < 12 && stated == 0):
		// A report that names no date, only its year, and a figure of that year without a
		// word of plan: 2011年陕西实现生产总值…, a section opened by "2015年,全省…坚持…", or
		// a digest's 1—2月 review the year they name.
		return series.KindActual
	}
	return ""
}

// unbegun tells whether a figure the words call reported reads as a plan (左右, 以上, a range)
// for a period that ends months after the report was published: a work report of January
// estimates (预计) the year it opens, which cannot be reported yet.
func (x *extraction) unbegun(f figure, end time.Time) bool {
	d := x.doc
	if (f.bound == "" || containsAny(f.qual, x.rs.g.cfg.Passed)) && !f.isRange {
		return false
	}
	published := d.published
	if !d.exact {
		if d.month == 0 || d.year == 0 {
			return false
		}
		published = time.Date(d.year, time.Month(d.month), 1, 0, 0, 0, 0, series.China)
	}
	return !published.IsZero() && end.Sub(published) > 180*24*time.Hour
}

func (x *extraction) add(s series.Sample) {
	if s.Labels.Region == "" {
		x.why("%s: no region, so no sample", s.Name)
		x.res.regionless++
		return
	}
	k := s.Key()
	if i, ok := x.seen[k]; ok {
		if first := x.res.Samples[i]; refines(s.Value, first.Value) {
			// 地区生产总值12903亿元 in a title, 12903.41亿元 in the text: the exact figure.
			x.res.Samples[i] = s
			x.res.Duplicates = append(x.res.Duplicates, Duplicate{Kept: s, Dropped: first})
			if x.explaining() {
				x.why("sample %s: the exact figure of %v given before", formatSample(s), first.Value)
			}
			return
		} else if first.Value != s.Value {
			x.res.Duplicates = append(x.res.Duplicates, Duplicate{Kept: first, Dropped: s})
		}
		if x.explaining() {
			x.why("sample %s: given before in the report", formatSample(s))
		}
		return
	}
	if x.explaining() {
		x.why("sample %s", formatSample(s))
	}
	x.seen[k] = len(x.res.Samples)
	x.res.Samples = append(x.res.Samples, s)
}

// refines tells whether v states rounded with more digits: rounded has three significant
// digits at least (a headline's amount, not a growth of 3% that 3.1% contradicts), v has more,
// and rounding v to rounded's digits gives rounded (12903.41亿元 after 12903亿元).
func refines(v, rounded float64) bool {
	if v == rounded || v == 0 || rounded == 0 {
		return false
	}
	digits := func(f float64) int {
		m := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
		m = m[:strings.IndexByte(m, 'e')]
		return len(strings.ReplaceAll(m, ".", ""))
	}
	n := digits(rounded)
	if n < 3 || digits(v) <= n {
		return false
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', n-1, 64), 64)
	return r == rounded
}
