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

// observedAt is the time of each observation of metric{sel}, as Unix seconds. A scraped series
// carries it in its companion gauge (a scrape stamps the sample with the scrape time); a
// backfilled series is stamped with it, and has no companion where the backfill wrote none.
func observedAt(metric, sel string) string {
	return fmt.Sprintf("(%s%s{%s} or timestamp(%s{%s}))", metric, timestampSuffix, sel, metric, sel)
}

// latestTime is the time of the latest observation of metric{sel} per group.
func latestTime(metric, sel, by string) string {
	return fmt.Sprintf("max by (%s) (%s)", by, observedAt(metric, sel))
}

// latestValue is the value of the latest observation of metric{sel} per group: of the series
// in a group (periods 1-3, 1-6, ...; scraped and backfilled copies) the one observed last.
func latestValue(metric, sel, by string) string {
	return fmt.Sprintf("max by (%s) (\n  %s{%s}\n  and\n  (%s == on (%s) group_left %s)\n)",
		by, metric, sel, observedAt(metric, sel), by, latestTime(metric, sel, by))
}

// yearOf turns a vector of Unix times into their years in China time.
func yearOf(times string) string {
	return fmt.Sprintf("year(%s + %s)", times, chinaOffset)
}

// Names of the recording rules that hold, per region, the latest actual figure and, per region
// and bound, the latest target, each with the year it belongs to.
func (s series) recActual() string     { return "region:" + s.metric + ":actual_latest" }
func (s series) recActualYear() string { return "region:" + s.metric + ":actual_latest_year" }
func (s series) recTarget() string     { return "region_bound:" + s.metric + ":target_latest" }
func (s series) recTargetYear() string { return "region_bound:" + s.metric + ":target_latest_year" }

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

// latest holds the four values a comparison with a target needs, as PromQL: per region the
// latest actual figure and its year, and per region the latest target of a bound and its year.
type latest struct {
	actual, actualYear string
	target, targetYear func(bound string) string
}

// recorded reads the four values from the recording rules.
func (s series) recorded() latest {
	return latest{
		actual:     s.recActual(),
		actualYear: s.recActualYear(),
		target:     func(b string) string { return fmt.Sprintf("%s{bound=%q}", s.recTarget(), b) },
		targetYear: func(b string) string { return fmt.Sprintf("%s{bound=%q}", s.recTargetYear(), b) },
	}
}

// inline computes the four values from the raw series, so that they hold at every moment of
// the backfilled history.
func (s series) inline() latest {
	tsel := func(b string) string { return fmt.Sprintf("%s, bound=%q", s.targetSel(), b) }
	return latest{
		actual:     "(" + latestValue(s.metric, s.actualSel(), "region") + ")",
		actualYear: yearOf(latestTime(s.metric, s.actualSel(), "region")),
		target:     func(b string) string { return "(" + latestValue(s.metric, tsel(b), "region, bound") + ")" },
		targetYear: func(b string) string { return yearOf(latestTime(s.metric, tsel(b), "region, bound")) },
	}
}

// sameYear keeps the regions whose latest actual figure is of the year of the bound's latest
// target.
func (l latest) sameYear(b string) string {
	return fmt.Sprintf("(%s == on (region) %s)", l.actualYear, l.targetYear(b))
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
		return fmt.Sprintf("(%s %s on (region) group_left (bound) %s)\n    and on (region)\n    %s",
			l.actual, shortfallOp(b, lowerIsBetter(s.ind)), l.target(b), l.sameYear(b))
	})
}

// margin is how far the latest actual figure lies on the good side of the target of the same
// year, per region and bound, in the series' unit: negative is a shortfall.
func (s series) margin(l latest) string {
	return s.eachBound(func(b string) string {
		diff := fmt.Sprintf("(%s - on (region) group_left (bound) %s)", l.actual, l.target(b))
		if shortfallOp(b, lowerIsBetter(s.ind)) == ">" {
			diff = "-" + diff
		}
		return diff + "\n    and on (region)\n    " + l.sameYear(b)
	})
}

// pairedActual is the latest actual figure per region and bound where a target of the same year
// exists.
func (s series) pairedActual(l latest) string {
	return s.eachBound(func(b string) string {
		return fmt.Sprintf("(%s + on (region) group_left (bound) (0 * %s))\n    and on (region)\n    %s",
			l.actual, l.target(b), l.sameYear(b))
	})
}

// pairedTarget is the latest target per region and bound where an actual figure of the same
// year exists.
func (s series) pairedTarget(l latest) string {
	return s.eachBound(func(b string) string {
		return fmt.Sprintf("%s\n    and on (region)\n    %s", l.target(b), l.sameYear(b))
	})
}

// pairedYear is the year of the latest actual figure and target per region and bound.
func (s series) pairedYear(l latest) string {
	return s.eachBound(func(b string) string {
		return fmt.Sprintf("(%s + on (region) group_left (bound) (0 * %s))\n    and on (region)\n    %s",
			l.actualYear, l.target(b), l.sameYear(b))
	})
}
