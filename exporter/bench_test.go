package exporter

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/store"
)

// benchView is a served state with n series, one sample each, and a document per ten series.
func benchView(tb testing.TB, n int) *store.View {
	tb.Helper()
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		tb.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	latest := testutil.LatestSamples(n, cfg.Metrics())
	v := &store.View{Rules: rs, Reload: store.ReloadStatus{Successful: true, LastSuccess: testutil.Day("2024-12-31")}}
	v.Latest, v.Samples = latest, latest
	for i := 0; i < n/10; i++ {
		v.Documents = append(v.Documents, &extract.Result{File: fmt.Sprintf("reports/%07d.txt", i)})
	}
	return v
}

// BenchmarkCollect is one scrape of /metrics through the whole handler the serve command
// mounts (Collector.Handler, with the health gauges and promhttp's own counters live), in the
// text format and gzipped as Prometheus asks for it, at 10k, 100k and 1M series: the steady
// state, each view rendered by an untimed scrape first; first-gzip times a view's first scrape.
func BenchmarkCollect(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		v := benchView(b, n)
		c := NewCollector(func() *store.View { return v })
		reg := prometheus.NewRegistry()
		reg.MustRegister(c)
		h := promhttp.InstrumentMetricHandler(reg, c.Handler(reg, nil))
		for _, enc := range []string{"identity", "gzip"} {
			b.Run(fmt.Sprintf("series=%d/%s", n, enc), func(b *testing.B) {
				scrape := func() *httptest.ResponseRecorder {
					req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
					req.Header.Set("Accept-Encoding", enc)
					w := httptest.NewRecorder()
					h.ServeHTTP(w, req)
					return w
				}
				scrape() // renders the view: first-gzip below times that
				b.ReportAllocs()
				var size, plain int
				for b.Loop() {
					w := scrape()
					if w.Code != http.StatusOK {
						b.Fatalf("status %d", w.Code)
					}
					size = w.Body.Len()
					plain = size
					if enc == "gzip" {
						zr, err := gzip.NewReader(w.Body)
						if err != nil {
							b.Fatal(err)
						}
						m, _ := io.Copy(io.Discard, zr)
						plain = int(m)
					}
				}
				b.ReportMetric(float64(size), "bytes/scrape")
				b.ReportMetric(float64(plain), "text-bytes/scrape")
			})
		}
		// The first scrape of each view, gzipped: rendering and compressing included.
		b.Run(fmt.Sprintf("series=%d/first-gzip", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fresh := *v
				c := NewCollector(func() *store.View { return &fresh })
				req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
				req.Header.Set("Accept-Encoding", "gzip")
				w := httptest.NewRecorder()
				c.Handler(nil, nil).ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
