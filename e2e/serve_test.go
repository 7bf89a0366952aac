package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/internal/e2etest"
)

// The half-year GDP growth of 罗湖区: 4.2% in the 2025 seed report, 3.1% in the 2026 report the
// tests drop into a served folder.
const (
	h1Selector  = `{region="罗湖区",kind="actual",period="1-6"}`
	h1Labels    = `{kind="actual",period="1-6",region="罗湖区",region_code="440303"}` // as /metrics orders them
	seedH1      = "001_a0bef604ce07edd0.txt"                                       // 2025 half-year report
	newH1Report = `深圳市罗湖区2026年上半年国民经济和社会发展计划执行情况报告

一、2026年上半年经济社会发展计划执行情况

上半年，全区地区生产总值增长3.1%。
`
)

var (
	h1Time2025 = time.Date(2025, 6, 30, 0, 0, 0, 0, china)
	h1Time2026 = time.Date(2026, 6, 30, 0, 0, 0, 0, china)
)

// TestServeScrapedByPrometheus has Prometheus scrape the exporter serving its built-in seeds
// and finds the latest half-year figure with the time of its period.
func TestServeScrapedByPrometheus(t *testing.T) {
	exp := e2etest.StartExporter(t, e2etest.BuildBinary(t))
	target := strings.TrimPrefix(exp.URL, "http://")
	p := e2etest.StartPrometheus(t, e2etest.Options{ConfigYAML: fmt.Sprintf(`
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: report_exporter
    scrape_interval: 1s
    static_configs:
      - targets: [%q]
`, target)})

	e2etest.Eventually(t, 30*time.Second, func() string {
		v := p.Query(t, "econ_gdp_growth_ratio"+h1Selector, time.Now())
		if len(v) != 1 || float64(v[0].Value) != 0.042 {
			return fmt.Sprintf("econ_gdp_growth_ratio%s scraped = %v, want one series at 0.042", h1Selector, v)
		}
		return ""
	})
	ts := p.Query(t, "econ_gdp_growth_ratio_timestamp_seconds"+h1Selector, time.Now())
	if len(ts) != 1 || int64(ts[0].Value) != h1Time2025.Unix() {
		t.Errorf("econ_gdp_growth_ratio_timestamp_seconds%s = %v, want %d (%s)", h1Selector, ts, h1Time2025.Unix(), h1Time2025.Format(time.RFC3339))
	}
	if up := p.Query(t, `up{job="report_exporter"}`, time.Now()); len(up) != 1 || up[0].Value != 1 {
		t.Errorf("up of the exporter = %v, want 1", up)
	}
}

// servedFolder returns a folder holding a copy of the 2025 half-year seed report.
func servedFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "seeds", seedH1))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dir, seedH1), string(data))
	return dir
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dropNewReport serves a folder with --remote-write.url rwURL, checks the seed figure, drops
// the 2026 report into the folder and waits for its figure on /metrics. It returns the
// exporter and the folder.
func dropNewReport(t *testing.T, rwURL string) (*e2etest.Exporter, string) {
	t.Helper()
	dir := servedFolder(t)
	exp := e2etest.StartExporter(t, e2etest.BuildBinary(t), "--watch.interval=200ms",
		"--remote-write.url="+rwURL, "--remote-write.batch-size=50", dir)
	exp.WaitMetrics(t, 15*time.Second, "econ_gdp_growth_ratio"+h1Labels+" 0.042")

	// Written beside the folder and moved in, as a careful user would; the watcher copes with
	// a file written in place too.
	tmp := filepath.Join(t.TempDir(), "report.txt")
	writeTestFile(t, tmp, newH1Report)
	if err := os.Rename(tmp, filepath.Join(dir, "luohu_2026h1.txt")); err != nil {
		t.Fatal(err)
	}
	exp.WaitMetrics(t, 15*time.Second, "econ_gdp_growth_ratio"+h1Labels+" 0.031")
	return exp, dir
}

// checkHalfYears checks that the TSDB holds the half-year figure of each year once, at the time
// the contract gives it.
func checkHalfYears(t *testing.T, c *e2etest.Client, flush func()) {
	t.Helper()
	series := seriesString("econ_gdp_growth_ratio", map[string]string{"region": "罗湖区", "region_code": "440303", "kind": "actual", "period": "1-6"})
	want := map[string]float64{
		series + " @" + h1Time2025.Format(time.DateOnly): 0.042,
		series + " @" + h1Time2026.Format(time.DateOnly): 0.031,
	}
	e2etest.Eventually(t, 30*time.Second, func() string {
		flush()
		got := storedHistory(t, c, []string{"econ_gdp_growth_ratio"})
		for k, v := range want {
			s := got[k]
			if s == nil || len(s.Values) != 1 || s.Values[0] != v {
				var have []string
				for k, s := range got {
					if s.Series == series {
						have = append(have, fmt.Sprintf("%s=%v", k, s.Values))
					}
				}
				return fmt.Sprintf("%s: want once %g; the series holds %v", k, v, have)
			}
		}
		return ""
	})
}

// checkPushMetrics checks the exporter's own account of the pushes.
func checkPushMetrics(t *testing.T, exp *e2etest.Exporter) {
	t.Helper()
	body := exp.WaitMetrics(t, 15*time.Second, "report_exporter_remote_write_failures_total 0")
	for _, name := range []string{"report_exporter_remote_write_samples_total ", "report_exporter_remote_write_last_success_timestamp_seconds "} {
		if !strings.Contains(body, "\n"+name) || strings.Contains(body, "\n"+name+"0\n") {
			t.Errorf("/metrics: %s missing or 0", strings.TrimSpace(name))
		}
	}
}

// TestServeRemoteWritePrometheus drops a report into a served folder and finds its figure in
// Prometheus at its contract time, next to the history written on start-up.
func TestServeRemoteWritePrometheus(t *testing.T) {
	p := e2etest.StartPrometheus(t, e2etest.Options{
		ConfigYAML: shippedStorageConfig(t),
		Flags:      []string{"--web.enable-remote-write-receiver"},
	})
	exp, dir := dropNewReport(t, p.RemoteWriteURL())
	checkHalfYears(t, &p.Client, func() {})
	checkPushMetrics(t, exp)

	// The report revised in place: /metrics takes the new figure, Prometheus refuses to
	// overwrite the sample; the refusal is counted and explained in one line, and the sample
	// is sent again only after the backoff (5s at first), not on every scan.
	writeTestFile(t, filepath.Join(dir, "luohu_2026h1.txt"), strings.Replace(newH1Report, "3.1%", "3.5%", 1))
	exp.WaitMetrics(t, 15*time.Second, "econ_gdp_growth_ratio"+h1Labels+" 0.035",
		"report_exporter_remote_write_failures_total 1")
	checkHalfYears(t, &p.Client, func() {})
	if log := exp.Log(); !strings.Contains(log, "duplicate sample for timestamp") || !strings.Contains(log, "delete_series") {
		t.Errorf("the exporter's log does not explain the refused revision:\n%s", log)
	}
	time.Sleep(3 * time.Second) // a few watch intervals, within the backoff: nothing is resent
	if n := strings.Count(exp.Log(), "the server refused samples"); n != 1 {
		t.Errorf("the refusal was logged %d times, want once", n)
	}
}

// TestServeRemoteWriteVictoriaMetrics is TestServeRemoteWritePrometheus against
// VictoriaMetrics.
func TestServeRemoteWriteVictoriaMetrics(t *testing.T) {
	vm := e2etest.StartVictoriaMetrics(t, "-dedup.minScrapeInterval=1ms")
	exp, _ := dropNewReport(t, vm.RemoteWriteURL())
	checkHalfYears(t, &vm.Client, func() { vm.Flush(t) })
	checkPushMetrics(t, exp)
}

// TestServeReloadBrokenRules reloads a broken rules file by SIGHUP and by POST /-/reload
// (--web.enable-lifecycle): both refuse it with its position, the last good rules keep
// serving, and the fixed file loads.
func TestServeReloadBrokenRules(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "config", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	writeTestFile(t, rules, string(good))
	exp := e2etest.StartExporter(t, e2etest.BuildBinary(t), "--config.file="+rules, "--web.enable-lifecycle", servedFolder(t))
	figure := "econ_gdp_growth_ratio" + h1Labels + " 0.042"
	exp.WaitMetrics(t, 15*time.Second, figure, "report_exporter_config_last_reload_successful 1")

	broken := "bogus: 1\n" + string(good)
	position := regexp.MustCompile(regexp.QuoteMeta(rules) + `:1:1: .*bogus`)
	breakAndReload := func(how string) {
		t.Helper()
		writeTestFile(t, rules, broken)
		switch how {
		case "SIGHUP":
			exp.Signal(t, syscall.SIGHUP)
		case "POST":
			code, body := exp.Post(t, "/-/reload")
			if code != http.StatusInternalServerError || !position.MatchString(body) {
				t.Errorf("POST /-/reload of a broken rules file: %d %q, want 500 naming %s:1:1", code, body, rules)
			}
		}
		exp.WaitMetrics(t, 15*time.Second, figure, "report_exporter_config_last_reload_successful 0")
		if !position.MatchString(exp.Log()) {
			t.Errorf("reload by %s of a broken rules file: the log does not name %s:1:1:\n%s", how, rules, exp.Log())
		}
	}
	fixAndReload := func(how string) {
		t.Helper()
		writeTestFile(t, rules, string(good))
		switch how {
		case "SIGHUP":
			exp.Signal(t, syscall.SIGHUP)
		case "POST":
			if code, body := exp.Post(t, "/-/reload"); code != http.StatusOK {
				t.Errorf("POST /-/reload of the fixed rules file: %d %q, want 200", code, body)
			}
		}
		exp.WaitMetrics(t, 15*time.Second, figure, "report_exporter_config_last_reload_successful 1")
	}

	breakAndReload("SIGHUP")
	breakAndReload("POST")
	fixAndReload("SIGHUP")
	breakAndReload("POST")
	fixAndReload("POST")
	if code, _ := exp.Get(t, "/-/healthy"); code != http.StatusOK {
		t.Errorf("/-/healthy after the reloads: %d", code)
	}
}

// TestServeReloadLifecycle: without --web.enable-lifecycle POST /-/reload is refused as
// Prometheus refuses it (403 "Lifecycle API is not enabled.") and reloads nothing, while
// SIGHUP reloads.
func TestServeReloadLifecycle(t *testing.T) {
	exp := e2etest.StartExporter(t, e2etest.BuildBinary(t), servedFolder(t))
	if code, body := exp.Post(t, "/-/reload"); code != http.StatusForbidden || strings.TrimSpace(body) != "Lifecycle API is not enabled." {
		t.Errorf("POST /-/reload without --web.enable-lifecycle: %d %q, want 403 Lifecycle API is not enabled.", code, body)
	}
	if strings.Contains(exp.Log(), "rules reloaded") {
		t.Errorf("a refused POST /-/reload reloaded the rules:\n%s", exp.Log())
	}
	exp.Signal(t, syscall.SIGHUP)
	e2etest.Eventually(t, 15*time.Second, func() string {
		if !strings.Contains(exp.Log(), "rules reloaded") {
			return "SIGHUP without --web.enable-lifecycle did not reload the rules"
		}
		return ""
	})
}
