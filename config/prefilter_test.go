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
		{`(?:时间|日期)[\]】:]?(?P<year>(?:19|20)\d{2})年`, prefilter{sets: [][]string{{"日期", "时间"}, {"年"}, {"19", "20"}}}},
		{`(?P<year>(?:19|20)\d{2})年?\p{Han}{0,8}两会`, prefilter{sets: [][]string{{"两会"}, {"19", "20"}, digits}}},
		{`\d+`, prefilter{sets: [][]string{digits}}},
		{`\p{Han}{2,3}[区县]`, prefilter{sets: [][]string{{"区", "县"}}}},
		{`(?i)gdp`, prefilter{}},   // folded case: no literal
		{`a*b?`, prefilter{}},      // nothing required
		{`x|\p{Han}`, prefilter{}}, // one branch requires nothing small
		// Anchored: what a match starts with.
		{`^(\d{1,2})月`, prefilter{anchored: true, starts: digits}},
		{`^第?[一二三][、.]|^第[一二]章`, prefilter{sets: [][]string{{"一", "三", "二", "第"}}}}, // ^ in each branch: contained
		{`^(?:第?[一二三][、.]|第[一二]章)`, prefilter{anchored: true, starts: []string{"一", "三", "二", "第"}}},
		{`^(?:剔除|扣除)`, prefilter{anchored: true, starts: []string{"剔除", "扣除"}}},
		{`^x?`, prefilter{anchored: true}},       // may match empty
		{`^\p{Han}+`, prefilter{anchored: true}}, // too many characters
	} {
		got := newPrefilter(tc.expr)
		if got.anchored != tc.want.anchored || !slices.Equal(got.starts, tc.want.starts) ||
			!tc.want.anchored && !slices.EqualFunc(got.sets, tc.want.sets, slices.Equal) {
			t.Errorf("newPrefilter(%q) = %+v, want %+v", tc.expr, got, tc.want)
		}
	}
}

var digits = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// FuzzRegexp checks that the prefilter and the tries at the starts of matches change nothing:
// every method gives what regexp's does.
func FuzzRegexp(f *testing.F) {
	for _, seed := range [][2]string{
		{`(?:时间|日期)[\]】:]?(?P<year>(?:19|20)\d{2})[-/.年](?P<month>\d{1,2})`, "信息提供日期:2021年7月20日"},
		{`(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2}) ?\d{1,2}:\d{2}`, "发布 2021-07-20 07:57:08来源"},
		{`(?P<year>(?:19|20)\d{2})年?\p{Han}{0,8}两会`, "2023年全国两会"},
		{`(?P<year>(?:19|20)\d{2})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日`, "于2019年2019年3月1日"},
		{`[ab]c|d(e|f)+`, "xdffx"},
		{`a+?b|ab*`, "aab"},
		{`x(y)?$`, "xyx"},
		{`^(?:第?[一二三][、.]|第[一二]章)`, "第二章"},
		{`^按[^,;。]{1,10}计算,?`, "按可比价格计算,"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, expr, s string) {
		want, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		got, err := NewRegexp(expr)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := got.FindStringSubmatchIndex(s), want.FindStringSubmatchIndex(s); !slices.Equal(g, w) {
			t.Fatalf("%q on %q: FindStringSubmatchIndex %v, want %v", expr, s, g, w)
		}
		if g, w := got.FindStringSubmatch(s), want.FindStringSubmatch(s); !slices.Equal(g, w) {
			t.Fatalf("%q on %q: FindStringSubmatch %q, want %q", expr, s, g, w)
		}
		if g, w := got.FindStringIndex(s), want.FindStringIndex(s); !slices.Equal(g, w) {
			t.Fatalf("%q on %q: FindStringIndex %v, want %v", expr, s, g, w)
		}
		if g, w := got.MatchString(s), want.MatchString(s); g != w {
			t.Fatalf("%q on %q: MatchString %v, want %v", expr, s, g, w)
		}
		if !got.MayMatchWithin(s) {
			for i := range len(s) + 1 {
				if want.MatchString(s[i:]) {
					t.Fatalf("%q: MayMatchWithin(%q) false, but it matches %q", expr, s, s[i:])
				}
			}
		}
	})
}
