package main

import (
	"log/slog"

	"github.com/alecthomas/kingpin/v2"
)

type serveFlags struct{}

func registerServe(cmd *kingpin.CmdClause) *serveFlags { return &serveFlags{} }

func (f *serveFlags) run(c *common, logger *slog.Logger) int {
	logger.Error("serve: not built yet")
	return 1
}
