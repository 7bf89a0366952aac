package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// include reads the files c names in its include list, in order, and builds c on them: their
// indicators first, then c's; a section c writes (document, vocabulary, grammar) replaces
// theirs whole. including lists the files that include c, to refuse a loop.
func (c *Config) include(including []string) error {
	if len(c.Include) == 0 {
		return nil
	}
	including = append(including, c.File)
	var base Config
	for _, name := range c.Include {
		inc, err := c.load(name, including)
		if err != nil {
			return err
		}
		base.Document, base.Vocabulary, base.Grammar = inc.Document, inc.Vocabulary, inc.Grammar
		base.Indicators = append(base.Indicators, inc.Indicators...)
	}
	if c.Document.empty() {
		c.Document = base.Document
	}
	if c.Vocabulary.empty() {
		c.Vocabulary = base.Vocabulary
	}
	if c.Grammar.Empty() {
		c.Grammar = base.Grammar
	}
	c.Indicators = append(base.Indicators, c.Indicators...)
	return nil
}

// load reads one included file: the built-in rules, or a path relative to c's file.
func (c *Config) load(name string, including []string) (*Config, error) {
	if name == BuiltinName {
		return Builtin()
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(c.File), name)
	}
	if slices.Contains(including, path) {
		return nil, fmt.Errorf("%s: include %s: a loop: %v", c.File, name, append(including, path))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: include %s: %w", c.File, name, err)
	}
	return parseFile(path, data, including)
}

// empty tells whether a rules file wrote no document section.
func (d *Document) empty() bool {
	return len(d.Region) == 0 && len(d.Published) == 0 && len(d.Known) == 0 && d.Lines == 0
}

// empty tells whether a rules file wrote no vocabulary.
func (v *Vocabulary) empty() bool {
	return len(v.Magnitudes) == 0 && len(v.Units) == 0 && len(v.Signs) == 0 && len(v.Cues) == 0 &&
		len(v.Fillers) == 0 && len(v.Qualifiers) == 0
}
