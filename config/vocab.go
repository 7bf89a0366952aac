package config

// Document says how a document's own facts are read from its text, where no sidecar gives them.
type Document struct {
	// Lines is how many opening lines are searched for the region and the publication date.
	Lines int `yaml:"lines"`
	// Region lists patterns with a group named "region"; the first pattern that matches in the
	// opening lines names the document's region.
	Region []*Regexp `yaml:"region"`
	// Published lists patterns with a group named "year" and optional groups "month" and
	// "day"; the first pattern that matches in the opening lines gives the publication date.
	Published []*Regexp `yaml:"published"`
	// Known lists region names tried when no Region pattern matches: the one whose stem (the
	// name without 区, 县 or 市) the text repeats most, at least three times, is taken
	// (罗湖 for 罗湖区 in a report that never writes the district's full name).
	Known []string `yaml:"known"`
}

// Vocabulary is the words of the value grammar and of the context of a figure.
type Vocabulary struct {
	// Magnitudes scale a number: 亿: 1e8, 万: 1e4.
	Magnitudes map[string]float64 `yaml:"magnitudes"`
	// Units are the report units and the base unit each converts to: 元: {unit: yuan, scale: 1},
	// "%": {unit: ratio, scale: 0.01}.
	Units map[string]Unit `yaml:"units"`
	// Signs are the words that open a growth figure and the sign they give: 增长: 1, 下降: -1.
	Signs map[string]float64 `yaml:"signs"`
	// Flat are the phrases that state a growth of zero: 与上年同期持平.
	Flat []string `yaml:"flat"`
	// Qualifiers are the words before or after a figure and the bound they give a target:
	// 以上: min, 以内: max, 左右: approx.
	Qualifiers map[string]Bound `yaml:"qualifiers"`
	// Fillers are the words that may stand between an indicator's name and its figure, or
	// between two figures of one indicator: 同比, 完成, 达到, 按可比价格计算.
	Fillers []string `yaml:"fillers"`
	// FillerPatterns are fillers too general for a word list (按可比价格计算, 剔除留抵退税因素后),
	// matched where a filler may stand.
	FillerPatterns []*Regexp `yaml:"filler_patterns"`
	// Blockers are the words that, between an indicator's name and a figure, make the figure
	// another quantity: 年均, 两年平均, 拉动.
	Blockers []string `yaml:"blockers"`
	// Scopes are the words that, right before an indicator's name, place the figure in an area
	// of some level (全国: country, 全市: city). A figure of another level than the document's
	// region is not the region's.
	Scopes map[string]string `yaml:"scopes"`
	// Places matches, at the end of the clause before an indicator's name, an area named
	// outright (深圳市实现地区生产总值): a figure of an area other than the document's region is
	// not the region's. Its group "region" is the name.
	Places *Regexp `yaml:"places"`
	// RegionLevels give the level of a region by the last character of its name: 区: district.
	RegionLevels map[string]string `yaml:"region_levels"`
	// Cues are the words that set a figure's kind, year or period.
	Cues []*Cue `yaml:"cues"`
}

// Unit is a report unit: the base unit it converts to and the factor.
type Unit struct {
	Unit  string  `yaml:"unit"`
	Scale float64 `yaml:"scale"`

	// Pos is where the entry stands in the rules file, for messages.
	Pos Pos `yaml:"-"`
}

// Cue is a set of words that tell the kind, the year or the period of the figures after them.
// In a heading a cue holds for the whole section; in the text it holds for the rest of the
// sentence, or of the paragraph when Scope is "paragraph".
type Cue struct {
	Words []string `yaml:"words"`
	// Kind is "actual" or "target".
	Kind string `yaml:"kind"`
	// Year is the year relative to the publication year: 今年 0, 去年 -1, 明年 1.
	Year *int `yaml:"year"`
	// Period is the months covered: "1-6".
	Period string `yaml:"period"`
	// Scope is "sentence" (default) or "paragraph".
	Scope string `yaml:"scope"`

	// Pos is where the entry stands in the rules file, for messages.
	Pos Pos `yaml:"-"`
}
