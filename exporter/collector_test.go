package exporter

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"

	"github.com/report-exporter/report_exporter/config"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// testRules returns a rule set naming the GDP metrics, for the help texts.
func testRules(t *testing.T) *RuleSet {
	t.Helper()
	rs, err := NewRuleSet(&config.Config{
		File: "test.yaml",
		Indicators: []*config.Indicator{{
			ID:     "gdp",
			Title:  "地区生产总值",
			Help:   "Gross regional product (地区生产总值) in yuan, and its growth as a ratio.",
			Level:  &config.Series{Metric: "econ_gdp_yuan", Unit: "yuan"},
			Growth: &config.Series{Metric: "econ_gdp_growth_ratio", Unit: "ratio"},
		}, {
			ID:     "unemployment",
			Title:  "城镇登记失业率",
			Level:  &config.Series{Metric: "econ_registered_unemployment_ratio", Unit: "ratio"},
			Growth: nil,
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, China)
	if err != nil {
		panic(err)
	}
	return t
}

func sample(name, region, kind, period, bound string, v float64, at string) Sample {
	return Sample{
		Name:   name,
		Labels: Labels{Region: region, Kind: kind, Period: period, Bound: bound},
		Value:  v,
		Time:   day(at),
	}
}

// testView is a served state with two documents, one failure and a conflict-free merge.
func testView(t *testing.T) *View {
	t.Helper()
	older := &Result{
		File:      "reports/2021.txt",
		Region:    "罗湖区",
		Published: day("2021-07-20"),
		Samples: []Sample{
			sample("econ_gdp_growth_ratio", "罗湖区", KindActual, "1-6", "", 0.081, "2021-06-30"),
			sample("econ_gdp_yuan", "罗湖区", KindActual, "1-12", "", 2.5e11, "2020-12-31"),
		},
	}
	newer := &Result{
		File:      "reports/2022.txt",
		Region:    "罗湖区",
		Published: day("2022-07-20"),
		Samples: []Sample{
			sample("econ_gdp_growth_ratio", "罗湖区", KindActual, "1-6", "", 0.02, "2022-06-30"),
			sample("econ_gdp_growth_ratio", "罗湖区", KindTarget, "1-12", BoundMin, 0.055, "2022-01-01"),
			sample("econ_gdp_growth_ratio", "罗湖区", KindTarget, "1-12", BoundMax, 0.06, "2022-01-01"),
			sample("econ_gdp_yuan", "罗湖区", KindActual, "1-12", "", 2.65e11, "2021-12-31"),
			sample("econ_registered_unemployment_ratio", "罗湖区", KindTarget, "1-12", BoundMax, 0.03, "2022-01-01"),
			sample("econ_per_capita_gdp_yuan", "罗湖区", KindActual, "1-12", "", 182000, "2021-12-31"),
		},
		Unmatched: []Unmatched{{File: "reports/2022.txt", Line: 12, Indicator: "gdp", Text: "地区生产总值稳步回升"}},
	}
	failures := []Failure{{File: "reports/broken.txt", Err: errors.New("decode: invalid UTF-8")}}
	reload := ReloadStatus{Successful: true, LastSuccess: time.Unix(1700000000, 500e6)}
	return newView(testRules(t), []*Result{newer, older}, failures, reload)
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
	if *update {
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

func TestCollectorGolden(t *testing.T) {
	v := testView(t)
	c := NewCollector(func() *View { return v })
	got, err := testutil.CollectAndFormat(c, expfmt.TypeTextPlain, reportMetrics...)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "collector.prom", got)

	f, err := os.Open(filepath.Join("testdata", "collector.prom"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := testutil.CollectAndCompare(c, f, reportMetrics...); err != nil {
		t.Error(err)
	}
}

func TestCollectorLatestAndTimestamp(t *testing.T) {
	v := testView(t)
	c := NewCollector(func() *View { return v })
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
	if err := testutil.CollectAndCompare(c, strings.NewReader(want),
		"econ_gdp_growth_ratio", "econ_gdp_growth_ratio_timestamp_seconds"); err != nil {
		t.Error(err)
	}
	if got, want := day("2022-06-30").Unix(), int64(1656518400); got != want {
		t.Errorf("2022-06-30 China time = %d, want %d", got, want)
	}
}

func TestCollectorLint(t *testing.T) {
	v := testView(t)
	problems, err := testutil.CollectAndLint(NewCollector(func() *View { return v }))
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
	err := testutil.CollectAndCompare(NewCollector(func() *View { return v }), strings.NewReader(want),
		"report_exporter_config_last_reload_successful", "report_exporter_config_last_reload_success_timestamp_seconds")
	if err != nil {
		t.Error(err)
	}
}

func TestCollectorEmptyView(t *testing.T) {
	c := NewCollector(func() *View { return nil })
	if n := testutil.CollectAndCount(c, "report_exporter_documents", "report_exporter_scrape_duration_seconds"); n != 2 {
		t.Errorf("empty view: %d health series, want 2", n)
	}
}

// TestPromtoolCheckMetrics runs the golden exposition, and a live one with the build info, Go
// and process collectors a server adds, through promtool check metrics.
func TestPromtoolCheckMetrics(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed")
	}
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
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(NewCollector(func() *View { return v }))
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			t.Fatal(err)
		}
	}
	check("live", buf.Bytes())
}
