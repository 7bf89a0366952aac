// Package reportexporter carries the defaults built into the binary: the rules of
// config/rules.yaml and the seed reports of seeds/, so that the bare binary, copied anywhere,
// serves the seeds.
package reportexporter

import (
	"embed"
	"io/fs"

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
func DefaultConfig() (*config.Config, error) {
	data, err := fs.ReadFile(Defaults, RulesFile)
	if err != nil {
		return nil, err
	}
	return config.Parse(RulesFile, data)
}
