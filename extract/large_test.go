package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/report-exporter/report_exporter/intake"
)

// TestPieces: pieces end at line ends and give the report back whole, and the size limit
// holds while the report is read, whatever its file said.
func TestPieces(t *testing.T) {
	text := strings.Repeat("地区生产总值增长5%。\n没有换行的一行很长很长很长很长很长很长很长很长很长很长很长很长", 50)
	p := &pieces{r: strings.NewReader(text), size: 64, limit: 1 << 20}
	var got []byte
	for {
		piece, err := p.next(1)
		if err != nil {
			t.Fatal(err)
		}
		if piece == nil {
			break
		}
		if !p.eof && !bytes.HasSuffix(piece, []byte("\n")) {
			t.Fatalf("piece %q ends inside a line", piece)
		}
		got = append(got, piece...)
	}
	if string(got) != text {
		t.Errorf("pieces give %d bytes back, want %d", len(got), len(text))
	}

	p = &pieces{r: strings.NewReader(text), size: 64, limit: 100}
	var err error
	for piece := []byte{}; err == nil && piece != nil; piece, err = p.next(1) {
	}
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("a report past the limit: %v, want ErrTooLarge", err)
	}
}

// TestExtractPieces: a report read in small pieces, cut inside its paragraphs and between
// lines that are read as one, gives what it gives read whole, line numbers included.
func TestExtractPieces(t *testing.T) {
	rs := defaultRules(t)
	data := realCorpusReport(t, "福田区2022年国民经济和社会发展统计公报\n", 0)
	want, err := rs.Extract("report.txt", bytes.Clone(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Samples) < 500 {
		t.Fatalf("%d samples: the report is not the one the test means", len(want.Samples))
	}
	for _, size := range []int{intake.ChunkMin, 100 << 10} {
		p := &pieces{r: bytes.NewReader(bytes.Clone(data)), size: size, limit: 1 << 40}
		got, err := rs.extractPieces("report.txt", p, int64(len(data)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pieces of %d bytes: %d samples, whole: %d", size, len(got.Samples), len(want.Samples))
		}
	}
}

// TestLargeReport checks that a large report, read a piece at a time, gives what it gives read
// whole, line numbers included; and that one that only decodes whole is read whole.
func TestLargeReport(t *testing.T) {
	rs := defaultRules(t)
	dir := t.TempDir()
	plain := realCorpusReport(t, "沈丘县2023年国民经济和社会发展统计公报\r\n", 17<<20)
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
		got, err := rs.ExtractFile(OSFS{}, path)
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
	if _, err := rs.ExtractFile(OSFS{MaxBytes: 16 << 20}, path); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v, want ErrTooLarge", err)
	}
	binary := append(bytes.Clone(plain), strings.Repeat("\x00\x01", 1<<20)...)
	if err := os.WriteFile(path, binary, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.ExtractFile(OSFS{}, path); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary data in a later piece: %v, want a binary file error", err)
	}
}

// realCorpusReport returns one report made of title, at least fill bytes of prose without
// figures, then every report of the real corpus, its bad UTF-8 replaced: a report whose
// figures stand many pieces and lines in.
func realCorpusReport(tb testing.TB, title string, fill int) []byte {
	tb.Helper()
	var b bytes.Buffer
	b.WriteString(title)
	for b.Len() < fill {
		b.WriteString("全县上下坚持稳中求进工作总基调。\n统筹发展和安全,经济运行总体平稳,\n社会大局和谐稳定。\n")
	}
	paths, err := filepath.Glob("testdata/real/reports/*.txt")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no real reports: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return bytes.ToValidUTF8(b.Bytes(), []byte("\uFFFD"))
}
