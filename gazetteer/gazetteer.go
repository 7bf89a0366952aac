package gazetteer

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed divisions.tsv
var divisionsTSV string

//go:embed extra.tsv
var extraTSV string

// Level is the tier of an administrative division.
type Level int

// The levels, from the top. The zero Level is none of them.
const (
	Province   Level = iota + 1 // 省级: provinces, autonomous regions, municipalities, SARs
	Prefecture                  // 地级: prefecture-level cities, prefectures, leagues, autonomous prefectures
	County                      // 县级: districts, counties, county-level cities, banners, functional areas
)

// String returns "province", "prefecture" or "county".
func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case Prefecture:
		return "prefecture"
	case County:
		return "county"
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// parseLevel is the inverse of Level.String.
func parseLevel(s string) (Level, error) {
	for l := Province; l <= County; l++ {
		if s == l.String() {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level %q", s)
}

// Place is an administrative division. The places of a Gazetteer are shared: do not modify them.
type Place struct {
	Code   string // the 6-digit division code, e.g. "440303"
	Name   string // the current full name, e.g. "罗湖区"
	Level  Level
	Parent *Place // nil for a province; the province for a county it governs directly (朝阳区 of 北京市, 仙桃市)
}

// Province returns the province-level place p lies in: p itself for a province.
func (p *Place) Province() *Place {
	for p != nil && p.Parent != nil {
		p = p.Parent
	}
	return p
}

// Within reports whether p is q or lies under q.
func (p *Place) Within(q *Place) bool {
	if q == nil {
		return false
	}
	for ; p != nil; p = p.Parent {
		if p == q {
			return true
		}
	}
	return false
}

// Short returns the name without its level suffix: 广东省 → 广东, 广西壮族自治区 → 广西,
// 延边朝鲜族自治州 → 延边, 罗湖区 → 罗湖, 慈溪市 → 慈溪. A short form has at least two runes, so
// a name such as 城区 or 矿区 is its own short form; so is the name of a functional area.
func (p *Place) Short() string {
	return short(p.Name, p.Code)
}

// Gazetteer is a set of places and an index of their names. Its methods are safe for concurrent
// use.
type Gazetteer struct {
	places []*Place            // by code
	byCode map[string]*Place   // code → place
	byName map[string][]*Place // full or former name → places, by code
	trie   trie
}

var defaultGazetteer = sync.OnceValue(func() *Gazetteer {
	g, err := load(divisionsTSV, extraTSV)
	if err != nil {
		panic(err) // the embedded data is checked by the tests
	}
	return g
})

// Default returns the gazetteer of the embedded data (divisions.tsv and extra.tsv), built on the
// first call.
func Default() *Gazetteer {
	return defaultGazetteer()
}

// Places returns every place, ordered by code.
func (g *Gazetteer) Places() []*Place { return slices.Clone(g.places) }

// Code returns the place of a 6-digit division code, or nil.
func (g *Gazetteer) Code(code string) *Place {
	return g.byCode[code]
}

// Named returns the places whose full name or former name is exactly name, ordered by code:
// Named("朝阳区") gives the districts of 北京市 and 长春市, Named("襄樊市") gives 襄阳市.
func (g *Gazetteer) Named(name string) []*Place {
	return slices.Clone(g.byName[name])
}

// Resolve picks among candidates (say, the places of one Mention) the one that lies within one of
// the context places (say, the places of the other mentions) or contains one: 朝阳区 with 北京市
// as context resolves to 110105. When several candidates are related to the context, only the
// ones that lie within it count. Resolve returns nil when no candidate, or more than one, is
// left.
func (g *Gazetteer) Resolve(candidates []*Place, context []*Place) *Place {
	var related, within []*Place
	for i, c := range candidates {
		if c == nil || slices.Contains(candidates[:i], c) {
			continue
		}
		rel, in := false, false
		for _, x := range context {
			switch {
			case x == nil:
			case c.Within(x):
				rel, in = true, true
			case x.Within(c):
				rel = true
			}
		}
		if rel {
			related = append(related, c)
		}
		if in {
			within = append(within, c)
		}
	}
	switch {
	case len(related) == 1:
		return related[0]
	case len(within) == 1:
		return within[0]
	}
	return nil
}

// Mention is a place name found in a text.
type Mention struct {
	Start, End int      // byte offsets of the name in the text
	Name       string   // the name as written: text[Start:End]
	Places     []*Place // the places the name may stand for, by code; shared: do not modify
	Short      bool     // Name is a short form (广东, 罗湖), not a full or former name
}

// Find returns every place name in text, left to right, without overlaps: full names, former
// names, and the short forms of all places (see Place.Short), marked Short. At each position the
// longest name wins, so a full name beats a short form that starts where it does; and a short form
// gives way to a full or former name that starts inside it and ends after it. Find does not look
// at word boundaries: short forms are often parts of other words or other names (中山大学, 城关镇,
// 江南), and the caller decides what to make of a Mention with Short set.
func (g *Gazetteer) Find(text string) []Mention {
	t := &g.trie
	var ms []Mention
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf { // no name starts with ASCII
			i++
			continue
		}
		// The first rune, decoded here for speed: most runes start no name.
		var r rune
		size := 3
		if c&0xF0 == 0xE0 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			if t.pairs != nil && i+5 < len(text) && text[i+3]&0xF0 == 0xE0 {
				r2 := rune(text[i+3]&0x0F)<<12 | rune(text[i+4]&0x3F)<<6 | rune(text[i+5]&0x3F)
				if bit := pairBit(r, r2); t.pairs[bit>>6]&(1<<(bit&63)) == 0 {
					i += 3
					continue
				}
			}
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		var n int32
		if r < 1<<16 {
			n = t.root[r&(1<<16-1)]
		} else {
			n = t.child(0, r)
		}
		if n <= 0 {
			i += size
			continue
		}
		end, v, short := t.walk(text, n, i+size, false)
		if end < 0 {
			i += size
			continue
		}
		if short {
			if j := t.fullAcross(text, i+size, end); j >= 0 {
				i = j
				continue
			}
		}
		ms = append(ms, Mention{Start: i, End: end, Name: text[i:end], Places: v, Short: short})
		i = end
	}
	return ms
}

// load parses divisions.tsv and extra.tsv and builds the index.
func load(divisions, extra string) (*Gazetteer, error) {
	g := &Gazetteer{byCode: map[string]*Place{}, byName: map[string][]*Place{}}
	parents := map[*Place]string{}
	aliases := map[string][]*Place{} // former name → places
	for _, f := range []struct {
		name, text string
		columns    int
	}{{"divisions.tsv", divisions, 4}, {"extra.tsv", extra, 5}} {
		for n, line := range strings.Split(f.text, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			p, parent, err := parseRow(line, f.columns)
			if err != nil {
				return nil, fmt.Errorf("gazetteer: %s:%d: %w", f.name, n+1, err)
			}
			if q := g.byCode[p.Code]; q != nil {
				if f.name == "divisions.tsv" {
					return nil, fmt.Errorf("gazetteer: %s:%d: code %s seen twice", f.name, n+1, p.Code)
				}
				// A former name of a place of the data.
				if p.Name == q.Name || parent != parents[q] || p.Level != q.Level {
					return nil, fmt.Errorf("gazetteer: %s:%d: former name %s of %s %s: want another name, parent %q and level %s", f.name, n+1, p.Name, q.Code, q.Name, parents[q], q.Level)
				}
				aliases[p.Name] = append(aliases[p.Name], q)
				continue
			}
			g.byCode[p.Code] = p
			g.places = append(g.places, p)
			parents[p] = parent
		}
	}
	for _, p := range g.places {
		if err := link(p, parents[p], g.byCode); err != nil {
			return nil, fmt.Errorf("gazetteer: %s %s: %w", p.Code, p.Name, err)
		}
	}
	slices.SortFunc(g.places, func(a, b *Place) int { return strings.Compare(a.Code, b.Code) })

	// The index: full names, former names, short forms.
	shorts := map[string][]*Place{}
	for _, p := range g.places {
		g.byName[p.Name] = append(g.byName[p.Name], p)
		if s := p.Short(); s != p.Name {
			shorts[s] = append(shorts[s], p)
		}
	}
	formers := map[string][]*Place{}
	for _, p := range g.places {
		if name := formerCounty(p); name != "" && len(g.byName[name]) == 0 {
			formers[name] = append(formers[name], p)
		}
	}
	for name, ps := range formers {
		if len(ps) == 1 && !slices.Contains(aliases[name], ps[0]) {
			// One place only: 桥西县, 市中县 would be several districts' and no county's
			// (全市中县域经济).
			aliases[name] = append(aliases[name], ps[0])
		}
	}
	for name, ps := range aliases {
		for _, p := range ps {
			g.byName[name] = append(g.byName[name], p)
			if s := short(name, p.Code); s != name {
				shorts[s] = append(shorts[s], p)
			}
		}
	}
	for _, m := range []map[string][]*Place{g.byName, shorts} {
		for name, ps := range m {
			slices.SortFunc(ps, func(a, b *Place) int { return strings.Compare(a.Code, b.Code) })
			m[name] = slices.Compact(ps)
		}
	}
	g.trie = buildTrie(g.byName, shorts)
	return g, nil
}

// formerCounty returns the name a county-level city or district most likely bore as a county
// (神木县 for 神木市, 邗江县 for 邗江区): most were made from the county of the same stem, and
// reports from before still use that name. "" for other places, and where the stem is one
// character (城区). A name several places would bear is left out by the caller.
func formerCounty(p *Place) string {
	if p.Level != County || !strings.HasSuffix(p.Name, "市") && !strings.HasSuffix(p.Name, "区") {
		return ""
	}
	stem := p.Name[:len(p.Name)-len("市")]
	if utf8.RuneCountInString(stem) < 2 || strings.HasSuffix(stem, "新") {
		return "" // 城区; 滨海新区, a new area
	}
	return stem + "县"
}

// parseRow parses one row: code, name, parent, level and, in extra.tsv, a note.
func parseRow(line string, columns int) (p *Place, parent string, err error) {
	f := strings.Split(line, "\t")
	if len(f) != columns {
		return nil, "", fmt.Errorf("%d columns, want %d", len(f), columns)
	}
	code, name, parent := f[0], f[1], f[2]
	level, err := parseLevel(f[3])
	if err != nil {
		return nil, "", err
	}
	if !isCode(code) {
		return nil, "", fmt.Errorf("code %q: not 6 digits", code)
	}
	if name == "" || !utf8.ValidString(name) || strings.TrimSpace(name) != name {
		return nil, "", fmt.Errorf("%s: bad name %q", code, name)
	}
	if (level == Province) != (parent == "") {
		return nil, "", fmt.Errorf("%s %s: a %s with parent %q", code, name, level, parent)
	}
	return &Place{Code: code, Name: name, Level: level}, parent, nil
}

// link sets p.Parent and checks that the codes of p and its parent agree.
func link(p *Place, parent string, byCode map[string]*Place) error {
	if p.Level == Province {
		if p.Code[2:] != "0000" {
			return errors.New("a province's code ends in 0000")
		}
		return nil
	}
	q := byCode[parent]
	if q == nil {
		return fmt.Errorf("no parent %s", parent)
	}
	p.Parent = q
	switch {
	case q.Level >= p.Level:
		return fmt.Errorf("a %s under the %s %s", p.Level, q.Level, q.Code)
	case p.Level == Prefecture && (q.Level != Province || p.Code[4:] != "00"):
		return fmt.Errorf("prefecture under %s %s, or code not ending in 00", q.Level, q.Code)
	case p.Level == County && q.Level == Province && p.Code[:2] != q.Code[:2],
		p.Level == County && q.Level == Prefecture && p.Code[:4] != q.Code[:4]:
		return fmt.Errorf("code not under the parent's %s", q.Code)
	case p.Level == County && p.Code[4:] == "00":
		return errors.New("county code ending in 00")
	}
	return nil
}

func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// functional reports whether code is a county code that the statistical bureau gives a
// functional area (development zone, new area): 71 to 79 as its last two digits.
func functional(code string) bool {
	return len(code) == 6 && code[4] == '7' && code[5] != '0'
}

// suffixes are the level suffixes short strips, tried in this order; the first that leaves at
// least two runes is stripped.
var suffixes = []string{"特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "矿区", "特区", "地区", "省", "市", "区", "县", "旗", "盟"}

// shortExceptions are the names whose short form the suffix rules get wrong.
var shortExceptions = map[string]string{
	"神农架林区": "神农架", // 林区 as a suffix would cut 万柏林区 to 万柏
}

// peoples are the ethnic groups that autonomous places name (民族), longest first; 各 is for 各族
// (龙胜各族自治县).
var peoples = func() []string {
	ps := strings.Fields(`柯尔克孜 乌孜别克 维吾尔 哈萨克 鄂伦春 鄂温克 达斡尔 塔吉克 塔塔尔 俄罗斯
		布依 朝鲜 土家 哈尼 傈僳 拉祜 东乡 纳西 景颇 仫佬 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 德昂 保安
		裕固 独龙 赫哲 门巴 珞巴 基诺 高山 蒙古
		回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京 各`)
	slices.SortStableFunc(ps, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return ps
}()

// short returns the short form of the name of the place with code (see Place.Short).
func short(name, code string) string {
	if functional(code) {
		return name
	}
	if s, ok := shortExceptions[name]; ok {
		return s
	}
	for _, suffix := range suffixes {
		stem, ok := strings.CutSuffix(name, suffix)
		if !ok {
			continue
		}
		if strings.HasPrefix(suffix, "自治") || strings.HasSuffix(stem, "族") { // 管城回族区 → 管城
			stem = stripPeoples(stem)
		}
		if utf8.RuneCountInString(stem) >= 2 {
			return stem
		}
		if suffix != "新区" && suffix != "矿区" { // 清新区 → 清新
			break
		}
	}
	return name
}

// stripPeoples strips the peoples from the end of the stem of an autonomous place's name:
// 峨边彝族 → 峨边, 双江拉祜族佤族布朗族傣族 → 双江, 新疆维吾尔 → 新疆, but 鄂温克族 → 鄂温克 and
// 内蒙古 stays: a stem keeps at least two runes.
func stripPeoples(stem string) string {
outer:
	for {
		s, withZu := strings.CutSuffix(stem, "族")
		for _, p := range peoples {
			if !withZu && utf8.RuneCountInString(p) < 2 {
				break // a lone one-rune people (藏 in 西藏) is part of the name
			}
			rest, ok := strings.CutSuffix(s, p)
			if !ok {
				continue
			}
			if utf8.RuneCountInString(rest) < 2 {
				return s // 鄂温克族 → 鄂温克, 东乡族 → 东乡
			}
			stem = rest
			continue outer
		}
		return stem
	}
}

// trie is the name index Find walks: one node per prefix of a name, the edges of a node sorted by
// rune.
type trie struct {
	root *[1 << 16]int32 // node of the one-rune prefix, by rune below 1<<16; 0 for none
	// pairs has the bit pairBit(a, b) set for the first two runes of every name; nil if a
	// name has one rune. Most places of a text start no name, and the bit tells so sooner
	// than the nodes do.
	pairs *[1 << 10]uint64
	nodes []node // nodes[0] is the root
	edges []edge
	vals  [][]*Place
}

type node struct {
	lo, hi      int32 // edges[lo:hi]
	full, short int32 // index in vals of the places of the name ending here, or -1
}

type edge struct {
	r  rune
	to int32
}

// buildTrie indexes full (full and former names) and shorts (short forms).
func buildTrie(full, shorts map[string][]*Place) trie {
	type bnode struct {
		kids        map[rune]*bnode
		full, short int32
	}
	newNode := func() *bnode { return &bnode{kids: map[rune]*bnode{}, full: -1, short: -1} }
	var t trie
	root := newNode()
	t.pairs = new([1 << 10]uint64)
	oneRune := false // a name of one rune: no pair tells where names start
	add := func(name string, ps []*Place, isShort bool) {
		if rs := []rune(name); len(rs) > 1 {
			bit := pairBit(rs[0], rs[1])
			t.pairs[bit>>6] |= 1 << (bit & 63)
		} else {
			oneRune = true
		}
		n := root
		for _, r := range name {
			k := n.kids[r]
			if k == nil {
				k = newNode()
				n.kids[r] = k
			}
			n = k
		}
		if isShort {
			n.short = int32(len(t.vals))
		} else {
			n.full = int32(len(t.vals))
		}
		t.vals = append(t.vals, ps)
	}
	for _, m := range []struct {
		names   map[string][]*Place
		isShort bool
	}{{full, false}, {shorts, true}} {
		names := make([]string, 0, len(m.names))
		for name := range m.names {
			names = append(names, name)
		}
		slices.Sort(names) // a stable layout
		for _, name := range names {
			add(name, m.names[name], m.isShort)
		}
	}

	if oneRune {
		t.pairs = nil
	}

	// Flatten breadth first.
	queue := []*bnode{root}
	t.nodes = append(t.nodes, node{})
	for i := 0; i < len(queue); i++ {
		b := queue[i]
		rs := make([]rune, 0, len(b.kids))
		for r := range b.kids {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		t.nodes[i] = node{lo: int32(len(t.edges)), hi: int32(len(t.edges) + len(rs)), full: b.full, short: b.short}
		for _, r := range rs {
			t.edges = append(t.edges, edge{r: r, to: int32(len(queue))})
			queue = append(queue, b.kids[r])
			t.nodes = append(t.nodes, node{})
		}
	}
	t.root = new([1 << 16]int32)
	for _, e := range t.edges[t.nodes[0].lo:t.nodes[0].hi] {
		if e.r < 1<<16 {
			t.root[e.r] = e.to
		}
	}
	return t
}

// pairBit returns the bit of pairs for a name that starts with a and b.
func pairBit(a, b rune) uint32 {
	return (uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77) >> 16
}

// child returns the node under n along r, or -1.
func (t *trie) child(n int32, r rune) int32 {
	if n == 0 && r < 1<<16 {
		if c := t.root[r&(1<<16-1)]; c != 0 {
			return c
		}
		return -1
	}
	es := t.edges[t.nodes[n].lo:t.nodes[n].hi]
	if len(es) <= 8 { // most nodes have one edge or a few
		for _, e := range es {
			if e.r == r {
				return e.to
			}
		}
		return -1
	}
	lo, hi := 0, len(es)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if es[m].r < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(es) && es[lo].r == r {
		return es[lo].to
	}
	return -1
}

// walk goes down from node n, reached at text[:pos], and returns the end of the longest name
// there and its places, or -1; a full name beats a short form of the same length; fullOnly
// ignores short forms.
func (t *trie) walk(text string, n int32, pos int, fullOnly bool) (end int, places []*Place, short bool) {
	end = -1
	for {
		nd := &t.nodes[n]
		switch {
		case nd.full >= 0:
			end, places, short = pos, t.vals[nd.full], false
		case nd.short >= 0 && !fullOnly:
			end, places, short = pos, t.vals[nd.short], true
		}
		if nd.lo == nd.hi || pos >= len(text) {
			return end, places, short
		}
		r, size := decode(text[pos:])
		if n = t.child(n, r); n < 0 {
			return end, places, short
		}
		pos += size
	}
}

// fullAcross returns the start of the first full name that starts inside text[from:end] and ends
// after end; or -1.
func (t *trie) fullAcross(text string, from, end int) int {
	for j := from; j < end; {
		r, size := decode(text[j:])
		if n := t.child(0, r); n > 0 {
			if e, _, _ := t.walk(text, n, j+size, true); e > end {
				return j
			}
		}
		j += size
	}
	return -1
}

// decode is utf8.DecodeRuneInString with a fast path for the three-byte runes of Chinese text.
// Overlong and surrogate forms decode to runes no name has, so they never match.
func decode(s string) (rune, int) {
	if len(s) >= 3 && s[0]&0xF0 == 0xE0 && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}
