package mixin

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	reportexporter "github.com/report-exporter/report_exporter"
)

// TestCommittedFilesMatchRules regenerates the dashboards and alert rules from the rules built
// into the binary and compares them byte for byte with the committed files. When it fails,
// run `go run ./cmd/report_exporter generate` at the top of the repository and commit.
func TestCommittedFilesMatchRules(t *testing.T) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := Write(cfg.Indicators, filepath.Join(tmp, "dashboards"), filepath.Join(tmp, "config", "prometheus", "alerts.yml"), DefaultGrafanaURL); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tmp, path)
		got, _ := os.ReadFile(path)
		want, err := os.ReadFile(filepath.Join("..", rel))
		if err != nil {
			t.Errorf("%s: %v; run `go run ./cmd/report_exporter generate` and commit", rel, err)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the rules generate; run `go run ./cmd/report_exporter generate` and commit", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
