package extract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/store"
)

// TestGolden extracts each testdata/golden/<case>/report.txt (with its sidecar, if any) with the
// case's rules.yaml, or the built-in rules without one, and compares the `extract` output with
// want.jsonl. go test -run TestGolden -update rewrites want.jsonl.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 6 {
		t.Fatalf("%d golden cases, want at least 6", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			rs := builtinRules(t)
			if rules := filepath.Join(dir, "rules.yaml"); fileExists(rules) {
				cfg, err := config.Load(rules)
				if err != nil {
					t.Fatal(err)
				}
				if rs, err = extract.NewRuleSet(cfg); err != nil {
					t.Fatal(err)
				}
				for _, err := range rs.CheckExamples() {
					t.Errorf("case rules: %v", err)
				}
			}
			report := filepath.ToSlash(filepath.Join(dir, "report.txt"))
			res, err := rs.ExtractFile(extract.OSFS{}, report)
			if err != nil {
				t.Fatal(err)
			}
			got := extractJSONL(t, []*extract.Result{res})
			wantFile := filepath.Join(dir, "want.jsonl")
			if testutil.Update() {
				if err := os.WriteFile(wantFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to write it)", err)
			}
			if len(bytes.TrimSpace(want)) == 0 {
				t.Fatalf("%s is empty: a golden case must give samples", wantFile)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the extraction (go test -run TestGolden -update rewrites it):\n%s",
					wantFile, testutil.LineDiff(string(want), string(got)))
			}
		})
	}
}

// extractJSONL writes merged samples the way `report_exporter extract` does: one JSON object a
// line, HTML characters unescaped.
func extractJSONL(t *testing.T, results []*extract.Result) []byte {
	t.Helper()
	samples, conflicts := store.Merge(results)
	for _, c := range conflicts {
		t.Errorf("conflict: %s", c)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, s := range samples {
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
