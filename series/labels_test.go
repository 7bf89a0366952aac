package series_test

import (
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
