package e2e

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/history"
	"github.com/report-exporter/report_exporter/internal/e2etest"
	"github.com/report-exporter/report_exporter/series"
)

// history3 are three yearly points of one series, years old, as a backfill sends them.
func history3(values ...float64) []series.Sample {
	var out []series.Sample
	for i, v := range values {
		out = append(out, series.Sample{
			Name:   "econ_gdp_growth_ratio",
			Labels: series.Labels{Region: "罗湖区", Kind: series.KindActual, Period: "1-12"},
			Value:  v,
			Time:   time.Date(2019+i, 12, 31, 0, 0, 0, 0, china),
		})
	}
	return out
}

const gdpSeries = `econ_gdp_growth_ratio{region="罗湖区",kind="actual",period="1-12"}`

func write(t *testing.T, url string, samples []series.Sample) error {
	t.Helper()
	w, err := history.NewRemoteWriter(url, history.RemoteWriterOptions{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return w.Write(context.Background(), samples)
}

// points returns the raw samples of gdpSeries.
func points(t *testing.T, c *e2etest.Client) map[int][]float64 {
	t.Helper()
	out := map[int][]float64{}
	for _, s := range storedHistory(t, c, []string{"econ_gdp_growth_ratio"}) {
		out[s.Time.Year()] = append(out[s.Time.Year()], s.Values...)
	}
	return out
}

func TestRemoteWriteTwiceVictoriaMetrics(t *testing.T) {
	vm := e2etest.StartVictoriaMetrics(t, "-dedup.minScrapeInterval=1ms")
	for range 2 {
		if err := write(t, vm.RemoteWriteURL(), history3(0.067, 0.031, 0.06)); err != nil {
			t.Fatal(err)
		}
		vm.Flush(t)
	}
	c := vm.Query(t, "count_over_time("+gdpSeries+"[100y])", far)
	if len(c) != 1 || c[0].Value != 3 {
		t.Errorf("count_over_time after writing 3 samples twice = %v, want 3", c)
	}
}

func TestRemoteWriteTwicePrometheus(t *testing.T) {
	p := e2etest.StartPrometheus(t, e2etest.Options{
		ConfigYAML: shippedStorageConfig(t),
		Flags:      []string{"--web.enable-remote-write-receiver"},
	})
	for range 2 {
		if err := write(t, p.RemoteWriteURL(), history3(0.067, 0.031, 0.06)); err != nil {
			t.Fatal(err)
		}
	}
	c := p.Query(t, "count_over_time("+gdpSeries+"[100y])", far)
	if len(c) != 1 || c[0].Value != 3 {
		t.Errorf("count_over_time after writing 3 samples twice = %v, want 3", c)
	}
}

// TestRevisionVictoriaMetrics: with -dedup.minScrapeInterval=1ms a revised figure written
// over an old one leaves one sample per timestamp (which of the two 1.79 keeps is not
// specified); deleting the series and writing again applies the revision.
func TestRevisionVictoriaMetrics(t *testing.T) {
	vm := e2etest.StartVictoriaMetrics(t, "-dedup.minScrapeInterval=1ms")
	if err := write(t, vm.RemoteWriteURL(), history3(0.067, 0.031, 0.06)); err != nil {
		t.Fatal(err)
	}
	vm.Flush(t)
	if err := write(t, vm.RemoteWriteURL(), history3(0.067, 0.032, 0.061)); err != nil {
		t.Fatal(err)
	}
	vm.Flush(t)
	for year, v := range points(t, &vm.Client) {
		if len(v) != 1 {
			t.Errorf("%d: %v, want one value", year, v)
		}
	}

	resp, err := http.PostForm(vm.URL+"/api/v1/admin/tsdb/delete_series", url.Values{"match[]": {gdpSeries}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete_series: %s", resp.Status)
	}
	if err := write(t, vm.RemoteWriteURL(), history3(0.067, 0.032, 0.061)); err != nil {
		t.Fatal(err)
	}
	vm.Flush(t)
	want := map[int][]float64{2019: {0.067}, 2020: {0.032}, 2021: {0.061}}
	if got := points(t, &vm.Client); !reflect.DeepEqual(got, want) {
		t.Errorf("after delete_series and a new backfill: %v, want %v", got, want)
	}
}

// TestRevisionPrometheus: Prometheus cannot overwrite a sample. A changed value at a series'
// newest timestamp is refused (400 "duplicate sample for timestamp"); the writer returns
// ErrRejected naming the batch, and the refused batch leaves the TSDB as it was.
func TestRevisionPrometheus(t *testing.T) {
	p := e2etest.StartPrometheus(t, e2etest.Options{
		ConfigYAML: shippedStorageConfig(t),
		Flags:      []string{"--web.enable-remote-write-receiver"},
	})
	if err := write(t, p.RemoteWriteURL(), history3(0.067, 0.031, 0.06)); err != nil {
		t.Fatal(err)
	}
	err := write(t, p.RemoteWriteURL(), history3(0.067, 0.031, 0.061))
	if !errors.Is(err, history.ErrRejected) || !strings.Contains(err.Error(), "duplicate sample for timestamp") ||
		!strings.Contains(err.Error(), "econ_gdp_growth_ratio") {
		t.Fatalf("revising the newest point: error %v, want ErrRejected with the server's duplicate sample message and the series", err)
	}
	want := map[int][]float64{2019: {0.067}, 2020: {0.031}, 2021: {0.06}}
	if got := points(t, &p.Client); !reflect.DeepEqual(got, want) {
		t.Errorf("after the refused revision: %v, want %v", got, want)
	}
}
