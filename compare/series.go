package compare

import (
	"slices"
	"strconv"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// Label names of the comparison and info series, beyond those of a report series.
const (
	LabelIndicator = "indicator"
	LabelMetric    = "metric"
	LabelYear      = "year"
	LabelTitle     = "title"
	LabelUnit      = "unit"
	LabelBetter    = "better"
)

// Help gives the help text of each family this package makes.
func Help() map[string]string {
	return map[string]string{
		ActualName: "Actual figure of the year and period (labels year, period) compared with the target of that year at the bound, in the unit of the metric named by the metric label. Period 1-12 is the full year; 1-3, 1-6, 1-9 are progress.",
		TargetName: "Target of the year (label year) at the bound (min, max, approx), in the unit of the metric named by the metric label, repeated for each period it is compared with.",
		GapName:    "How far the actual figure lies inside the target's bound, in the metric's unit: above a min, below a max, on the good side of an approx target by the indicator's better. Negative is outside.",
		ShortfallName: "1 where the actual figure falls short of the target's bound, else 0: below a min where higher is better, above a max where lower is better, on the bad side of an approx target by more than its tolerance " +
			"(0.5 percentage point for rates, 1% for amounts). For part of a year (period other than 1-12): behind pace.",
		LatestName: "1 for the latest year and period compared with a target, per metric and region: the comparison the alerts look at.",
		InfoName:   "1 per metric of an indicator of the rules, with its title, unit and better (higher or lower) as labels.",
	}
}

func (c *Comparison) labels(bound bool) series.Labels {
	l := series.Labels{
		Region: c.Region, RegionCode: c.RegionCode, Period: c.Period,
		Extra: series.ExtraLabels(LabelIndicator, c.Indicator, LabelMetric, c.Metric, LabelYear, strconv.Itoa(c.Year)),
	}
	if bound {
		l.Bound = c.Bound
	}
	return l
}

// Samples turns comparisons into samples of the four comparison families, stamped with the
// time of the actual figure (the last day of its period, when the comparison became known).
func Samples(cs []Comparison) []series.Sample {
	out := make([]series.Sample, 0, 4*len(cs))
	for i := range cs {
		c := &cs[i]
		l := c.labels(true)
		short := 0.0
		if c.Short {
			short = 1
		}
		for _, f := range []struct {
			name string
			v    float64
		}{{ActualName, c.Actual}, {TargetName, c.Target}, {GapName, c.Gap}, {ShortfallName, short}} {
			out = append(out, series.Sample{Name: f.name, Labels: l, Value: f.v, Time: c.Time})
		}
	}
	return out
}

// Latest returns, per metric and region, a sample of LatestName for the latest year and period
// of the comparisons (ordered as Compare orders them).
func Latest(cs []Comparison) []series.Sample {
	var out []series.Sample
	for i := range cs {
		c := &cs[i]
		if i+1 < len(cs) && cs[i+1].Metric == c.Metric && cs[i+1].Region == c.Region && cs[i+1].RegionCode == c.RegionCode {
			continue
		}
		out = append(out, series.Sample{Name: LatestName, Labels: c.labels(false), Value: 1, Time: c.Time})
	}
	return out
}

// Info returns a sample of InfoName per metric of the indicators, stamped at t.
func Info(inds []*config.Indicator, t time.Time) []series.Sample {
	var out []series.Sample
	for _, ind := range inds {
		b := better(ind)
		add := func(s *config.Series, title, unit string) {
			if s == nil || s.Metric == "" {
				return
			}
			out = append(out, series.Sample{Name: InfoName, Value: 1, Time: t, Labels: series.Labels{
				Extra: series.ExtraLabels(LabelIndicator, ind.ID, LabelMetric, s.Metric, LabelTitle, title, LabelUnit, unit, LabelBetter, b),
			}})
		}
		if ind.Level != nil {
			add(ind.Level, Title(ind, false), ind.Level.Unit)
		}
		if ind.Growth != nil {
			add(ind.Growth, Title(ind, true), unitOr(ind.Growth.Unit))
		}
	}
	return out
}

func unitOr(u string) string {
	if u == "" {
		return "ratio"
	}
	return u
}

// Title names a metric of an indicator for readers: the growth rate 地区生产总值增速, the level
// of an amount 地区生产总值总量, a rate by its own name (城镇登记失业率).
func Title(ind *config.Indicator, growth bool) string {
	switch {
	case growth:
		return ind.Title + "增速"
	case ind.Level != nil && ind.Level.Unit == "ratio":
		return ind.Title
	default:
		return ind.Title + "总量"
	}
}

// History returns what a backfill writes besides the report samples: the comparison samples,
// and the info samples on January 1st (China time) of every year the samples span, so that a
// query over any year of the history finds them within a year's window.
func History(inds []*config.Indicator, samples []series.Sample) []series.Sample {
	cs := Compare(inds, samples)
	out := Samples(cs)
	if len(samples) == 0 {
		return out
	}
	first, last := samples[0].Time, samples[0].Time
	for i := range samples {
		if samples[i].Time.Before(first) {
			first = samples[i].Time
		}
		if samples[i].Time.After(last) {
			last = samples[i].Time
		}
	}
	for y := first.In(series.China).Year(); y <= last.In(series.China).Year(); y++ {
		out = append(out, Info(inds, time.Date(y, 1, 1, 0, 0, 0, 0, series.China))...)
	}
	slices.SortStableFunc(out, series.CompareSamples)
	return out
}
