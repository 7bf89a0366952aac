package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/internal/e2etest"
	"github.com/report-exporter/report_exporter/series"
)

// serveExporter starts `report_exporter serve` on a free loopback port with the given
// arguments, waits until it is ready (its reports read), and stops it (by its pid) when the
// test ends. It returns the host:port it serves on.
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
		resp, err := http.Get("http://" + addr + "/-/ready")
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

// seedKinds lists "metric kind" for every metric and kind the seeds give samples of.
func seedKinds(t *testing.T) map[string]bool {
	t.Helper()
	kinds := map[string]bool{}
	for _, s := range seedSamples(t) {
		kinds[s.Name+" "+s.Labels["kind"]] = true
	}
	return kinds
}

// seedSample is a sample of `report_exporter extract` on the seeds, its name and labels.
type seedSample struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
}

// seedSamples returns the samples `report_exporter extract` gives on the seeds.
func seedSamples(t *testing.T) []seedSample {
	t.Helper()
	var out []seedSample
	sc := bufio.NewScanner(bytes.NewReader(exporterOutput(t, "extract")))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s seedSample
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// A Grafana dashboard as the generator writes it, only what the queries need.
type gDashboard struct {
	UID        string `json:"uid"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query string `json:"query"`
			Multi bool   `json:"multi"`
		} `json:"list"`
	} `json:"templating"`
	Panels []*gPanel `json:"panels"`
}

type gPanel struct {
	Title    string    `json:"title"`
	Type     string    `json:"type"`
	Interval string    `json:"interval"`
	Targets  []gTarget `json:"targets"`
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

// panelQuery is one query of a dashboard with its variables filled in, as Grafana sends it.
type panelQuery struct {
	dashboard, panel, ref string
	expr                  string // with the variables
	template              string // as written in the dashboard
	instant               bool
	step                  time.Duration
	start, end            time.Time
}

var (
	metricLabelRe = regexp.MustCompile(`metric="(econ_[a-z0-9_]+)"`)
	boundLabelRe  = regexp.MustCompile(`bound="(\w+)"`)
	rawMetricRe   = regexp.MustCompile(`\b(econ_[a-z0-9_]+?)\{job=""`)
)

// dashboardQueries fills in every query of every dashboard for region (a single-select region
// is set to it; a multi-select one to all of regions) over from to end, at the panel's step.
func dashboardQueries(t *testing.T, region string, regions []string, from, end time.Time) []panelQuery {
	t.Helper()
	var out []panelQuery
	for _, d := range loadDashboards(t) {
		vars := map[string]string{}
		for _, v := range d.Templating.List {
			switch {
			case v.Type == "datasource":
			case v.Name == "region" && v.Multi:
				vars["region"] = ".*" // All, whose value the dashboard sets to .*
			case v.Name == "region":
				vars["region"] = region
			case v.Name == "indicator" && v.Multi:
				vars["indicator"] = ".*" // All, whose value the dashboard sets to .*
			default:
				t.Fatalf("dashboard %s: unknown variable %s", d.UID, v.Name)
			}
		}
		for _, p := range d.Panels {
			if p.Type == "row" {
				continue
			}
			step := max(15*time.Second, end.Sub(from)/1000).Truncate(time.Second) // Grafana's automatic interval
			if p.Interval != "" {
				iv, err := model.ParseDuration(p.Interval)
				if err != nil {
					t.Fatalf("panel %q: interval %q: %v", p.Title, p.Interval, err)
				}
				step = time.Duration(iv)
			}
			n := int(math.Ceil(float64(end.Sub(from)) / float64(step)))
			start := end.Add(-time.Duration(n) * step)
			v := maps.Clone(vars)
			v["__interval"] = strconv.Itoa(int(step.Seconds())) + "s"
			v["__range"] = strconv.Itoa(int(end.Sub(start).Seconds())) + "s"
			for _, tg := range p.Targets {
				expr := tg.Expr
				for _, name := range slices.Sorted(maps.Keys(v)) {
					expr = strings.ReplaceAll(expr, "$"+name, v[name])
				}
				if strings.Contains(expr, "$") {
					t.Errorf("panel %q %s: unresolved variable in %s", p.Title, tg.RefID, expr)
				}
				out = append(out, panelQuery{d.UID, p.Title, tg.RefID, expr, tg.Expr, tg.Instant, step, start, end})
			}
		}
	}
	return out
}

// seedExpectations reads the seeds' samples and their comparisons with targets: which raw
// metrics have actual figures in which region, and which metric, region and bound have full-year comparisons.
func seedExpectations(t *testing.T) (actuals map[string]bool, compared map[string]bool, regions []string) {
	t.Helper()
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	actuals, compared = map[string]bool{}, map[string]bool{}
	var samples []series.Sample
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(exporterOutput(t, "extract")))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s struct {
			Name      string        `json:"name"`
			Labels    series.Labels `json:"labels"`
			Value     float64       `json:"value"`
			Timestamp time.Time     `json:"timestamp"`
		}
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		samples = append(samples, series.Sample{Name: s.Name, Labels: s.Labels, Value: s.Value, Time: s.Timestamp})
		if s.Labels.Kind == series.KindActual {
			actuals[s.Name+" "+s.Labels.Region] = true
			if !seen[s.Labels.Region] {
				seen[s.Labels.Region] = true
				regions = append(regions, s.Labels.Region)
			}
		}
	}
	for _, c := range compare.Compare(cfg.Indicators, samples) {
		if c.Period == compare.FullYear {
			compared[c.Metric+" "+c.Region] = true
			compared[c.Region] = true
			compared[c.Metric+" "+c.Region+" "+c.Bound] = true
		}
	}
	return actuals, compared, regions
}

// wantsData tells whether a dashboard query must return data for region on the seeds' history.
func wantsData(q panelQuery, region string, actuals, compared map[string]bool) bool {
	if m := metricLabelRe.FindStringSubmatch(q.template); m != nil {
		key := m[1] + " " + region
		if b := boundLabelRe.FindStringSubmatch(q.template); b != nil {
			key += " " + b[1]
		}
		return compared[key]
	}
	if strings.Contains(q.template, "econ_target_") {
		return compared[region] // the table of every comparison of the region
	}
	if m := rawMetricRe.FindStringSubmatch(q.template); m != nil {
		return actuals[m[1]+" "+region]
	}
	return true // the exporter's health
}

// runDashboardQueries runs every query on the server and checks it returns data where the
// seeds give some and none where they give none, that it is under 4 KB, and reports the
// largest and slowest.
func runDashboardQueries(t *testing.T, c *e2etest.Client, region string, qs []panelQuery, actuals, compared map[string]bool, skip func(panelQuery) bool) {
	t.Helper()
	var largest, slowest panelQuery
	var slowestTook time.Duration
	for _, q := range qs {
		if skip != nil && skip(q) {
			continue
		}
		if len(q.expr) > 4096 {
			t.Errorf("%s: panel %q %s: query of %d bytes, over 4 KB", q.dashboard, q.panel, q.ref, len(q.expr))
		}
		if len(q.expr) > len(largest.expr) {
			largest = q
		}
		began := time.Now()
		var got int
		if q.instant {
			got = len(c.Query(t, q.expr, q.end))
		} else {
			got = len(c.QueryRange(t, q.expr, q.start, q.end, q.step))
		}
		if took := time.Since(began); took > slowestTook {
			slowest, slowestTook = q, took
		}
		switch want := wantsData(q, region, actuals, compared); {
		case want && got == 0:
			t.Errorf("%s: panel %q %s: no data:\n%s", q.dashboard, q.panel, q.ref, q.expr)
		case !want && got > 0:
			t.Errorf("%s: panel %q %s: data, but the seeds have none:\n%s", q.dashboard, q.panel, q.ref, q.expr)
		}
	}
	t.Logf("%d queries; largest %d bytes (%s %q %s); slowest %s (%s %q %s)", len(qs), len(largest.expr), largest.dashboard, largest.panel, largest.ref,
		slowestTook, slowest.dashboard, slowest.panel, slowest.ref)
}

// TestDashboardQueries runs every query of every panel of every generated dashboard, with its
// variables filled in as Grafana fills them, on a stock Prometheus (default lookback) holding
// the seeds' history (backfilled) and scraping the exporter: each returns data where the seeds
// give figures, and none where they give none.
func TestDashboardQueries(t *testing.T) {
	exp := serveExporter(t)
	storage := backfillBlocks(t)
	ps := e2etest.StartPrometheus(t, e2etest.Options{
		ConfigYAML: fmt.Sprintf("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: report_exporter\n    static_configs:\n      - targets: [%q]\n", exp),
		StorageDir: storage, Flags: stockFlags,
	})
	waitFor(t, "the first scrape of the exporter", 30*time.Second, func() bool {
		return len(ps.Query(t, `econ_target_latest{job="report_exporter"}`, time.Now())) > 0
	})
	actuals, compared, regions := seedExpectations(t)
	end := time.Now()
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, china)
	for _, region := range []string{"罗湖区", "龙岗区"} {
		t.Run(region, func(t *testing.T) {
			runDashboardQueries(t, &ps.Client, region, dashboardQueries(t, region, regions, from, end), actuals, compared, nil)
		})
	}
}

// TestDashboardQueriesVictoriaMetrics runs the report panels' queries on VictoriaMetrics with
// default query flags, holding the seeds' history written by remote write (no scrape: the
// exporter's health panels are left out).
func TestDashboardQueriesVictoriaMetrics(t *testing.T) {
	vm := e2etest.StartVictoriaMetrics(t)
	exporterOutput(t, "backfill", "--remote-write.url", vm.RemoteWriteURL())
	vm.Flush(t)
	actuals, compared, regions := seedExpectations(t)
	end := time.Now()
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, china)
	health := func(q panelQuery) bool { return q.dashboard == "report-exporter-health" }
	for _, region := range []string{"罗湖区", "龙岗区"} {
		t.Run(region, func(t *testing.T) {
			runDashboardQueries(t, &vm.Client, region, dashboardQueries(t, region, regions, from, end), actuals, compared, health)
		})
	}
}

// TestDashboardQueriesCorpus times every report panel's query on a stock Prometheus holding a
// large history: set E2E_CORPUS_OM to an OpenMetrics file of `report_exporter backfill
// --output` (of `go run ./internal/corpus`, its regions multiplied to thousands) and
// E2E_CORPUS_REGION to a region of it. Each query must answer in under a second.
func TestDashboardQueriesCorpus(t *testing.T) {
	om, region := os.Getenv("E2E_CORPUS_OM"), os.Getenv("E2E_CORPUS_REGION")
	if om == "" || region == "" {
		t.Skip("set E2E_CORPUS_OM and E2E_CORPUS_REGION")
	}
	storage := filepath.Join(t.TempDir(), "data")
	e2etest.Backfill(t, e2etest.LookPath(t, "promtool"), om, storage)
	p := e2etest.StartPrometheus(t, e2etest.Options{StorageDir: storage, Flags: stockFlags})
	end := time.Now()
	var slowest panelQuery
	var slowestTook time.Duration
	largest := 0
	for _, q := range dashboardQueries(t, region, nil, end.AddDate(-8, 0, 0), end) {
		if q.dashboard == "report-exporter-health" {
			continue
		}
		largest = max(largest, len(q.expr))
		for range 2 { // the second run is the one timed: the first warms the page cache
			began := time.Now()
			if q.instant {
				p.Query(t, q.expr, q.end)
			} else {
				p.QueryRange(t, q.expr, q.start, q.end, q.step)
			}
			if took := time.Since(began); took > slowestTook {
				slowest, slowestTook = q, took
			}
		}
	}
	t.Logf("largest query %d bytes; slowest %s: %s %q %s\n%s", largest, slowestTook, slowest.dashboard, slowest.panel, slowest.ref, slowest.expr)
	if slowestTook > time.Second {
		t.Errorf("slowest query took %s, over a second", slowestTook)
	}
}
