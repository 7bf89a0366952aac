package extract

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// TestFigureAt: the value grammar on its own. want is "" for no figure, else
// `growth VALUE [BOUND]` or `UNIT VALUE [BOUND]`, VALUE being `lo..hi` for a range; rest is
// the text left after the figure.
func TestFigureAt(t *testing.T) {
	rs := defaultRules(t)
	f := func(phrase, want, rest string) {
		t.Helper()
		fig, ok := rs.figureAt(phrase, 0, nil)
		if want == "" {
			if ok {
				t.Errorf("%q: got figure %s, want none", phrase, describeFigure(fig))
			}
			return
		}
		if !ok {
			t.Errorf("%q: got no figure, want %s", phrase, want)
			return
		}
		if !figureIs(fig, want) {
			t.Errorf("%q: got %s, want %s", phrase, describeFigure(fig), want)
		}
		if got := phrase[fig.end:]; got != rest {
			t.Errorf("%q: left %q unread, want %q", phrase, got, rest)
		}
	}
	// Signs: the number's own sign is kept; 下降 turns it.
	f("增长-12.2%", "growth -0.122", "")
	f("下降9.9%", "growth -0.099", "")
	f("同比增长3%", "growth 0.03", "")
	f("比上年增长10.2%", "growth 0.102", "")
	f("按可比价格计算增长3.5%", "growth 0.035", "")
	f("按自然口径计算下降9.9%", "growth -0.099", "")
	f("剔出不可比因素增长9.4%", "growth 0.094", "")
	f("剔除留抵退税因素后增长5%", "growth 0.05", "")
	f("下降3%左右", "growth -0.03 approx", "")
	// 持平 as a statement of zero growth, not a comparison of two rates.
	f("与上年同期持平", "growth 0", "")
	f("与上年同期持平,高于全市", "growth 0", ",高于全市")
	f("增速与上半年持平", "", "")
	f("增速与GDP增速持平", "", "")
	// Levels: magnitudes and thousands separators.
	f("4759亿元", "yuan 4759e8", "")
	f("完成147.75亿元", "yuan 147.75e8", "")
	f("1.2万亿元", "yuan 1.2e12", "")
	f("22.64万元", "yuan 226400", "")
	f("7.2万元", "yuan 72000", "")
	f("1,234.5亿元", "yuan 1234.5e8", "")
	f("12,345,678元", "yuan 12345678", "")
	f("3%", "ratio 0.03", "")
	f("97.6%", "ratio 0.976", "")
	// Ranges take their unit and magnitude from the upper end.
	f("增长5.5-6%", "growth 0.055..0.06", "")
	f("增长6.0%-6.5%", "growth 0.06..0.065", "")
	f("增长5%—6%", "growth 0.05..0.06", "")
	f("增长5~6%", "growth 0.05..0.06", "")
	f("增长5至6%", "growth 0.05..0.06", "")
	f("400-500亿元", "yuan 400e8..500e8", "")
	// Qualifiers give a target's bound, before or after the number.
	f("增长6%左右", "growth 0.06 approx", "")
	f("增长7%左右,在实际工作中努力争取更好结果", "growth 0.07 approx", ",在实际工作中努力争取更好结果")
	f("增长10%以上", "growth 0.1 min", "")
	f("增长不低于5%", "growth 0.05 min", "")
	f("控制在3%以内", "ratio 0.03 max", "")
	f("不超过3.5%", "ratio 0.035 max", "")
	f("超过2400亿元", "yuan 2400e8 min", "")
	f("约4000亿元", "yuan 4000e8 approx", "")
	// Periods, dates, codes and numbering are not figures.
	f("1-6月", "", "")
	f("1至11月份", "", "")
	f("1-11月", "", "")
	f("2022-09-30", "", "")
	f("2019年", "", "")
	f("2019 年", "", "")
	f("0107", "", "")
	f("“0107”“0216”", "", "")
	f("“20+8”产业集群", "", "")
	f("20+8", "", "")
	f("5G基站", "", "")
	f("十四五", "", "")
	f("(一)", "", "")
	f("1.", "", "")
	f("第一", "", "")
	// Changes of a rate and increases of an amount are not growth rates.
	f("增长0.5个百分点", "", "")
	f("0.5个百分点", "", "")
	f("高出3.4个百分点", "", "")
	f("提高1.5个百分点", "", "")
	f("增长12亿元", "", "")
	f("5亿%", "", "")
	// Other quantities behind a word the grammar does not skip.
	f("年均增长6%", "", "")
	f("两年平均增长5%", "", "")
	f("完成年度计划的44.3%", "", "")
	f("占比60%", "", "")
	f("", "", "")
	f("增长", "", "")
	f("增长%", "", "")
	f("增长-", "", "")
}

// describeFigure writes a figure in the form TestFigureAt wants.
func describeFigure(f figure) string {
	s := f.unit
	if f.growth {
		s = "growth"
	}
	s += " " + strconv.FormatFloat(f.lo, 'g', -1, 64)
	if f.isRange {
		s += ".." + strconv.FormatFloat(f.hi, 'g', -1, 64)
	}
	if f.bound != "" {
		s += " " + f.bound
	}
	return s
}

// figureIs compares a figure with a TestFigureAt want, values within a tolerance.
func figureIs(f figure, want string) bool {
	fields := strings.Fields(want)
	kind := f.unit
	if f.growth {
		kind = "growth"
	}
	if len(fields) < 2 || fields[0] != kind {
		return false
	}
	lo, hi, isRange := strings.Cut(fields[1], "..")
	if !isRange {
		hi = lo
	}
	wlo, err1 := strconv.ParseFloat(lo, 64)
	whi, err2 := strconv.ParseFloat(hi, 64)
	if err1 != nil || err2 != nil || isRange != f.isRange || !near(f.lo, wlo) || !near(f.hi, whi) {
		return false
	}
	bound := ""
	if len(fields) > 2 {
		bound = fields[2]
	}
	return f.bound == bound
}

// phraseCase is a phrase of a report and every sample it must give in its document.
type phraseCase struct {
	doc    testDoc
	phrase string
	want   []string // `metric{kind,period[,bound]} value YYYY-MM-DD`; none for no sample
	known  string   // an engine gap the phrase shows: logged, not asserted
}

// The documents the phrases are read in, all of a district (示例区).
var (
	review2022 = testDoc{heading: "一、2022年工作回顾", published: "2023-01-12"}
	plan2023   = testDoc{heading: "二、2023年主要预期目标", published: "2023-01-12"}
	half2022   = testDoc{heading: "一、2022年上半年经济社会发展计划执行情况", published: "2022-09-30"}
	month2022  = testDoc{published: "2022-12-20"}
	plain2023  = testDoc{published: "2023-01-12"}
	review2019 = testDoc{heading: "一、2019 年国民经济和社会发展规划执行情况", published: "2020-01-10"}
	plan2020   = testDoc{heading: "二、2020 年经济社会发展总体目标", published: "2020-01-10"}
	city2022   = testDoc{heading: "一、2022年工作回顾", published: "2023-01-12", region: "深圳市"}
)

// phraseCases are the pitfalls of report language, each a phrase and the samples it gives
// with the default rules.
var phraseCases = []phraseCase{
	// Signs.
	{review2022, "社会消费品零售总额增长-12.2%。", []string{"econ_retail_sales_growth_ratio{actual,1-12} -0.122 2022-12-31"}, ""},
	{half2022, "——社会消费品零售总额增长-12.2%;", []string{"econ_retail_sales_growth_ratio{actual,1-6} -0.122 2022-06-30"}, ""},
	{review2022, "一般公共预算收入263.2亿元,按自然口径计算下降9.9%。", []string{
		"econ_public_budget_revenue_yuan{actual,1-12} 263.2e8 2022-12-31",
		"econ_public_budget_revenue_growth_ratio{actual,1-12} -0.099 2022-12-31"}, ""},
	{review2022, "地区生产总值与上年同期持平。", []string{"econ_gdp_growth_ratio{actual,1-12} 0 2022-12-31"}, ""},
	{review2022, "地区生产总值同比持平。", []string{"econ_gdp_growth_ratio{actual,1-12} 0 2022-12-31"}, ""},
	{half2022, "规上工业增加值增速与上半年持平。", nil, ""},
	{review2022, "地区生产总值增速与上半年持平。", nil, ""},
	{review2022, "居民人均可支配收入增速与GDP增速持平。", nil, ""},

	// Periods and dates are not ranges or values.
	{review2022, "1-6月,地区生产总值增长3%。", []string{"econ_gdp_growth_ratio{actual,1-6} 0.03 2022-06-30"}, ""},
	{review2022, "2022年1-6月,地区生产总值增长2%。", []string{"econ_gdp_growth_ratio{actual,1-6} 0.02 2022-06-30"}, ""},
	{month2022, "1至11月份,全区规上工业增加值增长3.3%。", []string{"econ_industrial_value_added_growth_ratio{actual,1-11} 0.033 2022-11-30"}, ""},
	{month2022, "1-11月,社会消费品零售总额1200亿元,下降2.5%。", []string{
		"econ_retail_sales_yuan{actual,1-11} 1200e8 2022-11-30",
		"econ_retail_sales_growth_ratio{actual,1-11} -0.025 2022-11-30"}, ""},
	{month2022, "1-11月所属期新增退税、减税、缓税、降费金额157.4亿元。", nil, ""},
	{review2022, "2019 年地区生产总值增长5%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.05 2019-12-31"}, ""},
	{review2019, "- 地区生产总值增长 6.5%；", []string{"econ_gdp_growth_ratio{actual,1-12} 0.065 2019-12-31"}, ""},
	{review2019, "- 一般公共预算收入 120.5 亿元；", []string{"econ_public_budget_revenue_yuan{actual,1-12} 120.5e8 2019-12-31"}, ""},
	{plan2020, "- 地区生产总值增长 6.0%-6.5%；", []string{
		"econ_gdp_growth_ratio{target,1-12,min} 0.06 2020-01-01",
		"econ_gdp_growth_ratio{target,1-12,max} 0.065 2020-01-01"}, ""},

	// Codes, slogans and numbering are not values.
	{review2022, "全区打赢“0107”“0216”等突发疫情遭遇战,地区生产总值增长2%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.02 2022-12-31"}, ""},
	{review2022, "加快落实全市“20+8”产业集群部署,规上工业增加值增长5%。", []string{"econ_industrial_value_added_growth_ratio{actual,1-12} 0.05 2022-12-31"}, ""},
	{review2022, "规上工业增加值“20+8”产业集群加快集聚。", nil, ""},
	{review2022, "建成5G基站1200个,地区生产总值增长6%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{review2022, "“十四五”时期地区生产总值年均增长6%。", nil, ""},
	{review2022, "(一)地区生产总值增长6%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{review2022, "1.地区生产总值增长6%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},

	// Ranges take the unit of their upper end and give two target samples.
	{plan2023, "地区生产总值增长5.5-6%。", []string{
		"econ_gdp_growth_ratio{target,1-12,min} 0.055 2023-01-01",
		"econ_gdp_growth_ratio{target,1-12,max} 0.06 2023-01-01"}, ""},
	{plan2023, "地区生产总值增长6.0%-6.5%。", []string{
		"econ_gdp_growth_ratio{target,1-12,min} 0.06 2023-01-01",
		"econ_gdp_growth_ratio{target,1-12,max} 0.065 2023-01-01"}, ""},
	{plan2023, "地区生产总值增长5%至6%。", []string{
		"econ_gdp_growth_ratio{target,1-12,min} 0.05 2023-01-01",
		"econ_gdp_growth_ratio{target,1-12,max} 0.06 2023-01-01"}, ""},
	{plan2023, "固定资产投资400-500亿元。", []string{
		"econ_fixed_asset_investment_yuan{target,1-12,min} 400e8 2023-01-01",
		"econ_fixed_asset_investment_yuan{target,1-12,max} 500e8 2023-01-01"}, ""},
	{plain2023, "今年经济社会发展的主要预期目标是:地区生产总值增长5.5-6%,固定资产投资增长10%。", []string{
		"econ_gdp_growth_ratio{target,1-12,min} 0.055 2023-01-01",
		"econ_gdp_growth_ratio{target,1-12,max} 0.06 2023-01-01",
		"econ_fixed_asset_investment_growth_ratio{target,1-12,approx} 0.1 2023-01-01"}, ""},

	// 个百分点 is a change of a rate, never a growth rate.
	{review2022, "第三产业拉动GDP增长0.5个百分点。", nil, ""},
	{review2022, "地区生产总值增长6%,比全市增速高出3.4个百分点。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{review2022, "地区生产总值增长6%,增速较上年提高1.5个百分点。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{review2022, "城镇登记失业率下降0.2个百分点。", nil, ""},

	// A share of the plan is not the indicator's value.
	{review2022, "固定资产投资完成年度计划的44.3%。", nil, ""},
	{review2022, "固定资产投资384亿元,完成年度计划的104%。", []string{"econ_fixed_asset_investment_yuan{actual,1-12} 384e8 2022-12-31"}, ""},
	{review2022, "固定资产投资年度计划完成率44.3%。", nil, ""},

	// 规上 is 规模以上; 规下 is another quantity.
	{review2022, "规上工业增加值增长5%。", []string{"econ_industrial_value_added_growth_ratio{actual,1-12} 0.05 2022-12-31"}, ""},
	{review2022, "规模以上工业增加值增长3%,规下工业增加值增长5%。", []string{"econ_industrial_value_added_growth_ratio{actual,1-12} 0.03 2022-12-31"}, ""},
	{review2022, "规上工业企业增加值2162.7亿元,增长1.7%。", []string{
		"econ_industrial_value_added_yuan{actual,1-12} 2162.7e8 2022-12-31",
		"econ_industrial_value_added_growth_ratio{actual,1-12} 0.017 2022-12-31"}, ""},
	{review2022, "规下工业增加值增长3.2%。", nil, ""},

	// What follows a target is not a second value.
	{plan2023, "地区生产总值增长7%左右,在实际工作中努力争取更好结果。", []string{"econ_gdp_growth_ratio{target,1-12,approx} 0.07 2023-01-01"}, ""},
	{plan2023, "一般公共预算收入增长5%,在实际工作中努力争取更好结果。", []string{"econ_public_budget_revenue_growth_ratio{target,1-12,approx} 0.05 2023-01-01"}, ""},
	{plan2023, "地区生产总值增长5%以上,力争6%。", []string{"econ_gdp_growth_ratio{target,1-12,min} 0.05 2023-01-01"}, ""},

	// Magnitudes and thousands separators.
	{review2022, "地区生产总值4759亿元,增长3%。", []string{
		"econ_gdp_yuan{actual,1-12} 4759e8 2022-12-31",
		"econ_gdp_growth_ratio{actual,1-12} 0.03 2022-12-31"}, ""},
	{review2022, "地区生产总值1.2万亿元。", []string{"econ_gdp_yuan{actual,1-12} 1.2e12 2022-12-31"}, ""},
	{review2022, "居民人均可支配收入7.2万元,增长3.1%。", []string{
		"econ_disposable_income_per_capita_yuan{actual,1-12} 72000 2022-12-31",
		"econ_disposable_income_per_capita_growth_ratio{actual,1-12} 0.031 2022-12-31"}, ""},
	{review2022, "一般公共预算收入1,234.5亿元。", []string{"econ_public_budget_revenue_yuan{actual,1-12} 1234.5e8 2022-12-31"}, ""},
	{review2022, "地区生产总值突破4000亿元,达4402.5亿元。", []string{"econ_gdp_yuan{actual,1-12} 4402.5e8 2022-12-31"}, ""},

	// Qualifiers: bounds of targets; on actual figures they change nothing.
	{plan2023, "地区生产总值增长6%左右,规上工业增加值增长6%以上,固定资产投资增长10%,社会消费品零售总额增长7%,一般公共预算收入增长5%,城镇登记失业率控制在3%以内。", []string{
		"econ_gdp_growth_ratio{target,1-12,approx} 0.06 2023-01-01",
		"econ_industrial_value_added_growth_ratio{target,1-12,min} 0.06 2023-01-01",
		"econ_fixed_asset_investment_growth_ratio{target,1-12,approx} 0.1 2023-01-01",
		"econ_retail_sales_growth_ratio{target,1-12,approx} 0.07 2023-01-01",
		"econ_public_budget_revenue_growth_ratio{target,1-12,approx} 0.05 2023-01-01",
		"econ_registered_unemployment_ratio{target,1-12,max} 0.03 2023-01-01"}, ""},
	{plan2023, "一般公共预算收入增长不低于5%。", []string{"econ_public_budget_revenue_growth_ratio{target,1-12,min} 0.05 2023-01-01"}, ""},
	{plan2023, "城镇登记失业率不超过3.5%。", []string{"econ_registered_unemployment_ratio{target,1-12,max} 0.035 2023-01-01"}, ""},
	{plan2023, "社会消费品零售总额超过2400亿元。", []string{"econ_retail_sales_yuan{target,1-12,min} 2400e8 2023-01-01"}, ""},
	{review2022, "地区生产总值超过4000亿元。", []string{"econ_gdp_yuan{actual,1-12} 4000e8 2022-12-31"}, ""},
	{review2022, "地区生产总值增长3.0%左右。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.03 2022-12-31"}, ""},
	{month2022, "明年地区生产总值增长6%左右。", []string{"econ_gdp_growth_ratio{target,1-12,approx} 0.06 2023-01-01"}, ""},
	{half2022, "下半年,力争地区生产总值增长6%。", []string{"econ_gdp_growth_ratio{target,7-12,approx} 0.06 2022-07-01"}, ""},

	// Lists: 分别 hands each name its figure; later figures take the first one's sign.
	{review2022, "地区生产总值、固定资产投资和社会消费品零售总额分别增长5%、6%和7%。", []string{
		"econ_gdp_growth_ratio{actual,1-12} 0.05 2022-12-31",
		"econ_fixed_asset_investment_growth_ratio{actual,1-12} 0.06 2022-12-31",
		"econ_retail_sales_growth_ratio{actual,1-12} 0.07 2022-12-31"}, ""},
	{review2022, "地区生产总值、固定资产投资和社会消费品零售总额分别下降3%、5%和2%。", []string{
		"econ_gdp_growth_ratio{actual,1-12} -0.03 2022-12-31",
		"econ_fixed_asset_investment_growth_ratio{actual,1-12} -0.05 2022-12-31",
		"econ_retail_sales_growth_ratio{actual,1-12} -0.02 2022-12-31"}, ""},
	{review2022, "地区生产总值、固定资产投资分别为4759亿元和1450亿元。", []string{
		"econ_gdp_yuan{actual,1-12} 4759e8 2022-12-31",
		"econ_fixed_asset_investment_yuan{actual,1-12} 1450e8 2022-12-31"}, ""},
	// A total, then a part (其中), then their growths: the first growth is the total's.
	{half2022, "全社会固定资产投资完成3806.8亿元,其中城镇投资3197.2亿元,分别增长33.0%和34.9%。", []string{
		"econ_fixed_asset_investment_yuan{actual,1-6} 3806.8e8 2022-06-30",
		"econ_fixed_asset_investment_growth_ratio{actual,1-6} 0.33 2022-06-30"}, ""},
	{half2022, "社会消费品零售总额500亿元,其中城镇消费品零售额400亿元,同比分别下降3.2%和4.1%。", []string{
		"econ_retail_sales_yuan{actual,1-6} 500e8 2022-06-30",
		"econ_retail_sales_growth_ratio{actual,1-6} -0.032 2022-06-30"}, ""},

	// A quarter set beside the months before it is counted from January; beside another
	// quarter it is the quarter alone.
	{testDoc{published: "2020-11-01"}, "三季度,全县实现地区生产总值125.95亿元,同比增长3.6%,比上半年高1.5个百分点。", []string{
		"econ_gdp_yuan{actual,1-9} 125.95e8 2020-09-30",
		"econ_gdp_growth_ratio{actual,1-9} 0.036 2020-09-30"}, ""},
	{testDoc{published: "2020-11-01"}, "三季度,地区生产总值同比增长4.9%,比二季度加快1.7个百分点。", []string{
		"econ_gdp_growth_ratio{actual,7-9} 0.049 2020-09-30"}, ""},

	// Averages over years are not the year's growth.
	{review2022, "过去五年,地区生产总值、规上工业增加值分别年均增长16.3%、11.2%。", nil, ""},
	{review2022, "过去五年,地区生产总值年均增长6%。", nil, ""},
	{review2022, "地区生产总值两年平均增长5%。", nil, ""},
	{review2022, "地区生产总值增长8%,两年平均增长5%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.08 2022-12-31"}, ""},

	// Look-alikes: other quantities that share words with an indicator.
	{review2022, "固定资产投资增长9.1%,其中工业投资增长35.7%。", []string{"econ_fixed_asset_investment_growth_ratio{actual,1-12} 0.091 2022-12-31"}, ""},
	{review2022, "工业投资增长12%。", nil, ""},
	{review2022, "全年完成城市更新固定资产投资245亿元;城市更新累计完成固定资产投资 163 亿元。", nil, ""},
	{review2022, "规模以上工业企业利润总额增长10%。", nil, ""},
	{review2022, "第二产业增加值增长3%。", nil, ""},
	{review2022, "地区生产总值增长3%,其中第二产业增加值增长2%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.03 2022-12-31"}, ""},
	{review2022, "高新技术产业增加值增长5%。", nil, ""},
	{review2022, "人均地区生产总值22.64万元。", []string{"econ_gdp_per_capita_yuan{actual,1-12} 226400 2022-12-31"}, ""},
	{review2022, "万元GDP建设用地下降5.8%;战略性新兴产业占GDP比重达6.3%。", nil, ""},

	// Comparison figures of the city or the country in a district's report.
	{review2022, "全市地区生产总值增长4.5%。", nil, ""},
	{review2022, "全国GDP增长3%,我区地区生产总值增长6%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{review2022, "2022年全市地区生产总值增长4.5%,我区地区生产总值增长6%,比全市增速高出1.5个百分点。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{review2022, "地区生产总值增长6%,全市为4.5%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31"}, ""},
	{city2022, "全市地区生产总值增长4.5%。", []string{"econ_gdp_growth_ratio{actual,1-12} 0.045 2022-12-31"}, ""},

	// A period in a heading holds for its section.
	{testDoc{heading: "(一)2022年1-11月经济运行情况", published: "2022-12-20"}, "社会消费品零售总额1200亿元,下降2.5%。", []string{
		"econ_retail_sales_yuan{actual,1-11} 1200e8 2022-11-30",
		"econ_retail_sales_growth_ratio{actual,1-11} -0.025 2022-11-30"}, ""},

	// Words between a name and its figure: an adverb, a period, a turn of direction.
	{review2022, "地区生产总值首次突破4000亿元大关。", []string{"econ_gdp_yuan{actual,1-12} 4000e8 2022-12-31"}, ""},
	{review2022, "一般公共预算收入1-6月完成48.58亿元。", []string{"econ_public_budget_revenue_yuan{actual,1-6} 48.58e8 2022-06-30"}, ""},
	// A plan word between a name and its figure makes the figure a target.
	{plain2023, "许勤作政府工作报告,GDP目标增速8.5%", []string{"econ_gdp_growth_ratio{target,1-12,approx} 0.085 2023-01-01"}, ""},
	{plain2023, "地区生产总值预期增长6%左右。", []string{"econ_gdp_growth_ratio{target,1-12,approx} 0.06 2023-01-01"}, ""},
	{review2022, "地区生产总值完成年度目标的102%。", nil, ""},
	{review2022, "规上工业增加值由负转正,增长0.5%。", []string{"econ_industrial_value_added_growth_ratio{actual,1-12} 0.005 2022-12-31"}, ""},
	// 截至 a month's end or a date sets the period up to it.
	{testDoc{published: "2022-10-20"}, "截至2022-09-30,全区一般公共预算收入48亿元。", []string{"econ_public_budget_revenue_yuan{actual,1-9} 48e8 2022-09-30"}, ""},
	{month2022, "截至9月底,一般公共预算收入48亿元。", []string{"econ_public_budget_revenue_yuan{actual,1-9} 48e8 2022-09-30"}, ""},
	// A number beyond float64 is no figure: nothing rather than +Inf, which JSON cannot carry.
	{review2022, "地区生产总值" + strings.Repeat("9", 320) + "亿元,增长3%。", nil, ""},
}

// TestPhrases runs every phrase case with the default rules and compares all the samples the
// phrase gives. Cases with a known engine gap are logged, not asserted.
func TestPhrases(t *testing.T) {
	asserted, gaps := 0, 0
	for _, c := range phraseCases {
		res := c.doc.extract(t, c.phrase)
		problems := diffSamples(t, res.Samples, c.want)
		for _, s := range res.Samples {
			if s.Labels.Region != c.doc.meta(t).Region {
				problems = append(problems, "wrong region in "+formatBrief(s)+": "+s.Labels.Region)
			}
			if s.Source.Text == "" || !strings.Contains(compact(c.phrase), s.Source.Text) {
				problems = append(problems, "source text "+strconv.Quote(s.Source.Text)+" is not part of the phrase")
			}
		}
		if c.known != "" {
			gaps++
			if len(problems) == 0 {
				t.Logf("known gap now passes, assert it: %s %q", c.doc.heading, c.phrase)
			} else {
				t.Logf("known gap (%s): %q: got %s", c.known, c.phrase, strings.ReplaceAll(formatAll(res.Samples), "\n\t", "; "))
			}
			continue
		}
		asserted++
		if len(problems) > 0 {
			t.Errorf("%s | %q:\n\t%s\ngot:\n\t%s", c.doc.heading, c.phrase, strings.Join(problems, "\n\t"), formatAll(res.Samples))
		}
	}
	if asserted < 60 {
		t.Errorf("only %d asserted phrase cases", asserted)
	}
	t.Logf("%d phrases asserted, %d known gaps logged", asserted, gaps)
}

// FuzzFigure: no text makes the value grammar or the document walk panic, and whatever they
// read is a finite value at a time within the years reports speak of.
func FuzzFigure(f *testing.F) {
	for _, c := range phraseCases {
		f.Add(c.doc.text(c.phrase))
	}
	for _, s := range []string{
		"增长-12.2%", "增长5.5-6%", "1,234.5亿元", "99999999999999999999999999亿元", "增长1e400%",
		"1-6月", "2022-09-30", "增长-", "增长.5%", "1,", "1,2345", "增长5%、", "分别增长5%、6%和",
		"地区生产总值、", "地区生产总值(GDP", "一、2022年工作回顾\n地区生产总值增长", "2100年地区生产总值增长6%",
		"0000年地区生产总值增长6%", "1-99月,地区生产总值增长3%", "\xff\xfe增长3%", "增长3\xe4%",
	} {
		f.Add(s)
	}
	rs := defaultRules(f)
	lo := time.Date(1949, 1, 1, 0, 0, 0, 0, series.China)
	hi := time.Date(2102, 1, 1, 0, 0, 0, 0, series.China)
	f.Fuzz(func(t *testing.T, s string) {
		// Known gap (see phraseCases): a number too long for float64 reads as +Inf.
		overflow := hugeNumber.MatchString(s)
		for i := 0; i <= len(s); i++ {
			fig, ok := rs.figureAt(s, i, nil)
			if !ok {
				continue
			}
			if overflow && (!finite(fig.lo) || !finite(fig.hi)) {
				continue
			}
			if !finite(fig.lo) || !finite(fig.hi) || fig.lo > fig.hi {
				t.Fatalf("figureAt(%q, %d) = %+v: values not finite or out of order", s, i, fig)
			}
			if fig.end <= i || fig.end > len(s) {
				t.Fatalf("figureAt(%q, %d) ends at %d", s, i, fig.end)
			}
		}
		res := rs.extractText("fuzz.txt", s, &config.Meta{Region: ExampleRegion, Published: chinaDay("2023-01-12")}, nil)
		for _, smp := range res.Samples {
			if overflow && !finite(smp.Value) {
				continue
			}
			if !finite(smp.Value) {
				t.Fatalf("%q: sample %s is not finite", s, formatBrief(smp))
			}
			if smp.Time.Before(lo) || !smp.Time.Before(hi) {
				t.Fatalf("%q: sample %s stamped outside 1949-2101", s, formatBrief(smp))
			}
			if _, _, ok := series.PeriodMonths(smp.Labels.Period); !ok {
				t.Fatalf("%q: sample %s has period %q", s, formatBrief(smp), smp.Labels.Period)
			}
			if smp.Source.Line < 1 || !utf8.ValidString(smp.Source.Text) && utf8.ValidString(s) {
				t.Fatalf("%q: sample %s has source %+v", s, formatBrief(smp), smp.Source)
			}
		}
	})
}

// hugeNumber finds a run of digits that, with a magnitude, may pass float64's range.
var hugeNumber = regexp.MustCompile(`\d{280}`)

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func TestRefines(t *testing.T) {
	f := func(v, rounded float64, want bool) {
		t.Helper()
		if got := refines(v, rounded); got != want {
			t.Errorf("refines(%v, %v) = %v, want %v", v, rounded, got, want)
		}
	}
	f(12903.41e8, 12903e8, true)  // 12903.41亿元 after 12903亿元 in the title
	f(1.843e12, 1.84e12, true)    // 1.843万亿 after 1.84万亿
	f(-0.1246, -0.125, true)      // 下降12.46% after 下降12.5%
	f(12903e8, 12903.41e8, false) // the rounded figure after the exact one
	f(12913.41e8, 12903e8, false) // another figure
	f(0.031, 0.03, false)         // 增长3.1% after 增长3%: a conflict, not a refinement
	f(0.128, 0.13, false)         // nor 12.8% after 13%
	f(0.125, 0.125, false)        // the same
	f(0, 0.125, false)
}
