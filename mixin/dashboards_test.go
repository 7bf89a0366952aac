package mixin

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
)

// decodeStrict decodes a generated dashboard with the SDK's strict decoder (unknown fields,
// wrong types and missing required fields are errors), after taking off __inputs, which is
// import metadata and not part of the dashboard model.
func decodeStrict(t *testing.T, name string, data []byte) (dashboard.Dashboard, []any) {
	t.Helper()
	var tree map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var inputs []any
	if err := json.Unmarshal(tree["__inputs"], &inputs); err != nil {
		t.Fatalf("%s: __inputs: %v", name, err)
	}
	delete(tree, "__inputs")
	rest, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	d, err := strictDashboard(rest)
	if err != nil {
		t.Fatalf("%s: strict decoding: %v", name, err)
	}
	return d, inputs
}

// strictDashboard decodes a dashboard with the SDK's strict decoder. In v0.0.22 the decoder
// returns an empty cog.BuildErrors (a non-nil error) on success, so only errors it lists count.
func strictDashboard(data []byte) (dashboard.Dashboard, error) {
	plugins.RegisterDefaultPlugins()
	var d dashboard.Dashboard
	err := d.UnmarshalJSONStrict(data)
	var be cog.BuildErrors
	if err != nil && (!errors.As(err, &be) || len(be) > 0) {
		return d, err
	}
	return d, nil
}

// TestStrictDecoderRefuses makes sure the strict decoder is strict: an unknown field in a
// panel and a wrong type fail.
func TestStrictDecoderRefuses(t *testing.T) {
	for _, bad := range []string{
		`{"title":"x","schemaVersion":41,"templating":{"list":[]},"annotations":{"list":[]},"panels":[{"type":"timeseries","title":"p","bogus":1}]}`,
		`{"title":"x","schemaVersion":"41","templating":{"list":[]},"annotations":{"list":[]}}`,
	} {
		if _, err := strictDashboard([]byte(bad)); err == nil {
			t.Errorf("strict decoding accepted %s", bad)
		}
	}
	good := `{"title":"x","schemaVersion":41,"templating":{"list":[]},"annotations":{"list":[]},"panels":[{"type":"timeseries","title":"p"}]}`
	if _, err := strictDashboard([]byte(good)); err != nil {
		t.Errorf("strict decoding refused %s: %v", good, err)
	}
}

// TestDashboardsStrict decodes every dashboard, of the test rules and of the default rules,
// with the SDK's strict decoder, and checks what users rely on: fixed uids, the data source
// variable on every panel and query, __inputs, a single-select region where figures are
// compared, rates as percent, per-capita amounts in 元, totals in 亿元, history lines that do
// not bridge a missing year.
func TestDashboardsStrict(t *testing.T) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	for _, inds := range [][]*config.Indicator{testRules(t), cfg.Indicators} {
		files, err := Dashboards(inds)
		if err != nil {
			t.Fatal(err)
		}
		for _, uid := range []string{OverviewUID, TargetsUID, HealthUID} {
			data, ok := files[uid+".json"]
			if !ok {
				t.Fatalf("no dashboard %s", uid)
			}
			d, inputs := decodeStrict(t, uid, data)
			if d.Uid == nil || *d.Uid != uid {
				t.Errorf("%s: uid %v", uid, d.Uid)
			}
			if len(inputs) != 1 || !strings.Contains(string(data), `"name": "DS_PROMETHEUS"`) {
				t.Errorf("%s: __inputs %v", uid, inputs)
			}
			vars := map[string]dashboard.VariableModel{}
			for _, v := range d.Templating.List {
				vars[v.Name] = v
			}
			if v, ok := vars[DatasourceVariable]; !ok || v.Type != "datasource" {
				t.Errorf("%s: no datasource variable: %+v", uid, vars)
			}
			if v, ok := vars["region"]; uid == TargetsUID && (!ok || (v.Multi != nil && *v.Multi)) {
				t.Errorf("%s: region is not single-select: %+v", uid, v)
			}
			for _, p := range d.Panels {
				if p.Panel == nil {
					continue
				}
				if p.Panel.Datasource == nil || p.Panel.Datasource.Uid == nil || *p.Panel.Datasource.Uid != "${datasource}" {
					t.Errorf("%s: panel %v: data source %+v", uid, p.Panel.Title, p.Panel.Datasource)
				}
				if len(p.Panel.Targets) == 0 {
					t.Errorf("%s: panel %v has no query", uid, p.Panel.Title)
				}
			}
		}
	}
	files, err := Dashboards(cfg.Indicators)
	if err != nil {
		t.Fatal(err)
	}
	ov := string(files[OverviewUID+".json"])
	for _, want := range []string{
		`"title": "人均地区生产总值总量"`, `"unit": "suffix: 元"`, `"title": "地区生产总值总量"`, `"unit": "suffix: 亿元"`,
		`"title": "地区生产总值增速"`, `"unit": "percentunit"`, `"title": "城镇登记失业率"`,
		`"spanNulls": 34560000000`, `"renamePattern": "$1全年"`, `"renamePattern": "$1上半年"`, `"renamePattern": "$1前三季度"`,
		`last_over_time(econ_gdp_per_capita_yuan{job=\"\", kind=\"actual\", region=~\"$region\"}[$__interval])"`,
	} {
		if !strings.Contains(ov, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
	if strings.Contains(ov, "总量 (level)") || strings.Contains(ov, `"spanNulls": true`) {
		t.Error("overview still titles rates as levels or bridges every gap")
	}
}
