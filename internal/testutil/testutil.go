// Package testutil holds what the project's tests share: the -update flag of golden files, a
// line diff, the reader of gold lists (the format of extract/testdata/expected-core.tsv) and
// date and sample helpers in China time.
package testutil

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

var update bool

func init() {
	if testing.Testing() {
		flag.BoolVar(&update, "update", false, "rewrite the golden files of testdata/")
	}
}

// Update reports whether the test run was asked to rewrite its golden files (-update, or
// UPDATE_GOLDEN=1 in the environment).
func Update() bool { return update || os.Getenv("UPDATE_GOLDEN") == "1" }

// Root returns the repository's top folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// SeedsGold is the gold list of the seed reports.
func SeedsGold() string { return filepath.Join(Root(), "extract", "testdata", "expected-core.tsv") }

// Day parses YYYY-MM-DD as midnight in China time; it panics on a bad date, a test's typo.
func Day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, series.China)
	if err != nil {
		panic(err)
	}
	return t
}

// Sample builds a sample of the given series at midnight of date, China time.
func Sample(name, region, kind, period, bound string, v float64, date string) series.Sample {
	return series.Sample{
		Name:   name,
		Labels: series.Labels{Region: region, Kind: kind, Period: period, Bound: bound},
		Value:  v,
		Time:   Day(date),
	}
}

// GDPConfig returns small rules naming the GDP metrics (with help) and the registered
// unemployment rate (without), for tests of what is served.
func GDPConfig() *config.Config {
	return &config.Config{
		File: "test.yaml",
		Indicators: []*config.Indicator{{
			ID:     "gdp",
			Title:  "地区生产总值",
			Help:   "Gross regional product (地区生产总值) in yuan, and its growth as a ratio.",
			Level:  &config.Series{Metric: "econ_gdp_yuan", Unit: "yuan"},
			Growth: &config.Series{Metric: "econ_gdp_growth_ratio", Unit: "ratio"},
		}, {
			ID:    "unemployment",
			Title: "城镇登记失业率",
			Level: &config.Series{Metric: "econ_registered_unemployment_ratio", Unit: "ratio"},
		}},
	}
}

// LineDiff lists the lines only in want (-) and only in got (+).
func LineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
		count[l]++
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(want), "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		out = append(out, "- "+l)
	}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
		if count[l] > 0 {
			count[l]--
			out = append(out, "+ "+l)
		}
	}
	if len(out) == 0 {
		return "(same lines, other order)"
	}
	return strings.Join(out, "\n")
}

// GoldKey is one row of a gold list without its value: the report (file name without .txt),
// the metric, its labels and the date of its timestamp in China time.
type GoldKey struct {
	Doc, Name, Region, Kind, Period, Bound, Date string
}

func (k GoldKey) String() string {
	return strings.Join([]string{k.Doc, k.Name, k.Region, k.Kind, k.Period, k.Bound, k.Date}, "\t")
}

// KeyOf returns the gold key a sample is scored under: its report's file name without .txt,
// its name and labels, and the date of its timestamp in China time.
func KeyOf(s *series.Sample) GoldKey {
	return GoldKey{
		Doc:  strings.TrimSuffix(filepath.Base(s.Source.File), ".txt"),
		Name: s.Name, Region: s.Labels.Region, Kind: s.Labels.Kind, Period: s.Labels.Period,
		Bound: s.Labels.Bound, Date: s.Time.In(series.China).Format(time.DateOnly),
	}
}

// GoldRow is one figure of a gold list.
type GoldRow struct {
	Key      GoldKey
	Value    float64
	Optional bool // the row started with ?: emitting it is right, omitting it no error
	Line     int
}

// ReadGold reads a gold list: tab-separated rows of doc, metric, region, kind, period, bound,
// date and value; blank lines and lines starting with # are skipped.
func ReadGold(path string) ([]GoldRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer closeRead(f)
	var rows []GoldRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 8 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 8", path, n, len(c))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(c[7]), 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: value: %w", path, n, err)
		}
		doc, opt := strings.CutPrefix(c[0], "?")
		rows = append(rows, GoldRow{
			Key:      GoldKey{doc, c[1], c[2], c[3], c[4], c[5], c[6]},
			Value:    v,
			Optional: opt,
			Line:     n,
		})
	}
	return rows, sc.Err()
}

// closeRead closes a file that was only read. Nothing written can be lost, so an error of
// Close tells nothing and is dropped.
func closeRead(f *os.File) {
	_ = f.Close()
}

// LatestSamples returns n samples, one a series, over the given metrics and the usual kinds,
// periods and bounds, a region for every len(metrics)×6 series: the served state of a large
// corpus, for benchmarks.
func LatestSamples(n int, metrics []string) []series.Sample {
	kinds := []series.Labels{
		{Kind: series.KindActual, Period: "1-12"}, {Kind: series.KindActual, Period: "1-6"},
		{Kind: series.KindActual, Period: "1-9"}, {Kind: series.KindTarget, Period: "1-12", Bound: series.BoundApprox},
		{Kind: series.KindTarget, Period: "1-12", Bound: series.BoundMin}, {Kind: series.KindTarget, Period: "1-12", Bound: series.BoundMax},
	}
	at := Day("2024-12-31")
	out := make([]series.Sample, n)
	for i := range out {
		l := kinds[i%len(kinds)]
		r := i / len(kinds) / len(metrics)
		l.Region = "区" + strconv.Itoa(r)
		l.RegionCode = strconv.Itoa(100000 + r)
		out[i] = series.Sample{Name: metrics[(i/len(kinds))%len(metrics)], Labels: l, Value: float64(i) * 1.5e6, Time: at}
	}
	return out
}

// HistorySamples gives each latest sample points yearly predecessors and returns them all
// sorted: the history of a large corpus (many regions, a few decades each), for benchmarks.
func HistorySamples(latest []series.Sample, points int) []series.Sample {
	out := make([]series.Sample, 0, len(latest)*points)
	for _, s := range latest {
		for j := range points {
			p := s
			p.Time = s.Time.AddDate(-j, 0, 0)
			p.Value = s.Value + float64(j)
			out = append(out, p)
		}
	}
	slices.SortFunc(out, series.CompareSamples)
	return out
}
