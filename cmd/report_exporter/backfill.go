package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/history"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
	"golang.org/x/term"
)

type backfillFlags struct {
	output      string
	remoteWrite remoteWriteFlags
}

func registerBackfill(cmd *kingpin.CmdClause) *backfillFlags {
	f := &backfillFlags{}
	cmd.Flag("output", "Write the history as OpenMetrics text to this file ('-' for stdout), for `promtool tsdb create-blocks-from openmetrics FILE DIR`.").
		PlaceHolder("FILE").StringVar(&f.output)
	f.remoteWrite.register(cmd, "Send the history over Prometheus remote write 1.0 to this URL: http://prometheus:9090/api/v1/write (started with --web.enable-remote-write-receiver and an out_of_order_time_window), http://victoriametrics:8428/api/v1/write.")
	return f
}

func (f *backfillFlags) run(c *common, logger *slog.Logger, stderr io.Writer) int {
	if f.output == "" && f.remoteWrite.url == "" {
		printf(stderr, "report_exporter: backfill: give --output FILE, --remote-write.url URL or both\n")
		return 2
	}
	if err := f.remoteWrite.check(); err != nil {
		printf(stderr, "report_exporter: backfill: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	progress := newProgress(stderr)

	rs, err := loadRules(c.configFile)
	if err != nil {
		logger.Error("backfill: load rules", "err", err)
		return 1
	}
	status := 0
	conflict := func(cf store.Conflict) {
		logger.Warn("backfill: revised figure, the later document wins", "conflict", cf.String())
	}
	m, docs, err := c.extractReports(ctx, rs, nil, conflict, func(p string, err error) {
		logger.Warn("backfill: skip report", "path", p, "err", err)
		status = 1
	})
	if err != nil {
		logger.Error("backfill: read reports", "err", err)
		return 1
	}
	samples, _ := m.Result()
	logger.Info("backfill: extracted", "reports", docs, "samples", len(samples))
	// The year-keyed comparisons with targets and the indicators' info go with the history.
	samples = append(samples, compare.History(rs.Config().Indicators, samples)...)
	help := rs.Config().MetricHelp()
	maps.Copy(help, compare.Help())

	if f.output != "" {
		progress.printf("writing %d samples to %s", len(samples), f.output)
		if err := writeOpenMetricsFile(f.output, samples, help); err != nil {
			progress.done()
			logger.Error("backfill: write OpenMetrics", "file", f.output, "err", err)
			return 1
		}
		progress.printf("wrote %d samples to %s", len(samples), f.output)
		progress.done()
	}

	if f.remoteWrite.url != "" {
		w, err := f.remoteWrite.writer(logger, func(sent, total int) {
			progress.printf("remote write: %d/%d samples (%d%%)", sent, total, sent*100/max(total, 1))
		})
		if err == nil {
			err = w.Write(ctx, samples)
		}
		progress.done()
		if err != nil {
			logger.Error("backfill: remote write failed", "err", err, "hint", remoteWriteHint(err))
			return 1
		}
		logger.Info("backfill: remote write done", "url", redact(f.remoteWrite.url), "samples", len(samples))
	}
	return status
}

// remoteWriteHint explains the refusals a backfill meets most.
func remoteWriteHint(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "duplicate sample for timestamp"):
		return "the server already holds a different value at that time, e.g. a figure a later report revised; " +
			"Prometheus cannot overwrite a sample: delete the series (POST /api/v1/admin/tsdb/delete_series) and backfill again"
	case strings.Contains(s, "out of bounds"), strings.Contains(s, "too old"), strings.Contains(s, "out of order"):
		return "Prometheus refuses samples older than its head: set storage.tsdb.out_of_order_time_window " +
			"in prometheus.yml to more than the age of the oldest report (config/prometheus/prometheus.yml uses 100y), " +
			"or use --output and promtool tsdb create-blocks-from openmetrics"
	case strings.Contains(s, "404"):
		return "no remote write receiver at this URL: Prometheus needs --web.enable-remote-write-receiver; the path is /api/v1/write"
	case errors.Is(err, history.ErrRejected):
		return "the server refused the request; resending it will not help"
	}
	return ""
}

// writeOpenMetricsFile writes the OpenMetrics text to path, or stdout for "-". A regular file
// (or a new one) is written beside its final name and renamed when complete, so a failed run
// leaves no half file for promtool; a symlink's target is replaced, not the link. Anything
// else (/dev/stdout, /dev/null, a FIFO) is written to as it stands.
func writeOpenMetricsFile(path string, samples []series.Sample, help map[string]string) error {
	if path == "-" {
		return history.WriteOpenMetrics(os.Stdout, samples, help)
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist), err == nil && fi.Mode().IsRegular():
		return replaceFile(path, samples, help)
	case err != nil:
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := history.WriteOpenMetrics(f, samples, help); err != nil {
		_ = f.Close() // the write error says what went wrong
		return err
	}
	return f.Close()
}

// replaceFile writes the OpenMetrics text to a temporary file beside path and renames it
// over path once complete.
func replaceFile(path string, samples []series.Sample, help map[string]string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// A temporary file that cannot be removed stays behind: say so with the error.
			err = errors.Join(err, os.Remove(tmp.Name()))
		}
	}()
	if err := history.WriteOpenMetrics(tmp, samples, help); err != nil {
		// The write failed and the file is removed: what Close would say adds nothing.
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// progress prints a progress line on stderr when stderr is a terminal, and nothing
// otherwise (logs and pipes stay clean).
type progress struct {
	w       io.Writer
	active  bool
	last    time.Time
	pending string // the latest line, not yet shown
	dirty   bool   // a line is shown and not ended
}

func newProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	return &progress{w: stderr, active: ok && term.IsTerminal(int(f.Fd()))}
}

// printf rewrites the progress line, at most ten times a second.
func (p *progress) printf(format string, args ...any) {
	if !p.active {
		return
	}
	p.pending = fmt.Sprintf(format, args...)
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
		p.last = now
		p.show()
	}
}

func (p *progress) show() {
	p.write("\r\033[K" + p.pending)
	p.pending = ""
	p.dirty = true
}

// write writes s to the terminal. A progress line that cannot be shown is no reason to stop
// the backfill, so the error is dropped.
func (p *progress) write(s string) {
	_, _ = io.WriteString(p.w, s)
}

// done ends the progress line.
func (p *progress) done() {
	if p.active && p.pending != "" {
		p.show()
	}
	if p.active && p.dirty {
		p.write("\n")
		p.dirty = false
		p.last = time.Time{}
	}
}

func httpClient(timeout time.Duration) *http.Client { return &http.Client{Timeout: timeout} }
