package history

import (
	"context"
	"os"
	"testing"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// benchHistory returns the help of the default rules and a history of 50,000 series of 20
// points each (1M samples), sorted: the shape of a large corpus.
func benchHistory(b *testing.B) (map[string]string, []series.Sample) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		b.Fatal(err)
	}
	return cfg.MetricHelp(), testutil.HistorySamples(testutil.LatestSamples(50_000, cfg.Metrics()), 20)
}

// BenchmarkOpenMetrics writes the backfill file of 1M samples: 50,000 series of 20 points, the
// shape of a large corpus (many regions, a few decades each).
func BenchmarkOpenMetrics(b *testing.B) {
	help, samples := benchHistory(b)
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
