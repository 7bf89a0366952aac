package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/common/promslog"
)

// server is report_exporter serve running in the test process on a loopback port.
type server struct {
	t    *testing.T
	base string // http://127.0.0.1:port
	hup  chan os.Signal
	stop func() int
}

// startServe parses args as the serve command's and serves until the test ends.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	app := kingpin.New("report_exporter", "")
	cmd := app.Command("serve", "")
	var c common
	c.register(cmd, true)
	f := registerServe(cmd)
	if _, err := app.Parse(append([]string{"serve", "--web.listen-address=127.0.0.1:0"}, args...)); err != nil {
		t.Fatal(err)
	}
	addrs := make(chan []net.Addr, 1)
	f.listening = func(a []net.Addr) { addrs <- a }

	ctx, cancel := context.WithCancel(context.Background())
	s := &server{t: t, hup: make(chan os.Signal, 1)}
	logger := promslog.New(&promslog.Config{Writer: t.Output()})
	exited := make(chan int, 1)
	go func() { exited <- f.serve(ctx, &c, logger, s.hup) }()
	var once sync.Once
	code := -1
	s.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-exited:
			case <-time.After(20 * time.Second):
				t.Error("serve did not stop within 20s")
			}
		})
		return code
	}
	t.Cleanup(func() { s.stop() })

	select {
	case a := <-addrs:
		s.base = "http://" + a[0].String()
	case code := <-exited:
		t.Fatalf("serve exited with %d before listening", code)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not listen within 20s")
	}
	return s
}

func (s *server) get(path string) (int, string) {
	s.t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func (s *server) post(path string) (int, string) {
	s.t.Helper()
	resp, err := http.Post(s.base+path, "", nil)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitMetrics polls /metrics until it holds every line of want, for up to 15 seconds.
func (s *server) waitMetrics(what string, want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, body := s.get("/metrics")
		missing := ""
		for _, w := range want {
			if !hasLine(body, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return body
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: /metrics lacks %q within 15s:\n%s", what, missing, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// typeLines returns the sorted # TYPE lines of an exposition, failing on a family given twice.
func typeLines(body string) string {
	var lines []string
	for l := range strings.Lines(body) {
		if strings.HasPrefix(l, "# TYPE ") {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	if len(slices.Compact(slices.Clone(lines))) != len(lines) {
		return "a family given twice:\n" + strings.Join(lines, "")
	}
	return strings.Join(lines, "")
}

func hasLine(body, line string) bool {
	return strings.Contains("\n"+body, "\n"+line+"\n")
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	reportsDir := filepath.Join(dir, "reports")
	if err := os.Mkdir(reportsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "rules.yaml")
	writeFile(t, rules, "indicators: []\n")
	a := filepath.Join(reportsDir, "a.txt")
	writeFile(t, a, "2022年罗湖区政府工作报告\n")

	s := startServe(t, "--config.file="+rules, "--watch.interval=50ms", reportsDir)

	body := s.waitMetrics("start-up",
		"report_exporter_documents 1",
		`report_exporter_document_unmatched_sentences{file="`+a+`"} 0`,
		"report_exporter_config_last_reload_successful 1",
	)
	for _, name := range []string{"report_exporter_build_info{", "report_exporter_scrape_duration_seconds ",
		"report_exporter_config_last_reload_success_timestamp_seconds ", "go_goroutines ", "promhttp_metric_handler_requests_total{"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if promtool, err := exec.LookPath("promtool"); err == nil {
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = strings.NewReader(body)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool check metrics on /metrics: %v\n%s", err, out)
		}
	}

	// Go's client asked for gzip above; the plain text serves the same families, each once.
	req, err := http.NewRequest(http.MethodGet, s.base+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Errorf("identity scrape: Content-Encoding %q, Content-Type %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
	}
	if got, want := typeLines(string(plain)), typeLines(body); got != want {
		t.Errorf("identity and gzip scrapes serve different families:\n%s\n---\n%s", got, want)
	}

	// The live folder: a report added shows, a report removed goes.
	b := filepath.Join(reportsDir, "b.txt")
	writeFile(t, b, "2023年罗湖区政府工作报告\n")
	s.waitMetrics("report added", "report_exporter_documents 2",
		`report_exporter_document_unmatched_sentences{file="`+b+`"} 0`)
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	s.waitMetrics("report removed", "report_exporter_documents 1")

	// Reload over HTTP: good rules are taken, a broken rules file is refused with its error and
	// the last good rules keep serving.
	if code, body := s.post("/-/reload"); code != http.StatusOK {
		t.Errorf("POST /-/reload with good rules: %d %s", code, body)
	}
	if err := os.Remove(rules); err != nil {
		t.Fatal(err)
	}
	code, msg := s.post("/-/reload")
	if code != http.StatusInternalServerError || !strings.Contains(msg, "rules.yaml") {
		t.Errorf("POST /-/reload with the rules file gone: %d %q, want 500 with the error", code, msg)
	}
	s.waitMetrics("failed reload", "report_exporter_config_last_reload_successful 0", "report_exporter_documents 1")

	// SIGHUP with the rules back.
	writeFile(t, rules, "indicators: []\n")
	s.hup <- syscall.SIGHUP
	s.waitMetrics("reload by SIGHUP", "report_exporter_config_last_reload_successful 1", "report_exporter_documents 1")

	if code, _ := s.get("/-/reload"); code != http.StatusMethodNotAllowed {
		t.Errorf("GET /-/reload: %d, want 405", code)
	}
	if code, page := s.get("/"); code != http.StatusOK || !strings.Contains(page, `href="/metrics"`) {
		t.Errorf("GET /: %d, want the landing page linking /metrics:\n%s", code, page)
	}
	if code := s.stop(); code != 0 {
		t.Errorf("serve exited with %d after cancel, want 0", code)
	}
}

// TestServeSeeds serves the built-in rules and seeds when given neither.
func TestServeSeeds(t *testing.T) {
	s := startServe(t, "--web.disable-exporter-metrics")
	body := s.waitMetrics("seeds", "report_exporter_config_last_reload_successful 1")
	if !strings.Contains(body, `report_exporter_document_samples{file="seeds/`) {
		t.Errorf("/metrics lists no seed report:\n%s", body)
	}
	if strings.Contains(body, "go_goroutines") {
		t.Error("--web.disable-exporter-metrics: go_* metrics still served")
	}
}

func TestServeBadStart(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"missing rules", []string{"--config.file=" + filepath.Join(dir, "nope.yaml"), dir}},
		{"missing path", []string{filepath.Join(dir, "nope")}},
		{"bad push URL", []string{"--push.url=ftp://example.invalid/", dir}},
		{"bad remote write batch size", []string{"--remote-write.url=http://127.0.0.1:9/api/v1/write", "--remote-write.batch-size=0", dir}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := kingpin.New("report_exporter", "")
			cmd := app.Command("serve", "")
			var c common
			c.register(cmd, true)
			f := registerServe(cmd)
			if _, err := app.Parse(append([]string{"serve", "--web.listen-address=127.0.0.1:0"}, tc.args...)); err != nil {
				t.Fatal(err)
			}
			f.listening = func([]net.Addr) { t.Error("listened despite a bad start") }
			logger := promslog.New(&promslog.Config{Writer: io.Discard})
			if code := f.serve(context.Background(), &c, logger, nil); code == 0 {
				t.Errorf("serve exited 0, want an error")
			}
		})
	}
}

// TestServePush pushes the registry to a loopback import endpoint with the extra labels.
func TestServePush(t *testing.T) {
	bodies := make(chan string, 16)
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rd io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			rd = zr
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, rd); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		select {
		case bodies <- r.Method + " " + r.URL.Path + "\n" + buf.String():
		default:
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer sink.Close()

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "2022年罗湖区政府工作报告\n")
	startServe(t, "--push.url="+sink.URL+"/api/v1/import/prometheus", "--push.interval=100ms",
		"--push.extra-label=job=reports", "--push.extra-label=instance=test", dir)

	select {
	case body := <-bodies:
		if !strings.HasPrefix(body, "POST /api/v1/import/prometheus\n") {
			t.Errorf("push request %q, want POST to the import path", strings.SplitN(body, "\n", 2)[0])
		}
		if !hasLine(body, `report_exporter_documents{instance="test",job="reports"} 1`) {
			t.Errorf("pushed body lacks the documents gauge with the extra labels:\n%s", body)
		}
		// The per-document gauges are rendered with the report series, not by the registry.
		if !strings.Contains(body, "\nreport_exporter_document_samples{") || !strings.Contains(body, `file="`+filepath.Join(dir, "a.txt")+`"`) {
			t.Errorf("pushed body lacks the report's document_samples gauge:\n%s", body)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("nothing pushed within 15s")
	}
}

// TestServeBasicAuth guards /metrics with the exporter toolkit's web config.
func TestServeBasicAuth(t *testing.T) {
	dir := t.TempDir()
	webConfig := filepath.Join(dir, "web.yml")
	// The bcrypt hash of "secret".
	writeFile(t, webConfig, "basic_auth_users:\n  prometheus: $2a$04$2p/aMn3Ot2/teSRnfJYRsOznXW9NCh6bqPbscYTFdmCg3/Cb1uV4.\n")
	s := startServe(t, "--web.config.file="+webConfig, dir)

	if code, _ := s.get("/metrics"); code != http.StatusUnauthorized {
		t.Errorf("GET /metrics without credentials: %d, want 401", code)
	}
	req, err := http.NewRequest(http.MethodGet, s.base+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("prometheus", "secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /metrics with credentials: %d, want 200", resp.StatusCode)
	}
}
