package e2etest

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Exporter is a running `report_exporter serve`.
type Exporter struct {
	// URL is its base URL, http://127.0.0.1:port.
	URL string
	// Pid is the process id.
	Pid int

	p *process
}

// StartExporter runs the binary bin (see BuildBinary) as `serve` on a free loopback port with
// args (flags and paths) and waits until it is ready: its reports read, /-/ready answers 200
// (/-/healthy does as soon as it listens). It is stopped when the test ends.
func StartExporter(t testing.TB, bin string, args ...string) *Exporter {
	t.Helper()
	addr := "127.0.0.1:" + strconv.Itoa(FreePort(t))
	p := start(t, bin, append([]string{"serve", "--web.listen-address=" + addr}, args...)...)
	p.waitReady(t, "http://"+addr+"/-/ready")
	return &Exporter{URL: "http://" + addr, Pid: p.cmd.Process.Pid, p: p}
}

// Log returns what the exporter wrote on stdout and stderr so far.
func (e *Exporter) Log() string { return e.p.log.String() }

// Signal sends sig to the exporter's pid, e.g. syscall.SIGHUP to reload the rules.
func (e *Exporter) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(e.Pid, sig); err != nil {
		t.Fatalf("signal %v to pid %d: %v", sig, e.Pid, err)
	}
}

// Get fetches path and returns the status code and body.
func (e *Exporter) Get(t testing.TB, path string) (int, string) {
	t.Helper()
	return e.do(t, http.MethodGet, path)
}

// Post posts an empty body to path, e.g. /-/reload (which needs --web.enable-lifecycle), and
// returns the status code and body.
func (e *Exporter) Post(t testing.TB, path string) (int, string) {
	t.Helper()
	return e.do(t, http.MethodPost, path)
}

func (e *Exporter) do(t testing.TB, method, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, e.URL+path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, e.URL+path, err)
	}
	return resp.StatusCode, string(body)
}

// WaitMetrics polls /metrics until it holds every one of lines (whole lines of the text
// format) and returns the body, or fails the test after timeout.
func (e *Exporter) WaitMetrics(t testing.TB, timeout time.Duration, lines ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		code, body := e.Get(t, "/metrics")
		missing := ""
		for _, l := range lines {
			if !strings.Contains("\n"+body, "\n"+l+"\n") {
				missing = l
				break
			}
		}
		if code == http.StatusOK && missing == "" {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics of %s lacks %q after %v (status %d):\n%s", e.URL, missing, timeout, code, lastLines(body, 60))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Eventually calls check every 200ms until it returns "" or timeout passes; then it fails the
// test with the last message check gave.
func Eventually(t testing.TB, timeout time.Duration, check func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, msg)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
