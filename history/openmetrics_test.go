package history_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/history"
	"github.com/report-exporter/report_exporter/internal/e2etest"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// updateGolden tells whether the golden files are to be rewritten: go test -update (the flag
// of the package's tests) or UPDATE_GOLDEN=1.
func updateGolden() bool {
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		return true
	}
	return os.Getenv("UPDATE_GOLDEN") == "1"
}

func actual(name, region, period, date string, v float64) series.Sample {
	return series.Sample{Name: name, Labels: series.Labels{Region: region, Kind: series.KindActual, Period: period}, Value: v, Time: testutil.Day(date)}
}

func target(name, region, bound, date string, v float64) series.Sample {
	return series.Sample{Name: name, Labels: series.Labels{Region: region, Kind: series.KindTarget, Period: "1-12", Bound: bound}, Value: v, Time: testutil.Day(date)}
}

// handMade are samples in no particular order, with what a writer gets wrong: Chinese and
// escaped label values, ranges, negative and large values, several series of one family.
func handMade() []series.Sample {
	return []series.Sample{
		actual("econ_gdp_growth_ratio", "罗湖区", "1-6", "2022-06-30", 0.02),
		actual("econ_retail_sales_growth_ratio", "罗湖区", "1-6", "2022-06-30", -0.122),
		actual("econ_gdp_growth_ratio", "罗湖区", "1-6", "2025-06-30", 0.042),
		actual("econ_fixed_asset_investment_yuan", "罗湖区", "1-6", "2022-06-30", 147.75e8),
		actual("econ_gdp_growth_ratio", "罗湖区", "1-12", "2020-12-31", 0.031),
		target("econ_gdp_growth_ratio", "罗湖区", series.BoundMin, "2021-01-01", 0.055),
		target("econ_gdp_growth_ratio", "罗湖区", series.BoundMax, "2021-01-01", 0.06),
		actual("econ_gdp_growth_ratio", "深圳市", "1-12", "2019-12-31", 0.067),
		actual("econ_gdp_yuan", `a "quoted" \ region`+"\nline", "1-12", "2019-12-31", 1),
		actual("econ_registered_unemployment_ratio", "罗湖区", "1-12", "2020-12-31", 0),
	}
}

var help = map[string]string{
	"econ_gdp_growth_ratio": "地区生产总值: growth rate on a year before, as a ratio.",
	"econ_gdp_yuan":         "地区生产总值 \"GDP\" in yuan\\n.",
}

func TestWriteOpenMetricsGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := history.WriteOpenMetrics(&buf, handMade(), help); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "openmetrics", "handmade.om")
	if updateGolden() {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("OpenMetrics output differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", golden, buf.Bytes(), want)
	}

	// The same samples in another order give the same bytes.
	s := handMade()
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	var again bytes.Buffer
	if err := history.WriteOpenMetrics(&again, s, help); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("output depends on the order of the samples:\n%s", again.Bytes())
	}
}

func TestWriteOpenMetricsValues(t *testing.T) {
	f := func(v float64, at time.Time, want string) {
		t.Helper()
		var buf bytes.Buffer
		s := series.Sample{Name: "x", Labels: series.Labels{Region: "r", Kind: "actual", Period: "1-12"}, Value: v, Time: at}
		if err := history.WriteOpenMetrics(&buf, []series.Sample{s}, nil); err != nil {
			t.Fatal(err)
		}
		want = "# HELP x Value of x read from the reports.\n# TYPE x gauge\n" +
			`x{kind="actual",period="1-12",region="r"} ` + want + "\n# EOF\n"
		if buf.String() != want {
			t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
		}
	}
	f(0.042, testutil.Day("2025-06-30"), "0.042 1751212800")
	f(-0.099, testutil.Day("2020-12-31"), "-0.099 1609344000")
	f(4759e8, testutil.Day("2021-01-01"), "4.759e+11 1609430400")
	f(math.NaN(), time.UnixMilli(1500), "NaN 1.5")
	f(math.Inf(1), time.UnixMilli(-1000), "+Inf -1")
	f(math.Inf(-1), time.UnixMilli(-1500), "-Inf -1.5")
}

func TestWriteOpenMetricsDuplicate(t *testing.T) {
	a := actual("x", "r", "1-12", "2020-12-31", 1)
	b := a
	b.Value = 2
	var buf bytes.Buffer
	if err := history.WriteOpenMetrics(&buf, []series.Sample{a, b}, nil); err != nil {
		t.Fatal(err)
	}
	want := "# HELP x Value of x read from the reports.\n# TYPE x gauge\n" +
		`x{kind="actual",period="1-12",region="r"} 2 1609344000` + "\n# EOF\n"
	if buf.String() != want {
		t.Errorf("two values at one time: got\n%s\nwant only the later:\n%s", buf.String(), want)
	}
}

// TestOpenMetricsPromtoolRoundTrip makes blocks of the output with the real promtool and
// reads every sample back from a Prometheus running on them.
func TestOpenMetricsPromtoolRoundTrip(t *testing.T) {
	promtool := e2etest.LookPath(t, "promtool")
	e2etest.LookPath(t, "prometheus")
	dir := t.TempDir()
	om := filepath.Join(dir, "history.om")
	f, err := os.Create(om)
	if err != nil {
		t.Fatal(err)
	}
	samples := handMade()
	if err := history.WriteOpenMetrics(f, samples, help); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	storage := filepath.Join(dir, "data")
	e2etest.Backfill(t, promtool, om, storage)
	p := e2etest.StartPrometheus(t, e2etest.Options{StorageDir: storage})

	perSeries := map[string]int{}
	for _, s := range samples {
		q := selector(s)
		perSeries[q]++
		v := p.Query(t, q, s.Time)
		if len(v) != 1 || float64(v[0].Value) != s.Value {
			t.Errorf("%s at %s = %v, want %g", q, s.Time.Format(time.RFC3339), v, s.Value)
		}
	}
	// Each sample is in the TSDB once: promtool took every line, none twice.
	for q, n := range perSeries {
		c := p.Query(t, "count_over_time("+q+"[100y])", testutil.Day("2070-01-01"))
		if len(c) != 1 || int(c[0].Value) != n {
			t.Errorf("count_over_time(%s[100y]) = %v, want %d", q, c, n)
		}
	}
}

// selector is the PromQL selector of exactly the sample's series.
func selector(s series.Sample) string {
	return fmt.Sprintf(`%s{region=%s,kind=%q,period=%q,bound=%q}`, s.Name,
		strconv.Quote(s.Labels.Region), s.Labels.Kind, s.Labels.Period, s.Labels.Bound)
}

// BenchmarkWriteOpenMetrics writes 10 million samples: 2,000 series of 5,000 points.
func BenchmarkWriteOpenMetrics(b *testing.B) {
	const nseries, points = 2000, 5000
	samples := make([]series.Sample, 0, nseries*points)
	start := testutil.Day("2000-01-01")
	for i := range nseries {
		l := series.Labels{Region: "区" + strconv.Itoa(i), Kind: series.KindActual, Period: "1-12"}
		for j := range points {
			samples = append(samples, series.Sample{Name: "econ_gdp_yuan", Labels: l, Value: float64(i*points+j) * 1.5e6, Time: start.Add(time.Duration(j) * time.Hour)})
		}
	}
	slices.SortFunc(samples, series.CompareSamples)
	b.ResetTimer()
	for b.Loop() {
		if err := history.WriteOpenMetrics(io.Discard, samples, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(samples))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}
