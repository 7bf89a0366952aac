package exporter

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// LandingConfig describes the exporter on its landing page.
type LandingConfig struct {
	Name        string
	Description string
	Version     string
	Links       []LandingLink
	// MetricsPath is where the metrics are served, which the page names for what it leaves
	// out; /metrics when empty.
	MetricsPath string
}

// LandingLink is a link in the landing page's header.
type LandingLink struct {
	Address string
	Text    string
}

// NewLandingPage returns the page served at /: the documents read and, per indicator of the
// rules, a small chart of the regions' figures over the years beside each year's target. A
// year is a column, in which each region's target of the year (a band from min to max, a
// bracket at a lone min or max, a diamond at an approximate figure) stands at the same place as
// its figures of that year, so that a reader sees whether each year met its target; each period
// (全年, 上半年, ...) is a line of its own, broken where a year is missing. The charts are inline
// SVG rendered on the server, so the page works without scripts and without Grafana.
//
// The page is an overview of bounded size whatever the number of reports: a chart draws at
// most 8 regions (the ones with the latest figures, then the most) over at most 10 years (the
// latest), the table lists the 200 newest documents and 100 failed reports, and a note under
// each says what is left out and where it is (Grafana's dashboards, the metrics). view returns
// what is served at the moment of each request (typically Store.View). The page is rendered
// once per view: requests in between are served the same bytes, and requests that come while
// it renders wait for that one rendering.
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
	b.Grow(len(p.page) + len(p.page)/8) // the next page is most often about as long
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
	Documents     []landingDoc
	Failures      []store.Failure
	DocumentCount string // all documents, and all samples: 12,345
	SampleCount   string
	DocumentsNote string // what the table leaves out, where to see it
	FailuresNote  string
	Indicators    []landingIndicator
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
	c.MetricsPath = cmp.Or(c.MetricsPath, "/metrics")
	d := landingData{LandingConfig: c, DocumentCount: thousands(len(v.Documents)), SampleCount: thousands(len(v.Samples))}
	d.Documents, d.DocumentsNote = listDocuments(v.Documents, c.MetricsPath)
	d.Failures = v.Failures[:min(len(v.Failures), maxFailures)]
	if len(v.Failures) > maxFailures {
		d.FailuresNote = "Listed: " + thousands(len(d.Failures)) + " of " + thousands(len(v.Failures)) +
			" reports that could not be read. All of them in report_exporter_document_extraction_failed on " +
			c.MetricsPath + ", with each error in the log."
	}
	byMetric, regions := groupSamples(v.Samples)
	styles := regionStyles(regions) // a region has one colour on every chart
	for _, ind := range inds {
		li := landingIndicator{ID: ind.ID, Title: ind.Title, Help: ind.Help}
		for _, s := range []struct {
			sr     *config.Series
			title  string
			growth bool
		}{{ind.Level, "总量 level", false}, {ind.Growth, "增长 growth", true}} {
			if s.sr == nil || s.sr.Metric == "" {
				continue
			}
			spec := newChartSpec(s.title, s.sr, s.growth)
			li.Charts = append(li.Charts, newChart(spec, byMetric[spec.metric], styles, inds, c.MetricsPath))
		}
		d.Indicators = append(d.Indicators, li)
	}
	return d
}

// listDocuments returns the rows of the documents table, in the order of docs: all of them, or
// the maxDocuments newest by publication date (an undated one as the oldest) and a note that
// says so.
func listDocuments(docs []*extract.Result, metricsPath string) ([]landingDoc, string) {
	listed := docs
	var note string
	if len(docs) > maxDocuments {
		order := make([]int, len(docs))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(i, j int) int { return docs[j].Published.Compare(docs[i].Published) })
		order = order[:maxDocuments]
		slices.Sort(order)
		listed = make([]*extract.Result, len(order))
		for k, i := range order {
			listed[k] = docs[i]
		}
		note = "Listed: the " + thousands(len(listed)) + " newest of " + thousands(len(docs)) +
			" documents, by publication date. All of them in Grafana's “" + healthDashboard + "” dashboard and on " +
			metricsPath + " (report_exporter_document_samples)."
	}
	out := make([]landingDoc, 0, len(listed))
	for _, r := range listed {
		doc := landingDoc{File: r.File, Region: r.Region, Samples: len(r.Samples), Unmatched: len(r.Unmatched)}
		if !r.Published.IsZero() {
			doc.Published = r.Published.In(series.China).Format(time.DateOnly)
		}
		out = append(out, doc)
	}
	return out, note
}

// groupSamples groups samples by their name: runs of the merged samples, which are sorted by
// name, without copying them; a name met again after another is appended to a copy. It finds
// the regions of the samples on the way, in the one pass over them.
func groupSamples(samples []series.Sample) (map[string][]series.Sample, map[regionID]bool) {
	out := map[string][]series.Sample{}
	regions := map[regionID]bool{}
	var prev *series.Labels
	for i := 0; i < len(samples); {
		j := i
		for ; j < len(samples) && samples[j].Name == samples[i].Name; j++ {
			l := &samples[j].Labels
			if prev == nil || l.Region != prev.Region || l.RegionCode != prev.RegionCode {
				prev = l // the samples of a region come in runs too
				regions[regionID{l.Region, l.RegionCode}] = true
			}
		}
		if run, ok := out[samples[i].Name]; ok {
			out[samples[i].Name] = append(run, samples[i:j]...) // run's capacity ends at its length: a copy
		} else {
			out[samples[i].Name] = samples[i:j:j]
		}
		i = j
	}
	return out, regions
}

var landingTemplate = template.Must(template.New("landing").Parse(`<!DOCTYPE html>
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
.legend svg { width: 1.5rem; height: .75rem; vertical-align: middle; margin-right: .25rem; }
.failed { color: #b00; }
.note { color: #666; font-size: .8rem; margin: .2rem 0 .4rem; }
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
<p>{{.DocumentCount}} documents, {{.SampleCount}} samples after merging.</p>
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
{{- with .DocumentsNote}}
<p class="note">{{.}}</p>
{{- end}}
{{- with .FailuresNote}}
<p class="note">{{.}}</p>
{{- end}}

<h2>Indicators</h2>
<div class="indicators">
{{- range .Indicators}}
<section class="indicator" id="indicator-{{.ID}}">
<h3>{{.Title}}</h3>
{{with .Help}}<p class="help">{{.}}</p>{{end}}
{{- range .Charts}}
<h4>{{.Title}} · <code>{{.Metric}}</code>{{if .Unit}} ({{.Unit}}){{end}}</h4>
{{- if not .Empty}}
<p class="legend">
{{- range .Regions}}<span><i style="background: {{.Color}}"></i>{{.Label}}</span>{{end}}
{{- range .Periods}}<span><svg viewBox="0 0 24 12" aria-hidden="true"><path d="M0 6H24" stroke="#444" stroke-width="2"{{with .Dash}} stroke-dasharray="{{.}}"{{end}}/><circle cx="12" cy="6" r="3" fill="{{if .Hollow}}#fff{{else}}#444{{end}}" stroke="#444" stroke-width="1.5"/></svg>{{.Label}}</span>{{end}}
{{- range .Shapes}}<span>{{template "shape" .}}</span>{{end}}
{{- if .Short}}<span><svg viewBox="0 0 24 12" aria-hidden="true"><circle cx="12" cy="6" r="2.5" fill="#444"/><circle cx="12" cy="6" r="5.5" fill="none" stroke="#b00" stroke-width="1.5"/></svg>short of the year's target</span>{{end}}
</p>
{{- end}}
{{.SVG}}
{{- with .Note}}
<p class="note">{{.}}</p>
{{- end}}
{{- end}}
</section>
{{- end}}
</div>
</body>
</html>
{{define "shape"}}
{{- if eq . "range"}}<svg viewBox="0 0 24 12" aria-hidden="true"><path d="M6 1H18V11H6Z" fill="#444" fill-opacity="0.2" stroke="#444" stroke-width="1.5"/></svg>target range
{{- else if eq . "min"}}<svg viewBox="0 0 24 12" aria-hidden="true"><path d="M5 4V8H19V4" fill="none" stroke="#444" stroke-width="1.5"/></svg>target at least
{{- else if eq . "max"}}<svg viewBox="0 0 24 12" aria-hidden="true"><path d="M5 8V4H19V8" fill="none" stroke="#444" stroke-width="1.5"/></svg>target at most
{{- else}}<svg viewBox="0 0 24 12" aria-hidden="true"><path d="M12 1.5L16.5 6L12 10.5L7.5 6Z" fill="#fff" stroke="#444" stroke-width="1.5"/></svg>target about
{{- end}}
{{- end}}`))
