package gen

import (
	"strings"
	"testing"
)

// TestScore: a right figure counts, a wrong value or an unlisted sample lowers precision, a
// missing figure lowers recall, an optional one counts neither way, other metrics not at all.
func TestScore(t *testing.T) {
	gold := "# doc metric region kind period bound date value\n" +
		"a\tecon_gdp_growth_ratio\t罗湖区\tactual\t1-6\t\t2022-06-30\t0.02\n" +
		"a\tecon_gdp_yuan\t罗湖区\tactual\t1-6\t\t2022-06-30\t100e8\n" +
		"?a\tecon_gdp_growth_ratio\t罗湖区\tactual\t1-12\t\t2022-12-31\t0.03\n"
	line := func(name, period, date string, value string) string {
		return `{"name":"` + name + `","labels":{"region":"罗湖区","kind":"actual","period":"` + period +
			`"},"value":` + value + `,"timestamp":"` + date + `T00:00:00+08:00","source":{"file":"seeds/a.txt"}}` + "\n"
	}
	got := line("econ_gdp_growth_ratio", "1-6", "2022-06-30", "0.02") + // right
		line("econ_gdp_growth_ratio", "1-12", "2022-12-31", "0.03") + // optional
		line("econ_gdp_yuan", "1-9", "2022-09-30", "5") + // not in the gold list
		line("econ_other", "1-6", "2022-06-30", "1") // another metric
	right, required, emitted, err := Score(strings.NewReader(gold), strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if right != 1 || required != 2 || emitted != 2 {
		t.Errorf("right %d, required %d, emitted %d; want 1, 2, 2", right, required, emitted)
	}
}
