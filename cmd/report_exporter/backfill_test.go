package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// TestBackfillOutputNotRegular: --output writes through to what is no regular file (a FIFO
// here, as /dev/stdout or /dev/null) instead of renaming a file over it, and through a
// symlink to its target, leaving the link.
func TestBackfillOutputNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	read := make(chan []byte, 1)
	go func() {
		data, _ := os.ReadFile(fifo)
		read <- data
	}()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"backfill", "--output", fifo}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("--output %s: now %v (%v), want the FIFO left in place", fifo, fi.Mode(), err)
	}
	if data := <-read; !bytes.HasSuffix(data, []byte("# EOF\n")) {
		t.Errorf("the FIFO's reader got %d bytes without the # EOF end", len(data))
	}

	target := filepath.Join(dir, "history.om")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.om")
	if err := os.Symlink("history.om", link); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"backfill", "--output", link}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("--output through a symlink replaced the link: %v (%v)", fi.Mode(), err)
	}
	if data, err := os.ReadFile(target); err != nil || !bytes.HasSuffix(data, []byte("# EOF\n")) {
		t.Errorf("the symlink's target holds %d bytes (%v), want the history", len(data), err)
	}
}
