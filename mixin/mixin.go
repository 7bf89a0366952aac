// Package mixin generates, from the rules, what a Prometheus and Grafana deployment needs to
// watch the report series: the Grafana dashboards and the Prometheus alert rules, the way
// monitoring mixins generate both from one source. The output is deterministic, so the
// generated files can be committed and a test can tell when they drift from the rules.
package mixin

import (
	"os"
	"path/filepath"

	"github.com/report-exporter/report_exporter/config"
)

// Files returns every generated file: the dashboards under dashboardsDir and the alert rules at
// alertsFile, whose links point into the Grafana at grafanaURL, keyed by those paths.
func Files(inds []*config.Indicator, dashboardsDir, alertsFile, grafanaURL string) (map[string][]byte, error) {
	files := map[string][]byte{}
	dbs, err := Dashboards(inds)
	if err != nil {
		return nil, err
	}
	for name, data := range dbs {
		files[filepath.Join(dashboardsDir, name)] = data
	}
	alerts, err := Alerts(inds, grafanaURL)
	if err != nil {
		return nil, err
	}
	files[alertsFile] = alerts
	return files, nil
}

// Write generates the files and writes them, creating folders as needed.
func Write(inds []*config.Indicator, dashboardsDir, alertsFile, grafanaURL string) error {
	files, err := Files(inds, dashboardsDir, alertsFile, grafanaURL)
	if err != nil {
		return err
	}
	for path, data := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
