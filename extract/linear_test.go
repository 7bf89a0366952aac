package extract

import (
	"runtime"
	"strings"
	"testing"
)

// TestLinearInSize: a report that runs on without the end of a sentence, naming indicators
// with numbers that give no sample, costs memory in proportion to its size: sixteen times the
// text may take at most about sixteen times the memory, not the square.
func TestLinearInSize(t *testing.T) {
	rs := defaultRules(t)
	const unit = "规模以上工业增加值的项目1234个,地区生产总值的工程56个,"
	// One line that runs on, and the same cut into short lines that never end a sentence.
	for _, sep := range []string{"", "\n"} {
		ratio(t, rs, unit+sep)
	}
}

func ratio(t *testing.T, rs *RuleSet, unit string) {
	t.Helper()
	alloc := func(size int) uint64 {
		text := "罗湖区2022年工作回顾\n" + strings.Repeat(unit, size/len(unit))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rs.extractText("long.txt", text, nil, nil)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(64<<10), alloc(1<<20)
	if large > 24*small {
		t.Errorf("%q: 64 KiB took %d bytes, 1 MiB took %d: %.1f times for 16 times the text", unit, small, large, float64(large)/float64(small))
	}
}
