package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/internal/e2etest"
)

// TestServeStopsDuringStartUp sends SIGTERM to `serve` while it reads a folder of thousands of
// reports: it stops between reports and exits 0, without reading the rest. The exporter's log
// goes to a pipe the test stops reading once extraction is under way and the server listens,
// so the extraction stalls on its log lines and is still running when the signal comes,
// however fast the machine. Meanwhile the server answers: /-/healthy 200, /-/ready and
// /metrics 503.
func TestServeStopsDuringStartUp(t *testing.T) {
	bin := e2etest.BuildBinary(t)
	dir := t.TempDir()
	for i := range 3000 {
		text := fmt.Sprintf("罗湖区2022年国民经济和社会发展计划执行情况(%d)\n2022年，全区地区生产总值增长4.2%%。\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := "http://127.0.0.1:" + strconv.Itoa(e2etest.FreePort(t))
	cmd := exec.Command(bin, "serve", "--web.listen-address="+strings.TrimPrefix(base, "http://"), "--log.level=debug", dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	defer func() {
		// A guard, not a measure: an exporter that ignores the signal is killed.
		select {
		case <-exited:
		case <-time.After(time.Minute):
			t.Error("serve did not exit within a minute of SIGTERM; killing it")
			_ = cmd.Process.Kill()
			<-exited
		}
	}()

	// Read the log until the first report is extracted and the server serves, then leave the
	// pipe to fill.
	r := bufio.NewReader(stderr)
	var head strings.Builder
	extracting, serving := false, false
	for !extracting || !serving {
		line, err := r.ReadString('\n')
		head.WriteString(line)
		if err != nil {
			t.Fatalf("serve's log ended before extraction began: %v\n%s", err, head.String())
		}
		extracting = extracting || strings.Contains(line, "report extracted") || strings.Contains(line, "extract report")
		serving = serving || strings.Contains(line, "TLS is disabled") // its last line before it serves
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for path, want := range map[string]int{"/-/healthy": http.StatusOK, "/-/ready": http.StatusServiceUnavailable, "/metrics": http.StatusServiceUnavailable} {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Errorf("GET %s while reading: %v", path, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s while reading: %d, want %d", path, resp.StatusCode, want)
		}
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	err = cmd.Wait()
	close(exited)
	took := time.Since(sent)
	t.Logf("exited %v after SIGTERM", took.Round(time.Millisecond))
	if took > time.Second {
		t.Errorf("serve took %v to exit after SIGTERM during start-up, want at most 1s", took.Round(time.Millisecond))
	}
	log := head.String() + string(rest)
	if err != nil {
		t.Errorf("serve after SIGTERM: %v, want exit 0; log tail:\n%s", err, tail(log))
	}
	if strings.Contains(log, `msg="reports extracted"`) {
		t.Errorf("serve read every report before stopping; log tail:\n%s", tail(log))
	}
	if !strings.Contains(log, "stopped while reading the reports") {
		t.Errorf("the log does not say it stopped during start-up; log tail:\n%s", tail(log))
	}
}

// tail returns the last lines of a log.
func tail(log string) string {
	lines := strings.Split(strings.TrimSpace(log), "\n")
	return strings.Join(lines[max(0, len(lines)-10):], "\n")
}
