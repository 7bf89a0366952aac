package e2e

import (
	"path/filepath"
	"testing"

	"github.com/report-exporter/report_exporter/internal/e2etest"
)

// TestSeedsOpenMetricsBlocks: backfill --output of the built-in seeds, blocks made by the real
// promtool, a Prometheus on those blocks: every core figure reads back at its timestamp.
func TestSeedsOpenMetricsBlocks(t *testing.T) {
	promtool := e2etest.LookPath(t, "promtool")
	e2etest.LookPath(t, "prometheus")
	dir := t.TempDir()
	om := filepath.Join(dir, "seeds.om")
	runExporter(t, "backfill", "--output", om)
	storage := filepath.Join(dir, "data")
	e2etest.Backfill(t, promtool, om, storage)
	p := e2etest.StartPrometheus(t, e2etest.Options{StorageDir: storage})
	compareFigures(t, "blocks from backfill --output", &p.Client)

	// Each figure reads back through an instant query at its own timestamp too, the way a
	// dashboard asks.
	for _, f := range expectedFigures(t) {
		if f.Optional {
			continue
		}
		v := p.Query(t, selector(f), f.Time)
		if len(v) != 1 || !near(float64(v[0].Value), f.Value) {
			t.Errorf("%s at %s = %v, want %g", selector(f), f.Time.Format("2006-01-02T15:04:05-07:00"), v, f.Value)
		}
	}
}

// TestSeedsRemoteWriteVictoriaMetrics: backfill --remote-write.url into VictoriaMetrics, twice;
// every core figure is there once.
func TestSeedsRemoteWriteVictoriaMetrics(t *testing.T) {
	vm := e2etest.StartVictoriaMetrics(t, "-dedup.minScrapeInterval=1ms")
	runExporter(t, "backfill", "--remote-write.url", vm.RemoteWriteURL())
	vm.Flush(t)
	compareFigures(t, "VictoriaMetrics after one backfill", &vm.Client)
	runExporter(t, "backfill", "--remote-write.url", vm.RemoteWriteURL())
	vm.Flush(t)
	compareFigures(t, "VictoriaMetrics after a second backfill", &vm.Client)
}

// TestSeedsRemoteWritePrometheus: backfill --remote-write.url into Prometheus with the
// out-of-order window of config/prometheus/prometheus.yml, twice; every core figure is there once.
func TestSeedsRemoteWritePrometheus(t *testing.T) {
	p := e2etest.StartPrometheus(t, e2etest.Options{
		ConfigYAML: shippedStorageConfig(t),
		Flags:      []string{"--web.enable-remote-write-receiver"},
	})
	runExporter(t, "backfill", "--remote-write.url", p.RemoteWriteURL())
	compareFigures(t, "Prometheus after one backfill", &p.Client)
	runExporter(t, "backfill", "--remote-write.url", p.RemoteWriteURL())
	compareFigures(t, "Prometheus after a second backfill", &p.Client)
}

// selector is the PromQL selector of exactly the figure's series.
func selector(f figure) string {
	if _, ok := f.Labels["bound"]; ok {
		return f.series()
	}
	return f.series()[:len(f.series())-1] + `,bound=""}`
}
