package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/extract"
)

// flakyFS is the operating system's file system with faults: the folder locked cannot be
// listed (as for a folder without permission, which root can list anyway), and the file gone
// is listed but vanishes before it is looked at.
type flakyFS struct {
	extract.OSFS
	locked, gone string
}

func (f flakyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return os.ReadDir(name)
}

func (f flakyFS) Stat(name string) (fs.FileInfo, error) {
	if name == f.gone {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return f.OSFS.Stat(name)
}

// badFolder makes a folder of good reports among entries that cannot be read: a dangling
// symlink, a symlink loop, a FIFO, a symlink to a device, a folder that cannot be listed and a
// file that vanishes between listing and look.
func badFolder(t *testing.T) (string, flakyFS) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "econ_gdp_yuan 1\nEND\n")
	write(t, filepath.Join(dir, "gone.txt"), "econ_gdp_yuan 9\nEND\n")
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(locked, "in.txt"), "econ_gdp_yuan 3\nEND\n")
	for name, target := range map[string]string{"b.txt": "nowhere.txt", "c.txt": "c.txt", "dev.txt": os.DevNull} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	write(t, filepath.Join(dir, "z.txt"), "econ_gdp_yuan 2\nEND\n")
	return dir, flakyFS{locked: locked, gone: filepath.Join(dir, "gone.txt")}
}

const wantBadFolder = "a.txt econ_gdp_yuan{罗湖区}=1; z.txt econ_gdp_yuan{罗湖区}=2; !b.txt; !c.txt; !dev.txt; !fifo.txt; !locked"

func TestStoreSurvivesBadEntries(t *testing.T) {
	dir, fsys := badFolder(t)
	s := newStore(testRules(t), fsys, []string{dir}, nil)
	var n atomic.Int64
	s.extract = lineExtract(&n)
	if err := s.loadAll(context.Background()); err != nil {
		t.Fatalf("start-up: %v", err)
	}
	if got := served(s.View()); got != wantBadFolder {
		t.Errorf("start-up served %q, want %q", got, wantBadFolder)
	}
	for _, f := range s.View().Failures {
		if !strings.Contains(f.Err.Error(), f.File) {
			t.Errorf("failure %v does not name %s", f.Err, f.File)
		}
	}
	for name, want := range map[string]error{"fifo.txt": extract.ErrNotRegular, "dev.txt": extract.ErrNotRegular, "locked": fs.ErrPermission} {
		if f := failure(s.View(), name); !errors.Is(f, want) {
			t.Errorf("failure of %s: %v, want %v", name, f, want)
		}
	}

	// The watcher sees files sorted after the bad entries.
	write(t, filepath.Join(dir, "y.txt"), "econ_gdp_yuan 4\nEND\n")
	s.Scan(time.Time{}, time.Hour)
	s.Scan(time.Time{}, time.Hour)
	want := strings.Replace(wantBadFolder, "; z.txt", "; y.txt econ_gdp_yuan{罗湖区}=4; z.txt", 1)
	if got := served(s.View()); got != want {
		t.Errorf("after a scan served %q, want %q", got, want)
	}

	// A reload goes through.
	if err := s.Reload(func() (*extract.RuleSet, error) { return testRules(t), nil }); err != nil {
		t.Errorf("reload: %v", err)
	}
	if got := served(s.View()); got != want {
		t.Errorf("after a reload served %q, want %q", got, want)
	}
}

// failure returns the error of the failed document named name, or nil.
func failure(v *View, name string) error {
	for _, f := range v.Failures {
		if filepath.Base(f.File) == name {
			return f.Err
		}
	}
	return nil
}

// TestStoreBadSidecarKeepsLastGood: a sidecar that goes bad beside an unchanged report keeps
// the report's last good figures serving, with the error reported beside them; fixing the
// sidecar clears the error.
func TestStoreBadSidecarKeepsLastGood(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	write(t, p, "econ_gdp_yuan 1\nEND\n")
	write(t, p+extract.SidecarSuffix, "region: 福田区\n")
	s, _ := testStore(t, dir)
	s.extract = func(rs *extract.RuleSet, fsys fs.FS, p string) (*extract.Result, error) {
		side, err := fs.ReadFile(fsys, p+extract.SidecarSuffix)
		if err == nil && strings.Contains(string(side), "[") {
			return nil, errors.New(p + extract.SidecarSuffix + ":1:9: bad sidecar")
		}
		var n atomic.Int64
		return lineExtract(&n)(rs, fsys, p)
	}
	good := "a.txt econ_gdp_yuan{福田区}=1"
	if got := served(s.View()); got != good {
		t.Fatalf("served %q, want %q", got, good)
	}
	write(t, p+extract.SidecarSuffix, "region: [福田区\n")
	s.Scan(time.Time{}, time.Hour)
	s.Scan(time.Time{}, time.Hour)
	if got, want := served(s.View()), good+"; !a.txt"; got != want {
		t.Errorf("bad sidecar: served %q, want %q (the last good state and the error)", got, want)
	}
	write(t, p+extract.SidecarSuffix, "region: 罗湖区\n")
	s.Scan(time.Time{}, time.Hour)
	s.Scan(time.Time{}, time.Hour)
	if got, want := served(s.View()), "a.txt econ_gdp_yuan{罗湖区}=1"; got != want {
		t.Errorf("sidecar fixed: served %q, want %q", got, want)
	}
}
