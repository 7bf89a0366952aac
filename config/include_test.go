package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tradeIndicator = `
indicators:
  - id: trade
    title: 进出口总额
    aliases: [进出口总额]
    level: {metric: econ_trade_yuan, unit: yuan}
`

// TestInclude: a rules file that includes the built-in rules adds its indicators to theirs and
// takes their vocabulary and grammar; includes are relative to the file; a loop or a missing
// file is an error naming the file.
func TestInclude(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	builtin, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}

	cfg, err := Load(write("custom.yaml", "include: [builtin]\n"+tradeIndicator))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(cfg.Indicators), len(builtin.Indicators)+1; got != want {
		t.Errorf("indicators: %d, want %d", got, want)
	}
	if last := cfg.Indicators[len(cfg.Indicators)-1]; last.ID != "trade" {
		t.Errorf("last indicator %q, want trade", last.ID)
	}
	if len(cfg.Vocabulary.Cues) != len(builtin.Vocabulary.Cues) || len(cfg.Grammar.Headings) == 0 {
		t.Errorf("vocabulary and grammar not taken from the built-in rules")
	}

	// A relative include, through a second file.
	write("base.yaml", "include: [builtin]\n")
	if cfg, err = Load(write("top.yaml", "include: [base.yaml]\n"+tradeIndicator)); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Indicators) != len(builtin.Indicators)+1 {
		t.Errorf("through base.yaml: %d indicators", len(cfg.Indicators))
	}

	f := func(name, text, want string) {
		t.Helper()
		_, err := Load(write(name, text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, want)
		}
	}
	write("a.yaml", "include: [b.yaml]\n")
	f("b.yaml", "include: [a.yaml]\n", "a loop")
	f("missing.yaml", "include: [nope.yaml]\n", "include nope.yaml")
}

// TestGrammarDefault: a rules file without a grammar section reads prose as the built-in rules
// do.
func TestGrammarDefault(t *testing.T) {
	cfg, err := Parse("custom.yaml", []byte("vocabulary:\n  units: {元: {unit: yuan, scale: 1}}\n"+tradeIndicator))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Grammar.SentenceEnds) == 0 || len(cfg.Grammar.Headings) != 4 || len(cfg.Grammar.Places.Subjects) == 0 {
		t.Errorf("grammar not the built-in one: %+v", cfg.Grammar)
	}
}
