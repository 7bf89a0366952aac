package exporter

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Label names of the report series, in the order their values are given.
var (
	actualLabels = []string{"region", "kind", "period"}
	targetLabels = []string{"region", "kind", "period", "bound"}
)

// TimestampSuffix ends the name of the gauge that goes with each report metric and holds, with
// the same labels, the time of the observation served, as Unix seconds.
const TimestampSuffix = "_timestamp_seconds"

// Collector serves a View as Prometheus gauges: for every report series its latest value, and in
// <metric>_timestamp_seconds with the same labels the time of that value, so that a query can
// tell whether an actual figure and a target are of the same year. It adds the exporter's own
// health under report_exporter_.
//
// Samples carry no client-side timestamp: a figure stamped on the last day of a past period
// would fall outside the scraper's accepted window; its time travels in the companion gauge.
type Collector struct {
	view func() *View

	mu     sync.Mutex
	rules  *RuleSet               // the rules descs was built from
	series map[string]*seriesDesc // by metric name

	documents, samples, numSeries, conflicts *prometheus.Desc
	docFailed, docUnmatched, docSamples      *prometheus.Desc
	reloadOK, reloadTime, scrapeDuration     *prometheus.Desc
}

// seriesDesc holds the descriptors of one report metric. Actual figures have no bound label,
// targets do; a series without bound would otherwise show an empty bound="" everywhere.
type seriesDesc struct {
	actual, target     *prometheus.Desc
	actualTS, targetTS *prometheus.Desc
}

// NewCollector returns a collector serving the views view returns, typically Store.View.
func NewCollector(view func() *View) *Collector {
	const ns = "report_exporter_"
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(ns+name, help, labels, nil)
	}
	return &Collector{
		view:      view,
		documents: d("documents", "Number of report documents extracted and served."),
		samples:   d("samples", "Number of samples the served documents gave after merging, history included."),
		numSeries: d("series", "Number of report series served, each with its latest sample."),
		conflicts: d("merge_conflicts", "Number of observations that documents gave different values for; the document published later wins."),
		docFailed: d("document_extraction_failed",
			"1 for each report that could not be read or extracted, and so gives no samples; the error is logged.", "file"),
		docUnmatched: d("document_unmatched_sentences",
			"Number of sentences of the report that name a known indicator and carry a number but gave no sample.", "file"),
		docSamples: d("document_samples", "Number of samples the report gave before merging.", "file"),
		reloadOK:   d("config_last_reload_successful", "Whether the last load of the rules succeeded."),
		reloadTime: d("config_last_reload_success_timestamp_seconds",
			"Time of the last successful load of the rules, as Unix seconds."),
		scrapeDuration: d("scrape_duration_seconds", "Time this scrape took to collect the report series."),
	}
}

// Describe sends nothing: the report metrics change with the rules on reload, so the collector
// is unchecked.
func (c *Collector) Describe(chan<- *prometheus.Desc) {}

// Collect sends the gauges of the current view.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	start := time.Now()
	v := c.view()
	if v == nil {
		v = &View{}
	}
	gauge := func(d *prometheus.Desc, val float64, labels ...string) {
		m, err := prometheus.NewConstMetric(d, prometheus.GaugeValue, val, labels...)
		if err != nil {
			m = prometheus.NewInvalidMetric(d, err)
		}
		ch <- m
	}

	descs := c.descs(v)
	for i, s := range v.Latest {
		d := descs[i]
		labels := []string{s.Labels.Region, s.Labels.Kind, s.Labels.Period}
		value, ts := d.actual, d.actualTS
		if s.Labels.Bound != "" {
			labels = append(labels, s.Labels.Bound)
			value, ts = d.target, d.targetTS
		}
		gauge(value, s.Value, labels...)
		gauge(ts, float64(s.Time.Unix()), labels...)
	}

	gauge(c.documents, float64(len(v.Documents)))
	gauge(c.samples, float64(len(v.Samples)))
	gauge(c.numSeries, float64(len(v.Latest)))
	gauge(c.conflicts, float64(len(v.Conflicts)))
	for _, r := range v.Documents {
		gauge(c.docSamples, float64(len(r.Samples)), r.File)
		gauge(c.docUnmatched, float64(len(r.Unmatched)), r.File)
	}
	for _, f := range v.Failures {
		gauge(c.docFailed, 1, f.File)
	}
	gauge(c.reloadOK, boolValue(v.Reload.Successful))
	if !v.Reload.LastSuccess.IsZero() {
		gauge(c.reloadTime, float64(v.Reload.LastSuccess.UnixNano())/1e9)
	}
	gauge(c.scrapeDuration, time.Since(start).Seconds())
}

// descs returns the descriptors of v.Latest, one per sample. They are built once per rules
// load, with the indicators' help; a metric the rules do not name gets a generic help.
func (c *Collector) descs(v *View) []*seriesDesc {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.series == nil || c.rules != v.Rules {
		c.rules = v.Rules
		c.series = buildDescs(v.Rules)
	}
	out := make([]*seriesDesc, len(v.Latest))
	for i, s := range v.Latest {
		d, ok := c.series[s.Name]
		if !ok {
			d = newSeriesDesc(s.Name, "Latest value of "+s.Name+" read from the reports.")
			c.series[s.Name] = d
		}
		out[i] = d
	}
	return out
}

// buildDescs builds the descriptors of every metric the rules give a help text for
// (MetricHelp); descs gives the others a generic help.
func buildDescs(rs *RuleSet) map[string]*seriesDesc {
	m := map[string]*seriesDesc{}
	if rs == nil {
		return m
	}
	for metric, help := range MetricHelp(rs.Config()) {
		m[metric] = newSeriesDesc(metric, help)
	}
	return m
}

func newSeriesDesc(name, help string) *seriesDesc {
	tsHelp := "Time of the value of " + name + " with the same labels, as Unix seconds: " +
		"the last day of the period for actual figures, the first day for targets."
	return &seriesDesc{
		actual:   prometheus.NewDesc(name, help, actualLabels, nil),
		target:   prometheus.NewDesc(name, help, targetLabels, nil),
		actualTS: prometheus.NewDesc(name+TimestampSuffix, tsHelp, actualLabels, nil),
		targetTS: prometheus.NewDesc(name+TimestampSuffix, tsHelp, targetLabels, nil),
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
