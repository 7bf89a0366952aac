package intake

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Errors of Decode, for callers that skip files which are not reports rather than fail on them.
var (
	// ErrEmptyReport is returned for a report with no text but whitespace.
	ErrEmptyReport = errors.New("empty report")
	// ErrBinaryFile is returned for a file that is not text at all: an image, a PDF, an archive.
	ErrBinaryFile = errors.New("binary file, not a report")
	// ErrUndecodable is returned for text in an encoding Decode does not know.
	ErrUndecodable = errors.New("undecodable text")
)

// Decode turns a report's bytes into normalized UTF-8 text, one report line per text line.
//
// Reports reach us as they were saved from government sites: UTF-8 with or without a byte order
// mark, UTF-16 from Windows tools, GB18030/GBK from older pages, or whole HTML pages. Decode
// finds the encoding (a BOM first, then UTF-8 if the bytes are UTF-8, then the charset of an HTML
// page's meta tag, else GB18030), extracts the text of HTML pages, and folds the variant forms
// report writers use for the same thing so that the rules need to know only one: full-width
// digits and punctuation become ASCII, odd spaces become a space, invisible characters go,
// traditional characters become simplified, and dates, shares and amounts in Chinese numerals
// (二〇二三年一月十日, 百分之五点二, 二百三十五亿元) are written in Arabic digits. Chinese
// punctuation with no ASCII twin (。、“”《》——) stays as it is.
//
// For plain text the line count is kept, line N of the file being line N of the result, since
// samples cite their line. An HTML page has no such lines; its text gets one line per block
// (paragraph, heading, list item, table row), the page title first.
//
// Decode(Decode(x)) is Decode(x) unless the text of an HTML page is itself markup.
func Decode(data []byte) (string, error) { return decode(data, false) }

// DecodeOwned is Decode for bytes the caller hands over: the text is data's own memory where
// nothing needed folding, rather than a copy. The caller must neither read nor write data
// afterwards.
func DecodeOwned(data []byte) (string, error) { return decode(data, true) }

func decode(data []byte, owned bool) (string, error) {
	raw, lossy, enc, err := decodeBytes(data)
	if err != nil {
		return "", err
	}
	out, changed, st, valid := foldText(nil, raw)
	if !valid {
		raw, lossy, enc, err = decodeNonUTF8(data)
		if err != nil {
			return "", err
		}
		out, changed, st, _ = foldText(nil, raw)
	}
	if st.nul > 0 || st.control*10 > st.runes {
		return "", ErrBinaryFile
	}
	if lossy && st.invalid*10 > st.runes {
		return "", fmt.Errorf("%w: %d of %d characters are not valid %s", ErrUndecodable, st.invalid, st.runes, enc)
	}
	var text string
	if owned || changed {
		text = ownString(out)
	} else {
		text = string(out) // the caller's bytes
	}
	if sniffHTML(text) {
		text = htmlText(text)
	}
	text = arabicNumerals(stripPinyin(text))
	if isBlank(text) {
		return "", ErrEmptyReport
	}
	return text, nil
}

// ownString returns b as a string without copying it: b must be ours alone and never be
// written again.
func ownString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// binaryMagic names the formats people most often mistake for a report's text, so that the
// error says what to do rather than just "binary".
var binaryMagic = []struct{ prefix, kind string }{
	{"%PDF-", "pdf document: convert it to text first"},
	{"PK\x03\x04", "zip archive or office document: save it as text first"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "office document: save it as text first"},
	{"{\\rtf", "rtf document: save it as text first"},
	{"\x89PNG", "png image"},
	{"\xFF\xD8\xFF", "jpeg image"},
	{"GIF8", "gif image"},
}

// utf8BOM is what Windows Notepad puts before UTF-8 text.
var utf8BOM = []byte("\xEF\xBB\xBF")

// decodeBytes returns the text of data as UTF-8, still unnormalized. lossy tells that the
// encoding (named enc) was a guess and invalid sequences were replaced by U+FFFD, so that the
// caller can judge by their share whether the guess was wrong. Text without a UTF-16 BOM comes
// back as it is, unchecked: foldText checks that it is UTF-8 on its way through, which spares a
// pass over every report that is, and decodeNonUTF8 takes over for those that are not. The
// result may share memory with data.
func decodeBytes(data []byte) (text []byte, lossy bool, enc string, err error) {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return nil, false, "", fmt.Errorf("%w (%s)", ErrBinaryFile, m.kind)
		}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		t, bad := decodeUTF16(data[2:], false)
		return t, bad, "utf-16le", nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		t, bad := decodeUTF16(data[2:], true)
		return t, bad, "utf-16be", nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		// UTF-16 saved without a BOM: a NUL in every other byte of ASCII text (line ends,
		// digits). Else NUL never occurs in UTF-8 or GB18030 text; it is the surest sign of
		// binary data.
		if bigEndian, ok := utf16NoBOM(data); ok {
			t, bad := decodeUTF16(data, bigEndian)
			return t, bad, "utf-16 (no BOM)", nil
		}
		return nil, false, "", ErrBinaryFile
	}
	return bytes.TrimPrefix(data, utf8BOM), false, "utf-8", nil
}

// decodeNonUTF8 decodes text, without NUL or UTF-16 BOM, that is not valid UTF-8: damaged UTF-8,
// or GB18030 (GBK, GB2312), or Big5 where an HTML page says so.
func decodeNonUTF8(data []byte) (text []byte, lossy bool, enc string, err error) {
	if bytes.HasPrefix(data, utf8BOM) {
		// The BOM vouches for UTF-8; judge the replacements only if there are many.
		data = data[len(utf8BOM):]
		return bytes.ToValidUTF8(data, []byte("\uFFFD")), !mostlyUTF8(data), "utf-8", nil
	}
	if mostlyUTF8(data) {
		// A file cut in the middle of a character or with a stray byte is still UTF-8; read as
		// GB18030 it would be garbage from start to end.
		return bytes.ToValidUTF8(data, []byte("\uFFFD")), false, "utf-8", nil
	}
	e := simplifiedchinese.GB18030
	enc = "gb18030"
	if metaCharset(data) == "big5" {
		e, enc = traditionalchinese.Big5, "big5"
	}
	text, err = e.NewDecoder().Bytes(data)
	if err != nil {
		return nil, false, "", fmt.Errorf("%w: as %s: %w", ErrUndecodable, enc, err)
	}
	return text, true, enc, nil
}

// decodeUTF16 decodes UTF-16 without its BOM. bad tells that unpaired surrogates or an odd
// trailing byte were replaced by U+FFFD.
func decodeUTF16(b []byte, bigEndian bool) (out []byte, bad bool) {
	out = make([]byte, 0, len(b)*3/2)
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i]) | rune(b[i+1])<<8
	}
	for i := 0; i+1 < len(b); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if i+3 < len(b) {
				r2 = unit(i + 2)
			}
			if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
				bad = true
			} else {
				i += 2
			}
		}
		out = utf8.AppendRune(out, r)
	}
	if len(b)%2 == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
		bad = true
	}
	return out, bad
}

// utf16NoBOM tells whether data reads as UTF-16 without a byte order mark, and in which
// order: of its first 4 KiB, at least a tenth of the byte pairs hold a NUL on one side only
// (ASCII characters: digits, punctuation, line ends), never on the other, and the length is
// even.
func utf16NoBOM(data []byte) (bigEndian, ok bool) {
	if len(data)%2 != 0 {
		return false, false
	}
	sample := data[:min(len(data), 4096)]
	var even, odd int
	for i := 0; i+1 < len(sample); i += 2 {
		if sample[i] == 0 {
			even++
		}
		if sample[i+1] == 0 {
			odd++
		}
	}
	pairs := len(sample) / 2
	switch {
	case odd*10 >= pairs && even == 0:
		return false, true // little-endian: 'A' is 41 00
	case even*10 >= pairs && odd == 0:
		return true, true
	}
	return false, false
}

// mostlyUTF8 tells whether invalid UTF-8 is UTF-8 with a few damaged bytes rather than another
// encoding. GBK text seldom forms valid UTF-8 sequences by chance, so nearly all its non-ASCII
// characters fail; damaged UTF-8 has a handful of bad runs among many good sequences, or only an
// incomplete character at the end of a file that was cut short.
func mostlyUTF8(b []byte) bool {
	for k := 1; k <= utf8.UTFMax-1 && k < len(b); k++ {
		if utf8.Valid(b[:len(b)-k]) && !utf8.FullRune(b[len(b)-k:]) {
			return true
		}
	}
	good, bad := 0, 0
	inBad := false
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			inBad = false
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if !inBad {
				bad++
				if bad >= 64 && bad*8 > good {
					return false // GBK fails at once; no need to read gigabytes to be sure
				}
			}
			inBad = true
		} else {
			good++
			inBad = false
		}
		i += n
	}
	return bad*8 <= good
}

// metaCharset returns the encoding family ("gb18030", "big5", "utf-8") an HTML page names in a
// meta tag within its first 4 KiB, or "" if it names none that matters here. It looks only at
// ASCII bytes, which all these encodings share, so it works before the encoding is known.
func metaCharset(data []byte) string {
	p := make([]byte, min(len(data), 4096))
	for i := range p {
		c := data[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		p[i] = c
	}
	for {
		i := bytes.Index(p, []byte("<meta"))
		if i < 0 {
			return ""
		}
		p = p[i+len("<meta"):]
		tag := p
		if j := bytes.IndexByte(tag, '>'); j >= 0 {
			tag = tag[:j]
		}
		k := bytes.Index(tag, []byte("charset"))
		if k < 0 {
			continue
		}
		v := bytes.TrimLeft(tag[k+len("charset"):], " \t\r\n")
		if len(v) == 0 || v[0] != '=' {
			continue
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n\"'")
		end := 0
		for end < len(v) && (v[end] == '-' || v[end] == '_' || v[end] == '.' ||
			'a' <= v[end] && v[end] <= 'z' || '0' <= v[end] && v[end] <= '9') {
			end++
		}
		switch string(v[:end]) {
		case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "csgb2312",
			"gb_2312", "gb_2312-80", "chinese", "iso-ir-58", "csiso58gb231280":
			return "gb18030"
		case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5":
			return "big5"
		case "utf-8", "utf8", "unicode-1-1-utf-8":
			return "utf-8"
		}
		return ""
	}
}

// foldStats counts what foldText saw, for telling text from binary data.
type foldStats struct {
	runes   int // characters read
	control int // control characters other than tab and line breaks
	nul     int // NUL characters
	invalid int // U+FFFD replacement characters
}

// foldText normalizes text in one pass: line breaks become LF, full-width ASCII becomes ASCII,
// every kind of space becomes a space, invisible and control characters go and traditional
// characters become simplified. No LF is added or removed beyond CRLF and CR, so line numbers
// survive. The result is appended to dst, or to new memory taken at the first change when dst is
// nil; changed tells whether anything changed, and if not, out is src itself. dst may be src[:0]
// (folding in place): no replacement is longer than what it replaces, so writing never overtakes
// reading. Runs of unchanged bytes are copied whole, which keeps the common case (already clean
// simplified text) close to memcpy speed, and in place with nothing changed yet no copy at all.
// valid is false, and the rest meaningless, if src is not valid UTF-8: checking here rather than
// before saves a pass.
func foldText(dst, src []byte) (out []byte, changed bool, st foldStats, valid bool) {
	start := 0 // start of the run of unchanged bytes not yet written
	// flush writes the unchanged run before i.
	flush := func(i int) {
		if dst == nil {
			dst = make([]byte, 0, len(src))
		}
		changed = true
		dst = append(dst, src[start:i]...)
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			st.runes++
			if c >= 0x20 && c != 0x7F || c == '\n' || c == '\t' {
				i++
				continue
			}
			flush(i)
			var n int
			dst, n = foldControl(dst, src[i:], &st)
			i += n
			start = i
			continue
		}
		var r rune
		var n int
		if c&0xF0 == 0xE0 && i+2 < len(src) && src[i+1]&0xC0 == 0x80 && src[i+2]&0xC0 == 0x80 {
			// Chinese text is three-byte sequences: decoded inline, with the checks of
			// DecodeRune that apply to them (overlong forms, surrogates).
			r, n = rune(c&0x0F)<<12|rune(src[i+1]&0x3F)<<6|rune(src[i+2]&0x3F), 3
			if r < 0x800 || 0xD800 <= r && r <= 0xDFFF {
				return nil, false, st, false
			}
		} else if r, n = utf8.DecodeRune(src[i:]); r == utf8.RuneError && n == 1 {
			return nil, false, st, false
		}
		st.runes++
		var repl rune // what r becomes: -1 to drop it, 0 to keep it
		if 0x4E00 <= r && r <= 0x9FFF {
			// The common case, checked here rather than in foldRune: simplified (an
			// ideograph of the same block, as long), or kept.
			repl = rune(tradSimp[r-0x4E00])
		} else {
			repl = foldRune(r, &st) // ASCII, never longer
		}
		if repl != 0 {
			flush(i)
			if repl > 0 {
				dst = utf8.AppendRune(dst, repl)
			}
			start = i + n
		}
		i += n
	}
	if !changed {
		return src, false, st, true
	}
	flush(len(src))
	return dst, true, st, true
}

// foldControl appends to dst what the ASCII control character that starts src becomes, counts
// it in st, and returns the number of bytes it took: CRLF and CR become LF, the rest go.
func foldControl(dst, src []byte, st *foldStats) ([]byte, int) {
	switch src[0] {
	case '\r':
		dst = append(dst, '\n')
		if len(src) > 1 && src[1] == '\n' {
			return dst, 2
		}
	case 0:
		st.nul++
	case '\f', '\v':
		// Page breaks of pdftotext output: they sit at the start of a page's first
		// line and are not line breaks themselves.
	default:
		st.control++
	}
	return dst, 1
}

// foldRune returns what a character outside the CJK ideographs becomes, -1 to drop it, 0 to
// keep it, and counts the controls and replacement characters in st.
func foldRune(r rune, st *foldStats) rune {
	switch {
	case 0xFF01 <= r && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r < 0xA0: // C1 controls, found where Latin-1 was mistaken for Unicode
		st.control++
		return -1
	case r == utf8.RuneError:
		st.invalid++
		return 0
	}
	switch r {
	case 0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
		0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return ' '
	case 0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF:
		return -1
	case 0x2105: // ℅ typed for % (增长15℅)
		return '%'
	}
	return 0
}

// htmlWindow is how much of a text sniffHTML looks at.
const htmlWindow = 64 << 10

// sniffHTML tells whether text is an HTML page rather than a report that happens to hold a '<':
// it starts with a doctype, an <html> tag or another common element, or it is mostly tags.
func sniffHTML(s string) bool {
	s = s[:min(len(s), htmlWindow)]
	for {
		s = strings.TrimLeft(s, " \t\n")
		var end string
		switch {
		case hasPrefixFold(s, "<?xml"):
			end = "?>"
		case strings.HasPrefix(s, "<!--"):
			end = "-->"
		}
		if end == "" {
			break
		}
		i := strings.Index(s, end)
		if i < 0 {
			return false
		}
		s = s[i+len(end):]
	}
	if len(s) < 2 || s[0] != '<' {
		return false
	}
	if hasPrefixFold(s, "<!doctype html") {
		return true
	}
	name := s[1:]
	for i := 0; i < len(name); i++ {
		if !isASCIIAlnum(name[i]) {
			name = name[:i]
			break
		}
	}
	switch strings.ToLower(name) {
	case "html", "head", "body", "meta", "title", "link", "div", "p", "table", "section",
		"article", "header", "main", "span", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "br":
		return true
	}
	// Mostly tags: markup bytes outweigh the text bytes between tags.
	tags, text := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == '<' && i+1 < len(s) && (s[i+1] == '/' || s[i+1] == '!' || 'a' <= s[i+1]|0x20 && s[i+1]|0x20 <= 'z') {
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				j = len(s) - i - 1
			}
			tags += j + 1
			i += j + 1
			continue
		}
		if c != ' ' && c != '\n' && c != '\t' {
			text++
		}
		i++
	}
	return tags > text
}

// isASCIIAlnum tells whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case, as HTML tag names do.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// htmlText extracts the text of an HTML page: the title as the first line, then one line per
// block element, without scripts, styles or other content a reader never sees. Table cells of a
// row share a line, so that a row such as "地区生产总值 | 增长2.0%" still reads as one phrase.
func htmlText(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	var w htmlTextWriter
	w.body.Grow(len(page) / 2)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyHTMLText(w.title.String(), w.body.String())
		case html.TextToken:
			w.text(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			w.startTag(atom.Lookup(name), tt == html.StartTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			w.endTag(atom.Lookup(name))
		}
	}
}

// htmlTextWriter takes the tokens of a page in turn and writes its text (htmlText).
type htmlTextWriter struct {
	body, title strings.Builder
	skip        atom.Atom // element whose content is being dropped
	skipDepth   int       // nesting of skip inside itself
	inHead      bool
	inTitle     bool
	haveTitle   bool
	pre         int  // depth of <pre>, where line breaks are kept
	lineText    bool // the current line of body has text
}

// endLine ends the current line if it has text: blocks end lines, but the whitespace between
// the blocks of an indented page must not turn into blank lines.
func (w *htmlTextWriter) endLine() {
	if w.lineText {
		w.body.WriteByte('\n')
		w.lineText = false
	}
}

// text takes a text node.
func (w *htmlTextWriter) text(text []byte) {
	switch {
	case w.skipDepth > 0:
	case w.inTitle:
		if !w.haveTitle {
			writeHTMLText(&w.title, text, false)
		}
	case w.inHead && len(bytes.TrimSpace(text)) == 0:
	default:
		// Text in the head ends it, as browsers do for pages without <body>.
		w.inHead = false
		if writeHTMLText(&w.body, text, w.pre > 0) {
			w.lineText = true
		}
	}
}

// startTag takes a start tag of element a, or a self-closing one if not start.
func (w *htmlTextWriter) startTag(a atom.Atom, start bool) {
	if w.skipDepth > 0 {
		if a == w.skip && start {
			w.skipDepth++
		}
		return
	}
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math,
		atom.Iframe, atom.Object, atom.Noembed, atom.Noframes:
		if start {
			w.skip, w.skipDepth = a, 1
		}
	case atom.Head:
		w.inHead = true
	case atom.Title:
		w.inTitle = start && !w.haveTitle
	case atom.Meta, atom.Link, atom.Base:
	case atom.Br:
		// A hard break: two in a row make a blank line, as on screen.
		w.inHead = false
		w.body.WriteByte('\n')
		w.lineText = false
	case atom.Pre:
		w.inHead = false
		w.endLine()
		w.pre++
	case atom.Td, atom.Th:
		w.inHead = false
		w.body.WriteByte(' ')
	default:
		w.inHead = false
		if htmlBlock(a) {
			w.endLine()
		}
	}
}

// endTag takes an end tag of element a.
func (w *htmlTextWriter) endTag(a atom.Atom) {
	if w.skipDepth > 0 {
		if a == w.skip {
			w.skipDepth--
		}
		return
	}
	switch a {
	case atom.Head:
		w.inHead = false
	case atom.Title:
		if w.inTitle {
			w.inTitle = false
			w.haveTitle = w.title.Len() > 0
		}
	case atom.Pre:
		w.pre = max(w.pre-1, 0)
		w.endLine()
	case atom.Td, atom.Th:
		w.body.WriteByte(' ')
	default:
		if htmlBlock(a) {
			w.endLine()
		}
	}
}

// htmlBlock tells whether an element ends the line before it and the line it holds.
func htmlBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Hr, atom.Li, atom.Tr, atom.Table, atom.Thead, atom.Tbody,
		atom.Tfoot, atom.Caption, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Main,
		atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Address, atom.Center,
		atom.Figure, atom.Figcaption, atom.Form, atom.Fieldset, atom.Legend, atom.Details,
		atom.Summary, atom.Option, atom.Body, atom.Html:
		return true
	}
	return false
}

// writeHTMLText appends a text node with its whitespace, line breaks included, turned into
// spaces, as HTML renders it; inside <pre> line breaks stay. It tells whether the node had
// anything but whitespace.
func writeHTMLText(b *strings.Builder, text []byte, pre bool) (visible bool) {
	start := 0
	for i, c := range text {
		switch c {
		case '\n':
			if pre {
				continue
			}
		case ' ', '\t', '\r', '\f':
		default:
			visible = true
			continue
		}
		b.Write(text[start:i])
		b.WriteByte(' ')
		start = i + 1
	}
	b.Write(text[start:])
	return visible
}

// tidyHTMLText folds the extracted text (entities may have brought full-width or traditional
// characters back), collapses the spaces of each line, trims it, and keeps at most one blank line
// in a row and none at either end.
func tidyHTMLText(title, body string) string {
	text := []byte(strings.ToValidUTF8(title+"\n"+body, "\uFFFD"))
	out, _, _, _ := foldText(text[:0], text)
	folded := string(out)
	var b strings.Builder
	b.Grow(len(folded))
	blank := false // a blank line is due before the next line with text
	for line := range strings.Lines(folded) {
		// After foldText, space, tab and LF are the only whitespace left.
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
		if len(fields) == 0 {
			blank = b.Len() > 0
			continue
		}
		if blank {
			b.WriteByte('\n')
			blank = false
		}
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// isBlank tells whether folded text holds nothing but spaces and line breaks.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}

// toneMarks are the vowels with tone marks that pinyin annotations carry.
const toneMarks = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

// stripPinyin drops the pinyin some sites put after a character: 經(jīng)濟 is 經濟, 增(zeng)(zeng)长
// is 增长. An annotation is a parenthesis right after a Chinese character, or after another
// annotation, that holds one to seven lower-case Latin letters with a tone mark, or without one
// a pinyin syllable where the line holds two such or more (附件(a) alone stays). Lines are
// read one at a time: a report read in pieces loses the same annotations.
func stripPinyin(s string) string {
	if !mayHavePinyin(s) {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is in b, once b is used
	for from := 0; ; {
		k := strings.IndexByte(s[from:], '(')
		if k < 0 {
			break
		}
		// The line of the parenthesis.
		start := strings.LastIndexByte(s[:from+k], '\n') + 1
		end := len(s)
		if e := strings.IndexByte(s[from+k:], '\n'); e >= 0 {
			end = from + k + e + 1
		}
		for _, sp := range pinyinSpans(s[start:end]) {
			if b.Cap() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[done : start+sp[0]])
			done = start + sp[1]
		}
		from = end
	}
	if b.Cap() == 0 {
		return s // a × or an é, or a parenthesis of letters, but no annotation: no copy
	}
	b.WriteString(s[done:])
	return b.String()
}

// pinyinSpans returns where the annotations of a line stand, [start, end) each.
func pinyinSpans(line string) [][2]int {
	var spans, plain [][2]int
	after := -1 // the end of the last annotation: one may follow another
	for i := 0; ; {
		k := strings.IndexByte(line[i:], '(')
		if k < 0 {
			break
		}
		i += k
		n, marked := pinyinAt(line[i:])
		if n == 0 {
			i++
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(line[:i]); i != after && !unicode.Is(unicode.Han, r) {
			i += n
			continue
		}
		if marked {
			spans = append(spans, [2]int{i, i + n})
		} else {
			plain = append(plain, [2]int{i, i + n})
		}
		i += n
		after = i
	}
	if len(plain) < 2 {
		return spans
	}
	spans = append(spans, plain...)
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	return spans
}

// mayHavePinyin tells quickly whether s may hold an annotation: a vowel with a tone mark (each
// is encoded with a lead byte 0xC3, 0xC4, 0xC5 or 0xC7, which Chinese text rarely holds), or a
// parenthesis before a lower-case Latin letter.
func mayHavePinyin(s string) bool {
	for _, lead := range []byte{0xC3, 0xC4, 0xC5, 0xC7} {
		if strings.IndexByte(s, lead) >= 0 {
			return true
		}
	}
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], '(')
		if k < 0 {
			return false
		}
		if i += k; i+1 < len(s) && 'a' <= s[i+1] && s[i+1] <= 'z' {
			return true
		}
	}
}

// pinyinAt returns the length of a pinyin annotation at the start of s, "(jīng)" or "(jing)",
// or 0, and whether it has a tone mark.
func pinyinAt(s string) (n int, marked bool) {
	for i, r := range s[1:] {
		switch {
		case r == ')':
			if i > 0 && (marked || isSyllable(s[1:1+i])) {
				return i + 2, marked
			}
			return 0, false
		case r >= 'a' && r <= 'z':
		case strings.ContainsRune(toneMarks, r) || r == 'ü':
			marked = true
		default:
			return 0, false
		}
		if i > 7*3 {
			return 0, false
		}
	}
	return 0, false
}

// isSyllable tells whether s is a pinyin syllable without tone marks: an initial, or none,
// and a final (zeng, ji, yuan, er).
func isSyllable(s string) bool {
	for _, initial := range pinyinInitials {
		if rest, ok := strings.CutPrefix(s, initial); ok && slices.Contains(pinyinFinals, rest) {
			return true
		}
	}
	return false
}

var (
	pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}
	pinyinFinals   = []string{"a", "o", "e", "i", "u", "v", "ai", "ei", "ui", "ao", "ou", "iu", "ie", "ue", "ve", "er",
		"an", "en", "in", "un", "vn", "ang", "eng", "ing", "ong", "ia", "iao", "ian", "iang", "iong",
		"ua", "uo", "uai", "uan", "uang", "ueng"}
)
