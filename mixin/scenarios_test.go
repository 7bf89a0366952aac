package mixin

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/internal/testutil"
	rseries "github.com/report-exporter/report_exporter/series"
)

// scenario is a state of the reports as the exporter serves it, and the alerts it must fire.
type scenario struct {
	name    string
	samples []rseries.Sample // report samples, merged
	alerts  map[string][]expAlert
}

type expAlert struct {
	Labels      map[string]string `yaml:"exp_labels"`
	Annotations map[string]string `yaml:"exp_annotations,omitempty"`
}

// codes are the GB/T 2260 codes of Shenzhen's districts; 大鹏新区 has none.
var codes = map[string]string{"罗湖区": "440303", "福田区": "440304", "南山区": "440305", "宝安区": "440306",
	"龙岗区": "440307", "盐田区": "440308", "龙华区": "440309", "坪山区": "440310", "光明区": "440311"}

func tg(name, region, bound string, year int, v float64) rseries.Sample {
	s := testutil.Sample(name, region, rseries.KindTarget, "1-12", bound, v, fmt.Sprintf("%d-01-01", year))
	s.Labels.RegionCode = codes[region]
	return s
}

func ac(name, region, period string, year int, v float64) rseries.Sample {
	end := map[string]string{"1-3": "03-31", "1-6": "06-30", "1-9": "09-30", "1-12": "12-31"}[period]
	s := testutil.Sample(name, region, rseries.KindActual, period, "", v, fmt.Sprintf("%d-%s", year, end))
	s.Labels.RegionCode = codes[region]
	return s
}

const (
	gdpGrowth   = "econ_gdp_growth_ratio"
	unemployed  = "econ_registered_unemployment_ratio"
	investment  = "econ_fixed_asset_investment_yuan"
	perCapIncom = "econ_disposable_income_per_capita_yuan"
)

// shortfall is the expected ReportTargetShortfall or ReportTargetBehindPace alert.
func shortfall(severity, indicator, metric, region, year, period, bound, summary, description string) expAlert {
	return expAlert{
		Labels: map[string]string{
			"severity": severity, "indicator": indicator, "metric": metric, "region": region,
			"year": year, "period": period, "bound": bound, "job": "report_exporter", "instance": "localhost:9864",
			"region_code": codes[region],
		},
		Annotations: map[string]string{
			"summary": summary, "description": description,
			"runbook_url":   RunbookURL + map[string]string{"warning": "#reporttargetshortfall", "info": "#reporttargetbehindpace"}[severity],
			"dashboard_url": DefaultGrafanaURL + "/d/" + TargetsUID + "?var-region=" + strings.ReplaceAll(urlq(region), " ", "+") + "&var-indicator=" + indicator,
		},
	}
}

func urlq(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// scenarios are the cases of issue 10: how a figure meets a target, which year and part of the
// year it is of, and what the alerts say.
func scenarios() []scenario {
	return []scenario{
		{name: "range met: silent", samples: []rseries.Sample{
			tg(gdpGrowth, "福田区", "min", 2024, 0.055), tg(gdpGrowth, "福田区", "max", 2024, 0.06),
			ac(gdpGrowth, "福田区", "1-12", 2024, 0.058),
		}},
		{name: "range missed low: fires on the min bound", samples: []rseries.Sample{
			tg(gdpGrowth, "罗湖区", "min", 2024, 0.055), tg(gdpGrowth, "罗湖区", "max", 2024, 0.06),
			ac(gdpGrowth, "罗湖区", "1-12", 2024, 0.05),
		}, alerts: map[string][]expAlert{AlertName: {shortfall("warning", "gdp", gdpGrowth, "罗湖区", "2024", "1-12", "min",
			"罗湖区: 地区生产总值增速 2024 5%, below its target (min) of 5.5%",
			"罗湖区 (440303) reported 地区生产总值增速 of 5% for 2024 (全年), below its 2024 target (min) of 5.5%.")}}},
		{name: "higher is better, above the max: silent", samples: []rseries.Sample{
			tg(gdpGrowth, "龙岗区", "min", 2024, 0.055), tg(gdpGrowth, "龙岗区", "max", 2024, 0.06),
			ac(gdpGrowth, "龙岗区", "1-12", 2024, 0.065),
		}},
		{name: "lower is better, below the min: silent", samples: []rseries.Sample{
			tg(unemployed, "南山区", "min", 2024, 0.03), tg(unemployed, "南山区", "max", 2024, 0.035),
			ac(unemployed, "南山区", "1-12", 2024, 0.028),
		}},
		{name: "lower is better, above the max: fires", samples: []rseries.Sample{
			tg(unemployed, "宝安区", "max", 2024, 0.035), ac(unemployed, "宝安区", "1-12", 2024, 0.038),
		}, alerts: map[string][]expAlert{AlertName: {shortfall("warning", "registered_unemployment", unemployed, "宝安区", "2024", "1-12", "max",
			"宝安区: 城镇登记失业率 2024 3.8%, above its target (max) of 3.5%",
			"宝安区 (440306) reported 城镇登记失业率 of 3.8% for 2024 (全年), above its 2024 target (max) of 3.5%.")}}},
		{name: "approx within tolerance: silent", samples: []rseries.Sample{
			tg(gdpGrowth, "盐田区", "approx", 2024, 0.06), ac(gdpGrowth, "盐田区", "1-12", 2024, 0.059),
		}},
		{name: "last year's miss from one January report, only scraped: fires for last year", samples: []rseries.Sample{
			tg(gdpGrowth, "坪山区", "approx", 2024, 0.06),  // set in January 2024
			ac(gdpGrowth, "坪山区", "1-12", 2024, 0.031),   // January 2025 report: last year's result
			tg(gdpGrowth, "坪山区", "approx", 2025, 0.055), // and this year's target
		}, alerts: map[string][]expAlert{AlertName: {shortfall("warning", "gdp", gdpGrowth, "坪山区", "2024", "1-12", "approx",
			"坪山区: 地区生产总值增速 2024 3.1%, below its target (approx) of 6%",
			"坪山区 (440310) reported 地区生产总值增速 of 3.1% for 2024 (全年), below its 2024 target (approx) of 6%.")}}},
		{name: "partial year behind pace: info, not a miss", samples: []rseries.Sample{
			tg(gdpGrowth, "光明区", "min", 2025, 0.05), ac(gdpGrowth, "光明区", "1-6", 2025, 0.04),
			tg(gdpGrowth, "龙华区", "min", 2025, 0.05), ac(gdpGrowth, "龙华区", "1-6", 2025, 0.052), // ahead: silent
		}, alerts: map[string][]expAlert{BehindPaceAlertName: {shortfall("info", "gdp", gdpGrowth, "光明区", "2025", "1-6", "min",
			"光明区: 地区生产总值增速 2025 上半年 4%, behind the year's target (min) of 5%",
			"光明区 (440311) reported 地区生产总值增速 of 4% for 上半年 2025, below the 2025 target (min) of 5%. Part of the year: progress, not yet a miss.")}}},
		{name: "no actual yet: silent", samples: []rseries.Sample{
			tg(gdpGrowth, "大鹏新区", "approx", 2025, 0.06),
		}},
		{name: "an older miss is superseded by a newer year met: silent", samples: []rseries.Sample{
			tg(gdpGrowth, "罗湖区", "min", 2023, 0.06), ac(gdpGrowth, "罗湖区", "1-12", 2023, 0.05),
			tg(gdpGrowth, "罗湖区", "min", 2024, 0.05), ac(gdpGrowth, "罗湖区", "1-12", 2024, 0.051),
		}},
		{name: "amounts in 亿元 and per capita in 元", samples: []rseries.Sample{
			tg(investment, "罗湖区", "approx", 2021, 400e8), ac(investment, "罗湖区", "1-12", 2021, 384e8),
			tg(perCapIncom, "罗湖区", "min", 2021, 80000), ac(perCapIncom, "罗湖区", "1-12", 2021, 75000),
		}, alerts: map[string][]expAlert{AlertName: {
			shortfall("warning", "disposable_income", perCapIncom, "罗湖区", "2021", "1-12", "min",
				"罗湖区: 居民人均可支配收入总量 2021 75000 元, below its target (min) of 80000 元",
				"罗湖区 (440303) reported 居民人均可支配收入总量 of 75000 元 for 2021 (全年), below its 2021 target (min) of 80000 元."),
			shortfall("warning", "fixed_asset_investment", investment, "罗湖区", "2021", "1-12", "approx",
				"罗湖区: 固定资产投资总量 2021 384.00 亿元, below its target (approx) of 400.00 亿元",
				"罗湖区 (440303) reported 固定资产投资总量 of 384.00 亿元 for 2021 (全年), below its 2021 target (approx) of 400.00 亿元."),
		}}},
	}
}

type promtoolTest struct {
	Interval     string          `yaml:"interval"`
	Name         string          `yaml:"name"`
	InputSeries  []inputSeries   `yaml:"input_series"`
	AlertRuleTst []alertRuleTest `yaml:"alert_rule_test"`
}

type inputSeries struct {
	Series string `yaml:"series"`
	Values string `yaml:"values"`
}

type alertRuleTest struct {
	EvalTime  string     `yaml:"eval_time"`
	Alertname string     `yaml:"alertname"`
	ExpAlerts []expAlert `yaml:"exp_alerts"`
}

// scenarioTests renders the scenarios as promtool rule tests: the input is what the exporter
// serves for the samples (comparisons, latest, info), scraped every minute.
func scenarioTests(t *testing.T) []byte {
	t.Helper()
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	var tests []promtoolTest
	for _, sc := range scenarios() {
		cs := compare.Compare(cfg.Indicators, sc.samples)
		served := append(compare.Samples(cs), compare.Latest(cs)...)
		served = append(served, compare.Info(cfg.Indicators, sc.samples[0].Time)...)
		pt := promtoolTest{Interval: "1m", Name: sc.name}
		for _, s := range served {
			l := s.Labels
			l.Extra = rseries.ExtraLabels(append(extraPairs(l), "job", "report_exporter", "instance", "localhost:9864")...)
			pt.InputSeries = append(pt.InputSeries, inputSeries{
				Series: strings.TrimSuffix(string(rseries.AppendSeries(nil, s.Name, &l)), " "),
				Values: string(rseries.AppendFloat(nil, s.Value)) + "x15",
			})
		}
		for _, name := range []string{AlertName, BehindPaceAlertName} {
			exp := sc.alerts[name]
			if exp == nil {
				exp = []expAlert{}
			}
			pt.AlertRuleTst = append(pt.AlertRuleTst, alertRuleTest{EvalTime: "10m", Alertname: name, ExpAlerts: exp})
		}
		tests = append(tests, pt)
	}
	tests = append(tests, exporterTests()...)
	var buf bytes.Buffer
	buf.WriteString(`# promtool unit tests of config/prometheus/alerts.yml, generated from the scenarios of
# mixin/scenarios_test.go (go test ./mixin -run Scenarios -update): the input is what the
# exporter serves on /metrics for the reports of each scenario, scraped each minute.
#   promtool check rules alerts.yml && promtool test rules alerts_test.yml
`)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(map[string]any{"rule_files": []string{"alerts.yml"}, "evaluation_interval": "1m", "tests": tests}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exporterTests are the cases of the exporter's own alerts: down, a report that cannot be
// extracted, a rules reload that failed; each fires only after its for: duration.
func exporterTests() []promtoolTest {
	inst := map[string]string{"job": "report_exporter", "instance": "localhost:9864"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range inst {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	const sel = `{instance="localhost:9864",job="report_exporter"}`
	return []promtoolTest{
		{Interval: "1m", Name: "exporter down for 5 minutes",
			InputSeries: []inputSeries{{Series: "up" + sel, Values: "1 1 0x10"}},
			AlertRuleTst: []alertRuleTest{
				{EvalTime: "5m", Alertname: ExporterDownAlertName, ExpAlerts: []expAlert{}},
				{EvalTime: "8m", Alertname: ExporterDownAlertName, ExpAlerts: []expAlert{{Labels: with("severity", "critical"), Annotations: map[string]string{
					"summary":       "report_exporter localhost:9864 is down",
					"description":   "Prometheus could not scrape report_exporter at localhost:9864 for 5 minutes: no figures, comparisons or target alerts from it.",
					"runbook_url":   RunbookURL + "#reportexporterdown",
					"dashboard_url": DefaultGrafanaURL + "/d/" + HealthUID,
				}}}},
			}},
		{Interval: "1m", Name: "a report that cannot be extracted",
			InputSeries: []inputSeries{
				{Series: `report_exporter_document_extraction_failed{file="bad.txt",instance="localhost:9864",job="report_exporter"}`, Values: "1x30"},
			},
			AlertRuleTst: []alertRuleTest{
				{EvalTime: "10m", Alertname: ExtractionFailedAlertName, ExpAlerts: []expAlert{}},
				{EvalTime: "20m", Alertname: ExtractionFailedAlertName, ExpAlerts: []expAlert{{Labels: with("severity", "warning", "file", "bad.txt"), Annotations: map[string]string{
					"summary":       "report_exporter localhost:9864 cannot extract bad.txt",
					"description":   "The report bad.txt could not be read or extracted for 15 minutes and gives no figures; the exporter's log has the error.",
					"runbook_url":   RunbookURL + "#reportexporterextractionfailed",
					"dashboard_url": DefaultGrafanaURL + "/d/" + HealthUID,
				}}}},
			}},
		{Interval: "1m", Name: "rules reload failed",
			InputSeries: []inputSeries{{Series: "report_exporter_config_last_reload_successful" + sel, Values: "1 0x10"}},
			AlertRuleTst: []alertRuleTest{
				{EvalTime: "3m", Alertname: RulesReloadFailedAlertName, ExpAlerts: []expAlert{}},
				{EvalTime: "8m", Alertname: RulesReloadFailedAlertName, ExpAlerts: []expAlert{{Labels: with("severity", "warning"), Annotations: map[string]string{
					"summary":       "report_exporter localhost:9864 refused its new rules",
					"description":   "The last reload of the rules failed; the previous rules keep serving. `report_exporter check` shows the error with its file:line:col.",
					"runbook_url":   RunbookURL + "#reportexporterrulesreloadfailed",
					"dashboard_url": DefaultGrafanaURL + "/d/" + HealthUID,
				}}}},
			}},
	}
}

// extraPairs returns the name, value pairs of l.Extra.
func extraPairs(l rseries.Labels) []string {
	var kv []string
	for _, n := range []string{compare.LabelIndicator, compare.LabelMetric, compare.LabelYear, compare.LabelTitle, compare.LabelUnit, compare.LabelBetter} {
		kv = append(kv, n, l.ExtraValue(n))
	}
	return kv
}

// TestAlertScenarios keeps config/prometheus/alerts_test.yml what the scenarios give;
// TestCommittedAlertRules runs promtool on it.
func TestAlertScenarios(t *testing.T) {
	got := scenarioTests(t)
	const path = "../config/prometheus/alerts_test.yml"
	if testutil.Update() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what the scenarios give; run go test ./mixin -run Scenarios -update", path)
	}
}
