package e2etest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"
)

// DefaultPrometheusFlags are the flags StartPrometheus adds unless Options.Flags sets the same
// flag: the year-long lookback of config/prometheus.yml's deployment (so a yearly point reads
// as a step line until the next) and a retention long enough for years-old history.
var DefaultPrometheusFlags = []string{
	"--query.lookback-delta=400d",
	"--storage.tsdb.retention.time=100y",
}

// Options configure StartPrometheus.
type Options struct {
	// ConfigYAML is the prometheus.yml to run with. Empty means an empty configuration.
	ConfigYAML string
	// RuleFiles are paths of rule files, added to the configuration's rule_files.
	RuleFiles []string
	// StorageDir holds the TSDB (e.g. blocks made by Backfill). Empty means a fresh
	// temporary folder.
	StorageDir string
	// Flags are extra command-line flags, e.g. "--web.enable-remote-write-receiver".
	Flags []string
}

// Client queries a server through the Prometheus HTTP API.
type Client struct {
	// URL is the server's base URL, http://127.0.0.1:port.
	URL string
	// API is the Prometheus HTTP API client of the server.
	API v1.API
}

// Prometheus is a running Prometheus server.
type Prometheus struct {
	Client
	// StorageDir is the TSDB folder.
	StorageDir string
	// ConfigFile is the path of the configuration it runs with.
	ConfigFile string
	// Pid is the process id.
	Pid int
}

// StartPrometheus starts /usr/bin/prometheus on a free loopback port and waits until it is
// ready. It is stopped when the test ends.
func StartPrometheus(t testing.TB, o Options) *Prometheus {
	t.Helper()
	bin := LookPath(t, "prometheus")
	dir := t.TempDir()
	storage := o.StorageDir
	if storage == "" {
		storage = filepath.Join(dir, "data")
	}
	cfg, err := prometheusConfig(o.ConfigYAML, o.RuleFiles)
	if err != nil {
		t.Fatalf("prometheus config: %v", err)
	}
	cfgFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgFile, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(FreePort(t))
	args := []string{
		"--config.file=" + cfgFile,
		"--storage.tsdb.path=" + storage,
		"--web.listen-address=" + addr,
		"--web.enable-lifecycle",
		"--log.level=info",
	}
	for _, f := range DefaultPrometheusFlags {
		if !hasFlag(o.Flags, flagName(f)) {
			args = append(args, f)
		}
	}
	args = append(args, o.Flags...)
	p := start(t, bin, args...)
	p.waitReady(t, "http://"+addr+"/-/ready")
	return &Prometheus{
		Client:     newClient(t, "http://"+addr),
		StorageDir: storage,
		ConfigFile: cfgFile,
		Pid:        p.cmd.Process.Pid,
	}
}

// prometheusConfig adds the rule files, as absolute paths, to the configuration.
func prometheusConfig(configYAML string, ruleFiles []string) ([]byte, error) {
	if len(ruleFiles) == 0 {
		return []byte(configYAML), nil
	}
	cfg := map[string]any{}
	if err := yaml.Unmarshal([]byte(configYAML), &cfg); err != nil {
		return nil, err
	}
	if cfg == nil {
		cfg = map[string]any{}
	}
	var rules []any
	if r, ok := cfg["rule_files"].([]any); ok {
		rules = r
	}
	for _, f := range ruleFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		rules = append(rules, abs)
	}
	cfg["rule_files"] = rules
	return yaml.Marshal(cfg)
}

func flagName(f string) string {
	name, _, _ := strings.Cut(f, "=")
	return name
}

func hasFlag(flags []string, name string) bool {
	for _, f := range flags {
		if flagName(f) == name {
			return true
		}
	}
	return false
}

func newClient(t testing.TB, url string) Client {
	t.Helper()
	c, err := api.NewClient(api.Config{Address: url})
	if err != nil {
		t.Fatalf("prometheus API client for %s: %v", url, err)
	}
	return Client{URL: url, API: v1.NewAPI(c)}
}

func queryContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 60*time.Second)
}

// QueryValue runs an instant PromQL query at the given time and returns its result.
func (c *Client) QueryValue(t testing.TB, promql string, at time.Time) model.Value {
	t.Helper()
	ctx, cancel := queryContext()
	defer cancel()
	v, warnings, err := c.API.Query(ctx, promql, at)
	if err != nil {
		t.Fatalf("query %s at %s on %s: %v", promql, at.Format(time.RFC3339), c.URL, err)
	}
	for _, w := range warnings {
		t.Logf("query %s: warning: %s", promql, w)
	}
	return v
}

// Query runs an instant PromQL query that returns a vector, at the given time.
func (c *Client) Query(t testing.TB, promql string, at time.Time) model.Vector {
	t.Helper()
	v := c.QueryValue(t, promql, at)
	vec, ok := v.(model.Vector)
	if !ok {
		t.Fatalf("query %s: got a %s, want a vector", promql, v.Type())
	}
	return vec
}

// QueryRange runs a PromQL range query and returns its matrix.
func (c *Client) QueryRange(t testing.TB, promql string, start, end time.Time, step time.Duration) model.Matrix {
	t.Helper()
	ctx, cancel := queryContext()
	defer cancel()
	v, warnings, err := c.API.QueryRange(ctx, promql, v1.Range{Start: start, End: end, Step: step})
	if err != nil {
		t.Fatalf("query_range %s on %s: %v", promql, c.URL, err)
	}
	for _, w := range warnings {
		t.Logf("query_range %s: warning: %s", promql, w)
	}
	m, ok := v.(model.Matrix)
	if !ok {
		t.Fatalf("query_range %s: got a %s, want a matrix", promql, v.Type())
	}
	return m
}

// Alerts returns the alerts that are pending or firing now.
func (p *Prometheus) Alerts(t testing.TB) []v1.Alert {
	t.Helper()
	ctx, cancel := queryContext()
	defer cancel()
	r, err := p.API.Alerts(ctx)
	if err != nil {
		t.Fatalf("alerts on %s: %v", p.URL, err)
	}
	return r.Alerts
}

// Rules returns the rule groups Prometheus loaded, with their state and last error.
func (p *Prometheus) Rules(t testing.TB) []v1.RuleGroup {
	t.Helper()
	ctx, cancel := queryContext()
	defer cancel()
	r, err := p.API.Rules(ctx)
	if err != nil {
		t.Fatalf("rules on %s: %v", p.URL, err)
	}
	return r.Groups
}

// RemoteWriteURL is the URL of the remote write receiver (it needs
// --web.enable-remote-write-receiver in Options.Flags).
func (p *Prometheus) RemoteWriteURL() string { return p.URL + "/api/v1/write" }

// String names the server in messages.
func (p *Prometheus) String() string { return fmt.Sprintf("prometheus %s (pid %d)", p.URL, p.Pid) }
