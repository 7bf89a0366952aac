// Package reportexporter carries the defaults built into the binary: the seed reports of
// seeds/ (and, through package config, the rules of config/rules.yaml), so that the bare
// binary, copied anywhere, serves the seeds.
package reportexporter

import (
	"embed"

	"github.com/report-exporter/report_exporter/config"
)

// Defaults holds config/rules.yaml and the seed reports (seeds/*.txt and their sidecars),
// under those names.
//
//go:embed config/rules.yaml seeds
var Defaults embed.FS

// RulesFile and SeedsDir name the defaults inside Defaults.
const (
	RulesFile = "config/rules.yaml"
	SeedsDir  = "seeds"
)

// DefaultConfig loads the built-in rules, through the same validation as any rules file.
func DefaultConfig() (*config.Config, error) { return config.Builtin() }
