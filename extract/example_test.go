package extract_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
)

// ExampleRuleSet_Extract reads a few lines of a work report with the built-in rules: the
// figures of the review are the past year's actual figures, those of the targets the current
// year's plan, and the sidecar gives the region and the publication date.
func ExampleRuleSet_Extract() {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		panic(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		panic(err)
	}
	report := "一、2022年工作回顾\n" +
		"初步核算,实现地区生产总值4759亿元,增长3%。\n" +
		"二、2023年主要预期目标\n" +
		"地区生产总值增长5.5-6%,城镇登记失业率控制在3%以内。\n"
	sidecar := "region: 罗湖区\npublished: 2023-01-12\n"
	res, err := rs.Extract("report.txt", []byte(report), []byte(sidecar))
	if err != nil {
		panic(err)
	}
	for _, s := range res.Samples {
		fmt.Printf("%s{region=%q,kind=%q,period=%q,bound=%q} %g %s (line %d)\n",
			s.Name, s.Labels.Region, s.Labels.Kind, s.Labels.Period, s.Labels.Bound,
			s.Value, s.Time.Format(time.RFC3339), s.Source.Line)
	}
	// Output:
	// econ_gdp_yuan{region="罗湖区",kind="actual",period="1-12",bound=""} 4.759e+11 2022-12-31T00:00:00+08:00 (line 2)
	// econ_gdp_growth_ratio{region="罗湖区",kind="actual",period="1-12",bound=""} 0.03 2022-12-31T00:00:00+08:00 (line 2)
	// econ_gdp_growth_ratio{region="罗湖区",kind="target",period="1-12",bound="min"} 0.055 2023-01-01T00:00:00+08:00 (line 4)
	// econ_gdp_growth_ratio{region="罗湖区",kind="target",period="1-12",bound="max"} 0.06 2023-01-01T00:00:00+08:00 (line 4)
	// econ_registered_unemployment_ratio{region="罗湖区",kind="target",period="1-12",bound="max"} 0.03 2023-01-01T00:00:00+08:00 (line 4)
}

// TestDefaultRulesExamples: every example of the built-in rules passes, as `check` demands.
func TestDefaultRulesExamples(t *testing.T) {
	rs := builtinRules(t)
	if rs.ExampleCount() < len(rs.Config().Indicators) {
		t.Errorf("%d examples for %d indicators: want every indicator proven", rs.ExampleCount(), len(rs.Config().Indicators))
	}
	for _, err := range rs.CheckExamples() {
		t.Error(err)
	}
}

// TestNewRuleSetBadWant: a want line that cannot be read fails the load, naming the example's
// position, so that reload keeps the last good rules.
func TestNewRuleSetBadWant(t *testing.T) {
	const file = "../config/testdata/bad/example-bad-want.yaml"
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	want := file + ":11:9: indicator \"gdp\": example: want \"econ_gdp_yuan = 4759e8\" is not `metric{label=\"value\",...} value [YYYY-MM-DD]`"
	if err == nil || err.Error() != want {
		t.Fatalf("NewRuleSet: %v\nwant %s", err, want)
	}
	if rs != nil {
		t.Error("NewRuleSet returned a rule set with its error")
	}
	f := func(line, wantMsg string) {
		t.Helper()
		cfg, err := config.Parse("r.yaml", []byte(wantRules(line)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = extract.NewRuleSet(cfg)
		if err == nil || err.Error() != "r.yaml:10:9: indicator \"gdp\": example: "+wantMsg {
			t.Errorf("want line %q: err = %v, want r.yaml:10:9: ...%s", line, err, wantMsg)
		}
	}
	f(`econ_gdp_growth_ratio 0.03`, `want "econ_gdp_growth_ratio 0.03": metric econ_gdp_growth_ratio is not one of this indicator's`)
	f(`econ_gdp_yuan{kind=actual} 1`, `want "econ_gdp_yuan{kind=actual} 1": bad label "kind=actual"`)
	f(`econ_gdp_yuan many`, `want "econ_gdp_yuan many": bad value "many"`)
}

// wantRules is a small rules file whose one example (at line 10, column 9) wants line.
func wantRules(line string) string {
	return `vocabulary:
  units:
    元: {unit: yuan, scale: 1}
  magnitudes: {亿: 1e8}
indicators:
  - id: gdp
    aliases: [地区生产总值]
    level: {metric: econ_gdp_yuan, unit: yuan}
    examples:
      - text: 地区生产总值4759亿元。
        published: 2023-01-12
        heading: 一、2022年工作回顾
        want: ['` + line + `']
`
}

// TestCheckExamplesPosition: a failing example is reported at its position in the rules
// file with what is missing and what came instead.
func TestCheckExamplesPosition(t *testing.T) {
	rules := wantRules(`econ_gdp_yuan{kind="actual"} 4759e8 2022-12-31`) + `      - text: 地区生产总值4759亿元。
        published: 2023-01-12
        heading: 一、2022年工作回顾
        want: ['econ_gdp_yuan{kind="actual"} 4760e8 2022-12-31']
`
	cfg, err := config.Parse("r.yaml", []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	errs := rs.CheckExamples()
	if len(errs) != 1 {
		t.Fatalf("CheckExamples = %v, want one failure, the second example", errs)
	}
	var pe *config.PosError
	if !errors.As(errs[0], &pe) || pe.File != "r.yaml" || pe.Pos != (config.Pos{Line: 14, Column: 9}) {
		t.Errorf("failure %v: want a PosError at r.yaml:14:9", errs[0])
	}
	msg := errs[0].Error()
	for _, part := range []string{
		"r.yaml:14:9: ",
		`missing econ_gdp_yuan{kind="actual"} 4760e8 2022-12-31`,
		`unexpected econ_gdp_yuan{region="示例区",kind="actual",period="1-12"} 4.759e+11 2022-12-31`,
	} {
		if !strings.Contains(msg, part) {
			t.Errorf("failure %q lacks %q", msg, part)
		}
	}
}
