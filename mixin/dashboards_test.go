package mixin

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDashboardsShape checks what Grafana users rely on: fixed uids, the provisioned data
// source on every panel, eight years of history by default, region and period as multi-value
// variables, rates as percent and amounts in 亿元, step lines across gaps.
func TestDashboardsShape(t *testing.T) {
	files, err := Dashboards(testRules(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, uid := range []string{OverviewUID, TargetsUID, HealthUID} {
		data, ok := files[uid+".json"]
		if !ok {
			t.Fatalf("no dashboard %s", uid)
		}
		var d dashboard
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatalf("%s: %v", uid, err)
		}
		if d.UID != uid {
			t.Errorf("%s: uid %q", uid, d.UID)
		}
		if uid != HealthUID {
			if d.Time.From != "now-8y" || d.Time.To != "now" {
				t.Errorf("%s: time %+v, want now-8y to now", uid, d.Time)
			}
			var names []string
			for _, v := range d.Templating.List {
				names = append(names, v.Name)
				if !v.Multi || !v.IncludeAll || !strings.HasPrefix(v.Query, "label_values(") {
					t.Errorf("%s: variable %s is not a multi-value label_values variable", uid, v.Name)
				}
			}
			if strings.Join(names, ",") != "region,period" {
				t.Errorf("%s: variables %v, want region,period", uid, names)
			}
		}
		units := map[string]string{}
		var walk func(ps []*panel)
		walk = func(ps []*panel) {
			for _, p := range ps {
				walk(p.Panels)
				if p.Type == "row" {
					continue
				}
				if p.Datasource == nil || p.Datasource.UID != DatasourceUID {
					t.Errorf("%s: panel %q: data source %+v", uid, p.Title, p.Datasource)
				}
				for _, tg := range p.Targets {
					if tg.Datasource == nil || tg.Datasource.UID != DatasourceUID || tg.Expr == "" {
						t.Errorf("%s: panel %q %s: data source %+v, expr %q", uid, p.Title, tg.RefID, tg.Datasource, tg.Expr)
					}
				}
				if p.Type == "timeseries" && p.FieldConfig != nil && uid != HealthUID {
					units[p.Title] = p.FieldConfig.Defaults.Unit
					c, _ := json.Marshal(p.FieldConfig.Defaults.Custom)
					if !strings.Contains(string(c), `"spanNulls":true`) || !strings.Contains(string(c), `"lineInterpolation":"stepAfter"`) {
						t.Errorf("%s: panel %q: %s, want step lines spanning gaps", uid, p.Title, c)
					}
					if p.Interval != Interval {
						t.Errorf("%s: panel %q: interval %q", uid, p.Title, p.Interval)
					}
				}
			}
		}
		walk(d.Panels)
		if uid == OverviewUID {
			for title, want := range map[string]string{
				"地区生产总值 · 总量 (level)":  "suffix: 亿元",
				"地区生产总值 · 增长 (growth)": "percentunit",
				"城镇登记失业率 · 总量 (level)": "percentunit",
			} {
				if units[title] != want {
					t.Errorf("overview: panel %q: unit %q, want %q", title, units[title], want)
				}
			}
		}
	}
}
