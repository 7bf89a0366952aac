package config

// Document says how a document's own facts are read from its text, where no sidecar gives them.
type Document struct {
	// Region lists patterns with a group named "region"; the first match in the document's
	// opening lines names its region.
	Region []*Regexp `yaml:"region"`
	// Published lists patterns with groups named "year", "month" and "day" (month and day
	// optional); the first match in the opening lines is the publication date.
	Published []*Regexp `yaml:"published"`
}

// Vocabulary is the words of the value grammar.
type Vocabulary struct {
	// Magnitudes scale a number: 亿: 1e8.
	Magnitudes map[string]float64 `yaml:"magnitudes"`
	// Units are the report units and the base unit each converts to: 元: {unit: yuan}.
	Units map[string]Unit `yaml:"units"`
	// Signs are the words before a growth figure and the sign they give: 下降: -1, 持平: 0.
	Signs map[string]int `yaml:"signs"`
	// Qualifiers are the words around a figure and the bound they give a target: 以上: min.
	Qualifiers map[string]string `yaml:"qualifiers"`
}

// Unit is a report unit: the base unit it converts to and the factor.
type Unit struct {
	Unit  string  `yaml:"unit"`
	Scale float64 `yaml:"scale"`
}
