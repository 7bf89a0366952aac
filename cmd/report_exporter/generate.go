package main

import (
	"io"

	"github.com/alecthomas/kingpin/v2"

	"github.com/report-exporter/report_exporter/mixin"
)

// generateFlags are the flags of the generate command.
type generateFlags struct {
	dashboardsDir string
	alertsFile    string
	grafanaURL    string
}

func registerGenerate(cmd *kingpin.CmdClause) *generateFlags {
	f := &generateFlags{}
	cmd.Flag("dashboards.dir", "Folder to write the Grafana dashboards (JSON) into.").
		Default("dashboards").StringVar(&f.dashboardsDir)
	cmd.Flag("alerts.file", "File to write the Prometheus alert rules to.").
		Default("config/prometheus/alerts.yml").StringVar(&f.alertsFile)
	cmd.Flag("grafana.url", "Base address of the Grafana the alerts' dashboard_url links point to, with the path it is served under if any.").
		Default(mixin.DefaultGrafanaURL).StringVar(&f.grafanaURL)
	return f
}

// run writes the dashboards and the alert rules generated from the rules.
func (f *generateFlags) run(c *common, stderr io.Writer) int {
	rs, err := loadRules(c.configFile)
	if err != nil {
		printf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	if err := mixin.Write(rs.Config().Indicators, f.dashboardsDir, f.alertsFile, f.grafanaURL); err != nil {
		printf(stderr, "report_exporter: generate: %v\n", err)
		return 1
	}
	return 0
}
