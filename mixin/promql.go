package mixin

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/report-exporter/report_exporter/config"
)

// Label values and names of the report series (see the contract).
const (
	kindActual = "actual"
	kindTarget = "target"
	fullYear   = "1-12"

	// timestampSuffix names the companion gauge the exporter serves beside every report metric,
	// holding the Unix time of the observation served.
	timestampSuffix = "_timestamp_seconds"

	// chinaOffset is UTC+8 in seconds. PromQL's year() works in UTC, and a target stamped
	// 2023-01-01T00:00+08:00 is still 2022 in UTC.
	chinaOffset = "28800"
)

// series is one metric of an indicator, with what the generated queries need to know about it.
type series struct {
	ind    *config.Indicator
	kind   string // "growth" or "level"
	metric string
	unit   string
}

// seriesOf lists the indicators' series in rule order, level before growth. A growth rate
// is a ratio unless the rules say otherwise.
func seriesOf(inds []*config.Indicator) []series {
	var out []series
	for _, ind := range inds {
		if ind.Level != nil && ind.Level.Metric != "" {
			out = append(out, series{ind, "level", ind.Level.Metric, ind.Level.Unit})
		}
		if ind.Growth != nil && ind.Growth.Metric != "" {
			out = append(out, series{ind, "growth", ind.Growth.Metric, cmp.Or(ind.Growth.Unit, "ratio")})
		}
	}
	return out
}

// lowerIsBetter reports whether a higher figure is worse (unemployment).
func lowerIsBetter(ind *config.Indicator) bool { return ind.Better == "lower" }

// isRatio reports whether the series holds rates, which can be compared with the year's target
// whatever part of the year they cover (增长5% in the first half against 增长6% for the year).
// Amounts (yuan, ...) accumulate over the year, so only the full-year figure meets the target.
func (s series) isRatio() bool { return s.unit == "ratio" }

// actualPeriods is the matcher of the actual figures that are compared with a target: every
// cumulative period (1-3, 1-6, 1-9, 1-12, ...; not 4-6, a quarter alone) for rates, the full
// year for amounts.
func (s series) actualPeriods() string {
	if s.isRatio() {
		return `period=~"1-.*"`
	}
	return `period="` + fullYear + `"`
}

func (s series) actualSel() string {
	return fmt.Sprintf(`kind=%q, %s`, kindActual, s.actualPeriods())
}

func (s series) targetSel() string {
	return fmt.Sprintf(`kind=%q, period=%q`, kindTarget, fullYear)
}

// observedAtOffset is the time of each observation of metric{sel} at an offset, as Unix
// seconds. A scraped series carries it in its companion gauge (a scrape stamps the sample with
// the scrape time); a backfilled series is stamped with it, and has no companion where the
// backfill wrote none.
func observedAtOffset(metric, sel, offset string) string {
	return fmt.Sprintf("(%s%s{%s}%s or timestamp(%s{%s}%s))", metric, timestampSuffix, sel, offset, metric, sel, offset)
}

// yearAgo is the offset at which a query sees last year's target: at any moment of a year, the
// target of the year before is the one in force a year earlier.
const yearAgo = " offset 365d"

// latestTime is the time of the latest observation of metric{sel} per group.
func latestTime(metric, sel, by string) string { return latestTimeOffset(metric, sel, by, "") }

func latestTimeOffset(metric, sel, by, offset string) string {
	return fmt.Sprintf("max by (%s) (%s)", by, observedAtOffset(metric, sel, offset))
}

// latestValue is the value of the latest observation of metric{sel} per group: of the series
// in a group (periods 1-3, 1-6, ...; scraped and backfilled copies) the one observed last.
func latestValue(metric, sel, by string) string { return latestValueOffset(metric, sel, by, "") }

func latestValueOffset(metric, sel, by, offset string) string {
	return fmt.Sprintf("max by (%s) (\n  %s{%s}%s\n  and\n  (%s == on (%s) group_left %s)\n)",
		by, metric, sel, offset, observedAtOffset(metric, sel, offset), by, latestTimeOffset(metric, sel, by, offset))
}

// yearOf turns a vector of Unix times into their years in China time.
func yearOf(times string) string {
	return fmt.Sprintf("year(%s + %s)", times, chinaOffset)
}

// Names of the recording rules that hold, per region, the latest actual figure and its year, and
// per region and bound the target of that same year.
func (s series) recActual() string     { return "region:" + s.metric + ":actual_latest" }
func (s series) recActualYear() string { return "region:" + s.metric + ":actual_latest_year" }
func (s series) recTarget() string     { return "region_bound:" + s.metric + ":target_same_year" }

// shortfallOp is the comparison that makes an actual figure miss a target of the bound: below a
// minimum, above a maximum, and on the bad side of an approximate target.
func shortfallOp(bound string, lower bool) string {
	switch {
	case bound == "max", bound == "approx" && lower:
		return ">"
	default:
		return "<"
	}
}

var bounds = []string{"min", "max", "approx"}

// latest holds the values a comparison with a target needs, as PromQL: per region the latest
// actual figure and its year, and per region and bound the target of that year.
type latest struct {
	actual, actualYear string
	target             func(bound string) string
}

// recorded reads the values from the recording rules.
func (s series) recorded() latest {
	return latest{
		actual:     s.recActual(),
		actualYear: s.recActualYear(),
		target:     func(b string) string { return fmt.Sprintf("%s{bound=%q}", s.recTarget(), b) },
	}
}

// inline computes the values from the raw series, so that they hold at every moment of the
// backfilled history.
func (s series) inline() latest {
	return latest{
		actual:     "(" + latestValue(s.metric, s.actualSel(), "region") + ")",
		actualYear: s.actualYear(),
		target:     s.targetOfActualYear,
	}
}

// actualYear is the year of the latest actual figure per region.
func (s series) actualYear() string {
	return yearOf(latestTime(s.metric, s.actualSel(), "region"))
}

// targetOfActualYear is, per region and bound (one bound, or all for ""), the target of the
// year of the latest actual figure. That is the latest target where it is of that year (a
// half-year figure against this year's target); otherwise the target in force a year ago, where
// that one is (last year's full-year figure, published after this year's target was set);
// otherwise nothing: a figure is never held against another year's target.
func (s series) targetOfActualYear(bound string) string {
	sel := s.targetSel()
	if bound != "" {
		sel += fmt.Sprintf(", bound=%q", bound)
	}
	by := "region, bound"
	ay := s.actualYear()
	now := fmt.Sprintf("(%s and on (%s) (%s == on (region) group_left %s))",
		latestValue(s.metric, sel, by), by, yearOf(latestTime(s.metric, sel, by)), ay)
	ago := fmt.Sprintf("(%s and on (%s) (%s == on (region) group_left %s))",
		latestValueOffset(s.metric, sel, by, yearAgo), by, yearOf(latestTimeOffset(s.metric, sel, by, yearAgo)), ay)
	return "(\n" + now + "\nor\n" + ago + "\n)"
}

// eachBound joins one expression per bound with "or" and labels the result with the metric.
func (s series) eachBound(f func(b string) string) string {
	var branches []string
	for _, b := range bounds {
		branches = append(branches, "(\n    "+f(b)+"\n  )")
	}
	return fmt.Sprintf("label_replace(\n  %s,\n  \"metric\", %q, \"\", \"\"\n)", strings.Join(branches, "\n  or\n  "), s.metric)
}

// shortfall is the latest actual figure per region wherever it misses a target of the same year,
// labelled with the bound it misses and the metric.
func (s series) shortfall(l latest) string {
	return s.eachBound(func(b string) string {
		return fmt.Sprintf("%s %s on (region) group_left (bound) %s",
			l.actual, shortfallOp(b, lowerIsBetter(s.ind)), l.target(b))
	})
}

// goodSide is, per bound, +1 where a figure above the target is on the good side and -1 where
// below is: the sign that turns actual - target into a margin.
func (s series) goodSide() string {
	var parts []string
	for _, b := range bounds {
		sign := 1
		if shortfallOp(b, lowerIsBetter(s.ind)) == ">" {
			sign = -1
		}
		parts = append(parts, fmt.Sprintf("label_replace(vector(%d), \"bound\", %q, \"\", \"\")", sign, b))
	}
	return "(" + strings.Join(parts, " or ") + ")"
}

// margin is, per region and bound, how far the latest actual figure lies on the good side of
// the target of its year, in the series' unit: negative is a shortfall.
func (s series) margin() string {
	return fmt.Sprintf("(\n%s\n- on (region) group_right ()\n%s\n) * on (bound) group_left () %s",
		s.inline().actual, s.targetOfActualYear(""), s.goodSide())
}

// pairedActual is the latest actual figure per region and bound, where a target of its year
// exists.
func (s series) pairedActual() string {
	return fmt.Sprintf("%s\n+ on (region) group_right ()\n(0 * %s)", s.inline().actual, s.targetOfActualYear(""))
}

// pairedTarget is the target of the year of the latest actual figure, per region and bound.
func (s series) pairedTarget() string { return s.targetOfActualYear("") }

// pairedYear is the year of the latest actual figure per region and bound, where a target of
// that year exists.
func (s series) pairedYear() string {
	return fmt.Sprintf("%s\n+ on (region) group_right ()\n(0 * %s)", s.actualYear(), s.targetOfActualYear(""))
}
