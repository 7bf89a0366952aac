package extract

import (
	"fmt"
	"strings"
	"testing"
)

// TestNameCutAcrossLines: a copy that breaks its lines inside a name and around every number
// (地区生⏎产总值增长⏎3.5%) reads the name whole; a short line that completes no name stays a
// heading.
func TestNameCutAcrossLines(t *testing.T) {
	text := "2020年吉林省政府工作报告\n一、2019年工作回顾\n从\n10\n月份开始回暖复苏,预计全年地区生\n产总值增长\n3.5%\n左右。规模以上工业增加值增速由负转正,增长\n3%\n以上。\n经济企稳回升\n"
	res := defaultRules(t).extractText("r.txt", text, nil, nil)
	var got []string
	for _, s := range res.Samples {
		got = append(got, fmt.Sprintf("%s %g line %d", s.Name, s.Value, s.Source.Line))
	}
	want := []string{
		"econ_gdp_growth_ratio 0.035 line 5", // where its name starts
		"econ_industrial_value_added_growth_ratio 0.03 line 8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	rs := defaultRules(t)
	for _, c := range []struct {
		line, next string
		want       bool
	}{
		{"预计全年地区生", "产总值增长", true},
		{"社会消", "费品零售总额", true},
		{"一年来主要工作", "经济企稳回升", false},
		{"政府工作报告", "地区生产总值", false}, // a whole name after the break splits none
	} {
		if got := rs.splitsName(c.line, c.next); got != c.want {
			t.Errorf("splitsName(%q, %q) = %v, want %v", c.line, c.next, got, c.want)
		}
	}
}
