package e2etest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func TestStartPrometheus(t *testing.T) {
	rules := filepath.Join(t.TempDir(), "rules.yml")
	err := os.WriteFile(rules, []byte(`groups:
- name: always
  rules:
  - alert: Always
    expr: vector(1)
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	p := StartPrometheus(t, Options{
		ConfigYAML: "global:\n  evaluation_interval: 1s\n",
		RuleFiles:  []string{rules},
	})
	v := p.Query(t, "vector(42)", time.Now())
	if len(v) != 1 || v[0].Value != 42 {
		t.Fatalf("vector(42) = %v, want one sample of 42", v)
	}
	m := p.QueryRange(t, "vector(1)", time.Now().Add(-time.Minute), time.Now(), 30*time.Second)
	if len(m) != 1 || len(m[0].Values) < 2 {
		t.Fatalf("range of vector(1) = %v, want a series of 2 or 3 points", m)
	}
	if g := p.Rules(t); len(g) != 1 || g[0].Name != "always" {
		t.Fatalf("rule groups = %+v, want the one group always", g)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(p.Alerts(t)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("alert Always never became active")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestStartVictoriaMetrics(t *testing.T) {
	vm := StartVictoriaMetrics(t)
	v := vm.Query(t, "vector(7)", time.Now())
	if len(v) != 1 || v[0].Value != 7 {
		t.Fatalf("vector(7) = %v, want one sample of 7", v)
	}
	vm.Flush(t)
}

func TestBackfill(t *testing.T) {
	om := filepath.Join(t.TempDir(), "in.om")
	err := os.WriteFile(om, []byte("# HELP x_ratio X.\n# TYPE x_ratio gauge\nx_ratio{a=\"b\"} 0.5 1577721600\n# EOF\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	storage := filepath.Join(t.TempDir(), "data")
	Backfill(t, "", om, storage)
	p := StartPrometheus(t, Options{StorageDir: storage})
	v := p.Query(t, "x_ratio", time.Unix(1577721600, 0))
	if len(v) != 1 || v[0].Value != 0.5 {
		t.Fatalf("x_ratio = %v, want 0.5", v)
	}
}

func TestFreePort(t *testing.T) {
	if p := FreePort(t); p <= 0 || p > 65535 {
		t.Fatalf("FreePort() = %d", p)
	}
}

func TestPrometheusConfigAddsRuleFiles(t *testing.T) {
	got, err := prometheusConfig("rule_files: [a.yml]\n", []string{"/x/b.yml"})
	if err != nil {
		t.Fatal(err)
	}
	want := "rule_files:\n    - a.yml\n    - /x/b.yml\n"
	if string(got) != want {
		t.Fatalf("config =\n%s\nwant\n%s", got, want)
	}
}
