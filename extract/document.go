package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/gazetteer"
	"github.com/report-exporter/report_exporter/series"
)

// document is what a report says of itself.
type document struct {
	file        string
	region      string
	regionCode  string // GB/T 2260; empty for a place the gazetteer lacks or cannot settle
	place       *gazetteer.Place
	candidates  []string // the place names the text gave, best first, for an error message
	regionLevel string
	published   time.Time // publication date, or 1 January of the publication year
	exact       bool      // published is a real date, not only a year
	year        int       // publication year; 0 when the text does not tell
	month       int       // the month of a dateline without a year (2月2日,…), when the date is not exact
	regionBy    string    // how the region was found, for Explain
	publishedBy string    // how the date was found, for Explain
	// The pattern and line that dated the document, formatted into publishedBy only for
	// Explain: most documents are never explained.
	publishedRe   *config.Regexp
	publishedLine string
}

// publishedHow tells how the publication date was found.
func (d *document) publishedHow() string {
	if d.publishedRe != nil {
		return fmt.Sprintf("the pattern %q on %q", d.publishedRe.String(), d.publishedLine)
	}
	return d.publishedBy
}

// document reads the region and the publication date from the sidecar or the opening lines.
func (rs *RuleSet) document(file, text string, meta *config.Meta) document {
	d := document{file: file}
	if meta != nil {
		d.region, d.regionBy = meta.Region, "the sidecar"
		if !meta.Published.IsZero() {
			d.published, d.exact, d.publishedBy = meta.Published, true, "the sidecar"
		}
	}
	// Titles, bylines and dates stand at the start of their lines: the document patterns see
	// the first 100 characters of each of the first lines.
	var top []string
	for rest, i := text, 0; rest != "" && i < rs.cfg.Document.Lines; i++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line = compact(line); line != "" {
			top = append(top, head(line, 100))
		}
	}
	d.findRegion(rs, text, top)
	if d.published.IsZero() {
		d.findPublished(rs, top)
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
	title := latestYear(rs.g, head, true)
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
			d.publishedRe, d.publishedLine = re, strings.Clone(line) // not the text: a large report's first piece
			if !d.exact {
				d.month = leadMonth(head) // 2024全国地方两会…⏎1月24日上午,…
			}
			return
		}
	}
	d.month = leadMonth(head)
	y := title
	if y == 0 {
		y = latestYear(rs.g, head, false)
	}
	if y > 0 {
		d.published = time.Date(y, 1, 1, 0, 0, 0, 0, series.China)
		d.publishedBy = "the latest year of the title and the opening lines"
	}
}

// leadMonth returns the month of a dateline without a year that opens one of the first two
// lines (2月2日,梧州市十三届人大二次会议开幕), or 0.
func leadMonth(head []string) int {
	for _, line := range head[:min(len(head), 2)] {
		if m := monthDay.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

var monthDay = regexp.MustCompile(`^(\d{1,2})月\d{1,2}日`)

// latestYear returns the latest year the lines name, not counting comparisons (比2019年),
// spans (2019年以来) or horizons (到2035年), and the year after one called gone by (刚刚过去的
// 2007年); with heads, only of the first five lines and of headings.
func latestYear(g *grammar, head []string, heads bool) int {
	latest := 0
	for i, line := range head {
		if heads && i >= 5 && !g.isHeading(line) {
			continue
		}
		if y := bareYear(line); y > 0 {
			latest = max(latest, y) // 2020⏎08/26⏎14:43: a page's dateline cut into lines
			continue
		}
		// A year is four digits and 年: look before each 年 rather than at every byte.
		for from := 0; ; {
			j := strings.Index(line[from:], "年")
			if j < 0 {
				break
			}
			k := from + j - 4
			from += j + len("年")
			if k < 0 {
				continue
			}
			if y, _ := g.yearAt(line, k); y > 0 && !g.horizon(line, k) {
				if past(line[:k]) {
					y++ // 刚刚过去的2007年: the report is of 2008
				}
				latest = max(latest, y)
			}
		}
	}
	return latest
}

// past tells whether the text before a year calls it the year gone by (刚刚过去的2007年), not
// the one ending (即将过去的2018年).
func past(before string) bool {
	return strings.HasSuffix(before, "过去的") && !strings.HasSuffix(before, "即将过去的")
}

// bareYear returns the year a line that is only a year (2020) stands for, or 0.
func bareYear(line string) int {
	if len(line) != 4 || !isDigits(line, 0, 4) || line[:2] != "19" && line[:2] != "20" {
		return 0
	}
	y, _ := strconv.Atoi(line)
	return y
}

// findRegion settles the document's place: the sidecar's name, else the gazetteer's reading
// of the text (findPlace), else the rules' patterns over the opening lines, else the known
// name whose stem the text repeats most. The code comes from the gazetteer, for a sidecar's
// name too, and stays empty for a place it lacks or a shared name the text does not settle.
func (d *document) findRegion(rs *RuleSet, text string, head []string) {
	gaz := gazetteer.Default()
	if d.region != "" {
		if cands := gaz.Named(d.region); len(cands) == 1 {
			d.region, d.regionCode, d.place = cands[0].Name, cands[0].Code, cands[0]
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
	p, name, cands := findPlace(gaz, &rs.cfg.Grammar.Places, text, max(opening, 300))
	d.candidates = cands
	if p != nil {
		d.region, d.regionCode, d.place, d.regionBy = p.Name, p.Code, p, "the places the text names"
		return
	}
	if name != "" {
		d.region = name // a name several places share, which the text does not settle
		d.regionBy = "the places the text names (a name several places share)"
		return
	}
	for _, line := range head {
		for _, re := range rs.cfg.Document.Region {
			if m := re.FindStringSubmatch(line); m != nil {
				d.region = strings.Clone(m[re.SubexpIndex("region")])
				d.regionBy = fmt.Sprintf("the pattern %q", re.String())
				return
			}
		}
	}
	best := 2 // fewer mentions than three name nothing
	for _, name := range rs.cfg.Document.Known {
		_, size := utf8.DecodeLastRuneInString(name)
		if n := strings.Count(text, name[:len(name)-size]); n > best {
			d.region, best = name, n
			d.regionBy = "the known name the text repeats most"
		}
	}
}

func group(re *regexp.Regexp, m []string, name string) int {
	i := re.SubexpIndex(name)
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(m[i])
	return n
}
