package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/VictoriaMetrics/metrics"
	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/model"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/prometheus/exporter-toolkit/web/kingpinflag"
	"golang.org/x/net/netutil"

	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/exporter"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/history"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// defaultListenAddress is the exporter's port, in the 9xxx range of the Prometheus exporters.
const defaultListenAddress = ":9864"

type serveFlags struct {
	web                    *web.FlagConfig
	telemetryPath          string
	watchInterval          time.Duration
	disableExporterMetrics bool
	pushURL                string
	pushInterval           time.Duration
	pushLabels             map[string]string
	remoteWrite            remoteWriteFlags
	maxConnections         int
	enableLifecycle        bool

	// listening, if set, is called with the addresses served once they listen; tests use it.
	listening func(addrs []net.Addr)
}

func registerServe(cmd *kingpin.CmdClause) *serveFlags {
	f := &serveFlags{pushLabels: map[string]string{}}
	f.web = kingpinflag.AddFlags(cmd, defaultListenAddress)
	cmd.Flag("web.telemetry-path", "Path under which to expose metrics.").
		Default("/metrics").StringVar(&f.telemetryPath)
	cmd.Flag("web.disable-exporter-metrics", "Leave out the Go runtime and process metrics (go_*, process_*).").
		BoolVar(&f.disableExporterMetrics)
	cmd.Flag("watch.interval", "How often to look under PATH for reports added, changed or removed; 0 disables watching. A changed report is read once it looks the same twice.").
		Default("2s").DurationVar(&f.watchInterval)
	cmd.Flag("push.url", "Also push the metrics, in the Prometheus text format, to this URL: vmagent's or VictoriaMetrics' /api/v1/import/prometheus.").
		PlaceHolder("URL").StringVar(&f.pushURL)
	cmd.Flag("push.interval", "How often to push to --push.url.").
		Default("15s").DurationVar(&f.pushInterval)
	cmd.Flag("web.max-connections", "Most connections served at once; more wait until one closes. 0 means no limit.").
		Default("512").IntVar(&f.maxConnections)
	cmd.Flag("web.enable-lifecycle", "Enable the rules reload over HTTP (POST /-/reload); without it the endpoint answers 403. SIGHUP reloads either way.").
		BoolVar(&f.enableLifecycle)
	cmd.Flag("push.extra-label", "A label added to every pushed series, as name=value. Repeatable.").
		PlaceHolder("NAME=VALUE").StringMapVar(&f.pushLabels)
	f.remoteWrite.register(cmd, "Also write the report history over Prometheus remote write 1.0 to this URL, every sample at its own time: all of it on start-up, then what a new or changed report or a reload adds or changes. "+
		"http://prometheus:9090/api/v1/write (started with --web.enable-remote-write-receiver and an out_of_order_time_window), http://victoriametrics:8428/api/v1/write.")
	return f
}

func (f *serveFlags) run(c *common, logger *slog.Logger) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// The push library logs through the standard logger: send it to ours.
	slog.SetDefault(logger)
	return f.serve(ctx, c, logger, hup)
}

// serve runs the exporter until ctx is done; every value received on hup reloads the rules.
//
// It listens at once and reads the reports behind: a large folder takes minutes, and a port
// that stays closed all that while looks like a dead exporter. /-/healthy answers 200 from the
// start; /-/ready, /metrics, the landing page and POST /-/reload answer 503 until the first
// extraction is done (see mux). The watcher, the reload on SIGHUP and the pushes start then.
// What would make the exporter useless however long it waits (bad flags, rules that do not
// load, a PATH that does not exist) ends it with a non-zero status before it listens.
func (f *serveFlags) serve(ctx context.Context, c *common, logger *slog.Logger, hup <-chan os.Signal) int {
	logger.Info("starting report_exporter", "version", version.Info(), "build", version.BuildContext())
	if !f.validFlags(logger) {
		return 2
	}
	st := newStore(c, logger)
	if st == nil {
		return 1
	}
	collector := exporter.NewCollector(st.View)
	reg := f.registry(collector)
	startPushes, err := f.pushes(st, collector, reg, logger)
	if err != nil {
		logger.Error("remote write", "err", err)
		return 2
	}

	var wg sync.WaitGroup
	defer wg.Wait() // every goroutine below ends with ctx, cancelled first
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var ready atomic.Bool
	reload := coalesce(reloader(ctx, st, c, logger)).Do
	updates := st.Updates()
	wg.Go(func() {
		if !readReports(ctx, st, logger) {
			cancel(exitStatus(1)) // once ctx is done this changes nothing: a stop is no failure
			return
		}
		// Ready once /metrics is rendered: the first scrape, and those after a change, do
		// not wait for a rendering.
		collector.Prepare()
		wg.Go(func() { collector.Render(ctx, updates) })
		if len(c.paths) > 0 && f.watchInterval > 0 {
			wg.Go(func() { st.Watch(ctx, f.watchInterval) })
		}
		wg.Go(func() { reloadOnSignal(ctx, hup, reload) })
		if !startPushes(ctx, &wg) {
			cancel(exitStatus(2))
			return
		}
		ready.Store(true)
	})
	code := f.serveHTTP(ctx, f.mux(collector, reg, reload, ready.Load, st.View, logger), logger)
	var failed exitStatus
	if errors.As(context.Cause(ctx), &failed) {
		return int(failed)
	}
	return code
}

// exitStatus is the cause of a start-up that failed after the server listened: the exit
// status to end with.
type exitStatus int

func (e exitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// validFlags tells whether the flags go together, and logs why not.
func (f *serveFlags) validFlags(logger *slog.Logger) bool {
	if f.pushURL != "" {
		if err := f.checkPush(); err != nil {
			logger.Error("invalid push flags", "err", err)
			return false
		}
	}
	if err := f.remoteWrite.check(); err != nil {
		logger.Error("invalid remote write flags", "err", err)
		return false
	}
	return true
}

// checkPush checks --push.* as the push library does when it starts, which is only once the
// reports are read: a bad flag should end the exporter at once, not minutes later.
func (f *serveFlags) checkPush() error {
	if f.pushInterval <= 0 {
		return fmt.Errorf("--push.interval %v: must be positive", f.pushInterval)
	}
	u, err := url.Parse(f.pushURL)
	if err != nil {
		return fmt.Errorf("--push.url: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--push.url %q: want an http or https URL with a host", u.Redacted())
	}
	for name := range f.pushLabels {
		if !model.LegacyValidation.IsValidLabelName(name) {
			return fmt.Errorf("--push.extra-label %q: not a label name", name)
		}
	}
	return nil
}

// newStore loads the rules and returns a store of the reports that has read none yet (see
// readReports). It logs a failure and returns nil: rules that do not load and a PATH that
// does not exist are errors of the command line, told before anything is served.
func newStore(c *common, logger *slog.Logger) *store.Store {
	rs, err := loadRules(c.configFile)
	if err != nil {
		logger.Error("load rules", "err", err)
		return nil
	}
	fsys, roots := c.reports()
	for _, root := range roots {
		if _, err := fs.Stat(fsys, root); err != nil {
			logger.Error("read reports", "err", err)
			return nil
		}
	}
	return store.New(rs, fsys, roots, logger)
}

// readReports extracts every report into st, and tells whether it did. It logs a failure;
// once ctx is done it stops between reports, and that is no failure.
func readReports(ctx context.Context, st *store.Store, logger *slog.Logger) bool {
	err := st.Load(ctx)
	if ctx.Err() != nil {
		logger.Info("stopped while reading the reports")
		return false
	}
	if err != nil {
		logger.Error("read reports", "err", err)
		return false
	}
	v := st.View()
	logger.Info("reports extracted", "documents", len(v.Documents), "failed", len(v.Failures),
		"series", len(v.Latest), "samples", len(v.Samples))
	return true
}

// registry holds the exporter's own metrics, gathered on every scrape; the collector renders
// the report series once per view and serves them ahead of the registry's (see
// exporter.Collector).
func (f *serveFlags) registry(collector *exporter.Collector) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(versioncollector.NewCollector("report_exporter"), collector)
	if !f.disableExporterMetrics {
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return reg
}

// reloader returns the reload of SIGHUP and /-/reload: it loads the rules again and has the
// store extract every report with them. A failure is logged and returned, and the previous
// rules keep serving. Once ctx is done a reload stops between reports.
func reloader(ctx context.Context, st *store.Store, c *common, logger *slog.Logger) func() error {
	return func() error {
		err := st.ReloadContext(ctx, func() (*extract.RuleSet, error) { return loadRules(c.configFile) })
		if ctx.Err() != nil {
			return err // shutting down: the reload did not finish, and nothing is wrong
		}
		if err != nil {
			logger.Error("reload rules; the previous rules keep serving", "err", err)
			return err
		}
		v := st.View()
		logger.Info("rules reloaded", "documents", len(v.Documents), "failed", len(v.Failures), "series", len(v.Latest))
		return nil
	}
}

// reloadOnSignal calls reload on every value received on hup, until ctx is done.
func reloadOnSignal(ctx context.Context, hup <-chan os.Signal, reload func() error) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			_ = reload() // reload logs its failure; there is no one else to tell
		}
	}
}

// pushes prepares the pushes of the metrics to --push.url and of the history to
// --remote-write.url, as far as given, and returns what starts them once the reports are read;
// that logs a failure to start and returns false. An error of the remote write flags is
// returned at once.
func (f *serveFlags) pushes(st *store.Store, collector *exporter.Collector, reg *prometheus.Registry, logger *slog.Logger) (func(context.Context, *sync.WaitGroup) bool, error) {
	var hp *history.Pusher
	if f.remoteWrite.url != "" {
		var err error
		if hp, err = f.historyPusher(reg, logger); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context, wg *sync.WaitGroup) bool {
		if f.pushURL != "" {
			if err := f.startPush(ctx, collector, reg, wg, logger); err != nil {
				logger.Error("push", "err", err)
				return false
			}
			logger.Info("pushing metrics", "url", redact(f.pushURL), "interval", f.pushInterval)
		}
		if hp != nil {
			startHistoryPush(ctx, hp, st, wg)
			logger.Info("writing the report history", "url", redact(f.remoteWrite.url))
		}
		return true
	}, nil
}

// serveHTTP serves handler until ctx is done, then shuts the web server down; it returns the
// exit status.
func (f *serveFlags) serveHTTP(ctx context.Context, handler http.Handler, logger *slog.Logger) int {
	srv := newServer(handler)
	served := make(chan error, 1)
	go func() { served <- f.listenAndServe(srv, logger) }()
	select {
	case err := <-served:
		logger.Error("serve", "err", err)
		return 1
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Warn("shut down the web server", "err", err)
	}
	if err := <-served; err != nil {
		logger.Warn("serve", "err", err)
	}
	return 0
}

// mux routes the landing page, the metrics, health and reload. ready tells whether the
// first extraction is done; until then only /-/healthy answers 200.
//
// /metrics answers 503 while the reports are read, as a Prometheus target that is not ready
// should: the scrape fails and up is 0, rather than up 1 with none of the report series, which
// would mark every series stale, fire absent() alerts and break the dashboards' lines until
// the reports are in. The exporter's own metrics (Go, process, build_info) are held back too,
// so that one scrape is all or nothing; /-/ready tells why, and
// promhttp_metric_handler_requests_total{code="503"} counts the scrapes refused.
func (f *serveFlags) mux(collector *exporter.Collector, reg *prometheus.Registry, reload func() error, ready func() bool, view func() *store.View, logger *slog.Logger) *http.ServeMux {
	mux := http.NewServeMux()
	metrics := collector.Handler(reg, logger)
	mux.Handle(f.telemetryPath, promhttp.InstrumentMetricHandler(reg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ready() {
			notReady(w)
			return
		}
		metrics.ServeHTTP(w, r)
	})))
	mux.HandleFunc("/-/healthy", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "Healthy\n")
	})
	mux.HandleFunc("/-/ready", func(w http.ResponseWriter, _ *http.Request) {
		if !ready() {
			notReady(w)
			return
		}
		io.WriteString(w, "Ready\n")
	})
	mux.HandleFunc("/-/reload", reloadHandler(f.enableLifecycle, ready, reload))
	if f.telemetryPath != "/" && f.telemetryPath != "" {
		landing := landingPage(f.telemetryPath, view)
		mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !ready() && r.URL.Path == "/" {
				readingPage(w)
				return
			}
			landing.ServeHTTP(w, r)
		}))
	}
	return mux
}

// notReadyText is the answer of the endpoints that wait for the reports.
const notReadyText = "Service Unavailable: reading the reports"

// notReady answers 503 while the reports are read.
func notReady(w http.ResponseWriter) {
	http.Error(w, notReadyText, http.StatusServiceUnavailable)
}

// readingPage is the landing page while the reports are read: it says so and reloads itself.
func readingPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Report Exporter</title></head>
<body><h1>Report Exporter</h1>
<p>Reading the reports; this page shows them once they are read.</p>
<p><a href="/-/ready">Ready?</a> · <a href="/-/healthy">Health</a></p>
</body></html>
`)
}

// landingPage is the page at /: what the exporter is, where its metrics are, the documents
// served and a chart per indicator.
func landingPage(telemetryPath string, view func() *store.View) http.Handler {
	return exporter.NewLandingPage(exporter.LandingConfig{
		MetricsPath: telemetryPath,
		Name:        "Report Exporter",
		Description: "Figures of government work reports as Prometheus series",
		Version:     version.Info(),
		Links: []exporter.LandingLink{
			{Address: telemetryPath, Text: "Metrics"},
			{Address: "/-/healthy", Text: "Health"},
		},
	}, view)
}

// listenAndServe serves srv on the listen addresses. Plain TCP addresses are listened on here,
// so that the addresses actually bound (port 0) can be told to f.listening; systemd sockets and
// vsock go through the exporter toolkit.
func (f *serveFlags) listenAndServe(srv *http.Server, logger *slog.Logger) error {
	addrs := *f.web.WebListenAddresses
	if (f.web.WebSystemdSocket != nil && *f.web.WebSystemdSocket) ||
		slices.ContainsFunc(addrs, func(a string) bool { return strings.HasPrefix(a, "vsock://") }) {
		return ignoreClosed(web.ListenAndServe(srv, f.web, logger))
	}
	if len(addrs) == 0 {
		return errors.New("no --web.listen-address")
	}
	var listeners []net.Listener
	var bound []net.Addr
	for _, a := range addrs {
		l, err := net.Listen("tcp", a)
		if err != nil {
			for _, l := range listeners {
				err = errors.Join(err, l.Close())
			}
			return err
		}
		if f.maxConnections > 0 {
			l = netutil.LimitListener(l, f.maxConnections)
		}
		listeners = append(listeners, l)
		bound = append(bound, l.Addr())
	}
	if f.listening != nil {
		f.listening(bound)
	}
	return ignoreClosed(web.ServeMultiple(listeners, srv, f.web, logger))
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// startPush pushes what /metrics serves (the collector's report series, then what live
// gathers) to --push.url every --push.interval until ctx is done: one library collects, the
// other only pushes.
func (f *serveFlags) startPush(ctx context.Context, collector *exporter.Collector, live prometheus.Gatherer, wg *sync.WaitGroup, logger *slog.Logger) error {
	var labels []string
	for _, name := range slices.Sorted(maps.Keys(f.pushLabels)) {
		labels = append(labels, name+"="+strconv.Quote(f.pushLabels[name]))
	}
	return metrics.InitPushExtWithOptions(ctx, f.pushURL, f.pushInterval, func(w io.Writer) {
		if err := collector.WriteText(w, live); err != nil {
			logger.Warn("render metrics to push", "err", err)
		}
	}, &metrics.PushOptions{
		ExtraLabels: strings.Join(labels, ","),
		Method:      http.MethodPost,
		WaitGroup:   wg,
	})
}

// historyPusher returns the pusher of the history to --remote-write.url, its metrics
// registered with reg.
func (f *serveFlags) historyPusher(reg prometheus.Registerer, logger *slog.Logger) (*history.Pusher, error) {
	w, err := f.remoteWrite.writer(logger, nil)
	if err != nil {
		return nil, err
	}
	return history.NewPusher(w, history.PushOptions{
		BatchSize:  f.remoteWrite.batchSize,
		Logger:     logger,
		Hint:       remoteWriteHint,
		Registerer: reg,
	})
}

// startHistoryPush has p write the store's history, then what each update adds or changes,
// until ctx is done.
func startHistoryPush(ctx context.Context, p *history.Pusher, store *store.Store, wg *sync.WaitGroup) {
	updates := store.Updates() // before the first push, so that no update is missed
	history := func() []series.Sample {
		v := store.View()
		return append(slices.Clone(v.Samples), compare.History(v.Rules.Config().Indicators, v.Samples)...)
	}
	wg.Go(func() { p.Run(ctx, history, updates) })
}

// redact hides the password of a URL for the log.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
