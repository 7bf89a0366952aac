package series

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Label names, in the sorted order every encoder writes them.
const (
	LabelBound      = "bound"
	LabelKind       = "kind"
	LabelPeriod     = "period"
	LabelRegion     = "region"
	LabelRegionCode = "region_code"
)

// MaxLabels is the most labels a series has, its name (__name__) included: the five of a
// report series and up to MaxExtra more of a derived series.
const MaxLabels = 6 + MaxExtra

// MaxExtra is the most labels Labels.Extra holds.
const MaxExtra = 8

// Pairs returns the labels that are set as name-value pairs sorted by name, and how many
// there are: bound and region_code only when not empty, then those of Extra in their place.
func (l *Labels) Pairs() (p [MaxLabels - 1][2]string, n int) {
	add := func(name, value string) {
		if value != "" {
			p[n] = [2]string{name, value}
			n++
		}
	}
	add(LabelBound, l.Bound)
	add(LabelKind, l.Kind)
	add(LabelPeriod, l.Period)
	add(LabelRegion, l.Region)
	add(LabelRegionCode, l.RegionCode)
	if l.Extra == "" {
		return p, n
	}
	for pair := range strings.SplitSeq(l.Extra, extraSep) {
		name, value, _ := strings.Cut(pair, "=")
		if value == "" || n == len(p) {
			continue
		}
		// Insert in name order: a handful of labels, so a plain insertion.
		i := n
		for i > 0 && p[i-1][0] > name {
			p[i] = p[i-1]
			i--
		}
		p[i] = [2]string{name, value}
		n++
	}
	return p, n
}

// extraSep separates the name=value pairs of Labels.Extra: a byte no label value holds.
const extraSep = "\x00"

// ExtraLabels builds Labels.Extra from name, value pairs: names are label names other than
// the five of a report series, values may be any text; pairs with an empty value are left
// out, and at most MaxExtra are kept.
func ExtraLabels(kv ...string) string {
	type pair struct{ name, value string }
	var ps []pair
	for i := 0; i+1 < len(kv) && len(ps) < MaxExtra; i += 2 {
		if kv[i+1] != "" {
			ps = append(ps, pair{kv[i], strings.ReplaceAll(kv[i+1], extraSep, "")})
		}
	}
	slices.SortFunc(ps, func(a, b pair) int { return strings.Compare(a.name, b.name) })
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString(extraSep)
		}
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}

// ExtraValue returns the value of the label name of Labels.Extra, "" if it has none.
func (l *Labels) ExtraValue(name string) string {
	for pair := range strings.SplitSeq(l.Extra, extraSep) {
		if n, v, ok := strings.Cut(pair, "="); ok && n == name {
			return v
		}
	}
	return ""
}

// Compare orders label sets as client_golang orders the series of one family: fewer labels
// first, then by the values in the order of the label names.
func Compare(a, b Labels) int {
	pa, na := a.Pairs()
	pb, nb := b.Pairs()
	return comparePairs(pa[:na], pb[:nb])
}

func comparePairs(pa, pb [][2]string) int {
	if len(pa) != len(pb) {
		return cmp.Compare(len(pa), len(pb))
	}
	for i := range pa {
		if c := cmp.Or(strings.Compare(pa[i][0], pb[i][0]), strings.Compare(pa[i][1], pb[i][1])); c != 0 {
			return c
		}
	}
	return 0
}

// SortByLabels returns the indexes 0..n-1 ordered by the labels of each (labels(i)) as
// Compare orders them, then by tie (nil: by index). Each index's labels are written once into
// a key that compares byte for byte as Compare does (the number of labels, then each name and
// value ended by a 0 byte, which no label holds), so that a comparison is one memory compare:
// a million series sort in a second rather than a minute.
func SortByLabels(n int, labels func(i int) *Labels, tie func(a, b int) int) []int {
	var keys []byte
	at := make([]int, n+1) // keys[at[i]:at[i+1]] is the key of i
	for i := range n {
		p, k := labels(i).Pairs()
		keys = append(keys, byte(k))
		for _, pair := range p[:k] {
			keys = append(append(keys, pair[0]...), 0)
			keys = append(append(keys, pair[1]...), 0)
		}
		at[i+1] = len(keys)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := bytes.Compare(keys[at[a]:at[a+1]], keys[at[b]:at[b+1]]); c != 0 {
			return c
		}
		if tie != nil {
			if c := tie(a, b); c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	return idx
}

// CompareSamples orders samples by name, labels (region first) and time: the order of the
// history.
func CompareSamples(a, b Sample) int { return a.Compare(&b) }

// Compare is CompareSamples without copying the samples, and stops at the first field that
// differs: sorting a national-scale history calls it tens of millions of times.
func (s *Sample) Compare(o *Sample) int {
	if c := strings.Compare(s.Name, o.Name); c != 0 {
		return c
	}
	if c := compareLabels(&s.Labels, &o.Labels); c != 0 {
		return c
	}
	return s.Time.Compare(o.Time)
}

// compareLabels orders labels field by field, region first: the order of CompareSamples.
func compareLabels(a, b *Labels) int {
	switch {
	case a.Region != b.Region:
		return strings.Compare(a.Region, b.Region)
	case a.RegionCode != b.RegionCode:
		return strings.Compare(a.RegionCode, b.RegionCode)
	case a.Kind != b.Kind:
		return strings.Compare(a.Kind, b.Kind)
	case a.Period != b.Period:
		return strings.Compare(a.Period, b.Period)
	case a.Bound != b.Bound:
		return strings.Compare(a.Bound, b.Bound)
	}
	return strings.Compare(a.Extra, b.Extra)
}

// AppendSeries appends name{bound="...",kind="...",...} and a space: the labels that are set,
// sorted by name, escaped as both the text format and OpenMetrics read them.
func AppendSeries(b []byte, name string, l *Labels) []byte {
	b = append(b, name...)
	b = append(b, '{')
	p, n := l.Pairs()
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendLabel(b, p[i][0], p[i][1])
	}
	return append(b, "} "...)
}

// AppendLabel appends name="value", the value escaped.
func AppendLabel(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, `="`...)
	b = AppendEscaped(b, value)
	return append(b, '"')
}

// AppendEscaped escapes a label value or an OpenMetrics help text: \\, \" and \n.
func AppendEscaped(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\\"\n") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '"':
			b = append(b, `\"`...)
		case '\n':
			b = append(b, `\n`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// AppendFloat formats a sample value as both text formats do: NaN, +Inf, -Inf, else the
// shortest decimal that reads back the same.
func AppendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, +1):
		return append(b, "+Inf"...)
	case math.IsInf(f, -1):
		return append(b, "-Inf"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// PeriodMonths returns the first and the last month of a period label "M-N" (1-6, 1-12, 4-6);
// ok is false, with both months 0, unless 1 <= M <= N <= 12.
func PeriodMonths(p string) (from, to int, ok bool) {
	a, b, found := strings.Cut(p, "-")
	from, to = month(a), month(b)
	if !found || from < 1 || from > to || to > 12 {
		return 0, 0, false
	}
	return from, to, true
}

// month reads one or two ASCII digits, or returns 0.
func month(s string) int {
	if len(s) == 0 || len(s) > 2 {
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
