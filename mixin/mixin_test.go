package mixin

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/internal/e2etest"
	"github.com/report-exporter/report_exporter/internal/testutil"
)

// testRules reads the small rules file of testdata, only its indicators.
func testRules(t *testing.T) []*config.Indicator {
	t.Helper()
	data, err := os.ReadFile("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Indicators []*config.Indicator `yaml:"indicators"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Indicators
}

// TestGolden compares the output for testdata/rules.yaml with testdata/out/.
func TestGolden(t *testing.T) {
	files, err := Files(testRules(t), "testdata/out/dashboards", "testdata/out/alerts.yml", DefaultGrafanaURL)
	if err != nil {
		t.Fatal(err)
	}
	for path, got := range files {
		if testutil.Update() {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generated output; run go test ./mixin -update and review the diff", path)
		}
	}
}

func promtool(t *testing.T) string {
	t.Helper()
	return e2etest.LookPath(t, "promtool")
}

// TestAlertRules checks with promtool the rules generated for testdata/rules.yaml.
func TestAlertRules(t *testing.T) {
	pt := promtool(t)
	dir := t.TempDir()
	alerts, err := Alerts(testRules(t), DefaultGrafanaURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "alerts.yml"), alerts, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pt, "check", "rules", "alerts.yml")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check rules: %v\n%s", err, out)
	}
}

// TestCommittedAlertRules runs promtool on the committed config/prometheus/alerts.yml and its unit tests,
// config/prometheus/alerts_test.yml, which use the metric names of the default rules.
func TestCommittedAlertRules(t *testing.T) {
	pt := promtool(t)
	for _, args := range [][]string{
		{"check", "rules", "alerts.yml"},
		{"test", "rules", "alerts_test.yml"},
	} {
		cmd := exec.Command(pt, args...)
		cmd.Dir = "../config/prometheus"
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}
