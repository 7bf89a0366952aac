package store

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// TestMerge: one sample per series and time; the document published later wins whatever the
// order documents come in; equal values merge silently, a changed value is one conflict.
func TestMerge(t *testing.T) {
	labels := series.Labels{Region: "罗湖区", Kind: series.KindActual, Period: "1-12"}
	doc := func(file, published string, gdp, fai float64) *extract.Result {
		return &extract.Result{File: file, Published: testutil.Day(published), Samples: []series.Sample{
			{Name: "econ_gdp_growth_ratio", Labels: labels, Value: gdp, Time: testutil.Day("2022-12-31"), Source: series.Source{File: file}},
			{Name: "econ_fixed_asset_investment_yuan", Labels: labels, Value: fai, Time: testutil.Day("2022-12-31"), Source: series.Source{File: file}},
		}}
	}
	docs := []*extract.Result{
		doc("a.txt", "2023-01-12", 0.03, 1450e8),  // the first estimate
		doc("b.txt", "2023-03-01", 0.031, 1450e8), // revised growth, same investment
		doc("c.txt", "2023-02-01", 0.029, 1450e8), // between the two
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		samples, conflicts := Merge(docs)
		if len(samples) != 2 {
			t.Fatalf("got %d samples, want 2: %v", len(samples), samples)
		}
		// Sorted by name: fixed_asset_investment before gdp.
		if samples[0].Value != 1450e8 || samples[1].Value != 0.031 || samples[1].Source.File != "b.txt" {
			t.Fatalf("order %s %s %s: got %v and %v from %s, want 1450e8 and 0.031 from b.txt",
				docs[0].File, docs[1].File, docs[2].File, samples[0].Value, samples[1].Value, samples[1].Source.File)
		}
		if len(conflicts) == 0 || len(conflicts) > 2 {
			t.Fatalf("got %d conflicts, want 1 or 2 (the growth was revised, the investment not)", len(conflicts))
		}
		for _, c := range conflicts {
			if c.Key.Name != "econ_gdp_growth_ratio" || c.Kept.Value == c.Dropped.Value {
				t.Errorf("conflict %s, want only the revised growth", c)
			}
		}
	}
	var m Merger
	var told int
	m.OnConflict = func(Conflict) { told++ }
	for _, d := range docs {
		m.Add(d)
	}
	if merged, kept := m.Result(); told == 0 || len(kept) != 0 || len(merged) != 2 {
		t.Errorf("with OnConflict: told %d, kept %d, merged %d; want told > 0, none kept, 2 merged", told, len(kept), len(merged))
	}
}

// TestMergeWithinOneReport: a report that gives one observation twice with different values
// keeps the first and reports the other as a conflict, as between reports.
func TestMergeWithinOneReport(t *testing.T) {
	cfg, err := config.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := rs.Extract("a.txt", []byte("罗湖区2022年工作回顾\n发布时间:2023-01-12\n地区生产总值增长3%。地区生产总值增长3.1%。\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	samples, conflicts := Merge([]*extract.Result{res})
	if len(samples) != 1 || samples[0].Value != 0.03 {
		t.Errorf("samples %v, want the first figure, 0.03", samples)
	}
	if len(conflicts) != 1 || conflicts[0].Dropped.Value != 0.031 {
		t.Errorf("conflicts %v, want one dropping 0.031", conflicts)
	}
}

// TestSortedOrder: sorting by series number and time gives CompareSamples's order.
func TestSortedOrder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(words ...string) string { return words[rnd.IntN(len(words))] }
	samples := make([]series.Sample, 2000)
	for i := range samples {
		samples[i] = series.Sample{
			Name: pick("econ_a", "econ_b", "econ_c"),
			Labels: series.Labels{Region: pick("罗湖区", "福田区", "南山区"), RegionCode: pick("", "440303"),
				Kind: pick("actual", "target"), Period: pick("1-6", "1-12"), Bound: pick("", "min", "max"), Extra: pick("", "x")},
			Time:  time.Unix(int64(rnd.IntN(50))*86400, 0),
			Value: float64(i),
		}
	}
	want := slices.Clone(samples)
	slices.SortStableFunc(want, series.CompareSamples)
	got := sorted(samples)
	for i := range want {
		if series.CompareSamples(got[i], want[i]) != 0 {
			t.Fatalf("sample %d: %v, want %v", i, got[i], want[i])
		}
	}
}
