package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/intake"
)

func TestDbgDoc(t *testing.T) {
	rs := defaultRules(t)
	for _, f := range strings.Fields(os.Getenv("F")) {
		p := filepath.Join("testdata/real/reports", f+".txt")
		raw, _ := os.ReadFile(p)
		b, _ := intake.Decode(raw)
		var meta *config.Meta
		if side, err := os.ReadFile(p + SidecarSuffix); err == nil {
			meta, _ = config.ParseMeta(p, side)
		}
		d := rs.document(f, b, meta)
		t.Logf("%s: region=%s code=%s published=%s exact=%v year=%d cands=%v", f, d.region, d.regionCode, d.published.Format("2006-01-02"), d.exact, d.year, d.candidates)
	}
}
