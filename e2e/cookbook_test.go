package e2e

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"

	"github.com/report-exporter/report_exporter/internal/e2etest"
)

// cookbookReports writes 福田区's 2023: the target (6%左右), the first half (4%) and, in the
// January 2024 work report, the full year (3.1%).
func cookbookReports(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeReport(t, dir, "plan-2023.txt", "深圳市福田区2023年政府工作报告\n\n二、2023年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长6%左右。\n",
		"福田区", "2023-01-20")
	writeReport(t, dir, "half-2023.txt", "深圳市福田区2023年上半年国民经济和社会发展计划执行情况报告\n\n一、2023年上半年经济社会发展计划执行情况\n地区生产总值(GDP)增长4%;\n",
		"福田区", "2023-07-30")
	writeReport(t, dir, "plan-2024.txt", "深圳市福田区2024年政府工作报告\n\n一、2023年工作回顾\n地区生产总值增长3.1%。\n\n二、2024年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长5.5%左右。\n",
		"福田区", "2024-01-20")
	return dir
}

// cookbookWant is what each query of docs/promql.md returns, as "labels value" lines sorted
// (labels: the ones named here only), values rounded to 4 digits; a range query lists
// every point as "labels value@date".
var cookbookWant = map[string][]string{
	`last_over_time(econ_fixed_asset_investment_yuan{job="", kind="actual", period="1-12"}[1d]) / 1e8`: {
		`region=罗湖区 332@2019-12-31`, `region=罗湖区 384@2020-12-31`, `region=龙岗区 1450@2022-12-31`},
	`last_over_time(econ_target_actual{job="", metric="econ_fixed_asset_investment_yuan", region="罗湖区", year="2020"}[10y]) / 1e8`: {
		`region=罗湖区,metric=econ_fixed_asset_investment_yuan,bound=approx 384`},
	`last_over_time(econ_target_value{job="", metric="econ_fixed_asset_investment_yuan", region="罗湖区", year="2020"}[10y]) / 1e8`: {
		`region=罗湖区,metric=econ_fixed_asset_investment_yuan,bound=approx 261`},
	`last_over_time(econ_target_gap{job="", metric="econ_fixed_asset_investment_yuan", region="罗湖区", year="2020"}[10y]) / 1e8`: {
		`region=罗湖区,metric=econ_fixed_asset_investment_yuan,bound=approx 123`},
	`last_over_time(econ_target_shortfall{job="", year="2023", period="1-12"}[10y]) == 1`: {
		`region=福田区,metric=econ_gdp_growth_ratio,bound=approx 1`},
	"(last_over_time(econ_target_shortfall{job=\"\", year=\"2023\", period=\"1-12\"}[10y]) == 1)\n  * on (metric) group_left (title) last_over_time(econ_indicator_info{job=\"\"}[10y])": {
		`region=福田区,metric=econ_gdp_growth_ratio,bound=approx,title=地区生产总值增速 1`},
	"last_over_time(econ_fixed_asset_investment_yuan{job=\"\", kind=\"actual\", period=\"1-12\"}[1d])\n  / last_over_time(econ_fixed_asset_investment_yuan{job=\"\", kind=\"actual\", period=\"1-12\"}[2d] offset 365d) - 1": {
		`region=罗湖区 0.1566@2020-12-31`},
	"last_over_time(econ_target_actual{job=\"\", region=\"福田区\", metric=\"econ_gdp_growth_ratio\", year=\"2023\", period=\"1-12\"}[10y])\n  - ignoring (period) last_over_time(econ_target_actual{job=\"\", region=\"福田区\", metric=\"econ_gdp_growth_ratio\", year=\"2023\", period=\"1-6\"}[10y])": {
		`region=福田区,metric=econ_gdp_growth_ratio,bound=approx -0.009`},
	"count by (province) (\n  label_replace(last_over_time(econ_gdp_yuan{job=\"\", kind=\"actual\", period=\"1-12\"}[10y]), \"province\", \"$1\", \"region_code\", \"(..).*\")\n)": {
		`province=44 2`},
}

// cookbookLabels are the labels the expectations name, in this order.
var cookbookLabels = []string{"region", "metric", "bound", "title", "province"}

var promqlBlockRe = regexp.MustCompile("(?s)```promql\n(.*?)\n```")

// cookbookQueries returns the PromQL blocks of docs/promql.md.
func cookbookQueries(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../docs/promql.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range promqlBlockRe.FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	if len(out) < 8 {
		t.Fatalf("%d PromQL blocks in docs/promql.md", len(out))
	}
	return out
}

func describe(m model.Metric) string {
	var parts []string
	for _, l := range cookbookLabels {
		if v, ok := m[model.LabelName(l)]; ok {
			parts = append(parts, l+"="+string(v))
		}
	}
	return strings.Join(parts, ",")
}

func round4(v model.SampleValue) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", float64(v)), "0"), ".")
}

// runCookbook runs every query of docs/promql.md on c and compares with cookbookWant: a query
// with a range selector of a day is a range query from 2019 to 2025 at a day's step (aligned as Grafana aligns it), any other an
// instant query now.
func runCookbook(t *testing.T, c *e2etest.Client) {
	t.Helper()
	for _, q := range cookbookQueries(t) {
		want, ok := cookbookWant[q]
		if !ok {
			t.Errorf("docs/promql.md: no expectation for\n%s", q)
			continue
		}
		var got []string
		if strings.Contains(q, "[1d]") {
			// Aligned on the step from the Unix epoch, as Grafana aligns them: a figure at
			// 00:00 China time (16:00 UTC) falls inside one window only.
			start, end := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			for _, s := range c.QueryRange(t, q, start, end, 24*time.Hour) {
				for _, p := range s.Values {
					got = append(got, describe(s.Metric)+" "+round4(p.Value)+"@"+p.Timestamp.Time().In(china).Format(time.DateOnly))
				}
			}
		} else {
			for _, s := range c.Query(t, q, time.Now()) {
				got = append(got, describe(s.Metric)+" "+round4(s.Value))
			}
		}
		slices.Sort(got)
		w := slices.Clone(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s\ngot  %q\nwant %q", q, got, w)
		}
	}
}

// TestCookbookPrometheus runs docs/promql.md on a stock Prometheus holding the history of the
// seeds and of 福田区's 2023, backfilled by promtool.
func TestCookbookPrometheus(t *testing.T) {
	storage := backfillBlocks(t, "../seeds", cookbookReports(t))
	p := e2etest.StartPrometheus(t, e2etest.Options{StorageDir: storage, Flags: stockFlags})
	runCookbook(t, &p.Client)
}

// TestCookbookVictoriaMetrics runs docs/promql.md on VictoriaMetrics with default query flags,
// the same history written by remote write.
func TestCookbookVictoriaMetrics(t *testing.T) {
	vm := e2etest.StartVictoriaMetrics(t)
	exporterOutput(t, "backfill", "--remote-write.url", vm.RemoteWriteURL(), "../seeds", cookbookReports(t))
	vm.Flush(t)
	runCookbook(t, &vm.Client)
}
