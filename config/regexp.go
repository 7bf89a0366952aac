package config

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

// Regexp is a regular expression compiled when the rules are loaded.
type Regexp struct {
	*regexp.Regexp
	Pos    Pos
	filter prefilter
}

// NewRegexp compiles a pattern of the rules.
func NewRegexp(expr string) (*Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	return &Regexp{Regexp: re, filter: newPrefilter(expr)}, nil
}


// FindStringSubmatch is regexp's, after a cheap check for the literals any match contains.
func (r *Regexp) FindStringSubmatch(s string) []string {
	if !r.filter.MayMatch(s) {
		return nil
	}
	return r.Regexp.FindStringSubmatch(s)
}

// FindStringIndex is regexp's, after a cheap check for the literals any match contains.
func (r *Regexp) FindStringIndex(s string) []int {
	if !r.filter.MayMatch(s) {
		return nil
	}
	return r.Regexp.FindStringIndex(s)
}

// MatchString is regexp's, after a cheap check for the literals any match contains.
func (r *Regexp) MatchString(s string) bool {
	return r.filter.MayMatch(s) && r.Regexp.MatchString(s)
}

// UnmarshalYAML compiles the pattern and names its position on error.
func (r *Regexp) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	re, err := NewRegexp(s)
	if err != nil {
		return posError(n, fmt.Errorf("compile pattern: %w", err))
	}
	*r = *re
	r.Pos = Pos{Line: n.Line, Column: n.Column}
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
