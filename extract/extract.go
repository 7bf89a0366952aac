package extract

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/gazetteer"
	"github.com/report-exporter/report_exporter/series"
)

// setting is what is known, at a point of the text, of the figures' year, kind and period.
// A zero field is unknown.
type setting struct {
	year    int
	kind    string
	period  string
	horizon bool // 到2025年 in a report of 2024: a plan's horizon, no year's figure
	review  bool // the year was opened by a sentence telling what happened (2015年,全省…坚持…)
}

// or fills the unknown fields of c from o.
func (c setting) or(o setting) setting {
	if c.year == 0 {
		c.year, c.review = o.year, o.review
	}
	if c.kind == "" {
		c.kind = o.kind
	}
	if c.period == "" {
		c.period = o.period
	}
	return c
}

// document is what a report says of itself.
type document struct {
	file        string
	region      string
	regionCode  string   // GB/T 2260; empty for a place the gazetteer lacks or cannot settle
	candidates  []string // the place names the text gave, best first, for an error message
	regionLevel string
	published   time.Time // publication date, or 1 January of the publication year
	exact       bool      // published is a real date, not only a year
	year        int       // publication year; 0 when the text does not tell
}

// extraction is the state of one pass over one document.
type extraction struct {
	rs      *RuleSet
	doc     document
	res     *Result
	seen    map[series.SeriesKey]bool
	section setting
	levels  [5]setting // the setting after the last heading of each level (see headingLevel)
	line    int
}

func (rs *RuleSet) extractText(file, text string, meta *config.Meta) *Result {
	x := &extraction{rs: rs, res: &Result{File: file}, seen: map[series.SeriesKey]bool{}}
	x.doc = rs.document(file, text, meta)
	x.res.Region, x.res.Published = x.doc.region, x.doc.published
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		x.line = n
		x.paragraph(compact(line))
	}
	return x.res
}

// compact drops the spaces of a line, save those between two Latin letters or digits, so that
// "2019 年" and "万元 GDP" read as written without them while "1234 6.5%" (table cells) stays
// two numbers.
func compact(line string) string {
	line = strings.TrimSpace(line)
	if strings.IndexByte(line, ' ') < 0 && strings.IndexByte(line, '\t') < 0 {
		return line
	}
	var b strings.Builder
	b.Grow(len(line))
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ' ' || c == '\t' {
			if i > 0 && i+1 < len(line) && isAlnum(line[i-1]) && isAlnum(line[i+1]) {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isAlnum(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' || isDigit(c) }


// document reads the region and the publication date from the sidecar or the opening lines.
func (rs *RuleSet) document(file, text string, meta *config.Meta) document {
	d := document{file: file}
	if meta != nil {
		d.region = meta.Region
		if !meta.Published.IsZero() {
			d.published, d.exact = meta.Published, true
		}
	}
	var head []string
	for rest, i := text, 0; rest != "" && i < rs.cfg.Document.Lines; i++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line = compact(line); line != "" {
			head = append(head, opening(line))
		}
	}
	d.findRegion(rs, text, head)
	if d.published.IsZero() {
		d.findPublished(rs, head)
	}
	d.year = d.published.Year()
	if d.published.IsZero() {
		d.year = 0
	}
	if r, size := utf8.DecodeLastRuneInString(d.region); size > 0 {
		d.regionLevel = rs.cfg.Vocabulary.RegionLevels[string(r)]
	}
	return d
}

// findPublished dates the document from its opening lines: the first document.published
// pattern that matches, unless it is years after the year the title names (a page that
// reposts an old report), else the latest year of the title and the opening headings
// (2019年执行情况与2020年计划), else the latest of the opening lines. Body text is left out
// at first: it names plans for years ahead (2035年远景目标).
func (d *document) findPublished(rs *RuleSet, head []string) {
	title := latestYear(head, true)
	for _, re := range rs.cfg.Document.Published {
		for _, line := range head {
			m := re.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			y, _ := strconv.Atoi(m[re.SubexpIndex("year")])
			if title > 0 && y > title+1 {
				continue // 2019年…政府工作报告, posted 2021-07-27
			}
			mo, day := group(re.Regexp, m, "month"), group(re.Regexp, m, "day")
			d.exact = mo > 0 && day > 0
			d.published = time.Date(y, time.Month(max(mo, 1)), max(day, 1), 0, 0, 0, 0, series.China)
			return
		}
	}
	y := title
	if y == 0 {
		y = latestYear(head, false)
	}
	if y > 0 {
		d.published = time.Date(y, 1, 1, 0, 0, 0, 0, series.China)
	}
}

// latestYear returns the latest year the lines name, not counting comparisons (比2019年),
// spans (2019年以来) or horizons (到2035年); with heads, only of the first five lines and
// of headings.
func latestYear(head []string, heads bool) int {
	latest := 0
	for i, line := range head {
		if heads && i >= 5 && !isHeading(line) {
			continue
		}
		for k := 0; k < len(line); k++ {
			y, n := yearAt(line, k)
			if y > 0 && !strings.HasSuffix(line[:k], "到") && !strings.HasSuffix(line[:k], "至") {
				latest = max(latest, y)
			}
			if n > 0 {
				k += n - 1
			}
		}
	}
	return latest
}

// findRegion settles the document's place: the sidecar's name, else the gazetteer's reading
// of the text (findPlace), else the rules' patterns over the opening lines, else the known
// name whose stem the text repeats most. The code comes from the gazetteer, for a sidecar's
// name too, and stays empty for a place it lacks or a shared name the text does not settle.
func (d *document) findRegion(rs *RuleSet, text string, head []string) {
	gaz := gazetteer.Default()
	if d.region != "" {
		if cands := gaz.Named(d.region); len(cands) == 1 {
			d.region, d.regionCode = cands[0].Name, cands[0].Code
		} else if len(cands) > 1 {
			var context []*gazetteer.Place
			for _, m := range gaz.Find(text) {
				if !m.Short {
					context = append(context, m.Places...)
				}
			}
			if p := gaz.Resolve(cands, context); p != nil {
				d.regionCode = p.Code
			}
		}
		return
	}
	opening := 0
	for i, line := range text {
		if line == '\n' {
			if opening++; opening == 3 {
				opening = i
				break
			}
		}
	}
	p, name, cands := findPlace(gaz, text, max(opening, 300))
	d.candidates = cands
	if p != nil {
		d.region, d.regionCode = p.Name, p.Code
		return
	}
	if name != "" {
		d.region = name // a name several places share, which the text does not settle
		return
	}
	for _, line := range head {
		for _, re := range rs.cfg.Document.Region {
			if m := re.FindStringSubmatch(line); m != nil {
				d.region = strings.Clone(m[re.SubexpIndex("region")])
				return
			}
		}
	}
	best := 2 // fewer mentions than three name nothing
	for _, name := range rs.cfg.Document.Known {
		_, size := utf8.DecodeLastRuneInString(name)
		if n := strings.Count(text, name[:len(name)-size]); n > best {
			d.region, best = name, n
		}
	}
}

// opening returns the first 100 characters of a line: titles, bylines and dates stand at the
// start of their lines, and the document patterns need not search whole paragraphs. A cut line
// ends in "…", so that a pattern anchored at the end ($) does not take the cut for the end.
func opening(line string) string {
	n := 0
	for i := range line {
		if n == 100 {
			return line[:i] + "…"
		}
		n++
	}
	return line
}

func group(re *regexp.Regexp, m []string, name string) int {
	i := re.SubexpIndex(name)
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(m[i])
	return n
}

var ordinal = regexp.MustCompile(`^(?:第?[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.](?:\D|$))`)

// isHeading tells a section heading from a paragraph: a numbered line, or a short line that
// does not read as a sentence.
func isHeading(line string) bool {
	if len(line) > 50*utf8.UTFMax {
		return false // more than 50 characters
	}
	n := runeLen(line)
	if ordinal.MatchString(line) {
		return n <= 50 && !strings.Contains(line, "。")
	}
	return n <= 40 && !strings.ContainsAny(line, "。;；,，:：%")
}

// paragraph reads one line of the report: a heading sets the section's context; any line is
// then read sentence by sentence for figures.
func (x *extraction) paragraph(line string) {
	if line == "" {
		return
	}
	if isHeading(line) {
		x.heading(line)
	}
	if !x.rs.named.in(line) {
		// No indicator is named: of all its sentences may say, only an opening year counts.
		// Find them from the 年 of each year rather than sentence by sentence.
		for from := 0; ; {
			k := strings.Index(line[from:], "年")
			if k < 0 {
				return
			}
			p := from + k - 4
			if p >= 0 && isDigits(line, p, 4) && (p == 0 || endsSentence(line[:p])) {
				x.openingYear(line[p:])
			}
			from += k + len("年")
		}
	}
	var par setting
	for line != "" {
		end := sentenceEnd(line)
		x.sentence(line[:end], &par)
		line = line[end:]
	}
}

// sentenceEnd returns the offset after the first sentence of s: after the first character
// that ends a sentence, or len(s).
func sentenceEnd(s string) int {
	for i, r := range s {
		if isSentenceEnd(r) {
			return i + utf8.RuneLen(r)
		}
	}
	return len(s)
}

// endsSentence tells whether s ends with the end of a sentence.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isSentenceEnd(r)
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '；', ';', '！', '？', '!', '?':
		return true
	}
	return false
}

// heading sets the section setting from a heading. Headings nest by their numbering (一、 >
// (一) > 1. > (1)): a heading starts from the setting of the heading above it, so the words of
// a sub-heading hold until its next sibling. Words in quotes and book titles (“攀升计划”,
// 《…方案》) are names, not cues. A heading that names two years or both kinds (a report's
// title: 2019年执行情况与2020年计划) sets neither.
func (x *extraction) heading(line string) {
	level := headingLevel(line)
	line = unquoted(line)
	var c setting
	years := map[int]bool{}
	kinds := map[string]bool{}
	cued := false
	for i := 0; i < len(line); {
		if id, n := x.rs.cues.at(line, i); n > 0 {
			cue := x.rs.cfg.Vocabulary.Cues[id]
			if cue.Kind != "" {
				kinds[cue.Kind] = true
				c.kind = cue.Kind
			}
			if cue.Period != "" {
				c.period = cue.Period
			}
			if cue.Year != nil && x.doc.year > 0 && !comparison(line, i) {
				years[x.doc.year+*cue.Year] = true
			}
			cued = true
			i += n
			continue
		}
		if y, n := yearAt(line, i); n > 0 {
			if y > 0 {
				years[y] = true
				cued = true
			}
			i += n
			continue
		}
		if p, n := periodAt(line, i); n > 0 {
			if p != "" {
				c.period = p
				cued = true
			}
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	if strings.Contains(line, "工作报告") {
		// 2019年松溪县人民政府工作报告: the year of the report, which reviews the year before;
		// findPublished has it.
		clear(years)
	}
	if level == 0 && !cued {
		return // an unnumbered line without a cue ("扫一扫在手机上打开当前页") says nothing
	}
	if len(kinds) > 1 {
		c.kind = ""
	}
	if len(years) == 1 {
		for y := range years {
			c.year = y
		}
	}
	base := x.section
	if level > 0 {
		base = x.levels[level-1]
	}
	if c.year != 0 && c.year != base.year {
		x.section = c // another year: nothing of the last one's holds
	} else {
		x.section = c.or(base)
	}
	for k := level; k < len(x.levels); k++ {
		x.levels[k] = x.section
	}
	// 一、2022年工作回顾, 一、2025年上半年计划执行情况: a report reviewing a period is published
	// after it. Without a date, that dates it, so that 今年 further on is right.
	if !x.doc.exact && c.kind == series.KindActual && c.year > 0 {
		_, to := periodMonths(cmp.Or(c.period, "1-12"))
		if after := time.Date(c.year, time.Month(to)+1, 1, 0, 0, 0, 0, series.China); after.After(x.doc.published) {
			x.doc.published, x.doc.year = after, after.Year()
			x.res.Published = after
		}
	}
}

// headingLevel is the depth of a heading by its numbering: 1 for 一、, 2 for (一), 3 for 1.,
// 4 for (1), and 0 for a heading without a number (a title).
func headingLevel(line string) int {
	for i, re := range headingLevels {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

var headingLevels = []*regexp.Regexp{
	regexp.MustCompile(`^(?:第?[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+(?:部分|章|节))`),
	regexp.MustCompile(`^[(（][一二三四五六七八九十]+[)）]`),
	regexp.MustCompile(`^\d{1,2}[、.](?:\D|$)`),
	regexp.MustCompile(`^[(（]\d{1,2}[)）]`),
}

// unquoted returns line without what stands in quotes or book-title marks.
func unquoted(line string) string {
	if !strings.ContainsAny(line, "“《「\"") {
		return line
	}
	var b strings.Builder
	depth := 0
	for _, r := range line {
		switch r {
		case '“', '《', '「':
			depth++
		case '”', '》', '」':
			depth = max(depth-1, 0)
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// yearAt reads a year token (2019年) at s[i:], not one of a comparison (比2019年) or a span
// (2019年以来).
func yearAt(s string, i int) (year, n int) {
	if i+7 > len(s) || !isDigits(s, i, 4) || (s[i] != '1' && s[i] != '2') || s[i+4:i+7] != "年" {
		return 0, 0
	}
	if i > 0 && isDigit(s[i-1]) {
		return 0, 0
	}
	y, _ := strconv.Atoi(s[i : i+4])
	if y < 1949 || y > 2100 || comparison(s, i) || strings.HasPrefix(s[i+7:], "以来") {
		return 0, 7
	}
	return y, 7
}

// comparison tells whether the word at s[i:] is the base of a comparison: 比上年, 较去年.
func comparison(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return strings.ContainsRune("比较与同", r)
}

// periodAt reads a period of months at s[i:] (1-11月, 1至6月份) and returns its label, or ""
// for months that make no period; n is 0 when none stands there.
func periodAt(s string, i int) (period string, n int) {
	if i >= len(s) || !isDigit(s[i]) {
		return "", 0
	}
	m := periodToken.FindStringSubmatch(s[i:])
	if m == nil {
		return "", 0
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if p := strconv.Itoa(a) + "-" + strconv.Itoa(b); config.ValidPeriod(p) {
		return p, len(m[0])
	}
	return "", len(m[0])
}

// untilAt reads "up to a month's end" at s[i:] (截至9月底, 截至2022年9月末, 截至2022-09-30):
// the period from January to that month, and the year if given.
func untilAt(s string, i int) (year int, period string, n int) {
	if !strings.HasPrefix(s[i:], "截至") && !strings.HasPrefix(s[i:], "截止") {
		return 0, "", 0
	}
	m := untilToken.FindStringSubmatch(s[i:])
	if m == nil {
		return 0, "", 0
	}
	mo, _ := strconv.Atoi(cmp.Or(m[2], m[4]))
	if mo < 1 || mo > 12 {
		return 0, "", 0
	}
	year, _ = strconv.Atoi(cmp.Or(m[1], m[3]))
	return year, "1-" + strconv.Itoa(mo), len(m[0])
}

var untilToken = regexp.MustCompile(`^截[至止](?:((?:19|20)\d{2})年)?(\d{1,2})月(?:底|末|份)?|^截[至止]((?:19|20)\d{2})[-/.](\d{1,2})[-/.]\d{1,2}日?`)

var periodToken = regexp.MustCompile(`^(\d{1,2})(?:-|~|—|–|至|到)(\d{1,2})月`)

// openingYear moves the section to the year a sentence opens with: "2020年是极具挑战的一年",
// "2021年罗湖将重点推进六方面工作".
func (x *extraction) openingYear(s string) {
	if y, n := yearAt(s, 0); y > 0 && y != x.section.year && !isDate(s[n:]) {
		x.section = setting{year: y, review: !x.rs.plans.in(s)}
		x.levels = [5]setting{x.section, x.section, x.section, x.section, x.section}
	}
}

// isDate tells whether s, after a year, goes on with a month and a day (2013年2月27日): a
// dateline, not a year the text turns to.
func isDate(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], "月")
}

// sentence reads one sentence: cues update the context as they come; every indicator name is
// followed by the figures that stand after it.
func (x *extraction) sentence(s string, par *setting) {
	x.openingYear(s)
	var sen setting
	clause := 0
	named := false // an indicator was named in the sentence
	for i := 0; i < len(s); {
		if s[i] == ',' {
			// A kind word holds for its clause (完成计划审批, 城市更新累计完成...), unless it is
			// the whole clause: 初步核算,全年…
			if _, n := x.rs.cues.at(s, clause); n != i-clause {
				sen.kind = ""
			}
			clause = i + 1
		}
		if ind, n := x.rs.aliases.at(s, i); n > 0 {
			i = x.figures(s, i, ind, n, clause, sen.or(*par))
			named = true
			continue
		}
		if y, p, n := untilAt(s, i); n > 0 {
			if y > 0 {
				sen.year = y
			}
			sen.period, par.period = p, p
			i += n
			continue
		}
		if id, n := x.rs.cues.at(s, i); n > 0 {
			cue := x.rs.cfg.Vocabulary.Cues[id]
			c := setting{kind: cue.Kind, period: cue.Period}
			if cue.Year != nil && x.doc.year > 0 && !comparison(s, i) {
				c.year = x.doc.year + *cue.Year
			}
			sen = c.or(sen)
			if cue.Scope == "paragraph" {
				*par = c.or(*par)
			}
			i += n
			continue
		}
		if isDigit(s[i]) {
			if y, n := yearAt(s, i); n > 0 {
				if y > 0 {
					sen.year = y
					if r, _ := utf8.DecodeLastRuneInString(s[:i]); (r == '到' || r == '至') && y > x.doc.year && x.doc.year > 0 {
						sen.horizon = true
					} else if !named {
						// 镇江2018年预计实现地区生产总值…。一般公共预算收入301亿元: the year a
						// sentence opens with holds for the rest of its paragraph.
						par.year = y
					}
				}
				i += n
				continue
			}
			if p, n := periodAt(s, i); n > 0 {
				if p != "" {
					sen.period, par.period = p, p
				}
				i += n
				continue
			}
			for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
				i++
			}
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
}

// figures reads the figures after an indicator's name at s[at:at+n], or after a list of names
// ("A、B和C分别增长a、b和c"), and emits their samples. It returns where reading goes on.
func (x *extraction) figures(s string, at, ind, n, clause int, c setting) int {
	rs := x.rs
	if x.excluded(s, clause, at, ind) || x.foreign(s[clause:at]) {
		return at + n
	}
	names := []int{ind}
	i := skipParen(s, at+n)
	for {
		_, sn := rs.seps.at(s, i)
		if sn == 0 {
			break
		}
		next, nn := rs.aliases.at(s, i+sn)
		if nn == 0 || x.excluded(s, clause, i+sn, next) {
			break
		}
		names = append(names, next)
		i = skipParen(s, i+sn+nn)
	}
	// 一般公共预算收入1-6月完成48.58亿元: a period between a name and its figure is the figure's.
	if p, n := periodAt(s, i); n > 0 && p != "" {
		c.period, i = p, i+n
	} else if id, n := rs.cues.at(s, i); n > 0 && rs.cfg.Vocabulary.Cues[id].Period != "" {
		c.period, i = rs.cfg.Vocabulary.Cues[id].Period, i+n
	}
	var figs []figure
	if len(names) > 1 {
		j := rs.skip(s, i)
		if !strings.HasPrefix(s[j:], "分别") {
			return i
		}
		figs = rs.figureList(s, j+len("分别"))
		if len(figs) != len(names) {
			x.unmatched(s, at, names[0])
			return i
		}
	} else {
		figs = rs.figureRun(s, i)
	}
	if len(figs) == 0 {
		x.unmatched(s, at, ind)
		return i
	}
	left := false
	for k, f := range figs {
		name := names[0]
		if len(names) > 1 {
			name = names[k]
		}
		if !x.emit(rs.cfg.Indicators[name], f, c, s[at:f.end]) && !left {
			left = true
			x.res.Unmatched = append(x.res.Unmatched, Unmatched{
				File: x.res.File, Line: x.line, Indicator: rs.cfg.Indicators[name].ID, Text: strings.Clone(s),
			})
		}
	}
	return max(i, figs[len(figs)-1].end)
}

// figureRun reads the figures of one indicator: one, or a level and its growth ("4759亿元,
// 增长3%").
func (rs *RuleSet) figureRun(s string, i int) []figure {
	f, ok := rs.figureAt(s, i, nil)
	if !ok {
		return nil
	}
	figs := []figure{f}
	for {
		j := f.end
		if !strings.HasPrefix(s[j:], ",") && !strings.HasPrefix(s[j:], "、") {
			return figs
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		next, ok := rs.figureAt(s, j+size, nil)
		if !ok {
			if len(figs) == 1 && !f.growth {
				if g, ok := rs.laterGrowth(s, j); ok {
					figs = append(figs, g)
				}
			}
			return figs
		}
		switch {
		case next.growth == f.growth:
			// "突破4000亿元,达4402.5亿元": a threshold, then the figure itself.
			if f.bound == "" || next.bound != "" || next.isRange {
				return figs
			}
			figs[len(figs)-1] = next
		case len(figs) == 2:
			return figs // a level and a growth: "5103亿元,增长6.6%,总量突破5000亿元" ends there
		default:
			figs = append(figs, next)
		}
		f = next
	}
}

// laterGrowth finds the growth of a level across up to two clauses that name nothing and
// start no figure: "2861.4亿元,居全省第5位,增长2.3%", "512亿元,完成年计划的91.2%,增长3.1%".
// s[j] is the comma after the level.
func (rs *RuleSet) laterGrowth(s string, j int) (figure, bool) {
	for range 3 {
		if !strings.HasPrefix(s[j:], ",") {
			return figure{}, false
		}
		j++
		if g, ok := rs.figureAt(s, j, nil); ok {
			return g, g.growth
		}
		end := strings.IndexByte(s[j:], ',')
		if end < 0 || rs.named.in(s[j:j+end]) {
			return figure{}, false
		}
		j += end
	}
	return figure{}, false
}

// figureList reads "增长a、b和c": figures joined by separators, the later ones taking the first
// one's sign.
func (rs *RuleSet) figureList(s string, i int) []figure {
	f, ok := rs.figureAt(s, i, nil)
	if !ok {
		return nil
	}
	figs := []figure{f}
	for {
		j := f.end
		_, n := rs.seps.at(s, j)
		if n == 0 && strings.HasPrefix(s[j:], ",") {
			n = 1
		}
		if n == 0 {
			return figs
		}
		next, ok := rs.figureAt(s, j+n, &figs[0])
		if !ok {
			return figs
		}
		figs = append(figs, next)
		f = next
	}
}

// skipParen moves past a short parenthesis or footnote mark after a name: 地区生产总值(GDP),
// 生产总值〔2〕.
func skipParen(s string, i int) int {
	for _, p := range [][2]string{{"(", ")"}, {"〔", "〕"}, {"[", "]"}} {
		if strings.HasPrefix(s[i:], p[0]) {
			if j := strings.Index(s[i:], p[1]); j > 0 && j <= 36 {
				return i + j + len(p[1])
			}
		}
	}
	return i
}

// excluded tells whether the name at s[at:] is part of a look-alike of the indicator:
// 规下工业增加值, 人均地区生产总值. A look-alike "A*B" is B at the name with A before it in the
// clause: 城市更新累计完成固定资产投资.
func (x *extraction) excluded(s string, clause, at, ind int) bool {
	for _, not := range x.rs.cfg.Indicators[ind].Not {
		if before, name, ok := strings.Cut(not, "*"); ok {
			if strings.HasPrefix(s[at:], name) && strings.Contains(s[clause:at], before) {
				return true
			}
			continue
		}
		for from := max(0, at-len(not)); from <= at; {
			k := strings.Index(s[from:], not)
			if k < 0 || from+k > at {
				break
			}
			if from+k+len(not) > at {
				return true
			}
			from += k + 1
		}
	}
	return false
}

// foreign tells whether the clause before a name places it in another area than the
// document's region: one named outright (深圳市 in 罗湖区's report), or a scope of another level
// (全市 in a district's report).
func (x *extraction) foreign(prefix string) bool {
	if re := x.rs.cfg.Vocabulary.Places; re != nil && x.doc.region != "" {
		if m := re.FindStringSubmatch(prefix); m != nil && m[re.SubexpIndex("region")] != x.doc.region {
			return true
		}
	}
	if x.doc.regionLevel == "" {
		return false
	}
	level := ""
	for i := 0; i < len(prefix); {
		if id, n := x.rs.scopes.at(prefix, i); n > 0 {
			level = x.rs.scopeLevels[id]
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(prefix[i:])
		i += size
	}
	return level != "" && level != x.doc.regionLevel
}

// unmatched records a name followed by a number that gave no sample, unless a blocker
// (年均, 拉动) says the number is another quantity.
func (x *extraction) unmatched(s string, at, ind int) {
	rest := s[at:]
	if len(rest) > 60 {
		rest = rest[:60]
	}
	if !strings.ContainsAny(rest, "0123456789") {
		return
	}
	for i := 0; i < len(rest); {
		if _, n := x.rs.blockers.at(rest, i); n > 0 {
			return
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		i += size
	}
	x.res.Unmatched = append(x.res.Unmatched, Unmatched{
		File: x.res.File, Line: x.line, Indicator: x.rs.cfg.Indicators[ind].ID, Text: strings.Clone(s),
	})
}

// emit turns a figure into samples: it picks the series by the figure's form and unit and
// settles the year, kind, period and bound. It returns false for a figure whose kind or year
// the text leaves open, so that the sentence is listed as unmatched.
func (x *extraction) emit(ind *config.Indicator, f figure, c setting, text string) bool {
	var sr *config.Series
	switch {
	case f.growth:
		sr = ind.Growth
	case ind.Level != nil && ind.Level.Unit == f.unit:
		sr = ind.Level
	}
	if sr == nil {
		return true // a form the indicator does not take: 增长12亿元 of a rate
	}
	stated := c.year // the sentence's own year, not its section's
	c = c.or(x.section)
	if c.period == "" {
		c.period = "1-12"
	}
	from, to := periodMonths(c.period)
	d := x.doc
	if c.horizon || c.year > d.year+1 && d.year > 0 {
		return false // 到2025年: a plan's horizon, not a year's figure
	}
	if c.year == 0 {
		if d.year == 0 {
			return false
		}
		c.year = d.year
		if c.kind != series.KindTarget && to == 12 && (!d.exact || d.published.Month() <= 6) {
			c.year = d.year - 1 // a full year's figure in a report of early in the year
		}
	}
	end := time.Date(c.year, time.Month(to)+1, 1, 0, 0, 0, 0, series.China).AddDate(0, 0, -1)
	if c.kind == "" {
		// No word tells the kind: a period over by publication is reported; one still running
		// is planned if the figure reads as a plan (左右, 以上, a range). Anything else is more
		// likely a figure whose year the text did not make plain, and is left out.
		switch {
		case d.published.IsZero() || end.Before(d.published):
			c.kind = series.KindActual
		case f.bound != "" || f.isRange:
			c.kind = series.KindTarget
		case !d.exact && end.Year() == d.year && (stated == d.year || x.section.review && x.section.year == d.year || to < 12 && stated == 0):
			// A report that names no date, only its year, and a figure of that year without a
			// word of plan: 2011年陕西实现生产总值…, a section opened by "2015年,全省…坚持…", or
			// a digest's 1—2月 review the year they name.
			c.kind = series.KindActual
		default:
			return false
		}
	}
	s := series.Sample{
		Name:   sr.Metric,
		Labels: series.Labels{Region: d.region, RegionCode: d.regionCode, Kind: c.kind, Period: c.period},
		Time:   end,
		// A copy: a substring would keep the whole report's text alive as long as the sample.
		Source:    series.Source{File: d.file, Line: x.line, Text: strings.Clone(text)},
		Qualifier: strings.Clone(f.qual),
		Published: d.published,
	}
	if c.kind == series.KindActual {
		s.Value = f.lo
		x.add(s)
		return true
	}
	s.Time = time.Date(c.year, time.Month(from), 1, 0, 0, 0, 0, series.China)
	if f.isRange {
		lo, hi := s, s
		lo.Labels.Bound, lo.Value = series.BoundMin, f.lo
		hi.Labels.Bound, hi.Value = series.BoundMax, f.hi
		x.add(lo)
		x.add(hi)
		return true
	}
	s.Labels.Bound, s.Value = f.bound, f.lo
	if s.Labels.Bound == "" {
		s.Labels.Bound = series.BoundApprox
	}
	x.add(s)
	return true
}

func (x *extraction) add(s series.Sample) {
	if s.Labels.Region == "" {
		x.res.regionless++
		return
	}
	k := s.Key()
	if x.seen[k] {
		return
	}
	x.seen[k] = true
	x.res.Samples = append(x.res.Samples, s)
}

// periodMonths returns the first and last month of a period label "M-N".
func periodMonths(p string) (from, to int) {
	a, b, _ := strings.Cut(p, "-")
	from, _ = strconv.Atoi(a)
	to, _ = strconv.Atoi(b)
	return from, to
}
