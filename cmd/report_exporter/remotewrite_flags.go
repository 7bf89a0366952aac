package main

import (
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/report-exporter/report_exporter/history"
)

// remoteWriteFlags are the --remote-write.* flags of backfill and serve.
type remoteWriteFlags struct {
	url       string
	batchSize int
	timeout   time.Duration
}

// register adds the flags to cmd; urlHelp is the help of --remote-write.url.
func (f *remoteWriteFlags) register(cmd *kingpin.CmdClause, urlHelp string) {
	cmd.Flag("remote-write.url", urlHelp).
		PlaceHolder("URL").StringVar(&f.url)
	cmd.Flag("remote-write.batch-size", "Samples per remote write request.").
		Default(strconv.Itoa(history.DefaultBatchSize)).IntVar(&f.batchSize)
	cmd.Flag("remote-write.timeout", "Timeout of one remote write request.").
		Default("1m").DurationVar(&f.timeout)
}

// check validates the flags.
func (f *remoteWriteFlags) check() error {
	if f.batchSize <= 0 {
		return errors.New("--remote-write.batch-size must be positive")
	}
	return nil
}

// writer returns the remote writer of the flags; progress may be nil.
func (f *remoteWriteFlags) writer(logger *slog.Logger, progress func(sent, total int)) (*history.RemoteWriter, error) {
	return history.NewRemoteWriter(f.url, history.RemoteWriterOptions{
		BatchSize: f.batchSize,
		Logger:    logger,
		Client:    httpClient(f.timeout),
		Progress:  progress,
	})
}
