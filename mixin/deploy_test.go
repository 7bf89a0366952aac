package mixin

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/report-exporter/report_exporter/internal/e2etest"
	"gopkg.in/yaml.v3"
)

// TestComposeMountsExist checks that every host path docker-compose.yml mounts or builds from
// exists in the repository, and that docker-compose accepts the file.
func TestComposeMountsExist(t *testing.T) {
	data, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Build   any      `yaml:"build"`
			Volumes []string `yaml:"volumes"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatal(err)
	}
	if len(compose.Services) == 0 {
		t.Fatal("no services")
	}
	for name, svc := range compose.Services {
		if ctx, ok := svc.Build.(string); ok {
			if _, err := os.Stat(filepath.Join("..", ctx, "Dockerfile")); err != nil {
				t.Errorf("service %s builds from %s: %v", name, ctx, err)
			}
		}
		for _, v := range svc.Volumes {
			src := strings.SplitN(v, ":", 2)[0]
			if !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
				if _, ok := compose.Volumes[src]; !ok {
					t.Errorf("service %s mounts the undeclared volume %q", name, src)
				}
				continue
			}
			if _, err := os.Stat(filepath.Join("..", src)); err != nil {
				t.Errorf("service %s mounts %s: %v", name, src, err)
			}
		}
	}

	dc := e2etest.LookPath(t, "docker-compose")
	cmd := exec.Command(dc, "-f", "docker-compose.yml", "config", "-q")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("docker-compose config: %v\n%s", err, out)
	}
}

// TestProvisioningNamesTheDashboards checks that Grafana's provisioning matches the generated
// dashboards: the data source uid they name, and the folder the provider reads and compose
// mounts them at.
func TestProvisioningNamesTheDashboards(t *testing.T) {
	ds, err := os.ReadFile("../dashboards/provisioning/datasources/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	var dsFile struct {
		Datasources []struct {
			UID, Type string
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(ds, &dsFile); err != nil {
		t.Fatal(err)
	}
	if len(dsFile.Datasources) != 1 || dsFile.Datasources[0].UID == "" || dsFile.Datasources[0].Type != "prometheus" {
		t.Errorf("data sources = %+v, want one prometheus data source with a uid", dsFile.Datasources)
	}
	prov, err := os.ReadFile("../dashboards/provisioning/dashboards/provider.yml")
	if err != nil {
		t.Fatal(err)
	}
	var provFile struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	if err := yaml.Unmarshal(prov, &provFile); err != nil {
		t.Fatal(err)
	}
	compose, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range provFile.Providers {
		if !strings.Contains(string(compose), "./dashboards:"+p.Options.Path+":") {
			t.Errorf("provider reads %s, which docker-compose.yml does not mount ./dashboards at", p.Options.Path)
		}
	}
}
