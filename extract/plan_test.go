package extract

import "testing"

func TestPlanEnd(t *testing.T) {
	f := func(s string, want int) {
		t.Helper()
		if got := planEnd(s); got != want {
			t.Errorf("planEnd(%q) = %d, want %d", s, got, want)
		}
	}
	f("此外,湖北“十四五”时期的目标为", 2025)
	f("十三五末,全县", 2020)
	f("“十一五”以来", 2010)
	f("“十五五”规划", 2030)
	f("十五期间", 0)
	f("二十大以来,十", 0)
	f("", 0)
	f("内蒙古实现“十三五”开局之年首季“开门红”,", 0)
	f("十四五开局,", 0)
	f("“十三五”开局之年,“十四五”时期的目标为", 2025)
}
