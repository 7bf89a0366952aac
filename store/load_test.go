package store

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/report-exporter/report_exporter/extract"
)

// TestStoreLoad: a store of New serves nothing until Load has read every report, and a Load
// that fails publishes nothing, so a server can tell "still reading" from "read".
func TestStoreLoad(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "econ_gdp_yuan 1\nEND\n")
	write(t, filepath.Join(dir, "b.txt"), "econ_gdp_yuan 2\nEND\n")

	var n atomic.Int64
	s := New(testRules(t), extract.OSFS{}, []string{dir}, nil)
	s.extract = lineExtract(&n)
	updates := s.Updates()
	if v := s.View(); v != nil {
		t.Fatalf("View before Load: %d documents, want nil", len(v.Documents))
	}
	if n.Load() != 0 {
		t.Fatalf("New extracted %d reports, want none", n.Load())
	}
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	v := s.View()
	if v == nil || len(v.Documents) != 2 || len(v.Samples) != 1 {
		t.Fatalf("View after Load: %+v, want 2 documents and 1 merged sample", v)
	}
	select {
	case <-updates:
	default:
		t.Error("Load published without telling Updates")
	}

	missing := New(testRules(t), extract.OSFS{}, []string{filepath.Join(dir, "nope")}, nil)
	if err := missing.Load(context.Background()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing root: %v, want fs.ErrNotExist", err)
	}
	if missing.View() != nil {
		t.Error("a failed Load published a view")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stopped := New(testRules(t), extract.OSFS{}, []string{dir}, nil)
	if err := stopped.Load(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Load cancelled: %v, want context.Canceled", err)
	}
	if stopped.View() != nil {
		t.Error("a cancelled Load published a view")
	}
}
