package mixin

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
)

// alertLinks returns each alert's dashboard_url in the rule file.
func alertLinks(t *testing.T, rules []byte) map[string]string {
	t.Helper()
	var f struct {
		Groups []struct {
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(rules, &f); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			out[r.Alert] = r.Annotations["dashboard_url"]
		}
	}
	return out
}

// TestAlertLinksOpenTheirDashboard: every alert's dashboard_url opens a dashboard that the
// generator writes, and each variable it sets (var-region, var-indicator) is a variable of that
// dashboard; the indicator it sets, from the alert's labels, is among the variable's values,
// and the comparison table follows it.
func TestAlertLinksOpenTheirDashboard(t *testing.T) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	for _, inds := range [][]*config.Indicator{testRules(t), cfg.Indicators} {
		rules, err := Alerts(inds, DefaultGrafanaURL)
		if err != nil {
			t.Fatal(err)
		}
		dbs, err := Dashboards(inds)
		if err != nil {
			t.Fatal(err)
		}
		type variable struct {
			Name    string `json:"name"`
			Options []struct {
				Value string `json:"value"`
			} `json:"options"`
		}
		vars := map[string]map[string]variable{} // uid -> name -> variable
		for name, data := range dbs {
			var d struct {
				Templating struct {
					List []variable `json:"list"`
				} `json:"templating"`
			}
			if err := json.Unmarshal(data, &d); err != nil {
				t.Fatal(err)
			}
			uid := strings.TrimSuffix(name, ".json")
			vars[uid] = map[string]variable{}
			for _, v := range d.Templating.List {
				vars[uid][v.Name] = v
			}
		}
		links := alertLinks(t, rules)
		if len(links) != 5 {
			t.Fatalf("%d alerts, want 5", len(links))
		}
		for alert, link := range links {
			// Fill the label templates as Prometheus would for a gdp alert of 罗湖区.
			filled := strings.NewReplacer("{{ $labels.region | urlquery }}", url.QueryEscape("罗湖区"),
				"{{ $labels.indicator | urlquery }}", "gdp").Replace(link)
			u, err := url.Parse(filled)
			if err != nil || !strings.HasPrefix(filled, DefaultGrafanaURL+"/d/") {
				t.Errorf("%s: dashboard_url %q: %v", alert, link, err)
				continue
			}
			uid := strings.TrimPrefix(u.Path, "/d/")
			dv, ok := vars[uid]
			if !ok {
				t.Errorf("%s: dashboard_url %q opens no generated dashboard", alert, link)
				continue
			}
			for key := range u.Query() {
				name, ok := strings.CutPrefix(key, "var-")
				if _, known := dv[name]; !ok || !known {
					t.Errorf("%s: dashboard_url sets %s, which dashboard %s does not have", alert, key, uid)
				}
			}
			if alert != AlertName && alert != BehindPaceAlertName {
				continue
			}
			if u.Query().Get("var-"+RegionVariable) != "罗湖区" || u.Query().Get("var-"+IndicatorVariable) != "gdp" {
				t.Errorf("%s: dashboard_url %q does not choose the alert's region and indicator", alert, link)
			}
			values := map[string]bool{}
			for _, o := range dv[IndicatorVariable].Options {
				values[o.Value] = true
			}
			for _, ind := range inds {
				if !values[ind.ID] {
					t.Errorf("dashboard %s: indicator %s is not among the values of $%s", uid, ind.ID, IndicatorVariable)
				}
			}
		}
		if table := string(dbs[TargetsUID+".json"]); !strings.Contains(table, `indicator=~\"$indicator\"`) {
			t.Errorf("the targets dashboard's comparison table does not follow $%s", IndicatorVariable)
		}
	}
}

// TestGrafanaURL: the alerts link into the Grafana given, under the path it is served at;
// an address that is no http(s) base of a Grafana is refused.
func TestGrafanaURL(t *testing.T) {
	rules, err := Alerts(testRules(t), "https://grafana.example.org/monitoring/")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(rules), DefaultGrafanaURL) {
		t.Errorf("the rules still link to %s", DefaultGrafanaURL)
	}
	const base = "https://grafana.example.org/monitoring/d/"
	for alert, link := range alertLinks(t, rules) {
		want := base + HealthUID
		if alert == AlertName || alert == BehindPaceAlertName {
			want = base + TargetsUID + "?var-region={{ $labels.region | urlquery }}&var-indicator={{ $labels.indicator | urlquery }}"
		}
		if link != want {
			t.Errorf("%s: dashboard_url %q, want %q", alert, link, want)
		}
	}
	t.Run("promtool", func(t *testing.T) {
		pt := promtool(t)
		path := filepath.Join(t.TempDir(), "alerts.yml")
		if err := os.WriteFile(path, rules, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(pt, "check", "rules", path).CombinedOutput(); err != nil {
			t.Errorf("promtool check rules: %v\n%s", err, out)
		}
	})

	f := func(raw, want string) {
		t.Helper()
		got, err := GrafanaBase(raw)
		if want == "" {
			if err == nil {
				t.Errorf("GrafanaBase(%q) = %q, want an error", raw, got)
			}
			return
		}
		if err != nil || got != want {
			t.Errorf("GrafanaBase(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	f("http://localhost:3000", "http://localhost:3000")
	f("http://localhost:3000/", "http://localhost:3000")
	f("https://grafana.example.org/monitoring//", "https://grafana.example.org/monitoring")
	f("http://[::1]:3000", "http://[::1]:3000")
	f("http://grafana.example.org/a b/{{ x }}", "http://grafana.example.org/a%20b/%7B%7B%20x%20%7D%7D")
	f("localhost:3000", "")
	f("grafana.example.org", "")
	f("ftp://grafana.example.org", "")
	f("http://", "")
	f("http:///d", "")
	f("http://admin:secret@grafana.example.org", "")
	f("http://grafana.example.org/?orgId=1", "")
	f("http://grafana.example.org/#top", "")
	f("", "")
}
