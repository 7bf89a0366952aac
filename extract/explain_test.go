package extract

import (
	"strings"
	"testing"
)

// TestExplain: Explain tells where the place and date came from, and for the line asked, each
// sample given and why a figure gave none.
func TestExplain(t *testing.T) {
	text := "2023年上半年慈溪市经济运行情况\n" +
		"记者从慈溪市统计局获悉,上半年全市地区生产总值1200亿元,增长6.1%。\n" +
		"到2025年,地区生产总值达到2000亿元。\n"
	f := func(line int, want ...string) {
		t.Helper()
		var b strings.Builder
		if err := defaultRules(t).Explain(&b, "cixi.txt", []byte(text), nil, line); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("line %d: explanation lacks %q:\n%s", line, w, b.String())
			}
		}
	}
	f(2,
		"region: 慈溪市 (code 330282), from the places the text names",
		"line 2: 记者从慈溪市统计局获悉",
		`sample econ_gdp_yuan{region="慈溪市",kind="actual",period="1-6"} 1.2e+11 2023-06-30`,
		`sample econ_gdp_growth_ratio{region="慈溪市",kind="actual",period="1-6"} 0.061 2023-06-30`)
	f(3, "2025 is a plan's horizon, not a year's figure")
}
