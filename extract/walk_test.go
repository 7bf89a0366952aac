package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOSFSRegularFilesOnly: a FIFO, a device or a symlink to one is refused with ErrNotRegular
// without being read (a FIFO would block, /dev/zero would never end), and a report over the
// size limit with ErrTooLarge.
func TestOSFSRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	// A writer that would feed a reader of the FIFO: reading it would give its bytes.
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			_, _ = f.WriteString("地区生产总值增长4.2%。\n")
			_ = f.Close()
		}
	}()
	t.Cleanup(func() {
		// Open the reading end, so that the writer's open returns and it ends.
		if f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			<-wrote
			_ = f.Close()
		}
	})
	dev := filepath.Join(dir, "dev.txt")
	if err := os.Symlink(os.DevNull, dev); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, dev, os.DevNull, dir} {
		data, err := OSFS{}.ReadFile(p)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), p) {
			t.Errorf("ReadFile(%s) = %q, %v; want an error naming it, wrapping ErrNotRegular", p, data, err)
		}
	}

	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (OSFS{MaxBytes: 9}).ReadFile(big); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "--report.max-bytes") {
		t.Errorf("10 bytes with a limit of 9: %v, want ErrTooLarge naming the flag", err)
	}
	if data, err := (OSFS{MaxBytes: 10}).ReadFile(big); err != nil || len(data) != 10 {
		t.Errorf("10 bytes with a limit of 10: %d bytes, %v", len(data), err)
	}
}

// TestWalkReportsGoesOn: an entry that cannot be looked at is reported with its error and
// the walk goes on in order; the old Walk still stops at it.
func TestWalkReportsGoesOn(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "z.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{"b.txt": "nowhere", "c.txt": "c.txt"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	err := WalkReports(OSFS{}, []string{dir}, func(p string, err error) error {
		s := filepath.Base(p)
		if err != nil {
			s += " ! " + strings.ReplaceAll(err.Error(), dir, "D")
		}
		got = append(got, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.txt",
		"b.txt ! D/b.txt: dangling symlink: stat D/b.txt: no such file or directory",
		"c.txt ! D/c.txt: follow symlink: stat D/c.txt: too many levels of symbolic links",
		"z.txt",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("walked\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := Walk(OSFS{}, []string{dir}, func(string) error { return nil }); err == nil {
		t.Error("Walk: no error for the dangling symlink")
	}
}
