// Package e2etest starts the real programs the exporter works with (its own binary,
// Prometheus, promtool, VictoriaMetrics) for end-to-end tests.
//
// Every process listens on a free loopback port, keeps its data in the test's temporary
// directory and is stopped by its pid when the test ends. A program that is not installed makes
// the test skip with a message, except in CI (CI=true), where it makes the test fail:
// scripts/test.sh installs them.
//
// A test binary that calls BuildBinary should run its tests through Main, which removes the
// built binary at the end:
//
//	func TestMain(m *testing.M) { e2etest.Main(m) }
package e2etest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartTimeout bounds how long a started program may take to become ready.
var StartTimeout = 90 * time.Second

// InCI reports whether the tests run in CI, where missing programs are failures.
func InCI() bool {
	v, _ := strconv.ParseBool(os.Getenv("CI"))
	return v
}

// LookPath returns the path of the named program: /usr/bin/<name> (where the Debian packages
// put them) or else the first on PATH. When it is missing the test skips, or fails in CI. With
// go test -short every test that starts an external program skips here.
func LookPath(t testing.TB, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: not starting %s", name)
	}
	for _, p := range []string{filepath.Join("/usr/bin", name)} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	msg := fmt.Sprintf("%s is not installed (scripts/test.sh installs it with apt-get)", name)
	if InCI() {
		t.Fatalf("%s; CI=true, so this fails instead of skipping", msg)
	}
	t.Skip(msg)
	return ""
}

// FreePort returns a TCP port that was free on 127.0.0.1 a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatalf("free port %d: %v", port, err)
	}
	return port
}

var build struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// BuildBinary builds ./cmd/report_exporter once per test binary and returns its path.
func BuildBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not building and starting the binary")
	}
	build.once.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			build.err = err
			return
		}
		build.dir, err = os.MkdirTemp("", "report_exporter-e2e-")
		if err != nil {
			build.err = err
			return
		}
		build.bin = filepath.Join(build.dir, "report_exporter")
		cmd := exec.Command("go", "build", "-o", build.bin, "./cmd/report_exporter")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build ./cmd/report_exporter: %w\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// Main runs the tests of a package and then removes what BuildBinary built. Call it from
// TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		if err := os.RemoveAll(build.dir); err != nil {
			fmt.Fprintf(os.Stderr, "e2etest: remove the binary built: %v\n", err)
		}
	}
	os.Exit(code)
}

// moduleRoot returns the folder of the go.mod the test runs in.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("go env GOMOD: not inside a module")
	}
	return filepath.Dir(gomod), nil
}

// Backfill turns an OpenMetrics file into TSDB blocks under storageDir with
// `promtool tsdb create-blocks-from openmetrics`. promtool is the program's path; empty means
// the installed one.
func Backfill(t testing.TB, promtool, openMetricsFile, storageDir string) {
	t.Helper()
	if promtool == "" {
		promtool = LookPath(t, "promtool")
	}
	if err := os.MkdirAll(storageDir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", openMetricsFile, storageDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
}

// process is a started program, stopped by its pid when the test ends.
type process struct {
	name   string
	cmd    *exec.Cmd
	log    *lockedBuffer
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

// start starts the program; its output is kept and logged if the test fails.
func start(t testing.TB, name string, args ...string) *process {
	t.Helper()
	p := &process{name: filepath.Base(name), log: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(name, args...)
	p.cmd.Stdout = p.log
	p.cmd.Stderr = p.log
	p.cmd.Dir = t.TempDir()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("output of %s (pid %d), last lines:\n%s", strings.Join(p.cmd.Args, " "), p.cmd.Process.Pid, lastLines(p.log.String(), 40))
		}
	})
	return p
}

// stop ends the process by its pid: SIGTERM, then SIGKILL if it lingers.
func (p *process) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = syscall.Kill(p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
	}
}

// waitReady polls url until it answers 200, the process exits or StartTimeout passes.
func (p *process) waitReady(t testing.TB, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		last = err
		select {
		case <-p.exited:
			t.Fatalf("%s exited before it was ready (%v):\n%s", p.name, p.err, p.log.String())
		case <-ctx.Done():
			t.Fatalf("%s not ready at %s after %v: %v\n%s", p.name, url, StartTimeout, last, p.log.String())
		case <-tick.C:
		}
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
