package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// lineExtract stands in for the engine: a report is lines `metric value`, closed by a line END;
// a report without END is an error, so a file read half-way shows. The sidecar, if any, gives
// the region. It counts its calls in n.
func lineExtract(n *atomic.Int64) func(*extract.RuleSet, fs.FS, string) (*extract.Result, error) {
	return func(_ *extract.RuleSet, fsys fs.FS, p string) (*extract.Result, error) {
		n.Add(1)
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		region := "罗湖区"
		if side, err := fs.ReadFile(fsys, p+extract.SidecarSuffix); err == nil {
			region = strings.TrimSpace(strings.TrimPrefix(string(side), "region:"))
		}
		r := &extract.Result{File: p, Region: region}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			f := strings.Fields(sc.Text())
			if len(f) == 1 && f[0] == "END" {
				return r, nil
			}
			if len(f) != 2 {
				return nil, fmt.Errorf("%s:%d: want `metric value`", p, line)
			}
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", p, line, err)
			}
			r.Samples = append(r.Samples, series.Sample{
				Name:   f[0],
				Labels: series.Labels{Region: region, Kind: series.KindActual, Period: "1-12"},
				Value:  v,
				Time:   testutil.Day("2022-12-31"),
				Source: series.Source{File: p, Line: line},
			})
		}
		return nil, fmt.Errorf("%s: no END line", p)
	}
}

// testStore opens a store on dir with lineExtract.
func testStore(t *testing.T, dir string) (*Store, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	s := newStore(testRules(t), extract.OSFS{}, []string{dir}, nil)
	s.extract = lineExtract(&n)
	if err := s.loadAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, &n
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// served returns "file metric=value ..." for each document of the view, and "!file" for each
// failure, sorted by file.
func served(v *View) string {
	var b strings.Builder
	for _, r := range v.Documents {
		fmt.Fprintf(&b, "%s", filepath.Base(r.File))
		for _, s := range r.Samples {
			fmt.Fprintf(&b, " %s{%s}=%g", s.Name, s.Labels.Region, s.Value)
		}
		b.WriteString("; ")
	}
	for _, f := range v.Failures {
		fmt.Fprintf(&b, "!%s; ", filepath.Base(f.File))
	}
	return strings.TrimSuffix(b.String(), "; ")
}

func TestStoreAddChangeRemove(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	write(t, a, "econ_gdp_yuan 1\nEND\n")
	s, _ := testStore(t, dir)

	check := func(want string) {
		t.Helper()
		if got := served(s.View()); got != want {
			t.Errorf("served %q, want %q", got, want)
		}
	}
	check("a.txt econ_gdp_yuan{罗湖区}=1")

	// settle 0: every change is settled at once.
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(sub, "b.txt"), "econ_gdp_yuan 2\nEND\n")
	write(t, filepath.Join(sub, ".b.txt.swp"), "junk")
	s.Scan(time.Now().Add(time.Second), 0)
	check("a.txt econ_gdp_yuan{罗湖区}=1; b.txt econ_gdp_yuan{罗湖区}=2")
	// The same observation from two documents merges into one; the later file name wins a tie.
	if l := s.View().Latest; len(l) != 1 || l[0].Value != 2 {
		t.Errorf("latest %+v, want the one sample of b.txt", l)
	}

	write(t, a, "econ_gdp_yuan 3\necon_gdp_growth_ratio 0.05\nEND\n")
	s.Scan(time.Now().Add(time.Second), 0)
	check("a.txt econ_gdp_yuan{罗湖区}=3 econ_gdp_growth_ratio{罗湖区}=0.05; b.txt econ_gdp_yuan{罗湖区}=2")

	write(t, a+extract.SidecarSuffix, "region: 福田区\n")
	s.Scan(time.Now().Add(time.Second), 0)
	check("a.txt econ_gdp_yuan{福田区}=3 econ_gdp_growth_ratio{福田区}=0.05; b.txt econ_gdp_yuan{罗湖区}=2")

	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	s.Scan(time.Now().Add(time.Second), 0)
	check("b.txt econ_gdp_yuan{罗湖区}=2")

	if err := os.RemoveAll(sub); err != nil {
		t.Fatal(err)
	}
	s.Scan(time.Now().Add(time.Second), 0)
	check("")
}

func TestStoreWaitsForHalfWrittenFile(t *testing.T) {
	dir := t.TempDir()
	s, n := testStore(t, dir)
	p := filepath.Join(dir, "a.txt")
	scan := func() { s.Scan(time.Now(), time.Hour) } // nothing settles by age

	write(t, p, "econ_gdp_yuan 1\n") // the writer is half-way
	scan()
	if got := served(s.View()); got != "" || n.Load() != 0 {
		t.Fatalf("after the first look: served %q with %d extractions, want nothing read", got, n.Load())
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("END\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	scan() // changed since the last look: wait again
	if got := served(s.View()); got != "" || n.Load() != 0 {
		t.Fatalf("after the second look: served %q with %d extractions, want nothing read", got, n.Load())
	}
	scan() // the same twice: read it
	if got, want := served(s.View()), "a.txt econ_gdp_yuan{罗湖区}=1"; got != want {
		t.Fatalf("after the third look: served %q, want %q", got, want)
	}
	scan()
	if n.Load() != 1 {
		t.Errorf("%d extractions of an unchanged file, want 1", n.Load())
	}

	// An old file seen for the first time is settled at once.
	old := filepath.Join(dir, "old.txt")
	write(t, old, "econ_gdp_yuan 5\nEND\n")
	past := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(old, past, past); err != nil {
		t.Fatal(err)
	}
	scan()
	if got, want := served(s.View()), "a.txt econ_gdp_yuan{罗湖区}=1; old.txt econ_gdp_yuan{罗湖区}=5"; got != want {
		t.Errorf("served %q, want %q", got, want)
	}
}

func TestStoreRetriesFailures(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	write(t, p, "econ_gdp_yuan one\nEND\n")
	s, n := testStore(t, dir)
	v := s.View()
	if got := served(v); got != "!a.txt" {
		t.Fatalf("served %q, want the failure of a.txt", got)
	}
	if err := v.Failures[0].Err; err == nil || !strings.Contains(err.Error(), "a.txt:1") {
		t.Errorf("failure error %v, want the position", err)
	}
	// An unchanged failed file is not read again on every scan: a large binary would cost a
	// core. A change, or a reload, tries again.
	s.Scan(time.Now(), time.Hour)
	s.Scan(time.Now(), time.Hour)
	if n.Load() != 1 {
		t.Errorf("%d extractions, want an unchanged failed file left alone by the scans", n.Load())
	}
	write(t, p, "econ_gdp_yuan 1\nEND\n")
	s.Scan(time.Now(), time.Hour)
	s.Scan(time.Now(), time.Hour)
	if got, want := served(s.View()), "a.txt econ_gdp_yuan{罗湖区}=1"; got != want {
		t.Errorf("served %q, want %q", got, want)
	}
}

func TestStoreMissingRoot(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewStore(testRules(t), extract.OSFS{}, []string{filepath.Join(dir, "nope")}, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("NewStore on a missing path: %v, want not exist", err)
	}
	// A root removed while served: its documents go, the scan goes on.
	p := filepath.Join(dir, "a.txt")
	write(t, p, "econ_gdp_yuan 1\nEND\n")
	var n atomic.Int64
	s := newStore(testRules(t), extract.OSFS{}, []string{p}, nil)
	s.extract = lineExtract(&n)
	if err := s.loadAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	s.Scan(time.Now(), 0)
	if got := served(s.View()); got != "" {
		t.Errorf("served %q after the file root was removed, want nothing", got)
	}
}

func TestStoreReload(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "econ_gdp_yuan 1\nEND\n")
	s, n := testStore(t, dir)
	before := s.View()
	if !before.Reload.Successful || before.Reload.LastSuccess.IsZero() {
		t.Fatalf("start-up reload status %+v, want successful", before.Reload)
	}

	// A rules file that cannot be loaded: refused, the old rules and documents keep serving.
	bad := filepath.Join(dir, "missing.yaml")
	err := s.Reload(func() (*extract.RuleSet, error) {
		cfg, err := config.Load(bad)
		if err != nil {
			return nil, err
		}
		return extract.NewRuleSet(cfg)
	})
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Fatalf("reload of a missing rules file: %v, want its error", err)
	}
	v := s.View()
	if v.Rules != before.Rules || served(v) != served(before) {
		t.Errorf("after a failed reload: rules swapped or documents changed (%q)", served(v))
	}
	if v.Reload.Successful || !v.Reload.LastSuccess.Equal(before.Reload.LastSuccess) || v.Reload.Err == nil {
		t.Errorf("after a failed reload: status %+v, want failed with the old success time", v.Reload)
	}

	// Good rules: every document extracted again with them, one swap.
	extracted := n.Load()
	time.Sleep(time.Millisecond) // LastSuccess must move on coarse clocks
	err = s.Reload(func() (*extract.RuleSet, error) {
		cfg, err := config.Parse("new.yaml", []byte("indicators: []\n"))
		if err != nil {
			return nil, err
		}
		return extract.NewRuleSet(cfg)
	})
	if err != nil {
		t.Fatal(err)
	}
	v = s.View()
	if v.Rules == before.Rules || v.Rules.Config().File != "new.yaml" {
		t.Errorf("after a good reload: rules not swapped")
	}
	if n.Load() != extracted+1 {
		t.Errorf("after a good reload: %d extractions, want every document again", n.Load()-extracted)
	}
	if !v.Reload.Successful || v.Reload.Err != nil || !v.Reload.LastSuccess.After(before.Reload.LastSuccess) {
		t.Errorf("after a good reload: status %+v, want successful and newer", v.Reload)
	}
	if got, want := served(v), "a.txt econ_gdp_yuan{罗湖区}=1"; got != want {
		t.Errorf("after a good reload: served %q, want %q", got, want)
	}
}

// TestStoreWatch runs the real watcher and engine: a report dropped into the folder shows among
// the documents within seconds, and goes when removed.
func TestStoreWatch(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStore(testRules(t), extract.OSFS{}, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Watch(ctx, 20*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()

	waitFor := func(what string, ok func(*View) bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok(s.View()) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 10s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	p := filepath.Join(dir, "report.txt")
	write(t, p, "2022年政府工作报告\n")
	waitFor("report added", func(v *View) bool { return len(v.Documents) == 1 && v.Documents[0].File == p })
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	waitFor("report removed", func(v *View) bool { return len(v.Documents) == 0 })
}

// TestStoreParallelLoad loads and reloads many reports, some failing, on several workers: the
// view is the one a single worker gives, and every report is extracted once per load.
func TestStoreParallelLoad(t *testing.T) {
	dir := t.TempDir()
	for i := range 60 {
		text := fmt.Sprintf("econ_gdp_yuan %d\necon_gdp_growth_ratio 0.0%d\nEND\n", i+1, i%10)
		if i%7 == 3 {
			text = "econ_gdp_yuan 1\n" // no END: fails
		}
		write(t, filepath.Join(dir, fmt.Sprintf("r%02d.txt", i)), text)
	}
	load := func(workers int) (string, int64) {
		t.Helper()
		var n atomic.Int64
		s := newStore(testRules(t), extract.OSFS{}, []string{dir}, nil)
		s.extract, s.workers = lineExtract(&n), workers
		if err := s.loadAll(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := s.Reload(func() (*extract.RuleSet, error) { return testRules(t), nil }); err != nil {
			t.Fatal(err)
		}
		return served(s.View()), n.Load()
	}
	want, calls := load(1)
	if calls != 120 || !strings.Contains(want, "!r03.txt") {
		t.Fatalf("serial load: %d extractions, served %q", calls, want)
	}
	for _, workers := range []int{2, 5} {
		if got, calls := load(workers); got != want || calls != 120 {
			t.Errorf("workers=%d: %d extractions, served\n%s\nwant\n%s", workers, calls, got, want)
		}
	}
}

// testRules returns a rule set naming the GDP metrics, for the help texts.
func testRules(t *testing.T) *extract.RuleSet {
	t.Helper()
	rs, err := extract.NewRuleSet(testutil.GDPConfig())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
