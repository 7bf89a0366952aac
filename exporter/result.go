package exporter

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Result is what one document gave: its samples and the sentences that named an indicator and
// carried a number but gave no sample.
type Result struct {
	File      string      // the report, as walked
	Region    string      // the region the document is about
	Published time.Time   // its publication date, or 1 January of its year when only that is known
	Samples   []Sample    // each observation once, the first the document gives
	Unmatched []Unmatched // for rule authors: what named an indicator but gave nothing

	regionless int // figures left out because the document's region is unknown
}

// Unmatched is a sentence that names a known indicator and carries a number but gave no sample.
type Unmatched struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Indicator string `json:"indicator"`
	Text      string `json:"text"`
}

// Conflict is one observation that two documents gave different values for. Kept is the value
// of the document published later.
type Conflict struct {
	Key     SeriesKey
	Kept    Sample
	Dropped Sample
}

// String tells the conflict in one line: the series, its time, and the two values with their
// sources.
func (c Conflict) String() string {
	return fmt.Sprintf("%s %v at %s: %g from %s:%d replaces %g from %s:%d",
		c.Key.Name, c.Key.Labels, c.Kept.Time.In(China).Format(time.DateOnly),
		c.Kept.Value, c.Kept.Source.File, c.Kept.Source.Line,
		c.Dropped.Value, c.Dropped.Source.File, c.Dropped.Source.Line)
}

// Merge settles the samples of many documents into one sample per series and timestamp, in a
// stable order (name, labels, time). Where documents disagree the one published later wins
// (ties go to the later file name); equal values merge silently, changed values are returned as
// conflicts.
func Merge(results []*Result) ([]Sample, []Conflict) {
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

	idx       map[SeriesKey]int
	out       []Sample
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
func (m *Merger) Add(r *Result) {
	if m.idx == nil {
		m.idx = map[SeriesKey]int{}
	}
	o := origin{r.Published, r.File}
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
func (m *Merger) Result() ([]Sample, []Conflict) {
	out := slices.Clone(m.out)
	SortSamples(out)
	return out, m.conflicts
}

// SortSamples orders samples by name, labels and time.
func SortSamples(s []Sample) { slices.SortFunc(s, compareSamples) }

// compareSamples is the order of SortSamples.
func compareSamples(a, b Sample) int {
	return cmp.Or(
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.Labels.Region, b.Labels.Region),
		cmp.Compare(a.Labels.Kind, b.Labels.Kind),
		cmp.Compare(a.Labels.Period, b.Labels.Period),
		cmp.Compare(a.Labels.Bound, b.Labels.Bound),
		a.Time.Compare(b.Time),
	)
}
