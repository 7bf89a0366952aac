package gen

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
)

// Sectors and measures make the names of generated indicators: 数字经济增加值, 旅游业营业收入.
// None contains an alias of the default rules, so the default indicators read as before.
var (
	sectors = []string{
		"数字经济", "海洋经济", "战略性新兴产业", "先进制造业", "现代服务业", "金融业", "商贸业", "文化产业",
		"旅游业", "建筑业", "房地产业", "批发零售业", "住宿餐饮业", "交通运输业", "信息传输业", "软件业",
		"科技服务业", "高技术制造业", "装备制造业", "生物医药产业", "新能源产业", "新材料产业", "时尚产业",
		"物流业", "会展业", "农业", "林业", "渔业", "电子信息产业", "汽车产业", "人工智能产业",
		"集成电路产业", "跨境电商", "总部经济", "楼宇经济", "夜间经济", "低空经济", "绿色低碳产业",
		"健康产业", "养老产业",
	}
	measures = []string{"增加值", "营业收入", "产值", "税收", "出口额", "用电量", "投资", "营业额", "利润总额", "进出口总额"}
)

// Rules returns the default rules with generated indicators appended, n indicators in all
// (the default ones count), each with three aliases of its own. n at or below the number of
// default indicators returns the default rules unchanged.
func Rules(n int, seed uint64) ([]byte, error) {
	base, err := fs.ReadFile(reportexporter.Defaults, reportexporter.RulesFile)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Parse(reportexporter.RulesFile, base)
	if err != nil {
		return nil, err
	}
	extra := n - len(cfg.Indicators)
	if extra <= 0 {
		return base, nil
	}
	if extra > len(sectors)*len(measures) {
		return nil, fmt.Errorf("corpus: at most %d indicators can be generated", len(cfg.Indicators)+len(sectors)*len(measures))
	}
	r := rand.New(rand.NewPCG(seed, seed^0x51ed2701))
	pairs := r.Perm(len(sectors) * len(measures))[:extra]
	var b strings.Builder
	b.Write(base)
	if !strings.HasSuffix(string(base), "\n") {
		b.WriteByte('\n')
	}
	b.WriteString("\n  # Generated indicators (go run ./internal/corpus -rules N), to measure how cost grows with rule count.\n")
	for k, p := range pairs {
		s, m := sectors[p/len(measures)], measures[p%len(measures)]
		id := fmt.Sprintf("gen_%03d", k+1)
		fmt.Fprintf(&b, "  - id: %s\n", id)
		fmt.Fprintf(&b, "    title: %s%s\n", s, m)
		fmt.Fprintf(&b, "    help: Generated indicator %d for benchmarks.\n", k+1)
		fmt.Fprintf(&b, "    aliases: [%s%s, %s领域%s, %s行业%s]\n", s, m, s, m, s, m)
		fmt.Fprintf(&b, "    level: {metric: econ_%s_yuan, unit: yuan}\n", id)
		fmt.Fprintf(&b, "    growth: {metric: econ_%s_growth_ratio}\n", id)
	}
	out := []byte(b.String())
	if _, err := config.Parse("generated rules", out); err != nil {
		return nil, fmt.Errorf("corpus: generated rules do not load: %w", err)
	}
	return out, nil
}

// Aliases returns every alias of the rules in data, one per line, for `rg -F -f`.
func Aliases(data []byte) ([]byte, error) {
	cfg, err := config.Parse("rules", data)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, ind := range cfg.Indicators {
		for _, a := range ind.Aliases {
			b.WriteString(a)
			b.WriteByte('\n')
		}
	}
	return []byte(b.String()), nil
}
