package config

import (
	_ "embed"
	"fmt"
	"sync"
)

// Grammar is the shape of report prose around the rules' words: punctuation, lists, heading
// numbers, the time expressions that are no cue, comparisons, and the words by which a report
// names its place. A rules file without a grammar section takes the one of the built-in rules.
type Grammar struct {
	// SentenceEnds end a sentence: 。；;！？!?. A cue of scope sentence holds up to one.
	SentenceEnds []string `yaml:"sentence_ends"`
	// Separators join names in a list: 、 和 及 (A、B和C分别增长…).
	Separators []string `yaml:"separators"`
	// Respectively spreads a list's figures over its names: 分别.
	Respectively []string `yaml:"respectively"`
	// Headings are the numberings of heading levels, the first pattern the top level:
	// 一、 (一) 1. (1).
	Headings []*Regexp `yaml:"headings"`
	// Periods are the shapes of a period of months; groups to and, optional, from (January
	// without it): 1-11月, 前4月, 元至7月.
	Periods []*Regexp `yaml:"periods"`
	// Until are the shapes of an until-date (截至9月底); groups month and, optional, year.
	Until []*Regexp `yaml:"until"`
	// Parts introduce a part of the total just named (其中): a list of growths after the part's
	// figure gives it the last (财政总收入318亿元,其中一般预算收入184亿元,分别增长3.7%和7.1%).
	Parts []string `yaml:"parts"`
	// Ranges join the ends of a range: 增长5.5-6%.
	Ranges []string `yaml:"ranges"`
	// Passed are the qualifiers of a mark passed (突破1000亿元, 超过6%): without a word of
	// plan, a figure they qualify is reported, not planned.
	Passed []string `yaml:"passed"`
	// Horizon words before a year make it a plan's horizon, not the year of a figure: 到2025年.
	Horizon []string `yaml:"horizon"`
	// Comparison words before a year or period make it the base of a comparison: 比2019年,
	// 较一季度.
	Comparison []string `yaml:"comparison"`
	// Since words after a year make it the start of a span: 2019年以来.
	Since []string `yaml:"since"`
	// RateChanges after a figure make it a change of a rate, never a growth: 个百分点.
	RateChanges []string `yaml:"rate_changes"`
	// Fulfilled words, before a plan word in its clause or right after it, make it the plan
	// reviewed, not one set: 完成了…确定的主要目标任务, 主要预期目标提前实现, 未达预期目标.
	Fulfilled []string `yaml:"fulfilled"`
	// Plans make a sentence opening with a year tell of the future (2021年罗湖将…): its year is
	// no review.
	Plans []string `yaml:"plans"`
	// WorkReports in a title make its year the report's own, not the year reviewed:
	// 2019年松溪县人民政府工作报告.
	WorkReports []string `yaml:"work_reports"`
	// Places are the words by which a report names its place.
	Places PlaceWords `yaml:"places"`
}

// PlaceWords are the words around place names that tell a report's own place from others.
type PlaceWords struct {
	// Subjects after a name make it the report's issuer or subject: 人民政府, 统计局, 经济运行.
	Subjects []string `yaml:"subjects"`
	// ShortForms after a short name (阿勒泰, 陕西) make it a place's name; ending, if set, is
	// the ending of the place's full name (地委: 地区).
	ShortForms []ShortForm `yaml:"short_forms"`
	// CommonWords are full names that are common words first: 城区, 矿区.
	CommonWords []string `yaml:"common_words"`
	// Compared before a name or an area word (全省) make it an area compared with: 高于, 居.
	Compared []string `yaml:"compared"`
	// Areas before 省, 市, 区, 县, 旗, 州 or 盟 make an area word (全县, 我区, 本市): the kind of
	// area the report is about, when it repeats one.
	Areas []string `yaml:"areas"`
	// NotAfter after an area word make it the area compared with: 全省第一, 全市前列.
	NotAfter []string `yaml:"not_after"`
}

// ShortForm is a word after which a short name names a place.
type ShortForm struct {
	Word   string `yaml:"word"`
	Ending string `yaml:"ending"`
}

// Empty tells whether a rules file wrote no grammar.
func (g *Grammar) Empty() bool {
	return len(g.SentenceEnds) == 0 && len(g.Separators) == 0 && len(g.Headings) == 0 &&
		len(g.Periods) == 0 && len(g.Until) == 0 && len(g.Places.Subjects) == 0
}

// validate checks the groups the engine reads from the grammar's patterns.
func (g *Grammar) validate() error {
	for _, re := range g.Periods {
		if re.SubexpIndex("to") < 0 {
			return errorAt(re.Pos, "grammar.periods: pattern %q has no group named to", re)
		}
	}
	for _, re := range g.Until {
		if re.SubexpIndex("month") < 0 {
			return errorAt(re.Pos, "grammar.until: pattern %q has no group named month", re)
		}
	}
	for _, s := range g.Places.ShortForms {
		if s.Word == "" {
			return fmt.Errorf("grammar.places.short_forms: an entry has no word")
		}
	}
	return nil
}

// builtinRules is the rules file built into the binary, beside this package's code.
//
//go:embed rules.yaml
var builtinRules []byte

// BuiltinName names the built-in rules in an include.
const BuiltinName = "builtin"

// builtinFile is the name the built-in rules are read under, for messages.
const builtinFile = "config/rules.yaml"

// Builtin returns the rules built into the binary (config/rules.yaml), freshly parsed.
func Builtin() (*Config, error) { return Parse(builtinFile, builtinRules) }

// builtinGrammar returns the grammar of the built-in rules, parsed once: the grammar of a
// rules file that writes none. Shared: not to be changed.
func builtinGrammar() (Grammar, error) {
	builtinOnce.Do(func() {
		var cfg *Config
		if cfg, builtinErr = Builtin(); builtinErr == nil {
			builtinG = cfg.Grammar
		}
	})
	return builtinG, builtinErr
}

var (
	builtinOnce sync.Once
	builtinG    Grammar
	builtinErr  error
)
