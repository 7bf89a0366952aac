package config

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

// Regexp is a regular expression compiled when the rules are loaded.
type Regexp struct {
	*regexp.Regexp
	Pos Pos
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
	r.Regexp, r.Pos = re, Pos{Line: n.Line, Column: n.Column}
	return nil
}

// MarshalYAML writes the pattern back.
func (r *Regexp) MarshalYAML() (any, error) { return r.String(), nil }

// Bound is a target bound named in the rules: min, max or approx.
type Bound string

// UnmarshalYAML accepts only the three bounds, naming the position of any other.
func (b *Bound) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	if s != "min" && s != "max" && s != "approx" {
		return posError(n, fmt.Errorf("bound %q is not min, max or approx", s))
	}
	*b = Bound(s)
	return nil
}
