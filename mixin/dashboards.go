package mixin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/report-exporter/report_exporter/config"
)

// Dashboard file names and uids. The uids are fixed so that links and bookmarks survive a
// regeneration.
const (
	OverviewUID = "report-exporter-overview"
	TargetsUID  = "report-exporter-targets"
	HealthUID   = "report-exporter-health"
)

// Interval is the query step of the history panels: fine enough to place each observation on
// its day, coarse enough for years of history.
const Interval = "1d"

// tableStep is the step of the subqueries behind the table of the latest comparisons. A
// comparison holds from its actual figure until the next one, so a week is fine enough.
const tableStep = "7d"

// lookback is the window last_over_time reaches back over, so that a yearly point reads as a
// line until the next one even where Prometheus runs with the default lookback delta.
const lookback = "400d"

var tags = []string{"report_exporter"}

// Dashboards returns the Grafana dashboards of the indicators as JSON, by file name.
func Dashboards(inds []*config.Indicator) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, d := range []*dashboard{overview(inds), targets(inds), health()} {
		data, err := marshal(d)
		if err != nil {
			return nil, fmt.Errorf("dashboard %s: %w", d.UID, err)
		}
		out[d.UID+".json"] = data
	}
	return out, nil
}

// marshal renders a dashboard as indented JSON with sorted keys, like Grafana's own export.
func marshal(d *dashboard) ([]byte, error) {
	assignIDs(d.Panels, new(int))
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func assignIDs(ps []*panel, next *int) {
	for _, p := range ps {
		*next++
		p.ID = *next
		assignIDs(p.Panels, next)
	}
}

func newDashboard(uid, title, description string) *dashboard {
	d := &dashboard{
		UID:           uid,
		Title:         title,
		Description:   description,
		Tags:          tags,
		Timezone:      "Asia/Shanghai",
		GraphTooltip:  1,
		SchemaVersion: 39,
		Version:       1,
		Time:          timeRange{From: "now-8y", To: "now"},
		Links: []link{{
			Title: "Report dashboards", Type: "dashboards", Tags: tags,
			AsDropdown: true, IncludeVars: true, KeepTime: true,
		}},
	}
	d.Annotations.List = []any{}
	d.Templating.List = []variable{}
	return d
}

// metricRegex matches the name of every report metric of the indicators.
func metricRegex(ss []series) string {
	var names []string
	for _, s := range ss {
		names = append(names, s.metric)
	}
	return strings.Join(names, "|")
}

// labelVariable is a multi-value dashboard variable listing a label's values among the actual
// figures.
func labelVariable(ss []series, name, label string, def ...string) variable {
	q := fmt.Sprintf(`label_values({__name__=~%q, kind=%q}, %s)`, metricRegex(ss), kindActual, name)
	cur := current{Text: []string{"All"}, Value: []string{"$__all"}}
	if len(def) > 0 {
		cur = current{Text: def, Value: def}
	}
	return variable{
		Name: name, Label: label, Type: "query", Datasource: promDS,
		Query: q, Definition: q, Refresh: 2, Multi: true, IncludeAll: true, Sort: 1,
		Current: cur, Options: []any{},
	}
}

// display is how a series is shown: the query scaled to the unit shown, Grafana's unit and the
// axis label.
type display struct {
	scale     string // appended to the query: " / 1e8"
	unit      string
	axisLabel string
	tableUnit string // the unit of a table cell, whose values are scaled to it
	tableMul  string
}

func displayOf(s series) display {
	switch s.unit {
	case "ratio":
		return display{unit: "percentunit", tableUnit: "%", tableMul: " * 100"}
	case "yuan":
		return display{scale: " / 1e8", unit: "suffix: 亿元", axisLabel: "亿元", tableUnit: "亿元", tableMul: " / 1e8"}
	default:
		return display{unit: "none", axisLabel: s.unit, tableUnit: s.unit}
	}
}

// history is the query of a series' points of one kind over the years: the latest point within
// a year and a bit at every step, scraped and backfilled copies merged.
func history(s series, matchers string) string {
	return fmt.Sprintf("max without (job, instance) (last_over_time(%s{%s}[%s]))%s",
		s.metric, matchers, lookback, displayOf(s).scale)
}

func stepLines(s series) *fieldConfig {
	d := displayOf(s)
	return &fieldConfig{
		Defaults: fieldDefaults{
			Unit:     d.unit,
			Color:    &fieldColor{Mode: "palette-classic"},
			Mappings: []any{},
			Custom: timeseriesCustom{
				DrawStyle: "line", LineInterpolation: "stepAfter", LineWidth: 2,
				ShowPoints: "auto", PointSize: 5, SpanNulls: true,
				AxisLabel: d.axisLabel, AxisPlacement: "auto",
			},
		},
		Overrides: []override{},
	}
}

var tsOptions = timeseriesOptions{
	Legend:  legend{DisplayMode: "table", Placement: "right", ShowLegend: true, Calcs: []string{"lastNotNull"}},
	Tooltip: tooltip{Mode: "multi", Sort: "desc"},
}

func row(title string, y int) *panel {
	f := false
	return &panel{Type: "row", Title: title, GridPos: gridPos{H: 1, W: 24, X: 0, Y: y}, Collapsed: &f, Panels: []*panel{}}
}

func seriesTitle(s series) string {
	if s.kind == "growth" {
		return s.ind.Title + " · 增长 (growth)"
	}
	return s.ind.Title + " · 总量 (level)"
}

// overview draws each indicator's level and growth over the years, a line per region.
func overview(inds []*config.Indicator) *dashboard {
	d := newDashboard(OverviewUID, "Report figures: overview",
		"Every indicator's reported figures over the years, one line per region and period. Generated from the rules by `report_exporter generate`.")
	ss := seriesOf(inds)
	if len(ss) > 0 {
		d.Templating.List = []variable{
			labelVariable(ss, "region", "Region"),
			labelVariable(ss, "period", "Period", fullYear),
		}
	}
	y := 0
	for _, ind := range inds {
		iss := seriesOf([]*config.Indicator{ind})
		if len(iss) == 0 {
			continue
		}
		d.Panels = append(d.Panels, row(ind.Title, y))
		y++
		w := 24 / len(iss)
		for i, s := range iss {
			d.Panels = append(d.Panels, &panel{
				Type: "timeseries", Title: seriesTitle(s), Description: s.ind.Help + " Metric " + s.metric + ".",
				GridPos: gridPos{H: 9, W: w, X: i * w, Y: y}, Datasource: promDS, Interval: Interval,
				Targets: []target{{
					RefID: "A", Datasource: promDS, Range: true,
					Expr:         history(s, fmt.Sprintf(`kind=%q, region=~"$region", period=~"$period"`, kindActual)),
					LegendFormat: "{{region}} {{period}}",
				}},
				FieldConfig: stepLines(s),
				Options:     tsOptions,
			})
		}
		y += 9
	}
	return d
}

// targets draws, per indicator and region, the actual figures against the target band, under a
// table of the latest comparisons.
func targets(inds []*config.Indicator) *dashboard {
	d := newDashboard(TargetsUID, "Report figures: targets and actuals",
		"Actual figures against the year's target band (min to max, or approx), per indicator and region. A figure is compared with the target of its own year. Generated from the rules by `report_exporter generate`.")
	ss := seriesOf(inds)
	if len(ss) == 0 {
		return d
	}
	d.Templating.List = []variable{
		labelVariable(ss, "region", "Region"),
		labelVariable(ss, "period", "Period", fullYear),
	}
	d.Panels = append(d.Panels, shortfallTable(ss))
	y := 10
	for _, ind := range inds {
		iss := seriesOf([]*config.Indicator{ind})
		if len(iss) == 0 {
			continue
		}
		d.Panels = append(d.Panels, row(ind.Title, y))
		y++
		for _, s := range iss {
			fc := stepLines(s)
			fc.Overrides = targetOverrides()
			d.Panels = append(d.Panels, &panel{
				Type: "timeseries", Title: seriesTitle(s) + " · $region",
				Description: "Actual figures (solid) against the target band (dashed; shaded from min to max). Metric " + s.metric + ".",
				GridPos:     gridPos{H: 9, W: 12, X: 0, Y: y}, Datasource: promDS, Interval: Interval,
				Repeat: "region", RepeatDirection: "h", MaxPerRow: 2,
				Targets: []target{
					{RefID: "A", Datasource: promDS, Range: true, LegendFormat: "actual {{period}}",
						Expr: history(s, fmt.Sprintf(`kind=%q, region=~"$region", period=~"$period"`, kindActual))},
					{RefID: "B", Datasource: promDS, Range: true, LegendFormat: "target {{bound}}",
						Expr: history(s, fmt.Sprintf(`kind=%q, region=~"$region"`, kindTarget))},
				},
				FieldConfig: fc,
				Options:     tsOptions,
			})
			y += 9
		}
	}
	return d
}

func targetOverrides() []override {
	dashed := property{ID: "custom.lineStyle", Value: map[string]any{"fill": "dash", "dash": []int{10, 10}}}
	color := func(c string) property {
		return property{ID: "color", Value: map[string]any{"mode": "fixed", "fixedColor": c}}
	}
	return []override{
		{Matcher: matcher{ID: "byRegexp", Options: "/^target/"}, Properties: []property{dashed, color("orange")}},
		{Matcher: matcher{ID: "byName", Options: "target max"}, Properties: []property{
			{ID: "custom.fillBelowTo", Value: "target min"},
			{ID: "custom.fillOpacity", Value: 15},
		}},
	}
}

// shortfallTable lists, per indicator, region and target bound, the latest year within the
// dashboard's time range that has both an actual figure and a target, with the margin: negative
// is a shortfall, and those rows come first.
func shortfallTable(ss []series) *panel {
	var margin, actual, tgt, year []string
	for _, s := range ss {
		d := displayOf(s)
		label := func(expr string) string {
			return fmt.Sprintf("label_replace(label_replace(\n  %s,\n  \"indicator\", %q, \"\", \"\"),\n  \"unit\", %q, \"\", \"\")",
				expr, seriesTitle(s), d.tableUnit)
		}
		metric := func(expr string) string {
			return fmt.Sprintf("label_replace(\n  %s,\n  \"metric\", %q, \"\", \"\")", expr, s.metric)
		}
		margin = append(margin, label(metric("("+s.margin()+")"+d.tableMul)))
		actual = append(actual, label(metric("("+s.pairedActual()+")"+d.tableMul)))
		tgt = append(tgt, label(metric("("+s.pairedTarget()+")"+d.tableMul)))
		year = append(year, label(metric(s.pairedYear())))
	}
	q := func(ref string, parts []string) target {
		return target{
			RefID: ref, Datasource: promDS, Instant: true, Format: "table",
			Expr: fmt.Sprintf("last_over_time((\n%s\n)[$__range:%s])", strings.Join(parts, "\nor\n"), tableStep),
		}
	}
	red, zero := (*float64)(nil), 0.0
	return &panel{
		Type: "table", Title: "Latest actual against target (shortfalls first)",
		Description: "Per indicator, region and target bound: the latest year within the time range that has both an actual figure and a target. " +
			"Margin is how far the actual figure lies on the good side of the target (below a minimum or an approximate target is a shortfall, above a maximum too; for indicators where lower is better, above an approximate target). " +
			"Rates in %, amounts in 亿元.",
		GridPos: gridPos{H: 10, W: 24, X: 0, Y: 0}, Datasource: promDS,
		Targets: []target{q("A", margin), q("B", actual), q("C", tgt), q("D", year)},
		Transformations: []transformation{
			{ID: "merge", Options: map[string]any{}},
			{ID: "organize", Options: map[string]any{
				"excludeByName": map[string]bool{"Time": true, "metric": true},
				"indexByName": map[string]int{
					"indicator": 0, "region": 1, "Value #D": 2, "bound": 3, "Value #B": 4, "Value #C": 5, "Value #A": 6, "unit": 7,
				},
				"renameByName": map[string]string{
					"Value #A": "margin", "Value #B": "actual", "Value #C": "target", "Value #D": "year",
				},
			}},
		},
		FieldConfig: &fieldConfig{
			Defaults: fieldDefaults{Mappings: []any{}, Custom: map[string]any{"align": "auto"}},
			Overrides: []override{
				{Matcher: matcher{ID: "byName", Options: "margin"}, Properties: []property{
					{ID: "custom.cellOptions", Value: map[string]any{"type": "color-background"}},
					{ID: "thresholds", Value: thresholds{Mode: "absolute", Steps: []step{{Color: "red", Value: red}, {Color: "green", Value: &zero}}}},
					{ID: "decimals", Value: 2},
				}},
				{Matcher: matcher{ID: "byName", Options: "year"}, Properties: []property{{ID: "decimals", Value: 0}}},
			},
		},
		Options: tableOptions{ShowHeader: true, CellHeight: "sm", SortBy: []sortBy{{DisplayName: "margin"}}},
	}
}

// health draws the exporter's own metrics.
func health() *dashboard {
	d := newDashboard(HealthUID, "Report exporter: health",
		"The exporter's own metrics: documents, samples, extraction errors, unmatched sentences and rules reloads.")
	d.Time = timeRange{From: "now-7d", To: "now"}
	d.Refresh = "1m"
	d.Panels = append(healthStats(), healthTrends()...)
	d.Panels = append(d.Panels, documentsTable(), buildTable())
	return d
}

// healthStats is the top row of the health dashboard: a stat per health gauge.
func healthStats() []*panel {
	one := 1.0
	green := &thresholds{Mode: "absolute", Steps: []step{{Color: "green"}}}
	bad := &thresholds{Mode: "absolute", Steps: []step{{Color: "green"}, {Color: "red", Value: &one}}}
	good := &thresholds{Mode: "absolute", Steps: []step{{Color: "red"}, {Color: "green", Value: &one}}}
	ps := []*panel{
		statPanel("Documents", "sum(report_exporter_documents)", "none", 0, green),
		statPanel("Samples", "sum(report_exporter_samples)", "none", 4, green),
		statPanel("Extraction errors", "sum(report_exporter_document_extraction_failed) or sum(report_exporter_documents) * 0", "none", 8, bad),
		statPanel("Unmatched sentences", "sum(report_exporter_document_unmatched_sentences)", "none", 12, green),
		statPanel("Last rules load", "min(report_exporter_config_last_reload_successful)", "none", 16, good),
		statPanel("Rules loaded", "max(report_exporter_config_last_reload_success_timestamp_seconds) * 1000", "dateTimeFromNow", 20, green),
	}
	ps[4].FieldConfig.Defaults.Mappings = []any{map[string]any{
		"type": "value",
		"options": map[string]any{
			"0": map[string]any{"text": "failed", "color": "red"},
			"1": map[string]any{"text": "ok", "color": "green"},
		},
	}}
	return ps
}

// statPanel is a stat of the latest value of expr in the top row, at x, coloured by th.
func statPanel(title, expr, unit string, x int, th *thresholds) *panel {
	return &panel{
		Type: "stat", Title: title, GridPos: gridPos{H: 4, W: 4, X: x, Y: 0}, Datasource: promDS,
		Targets:     []target{{RefID: "A", Datasource: promDS, Expr: expr, Instant: true}},
		FieldConfig: &fieldConfig{Defaults: fieldDefaults{Unit: unit, Mappings: []any{}, Thresholds: th, Color: &fieldColor{Mode: "thresholds"}}, Overrides: []override{}},
		Options: statOptions{
			ReduceOptions: reduceOptions{Calcs: []string{"lastNotNull"}, Fields: ""},
			ColorMode:     "value", GraphMode: "none", JustifyMode: "auto", TextMode: "auto", Orientation: "auto",
		},
	}
}

// healthTrends are the health gauges over time, per exporter instance.
func healthTrends() []*panel {
	return []*panel{
		trendPanel("Documents, series and conflicts", 4, 0, 12,
			target{Expr: "sum by (instance) (report_exporter_documents)", LegendFormat: "documents {{instance}}"},
			target{Expr: "sum by (instance) (report_exporter_series)", LegendFormat: "series {{instance}}"},
			target{Expr: "sum by (instance) (report_exporter_merge_conflicts)", LegendFormat: "merge conflicts {{instance}}"}),
		trendPanel("Samples", 4, 12, 12,
			target{Expr: "sum by (instance) (report_exporter_samples)", LegendFormat: "samples {{instance}}"}),
		trendPanel("Extraction errors and unmatched sentences", 12, 0, 12,
			target{Expr: "sum by (instance) (report_exporter_document_extraction_failed) or sum by (instance) (report_exporter_documents) * 0", LegendFormat: "documents failed {{instance}}"},
			target{Expr: "sum by (instance) (report_exporter_document_unmatched_sentences)", LegendFormat: "unmatched sentences {{instance}}"}),
		trendPanel("Rules loads", 12, 12, 12,
			target{Expr: "min by (instance) (report_exporter_config_last_reload_successful)", LegendFormat: "last load successful {{instance}}"},
			target{Expr: "changes(report_exporter_config_last_reload_success_timestamp_seconds[1h])", LegendFormat: "loads per hour {{instance}}"}),
	}
}

// trendPanel is a time series panel at x, y, w wide, of the range queries tt, lettered from A.
func trendPanel(title string, y, x, w int, tt ...target) *panel {
	for i := range tt {
		tt[i].RefID = string(rune('A' + i))
		tt[i].Datasource = promDS
		tt[i].Range = true
	}
	return &panel{
		Type: "timeseries", Title: title, GridPos: gridPos{H: 8, W: w, X: x, Y: y}, Datasource: promDS,
		Targets: tt,
		FieldConfig: &fieldConfig{Defaults: fieldDefaults{Unit: "none", Mappings: []any{}, Color: &fieldColor{Mode: "palette-classic"},
			Custom: timeseriesCustom{DrawStyle: "line", LineInterpolation: "stepAfter", LineWidth: 1, ShowPoints: "never", SpanNulls: true, AxisPlacement: "auto"}},
			Overrides: []override{}},
		Options: tsOptions,
	}
}

// documentsTable lists the documents with their samples, unmatched sentences and failure.
func documentsTable() *panel {
	return &panel{
		Type: "table", Title: "Documents", GridPos: gridPos{H: 10, W: 24, X: 0, Y: 20}, Datasource: promDS,
		Description: "Per document: the samples it gave, its unmatched sentences (sentences naming an indicator and carrying a number that gave no sample), and 1 where it could not be extracted.",
		Targets: []target{
			{RefID: "A", Datasource: promDS, Instant: true, Format: "table", Expr: "max by (file) (report_exporter_document_samples)"},
			{RefID: "B", Datasource: promDS, Instant: true, Format: "table", Expr: "max by (file) (report_exporter_document_unmatched_sentences)"},
			{RefID: "C", Datasource: promDS, Instant: true, Format: "table",
				Expr: "max by (file) (report_exporter_document_extraction_failed) or max by (file) (report_exporter_document_samples) * 0"},
		},
		Transformations: []transformation{
			{ID: "merge", Options: map[string]any{}},
			{ID: "organize", Options: map[string]any{
				"excludeByName": map[string]bool{"Time": true},
				"renameByName":  map[string]string{"Value #A": "samples", "Value #B": "unmatched sentences", "Value #C": "failed"},
			}},
		},
		FieldConfig: &fieldConfig{Defaults: fieldDefaults{Mappings: []any{}}, Overrides: []override{}},
		Options:     tableOptions{ShowHeader: true, CellHeight: "sm", SortBy: []sortBy{{DisplayName: "unmatched sentences", Desc: true}}},
	}
}

// buildTable shows the build of each exporter instance.
func buildTable() *panel {
	return &panel{
		Type: "table", Title: "Build", GridPos: gridPos{H: 4, W: 24, X: 0, Y: 30}, Datasource: promDS,
		Targets: []target{{RefID: "A", Datasource: promDS, Instant: true, Format: "table", Expr: "report_exporter_build_info"}},
		Transformations: []transformation{{ID: "organize", Options: map[string]any{
			"excludeByName": map[string]bool{"Time": true, "Value": true, "__name__": true},
		}}},
		FieldConfig: &fieldConfig{Defaults: fieldDefaults{Mappings: []any{}}, Overrides: []override{}},
		Options:     tableOptions{ShowHeader: true, CellHeight: "sm", SortBy: []sortBy{}},
	}
}
