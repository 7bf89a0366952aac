package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
	paths, err := filepath.Glob("testdata/real/reports/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no real reports: %v", err)
	}
	var b bytes.Buffer
	b.WriteString("福田区2022年国民经济和社会发展统计公报\n")
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	data := bytes.ToValidUTF8(b.Bytes(), []byte("\uFFFD"))
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
