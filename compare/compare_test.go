package compare

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

var testInds = []*config.Indicator{
	{ID: "gdp", Title: "地区生产总值",
		Level:  &config.Series{Metric: "econ_gdp_yuan", Unit: "yuan"},
		Growth: &config.Series{Metric: "econ_gdp_growth_ratio"}},
	{ID: "unemployment", Title: "城镇登记失业率", Better: "lower",
		Level: &config.Series{Metric: "econ_registered_unemployment_ratio", Unit: "ratio"}},
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, series.China)
	if err != nil {
		panic(err)
	}
	return t
}

func actual(name, region, period, date string, v float64) series.Sample {
	return series.Sample{Name: name, Labels: series.Labels{Region: region, RegionCode: "440303", Kind: series.KindActual, Period: period}, Value: v, Time: day(date)}
}

func target(name, region, bound string, year string, v float64) series.Sample {
	return series.Sample{Name: name, Labels: series.Labels{Region: region, RegionCode: "440303", Kind: series.KindTarget, Period: FullYear, Bound: bound}, Value: v, Time: day(year + "-01-01")}
}

// find returns the comparison of the metric, region, year, period and bound, failing if there
// is none.
func find(t *testing.T, cs []Comparison, metric, region string, year int, period, bound string) Comparison {
	t.Helper()
	for _, c := range cs {
		if c.Metric == metric && c.Region == region && c.Year == year && c.Period == period && c.Bound == bound {
			return c
		}
	}
	t.Fatalf("no comparison %s %s %d %s %s in %+v", metric, region, year, period, bound, cs)
	return Comparison{}
}

const g = "econ_gdp_growth_ratio"

// TestScenarios covers how a figure meets a target: ranges, better, approx tolerance.
func TestScenarios(t *testing.T) {
	for _, tc := range []struct {
		name    string
		metric  string
		targets map[string]float64
		actual  float64
		short   map[string]bool
		gap     map[string]float64
	}{
		{"range met", g, map[string]float64{"min": 0.055, "max": 0.06}, 0.058,
			map[string]bool{"min": false, "max": false}, map[string]float64{"min": 0.003, "max": 0.002}},
		{"range missed low", g, map[string]float64{"min": 0.055, "max": 0.06}, 0.05,
			map[string]bool{"min": true, "max": false}, map[string]float64{"min": -0.005, "max": 0.01}},
		{"higher is better above max", g, map[string]float64{"min": 0.055, "max": 0.06}, 0.065,
			map[string]bool{"min": false, "max": false}, map[string]float64{"min": 0.01, "max": -0.005}},
		{"lower is better below min", "econ_registered_unemployment_ratio", map[string]float64{"min": 0.03, "max": 0.035}, 0.028,
			map[string]bool{"min": false, "max": false}, map[string]float64{"min": -0.002, "max": 0.007}},
		{"lower is better above max", "econ_registered_unemployment_ratio", map[string]float64{"max": 0.035}, 0.036,
			map[string]bool{"max": true}, map[string]float64{"max": -0.001}},
		{"approx within tolerance", g, map[string]float64{"approx": 0.06}, 0.059,
			map[string]bool{"approx": false}, map[string]float64{"approx": -0.001}},
		{"approx at the tolerance", g, map[string]float64{"approx": 0.06}, 0.055,
			map[string]bool{"approx": false}, map[string]float64{"approx": -0.005}},
		{"approx missed", g, map[string]float64{"approx": 0.06}, 0.031,
			map[string]bool{"approx": true}, map[string]float64{"approx": -0.029}},
		{"approx lower is better above", "econ_registered_unemployment_ratio", map[string]float64{"approx": 0.03}, 0.036,
			map[string]bool{"approx": true}, map[string]float64{"approx": -0.006}},
		{"approx lower is better below", "econ_registered_unemployment_ratio", map[string]float64{"approx": 0.03}, 0.02,
			map[string]bool{"approx": false}, map[string]float64{"approx": 0.01}},
		{"amount approx within one percent", "econ_gdp_yuan", map[string]float64{"approx": 1000e8}, 991e8,
			map[string]bool{"approx": false}, map[string]float64{"approx": -9e8}},
		{"amount approx missed", "econ_gdp_yuan", map[string]float64{"approx": 1000e8}, 980e8,
			map[string]bool{"approx": true}, map[string]float64{"approx": -20e8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			samples := []series.Sample{actual(tc.metric, "罗湖区", FullYear, "2022-12-31", tc.actual)}
			for b, v := range tc.targets {
				samples = append(samples, target(tc.metric, "罗湖区", b, "2022", v))
			}
			cs := Compare(testInds, samples)
			if len(cs) != len(tc.targets) {
				t.Fatalf("%d comparisons, want %d: %+v", len(cs), len(tc.targets), cs)
			}
			for b := range tc.targets {
				c := find(t, cs, tc.metric, "罗湖区", 2022, FullYear, b)
				if c.Short != tc.short[b] {
					t.Errorf("%s: short %v, want %v", b, c.Short, tc.short[b])
				}
				if math.Abs(c.Gap-tc.gap[b]) > 1e-9*math.Max(1, math.Abs(tc.gap[b])) {
					t.Errorf("%s: gap %g, want %g", b, c.Gap, tc.gap[b])
				}
				if c.Actual != tc.actual || c.Target != tc.targets[b] {
					t.Errorf("%s: actual %g target %g", b, c.Actual, c.Target)
				}
			}
		})
	}
}

// TestYearsAndPeriods: a figure meets only its own year's target; a half-year rate is progress;
// a half-year amount is not compared; a target of part of the year is not compared; a year
// without a target gives nothing; two places of one name stay apart.
func TestYearsAndPeriods(t *testing.T) {
	other := actual(g, "朝阳区", FullYear, "2022-12-31", 0.03)
	other.Labels.RegionCode = "220104"
	h2 := target("econ_registered_unemployment_ratio", "罗湖区", "max", "2022", 0.03)
	h2.Labels.Period = "7-12"
	samples := []series.Sample{
		target(g, "罗湖区", "min", "2021", 0.06),
		actual(g, "罗湖区", FullYear, "2020-12-31", 0.05), // no 2020 target
		actual(g, "罗湖区", FullYear, "2021-12-31", 0.05), // 2021: missed
		target(g, "罗湖区", "min", "2022", 0.04),
		actual(g, "罗湖区", "1-6", "2022-06-30", 0.035), // 2022 H1: behind pace
		actual(g, "罗湖区", "4-6", "2022-06-30", 0.02),  // a quarter alone: never compared
		target("econ_gdp_yuan", "罗湖区", "approx", "2022", 1000e8),
		actual("econ_gdp_yuan", "罗湖区", "1-6", "2022-06-30", 450e8), // amount, half year: not compared
		target(g, "朝阳区", "min", "2022", 0.05),
		other, // 朝阳区 of 长春 has no target of its own
		h2, actual("econ_registered_unemployment_ratio", "罗湖区", "7-12", "2022-12-31", 0.04),
		target(g, "罗湖区", "min", "2023", 0.05), // no actual yet
	}
	cs := Compare(testInds, samples)
	if len(cs) != 2 {
		t.Fatalf("%d comparisons, want 2: %+v", len(cs), cs)
	}
	c := find(t, cs, g, "罗湖区", 2021, FullYear, "min")
	if !c.Short || c.Progress() || !c.Time.Equal(day("2021-12-31")) {
		t.Errorf("2021: %+v, want a shortfall of the full year stamped 2021-12-31", c)
	}
	c = find(t, cs, g, "罗湖区", 2022, "1-6", "min")
	if !c.Short || !c.Progress() {
		t.Errorf("2022 H1: %+v, want behind pace", c)
	}
	latest := Latest(cs)
	if len(latest) != 1 || latest[0].Labels.Period != "1-6" || latest[0].Labels.ExtraValue(LabelYear) != "2022" || latest[0].Labels.Bound != "" {
		t.Errorf("latest %+v, want 2022 1-6 without bound", latest)
	}
}

// TestSamplesLabels checks the series a comparison gives: four families of one label set,
// year and indicator as labels, in label-name order.
func TestSamplesLabels(t *testing.T) {
	cs := Compare(testInds, []series.Sample{
		target(g, "罗湖区", "min", "2022", 0.06),
		actual(g, "罗湖区", FullYear, "2022-12-31", 0.05),
	})
	ss := Samples(cs)
	var got []string
	for _, s := range ss {
		got = append(got, string(series.AppendSeries(nil, s.Name, &s.Labels))+string(series.AppendFloat(nil, s.Value)))
	}
	want := []string{
		`econ_target_actual{bound="min",indicator="gdp",metric="econ_gdp_growth_ratio",period="1-12",region="罗湖区",region_code="440303",year="2022"} 0.05`,
		`econ_target_value{bound="min",indicator="gdp",metric="econ_gdp_growth_ratio",period="1-12",region="罗湖区",region_code="440303",year="2022"} 0.06`,
		`econ_target_gap{bound="min",indicator="gdp",metric="econ_gdp_growth_ratio",period="1-12",region="罗湖区",region_code="440303",year="2022"} -0.009999999999999995`,
		`econ_target_shortfall{bound="min",indicator="gdp",metric="econ_gdp_growth_ratio",period="1-12",region="罗湖区",region_code="440303",year="2022"} 1`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	info := Info(testInds, time.Time{})
	if len(info) != 3 {
		t.Fatalf("%d info series, want 3", len(info))
	}
	if s := string(series.AppendSeries(nil, info[0].Name, &info[0].Labels)); s != `econ_indicator_info{better="higher",indicator="gdp",metric="econ_gdp_yuan",title="地区生产总值总量",unit="yuan"} ` {
		t.Errorf("info %s", s)
	}
	if s := info[2].Labels.ExtraValue(LabelTitle); s != "城镇登记失业率" {
		t.Errorf("title of a rate %q", s)
	}
}

// TestHistory: the comparisons and the info on every January 1st the samples span.
func TestHistory(t *testing.T) {
	h := History(testInds, []series.Sample{
		target(g, "罗湖区", "min", "2021", 0.06),
		actual(g, "罗湖区", FullYear, "2022-12-31", 0.05),
	})
	n := map[string]int{}
	for _, s := range h {
		n[s.Name]++
	}
	if n[InfoName] != 2*3 || n[ActualName] != 0 {
		t.Errorf("history %v, want info of 2021 and 2022 and no comparison", n)
	}
}
