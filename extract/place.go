package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/gazetteer"
)

// shortPlaces returns the places a short form stands for when the words after it make it a
// place's name (阿勒泰地委: 阿勒泰地区, not 阿勒泰市), or nil; n is the length of a word that is
// the name's own ending (湘西州: 州), which belongs to the name, else 0.
func shortPlaces(m gazetteer.Mention, after string, forms []config.ShortForm) (places []*gazetteer.Place, n int) {
	for _, f := range forms {
		if !strings.HasPrefix(after, f.Word) {
			continue
		}
		var out []*gazetteer.Place
		for _, p := range m.Places {
			if strings.HasSuffix(p.Name, f.Ending) {
				out = append(out, p)
			}
		}
		if len(out) != 1 {
			return nil, 0
		}
		if f.Word == f.Ending {
			n = len(f.Word)
		}
		return out, n
	}
	return nil, 0
}

// findPlace names the place a report is about from the gazetteer: every mention of a full (or
// former) name in the text counts, more in the opening lines and before the words of an issuer
// or a subject (统计局, 人民政府, 经济运行); a name that only qualifies the next one (广东省深圳市罗湖区)
// counts for the last; the area words the text repeats (全县, 全区, 全市, 全省) favour a place of that
// kind. Short forms (罗湖) count where they recur beside a related place or before the words
// of an issuer. A name shared by several places (朝阳区) is settled by the others the text
// names; when it cannot be, the name is returned without a place. candidates are the names
// seen, best first, for an error message.
func findPlace(gaz *gazetteer.Gazetteer, words *config.PlaceWords, text string, openingBytes int) (place *gazetteer.Place, name string, candidates []string) {
	if len(text) > 4<<10 {
		// The opening 4 KB name the place as often as the whole report would: titles,
		// issuers and the first review paragraphs stand there.
		text = text[:4<<10]
	}
	t := &tally{text: text, opening: openingBytes, scope: scopeRune(text, words), words: words,
		score: map[string]float64{}, byName: map[string][]*gazetteer.Place{}, inFull: map[string]bool{}}
	ms := gaz.Find(text)
	t.full(ms)
	t.shorts(ms)
	if len(t.score) == 0 {
		if p := t.shortOnly(); p != nil {
			return p, p.Name, []string{p.Name}
		}
		return nil, "", nil
	}
	names := t.ranked()
	name = t.smallest(names)
	cands := t.byName[name]
	if len(cands) == 1 {
		return cands[0], name, names
	}
	// The other places named settle a shared name (北京市朝阳区): not the candidates themselves.
	others := slices.DeleteFunc(slices.Clone(t.context), func(q *gazetteer.Place) bool { return slices.Contains(cands, q) })
	return gaz.Resolve(cands, others), name, names
}

// tally weighs the places a text names.
type tally struct {
	text    string
	words   *config.PlaceWords
	opening int  // bytes of the opening lines
	scope   rune // the kind of area the text calls itself (区 for 全区), or 0
	score   map[string]float64
	byName  map[string][]*gazetteer.Place
	context []*gazetteer.Place // every place named, for shared names
	inFull  map[string]bool    // the names the text writes in full, not only as short forms
	count   map[*gazetteer.Place]int
	fitted  []*gazetteer.Place // short forms several places share, settled by the area words
}

// full weighs the mentions of full names, and of short forms before an issuer's words.
func (t *tally) full(ms []gazetteer.Mention) {
	var under []*gazetteer.Place // the larger area the name before said this one lies in
	for i, m := range ms {
		addressed := under != nil
		if in := inside(m.Places, under); addressed && len(in) > 0 {
			m.Places = in // 北京市朝阳区: Beijing's, not Changchun's
		}
		under = nil
		full := !m.Short
		if m.Short {
			// 阿勒泰地委, 陕西实现: a short form stands for its place only before such words;
			// 全州 is the whole prefecture before it is 全州县.
			if isScopeWord(m.Name, t.words) {
				continue
			}
			var n int
			if m.Places, n = shortPlaces(m, t.text[m.End:], t.words.ShortForms); m.Places == nil {
				continue
			}
			m.End += n   // 湘西州统计局: the issuer's word stands after 州
			full = n > 0 // 黔西南州 names its kind as a full name does
		}
		if i+1 < len(ms) && ms[i+1].Start == m.End && !ms[i+1].Short && len(inside(ms[i+1].Places, m.Places)) > 0 {
			// 广东省深圳市罗湖区: the larger area only says where the next one lies.
			t.context = append(t.context, m.Places...)
			under = m.Places
			continue
		}
		w, ok := t.weight(m, addressed)
		if !ok {
			continue
		}
		n := m.Places[0].Name
		t.score[n] += w
		t.byName[n] = m.Places
		t.inFull[n] = t.inFull[n] || full
		t.context = append(t.context, m.Places...)
	}
}

// weight is what a mention of a name lends its place; ok is false for one that names none.
// addressed tells that the name stands right after the larger area it lies in (河北省石家庄市
// 赵县), which makes even a two-character name a place.
func (t *tally) weight(m gazetteer.Mention, addressed bool) (w float64, ok bool) {
	w = 1.0
	if m.Start < t.opening {
		w += 4 // the title, the issuing body, the byline
	}
	switch {
	case slices.Contains(t.words.CommonWords, m.Name):
		return 0, false // 老城区, 矿区: words before they are places
	case hasAnyPrefix(t.text[m.End:], t.words.Subjects):
		w += 3
	case utf8.RuneCountInString(m.Name) == 2 && !addressed:
		return 0, false // 提高县域 holds 高县: a two-character name counts only as an issuer or subject
	}
	if hasAnySuffix(t.text[:m.Start], t.words.Compared) {
		w = 0.5 // 根据上海市…核算, 增速与保山市…, 高于三亚市: another area is quoted
	}
	return w, true
}

// shorts counts the short forms that name one place (罗湖 for 罗湖区), twice in the opening
// lines, and lets those count that recur beside a related place or fit the area words: a
// report that never writes its own name in full still repeats it.
func (t *tally) shorts(ms []gazetteer.Mention) {
	t.count = map[*gazetteer.Place]int{}
	for _, m := range ms {
		if !m.Short || utf8.RuneCountInString(m.Name) < 2 || isScopeWord(m.Name, t.words) {
			continue
		}
		p := t.onePlace(m.Places)
		if p == nil {
			continue
		}
		if len(m.Places) > 1 {
			// 辽阳 for 辽阳市 by the area words: trusted only where the text names no place in
			// full (shortOnly), as 新兴 (新兴产业) would be anywhere.
			t.fitted = append(t.fitted, p)
			continue
		}
		t.count[p]++
		if m.Start < t.opening {
			t.count[p]++ // in the title or the lead
		}
	}
	for p, c := range t.count {
		related := slices.ContainsFunc(t.context, func(q *gazetteer.Place) bool { return p.Within(q) || q.Within(p) })
		if c >= 3 && related || c >= 2 && t.fits(p.Name) {
			t.score[p.Name] += float64(c) / 2
			t.byName[p.Name] = []*gazetteer.Place{p}
		}
	}
}

// onePlace returns the one place a short form stands for: the only one, or the only one of
// the kind of area the text calls itself (辽阳 in a text of 全市: 辽阳市, not 辽阳县).
func (t *tally) onePlace(places []*gazetteer.Place) *gazetteer.Place {
	if len(places) == 1 {
		return places[0]
	}
	var fit *gazetteer.Place
	for _, p := range places {
		if t.fits(p.Name) {
			if fit != nil {
				return nil
			}
			fit = p
		}
	}
	return fit
}

// shortOnly is the place of a text that names none in full: a short form it repeats (芜湖
// twice in a news item that speaks of 全市) of the kind the area words say, unless that is a
// short form several places share and one of a single place recurs as often.
func (t *tally) shortOnly() *gazetteer.Place {
	var alone *gazetteer.Place // the short form of one place counted most, three times or more
	for p, c := range t.count {
		if c >= 3 && (alone == nil || c > t.count[alone] || c == t.count[alone] && p.Code < alone.Code) {
			alone = p
		}
	}
	for _, p := range t.fitted {
		t.count[p] += 2
	}
	var best *gazetteer.Place
	for p, c := range t.count {
		if c >= 2 && t.fits(p.Name) && (best == nil || c > t.count[best] || c == t.count[best] && p.Code < best.Code) {
			best = p
		}
	}
	if best != nil && alone != nil && best != alone && slices.Contains(t.fitted, best) && t.count[alone] >= t.count[best] {
		// 新兴 (战略性新兴产业) fits 全区, but 济源, the short form of one place only, recurs
		// as often: it is the place.
		return alone
	}
	return best
}

// fits tells whether a name is of the kind of area the text calls itself.
func (t *tally) fits(name string) bool { return t.scope != 0 && lastRune(name) == t.scope }

// ranked returns the names weighed, best first, those of the text's kind of area favoured.
func (t *tally) ranked() []string {
	names := make([]string, 0, len(t.score))
	for n, s := range t.score {
		if t.fits(n) {
			t.score[n] = s * 1.25
		}
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(t.score[b], t.score[a]), strings.Compare(a, b))
	})
	return names
}

// smallest returns the report's place among the ranked names: a district's report names its
// city often (全市第一, 深圳市…), a city's report names each district now and then, so of a
// place and one within it that the text names half as often, the smaller one, unless the
// area words say the larger (全省 in a province's news naming its cities).
func (t *tally) smallest(names []string) string {
	name := names[0]
	if parent := t.listed(names); parent != "" {
		return parent
	}
	for _, n := range names[1:] {
		if t.fits(name) && !t.fits(n) {
			break
		}
		if t.score[n] >= t.score[name]/2 && within(t.byName[n], t.byName[name]) {
			return n
		}
	}
	return name
}

// listed returns the larger area the best-ranked place lies in when the text names it too and
// names two more places within it about as often, or names it in full and the best-ranked
// place only by its short form: 银川市…、石嘴山市…、吴忠市… in a report of 宁夏 are a list of its
// parts, not the report's place. Else "".
func (t *tally) listed(names []string) string {
	top := names[0]
	for _, parent := range names[1:] {
		if !within(t.byName[top], t.byName[parent]) {
			continue
		}
		alike, parts := 0, 0
		for _, n := range names[1:] {
			if n != parent && within(t.byName[n], t.byName[parent]) {
				parts++
				if t.score[n] >= t.score[top]*0.8 {
					alike++
				}
			}
		}
		if alike >= 2 || parts >= 2 && t.inFull[parent] && !t.inFull[top] {
			// 前三季度福建省…; 泉州GDP…、福州、厦门…、南平GDP…: parts named by their short forms
			// beside the larger area named in full are parts of its news.
			return parent
		}
	}
	return ""
}

// within reports whether every place of inner lies within one of outer.
// inside returns the places of inner that lie in one of outer (and are not it).
func inside(inner, outer []*gazetteer.Place) []*gazetteer.Place {
	var in []*gazetteer.Place
	for _, p := range inner {
		if slices.ContainsFunc(outer, func(q *gazetteer.Place) bool { return p != q && p.Within(q) }) {
			in = append(in, p)
		}
	}
	return in
}

func within(inner, outer []*gazetteer.Place) bool {
	for _, p := range inner {
		if !slices.ContainsFunc(outer, func(q *gazetteer.Place) bool { return p != q && p.Within(q) }) {
			return false
		}
	}
	return len(inner) > 0
}

// scopeRune returns the kind of area the text calls itself most (全县 → 县, 全区 → 区), if it
// says so at least twice; else 0. Area words of comparison (居全省前列, 高于全省) do not count.
func scopeRune(text string, w *config.PlaceWords) rune {
	count := map[rune]int{}
	for _, prefix := range w.Areas {
		for rest := text; ; {
			k := strings.Index(rest, prefix)
			if k < 0 {
				break
			}
			head := text[:len(text)-len(rest)+k]
			rest = rest[k+len(prefix):]
			r, size := utf8.DecodeRuneInString(rest)
			if !isAreaRune(r) || hasAnySuffix(head, w.Compared) || hasAnyPrefix(rest[size:], w.NotAfter) {
				continue
			}
			count[r]++
		}
	}
	best, n := rune(0), 1
	for r, c := range count {
		if c > n || c == n && r < best {
			best, n = r, c
		}
	}
	return best
}

// isAreaRune tells whether r ends the name of an area: 省, 市, 区, 县, 旗, 州, 盟.
func isAreaRune(r rune) bool { return strings.ContainsRune("省市区县旗州盟", r) }

// isScopeWord tells whether a short form is also an area word: 全州 is the whole prefecture
// before it is 全州县.
func isScopeWord(s string, w *config.PlaceWords) bool {
	for _, a := range w.Areas {
		if rest, ok := strings.CutPrefix(s, a); ok && utf8.RuneCountInString(rest) == 1 {
			r, _ := utf8.DecodeRuneInString(rest)
			return isAreaRune(r)
		}
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
