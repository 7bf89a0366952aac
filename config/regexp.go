package config

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

// Regexp is a regular expression compiled when the rules are loaded. Its Find and Match
// methods give regexp's results, faster: a line without the literals every match holds is
// turned away at once, and an unanchored pattern whose matches start with one of a few
// literals is tried only where they stand (see prefilter).
type Regexp struct {
	*regexp.Regexp
	Pos    Pos
	filter prefilter
	// anchored is the pattern anchored at the start, tried at each place one of
	// filter.firsts stands; nil when the pattern has no such starts.
	anchored *regexp.Regexp
}

// NewRegexp compiles a pattern of the rules.
func NewRegexp(expr string) (*Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	r := &Regexp{Regexp: re, filter: newPrefilter(expr)}
	if r.filter.firsts != nil {
		r.anchored = regexp.MustCompile(`^(?:` + expr + `)`)
	}
	return r, nil
}

// Starts returns the strings one of which starts every match of a pattern anchored at the
// start (^…), or nil when the pattern is not anchored or may start with too many.
func (r *Regexp) Starts() []string { return r.filter.starts }

// MayMatchWithin tells whether a match may stand anywhere in s, for a caller that tries the
// pattern at many places of s (s[i:] for each i): false means it matches at none.
func (r *Regexp) MayMatchWithin(s string) bool { return r.filter.MayMatchWithin(s) }

// FindStringSubmatch is regexp's.
func (r *Regexp) FindStringSubmatch(s string) []string {
	m := r.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	out := make([]string, len(m)/2)
	for i := range out {
		if m[2*i] >= 0 {
			out[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return out
}

// FindStringSubmatchIndex is regexp's.
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	if !r.filter.MayMatch(s) {
		return nil
	}
	if r.anchored == nil {
		return r.Regexp.FindStringSubmatchIndex(s)
	}
	var m []int
	r.filter.eachStart(s, func(p int) bool {
		if m = r.anchored.FindStringSubmatchIndex(s[p:]); m != nil {
			for i := range m {
				if m[i] >= 0 {
					m[i] += p
				}
			}
		}
		return m != nil
	})
	return m
}

// FindStringIndex is regexp's.
func (r *Regexp) FindStringIndex(s string) []int {
	if m := r.FindStringSubmatchIndex(s); m != nil {
		return m[:2]
	}
	return nil
}

// MatchString is regexp's.
func (r *Regexp) MatchString(s string) bool {
	if !r.filter.MayMatch(s) {
		return false
	}
	if r.anchored == nil {
		return r.Regexp.MatchString(s)
	}
	return r.filter.eachStart(s, func(p int) bool { return r.anchored.MatchString(s[p:]) })
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
