package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
)

// nationalResults returns the results of n reports of a national-scale folder: each of 3,000
// regions reports every year, ten figures a report.
func nationalResults(n int) []*extract.Result {
	names := []string{"econ_gdp_yuan", "econ_gdp_growth_ratio", "econ_retail_sales_yuan",
		"econ_retail_sales_growth_ratio", "econ_fixed_asset_investment_growth_ratio"}
	results := make([]*extract.Result, n)
	for i := range results {
		region := fmt.Sprintf("区%04d", i%3000)
		year := 2000 + i/3000
		published := time.Date(year+1, 1, 15, 0, 0, 0, 0, series.China)
		r := &extract.Result{File: fmt.Sprintf("reports/%06d.txt", i), Region: region, Published: published}
		for k := range 10 {
			kind, period := "actual", "1-12"
			at := time.Date(year, 12, 31, 0, 0, 0, 0, series.China)
			if k >= 5 {
				kind, at = "target", time.Date(year+1, 1, 1, 0, 0, 0, 0, series.China)
			}
			r.Samples = append(r.Samples, series.Sample{
				Name:      names[k%len(names)],
				Labels:    series.Labels{Region: region, RegionCode: fmt.Sprintf("44%04d", i%3000), Kind: kind, Period: period},
				Value:     float64(i + k),
				Time:      at,
				Published: published,
				Source:    series.Source{File: r.File, Line: k + 1},
			})
		}
		results[i] = r
	}
	return results
}

// BenchmarkNewView builds the view of a folder of 100,000 reports (1M samples): what serve
// publishes at start-up and after every change.
func BenchmarkNewView(b *testing.B) {
	results := nationalResults(100_000)
	b.ReportAllocs()
	for b.Loop() {
		v := NewView(nil, results, nil, ReloadStatus{})
		if len(v.Samples) != 1_000_000 {
			b.Fatalf("%d samples", len(v.Samples))
		}
	}
}
