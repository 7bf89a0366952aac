package extract

import (
	"strings"
	"testing"

	"github.com/report-exporter/report_exporter/gazetteer"
)

// TestShortNameWithEnding: an autonomous county written as its short form and 县 (维西县 for
// 维西傈僳族自治县) is the report's place, and a figure after that name is the place's own, not
// another area's.
func TestShortNameWithEnding(t *testing.T) {
	rs := defaultRules(t)
	text := "今年一季度,维西县实现地区生产总值59043万元,同比增长9.3%。"
	p, _, cands := findPlace(gazetteer.Default(), &rs.cfg.Grammar.Places, text, 300)
	if p == nil || p.Code != "533423" {
		t.Fatalf("place %v, want 维西傈僳族自治县 (533423); candidates %v", p, cands)
	}
	res := rs.extractText("doc.txt", "维西县2016年一季度经济运行情况\n"+text, nil, nil)
	got := formatAll(res.Samples)
	for _, want := range []string{
		"econ_gdp_yuan{actual,1-3} 5.9043e+08 2016-03-31",
		"econ_gdp_growth_ratio{actual,1-3} 0.093 2016-03-31",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n\t%s\nwant among them\n\t%s", got, want)
		}
	}
}

// TestShortNameBeforeWorkReport: a title naming a province by its short form before 政府工作报告
// (2022年新疆政府工作报告) names the report's place.
func TestShortNameBeforeWorkReport(t *testing.T) {
	rs := defaultRules(t)
	text := "2022年新疆政府工作报告\n各位代表:\n现在,我代表自治区人民政府向大会报告工作。"
	p, _, cands := findPlace(gazetteer.Default(), &rs.cfg.Grammar.Places, text, 300)
	if p == nil || p.Code != "650000" {
		t.Errorf("place %v, want 新疆维吾尔自治区 (650000); candidates %v", p, cands)
	}
}

// TestSpeakerIsNoRegion: 我代表市人民政府 and 代表自治区人民政府 are the speaker's words; the
// region patterns take no place from them.
func TestSpeakerIsNoRegion(t *testing.T) {
	rs := defaultRules(t)
	for _, text := range []string{
		"各位代表:\n现在,我代表市人民政府向大会报告工作。\n地区生产总值增长6.1%。",
		"各位代表:\n现在,我代表自治区人民政府向大会报告工作。\n地区生产总值增长6.1%。",
	} {
		if res := rs.extractText("doc.txt", text, nil, nil); res.Region != "" {
			t.Errorf("%q: region %q, want none", text, res.Region)
		}
	}
}

// TestResultsHeading: a heading that reports the year's results (2024年…交出了一份…成绩单) is a
// review: a report dated only by that year was given after it, and its figures are actual.
func TestResultsHeading(t *testing.T) {
	text := "邯郸市人民政府工作报告\n2024年全市上下解放思想 奋发进取 交出了一份优异成绩单\n" +
		"过去的一年,奋斗充满艰辛。\n地区生产总值完成4704.3亿元、增长6.1%。"
	res := defaultRules(t).extractText("doc.txt", text, nil, nil)
	got := formatAll(res.Samples)
	for _, want := range []string{
		"econ_gdp_yuan{actual,1-12} 4.7043e+11 2024-12-31",
		"econ_gdp_growth_ratio{actual,1-12} 0.061 2024-12-31",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n\t%s\nwant among them\n\t%s", got, want)
		}
	}
}
