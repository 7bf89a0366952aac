package exporter

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/internal/corpus/gen"
)

// The benchmarks of the inner loops. scripts/bench.sh runs the whole binary over generated
// corpora; docs/performance.md has the figures.

// benchRuleSet compiles the default rules grown to n indicators (0: the default rules).
func benchRuleSet(tb testing.TB, n int) *RuleSet {
	tb.Helper()
	data, err := gen.Rules(n, 1)
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := config.Parse("rules.yaml", data)
	if err != nil {
		tb.Fatal(err)
	}
	rs, err := NewRuleSet(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

type benchDoc struct {
	name          string
	data, sidecar []byte
}

// benchSeeds returns the seed reports with their sidecars.
func benchSeeds(tb testing.TB) []benchDoc {
	tb.Helper()
	entries, err := fs.ReadDir(reportexporter.Defaults, reportexporter.SeedsDir)
	if err != nil {
		tb.Fatal(err)
	}
	var docs []benchDoc
	for _, e := range entries {
		p := path.Join(reportexporter.SeedsDir, e.Name())
		if !isReport(p) {
			continue
		}
		data, err := fs.ReadFile(reportexporter.Defaults, p)
		if err != nil {
			tb.Fatal(err)
		}
		side, err := readSidecar(reportexporter.Defaults, p)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, benchDoc{p, data, side})
	}
	return docs
}

// benchGenerated returns about size bytes of generated reports.
func benchGenerated(tb testing.TB, size int) []benchDoc {
	tb.Helper()
	g, err := gen.New(1)
	if err != nil {
		tb.Fatal(err)
	}
	var docs []benchDoc
	for total := 0; total < size; {
		d := g.Next()
		docs = append(docs, benchDoc{name: d.Name, data: d.Data})
		total += len(d.Data)
	}
	return docs
}

// BenchmarkExtract extracts whole reports, decoding included: the seeds and 1 MB of generated
// reports, with the default rules and with 200 indicators.
func BenchmarkExtract(b *testing.B) {
	corpora := []struct {
		name string
		docs []benchDoc
	}{
		{"seeds", benchSeeds(b)},
		{"generated", benchGenerated(b, 1<<20)},
	}
	for _, c := range corpora {
		var size int64
		for _, d := range c.docs {
			size += int64(len(d.data))
		}
		for _, n := range []int{0, 50, 200} {
			rs := benchRuleSet(b, n)
			b.Run(fmt.Sprintf("%s/indicators=%d", c.name, len(rs.Config().Indicators)), func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					for _, d := range c.docs {
						if _, err := rs.Extract(d.name, d.data, d.sidecar); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(len(c.docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	}
}

// BenchmarkExtractText runs the engine alone over the seeds, already decoded: the share of
// BenchmarkExtract that is not Decode.
func BenchmarkExtractText(b *testing.B) {
	docs := benchSeeds(b)
	texts := make([]string, len(docs))
	metas := make([]*config.Meta, len(docs))
	var size int64
	for i, d := range docs {
		t, err := Decode(d.data)
		if err != nil {
			b.Fatal(err)
		}
		texts[i] = t
		size += int64(len(d.data))
		if d.sidecar != nil {
			if metas[i], err = config.ParseMeta(d.name, d.sidecar); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, n := range []int{0, 200} {
		rs := benchRuleSet(b, n)
		b.Run(fmt.Sprintf("indicators=%d", len(rs.Config().Indicators)), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for i, t := range texts {
					rs.extractText(docs[i].name, t, metas[i])
				}
			}
		})
	}
}

// benchView is a served state with n series, one sample each, and a document per ten series.
func benchView(tb testing.TB, n int) *View {
	tb.Helper()
	rs := benchRuleSet(tb, 0)
	var metrics []string
	for _, ind := range rs.Config().Indicators {
		for _, s := range []*config.Series{ind.Level, ind.Growth} {
			if s != nil {
				metrics = append(metrics, s.Metric)
			}
		}
	}
	kinds := []Labels{
		{Kind: KindActual, Period: "1-12"}, {Kind: KindActual, Period: "1-6"},
		{Kind: KindActual, Period: "1-9"}, {Kind: KindTarget, Period: "1-12", Bound: BoundApprox},
		{Kind: KindTarget, Period: "1-12", Bound: BoundMin}, {Kind: KindTarget, Period: "1-12", Bound: BoundMax},
	}
	at := time.Date(2024, 12, 31, 0, 0, 0, 0, China)
	v := &View{Rules: rs, Reload: ReloadStatus{Successful: true, LastSuccess: at}}
	v.Latest = make([]Sample, n)
	for i := range v.Latest {
		l := kinds[i%len(kinds)]
		l.Region = "区" + strconv.Itoa(i/len(kinds)/len(metrics))
		v.Latest[i] = Sample{Name: metrics[(i/len(kinds))%len(metrics)], Labels: l, Value: float64(i) * 1.5e6, Time: at}
	}
	v.Samples = v.Latest
	for i := 0; i < n/10; i++ {
		v.Documents = append(v.Documents, &Result{File: fmt.Sprintf("reports/%07d.txt", i)})
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
		c := NewCollector(func() *View { return v })
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
				c := NewCollector(func() *View { return &fresh })
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

// benchHistory returns a view of 50,000 series and their history of 20 points each (1M
// samples), sorted: the shape of a large corpus (many regions, a few decades each).
func benchHistory(b *testing.B) (*View, []Sample) {
	const series, points = 50_000, 20
	v := benchView(b, series)
	samples := make([]Sample, 0, series*points)
	for _, s := range v.Latest {
		for j := range points {
			p := s
			p.Time = s.Time.AddDate(-j, 0, 0)
			p.Value = s.Value + float64(j)
			samples = append(samples, p)
		}
	}
	SortSamples(samples)
	return v, samples
}

// BenchmarkOpenMetrics writes the backfill file of 1M samples: 50,000 series of 20 points, the
// shape of a large corpus (many regions, a few decades each).
func BenchmarkOpenMetrics(b *testing.B) {
	v, samples := benchHistory(b)
	help := MetricHelp(v.Rules.Config())
	b.ReportAllocs()
	var w countWriter
	for b.Loop() {
		w = 0
		if err := WriteOpenMetrics(&w, samples, help); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(w))
	b.ReportMetric(float64(len(samples))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
	// scripts/bench.sh feeds the file to promtool tsdb create-blocks-from openmetrics.
	if out := os.Getenv("BENCH_OPENMETRICS_FILE"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteOpenMetrics(f, samples, help); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRemoteWrite sends the samples of BenchmarkOpenMetrics (1M) over remote write to
// $BENCH_REMOTE_WRITE_URL, a VictoriaMetrics or Prometheus receiver; scripts/bench.sh starts
// one. Without the variable it is skipped.
func BenchmarkRemoteWrite(b *testing.B) {
	url := os.Getenv("BENCH_REMOTE_WRITE_URL")
	if url == "" {
		b.Skip("set BENCH_REMOTE_WRITE_URL to a remote write receiver")
	}
	_, samples := benchHistory(b)
	w, err := NewRemoteWriter(url, RemoteWriterOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := w.Write(context.Background(), samples); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(samples))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }
