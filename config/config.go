// Package config holds the rules that map report phrases to named series: their YAML types,
// defaults, validation and compiled patterns. It knows nothing of Prometheus.
package config

// Config is a whole rules file.
type Config struct {
	// Include names rules files this one builds on, read first: paths relative to this file,
	// or "builtin" for the rules built into the binary. Their indicators come first; a section
	// (document, vocabulary, grammar) this file writes replaces theirs whole.
	Include []string `yaml:"include"`
	// Document says how to read a document's region and publication date from its text.
	Document Document `yaml:"document"`
	// Vocabulary is the value grammar's words: magnitudes, units, signs, qualifiers, periods
	// and the cues of kind and year.
	Vocabulary Vocabulary `yaml:"vocabulary"`
	// Grammar is the shape of report prose around the rules' words; a file without one takes
	// the built-in rules' grammar.
	Grammar Grammar `yaml:"grammar"`
	// Indicators are the quantities extracted, each with its series.
	Indicators []*Indicator `yaml:"indicators"`

	// File is the path the config was loaded from, for messages.
	File string `yaml:"-"`
}

// Indicator is one economic quantity, the phrases that name it, and the series it gives.
type Indicator struct {
	// ID names the indicator in messages, dashboards and alerts: "gdp".
	ID string `yaml:"id"`
	// Title is the indicator's name as readers know it: "地区生产总值".
	Title string `yaml:"title"`
	// Help is the metric help text.
	Help string `yaml:"help"`
	// Aliases are the phrases that name the indicator in a report.
	Aliases []string `yaml:"aliases"`
	// Not lists look-alike phrases that contain an alias but name another quantity
	// (规下工业增加值, 人均地区生产总值). "A*B" is the name B with A before it in the same
	// sentence (城市更新*固定资产投资 for 城市更新累计完成固定资产投资).
	Not []string `yaml:"not"`
	// Level is the series of the indicator's level (4759亿元, 3%), if it has one.
	Level *Series `yaml:"level"`
	// Growth is the series of the indicator's growth rate (增长3%), if it has one.
	Growth *Series `yaml:"growth"`
	// Better says which way is good: "higher" (default) or "lower" (unemployment).
	// Alerts use it to decide which side of a target is a shortfall.
	Better string `yaml:"better"`
	// Examples prove the indicator's rules: `check` runs each.
	Examples []*Example `yaml:"examples"`

	// Pos is where the entry stands in the rules file, for messages.
	Pos Pos `yaml:"-"`
}

// Series names a metric and the unit its values take.
type Series struct {
	// Metric is the Prometheus metric name: econ_gdp_yuan.
	Metric string `yaml:"metric"`
	// Unit is the base unit of the values: yuan, ratio, ... A level accepts the report units
	// of the vocabulary that convert to it.
	Unit string `yaml:"unit"`

	// Pos is where the entry stands in the rules file, for messages.
	Pos Pos `yaml:"-"`
}

// Example is a short text and the samples it must give.
type Example struct {
	// Text is a phrase or a few lines of report.
	Text string `yaml:"text"`
	// Published is the publication date the text is read against (YYYY-MM-DD); it resolves
	// 今年 and 去年. Default 2021-01-20.
	Published string `yaml:"published"`
	// Heading is an optional section heading the text stands under ("一、2020年工作回顾").
	Heading string `yaml:"heading"`
	// Want lists the samples, one a line: `metric{label="value",...} value [YYYY-MM-DD]`.
	// Labels not written are not compared; an empty list says the text gives no sample of
	// this indicator.
	Want []string `yaml:"want"`

	// Pos is where the entry stands in the rules file, for messages.
	Pos Pos `yaml:"-"`
}

// Pos is a position in the rules file.
type Pos struct {
	Line, Column int
}
