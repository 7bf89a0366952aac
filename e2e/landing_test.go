package e2e

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/internal/e2etest"
)

var landingUpdate = flag.Bool("landing.update", false, "copy the landing page screenshot to docs/landing.png")

// chromium runs headless Chromium with a fresh profile and no network beyond the page.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	bin := e2etest.LookPath(t, "chromium")
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-quic", "--disable-dev-shm-usage", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// TestLandingPageInChromium opens the exporter's landing page, serving the built-in seeds, in
// headless Chromium: the rendered page lists the seed documents and, for every indicator of the
// rules, its title and an SVG chart per series with the axes, a line or point per region
// where the seeds have figures and a mark per year's target the seeds give, all of them. The
// screenshot is kept in the test's temporary folder (and, with -landing.update, in
// docs/landing.png for the README).
func TestLandingPageInChromium(t *testing.T) {
	addr := serveExporter(t)
	url := "http://" + addr + "/"

	dom := string(chromium(t, "--dump-dom", url))
	if !strings.Contains(dom, "<h2>Indicators</h2>") {
		t.Fatalf("the page is not the report landing page:\n%s", dom)
	}
	seeds, err := fs.Glob(reportexporter.Defaults, reportexporter.SeedsDir+"/*.txt")
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	for _, s := range seeds {
		if !strings.Contains(dom, "<td>"+s+"</td>") {
			t.Errorf("the documents table lacks %s", s)
		}
	}
	// The seeds are few: the page shows them all, with no note of what it leaves out (a large
	// folder's page draws some regions and years and says so under the chart).
	if i := strings.Index(dom, `class="note"`); i >= 0 {
		t.Errorf("the seeds' page leaves something out: %s", dom[i:min(len(dom), i+300)])
	}

	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	seedKinds := seedKinds(t)
	seedTargets := seedYearTargets(t)
	sectionRe := regexp.MustCompile(`(?s)<section class="indicator" id="indicator-([^"]+)">(.*?)</section>`)
	sections := map[string]string{}
	for _, m := range sectionRe.FindAllStringSubmatch(dom, -1) {
		sections[m[1]] = m[2]
	}
	lines, targets := 0, 0
	for _, ind := range cfg.Indicators {
		sec, ok := sections[ind.ID]
		if !ok {
			t.Errorf("indicator %s: no section", ind.ID)
			continue
		}
		if !strings.Contains(sec, "<h3>"+ind.Title+"</h3>") {
			t.Errorf("indicator %s: title %s missing", ind.ID, ind.Title)
		}
		for _, s := range []*config.Series{ind.Level, ind.Growth} {
			if s == nil {
				continue
			}
			i := strings.Index(sec, "<code>"+s.Metric+"</code>")
			if i < 0 {
				t.Errorf("indicator %s: no chart of %s", ind.ID, s.Metric)
				continue
			}
			chart := sec[i:]
			j := strings.Index(chart, `<svg class="chart"`)
			if j < 0 {
				t.Errorf("indicator %s: the chart of %s has no svg", ind.ID, s.Metric)
				continue
			}
			chart = chart[j:]
			chart = chart[:strings.Index(chart, "</svg>")]
			if !strings.Contains(chart, `<path class="axes"`) {
				t.Errorf("indicator %s: the chart of %s has no axes", ind.ID, s.Metric)
			}
			regions := strings.Count(chart, `<g class="region"`)
			if seedKinds[s.Metric+" actual"] && regions == 0 {
				t.Errorf("indicator %s: the seeds have actual figures of %s but its chart draws no region", ind.ID, s.Metric)
			}
			lines += regions
			marks := strings.Count(chart, `<g class="target `)
			if seedTargets[s.Metric] && marks == 0 {
				t.Errorf("indicator %s: the seeds have a year's target of %s but its chart draws none", ind.ID, s.Metric)
			}
			targets += marks
		}
	}
	if lines == 0 || targets == 0 {
		t.Errorf("the charts draw %d lines and %d targets; the seeds have both", lines, targets)
	}

	shot := filepath.Join(t.TempDir(), "landing.png")
	chromium(t, "--screenshot="+shot, "--window-size=1280,2400", url)
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 20_000 {
		t.Errorf("screenshot %s: %d bytes, not a PNG of a rendered page", shot, len(png))
	}
	t.Logf("screenshot: %s", shot)
	if *landingUpdate {
		if err := os.WriteFile("../docs/landing.png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// seedYearTargets tells the metrics of which the seeds give a year's target (period 1-12),
// which the landing page draws beside the figures of that year.
func seedYearTargets(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, s := range seedSamples(t) {
		if s.Labels["kind"] == "target" && s.Labels["period"] == "1-12" {
			out[s.Name] = true
		}
	}
	return out
}
