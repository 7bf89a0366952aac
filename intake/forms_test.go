package intake_test

import (
	reportexporter "github.com/report-exporter/report_exporter"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/intake"

	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/report-exporter/report_exporter/series"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestFormsGiveSameSamples: a report saved as GB18030, UTF-16, an HTML page, with full-width
// digits or in traditional characters gives the samples the plain UTF-8 text gives, each at
// the same value, labels and time (line numbers may differ in HTML).
func TestFormsGiveSameSamples(t *testing.T) {
	cfg, err := reportexporter.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := extract.NewRuleSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	toTrad := intake.SimplifiedToTraditional()
	fullWidth := strings.NewReplacer("0", "０", "1", "１", "2", "２", "5", "５", "9", "９", ".", "．", "%", "％", "(", "（", ")", "）")
	key := func(s series.Sample) string {
		return s.Name + " " + s.Labels.Region + " " + s.Labels.Kind + " " + s.Labels.Period + " " + s.Labels.Bound + " " +
			s.Time.In(series.China).Format("2006-01-02") + " " + strconv.FormatFloat(s.Value, 'g', -1, 64)
	}
	for name, plain := range intake.Seeds(t) {
		res, err := rs.Extract(name, plain, seedSidecar(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Samples) == 0 {
			t.Fatalf("%s: no samples from the plain text", name)
		}
		want := make([]string, len(res.Samples))
		for i, s := range res.Samples {
			want[i] = key(s)
		}
		text := string(plain)
		forms := map[string][]byte{
			"gb18030":     []byte(intake.Encode(t, simplifiedchinese.GB18030, text)),
			"utf-16le":    intake.UTF16(text, false),
			"utf-16be":    intake.UTF16(text, true),
			"html":        []byte(intake.HTMLPage("报告", strings.Split(text, "\n"))),
			"full-width":  []byte(fullWidth.Replace(text)),
			"traditional": []byte(intake.ToTraditional(text, toTrad)),
		}
		for form, data := range forms {
			got, err := rs.Extract(name, data, seedSidecar(t, name))
			if err != nil {
				t.Errorf("%s as %s: %v", name, form, err)
				continue
			}
			keys := make([]string, len(got.Samples))
			for i, s := range got.Samples {
				keys[i] = key(s)
			}
			if strings.Join(keys, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s as %s gives\n\t%s\nwant\n\t%s", name, form, strings.Join(keys, "\n\t"), strings.Join(want, "\n\t"))
			}
		}
	}
}

// seedSidecar returns the sidecar of a seed report, or nil.
func seedSidecar(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "seeds", name+extract.SidecarSuffix))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
