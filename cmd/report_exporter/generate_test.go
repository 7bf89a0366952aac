package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerate writes the dashboards and the alert rules of the built-in rules where the flags
// say, and fails with a message on a rules file that does not load.
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

	stderr.Reset()
	if code := run([]string{"generate", "--config.file", filepath.Join(dir, "missing.yaml"), "--dashboards.dir", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("missing rules file: exit %d, want 1", code)
	}
	if !strings.HasPrefix(stderr.String(), "report_exporter: ") || !strings.Contains(stderr.String(), "missing.yaml") {
		t.Errorf("missing rules file: stderr %q", stderr.String())
	}
}
