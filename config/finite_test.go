package config_test

import (
	"testing"

	"github.com/report-exporter/report_exporter/config"
)

// TestParseRefusesNonFinite: a magnitude, a sign or a unit scale that is no finite number is
// an error at its position, not NaN or infinite samples.
func TestParseRefusesNonFinite(t *testing.T) {
	const indicators = `
indicators:
  - id: gdp
    aliases: [地区生产总值]
    level: {metric: econ_gdp_yuan, unit: yuan}
`
	for _, c := range []struct{ rules, want string }{
		{"vocabulary:\n  units:\n    元: {unit: yuan, scale: 1}\n  magnitudes:\n    亿: .nan\n", "r.yaml:5:8: vocabulary.magnitudes: 亿: NaN is not a finite number"},
		{"vocabulary:\n  units:\n    元: {unit: yuan, scale: 1}\n  signs:\n    增长: 1\n    下降: -.inf\n", "r.yaml:6:9: vocabulary.signs: 下降: -Inf is not a finite number"},
		{"vocabulary:\n  units:\n    元: {unit: yuan, scale: .nan}\n", "r.yaml:3:8: vocabulary.units: 元: needs a unit and a positive scale"},
		{"vocabulary:\n  units:\n    元: {unit: yuan, scale: .inf}\n", "r.yaml:3:8: vocabulary.units: 元: scale +Inf is not a finite number"},
	} {
		cfg, err := config.Parse("r.yaml", []byte(c.rules+indicators))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q):\n got  %v\n want %s", c.rules, err, c.want)
		}
		if cfg != nil {
			t.Errorf("Parse(%q) returned rules with its error", c.rules)
		}
	}
}
