// Command report_exporter turns Chinese government work reports and plan execution reports into
// Prometheus series: it extracts them, serves the latest figures on /metrics, backfills the
// history and checks the rules.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

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
	maxBytes   int64 // --report.max-bytes
	logConfig  *promslog.Config
}

func (c *common) register(cmd *kingpin.CmdClause, withPaths bool) {
	cmd.Flag("config.file", "Rules file. Default: the rules built into the binary (config/rules.yaml).").
		StringVar(&c.configFile)
	if withPaths {
		cmd.Arg("path", "Report files or folders (walked recursively). Default: the seed reports built into the binary.").
			StringsVar(&c.paths)
		cmd.Flag("report.max-bytes", "Largest report read, in bytes; a larger one is skipped with an error. Only regular files are read: FIFOs, devices and sockets are skipped too.").
			Default(strconv.Itoa(extract.DefaultMaxReportBytes)).Int64Var(&c.maxBytes)
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
	if cmd == serveCmd.FullCommand() && !slices.Contains(args, "serve") && len(c.paths) > 0 {
		// serve is the default command: a word it took for a PATH may be a command.
		switch name := c.paths[0]; {
		case isCommand(app, name):
			return run(commandFirst(args, name), stdout, stderr)
		case notAPath(name):
			printf(stderr, "report_exporter: unknown command %q: the commands are serve, extract, backfill, check and generate, and a PATH must exist (see --help)\n", name)
			return 2
		}
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

// isCommand tells whether name is one of app's commands.
func isCommand(app *kingpin.Application, name string) bool {
	for _, cm := range app.Model().Commands {
		if cm.Name == name {
			return true
		}
	}
	return false
}

// commandFirst returns args with the first name moved to the front, so that flags written
// before a command are read as the command's.
func commandFirst(args []string, name string) []string {
	i := slices.Index(args, name)
	return append([]string{name}, slices.Delete(slices.Clone(args), i, i+1)...)
}

// notAPath tells whether arg, taken for serve's PATH, names nothing and reads as a mistyped
// command rather than a path.
func notAPath(arg string) bool {
	if _, err := os.Stat(arg); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	return !strings.ContainsAny(arg, `/\.`)
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
func (c *common) reports() (fs.FS, []string) {
	if len(c.paths) == 0 {
		return reportexporter.Defaults, []string{reportexporter.SeedsDir}
	}
	return extract.OSFS{MaxBytes: c.maxBytes}, c.paths
}

// extractReports extracts every report under the paths on GOMAXPROCS goroutines and merges
// them as they come: memory holds the merged samples and a batch of results, not every
// report's. each, if not nil, sees every result first, in walk order; conflict is told every
// revised figure as it is met. A report that cannot be read or decoded is skipped and reported
// through skip, in walk order; the walk goes on. Once ctx is done no report is begun.
func (c *common) extractReports(ctx context.Context, rs *extract.RuleSet, each func(*extract.Result), conflict func(store.Conflict), skip func(path string, err error)) (*store.Merger, int, error) {
	fsys, roots := c.reports()
	m := store.Merger{OnConflict: conflict}
	docs := 0
	err := rs.ExtractAllContext(ctx, fsys, roots, 0, func(r *extract.Result) {
		if each != nil {
			each(r)
		}
		m.Add(r)
		docs++
	}, skip)
	return &m, docs, err
}
