package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/report-exporter/report_exporter/series"
)

// Load reads and validates the rules file at path, and the files it includes.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes and validates a rules file read from name, and the files it includes (paths
// relative to name). Unknown keys, wrong types and invalid values are errors that name the
// file, line and column.
func Parse(name string, data []byte) (*Config, error) {
	return parseFile(name, data, nil)
}

func parseFile(name string, data []byte, including []string) (*Config, error) {
	cfg, err := decode(data)
	if err != nil {
		return nil, inFile(name, err)
	}
	cfg.File = name
	if err := cfg.include(including); err != nil {
		return nil, err
	}
	if cfg.Grammar.Empty() && name != builtinFile {
		if cfg.Grammar, err = builtinGrammar(); err != nil {
			return nil, err
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, inFile(name, err)
	}
	return cfg, nil
}

// inFile names the file in an error: a position error gets it before line and column.
func inFile(name string, err error) error {
	var pe *PosError
	if errors.As(err, &pe) {
		pe.File = name
		return pe
	}
	return fmt.Errorf("%s: %w", name, err)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decode reads a rules file strictly: unknown keys and wrong types are errors.
func decode(data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &PosError{Pos: Pos{Line: line, Column: 1}, Err: errors.New(m[2])}
		}
		return nil, err
	}
	if len(root.Content) == 0 {
		return nil, errors.New("empty rules file")
	}
	doc := root.Content[0]
	if err := checkFields(doc, reflect.TypeFor[Config]()); err != nil {
		return nil, err
	}
	if err := checkFinite(doc); err != nil {
		return nil, err
	}
	var cfg Config
	if err := doc.Decode(&cfg); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			if m := typeErrLine.FindStringSubmatch(te.Errors[0]); m != nil {
				line, _ := strconv.Atoi(m[1])
				return nil, &PosError{Pos: Pos{Line: line, Column: 1}, Err: errors.New(m[2])}
			}
		}
		return nil, err
	}
	return &cfg, nil
}

// checkFields reports the first mapping key that names no field of t, with its position, so a
// misspelt key is an error rather than a rule silently ignored.
func checkFields(n *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeFor[Regexp]() || n.Kind != yaml.MappingNode {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag != "" && tag != "-" {
				fields[tag] = f.Type
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				return posError(k, fmt.Errorf("unknown key %q in %s", k.Value, kindName(t)))
			}
			if err := checkFields(n.Content[i+1], ft); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				if err := checkFields(c, t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				if err := checkFields(n.Content[i], t.Elem()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func kindName(t reflect.Type) string {
	return strings.ToLower(t.Name())
}

// UnmarshalYAML keeps the indicator's position for messages.
func (ind *Indicator) UnmarshalYAML(n *yaml.Node) error {
	type plain Indicator
	if err := n.Decode((*plain)(ind)); err != nil {
		return err
	}
	ind.Pos = Pos{Line: n.Line, Column: n.Column}
	return nil
}

// UnmarshalYAML keeps the example's position for messages.
func (ex *Example) UnmarshalYAML(n *yaml.Node) error {
	type plain Example
	if err := n.Decode((*plain)(ex)); err != nil {
		return err
	}
	ex.Pos = Pos{Line: n.Line, Column: n.Column}
	return nil
}

// UnmarshalYAML keeps the series' position for messages.
func (s *Series) UnmarshalYAML(n *yaml.Node) error {
	type plain Series
	if err := n.Decode((*plain)(s)); err != nil {
		return err
	}
	s.Pos = Pos{Line: n.Line, Column: n.Column}
	return nil
}

// UnmarshalYAML keeps the unit's position for messages.
func (u *Unit) UnmarshalYAML(n *yaml.Node) error {
	type plain Unit
	if err := n.Decode((*plain)(u)); err != nil {
		return err
	}
	u.Pos = Pos{Line: n.Line, Column: n.Column}
	return nil
}

// UnmarshalYAML keeps the cue's position for messages.
func (c *Cue) UnmarshalYAML(n *yaml.Node) error {
	type plain Cue
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.Pos = Pos{Line: n.Line, Column: n.Column}
	return nil
}

var (
	metricName  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	typeErrLine = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// validate checks what the types cannot say, naming the position of the offending entry. It
// fills in the defaults: document.lines, a cue's scope, an indicator's better, a growth's unit.
func (c *Config) validate() error {
	if err := c.validatePatterns(); err != nil {
		return err
	}
	if err := c.Grammar.validate(); err != nil {
		return err
	}
	if c.Document.Lines <= 0 {
		c.Document.Lines = 40
	}
	for _, cue := range c.Vocabulary.Cues {
		if err := cue.validate(); err != nil {
			return err
		}
	}
	units := map[string]bool{}
	for w, u := range c.Vocabulary.Units {
		if u.Unit == "" || !(u.Scale > 0) {
			return errorAt(u.Pos, "vocabulary.units: %s: needs a unit and a positive scale", w)
		}
		if math.IsInf(u.Scale, 0) {
			return errorAt(u.Pos, "vocabulary.units: %s: scale %v is not a finite number", w, u.Scale)
		}
		units[u.Unit] = true
	}
	return c.validateIndicators(units)
}

// errorAt returns the error of format and args at position p.
func errorAt(p Pos, format string, args ...any) error {
	return &PosError{Pos: p, Err: fmt.Errorf(format, args...)}
}

// validatePatterns checks that the patterns of document.region, document.published and
// vocabulary.places have the groups that the engine reads.
func (c *Config) validatePatterns() error {
	for _, re := range c.Document.Region {
		if re.SubexpIndex("region") < 0 {
			return errorAt(re.Pos, "document.region: pattern %q has no group named region", re)
		}
	}
	for _, re := range c.Document.Published {
		if re.SubexpIndex("year") < 0 {
			return errorAt(re.Pos, "document.published: pattern %q has no group named year", re)
		}
	}
	if re := c.Vocabulary.Places; re != nil && re.SubexpIndex("region") < 0 {
		return errorAt(re.Pos, "vocabulary.places: pattern %q has no group named region", re)
	}
	return nil
}

// validate checks a cue and fills in its default scope, sentence.
func (c *Cue) validate() error {
	if len(c.Words) == 0 {
		return errorAt(c.Pos, "cue has no words")
	}
	if c.Kind != "" && c.Kind != "actual" && c.Kind != "target" {
		return errorAt(c.Pos, "cue %v: kind %q is not actual or target", c.Words, c.Kind)
	}
	if _, _, ok := series.PeriodMonths(c.Period); c.Period != "" && !ok {
		return errorAt(c.Pos, "cue %v: period %q is not M-N with months 1 to 12", c.Words, c.Period)
	}
	switch c.Scope {
	case "":
		c.Scope = "sentence"
	case "sentence", "paragraph":
	default:
		return errorAt(c.Pos, "cue %v: scope %q is not sentence or paragraph", c.Words, c.Scope)
	}
	if c.Kind == "" && c.Year == nil && c.Period == "" {
		return errorAt(c.Pos, "cue %v sets neither kind, year nor period", c.Words)
	}
	return nil
}

// validateIndicators checks the indicators, their series and examples: ids and metric names
// used once, every series in one of units (the base units of vocabulary.units).
func (c *Config) validateIndicators(units map[string]bool) error {
	ids := map[string]Pos{}
	metrics := map[string]Pos{}
	for _, ind := range c.Indicators {
		if ind.ID == "" {
			return errorAt(ind.Pos, "indicator has no id")
		}
		if p, dup := ids[ind.ID]; dup {
			return errorAt(ind.Pos, "indicator %q: id already used at line %d", ind.ID, p.Line)
		}
		ids[ind.ID] = ind.Pos
		if err := ind.validate(); err != nil {
			return err
		}
		for _, s := range []*Series{ind.Level, ind.Growth} {
			if s == nil {
				continue
			}
			if err := s.validateName(ind.ID); err != nil {
				return err
			}
			if p, dup := metrics[s.Metric]; dup {
				return errorAt(s.Pos, "indicator %q: metric %q already used at line %d", ind.ID, s.Metric, p.Line)
			}
			metrics[s.Metric] = s.Pos
			if !units[s.Unit] {
				return errorAt(s.Pos, "indicator %q: metric %q: unit %q is not the unit of any vocabulary.units entry", ind.ID, s.Metric, s.Unit)
			}
		}
		for _, ex := range ind.Examples {
			if err := ex.validate(ind.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// validate checks what an indicator holds besides its series and examples, and fills in the
// defaults of better (higher) and of its growth's unit (ratio).
func (ind *Indicator) validate() error {
	if len(ind.Aliases) == 0 {
		return errorAt(ind.Pos, "indicator %q has no aliases", ind.ID)
	}
	if ind.Level == nil && ind.Growth == nil {
		return errorAt(ind.Pos, "indicator %q has neither level nor growth", ind.ID)
	}
	switch ind.Better {
	case "":
		ind.Better = "higher"
	case "higher", "lower":
	default:
		return errorAt(ind.Pos, "indicator %q: better %q is not higher or lower", ind.ID, ind.Better)
	}
	if ind.Growth != nil && ind.Growth.Unit == "" {
		ind.Growth.Unit = "ratio"
	}
	return nil
}

// validateName checks the metric name of a series of indicator id.
func (s *Series) validateName(id string) error {
	if !metricName.MatchString(s.Metric) {
		return errorAt(s.Pos, "indicator %q: invalid metric name %q", id, s.Metric)
	}
	if strings.HasSuffix(s.Metric, series.TimestampSuffix) {
		return errorAt(s.Pos, "indicator %q: metric %q: names ending in %s are the observation times of the other metrics", id, s.Metric, series.TimestampSuffix)
	}
	return nil
}

// validate checks an example of indicator id.
func (ex *Example) validate(id string) error {
	if ex.Text == "" {
		return errorAt(ex.Pos, "indicator %q: example has no text", id)
	}
	if ex.Published != "" {
		if _, err := time.Parse(time.DateOnly, ex.Published); err != nil {
			return errorAt(ex.Pos, "indicator %q: example published %q is not YYYY-MM-DD", id, ex.Published)
		}
	}
	return nil
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

// Error reads file:line:col: message.
func (e *PosError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Pos.Line, e.Pos.Column, e.Err)
}

// Unwrap returns the error without its position.
func (e *PosError) Unwrap() error { return e.Err }

// checkFinite refuses a magnitude or a sign that is no finite number (.nan, .inf): every
// figure it scales or signs would be NaN or infinite.
func checkFinite(doc *yaml.Node) error {
	vocab := mappingValue(doc, "vocabulary")
	for _, key := range []string{"magnitudes", "signs"} {
		m := mappingValue(vocab, key)
		if m == nil || m.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			var f float64
			if err := m.Content[i+1].Decode(&f); err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
				return posError(m.Content[i+1], fmt.Errorf("vocabulary.%s: %s: %v is not a finite number", key, m.Content[i].Value, f))
			}
		}
	}
	return nil
}

// mappingValue returns the value node of key in the mapping n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
