package extract_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// readExpectedCore reads the spec of the seeds: the rows every run must give (required), the
// rows it may give (optional), and the metric names they cover.
func readExpectedCore(t *testing.T, file string) (required, optional map[testutil.GoldKey]float64, names map[string]bool) {
	t.Helper()
	rows, err := testutil.ReadGold(file)
	if err != nil {
		t.Fatal(err)
	}
	required, optional, names = map[testutil.GoldKey]float64{}, map[testutil.GoldKey]float64{}, map[string]bool{}
	for _, r := range rows {
		names[r.Key.Name] = true
		if r.Optional {
			optional[r.Key] = r.Value
		} else {
			required[r.Key] = r.Value
		}
	}
	return required, optional, names
}

// builtinRules compiles the rules the binary carries.
func builtinRules(t *testing.T) *extract.RuleSet {
	t.Helper()
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// closeEnough is the seed scorer's comparison: relative tolerance 1e-6.
func closeEnough(a, b float64) bool {
	return math.Abs(a-b) <= math.Max(1e-6*math.Max(math.Abs(a), math.Abs(b)), 1e-9)
}

// TestSeeds: the built-in rules on the seed reports give every required core figure of
// testdata/expected-core.tsv with its value, and no other sample of a core metric than the
// optional rows.
func TestSeeds(t *testing.T) {
	required, optional, names := readExpectedCore(t, testutil.SeedsGold())
	if len(required) == 0 || len(names) == 0 {
		t.Fatal("testdata/expected-core.tsv lists no required rows")
	}
	rs := builtinRules(t)
	var results []*extract.Result
	err := extract.Walk(extract.OSFS{}, []string{"../seeds"}, func(p string) error {
		res, err := rs.ExtractFile(extract.OSFS{}, p)
		if err != nil {
			return err
		}
		results = append(results, res)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]bool{}
	for k := range required {
		docs[k.Doc] = true
	}
	if len(results) < len(docs) {
		t.Fatalf("read %d seed reports, the spec names %d", len(results), len(docs))
	}
	samples, conflicts := store.Merge(results)
	for _, c := range conflicts {
		if names[c.Key.Name] {
			t.Errorf("conflict between seeds: %s", c)
		}
	}

	got := map[testutil.GoldKey][]series.Sample{}
	for _, s := range samples {
		if !names[s.Name] {
			continue
		}
		k := testutil.KeyOf(&s)
		got[k] = append(got[k], s)
	}

	var misses, extras []string
	for k, v := range required {
		if !slices.ContainsFunc(got[k], func(s series.Sample) bool { return closeEnough(s.Value, v) }) {
			line := fmt.Sprintf("MISS   %s\t%g", k, v)
			for _, s := range got[k] {
				line += fmt.Sprintf("  (got %g from %s:%d %q)", s.Value, s.Source.File, s.Source.Line, s.Source.Text)
			}
			misses = append(misses, line)
		}
	}
	for k, ss := range got {
		want, ok := required[k]
		if !ok {
			want, ok = optional[k]
		}
		for _, s := range ss {
			if ok && closeEnough(s.Value, want) {
				continue
			}
			line := fmt.Sprintf("EXTRA  %s\t%g  from %s:%d %q", k, s.Value, s.Source.File, s.Source.Line, s.Source.Text)
			if ok {
				line += fmt.Sprintf(" (spec: %g)", want)
			}
			extras = append(extras, line)
		}
	}
	slices.Sort(misses)
	slices.Sort(extras)
	if len(misses)+len(extras) > 0 {
		t.Errorf("seeds differ from testdata/expected-core.tsv (%d of %d required rows missing, %d samples not in it):\n%s",
			len(misses), len(required), len(extras), strings.Join(append(misses, extras...), "\n"))
	}
}
