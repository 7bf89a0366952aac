package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"

	"github.com/report-exporter/report_exporter/internal/e2etest"
)

// serveExporter starts `report_exporter serve` on a free loopback port with the given
// arguments, waits until it answers, and stops it (by its pid) when the test ends. It returns
// the host:port it serves on.
func serveExporter(t *testing.T, args ...string) string {
	t.Helper()
	addr := "127.0.0.1:" + strconv.Itoa(e2etest.FreePort(t))
	cmd := exec.Command(e2etest.BuildBinary(t), append([]string{"serve", "--web.listen-address=" + addr}, args...)...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	// How the process ended shows in cmd.ProcessState, which the test reports.
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		if err := cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("stop report_exporter serve: %v", err)
		}
		<-done
		if t.Failed() {
			t.Logf("report_exporter serve:\n%s", log.String())
		}
	})
	deadline := time.Now().Add(e2etest.StartTimeout)
	for {
		resp, err := http.Get("http://" + addr + "/-/healthy")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return addr
			}
		}
		select {
		case <-done:
			t.Fatalf("report_exporter serve exited: %v\n%s", cmd.ProcessState, log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("report_exporter serve on %s not ready: %v\n%s", addr, err, log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// exporterOutput runs the built binary and returns its standard output.
func exporterOutput(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(e2etest.BuildBinary(t), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("report_exporter %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// backfilledPrometheus backfills the history of the reports under paths (the built-in seeds if
// none) by promtool, and starts Prometheus on it with the generated alert rules, scraping the
// exporter at scrapeAddr if it is not empty.
func backfilledPrometheus(t *testing.T, scrapeAddr string, paths ...string) *e2etest.Prometheus {
	t.Helper()
	dir := t.TempDir()
	om := filepath.Join(dir, "history.om")
	exporterOutput(t, append([]string{"backfill", "--output", om}, paths...)...)
	storage := filepath.Join(dir, "data")
	e2etest.Backfill(t, e2etest.LookPath(t, "promtool"), om, storage)
	cfg := "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
	if scrapeAddr != "" {
		cfg += fmt.Sprintf("scrape_configs:\n  - job_name: report_exporter\n    static_configs:\n      - targets: [%q]\n", scrapeAddr)
	}
	rules, err := filepath.Abs("../config/prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	return e2etest.StartPrometheus(t, e2etest.Options{ConfigYAML: cfg, RuleFiles: []string{rules}, StorageDir: storage})
}

// scrapingPrometheus starts Prometheus with an empty storage and the generated alert rules,
// scraping the exporter at scrapeAddr every second.
func scrapingPrometheus(t *testing.T, scrapeAddr string) *e2etest.Prometheus {
	t.Helper()
	rules, err := filepath.Abs("../config/prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: report_exporter\n    static_configs:\n      - targets: [%q]\n", scrapeAddr)
	return e2etest.StartPrometheus(t, e2etest.Options{ConfigYAML: cfg, RuleFiles: []string{rules}})
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// A Grafana dashboard as the generator writes it, only what the queries need.
type gDashboard struct {
	UID        string `json:"uid"`
	Title      string `json:"title"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Query string `json:"query"`
		} `json:"list"`
	} `json:"templating"`
	Panels []*gPanel `json:"panels"`
}

type gPanel struct {
	Title    string    `json:"title"`
	Type     string    `json:"type"`
	Interval string    `json:"interval"`
	Panels   []*gPanel `json:"panels"`
	Targets  []gTarget `json:"targets"`
	Datasrc  *gDatasrc `json:"datasource"`
}

type gDatasrc struct {
	UID string `json:"uid"`
}

type gTarget struct {
	RefID   string `json:"refId"`
	Expr    string `json:"expr"`
	Instant bool   `json:"instant"`
}

func loadDashboards(t *testing.T) []gDashboard {
	t.Helper()
	files, err := filepath.Glob("../dashboards/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards: %v", err)
	}
	var out []gDashboard
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d gDashboard
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, d)
	}
	return out
}

func flatPanels(ps []*gPanel) []*gPanel {
	var out []*gPanel
	for _, p := range ps {
		out = append(out, p)
		out = append(out, flatPanels(p.Panels)...)
	}
	return out
}

var labelValuesRe = regexp.MustCompile(`^label_values\((.*), *(\w+)\)$`)

// variableValues resolves the dashboard's variables the way Grafana does with "All" selected:
// each becomes the regex alternation of all its values.
func variableValues(t *testing.T, c *e2etest.Client, d gDashboard, start, end time.Time) map[string]string {
	t.Helper()
	vars := map[string]string{}
	for _, v := range d.Templating.List {
		m := labelValuesRe.FindStringSubmatch(v.Query)
		if m == nil {
			t.Fatalf("dashboard %s: variable %s: query %q is not label_values(selector, label)", d.UID, v.Name, v.Query)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		values, _, err := c.API.LabelValues(ctx, m[2], []string{m[1]}, start, end)
		cancel()
		if err != nil {
			t.Fatalf("dashboard %s: variable %s: %v", d.UID, v.Name, err)
		}
		if len(values) == 0 {
			t.Errorf("dashboard %s: variable %s has no values", d.UID, v.Name)
			continue
		}
		var quoted []string
		for _, val := range values {
			quoted = append(quoted, regexp.QuoteMeta(string(val)))
		}
		vars[v.Name] = "(" + strings.Join(quoted, "|") + ")"
		t.Logf("dashboard %s: $%s = %s", d.UID, v.Name, vars[v.Name])
	}
	return vars
}

var (
	econMetricRe = regexp.MustCompile(`\b(econ_[a-z0-9_]+?)(_timestamp_seconds)?\{`)
	kindRe       = regexp.MustCompile(`kind="(actual|target)"`)
)

// seedKinds lists "metric kind" for every metric and kind the seeds give samples of.
func seedKinds(t *testing.T) map[string]bool {
	t.Helper()
	kinds := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(exporterOutput(t, "extract")))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		}
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		kinds[s.Name+" "+s.Labels["kind"]] = true
	}
	return kinds
}

// mustHaveData tells whether a query must return data on the seeds' history: a query of one
// report metric and kind does when the seeds give samples of them; any other (the exporter's
// health, the table over every metric) always does.
func mustHaveData(expr string, seeds map[string]bool) bool {
	metrics := map[string]bool{}
	for _, m := range econMetricRe.FindAllStringSubmatch(expr, -1) {
		metrics[m[1]] = true
	}
	kinds := kindRe.FindAllStringSubmatch(expr, -1)
	if len(metrics) != 1 || len(kinds) == 0 {
		return true
	}
	for m := range metrics {
		for _, k := range kinds {
			if seeds[m+" "+k[1]] {
				return true
			}
		}
	}
	return false
}

// TestDashboardQueries runs every query of every panel of every generated dashboard, with its
// variables filled in, on a Prometheus holding the seeds' history (backfilled) and scraping
// the exporter: each returns data over 2019 to today at the dashboard's own interval, and the
// yearly figures read as lines across the years, not as isolated points.
func TestDashboardQueries(t *testing.T) {
	exp := serveExporter(t)
	p := backfilledPrometheus(t, exp)
	waitFor(t, "the first scrape of the exporter", 30*time.Second, func() bool {
		return len(p.Query(t, `report_exporter_documents{job="report_exporter"}`, time.Now())) > 0
	})
	seeds := seedKinds(t)

	end := time.Now()
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, china)
	for _, d := range loadDashboards(t) {
		t.Run(d.UID, func(t *testing.T) {
			vars := variableValues(t, &p.Client, d, from, end)
			panels := 0
			for _, panel := range flatPanels(d.Panels) {
				if panel.Type == "row" {
					continue
				}
				panels++
				if panel.Datasrc == nil || panel.Datasrc.UID != "prometheus" {
					t.Errorf("panel %q: data source %+v, want uid prometheus", panel.Title, panel.Datasrc)
				}
				var step time.Duration
				if panel.Interval != "" {
					iv, err := model.ParseDuration(panel.Interval)
					if err != nil {
						t.Fatalf("panel %q: interval %q: %v", panel.Title, panel.Interval, err)
					}
					step = time.Duration(iv)
				} else {
					// Grafana's automatic interval: the range over about a thousand points.
					step = max(15*time.Second, end.Sub(from)/1000).Truncate(time.Second)
				}
				n := int(math.Ceil(float64(end.Sub(from)) / float64(step)))
				start := end.Add(-time.Duration(n) * step)
				vars["__range"] = strconv.Itoa(int(end.Sub(start).Seconds())) + "s"
				for _, tg := range panel.Targets {
					expr := tg.Expr
					for _, name := range slices.Sorted(mapKeys(vars)) {
						expr = strings.ReplaceAll(expr, "$"+name, vars[name])
					}
					if strings.Contains(expr, "$") {
						t.Errorf("panel %q %s: unresolved variable in %s", panel.Title, tg.RefID, expr)
						continue
					}
					want := mustHaveData(tg.Expr, seeds)
					var got, longest int
					if tg.Instant {
						vec := p.Query(t, expr, end)
						got = len(vec)
						if panel.Type == "table" {
							t.Logf("panel %q %s: %v", panel.Title, tg.RefID, vec)
						}
					} else {
						m := p.QueryRange(t, expr, start, end, step)
						got = len(m)
						for _, s := range m {
							longest = max(longest, len(s.Values))
						}
						if got > 0 && strings.Contains(expr, "econ_") && longest < 300 {
							t.Errorf("panel %q %s: the longest series has %d points at a %s step; a yearly figure should hold for a year", panel.Title, tg.RefID, longest, step)
						}
					}
					switch {
					case want && got == 0:
						t.Errorf("panel %q %s: no data over %s to %s at %s:\n%s", panel.Title, tg.RefID,
							start.Format(time.DateOnly), end.Format(time.DateOnly), step, expr)
					case !want && got > 0:
						t.Errorf("panel %q %s: data, but the seeds have none of this metric and kind:\n%s", panel.Title, tg.RefID, expr)
					}
				}
			}
			if panels == 0 {
				t.Error("no panels")
			}
		})
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
