package exporter

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tu "github.com/report-exporter/report_exporter/internal/testutil"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// landingView is a hand-made view: two regions, figures of 2021 to 2024 with a year missing,
// full-year and cumulative rates, targets of every bound (a range, a lone min, an approx),
// figures that meet and miss them, an amount per person, an indicator without figures, and a
// document that failed.
func landingView(t *testing.T) *store.View {
	t.Helper()
	cfg := &config.Config{Indicators: []*config.Indicator{
		{ID: "gdp", Title: "地区生产总值", Help: "Gross regional product.",
			Level:  &config.Series{Metric: "econ_gdp_yuan", Unit: "yuan"},
			Growth: &config.Series{Metric: "econ_gdp_growth_ratio", Unit: "ratio"}},
		{ID: "disposable_income", Title: "居民人均可支配收入",
			Level: &config.Series{Metric: "econ_disposable_income_per_capita_yuan", Unit: "yuan"}},
		{ID: "unemployment", Title: "城镇登记失业率", Better: "lower",
			Level: &config.Series{Metric: "econ_registered_unemployment_ratio", Unit: "ratio"}},
	}}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, series.China) }
	s := func(name, region, kind, period, bound string, v float64, t time.Time) series.Sample {
		return series.Sample{Name: name, Labels: series.Labels{Region: region, Kind: kind, Period: period, Bound: bound}, Value: v, Time: t}
	}
	samples := []series.Sample{
		s("econ_gdp_yuan", "罗湖区", "actual", "1-12", "", 2_500e8, day(2021, 12, 31)),
		s("econ_gdp_yuan", "罗湖区", "actual", "1-12", "", 2_600e8, day(2022, 12, 31)),
		s("econ_gdp_yuan", "罗湖区", "actual", "1-6", "", 1_400e8, day(2023, 6, 30)),   // amounts: half years are not drawn
		s("econ_gdp_yuan", "罗湖区", "actual", "1-12", "", 2_800e8, day(2024, 12, 31)), // 2023 missing
		s("econ_gdp_yuan", "罗湖区", "target", "1-12", "approx", 2_650e8, day(2022, 1, 1)),
		s("econ_gdp_yuan", "福田区", "actual", "1-12", "", 5_000e8, day(2021, 12, 31)),
		s("econ_gdp_yuan", "福田区", "actual", "1-12", "", 5_400e8, day(2022, 12, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-12", "", 0.09, day(2021, 12, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-6", "", 0.04, day(2022, 6, 30)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-12", "", 0.02, day(2022, 12, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "target", "1-12", "min", 0.05, day(2022, 1, 1)),
		s("econ_gdp_growth_ratio", "罗湖区", "target", "1-12", "max", 0.06, day(2022, 1, 1)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-3", "", 0.03, day(2023, 3, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-6", "", 0.055, day(2023, 6, 30)),
		s("econ_gdp_growth_ratio", "罗湖区", "target", "1-12", "min", 0.05, day(2023, 1, 1)),
		s("econ_gdp_growth_ratio", "罗湖区", "target", "7-12", "approx", 0.07, day(2023, 7, 1)), // not a year's target
		s("econ_gdp_growth_ratio", "福田区", "actual", "1-12", "", -0.01, day(2022, 12, 31)),
		s("econ_gdp_growth_ratio", "福田区", "target", "1-12", "approx", 0.03, day(2022, 1, 1)),
		s("econ_disposable_income_per_capita_yuan", "罗湖区", "actual", "1-12", "", 72_000, day(2022, 12, 31)),
		s("econ_disposable_income_per_capita_yuan", "罗湖区", "actual", "1-12", "", 75_300, day(2023, 12, 31)),
	}
	store.SortSamples(samples)
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &store.View{
		Rules: rs,
		Documents: []*extract.Result{
			{File: "seeds/a.txt", Region: "罗湖区", Published: day(2023, 7, 3), Samples: samples[:4],
				Unmatched: []extract.Unmatched{{File: "seeds/a.txt", Line: 3, Indicator: "gdp", Text: "GDP约"}}},
			{File: "seeds/b.txt", Region: "福田区", Samples: samples[4:]},
		},
		Failures: []store.Failure{{File: "seeds/c.txt", Err: errors.New("decode: invalid UTF-8")}},
		Samples:  samples,
	}
}

func getLanding(t *testing.T, v *store.View, path string) (int, string) {
	t.Helper()
	h := NewLandingPage(LandingConfig{
		Name: "Report Exporter", Description: "Figures of government work reports as Prometheus series",
		Version: "(version=test)", Links: []LandingLink{{Address: "/metrics", Text: "Metrics"}},
	}, func() *store.View { return v })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestLandingPageGolden(t *testing.T) {
	code, got := getLanding(t, landingView(t), "/")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	golden := filepath.Join("testdata", "landing", "page.html")
	if tu.Update() {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("the page differs from %s (go test ./exporter -run Landing -update, then review the diff)", golden)
	}
}

func TestLandingPageContent(t *testing.T) {
	_, page := getLanding(t, landingView(t), "/")
	for _, want := range []string{
		"<title>Report Exporter</title>",
		`<a href="/metrics">Metrics</a>`,
		"<td>seeds/a.txt</td><td>罗湖区</td><td>2023-07-03</td>",
		"not extracted: decode: invalid UTF-8",
		"<h3>地区生产总值</h3>", "<h3>城镇登记失业率</h3>",
		"<code>econ_gdp_yuan</code> (亿元)", "<code>econ_gdp_growth_ratio</code> (%)",
		"<code>econ_disposable_income_per_capita_yuan</code> (元)",
		"<title>罗湖区 2022 全年 (1-12): 2600 亿元 · short of the year&#39;s target</title>",
		"<title>罗湖区 2023 上半年 (1-6): 5.5 % · on pace for the year&#39;s target</title>",
		"<title>罗湖区 2023 一季度 (1-3): 3 % · behind the year&#39;s target</title>",
		"<title>福田区 2022 全年 (1-12): -1 % · short of the year&#39;s target</title>",
		"<title>福田区 2021 全年 (1-12): 5000 亿元</title>", // no target that year
		"<title>罗湖区 2022 target: 5–6 %</title>",
		"<title>罗湖区 2023 target: ≥ 5 %</title>",
		"<title>福田区 2022 target: ≈ 3 %</title>",
		"<title>罗湖区 2022 全年 (1-12): 72000 元</title>",
		"target range", "target at least", "target about", "short of the year's target</span>",
		">全年</span>", ">上半年</span>", ">一季度</span>",
		">2021</text>", ">2024</text>",
		"no figures yet", // unemployment has no samples
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"<script", "1400 亿元", "7 %", "(7-12)"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("page has %q", unwanted)
		}
	}
	if n := strings.Count(page, `<svg class="chart"`); n != 4 {
		t.Errorf("%d charts, want 4: one per series of the rules", n)
	}
}

// TestLandingPageEscapes: what the reports and the rules say reaches the page as text, in
// elements and attributes alike, never as markup.
func TestLandingPageEscapes(t *testing.T) {
	v := landingView(t)
	evil := `<script>alert("x")</script>`
	for i := range v.Samples {
		switch v.Samples[i].Labels.Region {
		case "福田区":
			v.Samples[i].Labels.Region = evil
		case "罗湖区":
			v.Samples[i].Labels.Region = "a'b+c&d\x00"
		}
	}
	v.Rules.Config().Indicators[0].Title = `<b onmouseover="x">GDP</b>`
	v.Rules.Config().Indicators[1].Level.Metric = `econ_<x>"`
	v.Rules.Config().Indicators[0].Help = `a & b <i>`
	v.Documents[0].File = `<img src=x onerror=alert(1)>.txt`
	v.Failures[0].Err = errors.New(`<iframe src="javascript:alert(1)">`)
	_, page := getLanding(t, v, "/")
	for _, unwanted := range []string{"<script>", "<b ", "<i>", "<img", "<iframe", `"x")`, "<x>", "\x00"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("page has %q unescaped", unwanted)
		}
	}
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, // legend, titles, data-region
		`data-region="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"`,
		`<h3>&lt;b onmouseover=&#34;x&#34;&gt;GDP&lt;/b&gt;</h3>`,
		`a &amp; b &lt;i&gt;`,
		`<td>&lt;img src=x onerror=alert(1)&gt;.txt</td>`,
		`&lt;iframe src=&#34;javascript:alert(1)&#34;&gt;`,
		"data-region=\"a&#39;b&#43;c&amp;d\uFFFD\"", // as html/template writes them
		"<title>a&#39;b&#43;c&amp;d\uFFFD 2022 target: 5–6 %</title>",
		`<code>econ_&lt;x&gt;&#34;</code>`,
		`aria-label="总量 level econ_&lt;x&gt;&#34;"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The charts stay well-formed SVG.
	for _, c := range parseCharts(t, page) {
		if len(c.points()) == 0 && c.metric != "econ_registered_unemployment_ratio" && c.metric != `econ_<x>"` {
			t.Errorf("%s: no points", c.metric)
		}
	}
}

func TestLandingPageEmptyAndNotFound(t *testing.T) {
	code, page := getLanding(t, nil, "/")
	if code != http.StatusOK || !strings.Contains(page, "0 documents, 0 samples") {
		t.Errorf("empty view: status %d, page %q", code, page)
	}
	if code, _ := getLanding(t, landingView(t), "/nothing"); code != http.StatusNotFound {
		t.Errorf("/nothing: status %d, want 404", code)
	}
}

// TestLandingTargetBesideActual: a year's target stands at the x of the region's figures of
// that same year (every period of it), not a year off, so that a reader sees at a glance
// whether the year met its target.
func TestLandingTargetBesideActual(t *testing.T) {
	_, page := getLanding(t, landingView(t), "/")
	charts := parseCharts(t, page)
	want := map[string]int{"econ_gdp_yuan": 1, "econ_gdp_growth_ratio": 3} // targets drawn
	for _, c := range charts {
		if len(c.targets) != want[c.metric] {
			t.Errorf("%s: %d targets drawn, want %d", c.metric, len(c.targets), want[c.metric])
		}
		for _, tg := range c.targets {
			beside := 0
			for _, p := range c.points() {
				if p.region != tg.region {
					continue
				}
				if p.year == tg.year {
					beside++
					if math.Abs(p.x-tg.x) > 0.05 {
						t.Errorf("%s: %s's %d target at x=%v, its %d %s figure at x=%v", c.metric, tg.region, tg.year, tg.x, p.year, p.period, p.x)
					}
				} else if math.Abs(p.x-tg.x) < 1 {
					t.Errorf("%s: %s's %d target stands at its %d figure (x=%v)", c.metric, tg.region, tg.year, p.year, p.x)
				}
			}
			if tg.year != 2023 && beside == 0 { // 2023's GDP target has no full year yet, only parts
				t.Errorf("%s: %s's %d target has no figure beside it", c.metric, tg.region, tg.year)
			}
		}
	}
	// The growth chart: 罗湖区's 2022 range covers 5 to 6 %, its 2023 min is a bracket at 5 %.
	g := chartOf(t, charts, "econ_gdp_growth_ratio")
	shapes := map[string]string{}
	for _, tg := range g.targets {
		shapes[tg.region+" "+strconv.Itoa(tg.year)] = tg.shape
	}
	if shapes["罗湖区 2022"] != "range" || shapes["罗湖区 2023"] != "min" || shapes["福田区 2022"] != "approx" {
		t.Errorf("target shapes %v", shapes)
	}
}

// TestLandingPeriodsApart: each period (全年, 上半年, 一季度) is a line of its own; a half year
// is never joined to a full year.
func TestLandingPeriodsApart(t *testing.T) {
	_, page := getLanding(t, landingView(t), "/")
	g := chartOf(t, parseCharts(t, page), "econ_gdp_growth_ratio")
	periods := map[string]int{} // lines of 罗湖区 by period
	for _, l := range g.lines {
		seen := map[string]bool{}
		for _, p := range l.points {
			seen[p.period] = true
		}
		if len(seen) != 1 {
			t.Errorf("a line of %s joins the periods %v", l.region, seen)
		}
		if l.region == "罗湖区" {
			for p := range seen {
				periods[p]++
			}
		}
	}
	if len(periods) != 3 || periods["1-12"] != 1 || periods["1-6"] != 1 || periods["1-3"] != 1 {
		t.Errorf("罗湖区's growth lines by period: %v, want one each of 1-12, 1-6 and 1-3", periods)
	}
}

// TestLandingMissingYearNotBridged: a line goes from one year to the next only; across a
// missing year it breaks.
func TestLandingMissingYearNotBridged(t *testing.T) {
	_, page := getLanding(t, landingView(t), "/")
	for _, c := range parseCharts(t, page) {
		for _, l := range c.lines {
			if len(l.joined) != len(l.points) {
				t.Fatalf("%s %s: path %q has %d points, %d circles", c.metric, l.region, l.path, len(l.joined), len(l.points))
			}
			for i := 1; i < len(l.points); i++ {
				gap := l.points[i].year - l.points[i-1].year
				if l.joined[i] && gap != 1 {
					t.Errorf("%s %s: the line joins %d to %d", c.metric, l.region, l.points[i-1].year, l.points[i].year)
				}
				if !l.joined[i] && gap == 1 {
					t.Errorf("%s %s: the line breaks between %d and %d", c.metric, l.region, l.points[i-1].year, l.points[i].year)
				}
			}
		}
	}
	gdp := chartOf(t, parseCharts(t, page), "econ_gdp_yuan")
	for _, l := range gdp.lines {
		if l.region == "罗湖区" && strings.Count(l.path, "M") != 2 {
			t.Errorf("罗湖区's GDP: path %q, want two pieces (2021-2022, 2024)", l.path)
		}
	}
}

// TestLandingAxesExact: the value ticks are round (1, 2 or 5 times a power of ten apart, each
// a multiple of the step), equally spaced, and place every figure and target where its value
// says; the year ticks are whole years at the middle of their year's column, where the
// figures of that year stand.
func TestLandingAxesExact(t *testing.T) {
	_, page := getLanding(t, landingView(t), "/")
	for _, c := range parseCharts(t, page) {
		if c.metric == "econ_registered_unemployment_ratio" {
			continue // no figures
		}
		if len(c.yTicks) < 3 {
			t.Errorf("%s: %d value ticks", c.metric, len(c.yTicks))
			continue
		}
		step := c.yTicks[1].value - c.yTicks[0].value
		if !roundStep(step) {
			t.Errorf("%s: value ticks %v are %v apart, not 1, 2 or 5 times a power of ten", c.metric, c.yTickLabels(), step)
		}
		for i, tk := range c.yTicks {
			if d := tk.value - c.yTicks[0].value; math.Abs(d-float64(i)*step) > 1e-9*math.Abs(step) {
				t.Errorf("%s: value ticks %v not equally spaced", c.metric, c.yTickLabels())
			}
			if k := tk.value / step; math.Abs(k-math.Round(k)) > 1e-9 {
				t.Errorf("%s: tick %s is no multiple of the step %v", c.metric, tk.label, step)
			}
		}
		// y is linear in the labelled value: every point's value lies where its title says.
		first, last := c.yTicks[0], c.yTicks[len(c.yTicks)-1]
		yOf := func(v float64) float64 { return first.y + (v-first.value)*(last.y-first.y)/(last.value-first.value) }
		for _, p := range c.points() {
			if math.Abs(p.y-yOf(p.value)) > 0.2 {
				t.Errorf("%s: %s %d at y=%v, its value %v sits at y=%.1f by the ticks", c.metric, p.region, p.year, p.y, p.value, yOf(p.value))
			}
		}
		// Whole years, each at the middle of its column: the figures of the year lie within
		// half a column of it, the figures of other years beyond.
		slot := c.xTicks[1].x - c.xTicks[0].x
		for i, tk := range c.xTicks {
			if float64(int(tk.value)) != tk.value || (i > 0 && tk.value != c.xTicks[i-1].value+1) {
				t.Errorf("%s: year ticks %v are not whole consecutive years", c.metric, c.xTicks)
			}
		}
		for _, p := range c.points() {
			for _, tk := range c.xTicks {
				inside := math.Abs(p.x-tk.x) < slot/2
				if inside != (float64(p.year) == tk.value) {
					t.Errorf("%s: %s's %d figure at x=%v, the tick of %s at x=%v (columns %v wide)", c.metric, p.region, p.year, p.x, tk.label, tk.x, slot)
				}
			}
		}
	}
}

func roundStep(step float64) bool {
	if step <= 0 {
		return false
	}
	m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
	for _, r := range []float64{1, 2, 5} {
		if math.Abs(m-r) < 1e-9 {
			return true
		}
	}
	return false
}

// TestNiceTicks: over ranges of every size, the ticks cover the range with 3 to 9 round ticks,
// each a multiple of a step of 1, 2 or 5 times a power of ten, labelled exactly.
func TestNiceTicks(t *testing.T) {
	f := func(lo, hi float64, want string) {
		t.Helper()
		ticks, decimals := niceTicks(lo, hi, chartTicks)
		var labels []string
		for _, v := range ticks {
			labels = append(labels, strconv.FormatFloat(v, 'f', decimals, 64))
		}
		if got := strings.Join(labels, " "); want != "" && got != want {
			t.Errorf("niceTicks(%v, %v) = %s, want %s", lo, hi, got, want)
		}
		if ticks[0] > lo || ticks[len(ticks)-1] < hi || len(ticks) < 3 || len(ticks) > 9 {
			t.Errorf("niceTicks(%v, %v) = %v: does not cover the range in 3 to 9 ticks", lo, hi, labels)
		}
		step := ticks[1] - ticks[0]
		if !roundStep(step) {
			t.Errorf("niceTicks(%v, %v) = %v: step %v", lo, hi, labels, step)
		}
		for i, v := range ticks {
			if back, _ := strconv.ParseFloat(labels[i], 64); back != v {
				t.Errorf("niceTicks(%v, %v): tick %v labelled %s", lo, hi, v, labels[i])
			}
		}
	}
	f(-1, 9, "-2 0 2 4 6 8 10")
	f(2, 6, "0 2 4 6")
	f(4.5, 6, "4.5 5.0 5.5 6.0")
	f(0.013, 2.71, "0 1 2 3")
	f(2500, 5400, "0 2000 4000 6000")
	f(72000, 75300, "72000 73000 74000 75000 76000")
	f(3.1, 3.1, "0 1 2 3 4")
	f(0, 0, "0.0 0.2 0.4 0.6 0.8 1.0")
	f(-4, -3, "-4.0 -3.8 -3.6 -3.4 -3.2 -3.0")
	for _, r := range [][2]float64{{0.1, 0.3}, {-0.07, 0.031}, {1e-4, 3e-4}, {123456, 987654}, {0.97, 0.976}, {-12.5, 40.2}} {
		f(r[0], r[1], "")
	}
}

// BenchmarkLandingPage renders the landing page of a served state of the default rules, each
// region with figures and targets of every kind, period and bound for some years: what a
// request costs once the view has changed (the requests after it are served the page as
// rendered). The last is a national folder: 3,000 regions of 20 years each, 6 million samples.
func BenchmarkLandingPage(b *testing.B) {
	for _, size := range []struct{ regions, years int }{{10, 5}, {40, 20}, {3000, 20}} {
		b.Run(fmt.Sprintf("regions=%d/years=%d", size.regions, size.years), func(b *testing.B) {
			var v *store.View
			if size.regions >= 1000 {
				v = nationalView(b, size.regions, size.regions)
			} else {
				v = benchView(b, size.regions*17*6) // 17 metrics, 6 kinds, periods and bounds
				v.Samples = tu.HistorySamples(v.Latest, size.years)
			}
			p := NewLandingPage(LandingConfig{Name: "Report Exporter"}, nil).(*landingPage)
			pageSize := 0
			b.ReportAllocs()
			for b.Loop() {
				next := *v // a new view: rendered again
				pageSize = len(p.render(&next))
			}
			b.ReportMetric(float64(pageSize), "bytes/page")
		})
	}
}

// TestGroupSamples: the samples of each name, in their order, whether the names come in runs
// or not, the samples given stay as they were, and every region is found, whether its samples
// come in runs or not.
func TestGroupSamples(t *testing.T) {
	day := time.Date(2022, 12, 31, 0, 0, 0, 0, series.China)
	s := func(name, region string, v float64) series.Sample {
		return series.Sample{Name: name, Labels: series.Labels{Region: region}, Value: v, Time: day}
	}
	in := []series.Sample{s("a", "x", 1), s("a", "y", 2), s("b", "y", 3), s("a", "x", 4), s("c", "z", 5)}
	orig := slices.Clone(in)
	got, regions := groupSamples(in)
	values := func(ss []series.Sample) (out []float64) {
		for _, x := range ss {
			out = append(out, x.Value)
		}
		return out
	}
	if !slices.Equal(values(got["a"]), []float64{1, 2, 4}) || !slices.Equal(values(got["b"]), []float64{3}) || !slices.Equal(values(got["c"]), []float64{5}) || len(got) != 3 {
		t.Errorf("groupSamples = %v", got)
	}
	if !slices.EqualFunc(in, orig, func(p, q series.Sample) bool { return p.Name == q.Name && p.Value == q.Value }) {
		t.Errorf("groupSamples changed its input: %v", in)
	}
	if len(regions) != 3 || !regions[regionID{name: "x"}] || !regions[regionID{name: "y"}] || !regions[regionID{name: "z"}] {
		t.Errorf("groupSamples found the regions %v, want x, y and z", regions)
	}
}

// A chart as the page draws it, read back from its SVG.
type svgChart struct {
	metric         string
	yTicks, xTicks []svgTick
	lines          []svgLine
	targets        []svgTarget
}

type svgTick struct {
	x, y, value float64
	label       string
}

type svgLine struct {
	region, path string
	joined       []bool // per point of the path, whether a segment reaches it from the one before
	points       []svgPoint
}

type svgPoint struct {
	region, period string
	year           int
	x, y, value    float64
	short          bool
}

type svgTarget struct {
	region, shape string
	year          int
	x             float64 // the middle of the mark
}

func (c *svgChart) points() []svgPoint {
	var out []svgPoint
	for _, l := range c.lines {
		out = append(out, l.points...)
	}
	return out
}

func (c *svgChart) yTickLabels() []string {
	var out []string
	for _, t := range c.yTicks {
		out = append(out, t.label)
	}
	return out
}

func chartOf(t *testing.T, charts []svgChart, metric string) svgChart {
	t.Helper()
	for _, c := range charts {
		if c.metric == metric {
			return c
		}
	}
	t.Fatalf("no chart of %s", metric)
	return svgChart{}
}

var (
	chartRe      = regexp.MustCompile(`(?s)<svg class="chart".*?</svg>`)
	pointTitleRe = regexp.MustCompile(`^(.+) (\d{4}) (?:\S+ )?\((\d+-\d+)\): (-?[0-9.]+) `)
	pathNumRe    = regexp.MustCompile(`([MLHVZ])\s*(-?[0-9.]+)?(?:\s+(-?[0-9.]+))?`)
)

// parseCharts reads back every chart of the page: its ticks, its lines with their points
// (region, year, period and value from each point's title) and its targets.
func parseCharts(t *testing.T, page string) []svgChart {
	t.Helper()
	var out []svgChart
	for _, src := range chartRe.FindAllString(page, -1) {
		out = append(out, parseChart(t, src))
	}
	return out
}

func parseChart(t *testing.T, src string) svgChart {
	t.Helper()
	var c svgChart
	d := xml.NewDecoder(strings.NewReader(src))
	var stack []xml.StartElement
	var text strings.Builder
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("number %q: %v", s, err)
		}
		return v
	}
	inGroup := func(class string) (xml.StartElement, bool) {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].Name.Local == "g" && strings.Fields(attr(stack[i], "class"))[0] == class {
				return stack[i], true
			}
		}
		return xml.StartElement{}, false
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chart is no well-formed SVG: %v\n%s", err, src)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e)
			text.Reset()
			switch e.Name.Local {
			case "svg":
				label := attr(e, "aria-label")
				c.metric = label[strings.LastIndex(label, " ")+1:]
			case "g":
				if attr(e, "class") == "region" {
					c.lines = append(c.lines, svgLine{region: attr(e, "data-region")})
				}
			case "path":
				if _, ok := inGroup("region"); ok {
					l := &c.lines[len(c.lines)-1]
					l.path = attr(e, "d")
					for _, m := range pathNumRe.FindAllStringSubmatch(l.path, -1) {
						l.joined = append(l.joined, m[1] == "L")
					}
				}
				if g, ok := inGroup("target"); ok {
					lo, hi := math.Inf(1), math.Inf(-1)
					for _, m := range pathNumRe.FindAllStringSubmatch(attr(e, "d"), -1) {
						if m[1] == "M" || m[1] == "L" || m[1] == "H" {
							lo, hi = min(lo, num(m[2])), max(hi, num(m[2]))
						}
					}
					year, _ := strconv.Atoi(attr(g, "data-year"))
					c.targets = append(c.targets, svgTarget{region: attr(g, "data-region"), shape: strings.Fields(attr(g, "class"))[1], year: year, x: (lo + hi) / 2})
				}
			case "circle":
				if _, ok := inGroup("region"); ok && attr(e, "class") == "short" {
					l := &c.lines[len(c.lines)-1]
					l.points[len(l.points)-1].short = true
				}
			}
		case xml.CharData:
			text.Write(e)
		case xml.EndElement:
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case e.Name.Local == "text" && attr(top, "text-anchor") == "end":
				c.yTicks = append(c.yTicks, svgTick{x: num(attr(top, "x")), y: num(attr(top, "y")), value: num(text.String()), label: text.String()})
			case e.Name.Local == "text" && text.String() != chartNoData:
				c.xTicks = append(c.xTicks, svgTick{x: num(attr(top, "x")), y: num(attr(top, "y")), value: num(text.String()), label: text.String()})
			case e.Name.Local == "title" && len(stack) > 0 && stack[len(stack)-1].Name.Local == "circle":
				circle := stack[len(stack)-1]
				m := pointTitleRe.FindStringSubmatch(text.String())
				if m == nil {
					t.Fatalf("point title %q", text.String())
				}
				year, _ := strconv.Atoi(m[2])
				l := &c.lines[len(c.lines)-1]
				l.points = append(l.points, svgPoint{region: m[1], year: year, period: m[3], value: num(m[4]),
					x: num(attr(circle, "cx")), y: num(attr(circle, "cy"))})
			}
		}
	}
	return c
}
