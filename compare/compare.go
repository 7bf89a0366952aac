// Package compare holds the year semantics of targets: for each indicator, region, year and
// period that has both an actual figure and a target of that year, the actual figure, the
// target's bounds, the gap between them and whether the figure falls short, computed from the
// report samples and the rules. They are served as year-keyed series (the year is a label), so
// that PromQL never derives a year from a timestamp, and they hold whatever the lookback.
//
// A full-year figure (period 1-12) against its year's target is a result: short means the
// target was missed. A rate of part of the year (1-3, 1-6, 1-9) against the year's target is
// progress: short means behind pace. Amounts accumulate over the year, so only their full-year
// figure is compared.
package compare

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// Names of the comparison families. Every comparison series carries the labels indicator,
// metric, region, region_code, year, period and bound; the same label set in every family, so
// that one family joins another without on() or group modifiers.
const (
	// ActualName holds the actual figure of the year and period, in the metric's unit.
	ActualName = "econ_target_actual"
	// TargetName holds the target of the year at the bound, in the metric's unit.
	TargetName = "econ_target_value"
	// GapName holds how far the actual figure lies inside the bound, in the metric's unit:
	// above a min, below a max, on the good side of an approx target by the indicator's
	// better. Negative is outside.
	GapName = "econ_target_gap"
	// ShortfallName is 1 where the actual figure falls short of the bound, else 0: below a
	// min (better higher) or above a max (better lower), or on the bad side of an approx
	// target by more than its tolerance. A figure beyond the other end of a range (above the
	// max where higher is better) is no shortfall. For a part of the year it means behind pace.
	ShortfallName = "econ_target_shortfall"
	// LatestName is 1 for the latest year and period compared, per metric and region (no
	// bound label): what is "now" for the alerts. Served on /metrics only.
	LatestName = "econ_target_latest"
	// InfoName is 1 per metric of an indicator, with its title, unit and better as labels.
	InfoName = "econ_indicator_info"
)

// Tolerances of an approximate target (左右): a figure within them of the target meets it.
// "6%左右" is read as a figure rounded to the whole percent, so half a percentage point either
// side; an amount (1000亿元左右) within one percent of it.
const (
	ApproxToleranceRatio    = 0.005
	ApproxToleranceRelative = 0.01
)

// FullYear is the period of a full-year figure and of the targets compared.
const FullYear = "1-12"

// Comparison is one actual figure against one bound of its year's target.
type Comparison struct {
	Indicator, Metric  string
	Unit               string // the metric's unit: ratio, yuan, ...
	Better             string // higher or lower
	Region, RegionCode string
	Year               int
	Period             string // the actual figure's period: 1-12 is a result, 1-6 progress
	Bound              string // min, max or approx
	Actual, Target     float64
	Gap                float64   // how far inside the bound; negative outside
	Short              bool      // falls short of the bound (tolerance applied)
	Time               time.Time // when the actual figure is stamped: the period's last day
}

// Progress reports whether the comparison is of part of a year: progress, not a result.
func (c *Comparison) Progress() bool { return c.Period != FullYear }

// metricInfo is what a comparison needs to know of a metric.
type metricInfo struct {
	ind   *config.Indicator
	unit  string
	ratio bool
}

func metrics(inds []*config.Indicator) map[string]metricInfo {
	out := map[string]metricInfo{}
	for _, ind := range inds {
		if ind.Level != nil && ind.Level.Metric != "" {
			out[ind.Level.Metric] = metricInfo{ind, ind.Level.Unit, ind.Level.Unit == "ratio"}
		}
		if ind.Growth != nil && ind.Growth.Metric != "" {
			u := cmp.Or(ind.Growth.Unit, "ratio")
			out[ind.Growth.Metric] = metricInfo{ind, u, u == "ratio"}
		}
	}
	return out
}

type regionKey struct {
	metric, region, code string
	year                 int
}

// Compare returns the comparisons of the samples (merged: one per series and time), ordered
// by metric, region, year, period and bound. Samples of metrics the indicators lack are
// ignored.
func Compare(inds []*config.Indicator, samples []series.Sample) []Comparison {
	ms := metrics(inds)
	targets := map[regionKey]map[string]float64{} // bound -> value
	for i := range samples {
		s := &samples[i]
		if _, ok := ms[s.Name]; !ok || s.Labels.Kind != series.KindTarget || s.Labels.Period != FullYear || s.Labels.Bound == "" {
			continue
		}
		k := regionKey{s.Name, s.Labels.Region, s.Labels.RegionCode, s.Time.In(series.China).Year()}
		if targets[k] == nil {
			targets[k] = map[string]float64{}
		}
		targets[k][s.Labels.Bound] = s.Value
	}
	var out []Comparison
	for i := range samples {
		s := &samples[i]
		m, ok := ms[s.Name]
		if !ok || s.Labels.Kind != series.KindActual || !comparable(s.Labels.Period, m.ratio) {
			continue
		}
		year := s.Time.In(series.China).Year()
		bounds := targets[regionKey{s.Name, s.Labels.Region, s.Labels.RegionCode, year}]
		for _, b := range slices.Sorted(maps.Keys(bounds)) {
			c := Comparison{
				Indicator: m.ind.ID, Metric: s.Name, Unit: m.unit, Better: better(m.ind),
				Region: s.Labels.Region, RegionCode: s.Labels.RegionCode,
				Year: year, Period: s.Labels.Period, Bound: b,
				Actual: s.Value, Target: bounds[b], Time: s.Time,
			}
			c.Gap, c.Short = judge(c.Actual, c.Target, b, c.Better == "lower", m.ratio)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Comparison) int {
		return cmp.Or(cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.RegionCode, b.RegionCode), cmp.Compare(a.Year, b.Year),
			cmp.Compare(periodEnd(a.Period), periodEnd(b.Period)), cmp.Compare(a.Period, b.Period),
			cmp.Compare(a.Bound, b.Bound), a.Time.Compare(b.Time))
	})
	return out
}

// periodEnd is the last month of a period label, 0 if it is none.
func periodEnd(p string) int {
	_, to, _ := series.PeriodMonths(p)
	return to
}

// comparable reports whether an actual figure of the period meets the year's target: the
// full year always; a cumulative part of the year (1-3, 1-6, 1-9) for rates only.
func comparable(period string, ratio bool) bool {
	if period == FullYear {
		return true
	}
	from, to, _ := series.PeriodMonths(period)
	return ratio && from == 1 && to < 12
}

func better(ind *config.Indicator) string {
	if ind.Better == "lower" {
		return "lower"
	}
	return "higher"
}

// judge returns how far actual lies inside the bound (negative outside) and whether it falls
// short of it. Beyond a max where higher is better, or below a min where lower is better, is
// outside the range but no shortfall. An approx target is met within its tolerance.
func judge(actual, target float64, bound string, lower, ratio bool) (gap float64, short bool) {
	switch bound {
	case series.BoundMin:
		gap = actual - target
		return gap, !lower && gap < 0
	case series.BoundMax:
		gap = target - actual
		return gap, lower && gap < 0
	default: // approx
		gap = actual - target
		if lower {
			gap = -gap
		}
		tol := ApproxToleranceRatio
		if !ratio {
			tol = math.Abs(target) * ApproxToleranceRelative
		}
		return gap, gap < -tol-1e-12
	}
}
