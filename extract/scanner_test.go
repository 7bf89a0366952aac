package extract

import (
	"fmt"
	"strings"
	"testing"
)

// TestScanner: the tokens of report text, each with the text it covers and what it carries.
func TestScanner(t *testing.T) {
	rs := defaultRules(t)
	f := func(text, want string) {
		t.Helper()
		var got []string
		sc := rs.scan(text)
		for tok, ok := sc.next(); ok; tok, ok = sc.next() {
			s := tok.kind.String() + ":" + text[tok.pos:tok.end]
			switch tok.kind {
			case tokAlias:
				s += "=" + rs.cfg.Indicators[tok.id].ID
			case tokYear:
				s += fmt.Sprintf("=%d", tok.year)
			case tokPeriod:
				s += "=" + tok.period
			case tokUntil:
				s += fmt.Sprintf("=%d/%s", tok.year, tok.period)
			case tokText:
				continue // characters that are no token
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%q:\ngot  %s\nwant %s", text, g, want)
		}
	}
	f("2022年地区生产总值增长3%。", "year:2022年=2022 alias:地区生产总值=gdp number:3 end:。")
	f("比2019年增长", "year:2019年=0")
	f("2020年以来", "year:2020年=0")
	f("2013年一季度以来", "year:2013年=0 cue:一季度")
	f("2021年3月以来", "year:2021年=0 number:3")
	f("2021年3月份以来", "year:2021年=0 period:3月份=3-3")
	f("2022年一季度,", "year:2022年=2022 cue:一季度 comma:,")
	f("1-11月,社会消费品零售总额", "period:1-11月=1-11 comma:, alias:社会消费品零售总额=retail_sales")
	f("截至9月底,一般公共预算收入48亿元;", "until:截至9月底=0/1-9 comma:, alias:一般公共预算收入=public_budget_revenue number:48 end:;")
	f("上半年,人均地区生产总值", "cue:上半年 comma:, alias:人均地区生产总值=gdp_per_capita")
	f("主要预期目标是", "cue:主要预期目标")
	f("前4月全省", "period:前4月=1-4")
	f("元至7月,", "period:元至7月=1-7 comma:,")
}
