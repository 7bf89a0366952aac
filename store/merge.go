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
	var m Merger
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

	idx       map[series.Key]int
	out       []series.Sample
	from      []origin // the document of out[i]
	conflicts []Conflict
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
		m.idx = map[series.Key]int{}
	}
	o := origin{r.Published, r.File}
	for _, d := range r.Duplicates {
		m.conflict(Conflict{Key: d.Kept.Key(), Kept: d.Kept, Dropped: d.Dropped}) // within one report
	}
	for _, s := range r.Samples {
		k := s.Key()
		i, ok := m.idx[k]
		switch {
		case !ok:
			m.idx[k] = len(m.out)
			m.out = append(m.out, s)
			m.from = append(m.from, o)
		case m.from[i].file == o.file:
			// The same document twice: its first sample stands.
		case o.after(m.from[i]):
			if m.out[i].Value != s.Value {
				m.conflict(Conflict{Key: k, Kept: s, Dropped: m.out[i]})
			}
			m.out[i], m.from[i] = s, o
		case m.out[i].Value != s.Value:
			m.conflict(Conflict{Key: k, Kept: m.out[i], Dropped: s})
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
	out := slices.Clone(m.out)
	SortSamples(out)
	return out, m.conflicts
}

// SortSamples orders samples by name, labels and time.
func SortSamples(s []series.Sample) { slices.SortFunc(s, series.CompareSamples) }
