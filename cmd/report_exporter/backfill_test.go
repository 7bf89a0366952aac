package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackfillNeedsATarget(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"backfill"}, &stdout, &stderr); code != 2 {
		t.Fatalf("backfill without --output or --remote-write.url: exit %d, want 2 (stderr %q)", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "--output") {
		t.Errorf("stderr %q does not say what is missing", stderr.String())
	}
}

func TestBackfillOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "history.om")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"backfill", "--output", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(data), "# EOF\n") {
		t.Errorf("output does not end with # EOF:\n%s", data)
	}
	if strings.Contains(stderr.String(), "\r") {
		t.Errorf("progress line written to a stderr that is not a terminal: %q", stderr.String())
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left beside the output: %v", leftovers)
	}
}
