package exporter

import (
	"cmp"
	"math"
	"slices"

	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/series"
)

// Bounds of the landing page. It is an overview that loads at once whatever the number of
// reports, regions, years and series; Grafana's dashboards and /metrics hold everything.
const (
	maxChartRegions = 8   // regions a chart draws: the ones with the latest figures
	maxChartYears   = 10  // years a chart draws: the latest ones with figures
	maxDocuments    = 200 // documents the table lists: the newest
	maxFailures     = 100 // reports that could not be read the table lists
)

// Dashboards the notes of the landing page point to for what it leaves out, by their titles
// (package mixin makes them; a test holds the titles to the generated ones).
const (
	overviewDashboard = "Report figures: overview"
	healthDashboard   = "Report exporter: health"
)

// choice is what a chart of a metric draws: the regions chosen and the years, out of all it
// could draw, and where their samples are.
type choice struct {
	samples          []series.Sample
	runs             []drawnRun   // the runs of samples the chart may draw
	years            []int32      // the year of each sample of the runs, by its index in samples
	ranks            []regionRank // the regions of the runs
	chosen           []bool       // by index in ranks; nil: all of them
	first, last      int          // the years drawn, inclusive
	total, shown     int          // regions with a figure or a year's target, chosen ones with one in the years drawn
	minYear, maxYear int          // the years of all of them
}

// drawnRun is a run of samples of one series that a chart may draw: samples[start:end].
type drawnRun struct {
	start, end int
	region     int // index in ranks
	actual     bool
}

// regionRank is what a chart weighs in choosing the regions it draws.
type regionRank struct {
	id      regionID
	latest  int  // the year of its latest actual figure; math.MinInt for none
	figures int  // its actual figures within the years drawn
	inYears bool // it has a figure or a target within the years drawn
}

// all tells whether the chart draws everything of its metric.
func (c *choice) all() bool {
	return c.shown == c.total && c.first == c.minYear && c.last == c.maxYear
}

// drawnKind tells whether a chart draws the samples of these labels: the actual figures of a
// drawn period (actual) and the year's targets.
func drawnKind(l *series.Labels, rate bool) (drawn, actual bool) {
	switch {
	case l.Kind == series.KindActual && drawnPeriod(l.Period, rate):
		return true, true
	case l.Kind == series.KindTarget && l.Period == compare.FullYear && l.Bound != "":
		return true, false
	}
	return false, false
}

// choose picks what a chart of one metric draws. When the figures of the metric span at most
// maxChartYears years and maxChartRegions regions, it is all of them. Otherwise the years are
// the latest maxChartYears up to the latest year with an actual figure (and the year after it
// when that holds a target: next year's plan), and the regions are the maxChartRegions with the
// latest actual figures, of these the ones with the most figures within those years, then by
// name: a rule a reader can be told under the chart.
func choose(samples []series.Sample, rate bool) choice {
	c := choice{samples: samples, minYear: math.MaxInt, maxYear: math.MinInt}
	maxActual := c.scan(rate)
	c.total, c.shown = len(c.ranks), len(c.ranks)
	c.first, c.last = c.minYear, c.maxYear
	if c.total == 0 {
		return c
	}
	if c.maxYear-c.minYear+1 > maxChartYears {
		if maxActual != math.MinInt {
			c.last = maxActual
			if c.holds(maxActual + 1) {
				c.last++
			}
		}
		c.first = c.last - maxChartYears + 1
	} else if c.total <= maxChartRegions {
		return c
	}
	c.pickRegions()
	return c
}

// scan finds the runs of samples a chart may draw, their regions and years, and returns the
// latest year of an actual figure. Merged samples come sorted by series: the labels of a run
// are looked at once, and only its samples' times after that.
func (c *choice) scan(rate bool) (maxActual int) {
	index := map[regionID]int{}
	c.years = make([]int32, len(c.samples))
	maxActual = math.MinInt
	region := -1
	for i := 0; i < len(c.samples); {
		l := &c.samples[i].Labels
		j := i + 1
		for j < len(c.samples) && c.samples[j].Labels == *l {
			j++
		}
		drawn, actual := drawnKind(l, rate)
		if !drawn {
			i = j
			continue
		}
		if id := (regionID{l.Region, l.RegionCode}); region < 0 || c.ranks[region].id != id {
			r, ok := index[id]
			if !ok {
				r = len(c.ranks)
				index[id] = r
				c.ranks = append(c.ranks, regionRank{id: id, latest: math.MinInt})
			}
			region = r
		}
		c.runs = append(c.runs, drawnRun{start: i, end: j, region: region, actual: actual})
		for k := i; k < j; k++ {
			year := c.samples[k].Time.In(series.China).Year()
			c.years[k] = int32(year)
			c.minYear, c.maxYear = min(c.minYear, year), max(c.maxYear, year)
			if actual {
				c.ranks[region].latest = max(c.ranks[region].latest, year)
				maxActual = max(maxActual, year)
			}
		}
		i = j
	}
	return maxActual
}

// holds tells whether a sample the chart may draw is of the year.
func (c *choice) holds(year int) bool {
	for _, r := range c.runs {
		if slices.Contains(c.years[r.start:r.end], int32(year)) {
			return true
		}
	}
	return false
}

// pickRegions chooses the regions of c: the ones with a figure or a target within c's years,
// the latest figures first, then the most of them, then by name.
func (c *choice) pickRegions() {
	for _, r := range c.runs {
		rank := &c.ranks[r.region]
		for _, y := range c.years[r.start:r.end] {
			if int(y) >= c.first && int(y) <= c.last {
				rank.inYears = true
				if r.actual {
					rank.figures++
				}
			}
		}
	}
	order := make([]int, 0, len(c.ranks))
	for i := range c.ranks {
		if c.ranks[i].inYears {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(i, j int) int {
		p, q := &c.ranks[i], &c.ranks[j]
		return cmp.Or(cmp.Compare(q.latest, p.latest), cmp.Compare(q.figures, p.figures), compareRegions(p.id, q.id))
	})
	order = order[:min(len(order), maxChartRegions)]
	c.shown = len(order)
	c.chosen = make([]bool, len(c.ranks))
	for _, i := range order {
		c.chosen[i] = true
	}
}

// each calls fn with each sample the chart draws: of the regions and years chosen, in the
// order of the samples.
func (c *choice) each(fn func(s *series.Sample, id regionID, year int, actual bool)) {
	for _, r := range c.runs {
		if c.chosen != nil && !c.chosen[r.region] {
			continue
		}
		id := c.ranks[r.region].id
		for k := r.start; k < r.end; k++ {
			if y := int(c.years[k]); y >= c.first && y <= c.last {
				fn(&c.samples[k], id, y, r.actual)
			}
		}
	}
}

// drawn returns the samples the chart draws: what compare needs to judge its figures (a
// comparison is of a year's figure with that year's target, both drawn).
func (c *choice) drawn() []series.Sample {
	if c.all() {
		return c.samples
	}
	var out []series.Sample
	c.each(func(s *series.Sample, _ regionID, _ int, _ bool) { out = append(out, *s) })
	return out
}

// note tells a reader what a chart leaves out and where to see it; empty when it draws all.
func (c *choice) note(metricsPath string) string {
	if c.total == 0 || c.all() {
		return ""
	}
	var what string
	if c.shown < c.total {
		what = "Shown: " + thousands(c.shown) + " of " + thousands(c.total) +
			" regions, the ones with the latest figures (then the most figures, then by name)"
		if c.first != c.minYear || c.last != c.maxYear {
			what += ", in " + yearSpan(c.first, c.last) + " of " + yearSpan(c.minYear, c.maxYear)
		}
	} else {
		what = "Shown: the years " + yearSpan(c.first, c.last) + " of " + yearSpan(c.minYear, c.maxYear)
	}
	return what + ". All of them in Grafana's “" + overviewDashboard + "” dashboard and on " + metricsPath + "."
}

func yearSpan(from, to int) string {
	if from == to {
		return itoa(from)
	}
	return itoa(from) + "–" + itoa(to)
}
