package extract_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/report-exporter/report_exporter/extract"
)

// largeReport returns a report of more than 16 MiB: a title, lines of prose without figures,
// then every report of the real corpus, so that the figures stand in the last pieces, hundreds
// of thousands of lines in.
func largeReport(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("沈丘县2023年国民经济和社会发展统计公报\r\n")
	for b.Len() < 17<<20 {
		b.WriteString("全县上下坚持稳中求进工作总基调。\n统筹发展和安全,经济运行总体平稳,\n社会大局和谐稳定。\n")
	}
	paths, err := filepath.Glob("testdata/real/reports/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no real reports: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return b.Bytes()
}

// TestLargeReport checks that a large report, read a piece at a time, gives what it gives read
// whole, line numbers included; and that one that only decodes whole is read whole.
func TestLargeReport(t *testing.T) {
	rs := builtinRules(t)
	dir := t.TempDir()
	plain := largeReport(t)
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(bytes.ToValidUTF8(plain, nil))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.txt")
	want, err := rs.Extract(path, bytes.Clone(plain), nil)
	if err != nil {
		t.Fatal(err)
	}
	if last := want.Samples[len(want.Samples)-1].Source.Line; len(want.Samples) < 100 || last < 300_000 {
		t.Fatalf("%d samples, the last on line %d: the figures are not where the test puts them", len(want.Samples), last)
	}
	for name, data := range map[string][]byte{"plain": plain, "gb18030": gbk} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := rs.ExtractFile(extract.OSFS{}, path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read a piece at a time, %d samples; read whole, %d", name, len(got.Samples), len(want.Samples))
			for i := range min(len(got.Samples), len(want.Samples)) {
				if !reflect.DeepEqual(got.Samples[i], want.Samples[i]) {
					t.Fatalf("first difference, sample %d:\n got %+v\nwant %+v", i, got.Samples[i], want.Samples[i])
				}
			}
		}
	}

	// The size limit holds for a report read a piece at a time, and a binary piece is refused.
	if err := os.WriteFile(path, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.ExtractFile(extract.OSFS{MaxBytes: 16 << 20}, path); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("over the limit: %v, want ErrTooLarge", err)
	}
	binary := append(bytes.Clone(plain), strings.Repeat("\x00\x01", 1<<20)...)
	if err := os.WriteFile(path, binary, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.ExtractFile(extract.OSFS{}, path); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary data in a later piece: %v, want a binary file error", err)
	}
}
