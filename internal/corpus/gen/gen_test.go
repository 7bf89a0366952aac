package gen

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
)

func TestSameSeedSameBytes(t *testing.T) {
	corpus := func(seed uint64) []byte {
		g, err := New(seed)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		var gold Gold
		for range 20 {
			d := g.Next()
			fmt.Fprintf(&b, "%s\n", d.Name)
			b.Write(d.Data)
			gold.Add(d.Name, &d)
		}
		if err := gold.WriteTSV(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := corpus(7), corpus(7)
	if !bytes.Equal(a, b) {
		t.Error("two corpora of seed 7 differ")
	}
	if bytes.Equal(a, corpus(8)) {
		t.Error("seeds 7 and 8 give the same corpus")
	}
}

// TestGoldMatchesExtraction checks that every report states exactly the figures its gold
// list names, as the default rules read them, in every encoding.
func TestGoldMatchesExtraction(t *testing.T) {
	data, err := Rules(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("rules.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(1)
	if err != nil {
		t.Fatal(err)
	}
	encodings := map[string]int{}
	for range 60 {
		d := g.Next()
		encodings[d.Encoding]++
		res, err := rs.Extract(d.Name, d.Data, nil)
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		if res.Region != d.Region {
			t.Errorf("%s: region %q, want %q", d.Name, res.Region, d.Region)
		}
		want := map[string]bool{}
		for _, f := range d.Figures {
			want[fmt.Sprintf("%s %s %s %s %s %s %g", f.Metric, f.Region, f.Kind, f.Period, f.Bound, f.Date, f.Value)] = true
		}
		got := map[string]bool{}
		for _, s := range res.Samples {
			l := s.Labels
			k := fmt.Sprintf("%s %s %s %s %s %s %g", s.Name, l.Region, l.Kind, l.Period, l.Bound,
				s.Time.In(series.China).Format("2006-01-02"), s.Value)
			got[k] = true
			if !want[k] {
				t.Errorf("%s: extracted %s, not in the gold list", d.Name, k)
			}
		}
		for k := range want {
			if !got[k] {
				t.Errorf("%s: gold %s not extracted", d.Name, k)
			}
		}
	}
	if encodings["gb18030"] == 0 || encodings["html"] == 0 {
		t.Errorf("encodings %v: want some GB18030 and HTML reports", encodings)
	}
}

func TestRules(t *testing.T) {
	data, err := Rules(200, 1)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("rules200.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Indicators) != 200 {
		t.Errorf("%d indicators, want 200", len(cfg.Indicators))
	}
	if _, err := extract.NewRuleSet(cfg); err != nil {
		t.Fatal(err)
	}
	aliases, err := Aliases(data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range strings.Fields(string(aliases)) {
		if seen[a] {
			t.Errorf("alias %q twice", a)
		}
		seen[a] = true
	}
}
