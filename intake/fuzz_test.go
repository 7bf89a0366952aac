package intake

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds Decode arbitrary bytes: it must not panic, must give valid UTF-8, must keep
// the lines of plain UTF-8 text, must be a fixed point on its own output, since reports pass
// through it again when a decoded copy is saved and read back, and must give what DecodeOwned
// gives.
func FuzzDecode(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "intake", "*"))
	for _, p := range paths {
		if strings.HasSuffix(p, ".want") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"地区生产总值增长2.0%\n",
		"（一）預計全年增長５．５－６％左右；\r\n\u3000\u3000——規模以上工業增加值\u200b增長0.5%\r",
		"<p>增长&nbsp;2.0&#37;</p><script>9.9%</script>",
		"<html><head><title>题</title></head><body><table><tr><td>a</td><td>b</td></tr></table><br><br>c</body></html>",
		"\xEF\xBB\xBF地区\n",
		"\xFF\xFE\x30\x57\x3A\x53\n\x00",
		"\xD6\xD0\xCE\xC4\r\n",
		"<meta charset=big5><p>\xB0\xEA\xA4\xBA</p>",
		"\x89PNG\r\n\x1a\n",
		"——二〇二三年一月十日在第十五届会议上\n增长百分之五点二,完成二百三十五点六亿元,提高五个百分点\n",
		"同(tong)比(bi)增(zeng)(zeng)长(zhang)(zhang)7.6%\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Decode(data)
		// Folding in place gives what folding into new memory gives.
		if owned, ownedErr := DecodeOwned(bytes.Clone(data)); owned != out || fmt.Sprint(ownedErr) != fmt.Sprint(err) {
			t.Fatalf("DecodeOwned(%q) = %q, %v; Decode: %q, %v", data, owned, ownedErr, out, err)
		}
		if err != nil {
			if out != "" {
				t.Fatalf("error %v with output %q", err, out)
			}
			return
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 output %q", out)
		}
		if isBlank(out) {
			t.Fatalf("blank output %q without error", out)
		}
		if strings.ContainsAny(out, "\x00\r\u200b\ufeff\u3000") {
			t.Fatalf("output %q holds characters the fold removes", out)
		}
		if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 && !strings.HasPrefix(string(data), "\xEF\xBB\xBF") && !sniffHTML(intakeRefFold(string(data))) {
			// Plain UTF-8 text (a NUL makes it UTF-16 or binary): the lines are kept and the fold is the obvious one.
			want := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") - strings.Count(string(data), "\r\n")
			if got := strings.Count(out, "\n"); got != want {
				t.Fatalf("%d lines out of %d: %q -> %q", got, want, data, out)
			}
			// The pinyin and numerals are TestStripPinyin's and TestArabicNumerals'.
			if ref := arabicNumerals(stripPinyin(intakeRefFold(string(data)))); out != ref {
				t.Fatalf("Decode(%q) = %q, reference fold %q", data, out, ref)
			}
		}
		if sniffHTML(out) {
			return // the text of a page is itself markup: decoding it again parses it
		}
		again, err := Decode([]byte(out))
		if err != nil {
			t.Fatalf("Decode(%q) = %q, decoding that again: %v", data, out, err)
		}
		if again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", data, out, again)
		}
	})
}
