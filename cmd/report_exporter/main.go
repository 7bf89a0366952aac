// Command report_exporter turns Chinese government work reports and plan execution reports into
// Prometheus series: it extracts them, serves the latest figures on /metrics, backfills the
// history and checks the rules.
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/common/promslog/flag"
	"github.com/prometheus/common/version"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/store"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func init() {
	// Builds without -ldflags (go install, go run) still report the module version.
	if version.Version == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			version.Version = bi.Main.Version
		}
	}
}

// common holds the flags every command shares.
type common struct {
	configFile string
	paths      []string
	logConfig  *promslog.Config
}

func (c *common) register(cmd *kingpin.CmdClause, withPaths bool) {
	cmd.Flag("config.file", "Rules file. Default: the rules built into the binary (config/rules.yaml).").
		StringVar(&c.configFile)
	if withPaths {
		cmd.Arg("path", "Report files or folders (walked recursively). Default: the seed reports built into the binary.").
			StringsVar(&c.paths)
	}
}

// run parses the arguments and runs one command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	app := kingpin.New("report_exporter", "Turns government work reports and plan execution reports into Prometheus series.")
	app.Version(version.Print("report_exporter"))
	app.HelpFlag.Short('h')
	app.UsageWriter(stdout)
	app.ErrorWriter(stderr)
	// --help and --version end the run; kingpin would call os.Exit.
	done := false
	app.Terminate(func(int) { done = true })

	var c common
	c.logConfig = &promslog.Config{Writer: stderr}
	flag.AddFlags(app, c.logConfig)

	serveCmd := app.Command("serve", "Extract the reports, serve /metrics and watch the paths (the default command).").Default()
	c.register(serveCmd, true)
	serve := registerServe(serveCmd)

	extractCmd := app.Command("extract", "Print every extracted sample as JSON Lines on stdout, warnings on stderr.")
	c.register(extractCmd, true)
	extract := registerExtract(extractCmd)

	backfillCmd := app.Command("backfill", "Write the full history to an OpenMetrics file or over remote write.")
	c.register(backfillCmd, true)
	backfill := registerBackfill(backfillCmd)

	checkCmd := app.Command("check", "Load and validate the rules and run the examples embedded in them.")
	c.register(checkCmd, false)

	generateCmd := app.Command("generate", "Write the Grafana dashboards and the Prometheus alert rules generated from the rules.")
	c.register(generateCmd, false)
	generate := registerGenerate(generateCmd)

	cmd, err := app.Parse(args)
	if done {
		return 0
	}
	if err != nil {
		printf(stderr, "report_exporter: %v\n", err)
		return 2
	}
	logger := promslog.New(c.logConfig)

	switch cmd {
	case serveCmd.FullCommand():
		return serve.run(&c, logger)
	case extractCmd.FullCommand():
		return extract.run(&c, stdout, stderr)
	case backfillCmd.FullCommand():
		return backfill.run(&c, logger, stderr)
	case checkCmd.FullCommand():
		return runCheck(&c, stdout, stderr)
	case generateCmd.FullCommand():
		return generate.run(&c, stderr)
	}
	return 2
}

// printf writes a message for the user, on stdout or stderr. A message that cannot be written
// has nowhere else to go, so the write error is dropped: the exit status tells the outcome.
func printf(w io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(w, format, args...)
}

// loadRules loads the rules of --config.file, or the built-in ones, and compiles them. Start-up,
// check and reload all come through here.
func loadRules(configFile string) (*extract.RuleSet, error) {
	load := func() (*config.Config, error) { return config.Load(configFile) }
	if configFile == "" {
		load = reportexporter.DefaultConfig
	}
	cfg, err := load()
	if err != nil {
		return nil, err
	}
	return extract.NewRuleSet(cfg)
}

// reports returns the file system and roots to read reports from: the paths given, or the
// built-in seeds.
func reports(paths []string) (fs.FS, []string) {
	if len(paths) == 0 {
		return reportexporter.Defaults, []string{reportexporter.SeedsDir}
	}
	return extract.OSFS{}, paths
}

// extractReports extracts every report under the paths on GOMAXPROCS goroutines and merges
// them as they come: memory holds the merged samples and a batch of results, not every
// report's. each, if not nil, sees every result first, in walk order; conflict is told every
// revised figure as it is met. A report that cannot be read or decoded is skipped and reported
// through skip, in walk order; the walk goes on.
func extractReports(rs *extract.RuleSet, paths []string, each func(*extract.Result), conflict func(store.Conflict), skip func(path string, err error)) (*store.Merger, int, error) {
	fsys, roots := reports(paths)
	m := store.Merger{OnConflict: conflict}
	docs := 0
	err := rs.ExtractAll(fsys, roots, 0, func(r *extract.Result) {
		if each != nil {
			each(r)
		}
		m.Add(r)
		docs++
	}, skip)
	return &m, docs, err
}
