package extract

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/intake"
	"github.com/report-exporter/report_exporter/series"
)

// loadDefaultRules compiles the rules built into the binary once for all the tests of the
// package: the tests prove what a user running the bare binary gets.
var loadDefaultRules = sync.OnceValues(func() (*RuleSet, error) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		return nil, err
	}
	return NewRuleSet(cfg)
})

func defaultRules(tb testing.TB) *RuleSet {
	tb.Helper()
	rs, err := loadDefaultRules()
	if err != nil {
		tb.Fatalf("default rules: %v", err)
	}
	return rs
}

// testDoc is the document a phrase is read in: the section heading it stands under, the
// publication date and the region, the way a sidecar would give them.
type testDoc struct {
	heading   string
	published string // YYYY-MM-DD; "" leaves the date to the text
	region    string // "" is ExampleRegion, a district
}

func (d testDoc) meta(tb testing.TB) *config.Meta {
	tb.Helper()
	m := &config.Meta{Region: d.region}
	if m.Region == "" {
		m.Region = ExampleRegion
	}
	if d.published != "" {
		t, err := time.ParseInLocation(time.DateOnly, d.published, series.China)
		if err != nil {
			tb.Fatalf("published %q: %v", d.published, err)
		}
		m.Published = t
	}
	return m
}

// text is the report a phrase makes under the document's heading.
func (d testDoc) text(phrase string) string {
	if d.heading == "" {
		return phrase
	}
	return d.heading + "\n" + phrase
}

// extract reads phrase as a report under the document's heading with the default rules.
func (d testDoc) extract(tb testing.TB, phrase string) *Result {
	tb.Helper()
	return defaultRules(tb).extractText("test.txt", d.text(phrase), d.meta(tb), nil)
}

// briefSample writes a sample as `metric{kind,period[,bound]} YYYY-MM-DD`, the form the
// tables of these tests want samples in; the value is compared apart, with a tolerance.
func briefSample(s series.Sample) string {
	l := s.Labels.Kind + "," + s.Labels.Period
	if s.Labels.Bound != "" {
		l += "," + s.Labels.Bound
	}
	return fmt.Sprintf("%s{%s} %s", s.Name, l, s.Time.In(series.China).Format(time.DateOnly))
}

// wantSample is one expected sample: `metric{kind,period[,bound]} value YYYY-MM-DD`.
type wantSample struct {
	key   string // briefSample of the sample
	value float64
}

func parseWant(tb testing.TB, line string) wantSample {
	tb.Helper()
	f := strings.Fields(line)
	if len(f) != 3 {
		tb.Fatalf("want %q is not `metric{kind,period[,bound]} value YYYY-MM-DD`", line)
	}
	v, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		tb.Fatalf("want %q: %v", line, err)
	}
	return wantSample{key: f[0] + " " + f[2], value: v}
}

// near compares values the way the seed scorer does: relative tolerance 1e-6.
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b)) || math.Abs(a-b) <= 1e-12
}

// diffSamples compares got with the wanted lines, order aside, and returns one line per
// difference.
func diffSamples(tb testing.TB, got []series.Sample, want []string) []string {
	tb.Helper()
	var problems []string
	used := make([]bool, len(got))
	for _, line := range want {
		w := parseWant(tb, line)
		found := false
		for i, s := range got {
			if !used[i] && briefSample(s) == w.key && near(s.Value, w.value) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			problems = append(problems, "missing    "+line)
		}
	}
	for i, s := range got {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("unexpected %s (%q)", formatBrief(s), s.Source.Text))
		}
	}
	return problems
}

// formatBrief writes a sample in the form of the want lines.
func formatBrief(s series.Sample) string {
	k, date, _ := strings.Cut(briefSample(s), " ")
	return k + " " + strconv.FormatFloat(s.Value, 'g', -1, 64) + " " + date
}

func formatAll(samples []series.Sample) string {
	if len(samples) == 0 {
		return "(no samples)"
	}
	var lines []string
	for _, s := range samples {
		lines = append(lines, formatBrief(s))
	}
	return strings.Join(lines, "\n\t")
}

// TestExtractSource: every sample names the file, the 1-based line and the phrase it was read
// from, and the phrase holds the figure.
func TestExtractSource(t *testing.T) {
	text := "深圳市罗湖区2022年上半年经济社会发展计划执行情况\n" +
		"\n" +
		"一、2022年上半年经济社会发展计划执行情况\n" +
		"  ——地区生产总值(GDP)增长2.0%;\n" +
		"  ——固定资产投资完成147.75亿元;\n"
	res := defaultRules(t).extractText("reports/a.txt", text, &config.Meta{Published: chinaDay("2022-09-30")}, nil)
	if res.Region != "罗湖区" {
		t.Errorf("region = %q, want 罗湖区 from the title line", res.Region)
	}
	want := []struct {
		name, text string
		line       int
	}{
		{"econ_gdp_growth_ratio", "地区生产总值(GDP)增长2.0%", 4},
		{"econ_fixed_asset_investment_yuan", "固定资产投资完成147.75亿元", 5},
	}
	if len(res.Samples) != len(want) {
		t.Fatalf("got %d samples, want %d:\n\t%s", len(res.Samples), len(want), formatAll(res.Samples))
	}
	for i, w := range want {
		s := res.Samples[i]
		if s.Name != w.name || s.Source != (series.Source{File: "reports/a.txt", Line: w.line, Text: w.text}) {
			t.Errorf("sample %d = %s from %+v, want %s from reports/a.txt:%d %q", i, s.Name, s.Source, w.name, w.line, w.text)
		}
		if s.Labels.Region != "罗湖区" || s.Labels.Period != "1-6" || !s.Time.Equal(chinaDay("2022-06-30")) {
			t.Errorf("sample %d = %s, want region 罗湖区, period 1-6 at 2022-06-30", i, formatBrief(s))
		}
	}
}

// TestExtractDocument: the region and the publication date come from the sidecar first, else
// from the opening lines, and settle the year of figures that do not name one.
func TestExtractDocument(t *testing.T) {
	f := func(text string, meta *config.Meta, region string, want ...string) {
		t.Helper()
		res := defaultRules(t).extractText("doc.txt", text, meta, nil)
		if res.Region != region {
			t.Errorf("region = %q, want %q", res.Region, region)
		}
		for _, s := range res.Samples {
			if s.Labels.Region != region {
				t.Errorf("sample %s has region %q, want %q", formatBrief(s), s.Labels.Region, region)
			}
		}
		if problems := diffSamples(t, res.Samples, want); len(problems) > 0 {
			t.Errorf("%q:\n\t%s\ngot:\n\t%s", text, strings.Join(problems, "\n\t"), formatAll(res.Samples))
		}
	}
	// The date line 2022-09-30 is the publication date, not a figure or a range.
	f("罗湖区2022年上半年经济社会发展计划执行情况\n发布时间:2022-09-30\n一、2022年上半年经济社会发展计划执行情况\n地区生产总值增长2.0%。",
		nil, "罗湖区",
		"econ_gdp_growth_ratio{actual,1-6} 0.02 2022-06-30")
	// A city named with its province; the published date from 2021年1月29日在.
	f("广东省深圳市2021年政府工作报告\n2021年1月29日在深圳市第七届人民代表大会上\n一、2020年工作回顾\n地区生产总值增长3.1%。",
		nil, "深圳市",
		"econ_gdp_growth_ratio{actual,1-12} 0.031 2020-12-31")
	// The sidecar's region wins over the title's.
	f("深圳市罗湖区政府工作报告\n一、2022年工作回顾\n地区生产总值增长6%。",
		&config.Meta{Region: "龙华区", Published: chinaDay("2023-01-12")}, "龙华区",
		"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31")
	// A report that names no region gives no samples: a series without its region is useless.
	f("政府工作报告\n一、2022年工作回顾\n地区生产总值增长6%。", &config.Meta{Published: chinaDay("2023-01-12")}, "")
	// With no date at all the latest year of the opening lines is the publication year: a
	// report on 2019 published early in 2020.
	f("罗湖区2019年国民经济和社会发展计划执行情况与2020年计划草案\n一、2019 年国民经济和社会发展规划执行情况\n- 地区生产总值增长 6.5%；",
		nil, "罗湖区",
		"econ_gdp_growth_ratio{actual,1-12} 0.065 2019-12-31")
}

// TestExtractSections: a heading's cues hold until the next heading; a sentence opening with
// a year moves the section to that year; cue words in the text hold for their sentence or
// paragraph.
func TestExtractSections(t *testing.T) {
	text := strings.Join([]string{
		"罗湖区2023年政府工作报告",
		"一、2022年工作回顾",
		"地区生产总值增长6%。",
		"(一)经济运行稳中有进",
		"固定资产投资1450亿元,增长9.1%。",
		"二、2023年主要预期目标",
		"地区生产总值增长6%左右,一般公共预算收入增长5%。",
		"城镇登记失业率控制在3%以内。",
		"三、2023年重点工作",
		"2024年,力争社会消费品零售总额增长8%。",
	}, "\n")
	res := defaultRules(t).extractText("doc.txt", text, &config.Meta{Published: chinaDay("2023-01-12")}, nil)
	want := []string{
		"econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31",
		"econ_fixed_asset_investment_yuan{actual,1-12} 1450e8 2022-12-31",
		"econ_fixed_asset_investment_growth_ratio{actual,1-12} 0.091 2022-12-31",
		"econ_gdp_growth_ratio{target,1-12,approx} 0.06 2023-01-01",
		"econ_public_budget_revenue_growth_ratio{target,1-12,approx} 0.05 2023-01-01",
		"econ_registered_unemployment_ratio{target,1-12,max} 0.03 2023-01-01",
		"econ_retail_sales_growth_ratio{target,1-12,approx} 0.08 2024-01-01",
	}
	if problems := diffSamples(t, res.Samples, want); len(problems) > 0 {
		t.Errorf("\n\t%s\ngot:\n\t%s", strings.Join(problems, "\n\t"), formatAll(res.Samples))
	}
}

// TestExtractOncePerSeries: a figure repeated in a document (the summary and the body of a
// report) is one sample, the first.
func TestExtractOncePerSeries(t *testing.T) {
	text := "罗湖区政府工作报告\n一、2022年工作回顾\n地区生产总值增长6%。\n经济运行稳中有进,地区生产总值增长6%。"
	res := defaultRules(t).extractText("doc.txt", text, &config.Meta{Published: chinaDay("2023-01-12")}, nil)
	if len(res.Samples) != 1 || res.Samples[0].Source.Line != 3 {
		t.Fatalf("got\n\t%s\nwant one sample, from line 3", formatAll(res.Samples))
	}
}

// TestExtractUnmatched: a sentence naming an indicator with a number that gave no sample is
// listed for the rules' author, unless a blocker says the number is another quantity.
func TestExtractUnmatched(t *testing.T) {
	f := func(phrase string, listed bool) {
		t.Helper()
		res := testDoc{heading: "一、2022年工作回顾", published: "2023-01-12"}.extract(t, phrase)
		if got := len(res.Unmatched) > 0; got != listed {
			t.Errorf("%q: listed as unmatched = %v, want %v (samples: %s)", phrase, got, listed, formatAll(res.Samples))
		}
		for _, u := range res.Unmatched {
			if u.File != "test.txt" || u.Line != 2 || u.Indicator == "" || !strings.Contains(phrase, u.Text) {
				t.Errorf("%q: unmatched %+v, want test.txt line 2 with the sentence and the indicator", phrase, u)
			}
		}
	}
	f("地区生产总值达到历史新高4759。", true)
	f("规上工业增加值由正转负的原因有三,其中2个已消除。", true)
	f("地区生产总值增长6%。", false)
	f("地区生产总值年均增长6%。", false)
	f("第三产业拉动GDP增长0.5个百分点。", false)
	f("地区生产总值稳步增长。", false)
}

// TestExtractScopes: in a district's report, a figure of the city (全市, 我市) or the country
// (全国) is not the district's; in a city's report 全市 is its own.
func TestExtractScopes(t *testing.T) {
	f := func(region, phrase string, want ...string) {
		t.Helper()
		res := testDoc{heading: "一、2022年工作回顾", published: "2023-01-12", region: region}.extract(t, phrase)
		if problems := diffSamples(t, res.Samples, want); len(problems) > 0 {
			t.Errorf("%s %q:\n\t%s\ngot:\n\t%s", region, phrase, strings.Join(problems, "\n\t"), formatAll(res.Samples))
		}
	}
	f("罗湖区", "全市地区生产总值增长4.5%。")
	f("罗湖区", "全国GDP增长3%。")
	f("罗湖区", "全区地区生产总值增长6%。", "econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31")
	f("罗湖区", "全市地区生产总值增长4.5%,我区地区生产总值增长6%。", "econ_gdp_growth_ratio{actual,1-12} 0.06 2022-12-31")
	f("深圳市", "全市地区生产总值增长4.5%。", "econ_gdp_growth_ratio{actual,1-12} 0.045 2022-12-31")
	f("深圳市", "全国GDP增长3%,全市地区生产总值增长4.5%。", "econ_gdp_growth_ratio{actual,1-12} 0.045 2022-12-31")
}

// TestExtractBytes: Extract decodes the bytes (full-width forms fold to ASCII), reads the
// sidecar strictly, and names the file in its errors.
func TestExtractBytes(t *testing.T) {
	rs := defaultRules(t)
	report := []byte("一、2022年工作回顾\n地区生产总值４７５９亿元，增长３％。\n")
	res, err := rs.Extract("a.txt", report, []byte("region: 罗湖区\npublished: 2023-01-12\n"))
	if err != nil {
		t.Fatal(err)
	}
	if problems := diffSamples(t, res.Samples, []string{
		"econ_gdp_yuan{actual,1-12} 4759e8 2022-12-31",
		"econ_gdp_growth_ratio{actual,1-12} 0.03 2022-12-31",
	}); len(problems) > 0 {
		t.Errorf("\n\t%s\ngot:\n\t%s", strings.Join(problems, "\n\t"), formatAll(res.Samples))
	}
	_, err = rs.Extract("a.txt", report, []byte("region: 罗湖区\nregoin: 龙华区\n"))
	if err == nil || !strings.Contains(err.Error(), "a.txt.meta.yaml") || !strings.Contains(err.Error(), "regoin") {
		t.Errorf("sidecar with an unknown key: err = %v, want one naming a.txt.meta.yaml and the key", err)
	}
	_, err = rs.Extract("a.txt", report, []byte("published: 12/01/2023\n"))
	if err == nil || !strings.Contains(err.Error(), "not YYYY-MM-DD") {
		t.Errorf("sidecar with a bad date: err = %v, want not YYYY-MM-DD", err)
	}
	_, err = rs.Extract("blank.txt", []byte(" \n\n"), nil)
	if !errors.Is(err, intake.ErrEmptyReport) || !strings.HasPrefix(err.Error(), "blank.txt: ") {
		t.Errorf("blank report: err = %v, want intake.ErrEmptyReport naming blank.txt", err)
	}
}

// TestExtractFile: the sidecar beside a report gives its region and date; reports are walked in
// lexical order, sidecars and non-reports left out.
func TestExtractFile(t *testing.T) {
	fsys := fstest.MapFS{
		"r/a.txt":           {Data: []byte("一、2022年工作回顾\n地区生产总值增长6%。\n")},
		"r/a.txt.meta.yaml": {Data: []byte("region: 龙华区\npublished: 2023-01-12\n")},
		"r/b/c.txt":         {Data: []byte("罗湖区2022年上半年经济社会发展计划执行情况\n发布时间:2022-09-30\n地区生产总值增长2.0%。\n")},
		"r/.hidden.txt":     {Data: []byte("x")},
		"r/d.txt~":          {Data: []byte("x")},
	}
	rs := defaultRules(t)
	var paths []string
	var results []*Result
	err := Walk(fsys, []string{"r"}, func(p string) error {
		paths = append(paths, p)
		res, err := rs.ExtractFile(fsys, p)
		results = append(results, res)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"r/a.txt", "r/b/c.txt"}; !slices.Equal(paths, want) {
		t.Fatalf("walked %q, want %q", paths, want)
	}
	if r := results[0]; r.Region != "龙华区" || len(r.Samples) != 1 || r.Samples[0].Labels.Region != "龙华区" || r.Samples[0].Source.File != "r/a.txt" {
		t.Errorf("r/a.txt: region %q, samples\n\t%s\nwant one sample of 龙华区 from r/a.txt", r.Region, formatAll(r.Samples))
	}
	if r := results[1]; r.Region != "罗湖区" || !r.Published.Equal(chinaDay("2022-09-30")) || len(r.Samples) != 1 {
		t.Errorf("r/b/c.txt: region %q published %v, samples\n\t%s\nwant 罗湖区, 2022-09-30, one sample", r.Region, r.Published, formatAll(r.Samples))
	}
	fsys["r/a.txt.meta.yaml"] = &fstest.MapFile{Data: []byte("region: [\n")}
	if _, err := rs.ExtractFile(fsys, "r/a.txt"); err == nil || !strings.Contains(err.Error(), "r/a.txt") {
		t.Errorf("broken sidecar: err = %v, want an error naming r/a.txt", err)
	}
}

// chinaDay is midnight of a YYYY-MM-DD date in China time.
func chinaDay(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, series.China)
	if err != nil {
		panic(err)
	}
	return t
}

// TestExtractReviewDatesReport: a report that gives no date but reviews a whole year was
// published after it, so its 今年 is the next year.
func TestExtractReviewDatesReport(t *testing.T) {
	text := "政府工作报告\n福田区人民政府区长\n一、2022年工作回顾\n全区地区生产总值增长3.5%。\n" +
		"今年全区经济社会发展的主要预期目标是:地区生产总值增长6%左右。"
	res := defaultRules(t).extractText("doc.txt", text, nil, nil)
	got := formatAll(res.Samples)
	for _, want := range []string{"2022-12-31", "2023-01-01"} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n\t%s\nwant the 2022 figure at 2022-12-31 and the target at 2023-01-01", got)
		}
	}
	if res.Published.Year() != 2023 {
		t.Errorf("published %v, want 2023", res.Published)
	}

	// So does a sentence that reports its year: news that names only the year under review.
	text = "1月21日,广西壮族自治区第十三届人民代表大会第四次会议开幕。\n2020年全区地区生产总值增长3.7%。\n" +
		"今年全区经济社会发展的主要预期目标是:规模以上工业增加值增长8%以上。"
	res = defaultRules(t).extractText("doc.txt", text, nil, nil)
	if got := formatAll(res.Samples); !strings.Contains(got, "2020-12-31") || !strings.Contains(got, "2021-01-01") {
		t.Errorf("got\n\t%s\nwant the 2020 figure at 2020-12-31 and the target at 2021-01-01", got)
	}
}

// TestExtractNewsLeadIn: a news item opens with who gave the news, then the year it tells of
// (…新闻发言人2日向媒体介绍,2008年初,…): its figures are of that year, not of the year before.
func TestExtractNewsLeadIn(t *testing.T) {
	text := "江苏省政府新闻发言人2日向媒体介绍,2008年初,江苏省政府将全年经济社会发展目标任务分解成50项重点工作。" +
		"一年来,各项工作完成情况较好。\n主要目标全面实现\n全省地区生产总值增长12.5%左右;城镇登记失业率3.25%。"
	res := defaultRules(t).extractText("doc.txt", text, nil, nil)
	want := []string{
		"econ_gdp_growth_ratio{actual,1-12} 0.125 2008-12-31",
		"econ_registered_unemployment_ratio{actual,1-12} 0.0325 2008-12-31",
	}
	if problems := diffSamples(t, res.Samples, want); len(problems) > 0 {
		t.Errorf("\n\t%s\ngot:\n\t%s", strings.Join(problems, "\n\t"), formatAll(res.Samples))
	}
}

// TestExtractBulletinDateline: a bulletin's title names the year it reviews, and its
// dateline, of the next year, leaves that year to the figures, even where a page gives a
// later date still (时间:2014-09-21, the day it was copied).
func TestExtractBulletinDateline(t *testing.T) {
	text := "山西省2013年国民经济和社会发展统计公报\n时间:2014-09-21 18:42:07 来源:山西省统计局\n" +
		"山西省统计局\n2014年2月25日\n一、综合\n初步核算,全年全省生产总值12602.2亿元,比上年增长8.9%。"
	res := defaultRules(t).extractText("doc.txt", text, nil, nil)
	want := []string{
		"econ_gdp_yuan{actual,1-12} 12602.2e8 2013-12-31",
		"econ_gdp_growth_ratio{actual,1-12} 0.089 2013-12-31",
	}
	if problems := diffSamples(t, res.Samples, want); len(problems) > 0 {
		t.Errorf("\n\t%s\ngot:\n\t%s", strings.Join(problems, "\n\t"), formatAll(res.Samples))
	}
	// A work report's title names the year it is given in, and its date that same year: the
	// date still sets no year.
	text = "罗湖区2023年政府工作报告\n2023年1月12日在罗湖区人民代表大会上\n全区地区生产总值增长6%。"
	res = defaultRules(t).extractText("doc.txt", text, nil, nil)
	if got := formatAll(res.Samples); !strings.Contains(got, "2022-12-31") {
		t.Errorf("got\n\t%s\nwant the figure of 2022", got)
	}
}

// TestExtractHeadingsNest: the words of a sub-heading hold until its next sibling, and words
// in quotes or book titles are names, not cues: 1.实施“攀升计划” does not make the figures of
// the next (二) targets.
func TestExtractHeadingsNest(t *testing.T) {
	text := "罗湖区2025年上半年经济运行情况\n一、2025年上半年经济社会发展计划执行情况\n(一)产业升级\n" +
		"1.实施传统优势产业“攀升计划”\n推进产业升级。\n(二)生态环境\n空气优良率达98.7%。\n" +
		"二、下半年重点工作\n(一)经济目标\n1.力争完成全年目标\n(二)民生\n全年城镇登记失业率控制在3%以内。"
	res := defaultRules(t).extractText("doc.txt", text, nil, nil)
	got := formatAll(res.Samples)
	for _, want := range []string{
		"econ_air_quality_good_ratio{actual,1-6} 0.987 2025-06-30",
		"econ_registered_unemployment_ratio{target,1-12,max} 0.03 2025-01-01",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n\t%s\nwant among them\n\t%s", got, want)
		}
	}
	if p := res.Published.Format(time.DateOnly); p != "2025-07-01" {
		t.Errorf("published %s, want 2025-07-01: a report of the first half is published after it", p)
	}
}

// TestCompact: spaces go, save between Latin letters or digits: "2019 年" reads as 2019年, and
// two numbers of a table row stay two.
func TestCompact(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := compact(in); got != want {
			t.Errorf("compact(%q) = %q, want %q", in, got, want)
		}
	}
	f("  2019 年 地区生产总值 同比增长 7.0%左右 ", "2019年地区生产总值同比增长7.0%左右")
	f("万元 GDP 水耗", "万元GDP水耗")
	f("地区生产总值 5000 6.5%", "地区生产总值5000 6.5%")
	f("PM 2.5", "PM 2.5")
	f("无空格", "无空格")
}

// TestExtractKnownRegion: a report that never writes its region in full takes the known
// name its text repeats most; one that names none has no region and gives no samples.
func TestExtractKnownRegion(t *testing.T) {
	rs := defaultRules(t)
	text := "一、2025年上半年经济社会发展计划执行情况\n——地区生产总值增长4.2%;\n推动罗湖口岸建设,打响漫步罗湖品牌,做强罗湖医美,深圳火车站改造。"
	res := rs.extractText("doc.txt", text, nil, nil)
	if res.Region != "罗湖区" || len(res.Samples) != 1 || res.Samples[0].Labels.Region != "罗湖区" {
		t.Errorf("region %q, samples\n\t%s\nwant 罗湖区 for one sample", res.Region, formatAll(res.Samples))
	}
	// Figures without any region: the report is refused, and the error says what to do.
	_, err := rs.Extract("a/doc.txt", []byte("一、2025年上半年经济社会发展计划执行情况\n——地区生产总值增长4.2%;"), nil)
	if err == nil || !strings.Contains(err.Error(), "a/doc.txt: no region") || !strings.Contains(err.Error(), "doc.txt.meta.yaml") {
		t.Errorf("figures and no region: err = %v, want one naming the file and the sidecar to write", err)
	}
	// No figures and no region: a document that simply gives nothing.
	if res, err := rs.Extract("notes.txt", []byte("会议纪要\n今天天气很好。"), nil); err != nil || len(res.Samples) != 0 {
		t.Errorf("no figures, no region: %v, %v; want an empty result", res, err)
	}
}
