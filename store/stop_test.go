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

// TestStoreStopsOnCancel: once its context is done, start-up and reload begin no report, and
// a cancelled reload leaves the served view as it was.
func TestStoreStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt", "c.txt", "d.txt"} {
		write(t, filepath.Join(dir, name), "econ_gdp_yuan 1\nEND\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	inner := lineExtract(&n)
	s := newStore(testRules(t), extract.OSFS{}, []string{dir}, nil)
	s.workers = 1
	s.extract = func(rs *extract.RuleSet, fsys fs.FS, p string) (*extract.Result, error) {
		cancel() // a signal comes during the first report
		return inner(rs, fsys, p)
	}
	if err := s.loadAll(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("start-up cancelled: %v, want context.Canceled", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d reports extracted after the cancel, want only the one under way", n.Load()-1)
	}

	s, _ = testStore(t, dir)
	before := s.View()
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if err := s.ReloadContext(ctx, func() (*extract.RuleSet, error) { return testRules(t), nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("reload cancelled: %v, want context.Canceled", err)
	}
	if s.View() != before {
		t.Error("a cancelled reload published a new view")
	}
}
