// Package gen generates synthetic government work reports in the style of the seed reports,
// with the list of the figures each one states, for benchmarks and for checking extraction
// at scale.
//
// A report is built from the seeds' sentence shapes: the figures are the seeds' figure
// sentences with the indicator names, values, years, periods and regions varied; the prose
// between them is sentences of the seeds that carry no figure, recombined into paragraphs.
// Everything is drawn from one seeded source, so a seed gives the same bytes every time.
package gen

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
)

// Figure is one sample a report must give, in the columns of expected-core.tsv.
type Figure struct {
	Metric, Region, Kind, Period, Bound string
	Date                                string // YYYY-MM-DD, China time
	Value                               float64
}

// Doc is one generated report.
type Doc struct {
	// Name is the file name, unique in a corpus: NNNNNNN_hex.txt or .html.
	Name string
	// ID is the name without its extension, the doc column of the gold list.
	ID string
	// Data is the file's bytes: UTF-8 text, GB18030 text, or an HTML page.
	Data []byte
	// Encoding is "utf-8", "gb18030" or "html".
	Encoding string
	// Region and Published are what the report says of itself.
	Region    string
	Published time.Time
	// Figures are the samples the report states.
	Figures []Figure
}

// Region is an administrative area with the city it belongs to ("" for a city).
type Region struct {
	City, Name string
}

// Regions are the areas reports are written for: districts of Guangdong's cities, and cities.
var Regions = func() []Region {
	var out []Region
	add := func(city string, districts ...string) {
		for _, d := range districts {
			out = append(out, Region{City: city, Name: d})
		}
	}
	add("深圳市", "罗湖区", "福田区", "南山区", "宝安区", "龙岗区", "盐田区", "龙华区", "坪山区", "光明区")
	add("广州市", "越秀区", "海珠区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区")
	add("珠海市", "香洲区", "斗门区", "金湾区")
	add("佛山市", "禅城区", "南海区", "顺德区", "三水区", "高明区")
	add("惠州市", "惠城区", "惠阳区")
	add("", "深圳市", "广州市", "珠海市", "佛山市", "东莞市", "惠州市", "中山市", "江门市", "汕头市", "湛江市")
	return out
}()

// coreIDs are the indicators of the default rules that reports state figures of: the core
// figures of a work report.
var coreIDs = []string{"gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales", "public_budget_revenue", "registered_unemployment"}

// indicator is a core indicator as the default rules define it: the aliases reports use for
// it and its metrics.
type indicator struct {
	id            string
	aliases       []string
	level, growth string // metric names; growth is "" for a rate
	ratio         bool   // the level is a rate (unemployment), stated without growth
}

// coreIndicators returns the indicators of coreIDs, as cfg defines them.
func coreIndicators(cfg *config.Config) ([]indicator, error) {
	byID := map[string]*config.Indicator{}
	for _, ind := range cfg.Indicators {
		byID[ind.ID] = ind
	}
	out := make([]indicator, 0, len(coreIDs))
	for _, id := range coreIDs {
		ind := byID[id]
		if ind == nil || ind.Level == nil {
			return nil, fmt.Errorf("corpus: the rules have no indicator %q with a level", id)
		}
		c := indicator{id: id, aliases: ind.Aliases, level: ind.Level.Metric, ratio: ind.Level.Unit == "ratio"}
		if ind.Growth != nil {
			c.growth = ind.Growth.Metric
		}
		if !c.ratio && c.growth == "" {
			return nil, fmt.Errorf("corpus: indicator %q of the rules has neither a rate nor a growth", id)
		}
		out = append(out, c)
	}
	return out, nil
}

// Generator produces reports one after another. It is not safe for concurrent use.
type Generator struct {
	rnd        *rand.Rand
	prose      []string    // sentences of the seeds without figures, each ending in 。
	indicators []indicator // the indicators reports state figures of
	n          int         // reports generated
}

// New returns a generator drawing from seed. The prose comes from the seed reports built into
// the module, the indicators from its default rules.
func New(seed uint64) (*Generator, error) {
	prose, err := seedProse(reportexporter.Defaults, reportexporter.SeedsDir)
	if err != nil {
		return nil, err
	}
	if len(prose) == 0 {
		return nil, fmt.Errorf("corpus: no prose sentences in the seeds")
	}
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		return nil, err
	}
	inds, err := coreIndicators(cfg)
	if err != nil {
		return nil, err
	}
	return &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), prose: prose, indicators: inds}, nil
}

// seedProse returns the sentences of the seed reports that can give no sample and cannot be
// taken for a report's title, region or date: no digits, no names of the opening lines.
func seedProse(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			for _, s := range strings.SplitAfter(strings.TrimSpace(line), "。") {
				s = strings.TrimSpace(s)
				if !strings.HasSuffix(s, "。") || utf8.RuneCountInString(s) < 12 || seen[s] || !proseOK(s) {
					continue
				}
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out, nil
}

func proseOK(s string) bool {
	if strings.ContainsAny(s, "0123456789０１２３４５６７８９%％<>&—") {
		return false
	}
	for _, w := range []string{"人民政府", "人民代表大会", "两会", "政府工作报告", "届", "发布", "来源", "¹"} {
		if strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// Next returns the next report.
func (g *Generator) Next() Doc {
	g.n++
	r := g.rnd
	reg := Regions[r.IntN(len(Regions))]
	b := &builder{g: g, region: reg}
	switch k := r.IntN(20); {
	case k < 10:
		b.annual()
	case k < 14:
		b.partial("1-6")
	case k < 17:
		b.partial("1-9")
	default:
		b.partial("1-11")
	}
	id := fmt.Sprintf("%07d_%016x", g.n, r.Uint64())
	d := Doc{ID: id, Region: reg.Name, Published: b.published, Figures: b.figs}
	text := b.text.String()
	switch k := r.IntN(20); k {
	case 0:
		d.Name, d.Encoding = id+".txt", "gb18030"
		data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
		if err != nil {
			panic(err) // every character written is in GB18030
		}
		d.Data = data
	case 1:
		d.Name, d.Encoding = id+".html", "html"
		d.Data = toHTML(b.title, text)
	default:
		d.Name, d.Encoding = id+".txt", "utf-8"
		d.Data = []byte(text)
	}
	for i := range d.Figures {
		d.Figures[i].Region = reg.Name
	}
	return d
}

// toHTML renders the report as a page saved from a government site: the title, then one
// paragraph per line.
func toHTML(title, text string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title>\n<script>var _hmt = _hmt || [];</script></head>\n<body><div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">信息公开</a></div>\n<div class=\"content\">\n")
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(line))
		b.WriteString("</p>\n")
	}
	b.WriteString("</div></body></html>\n")
	return b.Bytes()
}

// builder writes one report.
type builder struct {
	g         *Generator
	region    Region
	text      strings.Builder
	title     string
	published time.Time
	figs      []Figure
}

func (b *builder) line(s string) { b.text.WriteString(s); b.text.WriteString("\n\n") }

// header writes the opening lines: the government, the title, the source and date.
func (b *builder) header(title string, pub time.Time) {
	r := b.region
	b.published = pub
	b.title = r.City + r.Name + title
	b.line(r.City + r.Name + "人民政府")
	b.line(b.title)
	office := "发展和改革局"
	if r.City == "" {
		office = "发展和改革委员会"
	}
	b.line("来源:" + r.Name + office + " 发布时间:" + pub.Format(time.DateOnly))
	b.line("扫一扫在手机上打开当前页")
}

// prose writes n paragraphs of seed prose.
func (b *builder) prose(n int) {
	r := b.g.rnd
	for range n {
		k := 2 + r.IntN(7)
		var p strings.Builder
		p.WriteString("  ")
		for range k {
			p.WriteString(b.g.prose[r.IntN(len(b.g.prose))])
		}
		b.line(b.localize(p.String()))
	}
}

// localize moves the seeds' prose to the report's region: 罗湖 and 龙岗 become its name.
func (b *builder) localize(s string) string {
	name := b.region.Name
	stem := strings.TrimRight(name, "区市")
	return strings.NewReplacer("罗湖区", name, "龙岗区", name, "罗湖", stem, "龙岗", stem).Replace(s)
}

// scope is the word for "the whole area" in the report's own level.
func (b *builder) scope() string {
	if b.region.City == "" {
		return []string{"全市", "我市"}[b.g.rnd.IntN(2)]
	}
	return []string{"全区", "我区"}[b.g.rnd.IntN(2)]
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// lastDay is the last day of month m of year y.
func lastDay(y, m int) string { return date(y, m+1, 1).AddDate(0, 0, -1).Format(time.DateOnly) }

// annual writes a work report of early year Y+1: the figures of year Y, then the targets of
// Y+1.
func (b *builder) annual() {
	r := b.g.rnd
	y := 2010 + r.IntN(15) // targets reach 2025
	pub := date(y+1, 1+r.IntN(3), 1+r.IntN(28))
	b.header(fmt.Sprintf("%d年国民经济和社会发展计划执行情况与%d年计划草案的报告", y, y+1), pub)
	b.prose(1 + r.IntN(3))
	b.line(fmt.Sprintf("一、%d年工作回顾", y))
	b.prose(2 + r.IntN(6))
	b.actuals("1-12", lastDay(y, 12), "")
	b.prose(10 + r.IntN(30))
	b.line(fmt.Sprintf("二、%d年主要预期目标", y+1))
	b.prose(1 + r.IntN(3))
	b.targets(fmt.Sprintf("%d-01-01", y+1))
	b.prose(2 + r.IntN(6))
	b.line(fmt.Sprintf("三、%d年重点工作", y+1))
	b.prose(10 + r.IntN(30))
}

// partial writes a report on the first months of year Y: 1-6, 1-9 or 1-11.
func (b *builder) partial(period string) {
	r := b.g.rnd
	y := 2010 + r.IntN(16)
	var pub time.Time
	var name, heading, lead string
	switch period {
	case "1-6":
		pub, name = date(y, 7+r.IntN(3), 1+r.IntN(28)), "上半年"
		heading = fmt.Sprintf("一、%d年上半年经济社会发展计划执行情况", y)
	case "1-9":
		pub, name = date(y, 10+r.IntN(2), 1+r.IntN(28)), "前三季度"
		heading = fmt.Sprintf("一、%d年前三季度经济社会发展计划执行情况", y)
	default:
		pub, name = date(y, 12, 5+r.IntN(24)), "1-11月"
		heading = fmt.Sprintf("一、%d年1-11月经济运行情况", y)
		lead = "1-11月,"
	}
	_, to := months(period)
	b.header(fmt.Sprintf("%d年%s国民经济和社会发展计划执行情况报告", y, name), pub)
	b.prose(1 + r.IntN(2))
	b.line(heading)
	b.prose(1 + r.IntN(3))
	b.actuals(period, lastDay(y, to), lead)
	b.prose(10 + r.IntN(30))
	b.line("二、下半年工作安排")
	b.prose(10 + r.IntN(30))
}

func months(p string) (from, to int) {
	a, c, _ := strings.Cut(p, "-")
	from, _ = strconv.Atoi(a)
	to, _ = strconv.Atoi(c)
	return from, to
}

// pct formats tenths of a percent: 55 is "5.5", 60 is "6" or "6.0".
func (b *builder) pct(tenths int) string {
	s := strconv.Itoa(tenths/10) + "." + strconv.Itoa(tenths%10)
	if tenths%10 == 0 && b.g.rnd.IntN(2) == 0 {
		s = strconv.Itoa(tenths / 10)
	}
	return s
}

// yi formats hundredths of 亿 (1e6 yuan): 475925 is "4759.25".
func yi(cents int) string {
	s := strconv.Itoa(cents/100) + "." + fmt.Sprintf("%02d", cents%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func (b *builder) add(metric, kind, period, bound, day string, v float64) {
	b.figs = append(b.figs, Figure{Metric: metric, Kind: kind, Period: period, Bound: bound, Date: day, Value: v})
}

func (b *builder) alias(ind indicator) string { return ind.aliases[b.g.rnd.IntN(len(ind.aliases))] }

// actuals writes the reported figures of the period: each indicator at most once, as the
// seeds do, in one of their layouts.
func (b *builder) actuals(period, day, lead string) {
	r := b.g.rnd
	inds := b.g.indicators
	order := r.Perm(len(inds))
	n := 3 + r.IntN(len(inds)-2)
	var parts []string
	for k := 0; k < n; k++ {
		parts = append(parts, b.actual(inds[order[k]], period, day))
	}
	b.actualsLayout(parts, lead)
}

// actual returns the phrase of one indicator's reported figures in one of the seeds' shapes,
// and records the figures it states.
func (b *builder) actual(ind indicator, period, day string) string {
	r := b.g.rnd
	a := b.alias(ind)
	if ind.ratio {
		u := 15 + r.IntN(30) // 1.5% to 4.4%
		b.add(ind.level, "actual", period, "", day, float64(u)/1000)
		return a + b.pct(u) + "%"
	}
	lv := 1000 + r.IntN(500000) // 10 to 5010 亿元
	g := r.IntN(300) - 120      // -12.0% to 17.9%
	addLevel := func() { b.add(ind.level, "actual", period, "", day, float64(lv)*1e6) }
	addGrowth := func() { b.add(ind.growth, "actual", period, "", day, float64(g)/1000) }
	var part string
	switch shape := r.IntN(9); {
	case shape == 0 && g != 0: // 增长-12.2%
		if g < 0 {
			part = a + "增长-" + b.pct(-g) + "%"
		} else {
			part = a + "增长" + b.pct(g) + "%"
		}
		addGrowth()
	case shape == 1 && g < 0: // 下降9.9%
		part = a + "下降" + b.pct(-g) + "%"
		addGrowth()
	case shape == 2:
		part = a + "完成" + yi(lv) + "亿元"
		addLevel()
	case shape == 3 && g >= 0:
		part = "实现" + a + yi(lv) + "亿元,同比增长" + b.pct(g) + "%"
		addLevel()
		addGrowth()
	case shape == 4 && g >= 0:
		part = a + yi(lv) + "亿元,按可比价格计算增长" + b.pct(g) + "%"
		addLevel()
		addGrowth()
	case shape == 5:
		part = a + "与上年同期持平"
		g = 0
		addGrowth()
	case shape == 6 && g >= 0:
		part = a + "同比增长" + b.pct(g) + "%左右"
		addGrowth()
	default:
		if g < 0 {
			part = a + yi(lv) + "亿元,下降" + b.pct(-g) + "%"
		} else {
			part = a + yi(lv) + "亿元,增长" + b.pct(g) + "%"
		}
		addLevel()
		addGrowth()
	}
	return part
}

// actualsLayout writes the phrases of the reported figures in one of the seeds' layouts; a
// lead ("1-11月,") asks for the one that can carry it, a paragraph.
func (b *builder) actualsLayout(parts []string, lead string) {
	switch layout := b.g.rnd.IntN(3); {
	case layout == 0 && lead == "": // one line each, as seed 000
		for _, p := range parts {
			b.line("  ——" + p + ";")
		}
	case layout == 1 && lead == "": // list items with spaces, as seed 004
		b.line("经济社会主要指标预计完成情况：")
		for _, p := range parts {
			b.line("- " + spaced(p) + "；")
		}
	default: // one paragraph
		b.line("  " + lead + "经济运行稳中有进," + b.scope() + strings.Join(parts, ";") + "。")
	}
}

// spaced puts spaces around the numbers, as text copied from a PDF has them: 增长 7.0%.
func spaced(s string) string {
	var out strings.Builder
	prevDigit := false
	for _, c := range s {
		d := c >= '0' && c <= '9' || c == '.' || c == '-'
		if d && !prevDigit && out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteRune(c)
		prevDigit = d
	}
	return out.String()
}

// targets writes the planned figures of the year that starts at day.
func (b *builder) targets(day string) {
	r := b.g.rnd
	inds := b.g.indicators
	order := r.Perm(len(inds))
	n := 3 + r.IntN(len(inds)-2)
	var parts []string
	for k := 0; k < n; k++ {
		ind := inds[order[k]]
		a := b.alias(ind)
		if ind.ratio {
			u := 25 + r.IntN(20)
			parts = append(parts, a+"控制在"+b.pct(u)+"%以内")
			b.add(ind.level, "target", "1-12", "max", day, float64(u)/1000)
			continue
		}
		g := 20 + r.IntN(100) // 2% to 11.9%
		switch shape := r.IntN(6); shape {
		case 0: // range
			hi := g + 5*(1+r.IntN(3))
			if r.IntN(2) == 0 {
				parts = append(parts, a+"增长"+b.pct(g)+"-"+b.pct(hi)+"%")
			} else {
				parts = append(parts, a+"增长"+b.pct(g)+"%-"+b.pct(hi)+"%")
			}
			b.add(ind.growth, "target", "1-12", "min", day, float64(g)/1000)
			b.add(ind.growth, "target", "1-12", "max", day, float64(hi)/1000)
		case 1:
			parts = append(parts, a+"增长"+b.pct(g)+"%以上")
			b.add(ind.growth, "target", "1-12", "min", day, float64(g)/1000)
		case 2:
			parts = append(parts, a+"增长"+b.pct(g)+"%左右")
			b.add(ind.growth, "target", "1-12", "approx", day, float64(g)/1000)
		case 3:
			lv := 1000 + r.IntN(500000)
			parts = append(parts, a+"完成"+yi(lv)+"亿元左右")
			b.add(ind.level, "target", "1-12", "approx", day, float64(lv)*1e6)
		case 4:
			parts = append(parts, a+"增长不低于"+b.pct(g)+"%")
			b.add(ind.growth, "target", "1-12", "min", day, float64(g)/1000)
		default:
			parts = append(parts, a+"增长"+b.pct(g)+"%")
			b.add(ind.growth, "target", "1-12", "approx", day, float64(g)/1000)
		}
	}
	if r.IntN(2) == 0 {
		b.line("  今年经济社会发展的主要预期目标是:" + strings.Join(parts, ",") + "。")
		return
	}
	for _, p := range parts {
		b.line("- " + spaced(p) + "；")
	}
}

// Gold is the list of the figures a corpus must give once its documents are merged: for each
// series and time, the value of the document published last (ties: the later path), as
// `report_exporter extract` settles them.
type Gold struct {
	m map[goldKey]goldEntry
}

type goldKey struct {
	metric, region, kind, period, bound, date string
}

type goldEntry struct {
	published time.Time
	path, doc string
	value     float64
}

// Add records the figures of doc, written at path (relative to the corpus root).
func (g *Gold) Add(path string, d *Doc) {
	if g.m == nil {
		g.m = map[goldKey]goldEntry{}
	}
	for _, f := range d.Figures {
		k := goldKey{f.Metric, f.Region, f.Kind, f.Period, f.Bound, f.Date}
		e := goldEntry{d.Published, path, d.ID, f.Value}
		if old, ok := g.m[k]; ok && cmp.Or(old.published.Compare(e.published), cmp.Compare(old.path, e.path)) > 0 {
			continue
		}
		g.m[k] = e
	}
}

// Len is the number of figures.
func (g *Gold) Len() int { return len(g.m) }

// WriteTSV writes the list in the format of expected-core.tsv, sorted by document.
func (g *Gold) WriteTSV(w io.Writer) error {
	type row struct {
		k goldKey
		e goldEntry
	}
	rows := make([]row, 0, len(g.m))
	for k, e := range g.m {
		rows = append(rows, row{k, e})
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.e.path, b.e.path), cmp.Compare(a.k.metric, b.k.metric),
			cmp.Compare(a.k.kind, b.k.kind), cmp.Compare(a.k.date, b.k.date), cmp.Compare(a.k.bound, b.k.bound),
			cmp.Compare(a.k.period, b.k.period))
	})
	var buf bytes.Buffer
	buf.WriteString("# Figures of a generated corpus (go run ./internal/corpus), merged as extract merges them.\n")
	buf.WriteString("# Columns: doc, metric, region, kind, period, bound, date (China time, UTC+8), value.\n")
	for _, r := range rows {
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.e.doc, r.k.metric, r.k.region, r.k.kind,
			r.k.period, r.k.bound, r.k.date, strconv.FormatFloat(r.e.value, 'g', -1, 64))
		if buf.Len() > 1<<20 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}
