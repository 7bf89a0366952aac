package exporter

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/mixin"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"
)

// nationalView is a served state of the default rules at the scale of a national folder: its
// regions each give every metric of the rules. The first dense of them give, for 20 years up to
// 2021 to 2024, every period (全年, 上半年, 前三季度) and a target of every bound (approx, max,
// min), the next year's targets too: a chart of them is as full as a chart gets. The others give
// five years of full-year figures up to 2015 to 2019. There is a document per region and 150
// reports that could not be read. The samples are made in their merged order.
func nationalView(tb testing.TB, regions, dense int) *store.View {
	tb.Helper()
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		tb.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	kinds := []series.Labels{ // in the order of their labels
		{Kind: series.KindActual, Period: "1-12"}, {Kind: series.KindActual, Period: "1-6"}, {Kind: series.KindActual, Period: "1-9"},
		{Kind: series.KindTarget, Period: "1-12", Bound: series.BoundApprox}, {Kind: series.KindTarget, Period: "1-12", Bound: series.BoundMax},
		{Kind: series.KindTarget, Period: "1-12", Bound: series.BoundMin},
	}
	metrics := slices.Sorted(slices.Values(cfg.Metrics()))
	names := make([]string, regions)
	for r := range names {
		names[r] = fmt.Sprintf("区%04d", r)
	}
	samples := make([]series.Sample, 0, len(metrics)*(dense*(20*len(kinds)+3)+(regions-dense)*5))
	for _, m := range metrics {
		base := 1e10 // yuan
		if strings.HasSuffix(m, "_ratio") {
			base = 0.05
		}
		for r, name := range names {
			latest, years, ks := 2024-r%4, 20, kinds
			if r >= dense {
				latest, years, ks = 2019-r%5, 5, kinds[:1]
			}
			for _, k := range ks {
				k.Region, k.RegionCode = name, strconv.Itoa(110000+r)
				for y := latest - years + 1; y <= latest+1; y++ {
					v := base * (1 + float64(r%50)/10 + float64(y-2000)/20)
					var at time.Time
					switch {
					case k.Kind == series.KindTarget:
						at = time.Date(y, 1, 1, 0, 0, 0, 0, series.China)
						v *= 1 + float64((r+y)%3-1)/10 // a figure meets, misses or beats it
						switch k.Bound {
						case series.BoundMax:
							v *= 1.1
						case series.BoundMin:
							v *= 0.9
						}
					case y > latest:
						continue // next year has targets only
					default:
						_, to, _ := series.PeriodMonths(k.Period)
						at = time.Date(y, time.Month(to)+1, 0, 0, 0, 0, 0, series.China)
					}
					samples = append(samples, series.Sample{Name: m, Labels: k, Value: v, Time: at})
				}
			}
		}
	}
	if !slices.IsSortedFunc(samples, series.CompareSamples) {
		tb.Fatal("the samples are not in their merged order")
	}
	v := &store.View{Rules: rs, Samples: samples}
	for r, name := range names {
		v.Documents = append(v.Documents, &extract.Result{File: fmt.Sprintf("reports/%s.txt", name), Region: name,
			Published: time.Date(2025-r%7, 1, 1+r%28, 0, 0, 0, 0, series.China)})
	}
	for i := range 150 {
		v.Failures = append(v.Failures, store.Failure{File: fmt.Sprintf("broken/%03d.txt", i), Err: errors.New("decode: invalid UTF-8")})
	}
	return v
}

// TestLandingPageNationalScale: at the scale of a national folder (3,000 regions, 20 years,
// every metric of the default rules) the page stays an overview under 2 MB: each chart draws 8
// regions, the ones with the latest figures, over 10 years and says so under it, and the table
// lists the 200 newest documents and 100 failed reports and says how many there are.
func TestLandingPageNationalScale(t *testing.T) {
	const regions, dense = 3000, 16
	v := nationalView(t, regions, dense)
	_, page := getLanding(t, v, "/")
	if len(page) > 2<<20 {
		t.Errorf("the page is %d bytes, over 2 MB", len(page))
	}
	t.Logf("%d regions, %d samples: a page of %d bytes", regions, len(v.Samples), len(page))

	charts := parseCharts(t, page)
	if len(charts) != 17 {
		t.Fatalf("%d charts, want one per metric of the default rules (17)", len(charts))
	}
	// The ones with the latest figures (2024: 区0000, 区0004, ...), then of those of 2023 the
	// first by name, as they have as many figures.
	want := []string{"区0000", "区0001", "区0004", "区0005", "区0008", "区0009", "区0012", "区0013"}
	for _, c := range charts {
		drawn := map[string]bool{}
		for _, l := range c.lines {
			drawn[l.region] = true
		}
		for _, tg := range c.targets {
			drawn[tg.region] = true
		}
		if got := slices.Sorted(maps.Keys(drawn)); !slices.Equal(got, want) {
			t.Errorf("%s draws %v, want %v", c.metric, got, want)
		}
		if len(c.xTicks) == 0 || c.xTicks[0].label != "2016" || c.xTicks[len(c.xTicks)-1].label != "2025" {
			t.Errorf("%s: years %v, want 2016 to 2025", c.metric, c.xTicks)
		}
	}
	note := "Shown: 8 of 3,000 regions, the ones with the latest figures (then the most figures, then by name), in 2016–2025 of 2002–2025. " +
		"All of them in Grafana&#39;s “Report figures: overview” dashboard and on /metrics."
	if n := strings.Count(page, `<p class="note">`+note+`</p>`); n != 17 {
		t.Errorf("%d charts say %q under them, want 17", n, note)
	}
	if n := strings.Count(page, "<tr><td>reports/"); n != maxDocuments {
		t.Errorf("%d documents listed, want %d", n, maxDocuments)
	}
	if n := strings.Count(page, `<tr class="failed">`); n != maxFailures {
		t.Errorf("%d failed reports listed, want %d", n, maxFailures)
	}
	for _, want := range []string{
		"<p>3,000 documents, " + thousands(len(v.Samples)) + " samples after merging.</p>",
		"Listed: the 200 newest of 3,000 documents, by publication date. All of them in Grafana&#39;s “Report exporter: health” dashboard and on /metrics (report_exporter_document_samples).",
		"Listed: 100 of 150 reports that could not be read.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestLandingChoose: a chart of more regions than it draws takes the ones with the latest
// figures, of these the ones with the most figures, then the first by name; a chart of more
// years takes the latest ten up to the latest figure and next year's target, whatever target
// lies further; a region with nothing in those years is not drawn, and what is left out is
// said under the chart.
func TestLandingChoose(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, series.China) }
	var samples []series.Sample
	add := func(region, kind, period, bound string, years ...int) {
		for _, y := range years {
			at := day(y, 12, 31)
			if kind == series.KindTarget {
				at = day(y, 1, 1)
			}
			samples = append(samples, series.Sample{Name: "econ_gdp_growth_ratio", Labels: series.Labels{Region: region, Kind: kind, Period: period, Bound: bound}, Value: 0.05, Time: at})
		}
	}
	f := func(name string, want []string, first, last int, note string) {
		t.Helper()
		store.SortSamples(samples)
		c := choose(samples, true)
		var got []string
		for i, r := range c.ranks {
			if c.chosen == nil || c.chosen[i] {
				got = append(got, r.id.name)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || c.first != first || c.last != last || c.note("/metrics") != note {
			t.Errorf("%s: regions %v, years %d–%d, note %q; want %v, %d–%d, %q", name, got, c.first, c.last, c.note("/metrics"), want, first, last, note)
		}
		samples = nil
	}

	for _, r := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		add(r, series.KindActual, "1-12", "", 2020, 2021)
	}
	f("8 regions", []string{"a", "b", "c", "d", "e", "f", "g", "h"}, 2020, 2021, "")

	for _, r := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"} {
		add(r, series.KindActual, "1-12", "", 2020, 2021)
	}
	add("i", series.KindActual, "1-12", "", 2022) // the latest
	for _, p := range []string{"1-3", "1-6", "1-9"} {
		add("z", series.KindActual, p, "", 2021) // more figures than the others of 2021
	}
	add("y", series.KindTarget, "1-12", "min", 2022) // a target only: last
	f("11 regions", []string{"a", "b", "c", "d", "e", "f", "i", "z"}, 2020, 2022,
		"Shown: 8 of 11 regions, the ones with the latest figures (then the most figures, then by name). All of them in Grafana's “Report figures: overview” dashboard and on /metrics.")

	add("a", series.KindActual, "1-12", "", 2000, 2010, 2015, 2020)
	add("a", series.KindTarget, "1-12", "approx", 2021, 2035) // next year's target, and a far one
	add("b", series.KindActual, "1-12", "", 2005)             // nothing in the years drawn
	f("years", []string{"a"}, 2012, 2021,
		"Shown: 1 of 2 regions, the ones with the latest figures (then the most figures, then by name), in 2012–2021 of 2000–2035. All of them in Grafana's “Report figures: overview” dashboard and on /metrics.")

	add("a", series.KindTarget, "1-12", "approx", 2040, 2050) // no figures at all: the latest years
	f("targets only", []string{"a"}, 2041, 2050,
		"Shown: the years 2041–2050 of 2040–2050. All of them in Grafana's “Report figures: overview” dashboard and on /metrics.")
}

// TestLandingColoursApart: the palette repeats over many regions, but the regions of one chart
// have colours of their own, each its colour of every chart where no other region of the chart
// has it.
func TestLandingColoursApart(t *testing.T) {
	regions := map[regionID]bool{}
	for r := range 30 {
		regions[regionID{name: fmt.Sprintf("区%02d", r)}] = true
	}
	styles := regionStyles(regions)
	ids := []regionID{{name: "区00"}, {name: "区10"}, {name: "区01"}, {name: "区20"}, {name: "区05"}}
	got := chartStyles(ids, styles)
	seen := map[string]string{}
	for _, id := range ids {
		if other, ok := seen[got[id].Color]; ok {
			t.Errorf("%s and %s are both %s", other, id.name, got[id].Color)
		}
		seen[got[id].Color] = id.name
	}
	for _, id := range []regionID{{name: "区00"}, {name: "区01"}, {name: "区05"}} {
		if got[id] != styles[id] {
			t.Errorf("%s: %v on this chart, %v on every chart", id.name, got[id], styles[id])
		}
	}
}

// TestLandingDocumentsListed: of more documents than the table lists, it lists the newest in
// their order, an undated one as the oldest, and says how many there are.
func TestLandingDocumentsListed(t *testing.T) {
	var docs []*extract.Result
	for i := range maxDocuments + 50 {
		d := &extract.Result{File: fmt.Sprintf("r/%03d.txt", i)}
		if i%10 != 0 {
			d.Published = time.Date(2000+i%25, 1, 1, 0, 0, 0, 0, series.China)
		}
		docs = append(docs, d)
	}
	rows, note := listDocuments(docs, "/m")
	if len(rows) != maxDocuments || note != "Listed: the 200 newest of 250 documents, by publication date. All of them in Grafana's “Report exporter: health” dashboard and on /m (report_exporter_document_samples)." {
		t.Fatalf("%d rows, note %q", len(rows), note)
	}
	oldest := "9999"
	for i, r := range rows {
		if i > 0 && r.File < rows[i-1].File {
			t.Errorf("%s listed after %s", r.File, rows[i-1].File)
		}
		if r.Published == "" {
			t.Errorf("%s listed undated, before dated ones", r.File)
		}
		oldest = min(oldest, r.Published)
	}
	for _, d := range docs {
		if !d.Published.IsZero() && d.Published.Format(time.DateOnly) > oldest && !slices.ContainsFunc(rows, func(r landingDoc) bool { return r.File == d.File }) {
			t.Errorf("%s of %s is not listed, %s is", d.File, d.Published.Format(time.DateOnly), oldest)
		}
	}
	if rows, note := listDocuments(docs[:maxDocuments], "/m"); len(rows) != maxDocuments || note != "" || rows[0].File != "r/000.txt" {
		t.Errorf("%d documents: %d rows, note %q", maxDocuments, len(rows), note)
	}
}

// TestHTMLEscapeAsTemplate: what the charts write of the reports and the rules is escaped as
// html/template escapes it in text and in attributes, byte for byte.
func TestHTMLEscapeAsTemplate(t *testing.T) {
	for _, s := range []string{
		"", "罗湖区", `<script>alert("x")</script>`, "a & b 'c' +1", "\x00nul", "bad \xff\xfe utf-8",
		"\ufdd0\ufdef\ufff0\uffff\ufffd", "≥ 5 % · ≈ 3", "\u2028\t\n\r",
	} {
		checkEscape(t, s)
	}
}

func FuzzHTMLEscape(f *testing.F) {
	for _, s := range []string{"罗湖区", `<b onmouseover="x">`, "\x00\xff+&'"} {
		f.Add(s)
	}
	f.Fuzz(checkEscape)
}

var escapeTemplate = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p><svg><title>{{.}}</title></svg>`))

func checkEscape(t *testing.T, s string) {
	var want strings.Builder
	if err := escapeTemplate.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	e := string(htmlEscape(nil, s))
	if got := `<p title="` + e + `">` + e + `</p><svg><title>` + e + `</title></svg>`; got != want.String() {
		t.Errorf("htmlEscape(%q) = %q, html/template writes %q", s, got, want.String())
	}
}

// TestLandingNotesNameDashboards: the dashboards the notes send a reader to are the ones
// `report_exporter generate` makes, by their titles.
func TestLandingNotesNameDashboards(t *testing.T) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	dashboards, err := mixin.Dashboards(cfg.Indicators)
	if err != nil {
		t.Fatal(err)
	}
	for uid, title := range map[string]string{mixin.OverviewUID: overviewDashboard, mixin.HealthUID: healthDashboard} {
		var d struct{ Title string }
		if err := json.Unmarshal(dashboards[uid+".json"], &d); err != nil {
			t.Fatalf("%s: %v", uid, err)
		}
		if d.Title != title {
			t.Errorf("%s is titled %q, the landing page names it %q", uid, d.Title, title)
		}
	}
}
