package extract_test

import (
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// The floors of the real-report corpus: a change that lowers either fails.
const (
	realRecallFloor    = 0.965
	realPrecisionFloor = 0.982
)

// TestRealCorpus extracts each report of testdata/real/reports alone with the default rules
// (its sidecar only where the text lacks place or year) and scores the core series against the
// gold lists of testdata/real/gold: recall is the share of required rows found with their
// value, precision the share of emitted core samples that are right (required or optional).
// With -v it prints every miss and every wrong sample; REAL_CORPUS_ONLY=b_ scores the reports
// whose names start so.
func TestRealCorpus(t *testing.T) {
	var gold []testutil.GoldRow
	files, _ := filepath.Glob("testdata/real/gold/*.tsv")
	for _, f := range files {
		rows, err := testutil.ReadGold(f)
		if err != nil {
			t.Fatal(err)
		}
		gold = append(gold, rows...)
	}
	if len(gold) == 0 {
		t.Fatal("no gold rows under testdata/real/gold")
	}
	want := map[testutil.GoldKey][]testutil.GoldRow{} // a key may have a required and an optional value
	names := map[string]bool{}
	for _, r := range gold {
		want[r.Key] = append(want[r.Key], r)
		names[r.Key.Name] = true
	}
	rs := builtinRules(t)
	got := map[testutil.GoldKey][]series.Sample{}
	docs := 0
	only := os.Getenv("REAL_CORPUS_ONLY") // a prefix of report names, to look at a part
	err := extract.Walk(extract.OSFS{}, []string{"testdata/real/reports"}, func(p string) error {
		if !strings.HasPrefix(path.Base(p), only) {
			return nil
		}
		docs++
		res, err := rs.ExtractFile(extract.OSFS{}, p)
		if err != nil {
			t.Logf("SKIP   %s: %v", p, err)
			return nil
		}
		for _, s := range res.Samples {
			if !names[s.Name] {
				continue
			}
			k := testutil.KeyOf(&s)
			got[k] = append(got[k], s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	required, found, emitted, right := 0, 0, 0, 0
	for k, rows := range want {
		for _, r := range rows {
			if r.Optional || !strings.HasPrefix(k.Doc, only) {
				continue
			}
			required++
			if slices.ContainsFunc(got[k], func(s series.Sample) bool { return near(s.Value, r.Value) }) {
				found++
			} else {
				lines = append(lines, fmt.Sprintf("MISS  %s\t%g", k, r.Value))
			}
		}
	}
	for k, ss := range got {
		for _, s := range ss {
			emitted++
			if slices.ContainsFunc(want[k], func(r testutil.GoldRow) bool { return near(s.Value, r.Value) }) {
				right++
				continue
			}
			lines = append(lines, fmt.Sprintf("FALSE %s\t%g\t%s:%d %q", k, s.Value, s.Source.File, s.Source.Line, s.Source.Text))
		}
	}
	slices.Sort(lines)
	if testing.Verbose() || os.Getenv("REAL_CORPUS_DETAIL") != "" {
		for _, l := range lines {
			t.Log(l)
		}
	}
	recall := float64(found) / float64(max(required, 1))
	precision := float64(right) / float64(max(emitted, 1))
	t.Logf("real corpus: %d reports, %d required figures: recall %.3f (%d), precision %.3f (%d of %d emitted)",
		docs, required, recall, found, precision, right, emitted)
	if recall < realRecallFloor || precision < realPrecisionFloor {
		t.Errorf("recall %.3f, precision %.3f: under the floors %.2f, %.2f", recall, precision, realRecallFloor, realPrecisionFloor)
	}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= math.Max(1e-6*math.Max(math.Abs(a), math.Abs(b)), 1e-9)
}
