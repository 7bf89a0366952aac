package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/report-exporter/report_exporter/internal/e2etest"
)

// stockFlags run Prometheus as shipped: the default 5-minute lookback, no server-wide flag.
var stockFlags = []string{"--query.lookback-delta=5m"}

// writeReport writes a report and its sidecar into dir.
func writeReport(t *testing.T, dir, name, text, region, published string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	meta := fmt.Sprintf("region: %s\npublished: %s\n", region, published)
	if err := os.WriteFile(filepath.Join(dir, name+".meta.yaml"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
}

// shortfallReports writes reports of one year: a work report setting 罗湖区's, 福田区's and
// 南山区's GDP growth targets (6%左右), a half-year report where 罗湖区 is behind (3.1%) and
// 福田区 ahead (7%), and 南山区's half-year figure of the year before. It returns the folder and
// the year: this year, or last year before this year's first half has ended.
func shortfallReports(t *testing.T) (string, int) {
	t.Helper()
	now := time.Now().In(china)
	year := now.Year()
	if now.Before(time.Date(year, 7, 1, 0, 0, 0, 0, china)) {
		year-- // no half-year figure of this year exists yet
	}
	dir := t.TempDir()
	y := strconv.Itoa(year)
	for _, region := range []string{"罗湖区", "福田区", "南山区"} {
		writeReport(t, dir, region+"-plan.txt", "深圳市"+region+y+"年政府工作报告\n\n二、"+y+"年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长6%左右。\n",
			region, y+"-01-20")
	}
	half := func(region, year, growth string) {
		writeReport(t, dir, region+"-"+year+"-half.txt", "深圳市"+region+year+"年上半年国民经济和社会发展计划执行情况报告\n\n一、"+year+
			"年上半年经济社会发展计划执行情况\n地区生产总值(GDP)增长"+growth+"%;\n", region, year+"-07-30")
	}
	half("罗湖区", y, "3.1")
	half("福田区", y, "7")
	half("南山区", strconv.Itoa(year-1), "3")
	return dir, year
}

// januaryReports writes last year's work report (target 6%左右) and this January's (last year's
// result 3%, this year's target 5.5%左右) for 罗湖区. It returns the folder and last year.
func januaryReports(t *testing.T) (string, int) {
	t.Helper()
	year := time.Now().In(china).Year()
	dir := t.TempDir()
	last, this := strconv.Itoa(year-1), strconv.Itoa(year)
	writeReport(t, dir, "plan-"+last+".txt", "深圳市罗湖区"+last+"年政府工作报告\n\n二、"+last+"年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长6%左右。\n",
		"罗湖区", last+"-01-20")
	writeReport(t, dir, "plan-"+this+".txt", "深圳市罗湖区"+this+"年政府工作报告\n\n一、"+last+"年工作回顾\n地区生产总值增长3%。\n\n二、"+this+
		"年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长5.5%左右。\n", "罗湖区", this+"-01-20")
	return dir, year - 1
}

// firingAfter waits until Prometheus fires an alert of the name, then a few evaluations more so
// that an alert that should stay silent has had the time to fire, and returns every alert of
// each target name then.
func firingAfter(t *testing.T, alerts func() []v1.Alert, name string, names ...string) map[string][]v1.Alert {
	t.Helper()
	waitFor(t, "a firing "+name+" alert", 60*time.Second, func() bool {
		for _, a := range alerts() {
			if string(a.Labels["alertname"]) == name && a.State == v1.AlertStateFiring {
				return true
			}
		}
		return false
	})
	time.Sleep(3 * time.Second) // evaluation_interval is 1s
	out := map[string][]v1.Alert{}
	for _, a := range alerts() {
		out[string(a.Labels["alertname"])] = append(out[string(a.Labels["alertname"])], a)
	}
	for _, n := range append(names, name) {
		t.Logf("%s: %d alerts", n, len(out[n]))
	}
	return out
}

func checkAlert(t *testing.T, a v1.Alert, labels, annotations map[string]string) {
	t.Helper()
	for k, v := range labels {
		if got := string(a.Labels[model.LabelName(k)]); got != v {
			t.Errorf("%s: label %s = %q, want %q", a.Labels["alertname"], k, got, v)
		}
	}
	for k, v := range annotations {
		if got := string(a.Annotations[model.LabelName(k)]); got != v {
			t.Errorf("%s: annotation %s = %q, want %q", a.Labels["alertname"], k, got, v)
		}
	}
	if a.State != v1.AlertStateFiring {
		t.Errorf("state %s, want firing", a.State)
	}
}

// checkBehindPace: 罗湖区's half-year 3.1% against 6%左右 is behind pace (info); 福田区 ahead and
// 南山区 (a figure of the year before the target) are silent, and nothing reads as a miss.
func checkBehindPace(t *testing.T, got map[string][]v1.Alert, year int) {
	t.Helper()
	if n := len(got["ReportTargetShortfall"]); n != 0 {
		t.Errorf("%d ReportTargetShortfall alerts, want none: a half-year figure is progress: %+v", n, got["ReportTargetShortfall"])
	}
	pace := got["ReportTargetBehindPace"]
	if len(pace) != 1 {
		t.Fatalf("%d ReportTargetBehindPace alerts, want 1 (罗湖区): %+v", len(pace), pace)
	}
	y := strconv.Itoa(year)
	checkAlert(t, pace[0], map[string]string{
		"region": "罗湖区", "region_code": "440303", "indicator": "gdp", "metric": "econ_gdp_growth_ratio",
		"bound": "approx", "severity": "info", "year": y, "period": "1-6",
	}, map[string]string{
		"summary":     "罗湖区: 地区生产总值增速 " + y + " 上半年 3.1%, behind the year's target (approx) of 6%",
		"description": "罗湖区 (440303) reported 地区生产总值增速 of 3.1% for 上半年 " + y + ", below the " + y + " target (approx) of 6%. Part of the year: progress, not yet a miss.",
	})
}

// TestBehindPaceAlertDeployed runs the stack as docker-compose.yml deploys it, on a stock
// Prometheus (default lookback): the history backfilled by promtool and the exporter scraped.
func TestBehindPaceAlertDeployed(t *testing.T) {
	dir, year := shortfallReports(t)
	exp := serveExporter(t, dir)
	p := stockPrometheus(t, exp, dir)
	checkBehindPace(t, firingAfter(t, func() []v1.Alert { return p.Alerts(t) }, "ReportTargetBehindPace", "ReportTargetShortfall"), year)
}

// TestBehindPaceAlertScraped: the same from the scrape alone, without any history.
func TestBehindPaceAlertScraped(t *testing.T) {
	dir, year := shortfallReports(t)
	exp := serveExporter(t, dir)
	p := stockPrometheus(t, exp, "")
	checkBehindPace(t, firingAfter(t, func() []v1.Alert { return p.Alerts(t) }, "ReportTargetBehindPace", "ReportTargetShortfall"), year)
}

// TestShortfallAlertJanuaryScraped: one January report gives last year's result (3%) and this
// year's target; last year's target (6%左右) came from last year's report. Scraped only, on a
// stock Prometheus, last year's miss fires.
func TestShortfallAlertJanuaryScraped(t *testing.T) {
	dir, year := januaryReports(t)
	exp := serveExporter(t, dir)
	p := stockPrometheus(t, exp, "")
	got := firingAfter(t, func() []v1.Alert { return p.Alerts(t) }, "ReportTargetShortfall")
	if len(got["ReportTargetShortfall"]) != 1 {
		t.Fatalf("%d ReportTargetShortfall alerts, want 1: %+v", len(got["ReportTargetShortfall"]), got["ReportTargetShortfall"])
	}
	y := strconv.Itoa(year)
	checkAlert(t, got["ReportTargetShortfall"][0], map[string]string{
		"region": "罗湖区", "indicator": "gdp", "bound": "approx", "severity": "warning", "year": y, "period": "1-12",
	}, map[string]string{
		"summary":       "罗湖区: 地区生产总值增速 " + y + " 3%, below its target (approx) of 6%",
		"description":   "罗湖区 (440303) reported 地区生产总值增速 of 3% for " + y + " (全年), below its " + y + " target (approx) of 6%.",
		"dashboard_url": "http://localhost:3000/d/report-exporter-targets?var-region=%E7%BD%97%E6%B9%96%E5%8C%BA&var-indicator=gdp",
	})
}

// stockPrometheus starts Prometheus with the default lookback and the generated rules,
// scraping the exporter at scrapeAddr every second; with history, the history of the reports
// there is backfilled by promtool first.
func stockPrometheus(t *testing.T, scrapeAddr, history string) *e2etest.Prometheus {
	t.Helper()
	rules, err := filepath.Abs("../config/prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	o := e2etest.Options{
		ConfigYAML: fmt.Sprintf("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: report_exporter\n    static_configs:\n      - targets: [%q]\n", scrapeAddr),
		RuleFiles:  []string{rules},
		Flags:      stockFlags,
	}
	if history != "" {
		o.StorageDir = backfillBlocks(t, history)
	}
	return e2etest.StartPrometheus(t, o)
}

// backfillBlocks writes the history of the reports under paths (the seeds if none) with
// `report_exporter backfill --output` and turns it into TSDB blocks with promtool; it returns
// the storage folder.
func backfillBlocks(t *testing.T, paths ...string) string {
	t.Helper()
	dir := t.TempDir()
	om := filepath.Join(dir, "history.om")
	exporterOutput(t, append([]string{"backfill", "--output", om}, paths...)...)
	storage := filepath.Join(dir, "data")
	e2etest.Backfill(t, e2etest.LookPath(t, "promtool"), om, storage)
	return storage
}
