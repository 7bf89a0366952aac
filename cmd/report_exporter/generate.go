package main

import (
	"fmt"
	"io"

	"github.com/alecthomas/kingpin/v2"
)

type generateFlags struct{}

func registerGenerate(cmd *kingpin.CmdClause) *generateFlags { return &generateFlags{} }

func (f *generateFlags) run(c *common, stderr io.Writer) int {
	fmt.Fprintln(stderr, "generate: not built yet")
	return 1
}
