package extract

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"sync/atomic"
	"testing"
	"testing/fstest"

	reportexporter "github.com/report-exporter/report_exporter"
)

// seedFS copies the seed reports, with their sidecars, into a MapFS under reports/, and adds
// reports that fail: a bad sidecar, and bytes that do not decode.
func seedFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(reportexporter.Defaults, reportexporter.SeedsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(reportexporter.Defaults, p)
		fsys[path.Join("reports", path.Base(p))] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["reports/000_bad_sidecar.txt"] = &fstest.MapFile{Data: []byte("2022年罗湖区政府工作报告\n")}
	fsys["reports/000_bad_sidecar.txt"+SidecarSuffix] = &fstest.MapFile{Data: []byte("region: [unclosed\n")}
	fsys["reports/zzz_binary.txt"] = &fstest.MapFile{Data: []byte{0, 0xff, 0xfe, 0, 1, 2, 3, 0x80, 0x81}}
	return fsys
}

func TestExtractAll(t *testing.T) {
	rs := defaultRules(t)
	fsys := seedFS(t)
	run := func(workers int) ([]*Result, []string) {
		t.Helper()
		var skipped []string
		var results []*Result
		err := rs.ExtractAll(fsys, []string{"reports"}, workers, func(r *Result) { results = append(results, r) }, func(p string, err error) {
			skipped = append(skipped, fmt.Sprintf("%s: %v", p, err))
		})
		if err != nil {
			t.Fatal(err)
		}
		return results, skipped
	}
	want, wantSkipped := run(1)
	if len(want) == 0 || len(wantSkipped) == 0 {
		t.Fatalf("serial run: %d results, skipped %q; want both", len(want), wantSkipped)
	}
	for i := 1; i < len(want); i++ {
		if want[i-1].File >= want[i].File {
			t.Errorf("results not in walk order: %s before %s", want[i-1].File, want[i].File)
		}
	}
	// The same results, skips and order whatever the number of workers.
	for _, workers := range []int{0, 2, 3, 64} {
		got, skipped := run(workers)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("workers=%d: results differ from the serial run's", workers)
		}
		if !reflect.DeepEqual(skipped, wantSkipped) {
			t.Errorf("workers=%d: skipped %q, want %q", workers, skipped, wantSkipped)
		}
	}

	if err := rs.ExtractAll(fsys, []string{"nope"}, 2, func(*Result) { t.Error("each called") }, func(string, error) { t.Error("skip called") }); err == nil {
		t.Error("missing root: no error")
	}
}

func TestForEach(t *testing.T) {
	f := func(n, workers int) {
		t.Helper()
		calls := make([]atomic.Int32, n)
		ForEach(n, workers, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("ForEach(%d, %d): fn(%d) called %d times", n, workers, i, c)
			}
		}
	}
	f(0, 0)
	f(1, 0)
	f(5, 1)
	f(5, 2)
	f(100, 0)
	f(3, 8)
}

// TestExtractAllSidecars: a report's sidecar is read whether the report is found in a folder
// or given by name, and a report without one is read without.
func TestExtractAllSidecars(t *testing.T) {
	rs := defaultRules(t)
	text := []byte("2022年,全区地区生产总值增长6%。\n")
	fsys := fstest.MapFS{
		"r/a.txt":                 {Data: text},
		"r/a.txt" + SidecarSuffix: {Data: []byte("region: 罗湖区\npublished: 2023-01-12\n")},
		"r/b.txt":                 {Data: text},
		"s/c.txt":                 {Data: text},
		"s/c.txt" + SidecarSuffix: {Data: []byte("region: 福田区\npublished: 2023-01-12\n")},
	}
	regions := map[string]string{}
	err := rs.ExtractAll(fsys, []string{"r", "s/c.txt"}, 1, func(r *Result) {
		regions[r.File] = r.Region
	}, func(p string, err error) { regions[p] = "skipped" })
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"r/a.txt": "罗湖区", "r/b.txt": "skipped", "s/c.txt": "福田区"}
	if !reflect.DeepEqual(regions, want) {
		t.Errorf("regions %v, want %v", regions, want)
	}
}
