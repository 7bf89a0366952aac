package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
	"os"
)

// Load reads and validates the rules file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes and validates a rules file read from name.
func Parse(name string, data []byte) (*Config, error) {
	return &Config{File: name}, nil
}

// posError marks an error with the node's position; Parse adds the file name.
func posError(n *yaml.Node, err error) error {
	return &PosError{Pos: Pos{Line: n.Line, Column: n.Column}, Err: err}
}

// PosError is an error at a position of the rules file.
type PosError struct {
	File string
	Pos  Pos
	Err  error
}

func (e *PosError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Pos.Line, e.Pos.Column, e.Err)
}

func (e *PosError) Unwrap() error { return e.Err }
