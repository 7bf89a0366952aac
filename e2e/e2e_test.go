// Package e2e tests the exporter end to end against the real Prometheus, promtool and
// VictoriaMetrics: the history of the seed reports goes in through backfill and comes back
// through the query API at the timestamps the contract gives.
package e2e

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"

	"github.com/report-exporter/report_exporter/gazetteer"
	"github.com/report-exporter/report_exporter/internal/e2etest"
	"github.com/report-exporter/report_exporter/internal/testutil"
)

func TestMain(m *testing.M) { e2etest.Main(m) }

// china is the zone of every timestamp of the contract.
var china = time.FixedZone("CST", 8*60*60)

// far is a moment after every sample, from which [100y] ranges see the whole history.
var far = time.Date(2070, 1, 1, 0, 0, 0, 0, china)

// figure is one row of testdata/expected-core.tsv: a sample the seeds must yield.
type figure struct {
	Doc      string
	Optional bool
	Name     string
	Labels   map[string]string // region, kind, period, bound (only when set)
	Time     time.Time
	Value    float64
	Line     int
}

func (f figure) series() string { return seriesString(f.Name, f.Labels) }

func (f figure) key() string { return f.series() + " @" + f.Time.Format(time.DateOnly) }

func seriesString(name string, labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", k, labels[k])
	}
	b.WriteByte('}')
	return b.String()
}

// expectedFigures reads the gold list of the seeds.
func expectedFigures(t *testing.T) []figure {
	t.Helper()
	rows, err := testutil.ReadGold(testutil.SeedsGold())
	if err != nil {
		t.Fatal(err)
	}
	var out []figure
	for _, r := range rows {
		k := r.Key
		f := figure{Doc: k.Doc, Name: k.Name, Line: r.Line, Optional: r.Optional, Value: r.Value, Time: testutil.Day(k.Date),
			Labels: map[string]string{"region": k.Region, "kind": k.Kind, "period": k.Period}}
		if k.Bound != "" {
			f.Labels["bound"] = k.Bound
		}
		if p := gazetteer.Default().Named(k.Region); len(p) == 1 {
			f.Labels["region_code"] = p[0].Code
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		t.Fatal("the seeds' gold list has no rows")
	}
	return out
}

// runExporter runs the built binary and fails the test if it exits non-zero.
func runExporter(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(e2etest.BuildBinary(t), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("report_exporter %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("report_exporter %s:\n%s", strings.Join(args, " "), stderr.String())
	}
	return string(out)
}

// stored is what a TSDB holds of one series at one time.
type stored struct {
	Series string
	Time   time.Time
	Values []float64 // more than one: a duplicate
}

// storedHistory reads every raw sample of the named metrics, grouped by series and time.
func storedHistory(t *testing.T, c *e2etest.Client, names []string) map[string]*stored {
	t.Helper()
	q := fmt.Sprintf(`{__name__=~%q}[100y]`, strings.Join(names, "|"))
	v := c.QueryValue(t, q, far)
	m, ok := v.(model.Matrix)
	if !ok {
		t.Fatalf("%s: got a %s, want a matrix", q, v.Type())
	}
	out := map[string]*stored{}
	for _, ss := range m {
		labels := map[string]string{}
		for k, v := range ss.Metric {
			if k != model.MetricNameLabel {
				labels[string(k)] = string(v)
			}
		}
		series := seriesString(string(ss.Metric[model.MetricNameLabel]), labels)
		for _, p := range ss.Values {
			at := p.Timestamp.Time().In(china)
			k := series + " @" + at.Format(time.DateOnly)
			if at.Hour() != 0 || at.Minute() != 0 || at.Second() != 0 {
				k = series + " @" + at.Format(time.RFC3339)
			}
			s := out[k]
			if s == nil {
				s = &stored{Series: series, Time: at}
				out[k] = s
			}
			s.Values = append(s.Values, float64(p.Value))
		}
	}
	return out
}

// compareFigures checks that the TSDB holds every required figure once with its value, the
// optional ones at most once, and no other sample of the metrics the file names. It reports
// every difference in one table.
func compareFigures(t *testing.T, what string, c *e2etest.Client) {
	t.Helper()
	want := expectedFigures(t)
	var names []string
	for _, f := range want {
		if !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	got := storedHistory(t, c, names)
	type diff struct{ key, msg string }
	var diffs []diff
	seen := map[string]bool{}
	for _, f := range want {
		k := f.key()
		seen[k] = true
		s := got[k]
		switch {
		case s == nil && f.Optional:
		case s == nil:
			diffs = append(diffs, diff{k, fmt.Sprintf("missing   %s = %g   (expected-core.tsv:%d, %s)", k, f.Value, f.Line, f.Doc)})
		case len(s.Values) != 1:
			diffs = append(diffs, diff{k, fmt.Sprintf("repeated  %s = %v, want once %g", k, s.Values, f.Value)})
		case !near(s.Values[0], f.Value):
			diffs = append(diffs, diff{k, fmt.Sprintf("wrong     %s = %g, want %g   (expected-core.tsv:%d, %s)", k, s.Values[0], f.Value, f.Line, f.Doc)})
		}
	}
	for k, s := range got {
		if !seen[k] {
			diffs = append(diffs, diff{k, fmt.Sprintf("unwanted  %s = %v", k, s.Values)})
		}
	}
	if len(diffs) > 0 {
		slices.SortFunc(diffs, func(a, b diff) int { return cmp.Compare(a.key, b.key) })
		var b strings.Builder
		for _, d := range diffs {
			b.WriteString("\n  " + d.msg)
		}
		t.Errorf("%s: %d difference(s) from testdata/expected-core.tsv (%d rows, %d samples stored):%s",
			what, len(diffs), len(want), len(got), b.String())
	}
}

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// shippedStorageConfig is the storage section of config/prometheus/prometheus.yml, so that the tests run
// with the out-of-order window the deployment uses.
func shippedStorageConfig(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "config", "prometheus", "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("config/prometheus/prometheus.yml: %v", err)
	}
	storage, ok := cfg["storage"]
	if !ok {
		t.Fatal("config/prometheus/prometheus.yml has no storage section")
	}
	out, err := yaml.Marshal(map[string]any{"storage": storage})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
