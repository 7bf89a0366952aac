package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
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
	t      *testing.T
	base   string // http://127.0.0.1:port
	hup    chan os.Signal
	cancel func()   // ends ctx, as SIGTERM does
	exited chan int // the exit status, once serve returns
	stop   func() int
	user   string // basic auth, if set
	pass   string
}

// startServe parses args as the serve command's, serves until the test ends, and waits until
// the reports are read (/-/ready).
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	s := launchServe(t, launch{}, args...)
	s.waitReady()
	return s
}

// launch configures launchServe.
type launch struct {
	// logger is the log of serve; nil means the test's output.
	logger *slog.Logger
	// unblock, if set, is called when the server is stopped, after the stop: what holds
	// serve's goroutines (see gatedHandler) lets them go.
	unblock func()
}

// launchServe is startServe that returns once the server listens.
func launchServe(t *testing.T, o launch, args ...string) *server {
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
	s := &server{t: t, hup: make(chan os.Signal, 1), cancel: cancel, exited: make(chan int, 1)}
	logger := o.logger
	if logger == nil {
		logger = promslog.New(&promslog.Config{Writer: t.Output()})
	}
	go func() { s.exited <- f.serve(ctx, &c, logger, s.hup) }()
	var once sync.Once
	code := -1
	s.stop = func() int {
		once.Do(func() {
			cancel()
			if o.unblock != nil {
				o.unblock()
			}
			select {
			case code = <-s.exited:
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
	case code := <-s.exited:
		t.Fatalf("serve exited with %d before listening", code)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not listen within 20s")
	}
	return s
}

// waitReady polls /-/ready until it answers 200, for up to 20 seconds.
func (s *server) waitReady() {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := s.get("/-/ready")
		if code == http.StatusOK {
			return
		}
		if code != http.StatusServiceUnavailable {
			s.t.Fatalf("/-/ready: %d %q, want 200 or 503", code, body)
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("/-/ready: still %d %q after 20s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *server) get(path string) (int, string) {
	s.t.Helper()
	return s.do(http.MethodGet, path)
}

func (s *server) post(path string) (int, string) {
	s.t.Helper()
	return s.do(http.MethodPost, path)
}

func (s *server) do(method, path string) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.base+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	if s.user != "" {
		req.SetBasicAuth(s.user, s.pass)
	}
	resp, err := http.DefaultClient.Do(req)
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

	s := startServe(t, "--config.file="+rules, "--watch.interval=50ms", "--web.enable-lifecycle", reportsDir)

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
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = taken.Close() })
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"missing rules", []string{"--config.file=" + filepath.Join(dir, "nope.yaml"), dir}},
		{"missing path", []string{filepath.Join(dir, "nope")}},
		{"bad push URL", []string{"--push.url=ftp://example.invalid/", dir}},
		{"bad remote write batch size", []string{"--remote-write.url=http://127.0.0.1:9/api/v1/write", "--remote-write.batch-size=0", dir}},
		{"bad push label", []string{"--push.url=http://127.0.0.1:9/", "--push.extra-label=0bad=x", dir}},
		// The port is taken: serve ends at once, whatever it was reading.
		{"port in use", []string{"--web.listen-address=" + taken.Addr().String(), dir}},
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
	s := launchServe(t, launch{}, "--web.config.file="+webConfig, dir)

	for _, path := range []string{"/metrics", "/-/ready"} {
		resp, err := http.Get(s.base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without credentials: %d, want 401", path, resp.StatusCode)
		}
	}
	s.user, s.pass = "prometheus", "secret"
	s.waitReady()
	if code, _ := s.get("/metrics"); code != http.StatusOK {
		t.Errorf("GET /metrics with credentials: %d, want 200", code)
	}
}

// gatedHandler logs through next, at every level, and holds each record whose message is msg
// until gate is closed: a test so stops the extraction at its first report, however fast the
// machine. reached receives a value when such a record comes.
type gatedHandler struct {
	next    slog.Handler
	msg     string
	gate    <-chan struct{}
	reached chan<- struct{}
}

func (h *gatedHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *gatedHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		select {
		case h.reached <- struct{}{}:
		default:
		}
		<-h.gate
	}
	return h.next.Handle(ctx, r)
}

func (h *gatedHandler) WithAttrs(as []slog.Attr) slog.Handler {
	g := *h
	g.next = h.next.WithAttrs(as)
	return &g
}

func (h *gatedHandler) WithGroup(name string) slog.Handler {
	g := *h
	g.next = h.next.WithGroup(name)
	return &g
}

// logBuffer is a log written by several goroutines and read by the test.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// gatedServe starts serve on n reports of a new folder with args, its extraction held at the
// first report until the returned release is called. It returns once that report is reached,
// with the server and its log.
func gatedServe(t *testing.T, n int, args ...string) (s *server, dir string, log *logBuffer, release func()) {
	t.Helper()
	dir = t.TempDir()
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("r%d.txt", i)), "2022年罗湖区政府工作报告\n")
	}
	gate := make(chan struct{})
	release = sync.OnceFunc(func() { close(gate) })
	reached := make(chan struct{}, 1)
	log = &logBuffer{}
	next := slog.NewTextHandler(io.MultiWriter(t.Output(), log), &slog.HandlerOptions{Level: slog.LevelDebug})
	logger := slog.New(&gatedHandler{next: next, msg: "report extracted", gate: gate, reached: reached})
	s = launchServe(t, launch{logger: logger, unblock: release}, append(args, dir)...)
	select {
	case <-reached:
	case code := <-s.exited:
		t.Fatalf("serve exited with %d before extracting", code)
	case <-time.After(20 * time.Second):
		t.Fatal("no report extracted within 20s")
	}
	return s, dir, log, release
}

// TestServeListensWhileReading: serve listens before the reports are read, as a large folder
// takes minutes. While they are read /-/healthy answers 200 and /-/ready 503, and /metrics
// answers 503 too, so that a scrape fails (up 0) rather than serve a set without the report
// series; the landing page says it is reading, and a reload waits. Once read, all answer 200,
// and the watcher and the SIGHUP received meanwhile take effect.
func TestServeListensWhileReading(t *testing.T) {
	s, dir, log, release := gatedServe(t, 3, "--web.enable-lifecycle", "--watch.interval=50ms")
	for _, tc := range []struct {
		method, path string
		code         int
		has          string
	}{
		{http.MethodGet, "/-/healthy", http.StatusOK, "Healthy"},
		{http.MethodGet, "/-/ready", http.StatusServiceUnavailable, "reading the reports"},
		{http.MethodGet, "/metrics", http.StatusServiceUnavailable, "reading the reports"},
		{http.MethodGet, "/", http.StatusServiceUnavailable, "Reading the reports"},
		{http.MethodPost, "/-/reload", http.StatusServiceUnavailable, "reading the reports"},
	} {
		code, body := s.do(tc.method, tc.path)
		if code != tc.code || !strings.Contains(body, tc.has) {
			t.Errorf("%s %s while reading: %d %q, want %d with %q", tc.method, tc.path, code, body, tc.code, tc.has)
		}
		if strings.Contains(body, "report_exporter_") {
			t.Errorf("%s %s while reading serves metrics:\n%s", tc.method, tc.path, body)
		}
	}
	s.hup <- syscall.SIGHUP // taken once the reports are read

	release()
	s.waitReady()
	s.waitMetrics("read", "report_exporter_documents 3", `promhttp_metric_handler_requests_total{code="503"} 1`)
	if code, page := s.get("/"); code != http.StatusOK || !strings.Contains(page, `href="/metrics"`) {
		t.Errorf("GET / once read: %d, want the landing page:\n%s", code, page)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(log.String(), "rules reloaded") {
		if time.Now().After(deadline) {
			t.Fatal("the SIGHUP sent while reading did not reload the rules once read")
		}
		time.Sleep(20 * time.Millisecond)
	}
	writeFile(t, filepath.Join(dir, "r3.txt"), "2023年罗湖区政府工作报告\n")
	s.waitMetrics("report added once read", "report_exporter_documents 4")
}

// TestServeStopsWhileReading: a stop (SIGTERM) while the reports are read ends serve between
// two reports, with status 0, within a second.
func TestServeStopsWhileReading(t *testing.T) {
	s, _, log, release := gatedServe(t, 50)
	s.cancel()
	stopped := time.Now()
	exited := make(chan int, 1)
	go func() { exited <- s.stop() }()
	release()
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("serve stopped while reading: exit %d, want 0", code)
		}
		t.Logf("exited %v after the stop", time.Since(stopped).Round(time.Millisecond))
	case <-time.After(time.Second):
		t.Fatal("serve did not stop within 1s of the stop while reading")
	}
	if !strings.Contains(log.String(), "stopped while reading the reports") || strings.Contains(log.String(), "reports extracted") {
		t.Errorf("the log does not say it stopped while reading:\n%s", log.String())
	}
	if _, err := http.Get(s.base + "/-/healthy"); err == nil {
		t.Error("the server still answers after serve returned")
	}
}
