package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAnyOf: the automaton finds a word wherever strings.Contains does, over texts built from
// the words' own characters, where partial matches and overlaps abound.
func TestAnyOf(t *testing.T) {
	list := []string{"地区生产总值", "生产总值", "GDP", "规上工业增加值", "工业投资", "产总", "值增"}
	a := newAnyOf(list)
	f := func(s string) {
		t.Helper()
		want := slices.ContainsFunc(list, func(w string) bool { return strings.Contains(s, w) })
		if got := a.in(s); got != want {
			t.Errorf("in(%q) = %v, want %v", s, got, want)
		}
	}
	f("")
	f("地区生产")
	f("地区生产总值增长4.2%")
	f("地区生产总增长")
	f("GD P")
	f("全区GDP")
	f("规上工业增加")
	f("工业增加值")
	f("生产总生产总值")
	chars := []rune(strings.Join(list, ""))
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := make([]rune, r.IntN(12))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		f(string(b))
	}
}

// TestSkipUnnamedLines: passing over the lines that name no indicator changes nothing; the
// same reports read line by line in full give the same samples and unmatched sentences.
func TestSkipUnnamedLines(t *testing.T) {
	fast := defaultRules(t)
	full := *fast
	every := make([]string, 256)
	for b := range every {
		every[b] = string([]byte{byte(b)})
	}
	full.named = newAnyOf(every) // every non-empty line names something
	docs := append(benchSeeds(t), benchGenerated(t, 1<<19)...)
	for _, d := range docs {
		a, err := fast.Extract(d.name, d.data, d.sidecar)
		if err != nil {
			t.Fatal(err)
		}
		b, err := full.Extract(d.name, d.data, d.sidecar)
		if err != nil {
			t.Fatal(err)
		}
		if formatAll(a.Samples) != formatAll(b.Samples) || len(a.Unmatched) != len(b.Unmatched) {
			t.Errorf("%s: passing over lines changes the result:\n\t%s\nreading all:\n\t%s", d.name, formatAll(a.Samples), formatAll(b.Samples))
		}
	}
	if len(docs) < 10 {
		t.Fatalf("only %d documents compared", len(docs))
	}
}
