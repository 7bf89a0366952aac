package main

import (
	"io"
	"log/slog"

	"github.com/alecthomas/kingpin/v2"
)

type backfillFlags struct{}

func registerBackfill(cmd *kingpin.CmdClause) *backfillFlags { return &backfillFlags{} }

func (f *backfillFlags) run(c *common, logger *slog.Logger, stderr io.Writer) int {
	logger.Error("backfill: not built yet")
	return 1
}
