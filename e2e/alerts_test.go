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
)

// shortfallReports writes reports of one year: a work report setting 罗湖区's and 福田区's GDP
// growth targets, a half-year report where 罗湖区 falls short and 福田区 does better, and 南山区's
// target with a half-year figure below it from the year before. It returns the folder and the
// year: this year, or last year before this year's first half has ended.
func shortfallReports(t *testing.T) (string, int) {
	t.Helper()
	now := time.Now().In(china)
	year := now.Year()
	if now.Before(time.Date(year, 7, 1, 0, 0, 0, 0, china)) {
		year-- // no half-year figure of this year exists yet
	}
	dir := t.TempDir()
	write := func(name, text, region, published string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		meta := fmt.Sprintf("region: %s\npublished: %s\n", region, published)
		if err := os.WriteFile(filepath.Join(dir, name+".meta.yaml"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	y := strconv.Itoa(year)
	for _, region := range []string{"罗湖区", "福田区", "南山区"} {
		write(region+"-plan.txt", "深圳市"+region+y+"年政府工作报告\n\n二、"+y+"年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长6%左右。\n",
			region, y+"-01-20")
	}
	half := func(region, year, growth string) {
		write(region+"-"+year+"-half.txt", "深圳市"+region+year+"年上半年国民经济和社会发展计划执行情况报告\n\n一、"+year+
			"年上半年经济社会发展计划执行情况\n地区生产总值(GDP)增长"+growth+"%;\n", region, year+"-07-30")
	}
	half("罗湖区", y, "3.1")
	half("福田区", y, "7")
	half("南山区", strconv.Itoa(year-1), "3")
	return dir, year
}

// waitForShortfall waits until Prometheus fires the target-shortfall alert and returns the
// firing ones after a few more evaluations, so that an alert that should stay silent has had
// the time to fire.
func waitForShortfall(t *testing.T, alerts func() []v1.Alert) []v1.Alert {
	t.Helper()
	var firing []v1.Alert
	waitFor(t, "a firing ReportTargetShortfall alert", 60*time.Second, func() bool {
		firing = firing[:0]
		for _, a := range alerts() {
			if a.Labels["alertname"] == "ReportTargetShortfall" && a.State == v1.AlertStateFiring {
				firing = append(firing, a)
			}
		}
		return len(firing) > 0
	})
	time.Sleep(3 * time.Second) // evaluation_interval is 1s
	firing = firing[:0]
	for _, a := range alerts() {
		if a.Labels["alertname"] == "ReportTargetShortfall" {
			firing = append(firing, a)
		}
	}
	return firing
}

func checkShortfall(t *testing.T, firing []v1.Alert, year int) {
	t.Helper()
	if len(firing) != 1 {
		t.Fatalf("%d ReportTargetShortfall alerts, want 1 (罗湖区): %+v", len(firing), firing)
	}
	a := firing[0]
	for k, v := range map[string]string{
		"region": "罗湖区", "indicator": "gdp", "metric": "econ_gdp_growth_ratio", "bound": "approx", "severity": "warning",
	} {
		if got := string(a.Labels[model.LabelName(k)]); got != v {
			t.Errorf("label %s = %q, want %q", k, got, v)
		}
	}
	if a.State != v1.AlertStateFiring {
		t.Errorf("state %s, want firing", a.State)
	}
	y := strconv.Itoa(year)
	if got, want := string(a.Annotations["summary"]), "罗湖区: 地区生产总值 growth below its "+y+" target"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	want := "罗湖区 reported 地区生产总值 growth of 3.1% for " + y + ", below its " + y + " target (approx) of 6%."
	if got := string(a.Annotations["description"]); got != want {
		t.Errorf("description %q, want %q", got, want)
	}
}

// TestShortfallAlertBackfilled loads the history of the generated reports into Prometheus with
// promtool (no job label, samples stamped with the contract's times) and reads the alert back
// from /api/v1/alerts: 罗湖区's half-year figure below this year's target fires; 福田区, above
// it, and 南山区, whose figure is of the year before the target, stay silent.
func TestShortfallAlertBackfilled(t *testing.T) {
	dir, year := shortfallReports(t)
	p := backfilledPrometheus(t, "", dir)
	checkShortfall(t, waitForShortfall(t, func() []v1.Alert { return p.Alerts(t) }), year)
}

// TestShortfallAlertScraped serves the same reports from the exporter and lets Prometheus
// scrape them: the samples carry the scrape time and the observation time comes from the
// companion <metric>_timestamp_seconds gauges.
func TestShortfallAlertScraped(t *testing.T) {
	dir, year := shortfallReports(t)
	exp := serveExporter(t, dir)
	p := scrapingPrometheus(t, exp)
	checkShortfall(t, waitForShortfall(t, func() []v1.Alert { return p.Alerts(t) }), year)
}
