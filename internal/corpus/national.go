package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/report-exporter/report_exporter/gazetteer"
)

// writeNational writes a national-scale folder to out: a short statistics bulletin for every
// county of the gazetteer and every year from firstYear to
// lastYear, nine figures each, in OUT/reports/<province code>/<county code>_<year>.txt. Each
// title names the county with its province and prefecture, as bulletins do, so that the place
// is found from the text. 2,974 counties and 37 years make 110,038 reports and about a million
// samples: what `serve` holds when it serves all of China.
func writeNational(out string, firstYear, lastYear int, seed uint64) error {
	places := counties()
	rnd := rand.New(rand.NewPCG(seed, seed))
	n := 0
	for _, c := range places {
		dir := filepath.Join(out, "reports", c.code[:2]+"0000")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for year := firstYear; year <= lastYear; year++ {
			text := nationalBulletin(c, year, rnd)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s_%d.txt", c.code, year)), []byte(text), 0o644); err != nil {
				return err
			}
			n++
		}
	}
	fmt.Fprintf(os.Stderr, "corpus: %d reports of %d places in %s\n", n, len(places), out)
	return nil
}

// county is a county with the full name of where it lies.
type county struct {
	code, name, address string // address: province and prefecture, 广东省深圳市
}

func nationalBulletin(c county, year int, rnd *rand.Rand) string {
	pct := func() string { return fmt.Sprintf("%.1f", 1+rnd.Float64()*9) }
	yuan := func(scale float64) string { return fmt.Sprintf("%.2f", scale*(0.5+rnd.Float64())) }
	area := c.name[len(c.name)-len("县"):] // 全县, 全区, 全市, 全旗
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s%d年国民经济和社会发展统计公报\n", c.address, c.name, year)
	fmt.Fprintf(&b, "发布时间:%d-03-15\n", year+1)
	fmt.Fprintf(&b, "%d年,全%s实现地区生产总值%s亿元,比上年增长%s%%。", year, area, yuan(300), pct())
	fmt.Fprintf(&b, "规模以上工业增加值增长%s%%。固定资产投资增长%s%%。", pct(), pct())
	fmt.Fprintf(&b, "社会消费品零售总额%s亿元,增长%s%%。", yuan(120), pct())
	fmt.Fprintf(&b, "一般公共预算收入%s亿元,增长%s%%。城镇登记失业率%s%%。\n", yuan(20), pct(), pct())
	return b.String()
}

// counties returns the counties of the gazetteer with their addresses.
func counties() []county {
	var out []county
	for _, p := range gazetteer.Default().Places() {
		if p.Level != gazetteer.County || len(p.Code) != 6 {
			continue
		}
		addr := ""
		for q := p.Parent; q != nil; q = q.Parent {
			addr = q.Name + addr
		}
		out = append(out, county{code: p.Code, name: p.Name, address: addr})
	}
	return out
}
