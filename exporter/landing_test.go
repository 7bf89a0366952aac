package exporter

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tu "github.com/report-exporter/report_exporter/internal/testutil"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// landingView is a hand-made view: two regions, figures of 2021 to 2023, a half-year rate, a
// target (not drawn), and a document that failed.
func landingView(t *testing.T) *store.View {
	t.Helper()
	cfg := &config.Config{Indicators: []*config.Indicator{
		{ID: "gdp", Title: "地区生产总值", Help: "Gross regional product.",
			Level:  &config.Series{Metric: "econ_gdp_yuan", Unit: "yuan"},
			Growth: &config.Series{Metric: "econ_gdp_growth_ratio", Unit: "ratio"}},
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
		s("econ_gdp_yuan", "罗湖区", "actual", "1-6", "", 1_400e8, day(2023, 6, 30)), // amounts: half years are not drawn
		s("econ_gdp_yuan", "福田区", "actual", "1-12", "", 5_000e8, day(2021, 12, 31)),
		s("econ_gdp_yuan", "福田区", "actual", "1-12", "", 5_400e8, day(2022, 12, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-12", "", 0.06, day(2021, 12, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-12", "", 0.02, day(2022, 12, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-3", "", 0.03, day(2023, 3, 31)),
		s("econ_gdp_growth_ratio", "罗湖区", "actual", "1-6", "", 0.045, day(2023, 6, 30)),
		s("econ_gdp_growth_ratio", "罗湖区", "target", "1-12", "min", 0.05, day(2023, 1, 1)),
		s("econ_gdp_growth_ratio", "福田区", "actual", "1-12", "", -0.01, day(2022, 12, 31)),
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
		"<title>罗湖区 2022 (1-12): 2600 亿元</title>",
		// A year without a full-year rate shows its latest cumulative one.
		"<title>罗湖区 2023 (1-6): 4.5 %</title>",
		"<title>福田区 2022 (1-12): -1 %</title>",
		">2021</text>", ">2023</text>",
		"no figures yet", // unemployment has no samples
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"<script", "1400 亿元", "(1-3)", "target"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("page has %q", unwanted)
		}
	}
	// One chart per series: gdp has two, unemployment one.
	if n := strings.Count(page, "<svg"); n != 3 {
		t.Errorf("%d charts, want 3", n)
	}
	// The line of a region passes through its points, left to right.
	m := regexp.MustCompile(`data-region="罗湖区">\s*<path d="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(m) != 2 || strings.Count(m[0][1], "L") != 1 || strings.Count(m[1][1], "L") != 2 {
		t.Errorf("罗湖区 lines = %q, want 2 points of GDP and 3 of growth", m)
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
