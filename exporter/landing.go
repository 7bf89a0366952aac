package exporter

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// LandingConfig describes the exporter on its landing page.
type LandingConfig struct {
	Name        string
	Description string
	Version     string
	Links       []LandingLink
}

// LandingLink is a link in the landing page's header.
type LandingLink struct {
	Address string
	Text    string
}

// NewLandingPage returns the page served at /: the documents read and, per indicator of the
// rules, a small chart of every region's reported figures over the years. The charts are inline
// SVG rendered on the server, so the page works without scripts and without Grafana. view
// returns what is served at the moment of each request (typically Store.View). The page is
// rendered once per view: requests in between are served the same bytes, and requests that
// come while it renders wait for that one rendering.
func NewLandingPage(c LandingConfig, view func() *store.View) http.Handler {
	return &landingPage{cfg: c, view: view}
}

type landingPage struct {
	cfg  LandingConfig
	view func() *store.View

	mu      sync.Mutex // guards the fields below, and is held while rendering
	of      *store.View
	page    []byte // the page rendered of the view of
	renders int    // pages rendered; tests read it
}

func (p *landingPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	page := p.render(p.view())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page) // a client gone is no error of the page
}

// render returns the page of v, rendering it if it is not the view last rendered.
func (p *landingPage) render(v *store.View) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.page != nil && p.of == v {
		return p.page
	}
	shown := v
	if shown == nil {
		shown = &store.View{}
	}
	var inds []*config.Indicator
	if shown.Rules != nil && shown.Rules.Config() != nil {
		inds = shown.Rules.Config().Indicators
	}
	var b bytes.Buffer
	if err := landingTemplate.Execute(&b, newLandingData(p.cfg, shown, inds)); err != nil {
		// Serve what was rendered: the page simply ends.
		fmt.Fprintf(&b, "<!-- %s -->", template.HTMLEscapeString(err.Error()))
	}
	p.of, p.page = v, b.Bytes()
	p.renders++
	return p.page
}

type landingData struct {
	LandingConfig
	Documents  []landingDoc
	Failures   []store.Failure
	Samples    int
	Indicators []landingIndicator
}

type landingDoc struct {
	File, Region, Published string
	Samples, Unmatched      int
}

type landingIndicator struct {
	ID, Title, Help string
	Charts          []chart
}

func newLandingData(c LandingConfig, v *store.View, inds []*config.Indicator) landingData {
	d := landingData{LandingConfig: c, Failures: v.Failures, Samples: len(v.Samples)}
	for _, r := range v.Documents {
		doc := landingDoc{File: r.File, Region: r.Region, Samples: len(r.Samples), Unmatched: len(r.Unmatched)}
		if !r.Published.IsZero() {
			doc.Published = r.Published.In(series.China).Format(time.DateOnly)
		}
		d.Documents = append(d.Documents, doc)
	}
	byMetric := map[string][]series.Sample{}
	colors := map[string]string{} // a region has one colour on every chart
	for _, s := range v.Samples {
		byMetric[s.Name] = append(byMetric[s.Name], s)
		colors[s.Labels.Region] = ""
	}
	for i, region := range slices.Sorted(maps.Keys(colors)) {
		colors[region] = palette[i%len(palette)]
	}
	for _, ind := range inds {
		li := landingIndicator{ID: ind.ID, Title: ind.Title, Help: ind.Help}
		for _, s := range []struct {
			sr    *config.Series
			title string
		}{{ind.Level, "总量 level"}, {ind.Growth, "增长 growth"}} {
			if s.sr == nil || s.sr.Metric == "" {
				continue
			}
			sr := *s.sr
			if sr.Unit == "" && s.sr == ind.Growth {
				sr.Unit = ratioUnit // a growth rate is a ratio unless the rules say otherwise
			}
			li.Charts = append(li.Charts, newChart(s.title, &sr, byMetric[sr.Metric], colors))
		}
		d.Indicators = append(d.Indicators, li)
	}
	return d
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH                 = 560, 220
	padL, padR, padT, padB         = 64, 12, 12, 28
	plotW, plotH                   = chartW - padL - padR, chartH - padT - padB
	chartTicks                     = 4
	chartNoData                    = "no figures yet"
	fullYearPeriod                 = "1-12"
	ratioUnit, yuanUnit            = "ratio", "yuan"
	hundredMillion         float64 = 1e8
)

// palette colours the regions, in the order of their names over all charts.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"}

type chart struct {
	Title, Metric, Unit string
	W, H, MidX, MidY    int
	Empty               bool
	NoData              string
	Frame               string // path of the axes
	Grid                string // path of the year boundaries
	XTicks, YTicks      []tick
	Lines               []line
}

type tick struct {
	X, Y  float64
	Label string
}

type line struct {
	Region, Color string
	Path          string
	Points        []point
}

type point struct {
	X, Y  float64
	Title string
}

// newChart plots the actual figures of one metric: a line per region through each year's
// full-year figure, or for rates, where a year has no full-year figure yet, its latest
// cumulative one (1-6, 1-9, ...). colors gives each region its colour.
func newChart(title string, s *config.Series, samples []series.Sample, colors map[string]string) chart {
	c := chart{Title: title, Metric: s.Metric, W: chartW, H: chartH, MidX: padL + plotW/2, MidY: padT + plotH/2, NoData: chartNoData}
	scale, unit := chartUnit(s.Unit)
	c.Unit = unit
	c.Frame = fmt.Sprintf("M%d %dV%dH%d", padL, padT, padT+plotH, padL+plotW)
	chosen := yearFigures(samples, s.Unit == ratioUnit)
	if len(chosen) == 0 {
		c.Empty = true
		return c
	}
	a := newAxes(chosen, scale)
	a.draw(&c)
	c.Lines = chartLines(chosen, &a, scale, unit, colors)
	return c
}

// chartUnit returns the factor from a series' base unit to the unit a chart shows, and the
// name of that unit: percent for ratios, 亿元 for yuan.
func chartUnit(unit string) (float64, string) {
	switch unit {
	case ratioUnit:
		return 100, "%"
	case yuanUnit:
		return 1 / hundredMillion, "亿元"
	}
	return 1.0, unit
}

// regionYear is one point of a chart's line: a region's figure of a year.
type regionYear struct {
	region string
	year   int
}

// yearFigures chooses the actual figure that stands for each region and year: the full-year
// one, or for a rate without it the cumulative one of the latest period.
func yearFigures(samples []series.Sample, rate bool) map[regionYear]series.Sample {
	chosen := map[regionYear]series.Sample{}
	for _, smp := range samples {
		if smp.Labels.Kind != series.KindActual {
			continue
		}
		full := smp.Labels.Period == fullYearPeriod
		if !full && (!rate || !strings.HasPrefix(smp.Labels.Period, "1-")) {
			continue
		}
		k := regionYear{smp.Labels.Region, smp.Time.In(series.China).Year()}
		old, ok := chosen[k]
		if !ok || (old.Labels.Period != fullYearPeriod && (full || smp.Time.After(old.Time))) {
			chosen[k] = smp
		}
	}
	return chosen
}

// axes maps the years and values of a chart onto its plot area: a year's width for each year
// plotted, and round ticks around the values.
type axes struct {
	minYear, maxYear int
	t0, t1           time.Time // the start of the first year and the end of the last
	lo, hi, step     float64   // the value axis and its ticks, in the chart's unit
}

// newAxes fits the axes to the figures, their values scaled to the chart's unit.
func newAxes(chosen map[regionYear]series.Sample, scale float64) axes {
	a := axes{minYear: math.MaxInt, maxYear: math.MinInt}
	minV, maxV := math.Inf(1), math.Inf(-1)
	for k, smp := range chosen {
		a.minYear, a.maxYear = min(a.minYear, k.year), max(a.maxYear, k.year)
		v := smp.Value * scale
		minV, maxV = min(minV, v), max(maxV, v)
	}
	a.t0 = time.Date(a.minYear, 1, 1, 0, 0, 0, 0, series.China)
	a.t1 = time.Date(a.maxYear+1, 1, 1, 0, 0, 0, 0, series.China)
	a.lo, a.hi, a.step = niceRange(minV, maxV, chartTicks)
	return a
}

// x is the horizontal position of a time.
func (a *axes) x(t time.Time) float64 {
	return round1(padL + float64(plotW)*float64(t.Sub(a.t0))/float64(a.t1.Sub(a.t0)))
}

// y is the vertical position of a value in the chart's unit.
func (a *axes) y(v float64) float64 {
	return round1(padT + float64(plotH)*(a.hi-v)/(a.hi-a.lo))
}

// draw sets the year boundaries and the ticks of both axes of c.
func (a *axes) draw(c *chart) {
	var grid strings.Builder
	for yr := a.minYear + 1; yr <= a.maxYear; yr++ {
		fmt.Fprintf(&grid, "M%s %dV%d", fnum(a.x(time.Date(yr, 1, 1, 0, 0, 0, 0, series.China))), padT, padT+plotH)
	}
	c.Grid = grid.String()
	for yr := a.minYear; yr <= a.maxYear; yr++ {
		mid := time.Date(yr, 7, 1, 0, 0, 0, 0, series.China)
		c.XTicks = append(c.XTicks, tick{X: a.x(mid), Y: padT + plotH + 18, Label: strconv.Itoa(yr)})
	}
	for v := a.lo; v <= a.hi+a.step/2; v += a.step {
		c.YTicks = append(c.YTicks, tick{X: padL - 6, Y: a.y(v), Label: formatTick(v, a.step)})
	}
}

// chartLines draws a line per region through its figures in time order, in the order of the
// regions' names.
func chartLines(chosen map[regionYear]series.Sample, a *axes, scale float64, unit string, colors map[string]string) []line {
	byRegion := map[string][]series.Sample{}
	for k, smp := range chosen {
		byRegion[k.region] = append(byRegion[k.region], smp)
	}
	var lines []line
	for _, region := range slices.Sorted(maps.Keys(byRegion)) {
		pts := byRegion[region]
		slices.SortFunc(pts, func(p, q series.Sample) int { return p.Time.Compare(q.Time) })
		l := line{Region: region, Color: colors[region]}
		var path strings.Builder
		for j, smp := range pts {
			px, py := a.x(smp.Time), a.y(smp.Value*scale)
			cmd := "L"
			if j == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%s %s", cmd, fnum(px), fnum(py))
			l.Points = append(l.Points, point{X: px, Y: py, Title: fmt.Sprintf("%s %d (%s): %s %s",
				region, smp.Time.In(series.China).Year(), smp.Labels.Period, fnum(round2(smp.Value*scale)), unit)})
		}
		l.Path = path.String()
		lines = append(lines, l)
	}
	return lines
}

// niceRange widens [lo, hi] to round ticks about n apart.
func niceRange(lo, hi float64, n int) (float64, float64, float64) {
	if lo > 0 && lo < hi/2 || lo == hi && lo > 0 {
		lo = 0
	}
	if hi < 0 && hi > lo/2 || lo == hi && hi < 0 {
		hi = 0
	}
	if lo == hi {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

func formatTick(v, step float64) string {
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step)))
		if step*math.Pow(10, float64(decimals)) != math.Trunc(step*math.Pow(10, float64(decimals))) {
			decimals++
		}
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
func round2(v float64) float64 { return math.Round(v*100) / 100 }
func fnum(v float64) string    { return strconv.FormatFloat(v, 'f', -1, 64) }

var landingTemplate = template.Must(template.New("landing").Funcs(template.FuncMap{
	"fnum": fnum,
}).Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}}</title>
<style>
body { font-family: system-ui, -apple-system, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1rem 2rem; color: #222; }
header { border-bottom: 1px solid #ddd; padding: .5rem 0; }
header h1 { margin: .3rem 0; font-size: 1.5rem; }
header p { margin: .2rem 0; color: #555; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border-bottom: 1px solid #eee; padding: .25rem .6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.indicators { display: flex; flex-wrap: wrap; gap: 1rem; }
.indicator { border: 1px solid #ddd; border-radius: 4px; padding: .5rem .8rem; flex: 1 1 560px; }
.indicator h3 { margin: .2rem 0; }
.indicator h4 { margin: .4rem 0 .1rem; font-size: .9rem; font-weight: normal; color: #444; }
.help { color: #666; font-size: .85rem; margin: 0; }
svg.chart { width: 100%; max-width: 560px; height: auto; }
svg.chart text { font-size: 11px; fill: #444; }
.legend { font-size: .8rem; margin: 0 0 .3rem; }
.legend span { margin-right: .8rem; white-space: nowrap; }
.legend i { display: inline-block; width: .8rem; height: .2rem; vertical-align: middle; margin-right: .25rem; }
.failed { color: #b00; }
</style>
</head>
<body>
<header>
<h1>{{.Name}}</h1>
{{with .Description}}<p>{{.}}</p>{{end}}
{{with .Version}}<p><small>{{.}}</small></p>{{end}}
<nav>{{range .Links}}<a href="{{.Address}}">{{.Text}}</a>{{end}}</nav>
</header>

<h2>Documents</h2>
<p>{{len .Documents}} documents, {{.Samples}} samples after merging.</p>
<table id="documents">
<thead><tr><th>File</th><th>Region</th><th>Published</th><th>Samples</th><th>Unmatched sentences</th></tr></thead>
<tbody>
{{- range .Documents}}
<tr><td>{{.File}}</td><td>{{.Region}}</td><td>{{.Published}}</td><td class="n">{{.Samples}}</td><td class="n">{{.Unmatched}}</td></tr>
{{- end}}
{{- range .Failures}}
<tr class="failed"><td>{{.File}}</td><td colspan="4">not extracted: {{.Err}}</td></tr>
{{- end}}
</tbody>
</table>

<h2>Indicators</h2>
<div class="indicators">
{{- range .Indicators}}
<section class="indicator" id="indicator-{{.ID}}">
<h3>{{.Title}}</h3>
{{with .Help}}<p class="help">{{.}}</p>{{end}}
{{- range .Charts}}
<h4>{{.Title}} · <code>{{.Metric}}</code>{{if .Unit}} ({{.Unit}}){{end}}</h4>
{{- if not .Empty}}
<p class="legend">{{range .Lines}}<span><i style="background: {{.Color}}"></i>{{.Region}}</span>{{end}}</p>
{{- end}}
<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Title}} {{.Metric}}">
<path class="axes" d="{{.Frame}}" fill="none" stroke="#999"/>
{{- with .Grid}}
<path class="years" d="{{.}}" fill="none" stroke="#e4e4e4"/>
{{- end}}
{{- if .Empty}}
<text x="{{.MidX}}" y="{{.MidY}}" text-anchor="middle">{{.NoData}}</text>
{{- end}}
{{- range .YTicks}}
<text x="{{fnum .X}}" y="{{fnum .Y}}" text-anchor="end" dominant-baseline="middle">{{.Label}}</text>
{{- end}}
{{- range .XTicks}}
<text x="{{fnum .X}}" y="{{fnum .Y}}" text-anchor="middle">{{.Label}}</text>
{{- end}}
{{- range .Lines}}
<g class="region" data-region="{{.Region}}">
<path d="{{.Path}}" fill="none" stroke="{{.Color}}" stroke-width="2"/>
{{- $color := .Color}}
{{- range .Points}}
<circle cx="{{fnum .X}}" cy="{{fnum .Y}}" r="3" fill="{{$color}}"><title>{{.Title}}</title></circle>
{{- end}}
</g>
{{- end}}
</svg>
{{- end}}
</section>
{{- end}}
</div>
</body>
</html>
`))
