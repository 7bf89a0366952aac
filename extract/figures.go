package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/gazetteer"
	"github.com/report-exporter/report_exporter/series"
)

// figures reads the figures after an indicator's name at s[at:at+n], or after a list of names
// ("A、B和C分别增长a、b和c"), and emits their samples. It returns where reading goes on.
func (x *extraction) figures(s string, at, ind, n, clause int, c setting) int {
	rs := x.rs
	name := s[at : at+n]
	if x.excluded(s, clause, at, ind) {
		x.why("%s: a look-alike of another quantity (not: of %s)", name, rs.cfg.Indicators[ind].ID)
		return at + n
	}
	if x.foreign(s[clause:at]) {
		x.why("%s: the figure of another area than %s (%q)", name, x.doc.region, s[clause:at])
		return at + n
	}
	names := []int{ind}
	var inParens []figure // 地区生产总值(7.5%)、规模以上工业增加值(12.7%): each name's own figure
	i := x.afterName(s, at+n, &inParens)
	for {
		_, sn := rs.g.seps.at(s, i)
		if sn == 0 {
			break
		}
		next, nn := rs.aliases.at(s, i+sn)
		if nn == 0 || x.excluded(s, clause, i+sn, next) {
			break
		}
		names = append(names, next)
		i = x.afterName(s, i+sn+nn, &inParens)
	}
	// 一般公共预算收入和支出分别达4.78亿元、20.2亿元: a word that names no indicator, joined to
	// the names before a 分别, takes its place in the lists (unnamed), and its figures are
	// nobody's.
	if len(inParens) == 0 {
		if k, end := rs.unnamedItems(s, i); k > 0 {
			names = append(names, slices.Repeat([]int{unnamed}, k)...)
			i = end
		}
	}
	i = x.betweenNameAndFigure(s, i, &c)
	var figs []figure
	if len(inParens) == len(names) {
		figs = inParens
	} else if len(names) > 1 {
		j := rs.skip(s, i)
		if k := prefixLen(s[j:], rs.g.respectively); k > 0 {
			figs = rs.figuresOf(s, j+k, names)
			if len(figs) == len(names) {
				// A、B分别达到36.5亿元、24.2亿元,增长13.4%、16.5%: the growths follow the levels.
				figs = append(figs, rs.growthList(s, figs[len(figs)-1].end, names)...)
			}
		} else if f, ok := rs.figureAt(s, i, nil); ok {
			// 城镇调查失业率和登记失业率稳定在4.3%左右: one figure for all the names.
			figs = slices.Repeat([]figure{f}, len(names))
		}
		if len(figs) != len(names) && len(figs) != 2*len(names) {
			x.why("%s and others: %d figures for %d names", name, len(figs), len(names))
			x.unmatched(s, at, names[0])
			return i
		}
	} else if figs = rs.figureRun(s, i); len(figs) == 0 {
		if j := rs.afterRemark(s, i); j > i {
			figs = rs.figureRun(s, j) // 固定资产投资继续保持高位运行,同比增长10.5%
		} else if j := x.yearOfFigure(s, i, &c); j > i {
			figs = rs.figureRun(s, j)
		}
	}
	if len(figs) == 0 {
		x.why("%s: no figure stands after it (%q)", name, head(s[i:], 12))
		x.unmatched(s, at, ind)
		return i
	}
	x.emitFigures(s, at, clause, names, figs, c)
	if len(names) == 1 && len(figs) == 1 && !figs[0].growth {
		x.level = &pendingLevel{ind: ind, c: c} // its growth may open the next sentence
	}
	end := figs[len(figs)-1].end
	if len(names) == 1 && figs[len(figs)-1].growth {
		end = x.periodGrowths(s, end, at, ind, c)
	}
	return max(i, end)
}

// betweenNameAndFigure reads a period or a plan word that stands between a name and its
// figure, makes it the figure's and returns where the figure may start: "一般公共预算收入1-6月
// 完成48.58亿元" is of 1-6, "GDP目标增速8.5%" and "地区生产总值预期增长7%" are targets.
func (x *extraction) betweenNameAndFigure(s string, i int, c *setting) int {
	rs := x.rs
	if p, n := rs.g.periodAt(s, i, ^uint64(0)); n > 0 && p != "" {
		c.period = p
		return i + n
	}
	id, n := rs.cues.at(s, i)
	if n == 0 {
		return i
	}
	switch cue := rs.cfg.Vocabulary.Cues[id]; {
	case cue.Period != "":
		c.period = cue.Period
		return i + n
	case cue.Kind == series.KindTarget && !rs.g.fulfilled("", s[i+n:]):
		c.kind = series.KindTarget
		return i + n
	}
	return i
}

// emitFigures emits the figures read after the names at s[at:] (names[k%len(names)] is the
// k-th figure's), in the clause that starts at s[clause:]: not a growth at current prices nor
// a total over several years. The sentence is listed as unmatched once if a figure gives no
// sample.
func (x *extraction) emitFigures(s string, at, clause int, names []int, figs []figure, c setting) {
	rs := x.rs
	left := false
	for k, f := range figs {
		id := names[k%len(names)]
		if id == unnamed {
			continue
		}
		if f.growth && atCurrentPrices(s[rs.priceClause(s, clause):skipParen(s, f.end)]) {
			x.why("%s: %q is a growth at current prices, not the comparable one", rs.cfg.Indicators[id].ID, s[at:f.end])
			continue
		}
		if !f.growth && x.total(s[clause:f.end], s, c) {
			x.why("%s: %q is a total over several years, no year's figure", rs.cfg.Indicators[id].ID, s[at:f.end])
			continue
		}
		if !x.emit(rs.cfg.Indicators[id], f, c, s[at:f.end]) && !left {
			left = true
			x.res.Unmatched = append(x.res.Unmatched, Unmatched{
				File: x.res.File, Line: x.line, Indicator: rs.cfg.Indicators[id].ID, Text: strings.Clone(s),
			})
		}
	}
}

// atCurrentPrices tells whether a growth, with the text of its clause before it and a
// parenthesis after it, is stated at current prices: nominal, not the comparable growth the
// series means. "地区生产总值(现价)完成698824万元,同比增长10.67%" is; "40.13亿元(现价),
// 同比增长2.9%(可比价)" is not.
func atCurrentPrices(text string) bool {
	return containsAny(text, currentPrices) && !containsAny(text, comparablePrices)
}

// priceClause returns where the clause that states a figure's price basis starts: the clause
// at s[clause:] of its name, or the one before it where that names no indicator ("按现价计算,
// 全年地区生产总值120.5亿元,增长9.8%").
func (rs *RuleSet) priceClause(s string, clause int) int {
	if clause == 0 || s[clause-1] != ',' {
		return clause
	}
	k := strings.LastIndexByte(s[:clause-1], ',') + 1
	if rs.named.in(s[k:clause]) {
		return clause
	}
	return k
}

var (
	currentPrices    = []string{"现价", "当年价"}
	comparablePrices = []string{"可比", "不变价"}
)

// unnamed stands in a list of names for a word that names no indicator.
const unnamed = -1

// unnamedItems reads, after a list of names ending at s[i], the words joined to it by
// separators that name no indicator, when a 分别 follows them: "和支出分别达". It returns
// how many such words stand there and where they end, or 0 when no 分别 follows.
func (rs *RuleSet) unnamedItems(s string, i int) (k, end int) {
	const maxRunes = 8
	for {
		_, sn := rs.g.seps.at(s, i)
		if sn == 0 {
			break
		}
		j := i + sn
		w := j
		for runes := 0; w < len(s); runes++ {
			if w > j && (rs.startsRespectively(s, w) || rs.sepAt(s, w)) {
				break
			}
			r, size := utf8.DecodeRuneInString(s[w:])
			if runes == maxRunes || !unicode.Is(unicode.Han, r) {
				return 0, i
			}
			w += size
		}
		if w == j || rs.named.in(s[j:w]) {
			return 0, i
		}
		k, i = k+1, w
	}
	if k == 0 || !rs.startsRespectively(s, i) {
		return 0, i
	}
	return k, i
}

// startsRespectively tells whether a 分别 stands at s[i:], after fillers: "同比分别增长".
func (rs *RuleSet) startsRespectively(s string, i int) bool {
	return prefixLen(s[rs.skip(s, i):], rs.g.respectively) > 0
}

// sepAt tells whether a separator of a list stands at s[i:].
func (rs *RuleSet) sepAt(s string, i int) bool {
	_, n := rs.g.seps.at(s, i)
	return n > 0
}

// periodGrowths reads the growths of other periods that follow a growth, each after its
// period (一季度地区生产总值增长68.5%,上半年增长37.3%,前三季度增长14.5%), and returns where
// they end.
func (x *extraction) periodGrowths(s string, end, at, ind int, c setting) int {
	rs := x.rs
	for strings.HasPrefix(s[end:], ",") {
		i := end + 1
		p := ""
		if q, n := rs.g.periodAt(s, i, ^uint64(0)); n > 0 {
			p, i = q, i+n
		} else if id, n := rs.cues.at(s, i); n > 0 {
			p, i = rs.cfg.Vocabulary.Cues[id].Period, i+n
		}
		f, ok := rs.figureAt(s, i, nil)
		if p == "" || !ok || !f.growth {
			return end
		}
		c.period = p
		x.emit(rs.cfg.Indicators[ind], f, c, s[at:f.end])
		end = f.end
	}
	return end
}

// afterName moves past a short parenthesis after a name at s[i:]; one that holds just a
// figure (地区生产总值(7.5%)) is the name's, appended to figs. A bare percentage there is a
// growth: no indicator's figure in parentheses is a share.
func (x *extraction) afterName(s string, i int, figs *[]figure) int {
	j := skipParen(s, i)
	if j == i {
		return j
	}
	if s[i] != '(' {
		return x.afterName(s, j, figs) // 〔2〕, [2]: a footnote, then maybe (GDP)
	}
	if f, ok := x.rs.figureAt(s, i+1, nil); ok && f.end == j-1 {
		if f.unit == "ratio" && !f.growth {
			f.growth, f.sign = true, 1
		}
		f.end = j
		*figs = append(*figs, f)
		return j
	}
	return x.afterName(s, j, figs) // 地区生产总值(GDP)[2]684.84亿元
}

// yearOfFigure reads the year that stands before a figure, after its name and the base it is
// set against: "在2005年6520亿元的基础上,2010年达到15806亿元", "由2009年的3810亿元增长到2013年的
// 8000亿元". It makes the year c's, a plan's horizon where it is one (增加到2025年的), and
// returns where the figure starts, or i where no year and figure stand there.
func (x *extraction) yearOfFigure(s string, i int, c *setting) int {
	rs := x.rs
	j := rs.skip(s, i)
	y, n := rs.g.yearAt(s, j)
	if y == 0 {
		return i
	}
	k := j + n
	k += prefixLen(s[k:], []string{"末", "底"})
	k += prefixLen(s[k:], []string{"的"})
	if _, ok := rs.figureAt(s, k, nil); !ok {
		return i
	}
	c.year = y
	if rs.g.horizon(s, j) && x.doc.year > 0 && y > x.doc.year {
		c.horizon = true
	}
	return k
}

// afterRemark returns where the clause after a remark on an indicator starts: a short clause
// of words alone between its name at s[:i] and its figure ("固定资产投资继续保持高位运行,
// 同比增长10.5%"). It returns i where no such clause stands there: one with a number, a name, a
// blocker (比重, 拉动) or a part (其中).
func (rs *RuleSet) afterRemark(s string, i int) int {
	const maxRunes = 12
	k := strings.IndexByte(s[i:], ',')
	if k <= 0 {
		return i
	}
	remark := s[i : i+k]
	if utf8.RuneCountInString(remark) > maxRunes || rs.named.in(remark) || containsAny(remark, rs.g.cfg.Parts) {
		return i
	}
	for j, r := range remark {
		if !unicode.Is(unicode.Han, r) {
			return i
		}
		if _, n := rs.blockers.at(remark, j); n > 0 {
			return i
		}
	}
	return i + k + 1
}

// pendingLevel is an indicator whose level a sentence gave without its growth.
type pendingLevel struct {
	ind int
	c   setting
}

// growthAfter reads a growth that opens a sentence as that of the level the last sentence gave
// without one: "…亿元,总量稳居全市第二。按可比价格计算,同比增长8.4%".
func (x *extraction) growthAfter(s string) {
	l := x.level
	x.level = nil
	if l == nil || x.rs.named.in(s) {
		return
	}
	if f, ok := x.rs.figureAt(s, 0, nil); ok && f.growth {
		x.emit(x.rs.cfg.Indicators[l.ind], f, l.c, s[:f.end])
	}
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
		j := skipParen(s, f.end) // 1410亿元(预计数,下同),增长6%
		if !strings.HasPrefix(s[j:], ",") && !strings.HasPrefix(s[j:], "、") {
			// 260.1亿元同比(下同)增长6.1%, 增长12.6%达92.9亿元: a level and its growth without a
			// comma between.
			if g, ok := rs.figureAt(s, j, nil); ok && len(figs) == 1 && f.growth != g.growth {
				figs = append(figs, g)
			}
			return figs
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		next, ok := rs.figureAt(s, j+size, nil)
		if !ok {
			if len(figs) == 1 && !f.growth {
				if g, ok := rs.laterGrowth(s, j, i); ok {
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
// After a clause that opens with a part (其中城镇投资3197.2亿元), the first of the growths
// that follow it respectively is the total's: "全社会固定资产投资完成3806.8亿元,其中城镇投资
// 3197.2亿元,分别增长33.0%和34.9%". s[j] is the comma after the level.
func (rs *RuleSet) laterGrowth(s string, j, start int) (figure, bool) {
	part := false
	for range 3 {
		if !strings.HasPrefix(s[j:], ",") {
			return figure{}, false
		}
		j++
		if g, ok := rs.figureAt(s, j, nil); ok {
			return g, g.growth
		}
		if g, ok := rs.partGrowth(s, j, start); ok {
			return g, true
		}
		if part {
			if g := rs.respectiveGrowths(s, j); len(g) >= 2 {
				return g[0], true
			}
		}
		end := strings.IndexByte(s[j:], ',')
		if end < 0 || rs.named.in(s[j:j+end]) {
			return figure{}, false
		}
		part = hasAnyPrefix(s[j:], rs.g.cfg.Parts)
		j += end
	}
	return figure{}, false
}

// respectiveGrowths reads the growths a clause at s[j:] gives respectively: "同比分别增长3.7%
// 和7.1%". It returns nothing where the clause says no 分别 or gives levels.
func (rs *RuleSet) respectiveGrowths(s string, j int) []figure {
	k := rs.skip(s, j)
	n := prefixLen(s[k:], rs.g.respectively)
	if n == 0 {
		return nil
	}
	g := rs.figureList(s, k+n)
	if len(g) == 0 || !g[0].growth {
		return nil
	}
	return g
}

// growthList reads, after a list of levels ending at s[j], a list of growths, one for each
// of names: ",增长13.4%、16.5%". It returns nothing when none or another count stands there.
func (rs *RuleSet) growthList(s string, j int, names []int) []figure {
	if !strings.HasPrefix(s[j:], ",") {
		return nil
	}
	j = rs.skip(s, j+1)
	j += prefixLen(s[j:], rs.g.respectively) // ,分别增长6.9%、0.8%
	g := rs.figuresOf(s, j, names)
	if len(g) != len(names) || !g[0].growth {
		return nil
	}
	return g
}

// partGrowth reads the growth of a part named after its total: "财政总收入318亿元,其中公共财政
// 预算收入184亿元,同比分别增长3.7%和7.1%" gives the part the last of the growths. s[j:] is the
// clause after the part's level, the part's figure starts at s[start].
func (rs *RuleSet) partGrowth(s string, j, start int) (figure, bool) {
	if !containsAny(s[:start], rs.g.cfg.Parts) {
		return figure{}, false
	}
	g := rs.respectiveGrowths(s, j)
	if len(g) < 2 {
		return figure{}, false
	}
	return g[len(g)-1], true
}

// figureList reads "增长a、b和c": figures joined by separators, the later ones taking the first
// one's sign.
func (rs *RuleSet) figureList(s string, i int) []figure { return rs.figuresOf(s, i, nil) }

// figuresOf is figureList for the list of names the figures are of: the figure of a word that
// names no indicator is read whatever its unit, as it is nobody's ("城镇登记失业率、人口自然增长率
// 分别为3.60%和4.96‰": the rate of births less deaths is in per mille).
func (rs *RuleSet) figuresOf(s string, i int, names []int) []figure {
	f, ok := rs.figureAt(s, i, nil)
	if !ok {
		return nil
	}
	figs := []figure{f}
	for {
		j := f.end
		_, n := rs.g.seps.at(s, j)
		if n == 0 && strings.HasPrefix(s[j:], ",") {
			n = 1
		}
		if n == 0 {
			return sharedBound(figs)
		}
		next, ok := rs.figureAt(s, j+n, &figs[0])
		if !ok && len(figs) < len(names) && names[len(figs)] == unnamed {
			next, ok = rs.anyFigure(s, j+n, &figs[0])
		}
		if !ok || next.growth != figs[0].growth {
			return sharedBound(figs) // 374.7亿元,增长9.7%: the levels end where the growths start
		}
		figs = append(figs, next)
		f = next
	}
}

// sharedBound gives the qualifier after the last figure of a list to the figures before it
// when none of them has one: "分别控制在4.2%、3%、2.5‰以内" are three maxima.
func sharedBound(figs []figure) []figure {
	last := figs[len(figs)-1]
	if len(figs) < 2 || last.bound == "" {
		return figs
	}
	for _, f := range figs[:len(figs)-1] {
		if f.bound != "" {
			return figs
		}
	}
	for k := range figs[:len(figs)-1] {
		figs[k].bound, figs[k].qual = last.bound, last.qual
	}
	return figs
}

// anyFigure reads at s[i:] a figure in a unit the rules may not know (4.96‰, 3.2万人), as
// figureAt reads one in a unit they know: the unit is up to maxUnit characters that are no
// digit, separator, comma or end of a sentence. Its value means nothing; it is the figure of no indicator.
func (rs *RuleSet) anyFigure(s string, i int, like *figure) (figure, bool) {
	const maxUnit = 4
	var f figure
	i = rs.lead(s, rs.skip(s, i), like, &f)
	_, end := number(s, i)
	if end == i {
		return f, false
	}
	k := end
	for runes := 0; k < len(s) && runes < maxUnit; runes++ {
		r, size := utf8.DecodeRuneInString(s[k:])
		if unicode.IsDigit(r) || strings.ContainsRune(",:()、", r) || rs.g.isSentenceEnd(r) || rs.sepAt(s, k) ||
			rs.startsRespectively(s, k) {
			break
		}
		if b, q, qend := rs.qualifier(s, k); qend > k && k > end {
			f.bound, f.qual, k = b, f.qual+q, qend // 2.5‰以内
			break
		}
		k += size
	}
	if k == end {
		return f, false
	}
	f.end = k
	return f, true
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
			if strings.HasPrefix(s[at:], name) && strings.Contains(s[:at], before) {
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
	switch x.placeBefore(prefix) {
	case otherArea:
		return true
	case ownArea:
		return false // 2024年一季度古丈县地区生产总值
	}
	if re := x.rs.cfg.Vocabulary.Places; re != nil && x.doc.region != "" {
		if m := re.FindStringSubmatch(prefix); m != nil && !x.ownName(m[re.SubexpIndex("region")]) {
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

// ownName tells whether a name before an indicator is the document's place: its name (or one
// ending so, 深圳市罗湖区), or its short form with its own ending (维西县 for 维西傈僳族自治县).
func (x *extraction) ownName(name string) bool {
	if strings.HasSuffix(name, x.doc.region) {
		return true
	}
	p := x.doc.place
	if p == nil {
		return false
	}
	_, size := utf8.DecodeLastRuneInString(p.Name)
	return name == p.Short()+p.Name[len(p.Name)-size:]
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

// The area a place named right before an indicator's name stands for.
const (
	noArea    = iota
	ownArea   // the document's place, or one it lies within (江苏省镇江市)
	otherArea // another place the gazetteer knows (南京市预计实现地区生产总值 in 镇江市's report)
)

// placeBefore tells whether a place the gazetteer knows is named right before an indicator's
// name, and whose it is.
func (x *extraction) placeBefore(prefix string) int {
	p := x.doc.place
	if p == nil || len(prefix) < 6 {
		return noArea
	}
	tail := prefix[max(0, len(prefix)-30):]
	area := noArea
	for _, m := range gazetteer.Default().Find(tail) {
		if m.Short || len(tail)-m.End > 12 {
			continue
		}
		area = otherArea
		if slices.ContainsFunc(m.Places, func(q *gazetteer.Place) bool { return p.Within(q) }) {
			area = ownArea
		}
	}
	return area
}

// total tells whether a level is a sum over several years: 累计 between its clause's start
// and the figure, in a sentence that spans years (累计完成固定资产投资428.3亿元,年均增长13%左右;
// 五年来,全社会固定资产投资累计完成469亿元); or, in a sentence that opens with a span of years
// and gives yearly averages, a level of no year of its own that is not one reached
// (五年来,全社会固定资产投资预计完成469亿元、年均增长12.6%, but 过去五年,地区生产总值由75.1亿元
// 增至110亿元). Under a span of months (1至8月,全县累计完成固定资产投资72.7亿元) 累计 sums the
// year to date, and the figure is the year's.
func (x *extraction) total(clause, sentence string, c setting) bool {
	summed := strings.Contains(clause, "累计") && containsAny(sentence, yearSpans)
	spanned := c.year == 0 && hasAnyPrefix(sentence, spanOpenings) && strings.Contains(sentence, "年均") &&
		!containsAny(clause, reached)
	if !summed && !spanned {
		return false
	}
	if p := c.or(x.section).period; p != "" {
		if _, to, _ := series.PeriodMonths(p); to < 12 {
			return false
		}
	}
	return true
}

// yearSpans are the words of a sentence that reviews several years: 年均增长, 五年来, 过去五年,
// “十三五”期间.
var yearSpans = []string{"年均", "两年", "三年", "五年", "十年", "多年来", "近年来", "期间"}

// spanOpenings open a sentence that reviews several years: 五年来,…
var spanOpenings = []string{"五年来", "过去五年", "这五年", "三年来", "十年来"}

// reached are the words of a level reached at a span's end: 由75.1亿元增至110亿元, 达到230亿元.
var reached = []string{"达", "增至", "增加到", "提高到", "提升到", "突破", "迈上", "跨越", "末", "底"}
