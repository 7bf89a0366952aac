package mixin

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/barchart"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/config"
)

// Dashboard uids: fixed so that links and bookmarks survive a regeneration.
const (
	OverviewUID = "report-exporter-overview"
	TargetsUID  = "report-exporter-targets"
	HealthUID   = "report-exporter-health"
)

// Interval is the least query step of the history panels: a day places each figure on its day.
const Interval = "1d"

// DatasourceVariable names the dashboard variable every panel takes its data source from;
// DatasourceInput is the __inputs entry a Grafana import asks for.
const (
	DatasourceVariable = "datasource"
	DatasourceInput    = "DS_PROMETHEUS"
)

// RegionVariable names the region chosen on a dashboard; IndicatorVariable the indicators of
// the targets dashboard's comparison table. A target alert's dashboard_url sets both
// (var-region, var-indicator).
const (
	RegionVariable    = "region"
	IndicatorVariable = "indicator"
)

// spanYear is the longest gap a history line bridges: a year and a bit, so that yearly figures
// of consecutive years join and a missing year leaves a gap (Grafana's spanNulls in ms).
const spanYear = 400 * 24 * 3600 * 1000.0

// periodRenames are the names of the periods shown in legends: 全年, 上半年, 前三季度.
var periodRenames = periodNames

var tags = []string{"report_exporter"}

var ds = common.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${" + DatasourceVariable + "}")}

// Dashboards returns the Grafana dashboards of the indicators as JSON, by file name.
func Dashboards(inds []*config.Indicator) (map[string][]byte, error) {
	out := map[string][]byte{}
	for uid, b := range map[string]*dashboard.DashboardBuilder{
		OverviewUID: overview(inds), TargetsUID: targets(inds), HealthUID: health(),
	} {
		d, err := b.Build()
		if err != nil {
			return nil, fmt.Errorf("dashboard %s: %w", uid, err)
		}
		data, err := marshal(d)
		if err != nil {
			return nil, fmt.Errorf("dashboard %s: %w", uid, err)
		}
		out[uid+".json"] = data
	}
	return out, nil
}

// marshal renders a dashboard as indented JSON with sorted keys and the __inputs of an
// exported dashboard, so that Grafana's import asks for the Prometheus data source.
func marshal(d dashboard.Dashboard) ([]byte, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree map[string]any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	tree["__inputs"] = []map[string]string{{
		"name": DatasourceInput, "label": "Prometheus", "description": "Prometheus or VictoriaMetrics holding the report series",
		"type": "datasource", "pluginId": "prometheus", "pluginName": "Prometheus",
	}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newDashboard(uid, title, description string) *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder(title).
		Uid(uid).Description(description).Tags(tags).Timezone("Asia/Shanghai").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).Time("now-8y", "now").Version(1).
		Link(dashboard.NewDashboardLinkBuilder("Report dashboards").Type(dashboard.DashboardLinkTypeDashboards).
			Tags(tags).AsDropdown(true).IncludeVars(true).KeepTime(true)).
		WithVariable(dashboard.NewDatasourceVariableBuilder(DatasourceVariable).Label("Data source").Type("prometheus").
			Current(dashboard.VariableOption{Text: str("${" + DatasourceInput + "}"), Value: str("${" + DatasourceInput + "}")}))
}

func str(s string) dashboard.StringOrArrayOfString {
	return dashboard.StringOrArrayOfString{String: &s}
}

// regionVariable is the single-select region, listed from the indicators' actual figures.
func regionVariable(metricRe string) *dashboard.QueryVariableBuilder {
	q := fmt.Sprintf(`label_values({__name__=~%q, kind="actual"}, region)`, metricRe)
	return dashboard.NewQueryVariableBuilder(RegionVariable).Label("Region").Datasource(ds).
		Query(dashboard.StringOrMap{String: &q}).Definition(q).
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Sort(dashboard.VariableSortAlphabeticalAsc)
}

// indicatorVariable chooses the indicators of the comparison table, all of them unless a link
// (a target alert's) chooses one. Its options are the rules' indicators: the title shown, the
// id as the value, as the comparison series' indicator label has it.
func indicatorVariable(inds []*config.Indicator) *dashboard.CustomVariableBuilder {
	all := dashboard.VariableOption{Text: str("All"), Value: str("$__all")}
	pairs := make([]string, 0, len(inds))
	options := []dashboard.VariableOption{all}
	for _, ind := range inds {
		title := cmp.Or(ind.Title, ind.ID)
		// Grafana reads "text : value" pairs separated by commas; a comma of a title is escaped.
		pairs = append(pairs, strings.ReplaceAll(title, ",", `\,`)+" : "+ind.ID)
		options = append(options, dashboard.VariableOption{Text: str(title), Value: str(ind.ID)})
	}
	values := strings.Join(pairs, ",")
	// The options are written out too: an import does not always derive them from the values.
	return dashboard.NewCustomVariableBuilder(IndicatorVariable).Label("Indicator").
		Description("The indicators of the comparison table; a target alert's link chooses its own.").
		Values(dashboard.StringOrMap{String: &values}).Options(options).
		Multi(true).IncludeAll(true).AllValue(".*").Current(all)
}

// query is a Prometheus query of the panel's data source.
func query(ref, expr, legend string) *prometheus.DataqueryBuilder {
	q := prometheus.NewDataqueryBuilder().RefId(ref).Expr(expr).Datasource(ds)
	if legend != "" {
		q.LegendFormat(legend)
	}
	return q
}

// metric is one series of an indicator with how it is shown.
type metric struct {
	ind    *config.Indicator
	growth bool
	name   string
	unit   string
}

func metricsOf(inds []*config.Indicator) []metric {
	var out []metric
	for _, ind := range inds {
		if ind.Level != nil && ind.Level.Metric != "" {
			out = append(out, metric{ind, false, ind.Level.Metric, ind.Level.Unit})
		}
		if ind.Growth != nil && ind.Growth.Metric != "" {
			u := ind.Growth.Unit
			if u == "" {
				u = "ratio"
			}
			out = append(out, metric{ind, true, ind.Growth.Metric, u})
		}
	}
	return out
}

func metricRegex(ms []metric) string {
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	return strings.Join(names, "|")
}

func (m metric) title() string { return compare.Title(m.ind, m.growth) }

// perCapita tells an amount per person (人均), shown in 元, from a total, shown in 亿元.
func (m metric) perCapita() bool { return strings.Contains(m.name, "per_capita") }

// scale is what the query multiplies by to show the unit of display.
func (m metric) scale() string {
	if m.unit == "yuan" && !m.perCapita() {
		return " / 1e8"
	}
	return ""
}

// grafanaUnit is Grafana's unit of the values shown.
func (m metric) grafanaUnit() string {
	switch {
	case m.unit == "ratio":
		return "percentunit"
	case m.unit == "yuan" && m.perCapita():
		return "suffix: 元"
	case m.unit == "yuan":
		return "suffix: 亿元"
	}
	return "none"
}

// history is the query of a metric's figures over the years, from the history only (no job
// label: what backfill and remote write wrote, never a scraped copy): each figure once, at
// its own time, whatever the lookback.
func (m metric) history(matchers string) string {
	return fmt.Sprintf(`last_over_time(%s{job="", %s}[$__interval])%s`, m.name, matchers, m.scale())
}

// periodTransformations rename the legends' periods: "罗湖区 1-12" reads "罗湖区 全年".
func periodTransformations() []dashboard.DataTransformerConfig {
	var out []dashboard.DataTransformerConfig
	for _, p := range periodRenames {
		out = append(out, dashboard.DataTransformerConfig{Id: "renameByRegex", Options: map[string]any{
			"regex": "^(.*)" + strings.ReplaceAll(p[0], "-", "\\-") + "$", "renamePattern": "$1" + p[1],
		}})
	}
	return out
}

// historyPanel draws one line per region and period over the years: yearly points joined, a
// missing year left as a gap.
func historyPanel(m metric, title string, matchers, legend string, extra ...*prometheus.DataqueryBuilder) *timeseries.PanelBuilder {
	p := timeseries.NewPanelBuilder().Title(title).
		Description(m.ind.Help + " Metric " + m.name + "; figures from the history (backfill), one line per period.").
		Datasource(ds).Interval(Interval).Height(9).Span(12).Unit(m.grafanaUnit()).
		WithTarget(query("A", m.history(matchers), legend)).
		DrawStyle(common.GraphDrawStyleLine).LineInterpolation(common.LineInterpolationLinear).LineWidth(2).
		ShowPoints(common.VisibilityModeAlways).PointSize(6).
		SpanNulls(common.BoolOrFloat64{Float64: cog.ToPtr(spanYear)}).
		Legend(common.NewVizLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeTable).
			Placement(common.LegendPlacementRight).ShowLegend(true).Calcs([]string{"lastNotNull"})).
		Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderDescending)).
		Transformations(periodTransformations())
	for _, q := range extra {
		p.WithTarget(q)
	}
	return p
}

// overview draws each indicator's figures over the years, a line per region and period.
func overview(inds []*config.Indicator) *dashboard.DashboardBuilder {
	d := newDashboard(OverviewUID, "Report figures: overview",
		"Every indicator's reported figures over the years, one line per region and period (全年, 上半年, ...), from the backfilled history. Generated from the rules by `report_exporter generate`.")
	ms := metricsOf(inds)
	if len(ms) == 0 {
		return d
	}
	// Single-select by default (one region's lines are readable; thousands are not), several
	// regions at once on demand.
	d.WithVariable(regionVariable(metricRegex(ms)).Multi(false).IncludeAll(true).AllValue(".*"))
	for _, ind := range inds {
		d.WithRow(dashboard.NewRowBuilder(ind.Title))
		for _, m := range metricsOf([]*config.Indicator{ind}) {
			d.WithPanel(historyPanel(m, m.title(), `kind="actual", region=~"$region"`, "{{region}} {{period}}"))
		}
	}
	return d
}

// yearly is a comparison family per year as a "now" view: the scraped copy (every year is
// served on /metrics) or else the history, merged (a year-keyed series has one value whichever
// copy holds it).
func yearly(family, matchers string) string {
	return fmt.Sprintf(`max without (job, instance) (%s{%s} or last_over_time(%s{job="", %s}[$__range]))`, family, matchers, family, matchers)
}

// targets shows, per region, every comparison of a year's figure with its target in a table,
// and per metric the actual figure beside the target, year by year.
func targets(inds []*config.Indicator) *dashboard.DashboardBuilder {
	d := newDashboard(TargetsUID, "Report figures: targets and actuals",
		"Each year's figure beside that year's target, per indicator, for one region. Full-year figures are results; 上半年 and 前三季度 figures are progress. Generated from the rules by `report_exporter generate`.")
	ms := metricsOf(inds)
	if len(ms) == 0 {
		return d
	}
	d.WithVariable(regionVariable(metricRegex(ms)))
	d.WithVariable(indicatorVariable(inds))
	d.WithPanel(comparisonTable())
	for _, ind := range inds {
		d.WithRow(dashboard.NewRowBuilder(ind.Title))
		for _, m := range metricsOf([]*config.Indicator{ind}) {
			d.WithPanel(yearBars(m))
		}
	}
	return d
}

// yearBars draws, per year, the full-year figure beside the year's target bounds.
func yearBars(m metric) *barchart.PanelBuilder {
	sel := fmt.Sprintf(`metric=%q, region="$region", period="1-12"`, m.name)
	q := func(ref, family, bound string) *prometheus.DataqueryBuilder {
		s := sel
		if bound != "" {
			s += fmt.Sprintf(`, bound=%q`, bound)
		}
		return query(ref, fmt.Sprintf("max by (year) (%s)%s", yearly(family, s), m.scale()), "").
			Instant().Format(prometheus.PromQueryFormatTable)
	}
	return barchart.NewPanelBuilder().Title(m.title() + " · $region · 全年 actual and target").
		Description("Year by year: the full-year figure (actual) beside that year's target (min, max or approx). Metric " + m.name + ".").
		Datasource(ds).Height(8).Span(12).Unit(m.grafanaUnit()).XField("year").
		WithTarget(q("A", compare.ActualName, "")).
		WithTarget(q("B", compare.TargetName, "min")).
		WithTarget(q("C", compare.TargetName, "max")).
		WithTarget(q("D", compare.TargetName, "approx")).
		Transformations([]dashboard.DataTransformerConfig{
			{Id: "merge", Options: map[string]any{}},
			{Id: "organize", Options: map[string]any{
				"excludeByName": map[string]bool{"Time": true},
				"renameByName": map[string]string{
					"Value #A": "actual", "Value #B": "target min", "Value #C": "target max", "Value #D": "target approx",
				},
			}},
			{Id: "sortBy", Options: map[string]any{"sort": []map[string]any{{"field": "year"}}}},
		}).
		Legend(common.NewVizLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeList).
			Placement(common.LegendPlacementBottom).ShowLegend(true))
}

// comparisonTable lists every comparison of the region and the indicators chosen: indicator,
// year, period, bound, actual, target, gap and whether it falls short.
func comparisonTable() *table.PanelBuilder {
	sel := fmt.Sprintf(`%s="$%s", %s=~"$%s"`, RegionVariable, RegionVariable, compare.LabelIndicator, IndicatorVariable)
	q := func(ref, family string) *prometheus.DataqueryBuilder {
		return query(ref, yearly(family, sel), "").Instant().Format(prometheus.PromQueryFormatTable)
	}
	return table.NewPanelBuilder().Title("$region: each year's figures against that year's targets").
		Description("Per metric, year, period and bound: the actual figure, the target and the gap (positive inside the bound), in the metric's unit (ratios as fractions: 0.05 is 5%). "+
			"short = 1: the full-year figure missed the target, or a part-year figure (1-6, 1-9) is behind pace. Approx targets are met within 0.5 percentage point (rates) or 1% (amounts).").
		Datasource(ds).Height(10).Span(24).
		WithTarget(q("A", compare.ActualName)).WithTarget(q("B", compare.TargetName)).
		WithTarget(q("C", compare.GapName)).WithTarget(q("D", compare.ShortfallName)).
		Transformations([]dashboard.DataTransformerConfig{
			{Id: "merge", Options: map[string]any{}},
			{Id: "organize", Options: map[string]any{
				"excludeByName": map[string]bool{"Time": true, "region": true, "region_code": true},
				"indexByName":   map[string]int{"indicator": 0, "metric": 1, "year": 2, "period": 3, "bound": 4, "Value #A": 5, "Value #B": 6, "Value #C": 7, "Value #D": 8},
				"renameByName":  map[string]string{"Value #A": "actual", "Value #B": "target", "Value #C": "gap", "Value #D": "short"},
			}},
		}).
		OverrideByName("short", []dashboard.DynamicConfigValue{
			{Id: "custom.cellOptions", Value: map[string]any{"type": "color-background"}},
			{Id: "thresholds", Value: map[string]any{"mode": "absolute", "steps": []map[string]any{{"color": "green", "value": nil}, {"color": "red", "value": 1}}}},
		}).
		SortBy([]cog.Builder[common.TableSortByFieldState]{common.NewTableSortByFieldStateBuilder().DisplayName("short").Desc(true)}).
		Footer(noFooter())
}

// noFooter is a table footer that is not shown.
func noFooter() *common.TableFooterOptionsBuilder {
	return common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"})
}

// health draws the exporter's own metrics.
func health() *dashboard.DashboardBuilder {
	d := newDashboard(HealthUID, "Report exporter: health",
		"The exporter's own metrics: documents, samples, extraction errors, unmatched sentences and rules reloads.").
		Time("now-7d", "now").Refresh("1m")
	for _, s := range []struct{ title, expr, unit string }{
		{"Documents", "sum(report_exporter_documents)", "none"},
		{"Samples", "sum(report_exporter_samples)", "none"},
		{"Extraction errors", "sum(report_exporter_document_extraction_failed) or sum(report_exporter_documents) * 0", "none"},
		{"Unmatched sentences", "sum(report_exporter_document_unmatched_sentences)", "none"},
		{"Last rules load", "min(report_exporter_config_last_reload_successful)", "none"},
		{"Rules loaded", "max(report_exporter_config_last_reload_success_timestamp_seconds) * 1000", "dateTimeFromNow"},
	} {
		d.WithPanel(stat.NewPanelBuilder().Title(s.title).Datasource(ds).Height(4).Span(4).Unit(s.unit).
			WithTarget(query("A", s.expr, "").Instant()).
			ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
			GraphMode(common.BigValueGraphModeNone))
	}
	trend := func(title string, qs ...*prometheus.DataqueryBuilder) *timeseries.PanelBuilder {
		p := timeseries.NewPanelBuilder().Title(title).Datasource(ds).Height(8).Span(12).Unit("none").
			LineInterpolation(common.LineInterpolationStepAfter)
		for _, q := range qs {
			p.WithTarget(q)
		}
		return p
	}
	d.WithPanel(trend("Documents, series and conflicts",
		query("A", "sum by (instance) (report_exporter_documents)", "documents {{instance}}"),
		query("B", "sum by (instance) (report_exporter_series)", "series {{instance}}"),
		query("C", "sum by (instance) (report_exporter_merge_conflicts)", "merge conflicts {{instance}}")))
	d.WithPanel(trend("Extraction errors and unmatched sentences",
		query("A", "sum by (instance) (report_exporter_document_extraction_failed) or sum by (instance) (report_exporter_documents) * 0", "documents failed {{instance}}"),
		query("B", "sum by (instance) (report_exporter_document_unmatched_sentences)", "unmatched sentences {{instance}}")))
	d.WithPanel(table.NewPanelBuilder().Title("Documents").Datasource(ds).Height(10).Span(24).Footer(noFooter()).
		Description("Per document: the samples it gave, its unmatched sentences, and 1 where it could not be extracted.").
		WithTarget(query("A", "max by (file) (report_exporter_document_samples)", "").Instant().Format(prometheus.PromQueryFormatTable)).
		WithTarget(query("B", "max by (file) (report_exporter_document_unmatched_sentences)", "").Instant().Format(prometheus.PromQueryFormatTable)).
		WithTarget(query("C", "max by (file) (report_exporter_document_extraction_failed) or max by (file) (report_exporter_document_samples) * 0", "").Instant().Format(prometheus.PromQueryFormatTable)).
		Transformations([]dashboard.DataTransformerConfig{
			{Id: "merge", Options: map[string]any{}},
			{Id: "organize", Options: map[string]any{
				"excludeByName": map[string]bool{"Time": true},
				"renameByName":  map[string]string{"Value #A": "samples", "Value #B": "unmatched sentences", "Value #C": "failed"},
			}},
		}))
	d.WithPanel(table.NewPanelBuilder().Title("Build").Datasource(ds).Height(4).Span(24).Footer(noFooter()).
		WithTarget(query("A", "report_exporter_build_info", "").Instant().Format(prometheus.PromQueryFormatTable)).
		Transformations([]dashboard.DataTransformerConfig{{Id: "organize", Options: map[string]any{
			"excludeByName": map[string]bool{"Time": true, "Value": true, "__name__": true},
		}}}))
	return d
}
