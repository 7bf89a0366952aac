package config

import (
	"regexp"
	"slices"
	"testing"
)

func TestPrefilter(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want prefilter
	}{
		{`(?:时间|日期)[\]】:]?(?P<year>(?:19|20)\d{2})年`, prefilter{{"日期", "时间"}, {"年"}, {"19", "20"}}},
		{`(?P<year>(?:19|20)\d{2})年?\p{Han}{0,8}两会`, prefilter{{"两会"}, {"19", "20"}, {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}}},
		{`\d+`, prefilter{{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}}},
		{`^(\d{1,2})月`, nil}, // anchored: fails fast without one
		{`\p{Han}{2,3}[区县]`, prefilter{{"区", "县"}}},
		{`(?i)gdp`, nil},   // folded case: no literal
		{`a*b?`, nil},      // nothing required
		{`x|\p{Han}`, nil}, // one branch requires nothing small
	} {
		got := newPrefilter(tc.expr)
		if !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("newPrefilter(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
}

// FuzzPrefilter checks the prefilter's promise: a line it turns away has no match.
func FuzzPrefilter(f *testing.F) {
	for _, seed := range [][2]string{
		{`(?:时间|日期)[\]】:]?(?P<year>(?:19|20)\d{2})[-/.年](?P<month>\d{1,2})`, "信息提供日期:2021年7月20日"},
		{`(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2}) ?\d{1,2}:\d{2}`, "2021-07-20 07:57:08来源"},
		{`(?P<year>(?:19|20)\d{2})年?\p{Han}{0,8}两会`, "2023年全国两会"},
		{`[ab]c|d(e|f)+`, "xdffx"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, expr, s string) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		if p := newPrefilter(expr); !p.MayMatch(s) && re.MatchString(s) {
			t.Fatalf("prefilter %q turns away %q, which %q matches", p, s, expr)
		}
	})
}
