package store

import (
	"fmt"
	"slices"
	"time"

	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
)

// Conflict is one observation that two documents gave different values for. Kept is the value
// of the document published later.
type Conflict struct {
	Key     series.Key
	Kept    series.Sample
	Dropped series.Sample
}

// String tells the conflict in one line: the series, its time, and the two values with their
// sources.
func (c Conflict) String() string {
	return fmt.Sprintf("%s %v at %s: %g from %s:%d replaces %g from %s:%d",
		c.Key.Name, c.Key.Labels, c.Kept.Time.In(series.China).Format(time.DateOnly),
		c.Kept.Value, c.Kept.Source.File, c.Kept.Source.Line,
		c.Dropped.Value, c.Dropped.Source.File, c.Dropped.Source.Line)
}

// Merge settles the samples of many documents into one sample per series and timestamp, in a
// stable order (name, labels, time). Where documents disagree the one published later wins
// (ties go to the later file name); equal values merge silently, changed values are returned as
// conflicts.
func Merge(results []*extract.Result) ([]series.Sample, []Conflict) {
	n := 0
	for _, r := range results {
		n += len(r.Samples)
	}
	// Room for every sample at once: at a million, growing the index and the slices as they
	// fill costs more than the merge.
	m := Merger{idx: make(map[observation]int, n), out: make([]series.Sample, 0, n),
		from: make([]origin, 0, n), sid: make([]int32, 0, n)}
	for _, r := range results {
		m.Add(r)
	}
	return m.Result()
}

// Merger merges documents one at a time, in any order, into what Merge gives: memory holds
// the distinct observations, not every document's samples.
type Merger struct {
	// OnConflict, if set, is told every conflict as it is met, and the merger keeps none: over
	// a large corpus revisions abound, and are better reported than held.
	OnConflict func(Conflict)

	// The index of out by observation. An observation is keyed by the number of its series
	// and its time rather than by series.Key: a national-scale history has a million
	// observations in some thirty thousand series, and a map of small keys stays in the cache.
	series    seriesNumbers
	idx       map[observation]int
	out       []series.Sample
	sid       []int32  // the series number of out[i]
	from      []origin // the document of out[i]
	conflicts []Conflict
}

// observation identifies a sample by its series number and time (Unix milliseconds, as
// series.Key has it).
type observation struct {
	series int32
	time   int64
}

// seriesNumbers numbers series (a sample's name and labels) in the order they are met.
type seriesNumbers struct {
	ids   map[seriesKey]int32
	first []int32 // the index of the first sample of each series, by number
}

type seriesKey struct {
	name   string
	labels series.Labels
}

// of returns the number of the series of s, the sample at index i, numbering it if new.
func (n *seriesNumbers) of(s *series.Sample, i int) int32 {
	if n.ids == nil {
		n.ids = map[seriesKey]int32{}
	}
	k := seriesKey{s.Name, s.Labels}
	id, ok := n.ids[k]
	if !ok {
		id = int32(len(n.first))
		n.ids[k] = id
		n.first = append(n.first, int32(i))
	}
	return id
}

// origin is the document a sample came from, as far as merging cares.
type origin struct {
	published time.Time
	file      string
}

func (o origin) after(p origin) bool {
	if c := o.published.Compare(p.published); c != 0 {
		return c > 0
	}
	return o.file > p.file
}

// Add merges the samples of one document.
func (m *Merger) Add(r *extract.Result) {
	if m.idx == nil {
		m.idx = map[observation]int{}
	}
	o := origin{r.Published, r.File}
	for _, d := range r.Duplicates {
		m.conflict(Conflict{Key: d.Kept.Key(), Kept: d.Kept, Dropped: d.Dropped}) // within one report
	}
	for _, s := range r.Samples {
		k := observation{m.series.of(&s, len(m.out)), s.Time.UnixMilli()} // out's next sample if new
		i, ok := m.idx[k]
		switch {
		case !ok:
			m.idx[k] = len(m.out)
			m.out = append(m.out, s)
			m.from = append(m.from, o)
			m.sid = append(m.sid, k.series)
		case m.from[i].file == o.file:
			// The same document twice: its first sample stands.
		case o.after(m.from[i]):
			if m.out[i].Value != s.Value {
				m.conflict(Conflict{Key: s.Key(), Kept: s, Dropped: m.out[i]})
			}
			m.out[i], m.from[i] = s, o
		case m.out[i].Value != s.Value:
			m.conflict(Conflict{Key: s.Key(), Kept: m.out[i], Dropped: s})
		}
	}
}

func (m *Merger) conflict(c Conflict) {
	if m.OnConflict != nil {
		m.OnConflict(c)
		return
	}
	m.conflicts = append(m.conflicts, c)
}

// Result returns the merged samples in a stable order (name, labels, time) and the conflicts
// met, in the order met (none when OnConflict took them).
func (m *Merger) Result() ([]series.Sample, []Conflict) {
	return bySeries(m.out, m.sid, m.series.first), m.conflicts
}

// SortSamples orders samples by name, labels and time.
func SortSamples(s []series.Sample) { copy(s, sorted(s)) }

// sorted returns a sorted copy of samples.
func sorted(samples []series.Sample) []series.Sample {
	var n seriesNumbers
	sid := make([]int32, len(samples))
	for i := range samples {
		sid[i] = n.of(&samples[i], i)
	}
	return bySeries(samples, sid, n.first)
}

// bySeries returns samples sorted, given the series number of each (sid) and a sample of each
// series (first). Strings are compared once per series, not per sample: the series are
// sorted, then the samples placed by their series' rank and, within one, ordered by time.
func bySeries(samples []series.Sample, sid, first []int32) []series.Sample {
	order := make([]int32, len(first)) // series ids, sorted
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return samples[first[a]].Compare(&samples[first[b]]) })
	// Place each sample in its series' slot (a counting sort by rank), then order each
	// series by time.
	start := make([]int, len(order)+1) // start[r]: where the series of rank r begins
	rank := make([]int32, len(order))
	for r, id := range order {
		rank[id] = int32(r)
	}
	for _, id := range sid {
		start[rank[id]+1]++
	}
	for r := range order {
		start[r+1] += start[r]
	}
	idx := make([]int32, len(samples))
	next := slices.Clone(start[:len(order)])
	for i, id := range sid {
		r := rank[id]
		idx[next[r]] = int32(i)
		next[r]++
	}
	out := make([]series.Sample, len(samples))
	for r := range order {
		part := idx[start[r]:start[r+1]]
		slices.SortFunc(part, func(a, b int32) int { return samples[a].Time.Compare(samples[b].Time) })
		for k, i := range part {
			out[start[r]+k] = samples[i]
		}
	}
	return out
}
