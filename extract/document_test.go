package extract

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// TestDocumentDates: the year a report speaks of, from the ways real reports date themselves,
// checked on the samples it gives.
func TestDocumentDates(t *testing.T) {
	f := func(text string, want ...string) {
		t.Helper()
		res := defaultRules(t).extractText("r.txt", text, nil, nil)
		var got []string
		for _, s := range res.Samples {
			got = append(got, s.Name+" "+s.Labels.Kind+" "+s.Labels.Period+" "+s.Time.In(series.China).Format(time.DateOnly))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q:\ngot  %q\nwant %q", text, got, want)
		}
	}
	// A page's dateline dates the report.
	f("昆明市十四届人大一次会议开幕\n2017-03-22 13:26:03\n全市实现地区生产总值4300亿元。",
		"econ_gdp_yuan actual 1-12 2016-12-31")
	// A page's dateline alone on its line dates the report: 今年1月至10月 is of that year.
	f("规上工业增加值连续三个月正增长 辽宁工业经济持续恢复\n2022-12-09\n今年1月至10月,辽宁省规上工业增加值同比下降1.3%。",
		"econ_industrial_value_added_growth_ratio actual 1-10 2022-10-31")
	// A bulletin titled with its year reviews that year.
	f("2019年洪洞县国民经济和社会发展统计公报\n全年全县地区生产总值151.5亿元。",
		"econ_gdp_yuan actual 1-12 2019-12-31")
	// A work report's title year is the year it is given, reviewing the year before.
	f("(福建省)2019年松溪县人民政府工作报告\n过去一年工作回顾\n生产总值57.55亿元、增长8.1%。",
		"econ_gdp_yuan actual 1-12 2018-12-31", "econ_gdp_growth_ratio actual 1-12 2018-12-31")
	// The year gone by (刚刚过去的2007年) is reviewed: the report is of the next year.
	f("浙江在线1月16日讯,浙江省省长向大会作工作报告。他说,刚刚过去的2007年,我们积极实施创业富民战略。\n全省生产总值增长14.5%。",
		"econ_gdp_growth_ratio actual 1-12 2007-12-31")
	g := defaultRules(t).g
	for line, want := range map[string]int{"刚刚过去的2007年,我们": 2008, "即将过去的2018年,是我县": 2018, "过去的2020年": 2021} {
		if got := latestYear(g, []string{line}, false); got != want {
			t.Errorf("latestYear(%q) = %d, want %d", line, got, want)
		}
	}
	// The period a lead names (2019年一季度) is of the report's year, not of a year another
	// sentence names (2018年…实现).
	f("继续来了解新疆的GDP情况。\n据国家统计局网站数据显示,2019年一季度新疆GDP总量为2600亿元。\n据公报显示,初步核算,2018年新疆实现地区生产总值12199.08亿元,比上年增长6.1%。",
		"econ_gdp_yuan actual 1-3 2019-03-31", "econ_gdp_yuan actual 1-12 2018-12-31", "econ_gdp_growth_ratio actual 1-12 2018-12-31")
	// A page's dateline cut into lines: a line that is only a year dates the report.
	f("宁夏切换\n新闻\n上半年宁夏经济数据出炉\n2020\n08/26\n14:43\n\n上半年,宁夏地区生产总值为1763.86亿元。",
		"econ_gdp_yuan actual 1-6 2020-06-30")
	// A year after a short lead-in (报告指出,) opens the review as one at the sentence's start.
	f("2024全国地方两会|贵州省政府工作报告\n1月24日上午,贵州省第十四届人民代表大会第二次会议开幕。\n一般公共预算收入持续增长。\n2024年,贵州将坚持以高质量发展统揽全局。\n报告指出,2023年贵州省经济持续回升向好。\n报告指出,去年旅游业加快复苏。社会消费品零售总额增长5.9%。",
		"econ_retail_sales_growth_ratio actual 1-12 2023-12-31")
	// A page dated by its year alone, with a dateline of January: an estimate of that year is its plan.
	f("2024全国地方两会|贵州省政府工作报告\n1月24日上午,贵州省第十四届人民代表大会第二次会议开幕。\n2024年,贵州将坚持以高质量发展统揽全局,预计全省地区生产总值增长5.5%左右。",
		"econ_gdp_growth_ratio target 1-12 2024-01-01")
	// A dateline opens no year.
	f("2013年2月27日上午,海口市十五届人大三次会议开幕。\n冀文林指出,全年实现地区生产总值820.58亿元。",
		"econ_gdp_yuan actual 1-12 2012-12-31")
	// A year that opens a review holds for the figures after it.
	f("2015年,海南省各族人民坚持稳中求进。\n一、综合\n初步核算,全年全省地区生产总值(GDP)3702.8亿元。",
		"econ_gdp_yuan actual 1-12 2015-12-31")
	// A digest's lead states the period once.
	f("经天津市统计局初步核算,今年前三季度,天津市完成生产总值9188.45亿元。\n发布时间:2012-10-20\n全社会固定资产投资6795.55亿元,增长25.2%。",
		"econ_gdp_yuan actual 1-9 2012-09-30",
		"econ_fixed_asset_investment_yuan actual 1-9 2012-09-30",
		"econ_fixed_asset_investment_growth_ratio actual 1-9 2012-09-30")
	// A report of unknown date that reviews its year in its lead: that year's figures.
	f("东宝区统计公报\n一、综合\n初步核算,2020年全区完成生产总值356.56亿元,下降4.2%。\n年末城镇登记失业率为3.72%。",
		"econ_gdp_yuan actual 1-12 2020-12-31", "econ_gdp_growth_ratio actual 1-12 2020-12-31",
		"econ_registered_unemployment_ratio actual 1-12 2020-12-31")
	// A report given early in its year names that year first: its figures are of the year before.
	f("2月2日,梧州市十三届人大二次会议开幕,市长向大会作政府工作报告。\n2012年,是实施十二五规划承上启下的重要一年。\n全市地区生产总值690亿元,同比增长15%。",
		"econ_gdp_yuan actual 1-12 2011-12-31", "econ_gdp_growth_ratio actual 1-12 2011-12-31")
	// 1-11月 in a report of February is last year's.
	f("芜湖市经济运行情况\n发布时间:2023-02-10\n1-11月,全市规上工业增加值增长5%。",
		"econ_industrial_value_added_growth_ratio actual 1-11 2022-11-30")
	// The base of a comparison is no period.
	f("襄州区经济运行情况\n发布时间:2020-08-20\n上半年,全区实现地区生产总值227.73亿元,降幅较一季度收窄。完成地方公共财政预算收入6.85亿元。",
		"econ_gdp_yuan actual 1-6 2020-06-30", "econ_public_budget_revenue_yuan actual 1-6 2020-06-30")
}

// TestWrappedLines: a sentence cut across lines (社会消⏎费品零售总额) is read whole, each figure
// with the line it stands on.
func TestWrappedLines(t *testing.T) {
	text := "2019年松溪县人民政府工作报告\n过去一年工作回顾\n固定资产投资77.2亿元、增长17%;社会消\n费品零售总额29.4亿元、增长10%,\n地方一般公共预算收入2.68亿元。\n"
	res := defaultRules(t).extractText("r.txt", text, nil, nil)
	var got []string
	for _, s := range res.Samples {
		got = append(got, fmt.Sprintf("%s %g line %d", s.Name, s.Value, s.Source.Line))
	}
	want := []string{
		"econ_fixed_asset_investment_yuan 7.72e+09 line 3",
		"econ_fixed_asset_investment_growth_ratio 0.17 line 3",
		"econ_retail_sales_yuan 2.94e+09 line 3", // where its name starts
		"econ_retail_sales_growth_ratio 0.1 line 3",
		"econ_public_budget_revenue_yuan 2.68e+08 line 5",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestGrowthInNextSentence: a growth that opens the sentence after a level is the level's.
func TestGrowthInNextSentence(t *testing.T) {
	text := "2019年洪洞县国民经济和社会发展统计公报\n全县地区生产总值151.5亿元,总量稳居全市第二。按可比价格计算,同比增长8.4%。\n"
	res := defaultRules(t).extractText("r.txt", text, nil, nil)
	var got []string
	for _, s := range res.Samples {
		got = append(got, fmt.Sprintf("%s %g", s.Name, s.Value))
	}
	if want := "econ_gdp_yuan 1.515e+10,econ_gdp_growth_ratio 0.084"; strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFiguresInParentheses: a figure in parentheses right after a name is the name's; a bare
// percentage there is a growth.
func TestFiguresInParentheses(t *testing.T) {
	text := "银川市2023年上半年经济运行情况\n上半年,地区生产总值(7.5%)、规模以上工业增加值(12.7%)分别高于预期目标1.0和4.2个百分点。\n"
	res := defaultRules(t).extractText("r.txt", text, &config.Meta{Published: testutil.Day("2023-07-27")}, nil)
	var got []string
	for _, s := range res.Samples {
		got = append(got, fmt.Sprintf("%s %s %g", s.Name, s.Labels.Period, s.Value))
	}
	if want := "econ_gdp_growth_ratio 1-6 0.075,econ_industrial_value_added_growth_ratio 1-6 0.127"; strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRespectivelyLevelsThenGrowths: after 分别, a list of levels and then one of growths go to
// the names in order.
func TestRespectivelyLevelsThenGrowths(t *testing.T) {
	text := "仙桃市2014年工作回顾\n发布时间:2015-02-04\n地区生产总值、固定资产投资分别达到552.3亿元、374.7亿元,增长9.7%、22.1%。\n"
	res := defaultRules(t).extractText("r.txt", text, nil, nil)
	var got []string
	for _, s := range res.Samples {
		got = append(got, fmt.Sprintf("%s %g", s.Name, s.Value))
	}
	want := "econ_gdp_yuan 5.523e+10,econ_fixed_asset_investment_yuan 3.747e+10,econ_gdp_growth_ratio 0.097,econ_fixed_asset_investment_growth_ratio 0.221"
	if strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestPartGrowth: a part named after its total takes the last of the growths given for both.
func TestPartGrowth(t *testing.T) {
	text := "温州市上半年经济运行情况\n发布时间:2013-08-23\n上半年,财政总收入318亿元,其中公共财政预算收入184亿元,同比分别增长3.7%和7.1%。\n"
	res := defaultRules(t).extractText("r.txt", text, nil, nil)
	var got []string
	for _, s := range res.Samples {
		got = append(got, fmt.Sprintf("%s %g", s.Name, s.Value))
	}
	if want := "econ_public_budget_revenue_yuan 1.84e+10,econ_public_budget_revenue_growth_ratio 0.071"; strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
