package extract

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"testing"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/intake"
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

// benchReal returns the real reports of the test corpus (testdata/real) with their sidecars.
func benchReal(tb testing.TB) []benchDoc {
	tb.Helper()
	fsys := os.DirFS("testdata/real/reports")
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		tb.Fatal(err)
	}
	var docs []benchDoc
	for _, e := range entries {
		if !isReport(e.Name()) {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			tb.Fatal(err)
		}
		side, err := readSidecar(fsys, e.Name())
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, benchDoc{e.Name(), data, side})
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
		{"real", benchReal(b)},
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
						// A report naming no place is an error, and part of the real corpus.
						_, _ = rs.Extract(d.name, d.data, d.sidecar)
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
		t, err := intake.Decode(d.data)
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
					rs.extractText(docs[i].name, t, metas[i], nil)
				}
			}
		})
	}
}

// BenchmarkStages runs each stage alone over the real corpus: decoding, the document's place
// and date, and the whole engine on decoded text (the document included).
func BenchmarkStages(b *testing.B) {
	docs := benchReal(b)
	rs := benchRuleSet(b, 0)
	var size int64
	texts := make([]string, len(docs))
	for i, d := range docs {
		size += int64(len(d.data))
		texts[i], _ = intake.Decode(d.data)
	}
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range docs {
				_, _ = intake.Decode(d.data)
			}
		}
	})
	b.Run("document", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for i, d := range docs {
				rs.document(d.name, texts[i], nil)
			}
		}
	})
	b.Run("text", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for i, d := range docs {
				rs.extractText(d.name, texts[i], nil, nil)
			}
		}
	})
}
