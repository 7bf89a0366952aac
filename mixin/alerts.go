package mixin

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/config"
)

// Alert names.
const (
	// AlertName fires while the latest full-year figure of a metric and region misses its
	// year's target.
	AlertName = "ReportTargetShortfall"
	// BehindPaceAlertName (info) fires while the latest figure of part of a year is behind
	// the year's target.
	BehindPaceAlertName = "ReportTargetBehindPace"
	// Exporter alerts.
	ExporterDownAlertName      = "ReportExporterDown"
	ExtractionFailedAlertName  = "ReportExporterExtractionFailed"
	RulesReloadFailedAlertName = "ReportExporterRulesReloadFailed"
)

// ExporterJob is the scrape job of the exporter the exporter alerts look at, as
// config/prometheus/prometheus.yml names it.
const ExporterJob = "report_exporter"

// DefaultGrafanaURL is where the alerts' dashboard_url points unless told otherwise (`report_exporter
// generate --grafana.url`): Grafana as docker-compose.yml publishes it.
const DefaultGrafanaURL = "http://localhost:3000"

// GrafanaBase checks the base address of a Grafana (scheme, host and the path it is served
// under, as its root_url) and returns it as the links start with it: without a trailing slash,
// escaped so that nothing in it reads as a template action of the annotations.
func GrafanaBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("grafana url %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("grafana url %q: want http(s)://host[:port][/path], without user, query or fragment", raw)
	}
	u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), ""
	base := u.String()
	if strings.Contains(base, "{{") || strings.Contains(base, "}}") {
		return "", fmt.Errorf("grafana url %q: braces in the host", raw)
	}
	return base, nil
}

// RunbookURL is the page of the runbooks; each alert links to its section.
const RunbookURL = "https://github.com/report-exporter/report_exporter/blob/main/docs/monitoring.md"

type ruleFile struct {
	Groups []ruleGroup `yaml:"groups"`
}

type ruleGroup struct {
	Name  string `yaml:"name"`
	Rules []rule `yaml:"rules"`
}

type rule struct {
	Record      string     `yaml:"record,omitempty"`
	Alert       string     `yaml:"alert,omitempty"`
	Expr        string     `yaml:"expr"`
	For         string     `yaml:"for,omitempty"`
	Labels      *yaml.Node `yaml:"labels,omitempty"`
	Annotations *yaml.Node `yaml:"annotations,omitempty"`
}

// orderedMap is a YAML mapping that keeps the order given.
func orderedMap(kv ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: kv[i]},
			&yaml.Node{Kind: yaml.ScalarNode, Value: kv[i+1]})
	}
	return n
}

// compareLabels are the labels every comparison series carries but bound: what identifies a
// year's figure of a metric and region.
const compareLabels = "metric, region, region_code, year, period"

// shortfallExpr is the gap of the latest comparison per metric and region where it falls
// short, of the full year (progress false) or of part of it.
func shortfallExpr(progress bool) string {
	period := `period="` + compare.FullYear + `"`
	if progress {
		period = `period!="` + compare.FullYear + `"`
	}
	return fmt.Sprintf("%s{%s}\n  and %s == 1\n  and on (%s) %s\n",
		compare.GapName, period, compare.ShortfallName, compareLabels, compare.LatestName)
}

// Alerts returns the Prometheus rule file: the target alerts, short queries over the
// comparison series the exporter serves (package compare), and the exporter's own alerts.
// The comparisons carry their year as a label, so the rules work with Prometheus' default
// lookback. The indicators are not needed by the queries, which hold for any rules; they are
// taken for the signature's sake. Each alert's dashboard_url links into the Grafana at
// grafanaURL (see GrafanaBase): a target alert to the targets dashboard with its region and
// indicator chosen, an exporter alert to the health dashboard.
func Alerts(_ []*config.Indicator, grafanaURL string) ([]byte, error) {
	grafana, err := GrafanaBase(grafanaURL)
	if err != nil {
		return nil, err
	}
	targets := ruleGroup{Name: "report_exporter.targets", Rules: []rule{
		{
			Alert:  AlertName,
			Expr:   shortfallExpr(false),
			Labels: orderedMap("severity", "warning"),
			Annotations: orderedMap(
				"summary", preamble+`{{ $labels.region }}: {{ $title }} {{ $labels.year }} `+valueOf(compare.ActualName)+`, `+direction+` its target ({{ $labels.bound }}) of `+valueOf(compare.TargetName),
				"description", preamble+`{{ $labels.region }}{{ with $labels.region_code }} ({{ . }}){{ end }} reported {{ $title }} of `+valueOf(compare.ActualName)+
					` for {{ $labels.year }} (`+periodName+`), `+direction+` its {{ $labels.year }} target ({{ $labels.bound }}) of `+valueOf(compare.TargetName)+`.`,
				"runbook_url", RunbookURL+"#reporttargetshortfall",
				"dashboard_url", targetsURL(grafana),
			),
		},
		{
			Alert:  BehindPaceAlertName,
			Expr:   shortfallExpr(true),
			Labels: orderedMap("severity", "info"),
			Annotations: orderedMap(
				"summary", preamble+`{{ $labels.region }}: {{ $title }} {{ $labels.year }} `+periodName+` `+valueOf(compare.ActualName)+`, behind the year's target ({{ $labels.bound }}) of `+valueOf(compare.TargetName),
				"description", preamble+`{{ $labels.region }}{{ with $labels.region_code }} ({{ . }}){{ end }} reported {{ $title }} of `+valueOf(compare.ActualName)+
					` for `+periodName+` {{ $labels.year }}, `+direction+` the {{ $labels.year }} target ({{ $labels.bound }}) of `+valueOf(compare.TargetName)+
					`. Part of the year: progress, not yet a miss.`,
				"runbook_url", RunbookURL+"#reporttargetbehindpace",
				"dashboard_url", targetsURL(grafana),
			),
		},
	}}
	exporter := ruleGroup{Name: "report_exporter.exporter", Rules: []rule{
		{
			Alert: ExporterDownAlertName,
			Expr:  fmt.Sprintf(`up{job=%q} == 0`, ExporterJob),
			For:   "5m", Labels: orderedMap("severity", "critical"),
			Annotations: orderedMap(
				"summary", "report_exporter {{ $labels.instance }} is down",
				"description", "Prometheus could not scrape report_exporter at {{ $labels.instance }} for 5 minutes: no figures, comparisons or target alerts from it.",
				"runbook_url", RunbookURL+"#reportexporterdown",
				"dashboard_url", grafana+"/d/"+HealthUID,
			),
		},
		{
			Alert: ExtractionFailedAlertName,
			Expr:  "report_exporter_document_extraction_failed > 0",
			For:   "15m", Labels: orderedMap("severity", "warning"),
			Annotations: orderedMap(
				"summary", "report_exporter {{ $labels.instance }} cannot extract {{ $labels.file }}",
				"description", "The report {{ $labels.file }} could not be read or extracted for 15 minutes and gives no figures; the exporter's log has the error.",
				"runbook_url", RunbookURL+"#reportexporterextractionfailed",
				"dashboard_url", grafana+"/d/"+HealthUID,
			),
		},
		{
			Alert: RulesReloadFailedAlertName,
			Expr:  "report_exporter_config_last_reload_successful == 0",
			For:   "5m", Labels: orderedMap("severity", "warning"),
			Annotations: orderedMap(
				"summary", "report_exporter {{ $labels.instance }} refused its new rules",
				"description", "The last reload of the rules failed; the previous rules keep serving. `report_exporter check` shows the error with its file:line:col.",
				"runbook_url", RunbookURL+"#reportexporterrulesreloadfailed",
				"dashboard_url", grafana+"/d/"+HealthUID,
			),
		},
	}}
	var buf bytes.Buffer
	buf.WriteString("# Generated by `report_exporter generate`; do not edit. The target alerts read the\n" +
		"# year-keyed comparison series the exporter serves (econ_target_*); see docs/monitoring.md.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(ruleFile{Groups: []ruleGroup{targets, exporter}}); err != nil {
		return nil, fmt.Errorf("encode alerts: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// preamble sets, for an annotation of a comparison alert, $sel (the selector of the alert's
// comparison), and from the metric's info series $title, $unit and $better.
var preamble = `{{ $sel := printf "{metric=%q,region=%q,region_code=%q,year=%q,period=%q,bound=%q}" $labels.metric $labels.region $labels.region_code $labels.year $labels.period $labels.bound }}` +
	`{{ $title := $labels.metric }}{{ $unit := "" }}{{ $better := "higher" }}` +
	`{{ with printf "` + compare.InfoName + `{metric=%q}" $labels.metric | query }}{{ $title = . | first | label "title" }}{{ $unit = . | first | label "unit" }}{{ $better = . | first | label "better" }}{{ end }}`

// direction says on which side of the bound the figure lies short.
const direction = `{{ if or (eq $labels.bound "max") (and (eq $labels.bound "approx") (eq $better "lower")) }}above{{ else }}below{{ end }}`

// periodName names the alert's period as the reports do.
var periodName = func() string {
	var b strings.Builder
	for i, p := range periodNames {
		if i == 0 {
			b.WriteString("{{ if")
		} else {
			b.WriteString("{{ else if")
		}
		fmt.Fprintf(&b, " eq $labels.period %q }}%s", p[0], p[1])
	}
	b.WriteString("{{ else }}{{ $labels.period }}{{ end }}")
	return b.String()
}()

// periodNames are the names of the cumulative periods, as the reports write them.
var periodNames = [][2]string{
	{"1-12", "全年"}, {"1-3", "一季度"}, {"1-6", "上半年"}, {"1-9", "前三季度"}, {"1-11", "1-11月"},
}

// valueOf renders the value of the family with the alert's labels ($sel) in its unit: rates as
// percent, amounts of 亿元 and more in 亿元, smaller ones (per capita) in 元.
func valueOf(family string) string {
	return fmt.Sprintf(`{{ with printf "%s%%s" $sel | query }}{{ $v := . | first | value }}`+
		`{{ if eq $unit "ratio" }}{{ humanizePercentage $v }}`+
		`{{ else if and (eq $unit "yuan") (ge $v 1e8) }}{{ with printf "%s%%s / 1e8" $sel | query }}{{ . | first | value | printf "%%.2f" }}{{ end }} 亿元`+
		`{{ else if eq $unit "yuan" }}{{ printf "%%.0f" $v }} 元`+
		`{{ else }}{{ $v }} {{ $unit }}{{ end }}{{ end }}`, family, family)
}

// targetsURL links a comparison alert to the targets dashboard of the Grafana at base, with the
// alert's region and indicator chosen in its variables.
func targetsURL(base string) string {
	return base + "/d/" + TargetsUID + "?var-" + RegionVariable + "={{ $labels.region | urlquery }}&var-" + IndicatorVariable + "={{ $labels.indicator | urlquery }}"
}
