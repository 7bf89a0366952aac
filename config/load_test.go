package config_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/config"
)

// badRules are the rules files of testdata/bad and the exact error each gives. An entry with
// known set shows a loader gap: its message is asserted, its position (which want gives as it
// should be) only logged.
var badRules = []struct {
	file  string
	want  string // "" for a file the loader accepts and a later stage rejects
	known string
}{
	{file: "unknown-key-top.yaml", want: `testdata/bad/unknown-key-top.yaml:2:1: unknown key "documnet" in config`},
	{file: "unknown-key-indicator.yaml", want: `testdata/bad/unknown-key-indicator.yaml:7:5: unknown key "nto" in indicator`},
	{file: "region-bad-regexp.yaml", want: "testdata/bad/region-bad-regexp.yaml:4:7: compile pattern: error parsing regexp: missing closing ]: `[区县)`"},
	{file: "region-no-group.yaml", want: `testdata/bad/region-no-group.yaml:3:7: document.region: pattern "\\p{Han}{2,3}区" has no group named region`},
	{file: "qualifier-bad-bound.yaml", want: `testdata/bad/qualifier-bad-bound.yaml:6:9: bound "about" is not min, max or approx`},
	{file: "cue-bad-kind.yaml", want: `testdata/bad/cue-bad-kind.yaml:7:7: cue [工作回顾]: kind "review" is not actual or target`},
	{file: "cue-bad-period.yaml", want: `testdata/bad/cue-bad-period.yaml:5:7: cue [下半年]: period "12-7" is not M-N with months 1 to 12`},
	{file: "cue-bad-scope.yaml", want: `testdata/bad/cue-bad-scope.yaml:5:7: cue [今年]: scope "section" is not sentence or paragraph`},
	{file: "indicator-duplicate-id.yaml", want: `testdata/bad/indicator-duplicate-id.yaml:10:5: indicator "gdp": id already used at line 6`},
	{file: "indicator-duplicate-metric.yaml", want: `testdata/bad/indicator-duplicate-metric.yaml:13:13: indicator "gdp_per_capita": metric "econ_gdp_growth_ratio" already used at line 9`},
	{file: "indicator-bad-metric-name.yaml", want: `testdata/bad/indicator-bad-metric-name.yaml:7:12: indicator "gdp": invalid metric name "econ-gdp-yuan"`},
	{file: "indicator-unknown-unit.yaml", want: `testdata/bad/indicator-unknown-unit.yaml:7:12: indicator "gdp": metric "econ_gdp_dollars": unit "dollars" is not the unit of any vocabulary.units entry`},
	{file: "example-bad-published.yaml", want: `testdata/bad/example-bad-published.yaml:12:9: indicator "gdp": example published "12/01/2023" is not YYYY-MM-DD`},
	{file: "metric-timestamp-suffix.yaml", want: `testdata/bad/metric-timestamp-suffix.yaml:7:12: indicator "gdp": metric "econ_gdp_timestamp_seconds": names ending in _timestamp_seconds are the observation times of the other metrics`},
	{file: "unit-no-scale.yaml", want: `testdata/bad/unit-no-scale.yaml:4:8: vocabulary.units: 元: needs a unit and a positive scale`},
	{file: "wrong-type.yaml", want: "testdata/bad/wrong-type.yaml:2:1: cannot unmarshal !!str `forty` into int"},
	{file: "yaml-syntax.yaml", want: `testdata/bad/yaml-syntax.yaml:2:1: did not find expected ',' or '}'`},
	{file: "empty.yaml", want: `testdata/bad/empty.yaml: empty rules file`},
	// A want line is read by extract.NewRuleSet; see TestNewRuleSetBadWant in exporter.
	{file: "example-bad-want.yaml"},
}

// TestLoadBad: every file of testdata/bad fails to load with its exact error, naming the file,
// line and column, so that `check` points the user at the mistake.
func TestLoadBad(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, c := range badRules {
		listed = append(listed, filepath.Join("testdata/bad", c.file))
		t.Run(strings.TrimSuffix(c.file, ".yaml"), func(t *testing.T) {
			path := filepath.Join("testdata/bad", c.file)
			cfg, err := config.Load(path)
			if c.want == "" {
				if err != nil || cfg == nil {
					t.Fatalf("Load(%s) = %v, want it to load", path, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load(%s) loaded, want error %s", path, c.want)
			}
			if cfg != nil {
				t.Errorf("Load(%s) returned a config with its error", path)
			}
			if c.known != "" {
				// The message must be right; the position is a known gap.
				_, msg, _ := strings.Cut(strings.TrimPrefix(c.want, path+":"), " ")
				if !strings.HasPrefix(err.Error(), path+":") || !strings.HasSuffix(err.Error(), msg) {
					t.Errorf("Load(%s):\n got  %v\n want %s (position aside)", path, err, c.want)
				} else if err.Error() != c.want {
					t.Logf("known gap (%s): got %v, want %s", c.known, err, c.want)
				}
				return
			}
			if err.Error() != c.want {
				t.Errorf("Load(%s):\n got  %v\n want %s", path, err, c.want)
			}
			var pe *config.PosError
			if errors.As(err, &pe) {
				if pe.File != path || pe.Pos.Line < 1 || pe.Pos.Column < 1 {
					t.Errorf("PosError %+v: want file %s and a position", pe, path)
				}
			} else if c.file != "empty.yaml" {
				t.Errorf("Load(%s): error %T is not a *config.PosError", path, err)
			}
		})
	}
	slices.Sort(files)
	slices.Sort(listed)
	if !slices.Equal(files, listed) {
		t.Errorf("testdata/bad holds %q, the table lists %q", files, listed)
	}
}

// TestParseNamesFile: Parse names the file it is given in its errors, whatever it was read
// from (the embedded defaults are config/rules.yaml).
func TestParseNamesFile(t *testing.T) {
	_, err := config.Parse("config/rules.yaml", []byte("indicators:\n  - id: gdp\n    alias: [GDP]\n"))
	if err == nil || err.Error() != `config/rules.yaml:3:5: unknown key "alias" in indicator` {
		t.Errorf("err = %v", err)
	}
	_, err = config.Load("testdata/no-such-rules.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want fs.ErrNotExist", err)
	}
}

// TestLoadDefaults: the default rules load, name the core series of the contract with their
// units, and get their defaults filled in.
func TestLoadDefaults(t *testing.T) {
	cfg, err := config.Load("rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.File != "rules.yaml" {
		t.Errorf("File = %q", cfg.File)
	}
	if cfg.Document.Lines <= 0 || len(cfg.Document.Region) == 0 || len(cfg.Document.Published) == 0 {
		t.Errorf("document = %+v: want lines, region and published patterns", cfg.Document)
	}
	units := map[string]string{}
	examples := 0
	ids := map[string]*config.Indicator{}
	for _, ind := range cfg.Indicators {
		ids[ind.ID] = ind
		examples += len(ind.Examples)
		if ind.Pos.Line < 1 {
			t.Errorf("indicator %q has no position", ind.ID)
		}
		if ind.Better != "higher" && ind.Better != "lower" {
			t.Errorf("indicator %q: better = %q after defaults", ind.ID, ind.Better)
		}
		for _, s := range []*config.Series{ind.Level, ind.Growth} {
			if s != nil {
				units[s.Metric] = s.Unit
			}
		}
	}
	for metric, unit := range map[string]string{
		"econ_gdp_yuan":                            "yuan",
		"econ_gdp_growth_ratio":                    "ratio",
		"econ_industrial_value_added_yuan":         "yuan",
		"econ_industrial_value_added_growth_ratio": "ratio",
		"econ_fixed_asset_investment_yuan":         "yuan",
		"econ_fixed_asset_investment_growth_ratio": "ratio",
		"econ_retail_sales_yuan":                   "yuan",
		"econ_retail_sales_growth_ratio":           "ratio",
		"econ_public_budget_revenue_yuan":          "yuan",
		"econ_public_budget_revenue_growth_ratio":  "ratio",
		"econ_registered_unemployment_ratio":       "ratio",
	} {
		if units[metric] != unit {
			t.Errorf("metric %s: unit %q, want %q", metric, units[metric], unit)
		}
	}
	if u := ids["registered_unemployment"]; u == nil || u.Better != "lower" {
		t.Errorf("registered_unemployment: want better: lower, got %+v", u)
	}
	if examples < 20 {
		t.Errorf("%d examples in the default rules, want them to prove every indicator", examples)
	}
	v := cfg.Vocabulary
	if v.Magnitudes["亿"] != 1e8 || v.Magnitudes["万"] != 1e4 || v.Units["%"].Scale != 0.01 || v.Signs["下降"] != -1 {
		t.Errorf("vocabulary: 亿 %g, 万 %g, %% %g, 下降 %g", v.Magnitudes["亿"], v.Magnitudes["万"], v.Units["%"].Scale, v.Signs["下降"])
	}
	for _, c := range v.Cues {
		if c.Scope != "sentence" && c.Scope != "paragraph" {
			t.Errorf("cue %v: scope %q after defaults", c.Words, c.Scope)
		}
	}
}

// TestParseMeta: a sidecar gives the region and the publication date; an unknown key or a bad
// date is an error naming the sidecar.
func TestParseMeta(t *testing.T) {
	m, err := config.ParseMeta("a.txt.meta.yaml", []byte("region: 龙华区\npublished: 2023-07-03\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Region != "龙华区" || !m.Published.Equal(time.Date(2023, 7, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("meta = %+v", m)
	}
	m, err = config.ParseMeta("a.txt.meta.yaml", nil)
	if err != nil || m.Region != "" || !m.Published.IsZero() {
		t.Errorf("empty sidecar: %+v, %v; want an empty meta", m, err)
	}
	f := func(data, want string) {
		t.Helper()
		_, err := config.ParseMeta("a.txt.meta.yaml", []byte(data))
		if err == nil || !strings.HasPrefix(err.Error(), "a.txt.meta.yaml:") || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMeta(%q) = %v, want an error naming a.txt.meta.yaml with %q", data, err, want)
		}
	}
	f("region: 龙华区\nregoin: 罗湖区\n", `a.txt.meta.yaml:2:1: unknown key "regoin" in sidecar`)
	f("published: 2023-7-3\n", `a.txt.meta.yaml:1:12: published "2023-7-3" is not YYYY-MM-DD`)
	f("region: [\n", "yaml")
}
