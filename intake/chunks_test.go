package intake

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodePieces decodes data with Chunks, cut after every cut-th line end, the first piece
// holding at least the opening first bytes.
func decodePieces(data []byte, cut, first int) (string, error) {
	var c Chunks
	var b strings.Builder
	for rest := data; len(rest) > 0; {
		n, lines := len(rest), 0
		for i, ch := range rest {
			if ch == '\n' && (b.Len() > 0 || i >= first) {
				if lines++; lines == cut {
					n = i + 1
					break
				}
			}
		}
		text, err := c.Decode(bytes.Clone(rest[:n]))
		if err != nil {
			return "", err
		}
		b.WriteString(text)
		rest = rest[n:]
	}
	return b.String(), c.Close()
}

func TestChunks(t *testing.T) {
	// The seeds are plain text: cut anywhere, even in their first 64 KB.
	for name, data := range intakeSeeds(t) {
		want, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		// Traditional characters, CRLF, full-width forms and pinyin in every piece.
		odd := []byte(strings.ReplaceAll(intakeToTraditional(string(data), intakeSimplifiedToTraditional()), "\n", "\r\n") + "經(jīng)濟增长５％\r\n")
		wantOdd, err := Decode(odd)
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{1, 2, 7, 1000} {
			if got, err := decodePieces(data, cut, 0); err != nil || got != want {
				t.Errorf("%s in pieces of %d lines: %v, text equal: %t", name, cut, err, got == want)
			}
			if got, err := decodePieces(odd, cut, 0); err != nil || got != wantOdd {
				t.Errorf("%s, traditional with CRLF, in pieces of %d lines: %v, text equal: %t", name, cut, err, got == wantOdd)
			}
		}
	}
	// What only the whole report can be decoded from.
	for _, first := range [][]byte{
		intakeUTF16("地区\n", false),
		[]byte(intakeEncode(t, simplifiedchinese.GB18030, "规上工业增加值增长5.1%\n")),
		[]byte("<html><body><p>增长2%</p>\n"),
		[]byte("%PDF-1.4\n"),
	} {
		var c Chunks
		if _, err := c.Decode(first); !errors.Is(err, ErrNotChunked) {
			t.Errorf("first piece %q: %v, want ErrNotChunked", first, err)
		}
	}
	// A later piece that is not text, or not UTF-8.
	var c Chunks
	if _, err := c.Decode([]byte("地区生产总值增长2%\n")); err != nil {
		t.Fatal(err)
	}
	if text, err := c.Decode([]byte("地区生产总值增长\xff3%\n")); err != nil || text != "地区生产总值增长\uFFFD3%\n" {
		t.Errorf("a piece with a bad byte: %q, %v", text, err)
	}
	if _, err := c.Decode([]byte("\xd6\xd0\xce\xc4\xb5\xd8\xc7\xf8\n")); !errors.Is(err, ErrUndecodable) {
		t.Errorf("a piece in GB18030: %v, want ErrUndecodable", err)
	}
	if _, err := c.Decode([]byte("a\x00b\n")); !errors.Is(err, ErrBinaryFile) {
		t.Errorf("a piece with a NUL: %v, want ErrBinaryFile", err)
	}
	var blank Chunks
	if _, err := blank.Decode([]byte(" \n\n")); err != nil {
		t.Fatal(err)
	}
	if err := blank.Close(); !errors.Is(err, ErrEmptyReport) {
		t.Errorf("blank report: %v, want ErrEmptyReport", err)
	}
}

// FuzzChunks checks that UTF-8 text decoded piece by piece is the text decoded whole.
func FuzzChunks(f *testing.F) {
	f.Add([]byte("地区生产总值增长2.0%\n固定资产投资完成147.75亿元\n\n二、2024年计划\n"), uint8(0))
	f.Add([]byte("\xEF\xBB\xBF地区\r\n<p>增长</p>\n"), uint8(2))
	f.Add([]byte("（一）預計全年增長５．５－６％左右；\r\n\u3000\u3000——規模以上工業增加值\u200b增長0.5%\r\n經(jīng)濟\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		whole, wholeErr := Decode(data)
		// Cut anywhere, unless the whole is an HTML page: that is told from its opening only.
		first := 0
		if utf8.Valid(data) && sniffHTML(foldedHead(data)) {
			first = ChunkMin
		}
		pieces, err := decodePieces(data, int(cut%8)+1, first)
		if !utf8.Valid(data) {
			return // the whole may be read as GB18030, where later pieces are read as damaged UTF-8
		}
		switch {
		case errors.Is(err, ErrNotChunked):
		case err == nil && wholeErr == nil:
			if pieces != whole {
				t.Fatalf("%q: in pieces %q, whole %q", data, pieces, whole)
			}
		case err == nil:
			t.Fatalf("%q: decoded in pieces, but whole: %v", data, wholeErr)
		case !errors.Is(err, ErrBinaryFile) && !errors.Is(err, ErrEmptyReport) && !errors.Is(err, ErrUndecodable):
			t.Fatalf("%q: in pieces: %v", data, err)
		}
	})
}
