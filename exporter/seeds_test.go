package exporter_test

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/exporter"
)

// seedKey is one row of expected-core.tsv without its value: the seed file (without .txt), the
// metric, its labels and the date of its timestamp in China time.
type seedKey struct {
	doc, name, region, kind, period, bound, date string
}

func (k seedKey) String() string {
	return strings.Join([]string{k.doc, k.name, k.region, k.kind, k.period, k.bound, k.date}, "\t")
}

// readExpectedCore reads the spec of the seeds: the rows every run must give (required), the
// rows it may give (optional, doc starting with ?), and the metric names they cover.
func readExpectedCore(t *testing.T, file string) (required, optional map[seedKey]float64, names map[string]bool) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	required, optional, names = map[seedKey]float64{}, map[seedKey]float64{}, map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 8 {
			t.Fatalf("%s:%d: %d columns, want 8", file, n, len(c))
		}
		v, err := strconv.ParseFloat(c[7], 64)
		if err != nil {
			t.Fatalf("%s:%d: value: %v", file, n, err)
		}
		k := seedKey{strings.TrimPrefix(c[0], "?"), c[1], c[2], c[3], c[4], c[5], c[6]}
		names[k.name] = true
		if strings.HasPrefix(c[0], "?") {
			optional[k] = v
		} else {
			required[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return required, optional, names
}

// builtinRules compiles the rules the binary carries.
func builtinRules(t *testing.T) *exporter.RuleSet {
	t.Helper()
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := exporter.NewRuleSet(cfg)
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
	required, optional, names := readExpectedCore(t, "testdata/expected-core.tsv")
	if len(required) == 0 || len(names) == 0 {
		t.Fatal("testdata/expected-core.tsv lists no required rows")
	}
	rs := builtinRules(t)
	var results []*exporter.Result
	err := exporter.Walk(exporter.OSFS{}, []string{"../seeds"}, func(p string) error {
		res, err := rs.ExtractFile(exporter.OSFS{}, p)
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
		docs[k.doc] = true
	}
	if len(results) < len(docs) {
		t.Fatalf("read %d seed reports, the spec names %d", len(results), len(docs))
	}
	samples, conflicts := exporter.Merge(results)
	for _, c := range conflicts {
		if names[c.Key.Name] {
			t.Errorf("conflict between seeds: %s", c)
		}
	}

	got := map[seedKey][]exporter.Sample{}
	for _, s := range samples {
		if !names[s.Name] {
			continue
		}
		k := seedKey{
			doc:  strings.TrimSuffix(path.Base(s.Source.File), ".txt"),
			name: s.Name, region: s.Labels.Region, kind: s.Labels.Kind, period: s.Labels.Period,
			bound: s.Labels.Bound, date: s.Time.In(exporter.China).Format(time.DateOnly),
		}
		got[k] = append(got[k], s)
	}

	var misses, extras []string
	for k, v := range required {
		if !slices.ContainsFunc(got[k], func(s exporter.Sample) bool { return closeEnough(s.Value, v) }) {
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
