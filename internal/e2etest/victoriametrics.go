package e2etest

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
)

// DefaultVMFlags are the flags StartVictoriaMetrics adds unless the caller sets the same flag.
// The cache is off so that a query right after a write sees the write.
var DefaultVMFlags = []string{
	"-retentionPeriod=100y",
	"-search.disableCache",
}

// VM is a running single-node VictoriaMetrics.
type VM struct {
	Client
	// StorageDir is the -storageDataPath.
	StorageDir string
	// Pid is the process id.
	Pid int
}

// StartVictoriaMetrics starts /usr/bin/victoria-metrics on a free loopback port with its data
// in a temporary folder and waits for /health. flags are added to (or override) the
// defaults, e.g. "-dedup.minScrapeInterval=1ms". It is stopped when the test ends.
func StartVictoriaMetrics(t testing.TB, flags ...string) *VM {
	t.Helper()
	bin := LookPath(t, "victoria-metrics")
	storage := filepath.Join(t.TempDir(), "vm-data")
	addr := "127.0.0.1:" + strconv.Itoa(FreePort(t))
	args := []string{
		"-httpListenAddr=" + addr,
		"-storageDataPath=" + storage,
		"-loggerLevel=INFO",
	}
	for _, f := range DefaultVMFlags {
		if !hasFlag(flags, flagName(f)) {
			args = append(args, f)
		}
	}
	args = append(args, flags...)
	p := start(t, bin, args...)
	p.waitReady(t, "http://"+addr+"/health")
	return &VM{Client: newClient(t, "http://"+addr), StorageDir: storage, Pid: p.cmd.Process.Pid}
}

// RemoteWriteURL is the URL of VictoriaMetrics' Prometheus remote write receiver.
func (vm *VM) RemoteWriteURL() string { return vm.URL + "/api/v1/write" }

// Flush makes the samples written so far visible to queries (they are otherwise buffered for
// about a second).
func (vm *VM) Flush(t testing.TB) {
	t.Helper()
	resp, err := http.Get(vm.URL + "/internal/force_flush")
	if err != nil {
		t.Fatalf("force flush %s: %v", vm.URL, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("force flush %s: %s", vm.URL, resp.Status)
	}
}

// String names the server in messages.
func (vm *VM) String() string { return fmt.Sprintf("victoria-metrics %s (pid %d)", vm.URL, vm.Pid) }
