package intake

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/internal/testutil"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func TestDecode(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		got, err := Decode([]byte(in))
		if err != nil {
			t.Fatalf("Decode(%q): %v", in, err)
		}
		if got != want {
			t.Fatalf("Decode(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	// Encodings.
	f("地区生产总值增长2.0%\n", "地区生产总值增长2.0%\n")
	f("\xEF\xBB\xBF地区生产总值\n", "地区生产总值\n")
	f(string(intakeUTF16("地区\r\n生产总值", false)), "地区\n生产总值")
	f(string(intakeUTF16("地区\r\n生产总值", true)), "地区\n生产总值")
	f(string(intakeUTF16("𠮷野家", false)), "𠮷野家") // a surrogate pair
	f(intakeEncode(t, simplifiedchinese.GB18030, "规上工业增加值增长5.1%\r\n𠮷€"), "规上工业增加值增长5.1%\n𠮷€")
	f(intakeEncode(t, simplifiedchinese.GBK, "固定资产投资完成147.75亿元"), "固定资产投资完成147.75亿元")
	// A UTF-8 file cut inside its last character stays UTF-8.
	f("地区生产总值增长"+"率"[:2], "地区生产总值增长\uFFFD")
	f("地区生产总值\xFF增长2.0%，社会消费品零售总额增长-12.2%", "地区生产总值\uFFFD增长2.0%,社会消费品零售总额增长-12.2%")

	// Line breaks: every CRLF, CR and LF is one line, blank lines included.
	f("a\r\nb\rc\nd", "a\nb\nc\nd")
	f("a\r\r\n\nb", "a\n\n\nb")
	f("\n\n\nx\n\n", "\n\n\nx\n\n")
	f("第一页\n\f第二页\n", "第一页\n第二页\n")

	// Full-width forms and spaces.
	f("增长２．０％", "增长2.0%")
	f("（一）预计全年增长５．５－６％左右；", "(一)预计全年增长5.5-6%左右;")
	f("ＧＤＰ：１２３４５亿元～", "GDP:12345亿元~")
	f("\u3000\u3000一、总体情况", "  一、总体情况")
	f("增长\u00a02.0%\u2002", "增长 2.0% ")
	f("增\u200b长\u200c2.0\u200d%\u2060", "增长2.0%")
	f("国内\uFEFF生产总值", "国内生产总值")
	f("地区生产总值增长2.0%\x07\n", "地区生产总值增长2.0%\n")

	// Traditional characters.
	f("國內生產總值增長6.5%", "国内生产总值增长6.5%")
	f("規模以上工業增加值增長5.1%，一般公共預算收入48.58億元", "规模以上工业增加值增长5.1%,一般公共预算收入48.58亿元")
	f("關於2023年國民經濟和社會發展計劃執行情況的報告", "关于2023年国民经济和社会发展计划执行情况的报告")
	f("乾坤 昇腾 著名", "乾坤 昇腾 著名") // also simplified characters: kept
	// Places.
	f("遼寧 陝西 閩 晉 滬 魯 瀋陽 烏魯木齊 綏化 鄭州 韓城", "辽宁 陕西 闽 晋 沪 鲁 沈阳 乌鲁木齐 绥化 郑州 韩城")

	// What stays as it is.
	f("《政府工作报告》——“稳”字当头。、…·•", "《政府工作报告》——“稳”字当头。、…·•")
	f("a < b > c", "a < b > c")
	f("<\n地区生产总值\n", "<\n地区生产总值\n")
	f("  \t缩进\t  ", "  \t缩进\t  ")

	// HTML.
	f("<p>a</p><p>b</p>", "a\nb\n")
	f("<!DOCTYPE html>\n<html>\n  <head>\n    <title> 罗湖区 政府工作报告 </title>\n    <style>p { margin: 0 }</style>\n  </head>\n  <body>\n    <p>增长&nbsp;2.0&#37;</p>\n    <script>var gdp = \"增长9.9%\";</script>\n  </body>\n</html>\n",
		"罗湖区 政府工作报告\n增长 2.0%\n")
	f("<html><body><table><tr><td>地区生产总值</td><td>增长2.0%</td></tr><tr><th>GDP</th><td>1.2亿元</td></tr></table></body></html>",
		"地区生产总值 增长2.0%\nGDP 1.2亿元\n")
	f("<div>a<br>b<br><br>c<br><br><br><br>d</div>", "a\nb\n\nc\n\nd\n")
	f("<div><pre>第一行\n  第二行\n\n\n第三行</pre>后</div>", "第一行\n第二行\n\n第三行\n后\n")
	f("<p>&#xFF12;&#xFF10;&#x5104;&#x5143;&amp;&lt;&gt;&quot;</p>", "20亿元&<>\"\n")
	f("<html><head><title>题</title><p>没有body的正文</p>", "题\n没有body的正文\n")
	f("<html><head><meta charset=utf-8><title>题</title></head>正文</html>", "题\n正文\n")
	f("<body><svg><title>图</title><text>1</text><svg>2</svg>3</svg><template><p>模板</p></template><noscript>请启用</noscript>正文</body>", "正文\n")
	f("<ul><li>一</li><li>二</li></ul><ol><li>三</li></ol><h1>四</h1><section>五</section>", "一\n二\n三\n四\n五\n")
	f("<!-- saved page -->\n<div>正文</div>", "正文\n")
	f("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><html><body>正文</body></html>", "正文\n")
	f("<x-report><x-line>正文</x-line></x-report>", "正文\n") // mostly tags
	f("<p>第一段\n  续行</p>\n\n\n<p>第二段</p>", "第一段 续行\n第二段\n")
}

func TestDecodeErrors(t *testing.T) {
	f := func(in string, want error, msg string) {
		t.Helper()
		got, err := Decode([]byte(in))
		if err == nil {
			t.Fatalf("Decode(%q) = %q, want error %q", in, got, msg)
		}
		if !errors.Is(err, want) || err.Error() != msg {
			t.Fatalf("Decode(%q): error %q, want %q", in, err, msg)
		}
	}
	f("", ErrEmptyReport, "empty report")
	f(" \n\t\r\n ", ErrEmptyReport, "empty report")
	f("\xEF\xBB\xBF\u3000\u200b\n", ErrEmptyReport, "empty report")
	f(string(intakeUTF16("  \r\n", false)), ErrEmptyReport, "empty report")
	f("<html><head><title> </title><script>增长2.0%</script></head><body>\n</body></html>", ErrEmptyReport, "empty report")

	f("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrBinaryFile, "binary file, not a report (png image)")
	f("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", ErrBinaryFile, "binary file, not a report (pdf document: convert it to text first)")
	f("PK\x03\x04\x14\x00\x06\x00", ErrBinaryFile, "binary file, not a report (zip archive or office document: save it as text first)")
	f("地区生产总值\x00增长", ErrBinaryFile, "binary file, not a report")
	f("\x01\x02\x03\x04abcdef", ErrBinaryFile, "binary file, not a report")
	f(string(intakeUTF16("a\x00b", false)), ErrBinaryFile, "binary file, not a report")

	f("\xFF\xFF\xFF\xFFab", ErrUndecodable, "undecodable text: 4 of 6 characters are not valid gb18030")
	f("\xFE\xFF\xD8\x00\xD8\x00", ErrUndecodable, "undecodable text: 2 of 2 characters are not valid utf-16be")
}

// TestDecodeSeeds checks that every encoding and spelling of a seed report gives the text of the
// plain file, so that rules proven on the seeds hold however a report was saved.
func TestDecodeSeeds(t *testing.T) {
	seeds := intakeSeeds(t)
	reverse := intakeSimplifiedToTraditional()
	fullWidth := strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５",
		"6", "６", "7", "７", "8", "８", "9", "９", "%", "％", "(", "（", ")", "）", ".", "．", "-", "－")
	for name, plain := range seeds {
		want, err := Decode(plain)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, lines := strings.Count(want, "\n"), bytes.Count(plain, []byte("\n")); got != lines {
			t.Fatalf("%s: %d lines, file has %d", name, got, lines)
		}
		if ref := arabicNumerals(intakeRefFold(string(plain))); want != ref { // numerals: TestArabicNumerals
			t.Fatalf("%s: Decode differs from the reference fold:\n%s", name, intakeFirstDiff(want, ref))
		}
		trad := intakeToTraditional(want, reverse)
		if trad == want {
			t.Fatalf("%s: traditional variant is the same text", name)
		}
		variants := []struct {
			name string
			data []byte
		}{
			{"utf-8 bom", append([]byte("\xEF\xBB\xBF"), plain...)},
			{"utf-16le bom", intakeUTF16(string(plain), false)},
			{"utf-16be bom", intakeUTF16(string(plain), true)},
			{"gb18030", []byte(intakeEncode(t, simplifiedchinese.GB18030, string(plain)))},
			{"crlf", bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n"))},
			{"full-width", []byte(fullWidth.Replace(want))},
			{"ideographic space and zero-width", []byte(strings.NewReplacer(" ", "\u3000", "年", "年\u200b").Replace(want))},
			{"traditional", []byte(trad)},
			{"traditional gb18030", []byte(intakeEncode(t, simplifiedchinese.GB18030, trad))},
		}
		for _, v := range variants {
			got, err := Decode(v.data)
			if err != nil {
				t.Fatalf("%s as %s: %v", name, v.name, err)
			}
			if got != want {
				t.Fatalf("%s as %s:\n%s", name, v.name, intakeFirstDiff(got, want))
			}
		}
	}
}

// TestDecodeSeedsHTML wraps each line of a seed in <p> inside a page whose head, scripts and
// styles hold Chinese and digits a rule could match: none of them may leak into the text.
func TestDecodeSeedsHTML(t *testing.T) {
	for name, plain := range intakeSeeds(t) {
		want, err := Decode(plain)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		page := intakeHTMLPage("罗湖区 &amp; 报告", strings.Split(want, "\n"))
		for _, v := range []struct {
			name string
			data []byte
		}{
			{"utf-8", []byte(page)},
			{"gb18030 with gb2312 meta", []byte(intakeEncode(t, simplifiedchinese.GB18030,
				strings.Replace(page, "<head>", `<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, 1)))},
		} {
			got, err := Decode(v.data)
			if err != nil {
				t.Fatalf("%s as %s: %v", name, v.name, err)
			}
			lines := intakeTextLines(got)
			if len(lines) == 0 || lines[0] != "罗湖区 & 报告" {
				t.Fatalf("%s as %s: first line %q, want the title", name, v.name, lines)
			}
			if a, b := strings.Join(lines[1:], "\n"), strings.Join(intakeTextLines(want), "\n"); a != b {
				t.Fatalf("%s as %s: lines differ:\n%s", name, v.name, intakeFirstDiff(a, b))
			}
			for _, leak := range []string{"9.9", "脚本", "样式", "导航"} {
				if strings.Contains(got, leak) && !strings.Contains(want, leak) {
					t.Fatalf("%s as %s: %q leaked into the text", name, v.name, leak)
				}
			}
		}
	}
}

// intakeFixtures are the sources of the files in testdata/intake: each is written in its
// encoding by -intake.update, and its decoded text beside it as NAME.want.
var intakeFixtures = []struct {
	file string
	enc  encoding.Encoding // nil: UTF-16LE with BOM
	text string
}{
	{"gb18030.txt", simplifiedchinese.GB18030, "深圳市罗湖区2022年上半年国民经济和社会发展计划执行情况报告\r\n" +
		"\r\n" +
		"\u3000\u3000——地区生产总值（GDP）增长２．０％；\r\n" +
		"\u3000\u3000——社会消费品零售总额增长-12.2%；\r\n" +
		"\u3000\u3000——固定资产投资完成147.75亿元，同比增长€1；𠮷野家\r\n" +
		"\u3000\u3000——地方一般公共预算收入完成48.58亿元。\r\n"},
	{"gbk.html", simplifiedchinese.GBK, `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<HTML>
<HEAD>
<META http-equiv="Content-Type" content="text/html; charset=gb2312">
<TITLE>2023年福田区政府工作报告_福田政府在线</TITLE>
<STYLE type="text/css">.nav { width: 960px } /* 增长9.9% */</STYLE>
<SCRIPT type="text/javascript">var visits = "增长9.9%"; document.write("<p>脚本</p>");</SCRIPT>
</HEAD>
<BODY>
<DIV class="nav"><A href="/">首页</A> &gt; <A href="/zwgk/">政务公开</A></DIV>
<DIV class="content">
<P>　　一、2022年工作回顾</P>
<P>　　地区生产总值增长&nbsp;2.0%，规模以上工业增加值增长０．５％。</P>
<TABLE>
<TR><TD>指标</TD><TD>2022年</TD><TD>增速</TD></TR>
<TR><TD>一般公共预算收入</TD><TD>48.58亿元</TD><TD>-5.1%</TD></TR>
</TABLE>
<P>城镇登记失业率<BR>控制在3%以内</P>
</DIV>
<NOSCRIPT>请开启脚本 增长9.9%</NOSCRIPT>
</BODY>
</HTML>
`},
	{"big5.html", traditionalchinese.Big5, `<html><head><meta charset="big5"><title>政府工作報告</title></head>
<body><p>國內生產總值增長6.5%，規模以上工業增加值增長5.1%。</p>
<p>一般公共預算收入完成48.58億元，固定資產投資總額增長10%。</p></body></html>
`},
	{"utf16le.txt", nil, "\u3000\u3000——地区生产总值（GDP）增长2.0%；\r\n\r\n\u3000\u3000——规模以上工业增加值增长0.5%。\r\n"},
}

func TestDecodeFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "intake")
	for _, fx := range intakeFixtures {
		path := filepath.Join(dir, fx.file)
		if testutil.Update() {
			var data []byte
			if fx.enc == nil {
				data = intakeUTF16(fx.text, false)
			} else {
				data = []byte(intakeEncode(t, fx.enc, fx.text))
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Decode(data)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if err := os.WriteFile(path+".want", []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(data) {
			t.Fatalf("%s: fixture is valid UTF-8, so it tests no other encoding", path)
		}
		want, err := os.ReadFile(path + ".want")
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if got != string(want) {
			t.Fatalf("%s:\n%s", path, intakeFirstDiff(got, string(want)))
		}
	}
	// What a reader of the golden files would check by eye.
	f := func(file string, lines ...string) {
		t.Helper()
		want, err := os.ReadFile(filepath.Join(dir, file+".want"))
		if err != nil {
			t.Fatal(err)
		}
		if got := intakeTextLines(string(want)); strings.Join(got, "\n") != strings.Join(lines, "\n") {
			t.Fatalf("%s: lines\n%q\nwant\n%q", file, got, lines)
		}
	}
	f("gbk.html",
		"2023年福田区政府工作报告_福田政府在线",
		"首页 > 政务公开",
		"一、2022年工作回顾",
		"地区生产总值增长 2.0%,规模以上工业增加值增长0.5%。",
		"指标 2022年 增速",
		"一般公共预算收入 48.58亿元 -5.1%",
		"城镇登记失业率",
		"控制在3%以内")
	f("big5.html",
		"政府工作报告",
		"国内生产总值增长6.5%,规模以上工业增加值增长5.1%。",
		"一般公共预算收入完成48.58亿元,固定资产投资总额增长10%。")
}

// TestTraditionalTable guards the table's two promises: folding twice changes nothing, and text
// already in simplified characters comes out as it went in.
func TestTraditionalTable(t *testing.T) {
	rs := []rune(traditionalPairs)
	if len(rs)%2 != 0 {
		t.Fatalf("traditionalPairs has an odd number of characters")
	}
	keys := map[rune]bool{}
	for i := 0; i < len(rs); i += 2 {
		if rs[i] < 0x4E00 || rs[i] > 0x9FFF {
			t.Fatalf("%c (U+%04X) is outside the table's block", rs[i], rs[i])
		}
		if keys[rs[i]] {
			t.Fatalf("%c is listed twice", rs[i])
		}
		if rs[i] == rs[i+1] {
			t.Fatalf("%c maps to itself", rs[i])
		}
		if i > 0 && rs[i] < rs[i-2] {
			t.Fatalf("%c is out of order", rs[i])
		}
		keys[rs[i]] = true
	}
	for i := 1; i < len(rs); i += 2 {
		if keys[rs[i]] {
			t.Fatalf("simplified %c is also a traditional key: folding would not be idempotent", rs[i])
		}
	}
	const mustHave = "億萬增長總值規模資產發區縣額預計劃財政預算級與內減壓實現業產經濟國民營達構關於會議報告穩幣動點數據較項個隻為這區務擴"
	const alike = "增值模政算民告" // written alike in both scripts: no entry needed
	for _, r := range mustHave {
		if tradSimp[r-0x4E00] == 0 && !strings.ContainsRune(alike, r) {
			t.Errorf("%c missing from the table", r)
		}
	}
	if len(keys) < 300 {
		t.Fatalf("only %d traditional characters", len(keys))
	}
	for name, plain := range intakeSeeds(t) {
		for _, r := range string(plain) {
			if keys[r] {
				t.Fatalf("%s: simplified report uses %c, which the table would change", name, r)
			}
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	seeds := intakeSeeds(b)
	var all []byte
	for _, s := range seeds {
		all = append(all, s...)
	}
	variants := []struct {
		name string
		data []byte
	}{
		{"utf-8", all},
		{"utf-8 traditional", []byte(intakeToTraditional(string(all), intakeSimplifiedToTraditional()))},
		{"gb18030", []byte(intakeEncode(b, simplifiedchinese.GB18030, string(all)))},
		{"utf-16le", intakeUTF16(string(all), false)},
		{"html", []byte(intakeHTMLPage("报告", strings.Split(string(all), "\n")))},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(v.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(v.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTextPasses times the passes after the fold, on the seeds' text: Chinese numerals
// (the seeds write 二〇三五年) and pinyin, on text without annotations and on text with one after
// every character of its first lines.
func BenchmarkTextPasses(b *testing.B) {
	var all strings.Builder
	for _, s := range intakeSeeds(b) {
		all.Write(s)
	}
	text := all.String()
	var annotated strings.Builder
	for i, line := range strings.SplitAfter(text, "\n") {
		if i%10 == 0 {
			line = strings.ReplaceAll(line, "增长", "增(zeng)长(zhang)")
		}
		annotated.WriteString(line)
	}
	for _, p := range []struct {
		name string
		pass func(string) string
		text string
	}{
		{"numerals", arabicNumerals, text},
		{"pinyin/none", stripPinyin, text},
		{"pinyin/annotated", stripPinyin, annotated.String()},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(p.text)))
			for b.Loop() {
				p.pass(p.text)
			}
		})
	}
}

func intakeSeeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no seed reports in ../seeds: %v", err)
	}
	seeds := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		seeds[filepath.Base(p)] = data
	}
	return seeds
}

func intakeEncode(tb testing.TB, enc encoding.Encoding, s string) string {
	tb.Helper()
	out, err := enc.NewEncoder().String(s)
	if err != nil {
		tb.Fatalf("encode: %v", err)
	}
	return out
}

func intakeUTF16(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(units))
	if bigEndian {
		out = append(out, 0xFE, 0xFF)
	} else {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// intakeSimplifiedToTraditional reverses the table, taking the first traditional form of each
// simplified character.
func intakeSimplifiedToTraditional() map[rune]rune {
	rs := []rune(traditionalPairs)
	m := map[rune]rune{}
	for i := 0; i+1 < len(rs); i += 2 {
		if _, ok := m[rs[i+1]]; !ok {
			m[rs[i+1]] = rs[i]
		}
	}
	return m
}

func intakeToTraditional(s string, m map[rune]rune) string {
	return strings.Map(func(r rune) rune {
		if t, ok := m[r]; ok {
			return t
		}
		return r
	}, s)
}

// intakeRefFold is a slow, obvious statement of the folding Decode does on plain text, to check
// the fast one against.
func intakeRefFold(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	trad := map[rune]rune{}
	rs := []rune(traditionalPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		trad[rs[i]] = rs[i+1]
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r >= 0x7F && r < 0xA0, r == 0xAD, r >= 0x200B && r <= 0x200F, r == 0x2060, r == 0xFEFF:
			return -1
		case r == 0xA0 || r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 ||
			r == 0x202F || r == 0x205F || r == 0x3000:
			return ' '
		}
		if s, ok := trad[r]; ok {
			return s
		}
		return r
	}, s)
}

// intakeHTMLPage is a page as a government site serves it: a head with a title, styles and
// scripts holding text a rule could match, navigation in a script, and each line in its own <p>.
func intakeHTMLPage(title string, lines []string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + title + "</title>\n")
	b.WriteString("<style>\n/* 样式 增长9.9% */ .x::before { content: \"增长9.9%\"; }\n</style>\n")
	b.WriteString("<script>var nav = \"导航 地区生产总值增长9.9%\"; if (1 < 2) { document.title += \"脚本\"; }</script>\n")
	b.WriteString("</head>\n<body>\n<div class=\"article\">\n")
	for _, l := range lines {
		b.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
	}
	b.WriteString("</div>\n<script type=\"text/javascript\">\n  // 脚本: 增长9.9%\n</script>\n</body>\n</html>\n")
	return b.String()
}

// intakeTextLines returns the non-blank lines with their spaces collapsed, the way HTML text
// compares with plain text.
func intakeTextLines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if f := strings.Fields(l); len(f) > 0 {
			out = append(out, strings.Join(f, " "))
		}
	}
	return out
}

func intakeFirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, a, b)
		}
	}
	return "(no line differs)"
}

// TestStripPinyin: the pinyin a site puts after a character goes; a parenthesis of plain Latin
// letters, or not after a character, stays.
func TestStripPinyin(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := stripPinyin(in); got != want {
			t.Errorf("stripPinyin(%q) = %q, want %q", in, got, want)
		}
	}
	f("國民經(jīng)濟和社會發(fā)展統(tǒng)計公報", "國民經濟和社會發展統計公報")
	f("地區(qū)生產總值(GDP)", "地區生產總值(GDP)")
	f("生产总值(gdp)增长(ā)", "生产总值(gdp)增长")
	f("(jīng) at the start", "(jīng) at the start")
	f("no marks (abc)", "no marks (abc)")
	// Plain syllables, where a line holds two or more, and an annotation after another.
	f("同(tong)比(bi)增(zeng)(zeng)长(zhang)(zhang)7.6%\n附件(a)\n", "同比增长7.6%\n附件(a)\n")
	f("来源(yuan):长沙(sha)县", "来源:长沙县")
	f("生产总值(gdp)和(he)人均(gdp)", "生产总值(gdp)和(he)人均(gdp)")
}

// TestDecodeUTF16WithoutBOM: a report saved as UTF-16 without a byte order mark reads as text,
// little- or big-endian; binary data with NULs is still binary.
func TestDecodeUTF16WithoutBOM(t *testing.T) {
	text := "罗湖区2022年地区生产总值4759亿元,增长3%。\n"
	for _, be := range []bool{false, true} {
		data := intakeUTF16(text, be)[2:] // without its BOM
		got, err := Decode(data)
		if err != nil || got != text {
			t.Errorf("big-endian %v: Decode = %q, %v; want %q", be, got, err, text)
		}
	}
	if _, err := Decode([]byte("\x00\x01\x02\x03binary\x00\x00")); err == nil {
		t.Error("binary data decoded as text")
	}
}

// TestArabicNumerals: dates, shares and amounts in Chinese numerals are written in Arabic
// digits; ordinals, plan names, counts and rough figures stay.
func TestArabicNumerals(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := arabicNumerals(in); got != want {
			t.Errorf("arabicNumerals(%q) = %q, want %q", in, got, want)
		}
		// Decode writes them so too: the fold sees where a numeral may stand, in traditional
		// characters as well.
		for _, text := range []string{in, intakeToTraditional(in, intakeSimplifiedToTraditional())} {
			if got, err := Decode([]byte(text)); err != nil || got != want {
				t.Errorf("Decode(%q) = %q, %v; want %q", text, got, err, want)
			}
		}
	}
	// Dates.
	f("——二〇二三年一月十日在梧州市第十五届人民代表大会第三次会议上", "——2023年1月10日在梧州市第十五届人民代表大会第三次会议上")
	f("二○二二年十二月二十八日", "2022年12月28日")
	f("二00四年,全区", "2004年,全区")
	f("一九九八年", "1998年")
	f("2023年二月三日", "2023年2月3日")
	f("2023年三季度", "2023年三季度")
	f("二〇二三年一季度", "2023年一季度")
	f("一二三四年", "一二三四年")
	f("十二月,", "十二月,")
	// Shares.
	f("增长百分之五点二,下降百分之十七", "增长5.2%,下降17%")
	f("百分之百完成", "100%完成")
	f("提高百分之零点五", "提高0.5%")
	f("增长百分之十几", "增长百分之十几")
	f("提高五个百分点", "提高5个百分点")
	// Amounts.
	f("完成二百三十五点六亿元", "完成235.6亿元")
	f("二千零一十五亿元", "2015亿元")
	f("一百零五万元", "105万元")
	f("两万元", "2万元")
	f("一万零二百九十七亿元、一万两千三百亿元、三万五千元、十万亿元", "10297亿元、12300亿元、35000元、10万亿元")
	f("两万四千八百个", "两万四千八百个")
	f("三十元", "30元")
	f("城乡二元结构", "城乡二元结构")
	f("几十亿元、数十万元、上百亿元、二三十亿元、两三万元、十多亿元", "几十亿元、数十万元、上百亿元、二三十亿元、两三万元、十多亿元")
	// Neither.
	f("第十四届、十四五规划、三大任务、一季度、1-11月", "第十四届、十四五规划、三大任务、一季度、1-11月")
	f("地区生产总值增长2.0%\n", "地区生产总值增长2.0%\n")
	f("过去一年,一年来,这一年,2023年,三季度,千万元以上", "过去一年,一年来,这一年,2023年,三季度,千万元以上")
	f("增长百分之五十,投资五十亿元", "增长50%,投资50亿元")
}
