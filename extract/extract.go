package extract

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
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

// extraction is the state of one pass over one document.
type extraction struct {
	rs      *RuleSet
	doc     document
	res     *Result
	seen    map[series.Key]int // the index of each observation in res.Samples
	section setting
	levels  [5]setting // the setting after the last heading of each level (see headingLevel)
	lineNo  int        // the report lines read so far
	line    int
	paras   int             // the non-empty lines read so far
	first   int             // the report line the paragraph being read starts on
	breaks  []int           // where the paragraph's later lines start, for one cut across lines
	off     int             // where the sentence being read starts in its paragraph
	planned bool            // the paragraph gave a target: its figures of unknown kind are planned too
	level   *pendingLevel   // the last sentence's level without growth, for the next one
	lead    string          // the period the lead named (leadPeriod), of the report's year
	titles  map[string]bool // the unnumbered headings read, to pass over repeated page headers
	trace   *tracer         // for Explain; nil otherwise
}

func (rs *RuleSet) extractText(file, text string, meta *config.Meta, t *tracer) *Result {
	x := rs.begin(file, text, meta, t)
	x.read(&lineSource{text: text})
	return x.res
}

// begin starts the reading of a report whose text starts with opening (the whole text, or
// the first piece of a large report): the document's place and date and the period its lead
// names are read there.
func (rs *RuleSet) begin(file, opening string, meta *config.Meta, t *tracer) *extraction {
	x := &extraction{rs: rs, res: &Result{File: file}, seen: map[series.Key]int{}, trace: t, titles: map[string]bool{}}
	x.doc = rs.document(file, opening, meta)
	x.res.Region, x.res.Published = x.doc.region, x.doc.published
	x.res.candidates = x.doc.candidates
	t.document(&x.doc)
	x.leadAhead(opening)
	return x
}

// lineSource hands out a report's lines: those of text, then of each piece more returns,
// until more returns "" or an error (kept in err); more is nil for a report read whole.
type lineSource struct {
	text string
	more func() (string, error)
	err  error
}

// ok tells whether a line is left, reading the next piece when text is used up.
func (l *lineSource) ok() bool {
	for l.text == "" && l.more != nil {
		if l.text, l.err = l.more(); l.err != nil || l.text == "" {
			l.text, l.more = "", nil
		}
	}
	return l.text != ""
}

// peek returns the next line, which ok has said is left, without taking it.
func (l *lineSource) peek() string {
	line, _, _ := strings.Cut(l.text, "\n")
	return line
}

// take returns the next line, which ok has said is left.
func (l *lineSource) take() string {
	line, rest, _ := strings.Cut(l.text, "\n")
	l.text = rest
	return line
}

// read reads the lines of the report, numbered on from those read before.
func (x *extraction) read(l *lineSource) {
	rs, t := x.rs, x.trace
	for l.ok() {
		line := l.take()
		x.lineNo++
		x.line, x.first = x.lineNo, x.lineNo
		if t.at(x.lineNo) {
			t.printf("line %d: %s", x.lineNo, line)
		}
		line = compact(line)
		// A line cut before its sentence ends (固定资产投资77.2亿元、增长17%;社会消⏎费品零售总额)
		// goes on in the next: read them as one, each figure with the line it stands on.
		x.breaks = x.breaks[:0]
		if rs.wrapped(line) && l.ok() {
			var b strings.Builder
			b.WriteString(line)
			for (rs.wrapped(line) || len(x.breaks) > 0 && cutInWord(line)) && l.ok() && b.Len() < maxParagraph {
				next := compact(l.peek())
				if next == "" || rs.g.isHeading(next) && !rs.splitsName(line, next) {
					break
				}
				l.take()
				x.breaks = append(x.breaks, b.Len())
				b.WriteString(next)
				line = next
				x.lineNo++
			}
			line = b.String()
		}
		x.paragraph(line)
	}
}

// wrapped tells whether a line was cut before its sentence ends: a line that is no heading
// and ends in a word or at a comma.
func (rs *RuleSet) wrapped(line string) bool {
	return cutInWord(line) && !rs.g.isHeading(line)
}

// cutInWord tells whether a line ends in a word or at a comma: a line joined to the one before
// goes on in the next even when it is short enough to pass for a heading (产总值增长⏎3.5%).
func cutInWord(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	return unicode.Is(unicode.Han, r) || r == ',' || r == '、'
}

// splitsName tells whether an indicator's name runs on from the end of line into next, which
// is then no heading but the rest of a cut word: 预计全年地区生⏎产总值增长⏎3.5%.
func (rs *RuleSet) splitsName(line, next string) bool {
	const span = 16 // characters on each side: longer than any name
	tail, head := line, next
	if n := utf8.RuneCountInString(tail); n > span {
		tail = string([]rune(tail)[n-span:])
	}
	if n := utf8.RuneCountInString(head); n > span {
		head = string([]rune(head)[:span])
	}
	sc := rs.scan(tail + head)
	for t, ok := sc.next(); ok; t, ok = sc.next() {
		if t.kind == tokAlias && t.pos < len(tail) && t.end > len(tail) {
			return true
		}
	}
	return false
}

// lineAt returns the line of the report where byte off of the paragraph being read stands.
func (x *extraction) lineAt(off int) int {
	n := x.first
	for _, b := range x.breaks {
		if off >= b {
			n++
		}
	}
	return n
}

// paragraph reads one line of the report: a heading sets the section's context; any line is
// then read sentence by sentence for figures.
func (x *extraction) paragraph(line string) {
	if line == "" {
		return
	}
	x.paras++
	x.planned, x.level = false, nil
	if x.rs.g.isHeading(line) {
		if x.heading(line) {
			return
		}
		x.why("heading: the section's context is now %s", x.section)
	}
	if !x.rs.named.in(line) && x.paras > 3 {
		// No indicator is named, and the lead (where a period may be stated for the whole
		// report) is past: of all its sentences may say, only an opening year counts. Find
		// them from the 年 of each year rather than sentence by sentence.
		for from := 0; ; {
			k := strings.Index(line[from:], "年")
			if k < 0 {
				return
			}
			p := from + k - 4
			if p >= 0 && isDigits(line, p, 4) {
				if p == 0 || x.rs.g.endsSentence(line[:p]) {
					x.openingYear(line[p:])
				} else if st := x.leadInStart(line, p); st >= 0 {
					x.openingYear(line[st:])
				}
			}
			from += k + len("年")
		}
	}
	var par setting
	for x.off = 0; x.off < len(line); {
		end := x.off + sentenceCut(line[x.off:], x.rs.g)
		x.sentence(line[x.off:end], &par)
		x.off = end
	}
}

// maxParagraph bounds the lines joined into one paragraph, in bytes: text cut into lines
// that never end a sentence is read in paragraphs of about this size.
const maxParagraph = 4 * maxSentence

// maxSentence bounds a sentence in bytes: text that runs on without the end of a sentence
// (a table flattened into one line, a megabyte without 。) is read in pieces of at most this
// size, cut at a comma where there is one, so that reading stays linear in the text's size.
const maxSentence = 2048

// sentenceCut returns the length of the first sentence of s, or of its first piece of at most
// maxSentence bytes.
func sentenceCut(s string, g *grammar) int {
	if n := g.sentenceEnd(s[:min(len(s), maxSentence)]); n < maxSentence || n == len(s) {
		return n
	}
	cut := maxSentence
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if k := strings.LastIndexByte(s[:cut], ','); k > maxSentence/2 {
		return k + 1
	}
	return cut
}

// openingYear moves the section to the year a sentence opens with: "2020年是极具挑战的一年",
// "2021年罗湖将重点推进六方面工作".
func (x *extraction) openingYear(s string) {
	if k := strings.IndexByte(s, ','); k > 0 && isLeadIn(s[:k]) {
		if y, _ := x.rs.g.yearAt(s, k+1); y > 0 {
			s = s[k+1:] // 报告指出,2023年贵州省经济…: a short lead-in, then the year
		}
	}
	y, n := x.rs.g.yearAt(s, 0)
	if x.doc.month > 0 && x.doc.month <= 6 && y == x.doc.year {
		return // 2月2日…开幕。2012年,是…重要一年: the year of a report given early in it
	}
	if y > 0 && y != x.section.year && !isDate(s[n:]) && !containsAny(s, x.rs.g.cfg.WorkReports) {
		x.section = setting{year: y, review: !x.rs.g.plans.in(s)}
		x.levels = [5]setting{x.section, x.section, x.section, x.section, x.section}
	}
}

// leadInStart returns where the sentence starts whose short lead-in (报告指出,) the year at
// line[p:] follows, or -1.
func (x *extraction) leadInStart(line string, p int) int {
	if p < 2 || line[p-1] != ',' {
		return -1
	}
	for st := p - 1; st >= max(0, p-1-maxLeadIn); st-- {
		if !utf8.RuneStart(line[st]) {
			continue
		}
		if st == 0 || x.rs.g.endsSentence(line[:st]) {
			return st
		}
	}
	return -1
}

// maxLeadIn bounds, in bytes, the clause a sentence may open with before its year: 报告指出,
// 据统计, 初步核算 (six characters).
const maxLeadIn = 18

// maxNewsLeadIn bounds, in bytes, the clause of a news item that tells who gave the news
// before its year: 江苏省政府新闻发言人2日向媒体介绍 (twenty characters).
const maxNewsLeadIn = 72

// isLeadIn tells whether the clause a sentence opens with, before its year, only leads in: a
// short one without a number (报告指出, 据统计), or the one of a news item that ends in a word of
// telling (…新闻发言人2日向媒体介绍, 记者从市统计局获悉).
func isLeadIn(s string) bool {
	if len(s) <= maxLeadIn && !strings.ContainsAny(s, "0123456789") {
		return true
	}
	return len(s) <= maxNewsLeadIn && hasAnySuffix(s, newsVerbs)
}

// newsVerbs end the clause of a news item that tells who gave the news.
var newsVerbs = []string{"介绍", "获悉", "透露", "表示", "指出", "宣布", "通报", "发布"}

// leadAhead looks for the period a dated report's lead names (今年上半年…) in its opening
// 1,500 bytes, so that figures the lead gives before naming it (地区生产总值1267.24亿元…。今年
// 上半年银川经济…) are of it. A period not over at publication, or that of a comparison, is
// none.
func (x *extraction) leadAhead(text string) {
	if !x.doc.exact || x.doc.published.Month() == time.January {
		return // in January no period of the year is over
	}
	text = text[:min(len(text), 1500)]
	sc := x.rs.scan(text)
	for t, ok := sc.next(); ok; t, ok = sc.next() {
		p := t.period
		if t.kind == tokCue {
			p = x.rs.cfg.Vocabulary.Cues[t.id].Period
		}
		if p == "" || t.kind != tokCue && t.kind != tokPeriod || x.rs.g.comparison(text, t.pos) {
			continue
		}
		_, to, _ := series.PeriodMonths(p)
		if to < 12 && to < int(x.doc.published.Month()) {
			x.leadPeriod(p, false, setting{})
		}
		return
	}
}

// leadPeriod makes a period named in a report's first three lines, before the sentence names
// an indicator and not of another year (去年1-11月), the section's when none is yet: a digest
// states 前三季度 or 1-11月 in its lead and not again.
func (x *extraction) leadPeriod(p string, named bool, sen setting) {
	if p == "" || x.paras > 3 || x.section.period != "" || named || sen.year != 0 && sen.year != x.doc.year {
		return
	}
	x.section.period, x.lead = p, p
	for k := range x.levels {
		x.levels[k].period = p
	}
	x.why("the lead names the period %s: it holds for the report until another", p)
}

// sentence reads one sentence: cues update the context as they come; every indicator name is
// followed by the figures that stand after it.
func (x *extraction) sentence(s string, par *setting) {
	x.line = x.lineAt(x.off)
	x.growthAfter(s)
	x.openingYear(s)
	if x.explaining() {
		x.why("sentence %q, in the context %s", s, x.section.or(*par))
	}
	r := &reading{x: x, s: s, par: par}
	sc := x.rs.scan(s)
	for t, ok := sc.next(); ok; t, ok = sc.next() {
		switch t.kind {
		case tokComma:
			r.comma(t.pos)
		case tokAlias:
			x.line = x.lineAt(x.off + t.pos)
			if y := planEnd(s[:t.pos]); y > x.doc.year && x.doc.year > 0 && !r.sen.horizon {
				r.sen.year, r.sen.horizon = y, true // “十四五”时期…经济总量跨越6万亿元: the plan's span
			}
			sc.pos = x.figures(s, t.pos, t.id, t.end-t.pos, r.clause, r.sen.or(*par))
			r.named = true
		case tokUntil:
			if t.year > 0 {
				r.sen.year = t.year
			}
			r.setPeriod(t.period)
		case tokCue:
			r.cue(t)
		case tokYear:
			r.year(t)
		case tokPeriod:
			if t.period != "" && !x.rs.g.comparison(s, t.pos) {
				r.setPeriod(t.period)
			}
		}
	}
}

// reading is the state of one sentence being read.
type reading struct {
	x      *extraction
	s      string
	sen    setting  // what the sentence says so far
	par    *setting // what holds for the rest of the paragraph
	clause int      // where the current clause starts
	named  bool     // an indicator was named
}

// comma ends a clause at s[i]: a word of plan holds for its clause (完成计划审批…, 城市更新计划…),
// unless it is the whole clause; a word of review (预计到年末,…; 初步核算,…) for the sentence.
func (r *reading) comma(i int) {
	if _, n := r.x.rs.cues.at(r.s, r.clause); n != i-r.clause && r.sen.kind == series.KindTarget {
		r.sen.kind = ""
	}
	r.clause = i + 1
}

// cumulative returns the period from January to the end of quarter p where the rest of the
// sentence compares the figure with all the months before that quarter: in "三季度,全县实现
// 地区生产总值125.95亿元,同比增长3.6%,比上半年高1.5个百分点" the figure is 前三季度's, as a
// quarter alone is set beside another quarter (比二季度). Otherwise it returns p.
func (x *extraction) cumulative(rest, p string) string {
	from, to, ok := series.PeriodMonths(p)
	if !ok || from <= 4 || to-from != 2 {
		return p // no quarter, or the second, whose months before it are a quarter too
	}
	sc := x.rs.scan(rest)
	for t, ok := sc.next(); ok; t, ok = sc.next() {
		q := t.period
		if t.kind == tokCue {
			q = x.rs.cfg.Vocabulary.Cues[t.id].Period
		} else if t.kind != tokPeriod {
			continue
		}
		if f, e, ok := series.PeriodMonths(q); ok && f == 1 && e == from-1 && x.rs.g.comparison(rest, t.pos) {
			return "1-" + strconv.Itoa(to)
		}
	}
	return p
}

// setPeriod makes a period the sentence's and the paragraph's, and the report's where the lead
// states it.
func (r *reading) setPeriod(p string) {
	r.sen.period, r.par.period = p, p
	r.x.leadPeriod(p, r.named, r.sen)
}

// cue reads a cue word into the sentence's context, and the paragraph's for a cue of that scope.
func (r *reading) cue(t token) {
	x := r.x
	cue := x.rs.cfg.Vocabulary.Cues[t.id]
	c := setting{kind: cue.Kind, period: cue.Period}
	if c.kind == series.KindTarget && x.rs.g.fulfilled(r.s[r.clause:t.pos], r.s[t.end:]) {
		c.kind = "" // 完成了…确定的主要目标任务: the plan reviewed
	}
	if x.rs.g.comparison(r.s, t.pos) {
		c.period = "" // 降幅较一季度收窄: the base of a comparison
	} else {
		c.period = x.cumulative(r.s[t.end:], c.period)
	}
	x.leadPeriod(c.period, r.named, r.sen)
	if cue.Year != nil && x.doc.year > 0 && !x.rs.g.comparison(r.s, t.pos) {
		c.year = x.doc.year + *cue.Year
		if *cue.Year == 0 && cue.Scope == "paragraph" && !r.named {
			x.leadYear(c.year) // 今年以来,全县…
		}
	}
	r.sen = c.or(r.sen)
	if cue.Scope == "paragraph" && !r.named {
		// Before the sentence names an indicator: 上半年,全区…; after one (…,三季度三次产业比重
		// 为…) the cue is the sentence's only.
		*r.par = c.or(*r.par)
	}
}

// year reads a year: a plan's horizon after 到 (到2025年), else the sentence's year, and the
// paragraph's when the sentence opens with it (镇江2018年预计实现地区生产总值…。一般公共预算收入301亿元).
func (r *reading) year(t token) {
	x, y := r.x, t.year
	if y == 0 {
		return
	}
	r.sen.year = y
	if x.rs.g.horizon(r.s, t.pos) && y > x.doc.year && x.doc.year > 0 {
		r.sen.horizon = true
	} else if !r.named {
		r.par.year = y
		if r.sen.kind == series.KindActual {
			x.leadYear(y) // 初步核算,2020年全区完成生产总值…
		}
	}
}

// leadYear makes the year a report of unknown date reviews in its lead (初步核算,2020年全区…;
// 今年以来,全县…) the section's, so that full-year figures further on are of that year and not
// of the year before.
func (x *extraction) leadYear(y int) {
	if x.doc.exact || x.paras > 3 || y != x.doc.year || x.section.year != 0 {
		return
	}
	x.section.year, x.section.review = y, true
	for k := range x.levels {
		x.levels[k].year, x.levels[k].review = y, true
	}
	x.why("the lead reviews %d: it holds for the report", y)
}
