package config

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

// Regexp is a regular expression compiled when the rules are loaded.
type Regexp struct {
	*regexp.Regexp
}

// UnmarshalYAML compiles the pattern and names its position on error.
func (r *Regexp) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return posError(n, fmt.Errorf("compile pattern: %w", err))
	}
	r.Regexp = re
	return nil
}

// MarshalYAML writes the pattern back.
func (r *Regexp) MarshalYAML() (any, error) { return r.String(), nil }
