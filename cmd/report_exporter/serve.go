package main

import (
	"context"
	"errors"
	"io"
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
	"syscall"
	"time"

	"github.com/VictoriaMetrics/metrics"
	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/client_golang/prometheus/promhttp"
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
func (f *serveFlags) serve(ctx context.Context, c *common, logger *slog.Logger, hup <-chan os.Signal) int {
	logger.Info("starting report_exporter", "version", version.Info(), "build", version.BuildContext())
	if !f.validFlags(logger) {
		return 2
	}
	st := openStore(ctx, c, logger)
	if st == nil {
		if ctx.Err() != nil {
			return 0 // stopped during start-up
		}
		return 1
	}

	var wg sync.WaitGroup
	defer wg.Wait() // every goroutine below ends with ctx, cancelled first
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if len(c.paths) > 0 && f.watchInterval > 0 {
		wg.Go(func() { st.Watch(ctx, f.watchInterval) })
	}

	collector := exporter.NewCollector(st.View)
	reg := f.registry(collector)
	reload := coalesce(reloader(ctx, st, c, logger)).Do
	wg.Go(func() { reloadOnSignal(ctx, hup, reload) })
	if !f.startPushes(ctx, st, collector, reg, &wg, logger) {
		return 2
	}
	return f.serveHTTP(ctx, f.mux(collector, reg, reload, st.View, logger), logger)
}

// validFlags tells whether the flags go together, and logs why not.
func (f *serveFlags) validFlags(logger *slog.Logger) bool {
	if f.pushURL != "" && f.pushInterval <= 0 {
		logger.Error("invalid --push.interval: must be positive", "interval", f.pushInterval)
		return false
	}
	if err := f.remoteWrite.check(); err != nil {
		logger.Error("invalid remote write flags", "err", err)
		return false
	}
	return true
}

// openStore loads the rules and extracts every report into a store. It logs a failure and
// returns nil; once ctx is done it stops extracting and returns nil.
func openStore(ctx context.Context, c *common, logger *slog.Logger) *store.Store {
	rs, err := loadRules(c.configFile)
	if err != nil {
		logger.Error("load rules", "err", err)
		return nil
	}
	fsys, roots := c.reports()
	st, err := store.NewStoreContext(ctx, rs, fsys, roots, logger)
	if ctx.Err() != nil {
		logger.Info("stopped while reading the reports")
		return nil
	}
	if err != nil {
		logger.Error("read reports", "err", err)
		return nil
	}
	v := st.View()
	logger.Info("reports extracted", "documents", len(v.Documents), "failed", len(v.Failures),
		"series", len(v.Latest), "samples", len(v.Samples))
	return st
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

// startPushes starts pushing the metrics to --push.url and the history to --remote-write.url,
// as far as given. It logs a failure to start and returns false.
func (f *serveFlags) startPushes(ctx context.Context, st *store.Store, collector *exporter.Collector, reg *prometheus.Registry, wg *sync.WaitGroup, logger *slog.Logger) bool {
	if f.pushURL != "" {
		if err := f.startPush(ctx, collector, reg, wg, logger); err != nil {
			logger.Error("push", "err", err)
			return false
		}
		logger.Info("pushing metrics", "url", redact(f.pushURL), "interval", f.pushInterval)
	}
	if f.remoteWrite.url != "" {
		if err := f.startHistoryPush(ctx, st, reg, wg, logger); err != nil {
			logger.Error("remote write", "err", err)
			return false
		}
		logger.Info("writing the report history", "url", redact(f.remoteWrite.url))
	}
	return true
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

// mux routes the landing page, the metrics, health and reload.
func (f *serveFlags) mux(collector *exporter.Collector, reg *prometheus.Registry, reload func() error, view func() *store.View, logger *slog.Logger) *http.ServeMux {
	mux := http.NewServeMux()
	metricsHandler := promhttp.InstrumentMetricHandler(reg, collector.Handler(reg, logger))
	mux.Handle(f.telemetryPath, metricsHandler)
	mux.HandleFunc("/-/healthy", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "Healthy\n")
	})
	// Ready once the reports are read: the server listens only after that.
	mux.HandleFunc("/-/ready", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "Ready\n")
	})
	mux.HandleFunc("/-/reload", reloadHandler(reload))
	if f.telemetryPath != "/" && f.telemetryPath != "" {
		mux.Handle("/", landingPage(f.telemetryPath, view))
	}
	return mux
}

// landingPage is the page at /: what the exporter is, where its metrics are, the documents
// served and a chart per indicator.
func landingPage(telemetryPath string, view func() *store.View) http.Handler {
	return exporter.NewLandingPage(exporter.LandingConfig{
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

// startHistoryPush writes the store's history to --remote-write.url, then what each update
// adds or changes, until ctx is done.
func (f *serveFlags) startHistoryPush(ctx context.Context, store *store.Store, reg prometheus.Registerer, wg *sync.WaitGroup, logger *slog.Logger) error {
	w, err := f.remoteWrite.writer(logger, nil)
	if err != nil {
		return err
	}
	p, err := history.NewPusher(w, history.PushOptions{
		BatchSize:  f.remoteWrite.batchSize,
		Logger:     logger,
		Hint:       remoteWriteHint,
		Registerer: reg,
	})
	if err != nil {
		return err
	}
	updates := store.Updates() // before the first push, so that no update is missed
	history := func() []series.Sample {
		v := store.View()
		return append(slices.Clone(v.Samples), compare.History(v.Rules.Config().Indicators, v.Samples)...)
	}
	wg.Go(func() { p.Run(ctx, history, updates) })
	return nil
}

// redact hides the password of a URL for the log.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
