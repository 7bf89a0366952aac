package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerate writes the dashboards and the alert rules of the built-in rules where the flags
// say, with the alerts' links into the Grafana --grafana.url gives, and fails with a message on
// a rules file that does not load or an address that is no Grafana's.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	alerts := filepath.Join(dir, "config", "prometheus", "alerts.yml")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"generate", "--dashboards.dir", filepath.Join(dir, "dashboards"), "--alerts.file", alerts}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{
		"dashboards/report-exporter-overview.json",
		"dashboards/report-exporter-targets.json",
		"dashboards/report-exporter-health.json",
		"config/prometheus/alerts.yml",
	} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %v (%d bytes)", f, err, len(data))
		}
	}
	data, _ := os.ReadFile(alerts)
	if !strings.Contains(string(data), "alert: ReportTargetShortfall") {
		t.Errorf("alerts.yml has no ReportTargetShortfall rule")
	}

	// The alerts link to the default Grafana, that of docker-compose.yml.
	if !strings.Contains(string(data), "dashboard_url: http://localhost:3000/d/report-exporter-targets?var-region=") {
		t.Errorf("alerts.yml does not link to Grafana at http://localhost:3000")
	}

	// --grafana.url: the links point into that Grafana, under its path.
	other := filepath.Join(dir, "other")
	if code := run([]string{"generate", "--dashboards.dir", filepath.Join(other, "dashboards"), "--alerts.file", filepath.Join(other, "alerts.yml"),
		"--grafana.url", "https://grafana.example.org/monitoring/"}, &stdout, &stderr); code != 0 {
		t.Fatalf("--grafana.url: exit %d: %s", code, stderr.String())
	}
	data, _ = os.ReadFile(filepath.Join(other, "alerts.yml"))
	if !strings.Contains(string(data), "dashboard_url: https://grafana.example.org/monitoring/d/report-exporter-targets?var-region={{ $labels.region | urlquery }}&var-indicator={{ $labels.indicator | urlquery }}") ||
		!strings.Contains(string(data), "dashboard_url: https://grafana.example.org/monitoring/d/report-exporter-health") ||
		strings.Contains(string(data), "localhost:3000") {
		t.Errorf("--grafana.url: alerts.yml does not link to the Grafana given:\n%s", data)
	}

	// An address that is no Grafana base is refused, and nothing is written.
	stderr.Reset()
	bad := filepath.Join(dir, "bad")
	if code := run([]string{"generate", "--dashboards.dir", filepath.Join(bad, "dashboards"), "--alerts.file", filepath.Join(bad, "alerts.yml"),
		"--grafana.url", "localhost:3000"}, &stdout, &stderr); code != 1 {
		t.Errorf("--grafana.url localhost:3000: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), `grafana url "localhost:3000"`) {
		t.Errorf("--grafana.url localhost:3000: stderr %q", stderr.String())
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("--grafana.url localhost:3000 wrote %s (%v)", bad, err)
	}

	stderr.Reset()
	if code := run([]string{"generate", "--config.file", filepath.Join(dir, "missing.yaml"), "--dashboards.dir", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("missing rules file: exit %d, want 1", code)
	}
	if !strings.HasPrefix(stderr.String(), "report_exporter: ") || !strings.Contains(stderr.String(), "missing.yaml") {
		t.Errorf("missing rules file: stderr %q", stderr.String())
	}
}
