package exporter

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/internal/e2etest"
	tu "github.com/report-exporter/report_exporter/internal/testutil"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// testRules returns a rule set naming the GDP metrics, for the help texts.
func testRules(t *testing.T) *extract.RuleSet {
	t.Helper()
	rs, err := extract.NewRuleSet(tu.GDPConfig())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// testView is a served state with two documents, one failure and a conflict-free merge.
func testView(t *testing.T) *store.View {
	t.Helper()
	older := &extract.Result{
		File:      "reports/2021.txt",
		Region:    "罗湖区",
		Published: tu.Day("2021-07-20"),
		Samples: []series.Sample{
			tu.Sample("econ_gdp_growth_ratio", "罗湖区", series.KindActual, "1-6", "", 0.081, "2021-06-30"),
			tu.Sample("econ_gdp_yuan", "罗湖区", series.KindActual, "1-12", "", 2.5e11, "2020-12-31"),
		},
	}
	newer := &extract.Result{
		File:      "reports/2022.txt",
		Region:    "罗湖区",
		Published: tu.Day("2022-07-20"),
		Samples: []series.Sample{
			tu.Sample("econ_gdp_growth_ratio", "罗湖区", series.KindActual, "1-6", "", 0.02, "2022-06-30"),
			tu.Sample("econ_gdp_growth_ratio", "罗湖区", series.KindTarget, "1-12", series.BoundMin, 0.055, "2022-01-01"),
			tu.Sample("econ_gdp_growth_ratio", "罗湖区", series.KindTarget, "1-12", series.BoundMax, 0.06, "2022-01-01"),
			tu.Sample("econ_gdp_yuan", "罗湖区", series.KindActual, "1-12", "", 2.65e11, "2021-12-31"),
			tu.Sample("econ_registered_unemployment_ratio", "罗湖区", series.KindTarget, "1-12", series.BoundMax, 0.03, "2022-01-01"),
			tu.Sample("econ_per_capita_gdp_yuan", "罗湖区", series.KindActual, "1-12", "", 182000, "2021-12-31"),
		},
		Unmatched: []extract.Unmatched{{File: "reports/2022.txt", Line: 12, Indicator: "gdp", Text: "地区生产总值稳步回升"}},
	}
	failures := []store.Failure{{File: "reports/broken.txt", Err: errors.New("decode: invalid UTF-8")}}
	reload := store.ReloadStatus{Successful: true, LastSuccess: time.Unix(1700000000, 500e6)}
	return store.NewView(testRules(t), []*extract.Result{newer, older}, failures, reload)
}

// reportMetrics lists every metric of the collector but the scrape duration, which varies.
var reportMetrics = []string{
	"econ_gdp_growth_ratio", "econ_gdp_growth_ratio_timestamp_seconds",
	"econ_gdp_yuan", "econ_gdp_yuan_timestamp_seconds",
	"econ_per_capita_gdp_yuan", "econ_per_capita_gdp_yuan_timestamp_seconds",
	"econ_registered_unemployment_ratio", "econ_registered_unemployment_ratio_timestamp_seconds",
	"report_exporter_documents", "report_exporter_samples", "report_exporter_series",
	"report_exporter_merge_conflicts", "report_exporter_document_extraction_failed",
	"report_exporter_document_unmatched_sentences", "report_exporter_document_samples",
	"report_exporter_config_last_reload_successful",
	"report_exporter_config_last_reload_success_timestamp_seconds",
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if tu.Update() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// scrapeText is what Handler and WriteText serve for c: the report series, then a pedantic
// registry holding c.
func scrapeText(t *testing.T, c *Collector) []byte {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	var buf bytes.Buffer
	if err := c.WriteText(&buf, reg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parseText parses an exposition in the text format; a family given twice is an error.
func parseText(t *testing.T, text []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("parse the exposition: %v\n%s", err, text)
	}
	return mfs
}

// textGatherer gathers the families of an exposition, for testutil.
func textGatherer(t *testing.T, text []byte) prometheus.Gatherer {
	t.Helper()
	mfs := parseText(t, text)
	return prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		var out []*dto.MetricFamily
		for _, name := range slices.Sorted(maps.Keys(mfs)) {
			out = append(out, mfs[name])
		}
		return out, nil
	})
}

// formatFamilies renders the named families of mfs (all if none named) sorted by name, as
// testutil.CollectAndFormat does.
func formatFamilies(t *testing.T, mfs map[string]*dto.MetricFamily, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, name := range slices.Sorted(maps.Keys(mfs)) {
		if len(names) > 0 && !slices.Contains(names, name) {
			continue
		}
		if err := enc.Encode(mfs[name]); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestCollectorGolden(t *testing.T) {
	v := testView(t)
	c := NewCollector(func() *store.View { return v })
	text := scrapeText(t, c)
	// The report series come first and the health after, so the families are sorted again
	// before the comparison: the content is compared, not the order of families.
	golden(t, "collector.prom", formatFamilies(t, parseText(t, text), reportMetrics...))

	want, err := os.ReadFile(filepath.Join("testdata", "collector.prom"))
	if err != nil {
		t.Fatal(err)
	}
	if err := testutil.GatherAndCompare(textGatherer(t, text), bytes.NewReader(want), reportMetrics...); err != nil {
		t.Error(err)
	}
}

// referenceCollector serves a view's report series and per-document gauges through
// client_golang, one const gauge each: what renderSeries must render byte for byte.
type referenceCollector struct{ v *store.View }

func (referenceCollector) Describe(chan<- *prometheus.Desc) {}

func (r referenceCollector) Collect(ch chan<- prometheus.Metric) {
	help := r.v.Rules.Config().MetricHelp()
	gauge := func(name, help string, val float64, labels prometheus.Labels) {
		names := slices.Sorted(maps.Keys(labels))
		var values []string
		for _, n := range names {
			values = append(values, labels[n])
		}
		m, err := prometheus.NewConstMetric(prometheus.NewDesc(name, help, names, nil), prometheus.GaugeValue, val, values...)
		if err != nil {
			m = prometheus.NewInvalidMetric(prometheus.NewDesc(name, help, names, nil), err)
		}
		ch <- m
	}
	for _, s := range r.v.Latest {
		labels := prometheus.Labels{"region": s.Labels.Region, "kind": s.Labels.Kind, "period": s.Labels.Period}
		if s.Labels.Bound != "" {
			labels["bound"] = s.Labels.Bound
		}
		h, ok := help[s.Name]
		if !ok {
			h = "Latest value of " + s.Name + " read from the reports."
		}
		gauge(s.Name, h, s.Value, labels)
		gauge(s.Name+series.TimestampSuffix, "Time of the value of "+s.Name+" with the same labels, as Unix seconds: "+
			"the last day of the period for actual figures, the first day for targets.", float64(s.Time.Unix()), labels)
	}
	for _, d := range r.v.Documents {
		gauge(docSamplesName, "Number of samples the report gave before merging.", float64(len(d.Samples)), prometheus.Labels{"file": d.File})
		gauge(docUnmatchedName, "Number of sentences of the report that name a known indicator and carry a number but gave no sample.",
			float64(len(d.Unmatched)), prometheus.Labels{"file": d.File})
	}
	if r.v.Rules != nil {
		inds := r.v.Rules.Config().Indicators
		cs := compare.Compare(inds, r.v.Samples)
		all := append(compare.Samples(cs), compare.Latest(cs)...)
		for _, s := range append(all, compare.Info(inds, time.Time{})...) {
			labels := prometheus.Labels{}
			p, n := s.Labels.Pairs()
			for _, kv := range p[:n] {
				labels[kv[0]] = kv[1]
			}
			gauge(s.Name, compare.Help()[s.Name], s.Value, labels)
		}
	}
	for _, f := range r.v.Failures {
		gauge(docFailedName, "1 for each report that could not be read or extracted, and so gives no samples; the error is logged.",
			1, prometheus.Labels{"file": f.File})
	}
}

// TestRenderMatchesClientGolang renders awkward views both ways: values 0, 1, -1, NaN, ±Inf,
// label values and help texts to escape, metrics the rules do not name, targets before
// actuals in Latest, invalid UTF-8 (left out by both).
func TestRenderMatchesClientGolang(t *testing.T) {
	f := func(name string, v *store.View) {
		t.Helper()
		reg := prometheus.NewRegistry()
		reg.MustRegister(referenceCollector{v})
		mfs, _ := reg.Gather() // the invalid UTF-8 series give an error and are left out
		var want bytes.Buffer
		for _, mf := range mfs {
			if _, err := expfmt.MetricFamilyToText(&want, mf); err != nil {
				t.Fatal(err)
			}
		}
		got, names := renderSeries(v)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: rendered\n%s\nclient_golang renders\n%s", name, got, want.Bytes())
		}
		if len(names) != len(mfs) {
			t.Errorf("%s: %d family names for %d families", name, len(names), len(mfs))
		}
	}
	f("testView", testView(t))

	rs, err := extract.NewRuleSet(&config.Config{File: "test.yaml", Indicators: []*config.Indicator{{
		ID: "odd", Title: "怪", Help: "A help with a \\ backslash,\na newline and \"quotes\".",
		Level: &config.Series{Metric: "odd_yuan", Unit: "yuan"},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	at := tu.Day("2023-12-31")
	v := &store.View{Rules: rs, Latest: []series.Sample{
		{Name: "odd_yuan", Labels: series.Labels{Region: "z", Kind: series.KindTarget, Period: "1-12", Bound: series.BoundMin}, Value: -1, Time: at},
		{Name: "odd_yuan", Labels: series.Labels{Region: `a"b\c` + "\nd", Kind: series.KindActual, Period: "1-12"}, Value: math.NaN(), Time: at},
		{Name: "odd_yuan", Labels: series.Labels{Region: "a", Kind: series.KindActual, Period: "1-12"}, Value: math.Inf(1), Time: at},
		{Name: "odd_yuan", Labels: series.Labels{Region: "a", Kind: series.KindActual, Period: "1-6"}, Value: math.Inf(-1), Time: at},
		{Name: "odd_yuan", Labels: series.Labels{Region: "b", Kind: series.KindTarget, Period: "1-12", Bound: series.BoundApprox}, Value: 0, Time: at},
		{Name: "odd_yuan", Labels: series.Labels{Region: "\xff", Kind: series.KindActual, Period: "1-12"}, Value: 3, Time: at},
		{Name: "odd_yuan_x", Labels: series.Labels{Region: "a", Kind: series.KindActual, Period: "1-12"}, Value: 1, Time: at},
		{Name: "odd", Labels: series.Labels{Region: "a", Kind: series.KindActual, Period: "1-12"}, Value: 1e-300, Time: at},
		{Name: "odd:ratio", Labels: series.Labels{Region: "a", Kind: series.KindActual, Period: "1-12"}, Value: 123456789.125, Time: time.Unix(-5, 0)},
	}, Documents: []*extract.Result{{File: "b\"2.txt"}, {File: "a\n1.txt", Samples: make([]series.Sample, 3)}},
		Failures: []store.Failure{{File: "x.txt"}, {File: "\xfe.txt"}}}
	f("escapes", v)
	f("empty", &store.View{Rules: rs})
}

func TestCollectorLatestAndTimestamp(t *testing.T) {
	v := testView(t)
	g := textGatherer(t, scrapeText(t, NewCollector(func() *store.View { return v })))
	// The 2022 half-year figure replaces the 2021 one, and its time travels alongside.
	want := `
# HELP econ_gdp_growth_ratio Gross regional product (地区生产总值) in yuan, and its growth as a ratio.
# TYPE econ_gdp_growth_ratio gauge
econ_gdp_growth_ratio{kind="actual",period="1-6",region="罗湖区"} 0.02
econ_gdp_growth_ratio{bound="max",kind="target",period="1-12",region="罗湖区"} 0.06
econ_gdp_growth_ratio{bound="min",kind="target",period="1-12",region="罗湖区"} 0.055
# HELP econ_gdp_growth_ratio_timestamp_seconds Time of the value of econ_gdp_growth_ratio with the same labels, as Unix seconds: the last day of the period for actual figures, the first day for targets.
# TYPE econ_gdp_growth_ratio_timestamp_seconds gauge
econ_gdp_growth_ratio_timestamp_seconds{kind="actual",period="1-6",region="罗湖区"} 1.6565184e+09
econ_gdp_growth_ratio_timestamp_seconds{bound="max",kind="target",period="1-12",region="罗湖区"} 1.6409664e+09
econ_gdp_growth_ratio_timestamp_seconds{bound="min",kind="target",period="1-12",region="罗湖区"} 1.6409664e+09
`
	if err := testutil.GatherAndCompare(g, strings.NewReader(want),
		"econ_gdp_growth_ratio", "econ_gdp_growth_ratio_timestamp_seconds"); err != nil {
		t.Error(err)
	}
	if got, want := tu.Day("2022-06-30").Unix(), int64(1656518400); got != want {
		t.Errorf("2022-06-30 China time = %d, want %d", got, want)
	}
}

func TestCollectorLint(t *testing.T) {
	v := testView(t)
	c := NewCollector(func() *store.View { return v })
	problems, err := testutil.GatherAndLint(textGatherer(t, scrapeText(t, c)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	// The health gauges client_golang collects, alone.
	problems, err = testutil.CollectAndLint(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

func TestCollectorReloadFailed(t *testing.T) {
	v := testView(t)
	v.Reload.Successful = false
	want := `
# HELP report_exporter_config_last_reload_successful Whether the last load of the rules succeeded.
# TYPE report_exporter_config_last_reload_successful gauge
report_exporter_config_last_reload_successful 0
# HELP report_exporter_config_last_reload_success_timestamp_seconds Time of the last successful load of the rules, as Unix seconds.
# TYPE report_exporter_config_last_reload_success_timestamp_seconds gauge
report_exporter_config_last_reload_success_timestamp_seconds 1.7000000005e+09
`
	err := testutil.CollectAndCompare(NewCollector(func() *store.View { return v }), strings.NewReader(want),
		"report_exporter_config_last_reload_successful", "report_exporter_config_last_reload_success_timestamp_seconds")
	if err != nil {
		t.Error(err)
	}
}

func TestCollectorEmptyView(t *testing.T) {
	c := NewCollector(func() *store.View { return nil })
	if n := testutil.CollectAndCount(c, "report_exporter_documents", "report_exporter_scrape_duration_seconds"); n != 2 {
		t.Errorf("empty view: %d health series, want 2", n)
	}
	mfs := parseText(t, scrapeText(t, c))
	if got := slices.Sorted(maps.Keys(mfs)); len(got) != 6 {
		t.Errorf("empty view serves %v, want the six health gauges", got)
	}
}

// TestPromtoolCheckMetrics runs the golden exposition, and what WriteText serves, through
// promtool check metrics.
func TestPromtoolCheckMetrics(t *testing.T) {
	promtool := e2etest.LookPath(t, "promtool")
	check := func(name string, data []byte) {
		t.Helper()
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(data)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool check metrics %s: %v\n%s", name, err, out)
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "collector.prom"))
	if err != nil {
		t.Fatal(err)
	}
	check("testdata/collector.prom", data)

	v := testView(t)
	check("live", scrapeText(t, NewCollector(func() *store.View { return v })))
}

// get serves one request of h with the Accept-Encoding given and returns the response and its
// body, decompressed if gzipped.
func get(t *testing.T, h http.Handler, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	resp := w.Result()
	body := w.Body.Bytes()
	if n, err := strconv.Atoi(resp.Header.Get("Content-Length")); err != nil || n != len(body) {
		t.Errorf("Content-Length %q for a body of %d bytes", resp.Header.Get("Content-Length"), len(body))
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false) // one gzip member, as every client reads
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("gunzip: %v", err)
		}
		if rest, _ := io.ReadAll(zr); len(rest) > 0 {
			t.Error("more than one gzip member")
		}
	}
	return resp, body
}

func TestHandler(t *testing.T) {
	v := testView(t)
	var cur atomic.Pointer[store.View]
	cur.Store(v)
	c := NewCollector(cur.Load)
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c, collectors.NewGoCollector())
	h := c.Handler(reg, nil)

	resp, plain := get(t, h, "")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q, want the text format 0.0.4", ct)
	}
	if resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding %q without Accept-Encoding", resp.Header.Get("Content-Encoding"))
	}
	mfs := parseText(t, plain) // fails on a family served twice
	for _, name := range append(slices.Clone(reportMetrics), "report_exporter_scrape_duration_seconds", "go_goroutines") {
		if mfs[name] == nil {
			t.Errorf("/metrics lacks %s", name)
		}
	}

	for _, ae := range []string{"gzip", "gzip, deflate, br", "deflate;q=1, GZIP;q=0.5"} {
		resp, unzipped := get(t, h, ae)
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want gzip", ae, resp.Header.Get("Content-Encoding"))
		}
		// The live part differs between scrapes (go_*): compare the report series.
		want := formatFamilies(t, parseText(t, plain), reportMetrics...)
		if got := formatFamilies(t, parseText(t, unzipped), reportMetrics...); !bytes.Equal(got, want) {
			t.Errorf("Accept-Encoding %q: gzipped body differs from the plain one:\n%s", ae, got)
		}
	}
	if resp, _ := get(t, h, "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0: body gzipped")
	}

	// A new view is served at once.
	v2 := testView(t)
	v2.Documents = v2.Documents[:1]
	cur.Store(v2)
	for _, ae := range []string{"", "gzip"} {
		_, body := get(t, h, ae)
		if mfs := parseText(t, body); len(mfs["report_exporter_document_samples"].GetMetric()) != 1 ||
			mfs["report_exporter_documents"].GetMetric()[0].GetGauge().GetValue() != 1 {
			t.Errorf("Accept-Encoding %q: the new view's one document is not served:\n%s", ae, body)
		}
	}
}

// TestHandlerCollision leaves out a family of the live registry named like a report series,
// and logs it.
func TestHandlerCollision(t *testing.T) {
	v := testView(t)
	c := NewCollector(func() *store.View { return v })
	reg := prometheus.NewRegistry()
	reg.MustRegister(c, prometheus.NewGauge(prometheus.GaugeOpts{Name: "econ_gdp_yuan", Help: "An impostor."}))
	var log bytes.Buffer
	_, body := get(t, c.Handler(reg, slog.New(slog.NewTextHandler(&log, nil))), "gzip")
	if mfs := parseText(t, body); mfs["econ_gdp_yuan"].GetHelp() == "An impostor." {
		t.Error("the live family replaced the report series")
	}
	if !strings.Contains(log.String(), "econ_gdp_yuan") {
		t.Errorf("collision not logged: %q", log.String())
	}
}

// TestHandlerConcurrent scrapes while views are swapped; run with -race.
func TestHandlerConcurrent(t *testing.T) {
	views := []*store.View{testView(t), testView(t), {}}
	var cur atomic.Pointer[store.View]
	cur.Store(views[0])
	c := NewCollector(cur.Load)
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	h := c.Handler(reg, nil)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 20 {
				if i == 0 {
					cur.Store(views[j%len(views)])
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
				p := expfmt.NewTextParser(model.LegacyValidation)
				if _, err := p.TextToMetricFamilies(w.Body); err != nil {
					t.Errorf("scrape %d: %v", j, err)
				}
			}
		})
	}
	wg.Wait()
}

func TestAcceptsGzip(t *testing.T) {
	f := func(header string, want bool) {
		t.Helper()
		h := http.Header{}
		if header != "" {
			h.Set("Accept-Encoding", header)
		}
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
	f("", false)
	f("gzip", true)
	f("identity", false)
	f("br, gzip;q=0.8", true)
	f("gzip;q=0", false)
	f("gzip; q=0.000", false)
	f("x-gzip", false)
}

// TestCollectorComparisons: /metrics serves the year-keyed comparisons of package compare, the
// latest of them per metric and region, and the indicators' info.
func TestCollectorComparisons(t *testing.T) {
	v := testView(t)
	text := string(scrapeText(t, NewCollector(func() *store.View { return v })))
	for _, want := range []string{
		`econ_target_shortfall{bound="min",indicator="gdp",metric="econ_gdp_growth_ratio",period="1-6",region="罗湖区",year="2022"} 1`,
		`econ_target_value{bound="max",indicator="gdp",metric="econ_gdp_growth_ratio",period="1-6",region="罗湖区",year="2022"} 0.06`,
		`econ_target_latest{indicator="gdp",metric="econ_gdp_growth_ratio",period="1-6",region="罗湖区",year="2022"} 1`,
		`econ_indicator_info{better="higher",indicator="gdp",metric="econ_gdp_growth_ratio",title="地区生产总值增速",unit="ratio"} 1`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("no line %s in\n%s", want, text)
		}
	}
}

// TestCollectorRender: once Prepare has run, scrapes are served the view it prepared, not the
// store's newer one, until Render has prepared that: no scrape renders.
func TestCollectorRender(t *testing.T) {
	full, empty := testView(t), &store.View{}
	var cur atomic.Pointer[store.View]
	cur.Store(full)
	c := NewCollector(cur.Load)
	c.Prepare()
	// What a scrape is served, but for the time it took.
	scrape := func() string {
		lines := strings.Split(string(scrapeText(t, c)), "\n")
		return strings.Join(slices.DeleteFunc(lines, func(l string) bool {
			return strings.HasPrefix(l, "report_exporter_scrape_duration_seconds ")
		}), "\n")
	}
	want := scrape()

	cur.Store(empty) // published, not yet prepared
	if got := scrape(); got != want {
		t.Errorf("before Render prepared the new view, a scrape was served another:\n%s", got)
	}
	if e := c.cur.Load(); e.view != full {
		t.Error("a scrape began rendering the new view")
	}

	ctx, cancel := context.WithCancel(t.Context())
	updates := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() { c.Render(ctx, updates); close(done) }()
	updates <- struct{}{}
	for deadline := time.Now().Add(10 * time.Second); c.rendered.Load().view != empty; {
		if time.Now().After(deadline) {
			t.Fatal("Render did not prepare the new view")
		}
		time.Sleep(time.Millisecond)
	}
	if got := scrape(); got == want {
		t.Error("after Render, a scrape is still served the old view")
	}
	cancel()
	<-done
}
