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

// TestShortNameBeforeIndicator: a province named by its short form before the name of an
// indicator (江西规模以上工业, 湖北固定资产投资) names the report's place.
func TestShortNameBeforeIndicator(t *testing.T) {
	rs := defaultRules(t)
	for text, code := range map[string]string{
		"1-2月,江西规模以上工业实现增加值1050亿元,同比增长8.9%。":  "360000",
		"1-8月,湖北规上工业增加值同比增长5.4%。":             "420000",
		"前三季度,四川固定资产投资同比增长10.6%。":             "510000",
		"上半年,安徽社会消费品零售总额10771.1亿元,同比增长27.4%。": "340000",
	} {
		p, _, cands := findPlace(gazetteer.Default(), &rs.cfg.Grammar.Places, text, 300)
		if p == nil || p.Code != code {
			t.Errorf("%q: place %v, want %s; candidates %v", text, p, code, cands)
		}
	}
	// An area word before the indicator names no place.
	if p, _, _ := findPlace(gazetteer.Default(), &rs.cfg.Grammar.Places, "1-2月,全省规模以上工业增加值同比增长8.9%。", 300); p != nil {
		t.Errorf("全省规模以上工业: place %v, want none", p)
	}
	res := rs.extractText("doc.txt", "前两月江西规模以上工业增加值破千亿\n2016-03-26 00:15:42\n"+
		"1-2月,江西规模以上工业实现增加值1050亿元,同比增长8.9%。", nil, nil)
	got := formatAll(res.Samples)
	for _, want := range []string{
		"econ_industrial_value_added_yuan{actual,1-2} 1.05e+11 2016-02-29",
		"econ_industrial_value_added_growth_ratio{actual,1-2} 0.089 2016-02-29",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n\t%s\nwant among them\n\t%s", got, want)
		}
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
