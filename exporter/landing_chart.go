package exporter

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 560, 240
	padL, padR, padT, padB = 64, 12, 12, 28
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
	chartTicks             = 5  // about how many steps the value axis takes
	yearLabelWidth         = 34 // room a year's label needs on the year axis
	valueInset             = 8  // room between the frame and the lowest and highest ticks
	markHalfWidth          = 9  // at most, half the width of a target's mark
	markMinHalfWidth       = 2.5
	approxHalf             = 4.5 // half the size of an approximate target's diamond
	bracketTick            = 4   // length of the end ticks of an at-least or at-most bracket
	chartNoData            = "no figures yet"
	ratioUnit, yuanUnit    = "ratio", "yuan"
)

// palette colours the regions, in the order of their names over all charts.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"}

// Target shapes: a band between a min and a max, a bracket open towards the side that meets a
// min (at least) or a max (at most), a diamond at an approximate figure.
const (
	shapeRange  = "range"
	shapeMin    = "min"
	shapeMax    = "max"
	shapeApprox = "approx"
)

type chart struct {
	Title, Metric, Unit string
	Empty               bool
	SVG                 template.HTML // the chart itself, written by plot.svg, every string in it escaped
	Note                string        // what the chart leaves out and where to see it
	// The legend: the regions drawn, the periods drawn (a line style each), the shapes of
	// the targets drawn, and whether any figure is ringed as short of its target.
	Regions []legendEntry
	Periods []legendEntry
	Shapes  []string
	Short   bool
}

// plot is what the SVG of a chart draws.
type plot struct {
	title, metric  string
	empty          bool
	frame          string // path of the axes
	grid           string // path of the year boundaries
	valueGrid      string // path of the value ticks across the plot
	xTicks, yTicks []tick
	targets        []targetMark
	lines          []line
}

type legendEntry struct {
	Label, Color, Dash string
	Hollow             bool // a part of the year: its points are hollow
}

type tick struct {
	X, Y  float64
	Value float64 // the value or year ticked, in the chart's unit
	Label string
}

// line is the figures of one region and one period (全年, 上半年, ...) over the years. A year
// without a figure breaks the line: the path moves on without drawing.
type line struct {
	Region, Color string
	Fill          string // of the points: the region's colour for the full year, white (hollow) for a part of it
	Period, Name  string // period label (1-6) and its name (上半年)
	Dash          string // stroke-dasharray of the period; empty for the full year
	Path          string
	Points        []point
}

type point struct {
	X, Y  float64
	Year  int
	Short bool // short of the year's target (behind pace, for part of a year)
	Title string
}

// targetMark is a region's target of a year, drawn in the column of that region and year,
// where the region's figures of the year stand.
type targetMark struct {
	Region string
	Year   int
	X      float64 // the centre: the x of the region's figures of the year
	Shape  string
	Path   string // d: numbers only
	Fill   string // a colour of the palette, none or white
	Stroke string // the region's colour
	Opaque string // fill-opacity, if not 1
	Title  string
}

// regionID tells a region apart from another of the same name.
type regionID struct{ name, code string }

// regionStyle is how a region is named and coloured on every chart.
type regionStyle struct{ Label, Color string }

// regionStyles colours the regions in the order of their names and labels each by its name,
// with its code where two regions share a name.
func regionStyles(ids map[regionID]bool) map[regionID]regionStyle {
	names := map[string]int{}
	for id := range ids {
		names[id.name]++
	}
	out := make(map[regionID]regionStyle, len(ids))
	for i, id := range slices.SortedFunc(maps.Keys(ids), compareRegions) {
		label := id.name
		if names[id.name] > 1 && id.code != "" {
			label += " (" + id.code + ")"
		}
		out[id] = regionStyle{Label: label, Color: palette[i%len(palette)]}
	}
	return out
}

func compareRegions(a, b regionID) int {
	return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.code, b.code))
}

// verdictKey names a comparison of a figure with its year's target, whatever the bound.
type verdictKey struct {
	region regionID
	year   int
	period string
}

// verdicts tells, per figure of one metric compared with its year's target (package
// compare), whether it falls short of any bound of it.
func verdicts(inds []*config.Indicator, samples []series.Sample) map[verdictKey]bool {
	out := map[verdictKey]bool{}
	for _, c := range compare.Compare(inds, samples) {
		k := verdictKey{regionID{c.Region, c.RegionCode}, c.Year, c.Period}
		out[k] = out[k] || c.Short
	}
	return out
}

// figureKey is one point of a chart: a region's figure of a period and year.
type figureKey struct {
	region regionID
	period string
	year   int
}

type regionYear struct {
	region regionID
	year   int
}

// figures is what one chart draws: the actual figures by region, period and year, and the
// year's target by region and year (bound to value), in the chart's unit.
type figures struct {
	actual  map[figureKey]float64
	target  map[regionYear]map[string]float64
	regions map[regionID]bool
}

// drawnPeriod reports whether a chart draws actual figures of the period: cumulative ones
// (1-3, 1-6, 1-9, 1-12) of a rate, each its own line, and only the full year of an amount,
// whose part of a year is no figure of the year. These are the figures compare holds against
// the year's target.
func drawnPeriod(period string, rate bool) bool {
	from, to, ok := series.PeriodMonths(period)
	return ok && from == 1 && (to == 12 || rate)
}

// selectFigures picks from one metric's samples the figures a chart draws of the regions and
// years it chose, scaled to its unit. Targets are the year's (period 1-12): a target of part
// of a year is not drawn.
func selectFigures(c *choice, scale float64) figures {
	f := figures{actual: map[figureKey]float64{}, target: map[regionYear]map[string]float64{}, regions: map[regionID]bool{}}
	c.each(func(smp *series.Sample, id regionID, year int, actual bool) {
		if actual {
			// Merged samples hold one figure per period and year; a later one would win.
			f.actual[figureKey{id, smp.Labels.Period, year}] = smp.Value * scale
		} else {
			k := regionYear{id, year}
			if f.target[k] == nil {
				f.target[k] = map[string]float64{}
			}
			f.target[k][smp.Labels.Bound] = smp.Value * scale
		}
		f.regions[id] = true
	})
	return f
}

// chartSpec is what a chart is of: a series of the rules and how its values are shown.
type chartSpec struct {
	title, metric string
	rate          bool    // cumulative parts of the year are figures too
	scale         float64 // from the base unit to the unit shown
	unit          string  // the unit shown: %, 亿元, 元
}

// newChartSpec reads the unit of a series of the rules: percent for a ratio, 元 for an amount
// per person (人均), 亿元 for other amounts, as the dashboards show them.
func newChartSpec(title string, s *config.Series, growth bool) chartSpec {
	c := chartSpec{title: title, metric: s.Metric, scale: 1, unit: s.Unit}
	if c.unit == "" && growth {
		c.unit = ratioUnit // a growth rate is a ratio unless the rules say otherwise
	}
	switch {
	case c.unit == ratioUnit:
		c.rate, c.scale, c.unit = true, 100, "%"
	case c.unit == yuanUnit && strings.Contains(s.Metric, "per_capita"):
		c.unit = "元"
	case c.unit == yuanUnit:
		c.scale, c.unit = 1e-8, "亿元"
	}
	return c
}

// newChart draws one metric: a column per year and, within it, one per region, in which stand
// the region's year's target (a band, bracket or diamond) and its figures of the year, each
// period a line of its own across the years. A figure short of its year's target is ringed.
// It draws the regions and years choose picks, and says under it what it leaves out.
func newChart(spec chartSpec, samples []series.Sample, styles map[regionID]regionStyle, inds []*config.Indicator, metricsPath string) chart {
	c := chart{Title: spec.title, Metric: spec.metric, Unit: spec.unit}
	p := plot{title: spec.title, metric: spec.metric, frame: "M" + itoa(padL) + " " + itoa(padT) + "V" + itoa(padT+plotH) + "H" + itoa(padL+plotW)}
	pick := choose(samples, spec.rate)
	f := selectFigures(&pick, spec.scale)
	if len(f.regions) == 0 {
		c.Empty, p.empty = true, true
		c.SVG = p.svg()
		return c
	}
	a := newAxes(f)
	pick.first, pick.last = a.minYear, a.minYear+a.years-1 // the years of the figures chosen
	c.Note = pick.note(metricsPath)
	a.draw(&p)
	styles = chartStyles(a.regions, styles)
	for _, id := range a.regions {
		c.Regions = append(c.Regions, legendEntry{Label: styles[id].Label, Color: styles[id].Color})
	}
	p.targets = a.targetMarks(f, spec.unit, styles)
	var short map[verdictKey]bool
	if len(f.target) > 0 {
		short = verdicts(inds, pick.drawn())
	}
	p.lines = a.lines(f, spec, styles, short)
	c.SVG = p.svg()
	shapes := map[string]bool{}
	for _, t := range p.targets {
		shapes[t.Shape] = true
	}
	for _, s := range []string{shapeRange, shapeMin, shapeMax, shapeApprox} {
		if shapes[s] {
			c.Shapes = append(c.Shapes, s)
		}
	}
	periods := map[string]legendEntry{}
	for _, l := range p.lines {
		periods[l.Period] = legendEntry{Label: l.Name, Dash: l.Dash, Hollow: l.Period != compare.FullYear}
		for _, pt := range l.Points {
			c.Short = c.Short || pt.Short
		}
	}
	for _, p := range slices.SortedFunc(maps.Keys(periods), func(p, q string) int { return cmp.Compare(periodEnd(q), periodEnd(p)) }) {
		c.Periods = append(c.Periods, periods[p]) // the full year first
	}
	return c
}

// chartStyles gives the regions of a chart (in the order of their columns) their colours of
// every chart, but a region whose colour another region of the chart has takes one of the
// palette that none has: the palette repeats over many regions, a chart's regions are fewer.
func chartStyles(regions []regionID, styles map[regionID]regionStyle) map[regionID]regionStyle {
	out := make(map[regionID]regionStyle, len(regions))
	used := map[string]bool{}
	var again []regionID
	for _, id := range regions {
		st := styles[id]
		if used[st.Color] {
			again = append(again, id)
			continue
		}
		used[st.Color] = true
		out[id] = st
	}
	for _, id := range again {
		st := styles[id]
		for _, col := range palette {
			if !used[col] {
				st.Color = col
				break
			}
		}
		used[st.Color] = true
		out[id] = st
	}
	return out
}

// axes maps the years and values of a chart onto its plot area: a column per year, divided
// among the regions drawn, and a value axis on round ticks.
type axes struct {
	minYear, years int
	regions        []regionID // in the order of their columns
	column         map[regionID]int
	lo, hi         float64
	ticks          []float64 // values of the value axis ticks, lo to hi
	decimals       int       // of the tick labels
}

func newAxes(f figures) axes {
	minYear, maxYear := math.MaxInt, math.MinInt
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(year int, v float64) {
		minYear, maxYear = min(minYear, year), max(maxYear, year)
		lo, hi = min(lo, v), max(hi, v)
	}
	for k, v := range f.actual {
		see(k.year, v)
	}
	for k, bounds := range f.target {
		for _, v := range bounds {
			see(k.year, v)
		}
	}
	a := axes{minYear: minYear, years: maxYear - minYear + 1, column: map[regionID]int{}}
	a.regions = slices.SortedFunc(maps.Keys(f.regions), compareRegions)
	for i, id := range a.regions {
		a.column[id] = i
	}
	a.ticks, a.decimals = niceTicks(lo, hi, chartTicks)
	a.lo, a.hi = a.ticks[0], a.ticks[len(a.ticks)-1]
	return a
}

// slot is the width of a year's column.
func (a *axes) slot() float64 { return float64(plotW) / float64(a.years) }

// x is the centre of a region's column within a year's: where its figures and its target of
// that year stand.
func (a *axes) x(id regionID, year int) float64 {
	sub := a.slot() / float64(len(a.regions))
	return round1(padL + a.slot()*float64(year-a.minYear) + sub*(float64(a.column[id])+0.5))
}

// halfWidth is half the width of a target's mark, within the region's column.
func (a *axes) halfWidth() float64 {
	return max(markMinHalfWidth, min(markHalfWidth, 0.35*a.slot()/float64(len(a.regions))))
}

// y is the vertical position of a value in the chart's unit. The ticks stand a little inside
// the plot, so that a mark on the lowest or highest is not drawn over the frame.
func (a *axes) y(v float64) float64 {
	return round1(padT + valueInset + float64(plotH-2*valueInset)*(a.hi-v)/(a.hi-a.lo))
}

// draw sets the year boundaries, the value grid and the ticks of both axes of c. Every year
// is labelled where the labels fit, else every 2nd, 5th, 10th ... year, on its multiples.
func (a *axes) draw(c *plot) {
	var grid strings.Builder
	for i := 1; i < a.years; i++ {
		fmt.Fprintf(&grid, "M%s %dV%d", fnum(round1(padL+a.slot()*float64(i))), padT, padT+plotH)
	}
	c.grid = grid.String()
	every := 1
	for _, n := range []int{1, 2, 5, 10, 20, 50, 100} {
		every = n
		if a.slot()*float64(n) >= yearLabelWidth {
			break
		}
	}
	for i := range a.years {
		year := a.minYear + i
		if year%every != 0 {
			continue
		}
		c.xTicks = append(c.xTicks, tick{X: round1(padL + a.slot()*(float64(i)+0.5)), Y: padT + plotH + 18,
			Value: float64(year), Label: strconv.Itoa(year)})
	}
	var vgrid strings.Builder
	for _, v := range a.ticks {
		y := a.y(v)
		c.yTicks = append(c.yTicks, tick{X: padL - 6, Y: y, Value: v, Label: strconv.FormatFloat(v, 'f', a.decimals, 64)})
		fmt.Fprintf(&vgrid, "M%d %sH%d", padL, fnum(y), padL+plotW)
	}
	c.valueGrid = vgrid.String()
}

// targetMarks draws each region's target of each year in its column: a band from min to max,
// a bracket at a lone min or max, a diamond at an approximate figure.
func (a *axes) targetMarks(f figures, unit string, styles map[regionID]regionStyle) []targetMark {
	keys := slices.SortedFunc(maps.Keys(f.target), func(p, q regionYear) int {
		return cmp.Or(cmp.Compare(a.column[p.region], a.column[q.region]), cmp.Compare(p.year, q.year))
	})
	hw := a.halfWidth()
	var out []targetMark
	for _, k := range keys {
		b := f.target[k]
		st := styles[k.region]
		x := a.x(k.region, k.year)
		mark := func(shape, path, fill, opacity, what string) {
			out = append(out, targetMark{Region: st.Label, Year: k.year, X: x, Shape: shape, Path: path,
				Fill: fill, Stroke: st.Color, Opaque: opacity, Title: st.Label + " " + itoa(k.year) + " target: " + what})
		}
		lo, hasMin := b[series.BoundMin]
		hi, hasMax := b[series.BoundMax]
		switch {
		case hasMin && hasMax:
			y0, y1 := a.y(hi), a.y(lo)
			if y1-y0 < 1 { // a range of one figure still shows
				y0, y1 = y0-0.5, y1+0.5
			}
			mark(shapeRange, fmt.Sprintf("M%s %sH%sV%sH%sZ", fnum(round1(x-hw)), fnum(y0), fnum(round1(x+hw)), fnum(y1), fnum(round1(x-hw))),
				st.Color, "0.2", fmt.Sprintf("%s–%s %s", fnum(round2(lo)), fnum(round2(hi)), unit))
		case hasMin:
			y := a.y(lo)
			mark(shapeMin, bracket(x, y, hw, -bracketTick), "none", "", fmt.Sprintf("≥ %s %s", fnum(round2(lo)), unit))
		case hasMax:
			y := a.y(hi)
			mark(shapeMax, bracket(x, y, hw, bracketTick), "none", "", fmt.Sprintf("≤ %s %s", fnum(round2(hi)), unit))
		}
		if v, ok := b[series.BoundApprox]; ok {
			y := a.y(v)
			d := min(approxHalf, hw+1)
			mark(shapeApprox, fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sZ", fnum(x), fnum(round1(y-d)), fnum(round1(x+d)), fnum(y),
				fnum(x), fnum(round1(y+d)), fnum(round1(x-d)), fnum(y)), "#fff", "", fmt.Sprintf("≈ %s %s", fnum(round2(v)), unit))
		}
	}
	return out
}

// bracket is a bar at y with ticks of length dy at both ends: up (dy < 0) for an at-least
// target, open towards the figures that meet it, down for an at-most one.
func bracket(x, y, hw, dy float64) string {
	return fmt.Sprintf("M%s %sV%sH%sV%s", fnum(round1(x-hw)), fnum(y+dy), fnum(y), fnum(round1(x+hw)), fnum(y+dy))
}

// lines draws a line per region and period through the years, in the order of the regions'
// columns and, within a region, the parts of the year before the full year, which is drawn
// on top.
func (a *axes) lines(f figures, spec chartSpec, styles map[regionID]regionStyle, short map[verdictKey]bool) []line {
	type rp struct {
		region regionID
		period string
	}
	years := map[rp][]int{}
	for k := range f.actual {
		years[rp{k.region, k.period}] = append(years[rp{k.region, k.period}], k.year)
	}
	keys := slices.SortedFunc(maps.Keys(years), func(p, q rp) int {
		return cmp.Or(cmp.Compare(a.column[p.region], a.column[q.region]), cmp.Compare(periodEnd(p.period), periodEnd(q.period)))
	})
	var out []line
	for _, k := range keys {
		st := styles[k.region]
		name, dash := periodStyle(k.period)
		l := line{Region: st.Label, Color: st.Color, Fill: st.Color, Period: k.period, Name: name, Dash: dash}
		if k.period != compare.FullYear {
			l.Fill = "#fff"
		}
		ys := years[k]
		slices.Sort(ys)
		var path strings.Builder
		for j, year := range ys {
			v := f.actual[figureKey{k.region, k.period, year}]
			px, py := a.x(k.region, year), a.y(v)
			cmd := "L"
			if j == 0 || ys[j-1] != year-1 { // a missing year is not bridged
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%s %s", cmd, fnum(px), fnum(py))
			s, judged := short[verdictKey{k.region, year, k.period}]
			title := fmt.Sprintf("%s %d %s (%s): %s %s", st.Label, year, name, k.period, fnum(round2(v)), spec.unit)
			if judged {
				title += " · " + verdict(s, k.period != compare.FullYear)
			}
			l.Points = append(l.Points, point{X: px, Y: py, Year: year, Short: s, Title: title})
		}
		l.Path = path.String()
		out = append(out, l)
	}
	return out
}

// verdict says how a figure stands against its year's target.
func verdict(short, progress bool) string {
	switch {
	case short && progress:
		return "behind the year's target"
	case short:
		return "short of the year's target"
	case progress:
		return "on pace for the year's target"
	}
	return "meets the year's target"
}

// periodEnd is the last month of a period label.
func periodEnd(p string) int {
	_, to, _ := series.PeriodMonths(p)
	return to
}

// periodStyle names a cumulative period as the reports do and gives its line's dashes: the
// full year solid, the parts of a year shorter dashes the shorter they are.
func periodStyle(p string) (name, dash string) {
	switch p {
	case "1-12":
		return "全年", ""
	case "1-9":
		return "前三季度", "7 3"
	case "1-6":
		return "上半年", "3 3"
	case "1-3":
		return "一季度", "1 3"
	}
	return p + "月", "8 3 2 3"
}

// niceTicks returns the values of about n+1 round ticks that cover [lo, hi] (a step of 1, 2
// or 5 times a power of ten; each tick a multiple of it) and the decimals their labels need.
// A range of positive values that starts below half its top, or of negative ones, reaches
// down, or up, to 0.
func niceTicks(lo, hi float64, n int) ([]float64, int) {
	if lo > 0 && (lo < hi/2 || lo == hi) {
		lo = 0
	}
	if hi < 0 && (hi > lo/2 || lo == hi) {
		hi = 0
	}
	if lo == hi {
		hi = lo + 1
	}
	// step = m × 10^e, e as an integer, so that every tick is k·m / 10^-e: an exact
	// decimal rounded once, never a sum that drifts (0.30000000000000004).
	raw := (hi - lo) / float64(n)
	e := int(math.Floor(math.Log10(raw)))
	m := 10
	for _, c := range []int{1, 2, 5, 10} {
		if float64(c)*math.Pow10(e) >= raw*(1-1e-9) {
			m = c
			break
		}
	}
	if m == 10 {
		m, e = 1, e+1
	}
	at := func(k int) float64 {
		if e >= 0 {
			return float64(k*m) * math.Pow10(e)
		}
		return float64(k*m) / math.Pow10(-e)
	}
	step := at(1)
	first := int(math.Floor(lo/step + 1e-9))
	last := int(math.Ceil(hi/step - 1e-9))
	if last <= first {
		last = first + 1
	}
	ticks := make([]float64, 0, last-first+1)
	for k := first; k <= last; k++ {
		ticks = append(ticks, at(k))
	}
	return ticks, max(0, -e)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
func round2(v float64) float64 { return math.Round(v*100) / 100 }
func fnum(v float64) string    { return strconv.FormatFloat(v, 'f', -1, 64) }
