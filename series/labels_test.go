package series_test

import (
	"math/rand/v2"
	"testing"

	"github.com/report-exporter/report_exporter/series"
)

// TestPeriodMonths: period labels are M-N with 1 <= M <= N <= 12.
func TestPeriodMonths(t *testing.T) {
	f := func(p string, want bool) {
		t.Helper()
		if _, _, got := series.PeriodMonths(p); got != want {
			t.Errorf("PeriodMonths(%q) ok = %v, want %v", p, got, want)
		}
	}
	f("1-12", true)
	f("1-6", true)
	f("4-6", true)
	f("12-12", true)
	f("01-06", true)
	f("0-6", false)
	f("6-1", false)
	f("1-13", false)
	f("1-", false)
	f("1–6", false)
	f("", false)
}

// TestSortByLabels: the order of Compare, ties by the given order, then by index.
func TestSortByLabels(t *testing.T) {
	values := []string{"", "a", "ab", "b", "a b", "罗湖区", `a"b`}
	var ls []series.Labels
	for _, r := range values {
		for _, k := range values[:3] {
			for _, e := range []string{"", series.ExtraLabels("year", "2024"), series.ExtraLabels("year", "2024", "indicator", "gdp")} {
				ls = append(ls, series.Labels{Region: r, Kind: k, Extra: e}, series.Labels{Region: r, Kind: k, Extra: e})
			}
		}
	}
	rand.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
	idx := series.SortByLabels(len(ls), func(i int) *series.Labels { return &ls[i] }, nil)
	for k := 1; k < len(idx); k++ {
		a, b := idx[k-1], idx[k]
		if c := series.Compare(ls[a], ls[b]); c > 0 || c == 0 && a > b {
			t.Fatalf("%v (%d) before %v (%d)", ls[a], a, ls[b], b)
		}
	}
}
